/**
 * A commitment's fee is expected at its hourly rate in the reference month (the fee ÷ the hours its
 * term ran there, from its start or the month's to its end or the month's) × the hours its term
 * runs in the month forecast, as AWS bills it. On the real October 2018 CUR an RI bought on 9 Oct
 * 2018 21:40:47 is billed 6.257779 for 530.320278 hours; November bills it 8.496 for 720. The
 * forecast of November from October expected it at October's partial 6.257779, and every other
 * term's fee at October's 31 days (143.5176, where November bills 138.888 for 30): 149.775379 where
 * November's file bills 147.384. It now expects 147.384000 (EffectiveCost 48.957919, not 48.995561);
 * December from November, 147.384 × 744 h / 720 h = 152.296800, not 147.384000. The budgets' period
 * forecast expects a month's fee by the same exact code, to the unit. Figures are made here by
 * DuckDB on the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exactFeeOfLines, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { forecastMonthEnd, roundedUnits } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { runQuery } from '../../src/engine/query-types.ts';
import { divideRounded, numberOfUnits, toUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows } from '../helpers/cli.ts';

type Json = Record<string, string | number | null>;

const EFFECTIVE = `CASE line_item_line_item_type
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END`;

/**
 * By DuckDB on `file` (one month's CUR, from `month`): its RI fees, and each at its rate (fee ÷ the
 * hours its term ran in the month) × the hours its term runs in the month after, to `places`
 * decimals; the term bought inside the month alone, and the hours it ran.
 */
async function feesByTermHours(file: string, month: string, places = 6) {
  const [row] = await duckdbRows(`WITH fees AS (
      SELECT CAST(line_item_unblended_cost AS DOUBLE) AS billed, CAST(${EFFECTIVE} AS DOUBLE) AS effective,
        CAST(reservation_start_time AS TIMESTAMP) AS term_start, CAST(reservation_end_time AS TIMESTAMP) AS term_end,
        CAST($month AS TIMESTAMP) AS m_start, CAST($month AS TIMESTAMP) + INTERVAL 1 MONTH AS m_end, CAST($month AS TIMESTAMP) + INTERVAL 2 MONTH AS next_end
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'),
    hours AS (
      SELECT *, epoch_ms(least(term_end, m_end)) - epoch_ms(greatest(term_start, m_start)) AS ran,
        greatest(epoch_ms(least(term_end, next_end)) - epoch_ms(greatest(term_start, m_end)), 0) AS runs
      FROM fees)
    SELECT CAST(round(sum(billed), 6) AS DECIMAL(38,6)) AS billed, CAST(round(sum(effective), 6) AS DECIMAL(38,6)) AS effective,
      CAST(round(sum(billed / ran * runs), ${places}) AS DECIMAL(38,${places})) AS billed_next, CAST(round(sum(effective / ran * runs), 6) AS DECIMAL(38,6)) AS effective_next,
      CAST(round(sum(billed / ran * runs) FILTER (WHERE term_start > m_start), 6) AS DECIMAL(38,6)) AS bought_next,
      CAST(round(sum(ran) FILTER (WHERE term_start > m_start) / 3600000, 6) AS DECIMAL(38,6)) AS bought_hours
    FROM hours`, { file, month });
  return row;
}

/**
 * By DuckDB on `file` (October 2018's CUR): the RIs' EffectiveCost (their unused hours), exactly, of the terms running all the
 * month and of those bought in it, and each for November's hours (30/31 of October's; the bought one's 720 of the hours it ran).
 */
async function effectiveParts(file: string) {
  const [row] = await duckdbRows(`WITH fees AS (
      SELECT CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)) + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10)) AS effective,
        CAST(reservation_start_time AS TIMESTAMP) AS term_start
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee')
    SELECT sum(effective) FILTER (WHERE term_start <= TIMESTAMP '2018-10-01') AS whole,
      CAST(round(sum(effective) FILTER (WHERE term_start <= TIMESTAMP '2018-10-01') * 30 / 31, 6) AS DECIMAL(38,6)) AS whole_next,
      sum(effective) FILTER (WHERE term_start > TIMESTAMP '2018-10-01') AS bought,
      CAST(round(sum(CAST(effective AS DOUBLE) * 2592000000 / (epoch_ms(TIMESTAMP '2018-11-01') - epoch_ms(term_start))) FILTER (WHERE term_start > TIMESTAMP '2018-10-01'), 6) AS DECIMAL(38,6)) AS bought_next
    FROM fees`, { file });
  return row;
}

/** By DuckDB on `file`: its RI fees billed (unblended) and amortised, as posted. */
async function postedFees(file: string) {
  const [row] = await duckdbRows(`SELECT CAST(round(sum(line_item_unblended_cost), 6) AS DECIMAL(38,6)) AS billed, CAST(round(sum(${EFFECTIVE}), 6) AS DECIMAL(38,6)) AS effective
    FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'`, { file });
  return row;
}

describe('a term bought in the reference month (the real October 2018 CUR alone: the forecast of November)', () => {
  let db: string;
  beforeAll(async () => { db = await cachedStore([[REAL_OCT_2018]]); }, 180_000);

  it('expects the RI bought on 9 Oct 21:40:47 for all of November\'s 720 hours (8.496000), the others for 720 of October\'s 744: 147.384000, what November bills', async () => {
    const want = await feesByTermHours(REAL_OCT_2018, '2018-10-01');
    expect([want.billed, want.effective, want.bought_hours]).toEqual(['149.775379', '48.995561', '530.320278']);
    expect([want.billed_next, want.effective_next, want.bought_next]).toEqual(['147.384000', '48.957919', '8.496000']);
    // What November's file bills: the same 147.384 (its amortised fee moves with the RIs' use, which the forecast cannot know).
    expect((await postedFees(REAL_NOV_2018)).billed).toBe('147.384000');

    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as Json[];
    expect([billed.month, billed.asOf, billed.expectedOther, effective.expectedOther]).toEqual(['2018-11', '2018-10-31', want.billed_next, want.effective_next]);
    // By hand: 6.257779 ÷ 530.320278 h (1,909,153,000 ms) = 6.257779 × 3,600 ÷ 1,909,153 = 0.01179999947… an hour (a hair under 0.0118),
    // × 720 h = 8.4959996229… (8.496000); the other terms' 149.775379 − 6.257779 = 143.5176 × 720 h / 744 h = 138.888.
    // The note writes money as the table does where a figure is whole cents, else with its decimals exactly (it wrote 147.384000), and the
    // rate as a decimal rounded for reading, $0.0118/h (× 720 h = 8.496), with where it comes from: the fee over the hours its term ran
    // in October, as the bill gives them (it wrote $(22528.0044/1909153)/h, a fraction of dollar-seconds over seconds).
    expect(run.stderr).toContain('Expected: Amazon Elastic Compute Cloud (recurring): BilledCost $147.384 at month end, $147.384 still to post (posts once a month: $149.775379 in 2018-10; '
      + `$138.888 for the terms running all month: $143.5176 × 720 h / 744 h; $8.496 for a term from 9 Oct 2018 21:40 UTC: $0.0118/h ($6.257779 over the ${want.bought_hours} h it ran in 2018-10) × 720 h `
      + "(AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term); $0.00 posted); EffectiveCost ");
    // The JSON's basis keeps the rate to 10 decimals: 0.0117999995/h × 720 h = 8.49599964 (8.496000).
    expect((billed.expectedCharges as unknown as { basis: string }[])[0].basis).toContain(`8.496000 for a term from 9 Oct 2018 21:40 UTC: 0.0117999995/h (6.257779 over the ${want.bought_hours} h it ran in 2018-10) × 720 h`);

    // EffectiveCost (the RIs' unused hours, which accrue) names every part, as BilledCost does, so that they add up to the figure:
    // the terms running all month 45.03878169 × 30/31 = 43.585918 and the RI bought on 9 Oct 5.372001, 48.957919. It named only the
    // second beside October's 48.995561 scaled to 30 days (48.995561 × 30/31 + 5.372001 = 52.78706, not the figure).
    const parts = await effectiveParts(REAL_OCT_2018);
    expect(parts).toEqual({ whole: '45.0387816900', whole_next: '43.585918', bought: '3.9567791000', bought_next: '5.372001' });
    expect(toUnits(parts.whole_next!) + toUnits(parts.bought_next!)).toBe(toUnits(want.effective_next!));
    expect(run.stderr).toContain('EffectiveCost $48.957919 at month end, $48.957919 still to post (unused reservation hours, which post as they pass: accrues daily: '
      + '$48.995561 over 2018-10, scaled to 30 days; $43.585918 for the terms running all month: $45.03878169 × 30/31; $5.372001 for a term from 9 Oct 2018 21:40 UTC: '
      + `$0.007461112/h ($3.9567791 over the ${want.bought_hours} h it ran in 2018-10) × 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term); $0.00 posted).`);
    expect((effective.expectedCharges as unknown as { basis: string }[])[0].basis).toBe('unused reservation hours, which post as they pass: accrues daily: 48.995561 over 2018-10, scaled to 30 days; '
      + `43.585918 for the terms running all month: 45.03878169 × 30/31; 5.372001 for a term from 9 Oct 2018 21:40 UTC: 0.0074611122/h (3.9567791 over the ${want.bought_hours} h it ran in 2018-10) × 720 h `
      + "(AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
  }, 60_000);

  it('the budgets\' period forecast expects the same fee to the unit, by the same code, from the rows it reads', async () => {
    const want = await feesByTermHours(REAL_OCT_2018, '2018-10-01', 10);
    const { forecast, lines } = await withEngine(db, async (engine) => ({
      forecast: await forecastMonthEnd(engine, forecastConfigSchema.parse({})),
      lines: (await runQuery(engine, 'budgets/scope_daily_spend', { from: '2018-10-01', to: '2018-11-01' }))
        .filter((r) => r.charge_class === 'recurring' && r.service === 'Amazon Elastic Compute Cloud')
        .map((r): ScopeDay => ({ day: r.day!, chargeClass: 'recurring', service: r.service!, cost: numberOfUnits(r.billed_cost), units: r.billed_cost ?? 0n, commitmentStart: r.commitment_start, commitmentEnd: r.commitment_end })),
    }));
    const fee = forecast.billed.expected.find((e) => e.service === 'Amazon Elastic Compute Cloud')!;
    // By hand, exactly: 138.888 + 6.257779 × 2,592,000,000 ms (720 h) / 1,909,153,000 ms (530.3202777… h): the rate is a hair under 0.0118/h.
    expect(want.billed_next).toBe('147.3839996229');
    expect(toUnits(want.billed_next!)).toBe(toUnits('138.888') + divideRounded(toUnits('6.257779') * 2_592_000_000n, 1_909_153_000n));
    expect(fee.expected).toBe(toUnits(want.billed_next!));
    expect(roundedUnits(exactFeeOfLines(lines, { from: '2018-10-01', to: '2018-10-31' }, { from: '2018-11-01', to: '2018-11-30' }))).toBe(toUnits(want.billed_next!));
  }, 60_000);
});

describe('a 30-day reference month before a 31-day one (the real October and November 2018 CUR: the forecast of December)', () => {
  let db: string;
  let run: Awaited<ReturnType<typeof costlens>>;
  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    run = await costlens(db, 'forecast', '--format', 'json');
  }, 180_000);

  it('expects November\'s RI fees for December\'s 744 hours: 152.296800, not 147.384000', async () => {
    const want = await feesByTermHours(REAL_NOV_2018, '2018-11-01');
    expect([want.billed, want.effective, want.bought_next]).toEqual(['147.384000', '43.216438', null]);
    expect([want.billed_next, want.effective_next]).toEqual(['152.296800', '44.656986']);
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as Json[];
    expect([billed.month, billed.asOf, billed.expectedOther, effective.expectedOther]).toEqual(['2018-12', '2018-11-30', want.billed_next, want.effective_next]);
    expect(run.stderr).toContain('Expected: Amazon Elastic Compute Cloud (recurring): BilledCost $152.2968 at month end, $152.2968 still to post (posts once a month: $147.384 in 2018-11; '
      + "$152.2968 for the terms running all month: $147.384 × 744 h / 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term); $0.00 posted); EffectiveCost ");
  }, 60_000);

  /*
   * Usage stepped down on 21 Nov (~152 a day to ~50) and again on 25 Nov (to ~9.67), the last three days (28–30 Nov) being
   * provisional: the least-squares trend fitted on 31 Oct – 27 Nov slopes through the steps, to 0 by 5 Dec. Figures by
   * DuckDB's regr_slope, regr_intercept and quantile_cont on the store's daily usage.
   */
  it('the band: low and high are month-end totals; its projected usage is 0.000000 to 922.404150 around 160.608637, each day at the trend + the 10th/90th percentile of the residuals', async () => {
    const [want] = await sqlRows(db, `${FIT_DAYS}
      SELECT CAST(round(any_value(lo), 6) AS DECIMAL(38,6)) AS below, CAST(round(any_value(hi), 6) AS DECIMAL(38,6)) AS above,
        CAST(round(sum(greatest(0, i + s * x)), 6) AS DECIMAL(38,6)) AS point,
        CAST(round(sum(greatest(0, i + s * x + least(lo, 0))), 6) AS DECIMAL(38,6)) AS usage_low,
        CAST(round(sum(greatest(0, i + s * x + greatest(hi, 0))), 6) AS DECIMAL(38,6)) AS usage_high
      FROM (SELECT regr_slope(y, x) AS s, regr_intercept(y, x) AS i FROM fitted) fit,
        (SELECT quantile_cont(y - (i + s * x), 0.1) AS lo, quantile_cont(y - (i + s * x), 0.9) AS hi FROM fitted, (SELECT regr_slope(y, x) AS s, regr_intercept(y, x) AS i FROM fitted)) band,
        (SELECT unnest(range(31, 62)) AS x) december`);
    expect([want.below, want.above, want.point, want.usage_low, want.usage_high]).toEqual(['-42.699584', '55.762718', '160.608637', '0.000000', '922.404150']);
    const [billed] = JSON.parse(run.stdout) as Json[];
    expect([billed.projectedUsage, billed.projectedUsageLow, billed.projectedUsageHigh]).toEqual([want.point, want.usage_low, want.usage_high]);
    // low and high add the expected RI fee (152.296800) as forecast does: the forecast 312.905437 sits between them; the projected usage
    // (160.61) is not what low (152.30) bounds, which read as a low above the projection. The note says so.
    expect([billed.forecast, billed.low, billed.high]).toEqual(['312.905437', '152.296800', '1074.700950']);
    expect(run.stderr).toContain('Band: low and high are month-end totals, as forecast is (mtd_actual + expected_other + the band\'s projected usage), not edges of projected_usage.');
    expect(run.stderr).toContain('BilledCost -$42.699584 and +$55.762718 a day, projected usage $0.00 to $922.40415 around projected_usage $160.608637');
  });

  it('a level shift: the last 7 fitted days all below the band of the trend of the 21 before them; usage at 9.667070 a day since 25 Nov, December at that rate 451.975970, the forecast kept', async () => {
    const levelSql = `${FIT_DAYS},
        reference AS (SELECT regr_slope(y, x) AS s, regr_intercept(y, x) AS i FROM fitted WHERE day <= DATE '2018-11-20'),
        spread AS (SELECT quantile_cont(y - (i + s * x), 0.1) AS lo, min(y - (i + s * x)) AS least, max(y - (i + s * x)) AS most
          FROM fitted, reference WHERE day <= DATE '2018-11-20'),
        recent AS (SELECT avg(y) AS level, sum(exact) AS total FROM fitted WHERE day >= DATE '2018-11-25'),
        judged AS (SELECT i + s * x + least(lo, 0) AS edge, i + s * x + least(lo, 0) - y AS beyond FROM fitted, reference, spread WHERE day > DATE '2018-11-20')
      SELECT (SELECT list(CAST(round(v, 6) AS DECIMAL(38,6))) FROM (SELECT unnest([min(edge), max(edge), min(beyond), max(beyond)]) AS v FROM judged)) AS edges_beyond,
        (SELECT [CAST(round(least, 6) AS DECIMAL(38,6)), CAST(round(most, 6) AS DECIMAL(38,6))] FROM spread) AS spread,
        (SELECT CAST(round(y - level, 6) AS DECIMAL(38,6)) FROM fitted, recent WHERE day = DATE '2018-11-24') AS day_before_gap,
        (SELECT bool_and(y < i + s * x + least(lo, 0)) FROM fitted, reference, spread WHERE day > DATE '2018-11-20') AS judged_below,
        (SELECT bool_and(y - level BETWEEN least AND most) FROM fitted, recent, spread WHERE day >= DATE '2018-11-25') AS recent_within,
        (SELECT y - level > most FROM fitted, recent, spread WHERE day = DATE '2018-11-24') AS day_before_outside,
        CAST(round(total / 3, 6) AS DECIMAL(38,6)) AS daily_mean FROM recent`;
    const [want] = await sqlRows(db, levelSql);
    expect([want.judged_below, want.recent_within, want.day_before_outside, want.daily_mean]).toEqual(['true', 'true', 'true', '9.667070']);
    const [billed] = JSON.parse(run.stdout) as Json[];
    // 31 December days × 9.667070 = 299.679170, + November's RI fee for December's hours, 152.296800 (no tax on this CUR).
    expect(billed.levelShift).toEqual({
      direction: 'down', judgedFrom: '2018-11-21', judgedTo: '2018-11-27', referenceFrom: '2018-10-31', referenceTo: '2018-11-20',
      from: '2018-11-25', to: '2018-11-27', days: 3, dailyMean: want.daily_mean, estimatedDays: 31, projectedUsage: '299.679170', monthAtThatRate: '451.975970',
    });
    expect([billed.projectedUsage, billed.forecast]).toEqual(['160.608637', '312.905437']);
    // The judged days' low edge (the reference trend + its 10th percentile residual) and how far below it they sat; the level's days within the reference
    // residuals' range of the mean of the days after them; 24 Nov that far from the mean of 25–27 Nov.
    expect([want.edges_beyond, want.spread, want.day_before_gap]).toEqual(['[151.725467, 153.165907, 101.109568, 143.505745]', '[-10.184890, 18.042210]', '36.265889']);
    // The evidence per measure, the month at that rate being 299.679170 of usage + 152.296800 of RI fees expected; the rule once, after the measures' notes.
    const notes = run.stderr.split('\n').filter((line) => line.startsWith('Level shift'));
    expect(notes).toHaveLength(3);
    expect(notes[0]).toBe('Level shift (BilledCost): the last 7 fitted days (21–27 Nov 2018) sat below the band of the least-squares trend of the 21 fitted days before them '
      + '(31 Oct – 20 Nov 2018), low edge $151.725467 to $153.165907 a day, by $101.109568 to $143.505745. Since 25 Nov 2018 usage ran at $9.66707 a day (3 fitted days, '
      + 'each within -$10.18489 to +$18.04221 of the mean of the days after it; 24 Nov 2018 sat +$36.265889 from it). At that rate the 31 days still to estimate come to '
      + '31 × $9.66707 = $299.67917 of usage and the month to $451.97597 ($152.2968 of other charges expected); the forecast, $312.905437 (projected_usage $160.608637), keeps the trend.');
    // EffectiveCost's usage (the same query on effective_cost): the same residuals, its edge and level higher; 31 × 17.380418 = 538.792958, + 44.656986 of RI fees.
    const [wantEffective] = await sqlRows(db, levelSql.replaceAll('billed_cost', 'effective_cost'));
    expect([wantEffective.edges_beyond, wantEffective.spread, wantEffective.day_before_gap, wantEffective.daily_mean])
      .toEqual(['[159.438815, 160.879255, 101.109568, 143.505745]', '[-10.184890, 18.042210]', '36.265889', '17.380418']);
    expect(notes[1]).toBe('Level shift (EffectiveCost): the last 7 fitted days (21–27 Nov 2018) sat below the band of the least-squares trend of the 21 fitted days before them '
      + '(31 Oct – 20 Nov 2018), low edge $159.438815 to $160.879255 a day, by $101.109568 to $143.505745. Since 25 Nov 2018 usage ran at $17.380418 a day (3 fitted days, '
      + 'each within -$10.18489 to +$18.04221 of the mean of the days after it; 24 Nov 2018 sat +$36.265889 from it). At that rate the 31 days still to estimate come to '
      + '31 × $17.380418 = $538.792958 of usage and the month to $583.449944 ($44.656986 of other charges expected); the forecast, $272.930878 (projected_usage $228.273892), keeps the trend.');
    expect(notes[2]).toBe('Level shift, the rule: the last 7 fitted days all below the low edge (or all above the high edge) of the band of the least-squares trend of the fitted days before them, '
      + 'at least 7 (the 10th and 90th percentile of its residuals, as the forecast\'s band), are a step the forecast\'s trend does not follow; the forecast\'s own fit is no judge of days '
      + 'it was fitted on. The recent rate: back from the last fitted day, the days that sit from the mean of the days after them no further than the reference days sat from their trend; '
      + 'their usage ÷ their number, to the micro-dollar.');
  });
});

/** The forecast's fitted days on the store (31 Oct – 27 Nov 2018: 28 days to the last before the 3 provisional ones), day index x from 31 Oct, usage y (DOUBLE) and exact. */
const FIT_DAYS = `WITH fitted AS (
    SELECT day, datediff('day', DATE '2018-10-31', day) AS x, sum(billed_cost) FILTER (WHERE charge_class = 'usage') AS exact,
      CAST(sum(billed_cost) FILTER (WHERE charge_class = 'usage') AS DOUBLE) AS y
    FROM daily_spend WHERE day BETWEEN DATE '2018-10-31' AND DATE '2018-11-27' GROUP BY day)`;
