/**
 * The forecast's run-rate needs MIN_FIT_DAYS (7) fitted days, the budgets' too (one rule, src/analyze/forecast/fit.ts); a
 * partial day of a delivery that has ended is never fitted with its own lines; the first note never calls a partial day
 * complete; a positive adjustment is not called a credit. The store: the legacy CUR of Nov 2023 (aws/123412340534, data to
 * 13 Nov 2023, usage to 04:00 on 14 Nov) and the FOCUS sample (1–30 Sep 2024), a gap between them, so the CUR has ended.
 *
 * Before: as of 2 Sep 2024 the forecast fitted a line through 1–2 Sep and gave BilledCost $0.17, range $0.17 – $0.17 (a
 * line through two days has no residual), and as of 3 Sep EffectiveCost −$0.15, against September's 20.5202 BilledCost;
 * with provisionalDays 0, as of 20 Nov 2023, it fitted 14 Nov ($0.0090675816 of the CUR's last hours) and projected
 * 4.073610 while its note said the day was "fitted without the lines of aws/123412340534"; as of 14 Nov it said "14 of 30
 * days complete" two lines above "2023-11-14 is a partial day"; a FOCUS adjustment of +$0.272 read "credit $0.272".
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastPeriodEnd, periodContaining, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { parseConfig } from '../../src/config.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, duckdbRows } from '../helpers/cli.ts';
import { focusMovedBack } from '../helpers/ended-delivery-files.ts';

type Json = Record<string, unknown>;

/**
 * By DuckDB on the legacy CUR: the least-squares line of its daily usage (Usage lines, BilledCost) over 1–13 Nov 2023,
 * carried over 15–30 Nov (each day floored at 0), to 6 decimals, and the usage of 14 Nov.
 */
async function legacyLineOver13Days() {
  const [r] = await duckdbRows(`WITH d AS (
      SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS c
      FROM read_csv($legacy, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' GROUP BY 1),
    fit AS (SELECT regr_slope(CAST(c AS DOUBLE), date_diff('day', DATE '2023-11-01', day)) AS b, regr_intercept(CAST(c AS DOUBLE), date_diff('day', DATE '2023-11-01', day)) AS a,
      count(*) AS n FROM d WHERE day <= DATE '2023-11-13')
    SELECT n, CAST(round((SELECT sum(greatest(0, a + b * x)) FROM range(14, 30) t(x)), 6) AS DECIMAL(38,6)) AS projected,
      CAST((SELECT c FROM d WHERE day = DATE '2023-11-14') AS VARCHAR) AS day14 FROM fit`, { legacy: REAL_LEGACY_CSV });
  return r;
}

describe('forecast: fewer than 7 fitted days, a partial day, the first note, credits and adjustments', () => {
  let db: string;
  let provisionalNone: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV, REAL_FOCUS]]);
    const dir = mkdtempSync(join(tmpdir(), 'costlens-fit-days-'));
    provisionalNone = join(dir, 'costlens.config.yaml');
    writeFileSync(provisionalNone, 'forecast:\n  provisionalDays: 0\n');
  }, 300_000);

  it.each([
    ['2024-09-02', 'from 2024-08-06 to 2024-09-02 only 2 days (1–2 Sep 2024) hold billing data to fit'],
    ['2024-09-03', 'from 2024-08-07 to 2024-09-03 only 3 days (1–3 Sep 2024) hold billing data to fit'],
    ['2024-09-06', 'from 2024-08-10 to 2024-09-06 only 6 days (1–6 Sep 2024) hold billing data to fit'],
  ])('as of %s, after the gap: no forecast, and why (it gave a range of zero width or a negative month)', async (asOf, days) => {
    const run = await costlens(db, 'forecast', '--as-of', asOf);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(`costlens: too few days to fit a run-rate on: ${days}, and a forecast needs at least 7: a line through fewer has no spread to make a band of and swings the month`);
  });

  it('as of 7 Sep 2024, 7 days after the gap: a forecast, its note "over 7 days"', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2024-09-07');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Usage run-rate: least-squares trend of daily usage (the usage charge class) over 7 days with data in 1–7 Sep 2024.');
  });

  it('a budget on the same days: no forecast under 7 days held in the fit window, one from 7 (the one rule)', () => {
    const config = parseConfig({}).forecast;
    const rows: ScopeDay[] = ['2024-09-01', '2024-09-02', '2024-09-03', '2024-09-04', '2024-09-05', '2024-09-06', '2024-09-07']
      .map((day, i) => ({ day, chargeClass: 'usage', service: 'S', units: BigInt(i + 1) * 10_000_000_000n }));
    const inputs = { rows, firstDataDay: '2024-09-01', horizon: '2024-09-30', provisionalFrom: null, config };
    const period = periodContaining('monthly', '2024-09-01');
    expect(forecastPeriodEnd(period, '2024-09-02', inputs)).toEqual({
      asOf: '2024-09-02', forecast: null,
      why: 'too few days to fit a run-rate on: from 2024-08-06 to 2024-09-02 the store holds only 2 days (1–2 Sep 2024), and a forecast needs at least 7',
    });
    // 1..7 a day on 1–7 Sep: the line is day + 1, so 8..30 on 8–30 Sep sum to 437, and the month holds 28.
    const seven = forecastPeriodEnd(period, '2024-09-07', inputs);
    expect(seven.forecast).toBe(465n * 10_000_000_000n);
  });

  it('provisionalDays 0, as of 20 Nov 2023: the partial 14 Nov is not fitted with the CUR\'s lines (it was, and the note said "without")', async () => {
    const [run, files] = await Promise.all([costlens(db, 'forecast', '--as-of', '2023-11-20', '--format', 'json', '--config', provisionalNone), legacyLineOver13Days()]);
    expect(run.code, run.stderr).toBe(0);
    const [billed] = JSON.parse(run.stdout) as Json[];
    expect(files.day14).toBe('0.0090675816');
    expect([billed.fitFrom, billed.fitTo, billed.fitDays, Number(files.n), billed.projectedUsage, files.projected])
      .toEqual(['2023-11-01', '2023-11-13', 13, 13, '5.862537', '5.862537']);
    expect(run.stderr).toContain('2023-11-14 is a partial day (the data of aws/123412340534 ends on 13 Nov 2023): counted in usage_actual and mtd_provisional, not fitted.');
  });

  it('as of 14 Nov 2023: 13 days complete and 1 partial, never "14 of 30 days complete"', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2023-11-14');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Month 2023-11 as of 14 Nov 2023 (given): 13 of 30 days complete and 1 partial (14 Nov 2023), 16 projected.');
  });

  it('as of 20 Nov 2023, days missing after the partial 14 Nov: "13 of 30 days complete and 1 partial (14 Nov 2023) in the store" (it read "14 of 30 days in the store")', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2023-11-20');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Month 2023-11 as of 20 Nov 2023 (given): 13 of 30 days complete and 1 partial (14 Nov 2023) in the store, 16 projected (6 missing, 10 after 20 Nov 2023). '
      + '15–20 Nov 2023 are missing (the store holds no billing data from 15 Nov 2023 to 31 Aug 2024): they are projected at the run-rate as the days after 20 Nov 2023 are, never counted as $0.00; ingest the missing billing files for their actual.');
  });

  it('a positive adjustment posted is named with the credits, as "credits and adjustments", not "credit"', async () => {
    const focus = await focusMovedBack(10);
    const [two, [sums]] = await Promise.all([
      cachedStore([[REAL_LEGACY_CSV, focus]]),
      duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS adjusted FROM read_parquet($focus)
        WHERE ChargeCategory IN ('Credit', 'Adjustment') AND ChargePeriodStart < TIMESTAMP '2023-11-20'`, { focus }),
    ]);
    const run = await costlens(two, 'forecast', '--as-of', '2023-11-19');
    expect(run.code, run.stderr).toBe(0);
    expect(sums.adjusted).toBe('0.2720000000');
    expect(run.stdout).toContain('posted_other: recurring fees, one-time charges, tax, credits and adjustments posted in 2023-11 so far (BilledCost: recurring $0.00, one-time $0.00, tax $0.08, credits and adjustments $0.272).');
  });
});
