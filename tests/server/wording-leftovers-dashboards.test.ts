/**
 * The shipped charts' own words: a spec's title, description and series names are fixed text, shown
 * whatever day the page is as of, so they never call a month "to date", "so far" or "in progress"
 * (the Overview's month by service chart on the real 2018 store, as of 30 Nov, a month over, read
 * "Month to date by service" and "this month to date"). The page's caption names the span.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR } from '../../src/server/charts.ts';

describe('dashboards/*.vl.json', () => {
  it('no spec calls a month to date, so far or in progress', () => {
    const specs = readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.vl.json'));
    expect(specs.length).toBeGreaterThan(10);
    const claims = specs.flatMap((f) => [...readFileSync(join(DASHBOARDS_DIR, f), 'utf8').matchAll(/[^"]*\b(to date|so far|in progress)\b[^"]*/gi)].map((m) => `${f}: ${m[0]}`));
    expect(claims).toEqual([]);
  });

  it('the month by service chart: its title and series say which days, not "month to date"', () => {
    const spec = JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'month_to_date_by_service.vl.json'), 'utf8'));
    expect(spec.title).toBe('By service: days of this month against as many days before');
    expect(spec.encoding.color.scale.domain).toEqual(['days of this month', 'as many days before']);
  });
});
