/**
 * Forecasts on the store of the real 2018 CURs, the legacy CUR of Nov 2023 and the FOCUS sample.
 * A forecast of a month with no day left is what the month holds, on the real November 2018 CUR:
 * October posted an EC2 RI fee of 149.775379, November one of 147.384000, and a forecast that
 * still expected October's fee added the 2.391379 between them to a month already over. November
 * 2023's expects no fee or tax from October 2023, which lies in the gap between the 2018 CURs and
 * the legacy CUR: it said nothing of it (its expectations taken from a month the store does not hold).
 * October 2024's, from the FOCUS sample's usage ramping up through September, is a trend projected
 * far from the rate of its last 7 fitted days, which a note says (src/analyze/forecast/recent-rate.ts), and
 * the weekly e-mail's month section says in one line under its forecast (src/analyze/forecast/trend-caveat.ts):
 * 2024-W37's forecast of September as of the 15th, not 2024-W39's as of the 29th.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import type { CostlensError } from '../../src/errors.ts';
import { forecastMonthEnd, trendCaveat } from '../../src/analyze/forecast/index.ts';
import { billingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { monthFigures } from '../../src/report/month.ts';
import { monthLayoutSection } from '../../src/report/layout-month.ts';
import { parseIsoWeek } from '../../src/report/week.ts';

/** The store tests/server/commitments-real-files.test.ts and tests/commitments/invoice.test.ts read too. */
const INGESTS = [[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]] as const;
const EFFECTIVE = `CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END`;

describe('the forecast of November 2018 as of its last day, checked by DuckDB on the file', () => {
  let db: string;
  beforeAll(async () => { db = await cachedStore(INGESTS); });

  it('is the month as billed: 3505.326968 unblended, the effective cost as amortised, nothing expected on top', async () => {
    const [truth] = await duckdbRows(`SELECT CAST(sum(line_item_unblended_cost) AS DECIMAL(18, 6)) AS billed,
        CAST(sum(${EFFECTIVE}) AS DECIMAL(18, 6)) AS effective FROM read_parquet($file)`, { file: REAL_NOV_2018 });
    expect(truth.billed).toBe('3505.326968');
    const run = await costlens(db, 'forecast', '--as-of', '2018-11-30', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as Record<string, string | number>[];
    expect([billed.daysRemaining, billed.expectedOther, billed.forecast, billed.low, billed.high])
      .toEqual([0, '0.000000', truth.billed, truth.billed, truth.billed]);
    expect([effective.expectedOther, effective.forecast]).toEqual(['0.000000', truth.effective]);
  });
});

/** A 6-decimal string as integer micro-dollars, and back. */
const micro = (text: string) => BigInt(text.replace('.', ''));
const dollars = (units: bigint) => `${units / 1_000_000n}.${String(units % 1_000_000n).padStart(6, '0')}`;

/**
 * By DuckDB on the legacy CUR (every line Usage or Tax, so EffectiveCost is its UnblendedCost): its
 * usage and tax of 1–13 Nov 2023, and the usage run-rate (DuckDB's least-squares line, residual
 * quantiles type 7) fitted on the days from `fitFrom` to `fitTo` and summed over 14–30 Nov, each
 * day floored at 0, rounded once to the micro-dollar.
 */
async function legacyNovember(fitFrom: string, fitTo: string) {
  const [row] = await duckdbRows(`WITH lines AS (
      SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS day, "lineItem/LineItemType" AS type, CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) AS cost
      FROM read_csv($file, all_varchar = true)),
    usage AS (SELECT day, sum(cost) AS y FROM lines WHERE type = 'Usage' GROUP BY day),
    points AS (SELECT date_diff('day', CAST($fitFrom AS DATE), day) AS x, CAST(y AS DOUBLE) AS y FROM usage WHERE day BETWEEN CAST($fitFrom AS DATE) AND CAST($fitTo AS DATE)),
    fit AS (SELECT regr_slope(y, x) AS b, regr_intercept(y, x) AS a, count(*) AS n FROM points),
    band AS (SELECT quantile_cont(y - (a + b * x), 0.1) AS lo, quantile_cont(y - (a + b * x), 0.9) AS hi FROM points, fit),
    rest AS (SELECT date_diff('day', CAST($fitFrom AS DATE), CAST(d AS DATE)) AS x FROM generate_series(DATE '2023-11-14', DATE '2023-11-30', INTERVAL 1 DAY) AS t(d))
    SELECT (SELECT string_agg(DISTINCT type, ' ' ORDER BY type) FROM lines) AS types, (SELECT n FROM fit) AS fit_days,
      CAST(round((SELECT sum(y) FROM usage WHERE day <= DATE '2023-11-13'), 6) AS DECIMAL(38,6)) AS usage,
      CAST(round((SELECT sum(cost) FROM lines WHERE type = 'Tax' AND day <= DATE '2023-11-13'), 6) AS DECIMAL(38,6)) AS tax,
      CAST(round(sum(greatest(0, a + b * x)), 6) AS DECIMAL(38,6)) AS point,
      CAST(round(sum(greatest(0, a + b * x + lo)), 6) AS DECIMAL(38,6)) AS low,
      CAST(round(sum(greatest(0, a + b * x + hi)), 6) AS DECIMAL(38,6)) AS high
    FROM rest, fit, band`, { file: REAL_LEGACY_CSV, fitFrom, fitTo });
  return row;
}

describe('the forecast of November 2023 as of the 13th on the combined store: October 2023 lies in a gap, so nothing is expected from it', () => {
  let db: string;
  let legacy: string;
  beforeAll(async () => { [db, legacy] = [await cachedStore(INGESTS), await cachedStore([[REAL_LEGACY_CSV]])]; });
  const forecast = async (store: string) => {
    const run = await costlens(store, 'forecast', '--as-of', '2023-11-13', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    return { rows: JSON.parse(run.stdout) as Record<string, unknown>[], notes: run.stderr.split('\n') };
  };

  it('expects no fee or tax, as the legacy CUR alone does, and says why: October 2023 is not in the store (it said nothing, as if October were whole)', async () => {
    const [together, alone] = [await forecast(db), await forecast(legacy)];
    expect(together.notes).toContain('Expected charges: none, the month before (Oct 2023) is not in the store: the store holds no billing data from 1 Dec 2018 to 31 Oct 2023.');
    expect(together.notes.filter((n) => n.startsWith('Expected'))).toHaveLength(1);
    expect(alone.notes).toContain('Expected charges: none, the month before (Oct 2023) is not in the store: the store\'s billing data begins on 1 Nov 2023.');
    // 11–13 Nov 2023 are the legacy CUR's last 3 days, provisional against its own data horizon (13 Nov 2023), not the combined
    // store's (30 Sep 2024): left out of the fit together as alone (together it fitted 1–13 Nov, 13 days: 7.768462).
    const [fitTogether, fitAlone] = [await legacyNovember('2023-10-14', '2023-11-10'), await legacyNovember('2023-10-14', '2023-11-10')];
    expect([fitTogether.types, fitTogether.usage, fitTogether.tax, fitTogether.fit_days, fitAlone.fit_days]).toEqual(['Tax Usage', '1.593241', '0.080000', '10', '10']);
    const excluded = 'Excluded from the fit: 11–13 Nov 2023 (counted in usage_actual), treated as provisional: costlens counts them back from the data horizon (forecast.provisionalDays).';
    expect([together.notes.includes(excluded), alone.notes.includes(excluded)]).toEqual([true, true]);
    for (const [{ rows }, want, fitTo] of [[together, fitTogether, '2023-11-10'], [alone, fitAlone, '2023-11-10']] as const) {
      const mtd = micro(want.usage!) + micro(want.tax!);
      for (const row of rows) {
        expect([row.usageActual, row.postedOther, row.mtdActual, row.expectedOther, row.expectedCharges, row.fitTo])
          .toEqual([want.usage, want.tax, dollars(mtd), '0.000000', [], fitTo]);
        expect([row.projectedUsage, row.projectedRemaining, row.forecast, row.low, row.high])
          .toEqual([want.point, want.point, dollars(mtd + micro(want.point!)), dollars(mtd + micro(want.low!)), dollars(mtd + micro(want.high!))]);
      }
    }
    expect([together.rows[0].forecast, alone.rows[0].forecast]).toEqual(['8.915013', '8.915013']);
  });

  it('as of 15 Jun 2019, in the gap from 1 Dec 2018 to 31 Oct 2023, names the gap (it blamed provisional days from 28 Sep 2024)', async () => {
    const error = await withEngine(db, (engine) => forecastMonthEnd(engine, parseConfig({}).forecast, { asOf: '2019-06-15' })).then(() => null, (e: unknown) => e as CostlensError);
    expect([error?.message, error?.hint]).toEqual([
      'no billing data to fit a run-rate on: 19 May – 15 Jun 2019 are not in the store: the store holds no billing data from 1 Dec 2018 to 31 Oct 2023',
      'the run-rate is fitted on the 28 days up to --as-of (forecast.fitDays); give an --as-of whose days before it hold billing data (costlens status lists each billing period and its days)',
    ]);
  });
});

/**
 * By DuckDB on the FOCUS sample (every `Usage` line covers a day or less, so usage is ChargeCategory `Usage`): the exact usage of
 * 21–27 Sep 2024 in `measure`, and October's projected usage and band from the least-squares line fitted on 1–27 Sep (28–30 Sep
 * provisional), residual quantiles type 7 each kept on its side of the line, each October day floored at 0, rounded once to the micro-dollar.
 */
async function focusOctober(measure: 'BilledCost' | 'EffectiveCost') {
  const [row] = await duckdbRows(`WITH lines AS (
      SELECT CAST(CAST(ChargePeriodStart AS TIMESTAMP) AS DATE) AS day, ChargeCategory AS category,
        CAST(ChargePeriodEnd AS TIMESTAMP) - CAST(ChargePeriodStart AS TIMESTAMP) AS period, CAST(${measure} AS DECIMAL(38,10)) AS cost
      FROM read_csv($file, all_varchar = true, nullstr = 'NULL')),
    usage AS (SELECT day, sum(cost) AS y FROM lines WHERE category = 'Usage' GROUP BY day),
    points AS (SELECT date_diff('day', DATE '2024-09-01', day) AS x, CAST(y AS DOUBLE) AS y FROM usage WHERE day <= DATE '2024-09-27'),
    fit AS (SELECT regr_slope(y, x) AS b, regr_intercept(y, x) AS a, count(*) AS n FROM points),
    band AS (SELECT least(0, quantile_cont(y - (a + b * x), 0.1)) AS lo, greatest(0, quantile_cont(y - (a + b * x), 0.9)) AS hi FROM points, fit),
    october AS (SELECT date_diff('day', DATE '2024-09-01', CAST(d AS DATE)) AS x FROM generate_series(DATE '2024-10-01', DATE '2024-10-31', INTERVAL 1 DAY) AS t(d))
    SELECT (SELECT max(period) <= INTERVAL 1 DAY FROM lines WHERE category = 'Usage') AS daily, (SELECT n FROM fit) AS fit_days, (SELECT max(day) FROM lines) AS last_day,
      (SELECT sum(y) FROM usage WHERE day BETWEEN DATE '2024-09-21' AND DATE '2024-09-27') AS recent,
      CAST(round(sum(greatest(0, a + b * x)), 6) AS DECIMAL(38,6)) AS point,
      CAST(round(sum(greatest(0, a + b * x + lo)), 6) AS DECIMAL(38,6)) AS low,
      CAST(round(sum(greatest(0, a + b * x + hi)), 6) AS DECIMAL(38,6)) AS high
    FROM october, fit, band`, { file: REAL_FOCUS });
  return row;
}

describe('October 2024 as of 30 Sep on the store of every real file: the trend of the FOCUS sample\'s ramp runs far above its last week', () => {
  let db: string;
  beforeAll(async () => { db = await cachedStore(INGESTS); });

  it('says the month at the last 7 fitted days\' rate lies below the band (no level shift is found), in the notes and the JSON, and names the provisional days left out of the fit, in the summary and the daily view', async () => {
    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as Record<string, unknown>[];
    const [b, e] = [await focusOctober('BilledCost'), await focusOctober('EffectiveCost')];
    expect([b.daily, b.fit_days, b.recent, e.recent]).toEqual(['true', '27', '9.0101813286', '8.0000000000']);
    // Nothing held of October and nothing expected: the forecast is the projected usage, the band its edges.
    expect([billed.forecast, billed.low, billed.high, effective.forecast, effective.low, effective.high]).toEqual([b.point, b.low, b.high, e.point, e.low, e.high]);
    expect([billed.forecast, billed.low, effective.forecast, effective.low]).toEqual(['83.284077', '60.198693', '73.302253', '44.885597']);
    expect([billed.levelShift, effective.levelShift]).toEqual([null, null]);
    // BilledCost: 9.0101813286 / 7 = 1.2871687612… → 1.287169 a day; 31 × 1.287169 = 39.902239, below 60.198693. The trend:
    // 83.284077 / 31 = 2.6865831… → 2.686583 a day. EffectiveCost: 8 / 7 = 1.142857142… → 1.142857; 31 × 1.142857 = 35.428567,
    // below 44.885597; 73.302253 / 31 = 2.3645888… → 2.364589.
    const recent = { from: '2024-09-21', to: '2024-09-27', days: 7, estimatedDays: 31, outside: 'below' };
    expect([billed.recentRate, effective.recentRate]).toEqual([
      { ...recent, dailyMean: '1.287169', trendDailyMean: '2.686583', projectedUsage: '39.902239', monthAtThatRate: '39.902239' },
      { ...recent, dailyMean: '1.142857', trendDailyMean: '2.364589', projectedUsage: '35.428567', monthAtThatRate: '35.428567' },
    ]);
    const notes = run.stderr.split('\n');
    expect(notes).toContain('Recent rate (BilledCost): the last 7 fitted days (21–27 Sep 2024) ran at $1.287169 a day, the trend at $2.686583 a day on average over the 31 days still to estimate. '
      + 'At the recent rate those come to 31 × $1.287169 = $39.902239 of usage and the month to $39.902239 (no other charge expected), below the band\'s low edge of $60.198693; '
      + 'the forecast, $83.284077, keeps the trend.');
    // The rule once, after both measures' notes (each restated it, ~700 characters a note).
    expect(notes.filter((n) => n.startsWith('Recent rate')).map((n) => n.split(':')[0])).toEqual(['Recent rate (BilledCost)', 'Recent rate (EffectiveCost)', 'Recent rate, the rule']);
    expect(notes).toContain('Recent rate, the rule: the month at the mean rate of the last 7 fitted days (their usage ÷ 7, to the micro-dollar) is named when it lies below the band\'s low edge or above its high edge '
      + 'and 10 % or more of the forecast away from it; judged on at least 7 fitted days, when no level shift is found.');
    // The provisional days left out of the fit, the last 3 of September, before the month forecast: named and counted in unfittedDays (it said nothing of
    // them); provisionalDays counts the month's own, none of October's.
    // The data runs to 30 Sep 2024 (by DuckDB on the file); the fit ends 3 days before it.
    expect([b.last_day, billed.provisionalDays, billed.unfittedDays, effective.unfittedDays, billed.fitTo, billed.fitDays]).toEqual(['2024-09-30', 0, 3, 3, '2024-09-27', 27]);
    expect(notes).toContain('Excluded from the fit: 28–30 Sep 2024 (in 2024-09, before the month forecast), '
      + 'treated as provisional: costlens counts them back from the data horizon (forecast.provisionalDays).');
    // The daily view's rows are October's 31 days, all projected (28–30 Sep are no row of it): it names those days in the same note line.
    const daily = await costlens(db, 'forecast', '--daily');
    expect(daily.code, daily.stderr).toBe(0);
    const lines = daily.stdout.split('\n');
    expect(lines.filter((l) => /^2024-\d\d-\d\d /.test(l)).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(
      Array.from({ length: 31 }, (_, i) => `2024-10-${String(i + 1).padStart(2, '0')} projected`));
    expect(lines).toContain(notes.find((n) => n.startsWith('Excluded from the fit:')));
  });
});

describe('the weekly e-mail\'s month section on the store of every real file: one line when the forecast\'s trend runs far from the recent rate', () => {
  let db: string;
  beforeAll(async () => { db = await cachedStore(INGESTS); });
  const config = parseConfig({}).forecast;

  it('October 2024 as of 30 Sep (costlens forecast\'s default): the month at 21–27 Sep\'s rate, $39.90 against the forecast\'s $83.28', async () => {
    const f = await withEngine(db, (engine) => forecastMonthEnd(engine, config));
    // 1.287169 and 39.902239 (the test above, by DuckDB on the file), in cents.
    expect(trendCaveat(f.billed)).toBe('BilledCost: the forecast\'s trend runs above the rate of its last 7 fitted days (21–27 Sep 2024, $1.29 a day): '
      + 'at that rate the month would be $39.90. costlens forecast gives the rule and its evidence.');
  });

  it('2024-W37 (9–15 Sep) forecasts September as of the 15th with the line under its table, the figures by DuckDB on the file; 2024-W39 (as of the 29th) has none', async () => {
    // The usage of 9–15 Sep (7 days with usage) ÷ 7 to the micro-dollar, × the 15 days left; with all that 1–15 Sep holds (usage, credits, adjustments)
    // and nothing expected (August is not in the store): the month at that rate. In cents as the e-mail's table shows money.
    const [truth] = await duckdbRows(`WITH lines AS (
        SELECT CAST(CAST(ChargePeriodStart AS TIMESTAMP) AS DATE) AS day, ChargeCategory AS category, CAST(BilledCost AS DECIMAL(38,10)) AS cost
        FROM read_csv($file, all_varchar = true, nullstr = 'NULL')),
      recent AS (SELECT count(DISTINCT day) AS days, CAST(round(sum(cost) / 7, 6) AS DECIMAL(38,6)) AS mean FROM lines WHERE category = 'Usage' AND day BETWEEN DATE '2024-09-09' AND DATE '2024-09-15')
      SELECT days, mean, CAST(round(mean, 2) AS DECIMAL(38,2)) AS mean_cents,
        CAST(round((SELECT sum(cost) FROM lines WHERE day <= DATE '2024-09-15') + 15 * mean, 2) AS DECIMAL(38,2)) AS month_cents FROM recent`, { file: REAL_FOCUS });
    expect([truth.days, truth.mean, truth.mean_cents, truth.month_cents]).toEqual(['7', '0.635327', '0.64', '15.22']);
    const section = async (week: string) => withEngine(db, async (engine) => monthLayoutSection(await monthFigures(engine, config, parseIsoWeek(week), await billingDaySpan(engine), null)));
    const [w37, w39] = [await section('2024-W37'), await section('2024-W39')];
    expect(w37.title).toBe('Month to date: 2024-09');
    expect(w37.notes[0]).toMatch(/^Forecast as of 15 Sep 2024: /);
    expect(w37.notes[1]).toBe(`BilledCost: the forecast's trend runs above the rate of its last 7 fitted days (9–15 Sep 2024, $${truth.mean_cents} a day): `
      + `at that rate the month would be $${truth.month_cents}. costlens forecast --as-of 2024-09-15 gives the rule and its evidence.`);
    // As of 29 Sep the month at 21–27 Sep's rate lies inside the band ($21.16, $20.42 – $22.36): no line, the basis note alone.
    expect(w39.notes).toHaveLength(1);
    expect(w39.notes[0]).toMatch(/^Forecast as of 29 Sep 2024: /);
  });
});
