/**
 * The shipped charts' own words: a spec's title, description and series names are fixed text, shown
 * whatever day the page is as of, so they never call a month "to date", "so far" or "in progress"
 * (the Overview's month by service chart on the real 2018 store, as of 30 Nov, a month over, read
 * "Month to date by service" and "this month to date"). The page's caption names the span.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { packagePath } from '../../src/lib/package-root.ts';
import { monthToDateSpans } from '../../src/analyze/explain/index.ts';
import { withSpanLabels } from '../../src/server/chart-span-labels.ts';
import { DASHBOARDS_DIR } from '../../src/server/charts.ts';

const QUERIES_DIR = packagePath('queries');

describe('dashboards/*.vl.json', () => {
  it('no spec calls a month to date, so far or in progress', () => {
    const specs = readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.vl.json'));
    expect(specs.length).toBeGreaterThan(10);
    const claims = specs.flatMap((f) => [...readFileSync(join(DASHBOARDS_DIR, f), 'utf8').matchAll(/[^"]*\b(to date|so far|in progress)\b[^"]*/gi)].map((m) => `${f}: ${m[0]}`));
    expect(claims).toEqual([]);
  });

  it('the month by service chart: its title and series name the days compared (1–6 Dec 2026 against 1–6 Nov 2026), not "month to date"', () => {
    const spec = JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'month_to_date_by_service.vl.json'), 'utf8'));
    expect(spec.title).toBe('By service: {{current_days}} against {{previous_days}}');
    // Bound as of 6 Dec 2026 (the demo of `costlens demo --as-of 2026-12-07`): its legend read "days of this month / as many days before".
    const bound = withSpanLabels(spec, { as_of: '2026-12-06', cost: 'billed' }) as typeof spec;
    expect(bound.title).toBe('By service: 1–6 Dec 2026 against 1–6 Nov 2026');
    expect(bound.encoding.color.scale.domain).toEqual(['1–6 Dec 2026', '1–6 Nov 2026']);
    expect(bound.encoding.yOffset.sort).toEqual(['1–6 Dec 2026', '1–6 Nov 2026']);
    expect(bound.transform[1].calculate).toBe("datum.which === 'current_cost' ? '1–6 Dec 2026' : '1–6 Nov 2026'");
    // When the month before is shorter, as many days just before this month: 1–31 Oct against 31 Aug – 30 Sep.
    expect((withSpanLabels(spec, { as_of: '2026-10-31' }) as typeof spec).encoding.color.scale.domain).toEqual(['1–31 Oct 2026', '31 Aug – 30 Sep 2026']);
    expect(withSpanLabels(spec, {})).toBe(spec);
  });

  it('the spans it names (monthToDateSpans) are the ones its query compares: month_to_date_spans.cte.sql on DuckDB, every day of 2024 and 2025', async () => {
    const cte = readFileSync(join(QUERIES_DIR, 'calendar/month_to_date_spans.cte.sql'), 'utf8').replace(/^--.*$/gm, '');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`WITH days AS (SELECT CAST(d AS DATE) AS as_of FROM range(DATE '2024-01-01', DATE '2026-01-01', INTERVAL 1 DAY) t(d))
        SELECT CAST(as_of AS VARCHAR) AS as_of, ${['current_start', 'current_end', 'previous_start', 'previous_end'].map((c) => `CAST(${c} AS VARCHAR)`).join(', ')}
        FROM days, LATERAL (WITH ${cte.replaceAll('$as_of', 'days.as_of')} SELECT * FROM bounds) ORDER BY 1`);
      const rows = reader.getRows() as string[][];
      expect(rows.length).toBe(731);
      // monthToDateSpans (src/analyze/explain/spans.ts) is what withSpanLabels names; its charge bounds are half-open, as the CTE's.
      const spans = (asOf: string) => { const s = monthToDateSpans(asOf); return [asOf, s.current.range.chargeFrom, s.current.range.chargeTo, s.previous.range.chargeFrom, s.previous.range.chargeTo]; };
      expect(rows.map((r) => spans(r[0]))).toEqual(rows);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
