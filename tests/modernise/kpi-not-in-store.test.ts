/**
 * `costlens kpi`, its JSON and the KPI page name the days of their span that the store does not
 * hold, as `budgets` and `invoice` do (src/lib/store-days.ts). On every real file ingested together
 * (Oct–Nov 2018, the legacy CUR of 1–14 Nov 2023, the FOCUS sample of September 2024), kpi's
 * default span, 1 Jul – 30 Sep 2024, was headed as if the store held it all and listed 2024-09 rows
 * alone, saying nothing of July and August, which no file holds (restated here by DuckDB on the files).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiReport } from '../../src/analyze/kpi/efficiency.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { appOn } from '../server/helpers.ts';
import { pageHtml, textById } from '../server/real-files-pages.ts';

const EVERY_REAL_FILE = [[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]] as const;
const HEADING = 'Efficiency KPIs by month and account, 1 Jul – 30 Sep 2024 (the last day is the data horizon unless --as-of says otherwise)';
const GAP_2024 = 'the store holds no billing data from 15 Nov 2023 to 31 Aug 2024';
const SENTENCE = `1 Jul – 31 Aug 2024 are not in the store (${GAP_2024}): no row covers them.`;

describe('costlens kpi on every real file: the days of its span the store does not hold are named', () => {
  let db: string;
  let app: CostlensApp;
  beforeAll(async () => {
    db = await cachedStore(EVERY_REAL_FILE);
    app = appOn(db);
  }, 300_000);
  afterAll(() => app?.close());

  it('by DuckDB on the files: the legacy CUR\'s lines are charged up to 14 Nov 2023, the FOCUS sample\'s from 1 Sep 2024', async () => {
    const [legacy] = await duckdbRows(`SELECT CAST(CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) AS VARCHAR) AS last_day FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    const [focus] = await duckdbRows(`SELECT CAST(CAST(min(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) AS VARCHAR) AS first_day, CAST(CAST(max(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) AS VARCHAR) AS last_day
      FROM read_csv($file, nullstr = 'NULL', all_varchar = true)`, { file: REAL_FOCUS });
    // So 15 Nov 2023 to 31 Aug 2024 hold no billing data; of 1 Jul – 30 Sep 2024, the 31 + 31 days of July and August.
    expect([legacy.last_day, focus.first_day, focus.last_day]).toEqual(['2023-11-14', '2024-09-01', '2024-09-30']);
  });

  it('the table says under its heading that 1 Jul – 31 Aug 2024 are not in the store, and why (it said nothing of them)', async () => {
    const run = await costlens(db, 'kpi');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([HEADING, SENTENCE]);
  });

  it('the JSON carries them as budgets\' JSON does (notInStore: days, runs, why); csv and json say so on stderr', async () => {
    const json = await costlens(db, 'kpi', '--format', 'json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as KpiReport;
    expect([report.from, report.to, report.notInStore]).toEqual(['2024-07-01', '2024-09-30', { days: 62, runs: [{ first: '2024-07-01', last: '2024-08-31' }], why: GAP_2024 }]);
    expect([...new Set(report.rows.map((r) => r.month))]).toEqual(['2024-09']);
    expect(json.stderr.split('\n')[0]).toBe(`costlens: ${SENTENCE}`);
    const csv = await costlens(db, 'kpi', '--format', 'csv');
    expect([csv.code, csv.stderr.split('\n')[0]]).toEqual([0, `costlens: ${SENTENCE}`]);
  });

  it('a span across both gaps names each: --months 12 from 1 Oct 2023', async () => {
    const run = await costlens(db, 'kpi', '--months', '12', '--format', 'json');
    expect((JSON.parse(run.stdout) as KpiReport).notInStore).toEqual({
      days: 31 + 291, runs: [{ first: '2023-10-01', last: '2023-10-31' }, { first: '2023-11-15', last: '2024-08-31' }],
      why: 'the store holds no billing data from 1 Dec 2018 to 31 Oct 2023 and from 15 Nov 2023 to 31 Aug 2024',
    });
    expect((await costlens(db, 'kpi', '--months', '12')).stdout.split('\n')[1]).toBe('1–31 Oct 2023 and 15 Nov 2023 – 31 Aug 2024 are not in the store'
      + ' (the store holds no billing data from 1 Dec 2018 to 31 Oct 2023 and from 15 Nov 2023 to 31 Aug 2024): no row covers them.');
  });

  it('the KPI page says it under its days, in the command\'s words', async () => {
    const body = await pageHtml(app, '/kpi');
    expect(textById(body, 'p', 'kpi-days')).toBe('Charge days 1 Jul – 30 Sep 2024 (up to the data horizon), by billing month; the same figures as costlens kpi --by account --months 3 .');
    expect(textById(body, 'p', 'kpi-not-in-store')).toBe(SENTENCE);
    expect(body.indexOf('id="kpi-not-in-store"')).toBeGreaterThan(body.indexOf('id="kpi-days"'));
  });

  it('a span the store holds every day of says nothing: --months 1 (1–30 Sep 2024), --as-of 2023-11-13 --months 1, and the page of one month', async () => {
    const september = await costlens(db, 'kpi', '--months', '1', '--format', 'json');
    expect((JSON.parse(september.stdout) as KpiReport).notInStore).toBeNull();
    expect(september.stderr).not.toContain('not in the store');
    const november = await costlens(db, 'kpi', '--as-of', '2023-11-13', '--months', '1');
    expect([november.code, november.stdout.split('\n').slice(0, 2)]).toEqual([0,
      ['Efficiency KPIs by month and account, 1–13 Nov 2023 (the last day is the data horizon unless --as-of says otherwise)', '']]);
    expect(await pageHtml(app, '/kpi?months=1')).not.toContain('kpi-not-in-store');
  });
});

describe('costlens kpi on a store holding every day of its span (the real 2018 CURs): nothing is named', () => {
  it('no line under the heading, notInStore null, nothing on stderr; nor on the page', async () => {
    const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const table = await costlens(db, 'kpi');
    expect([table.code, table.stderr, table.stdout.split('\n').slice(0, 2)]).toEqual([0, '',
      ['Efficiency KPIs by month and account, 1 Oct – 30 Nov 2018 (the last day is the data horizon unless --as-of says otherwise)', '']]);
    const json = await costlens(db, 'kpi', '--format', 'json');
    expect([json.stderr, (JSON.parse(json.stdout) as KpiReport).notInStore]).toEqual(['', null]);
    const app = appOn(db);
    try {
      expect(await pageHtml(app, '/kpi')).not.toContain('kpi-not-in-store');
    } finally {
      await app.close();
    }
  });
});
