/**
 * A Reserved Instance (or Savings Plan) whose term has ended posts no fee, one whose term ends
 * inside a month is billed for the hours it runs in it, and every other for every hour of the month
 * (AWS bills the fee by the hour of its term: the real October 2018 CUR bills an RI bought on 9 Oct
 * 21:40:47 for its 530.320278 hours, November for its 720). So a fee is expected at its hourly rate
 * in the reference month (the fee ÷ the hours its term ran there) × the hours its term runs in the
 * month forecast. On the real October and November 2018 CUR with two terms moved (by DuckDB, on
 * every line of the reservation): RI e5d82234… (54.00 a month) ends on 1 Dec 2018 00:00, RI
 * 3a2944f2… (21.60 for November's 720 hours, 0.03/h; 43.216438 amortised) on 10 Dec 2018 12:00,
 * 228 of December's 744 hours. The forecast of December (as of the horizon, 30 Nov) expects 81.016800
 * of November's RI fees (EffectiveCost 13.685205): 6.84 of the ending term, and the other terms'
 * 71.784 for December's 744 hours, not November's 720. Session 29 expected 78.403355 (13.243747):
 * November's amounts prorated by share of December, 21.60 × 228/744 and 71.784 unscaled. A quarterly
 * budget for 2018-Q4 expects 81.016800 of October's in December (the 9 Oct term's 6.257779 for
 * 530.32 h is 8.7792 for December's 744), not 78.495379. On a hand-built legacy CUR whose RI term
 * ended on 20 Nov (114.00 in November), a December budget's basis names that fee as not billed again
 * in the forecast's words (it said nothing of it). Every figure is made here by DuckDB on the files,
 * or by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateBudgets, forecastPeriodEnd, periodContaining, type PeriodForecast, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { allExpectedCharges, forecastMonthEnd } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { dayRange } from '../../src/lib/calendar.ts';
import { toUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { curCsv, type CurLine } from '../optimisation/cur-fixture.ts';

type Json = Record<string, string | number | null>;

const ENDED = 'arn:aws:ec2:us-east-1:836060457634:reserved-instances/e5d82234-6933-4412-9f36-c9fcca2a5ce1';
const ENDING = 'arn:aws:ec2:us-east-1:836060457634:reserved-instances/3a2944f2-fbdc-4f9a-86f7-4b83dc6e058a';
const EFFECTIVE = `CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END`;

/** October and November 2018 with the two terms' ends moved, on every line of each reservation; written once per machine. */
async function movedTerms(): Promise<string[]> {
  const sql = `SELECT * REPLACE (CASE reservation_reservation_a_r_n WHEN $ended THEN '2018-12-01T00:00:00.000Z' WHEN $ending THEN '2018-12-10T12:00:00.000Z'
    ELSE reservation_end_time END AS reservation_end_time) FROM read_parquet($file)`;
  const files = await derivedFiles([
    { name: 'oct-terms-moved.parquet', sql, params: { file: REAL_OCT_2018, ended: ENDED, ending: ENDING } },
    { name: 'nov-terms-moved.parquet', sql, params: { file: REAL_NOV_2018, ended: ENDED, ending: ENDING } },
  ]);
  return [files['oct-terms-moved.parquet'], files['nov-terms-moved.parquet']];
}

/**
 * By DuckDB on the files: the RI fees of the month `from` (billed and amortised), what of them runs
 * in December (each fee ÷ the hours its term ran in its month × the hours it runs in December,
 * rounded to the micro-dollar), the hours of December each term that does not run all of it runs,
 * and what session 29 expected (each fee × the share of December's 744 hours its term runs).
 */
async function feesRunningInDecember(files: string[], from: string) {
  const [row] = await duckdbRows(`WITH fees AS (
      SELECT CAST(line_item_unblended_cost AS DOUBLE) AS billed, CAST(${EFFECTIVE} AS DOUBLE) AS effective,
        CAST(reservation_start_time AS TIMESTAMP) AS term_start, CAST(reservation_end_time AS TIMESTAMP) AS term_end
      FROM read_parquet([$oct, $nov]) WHERE line_item_line_item_type = 'RIFee' AND date_trunc('month', line_item_usage_start_date) = CAST($from AS TIMESTAMP)),
    hours AS (
      SELECT *, (epoch_ms(least(term_end, CAST($from AS TIMESTAMP) + INTERVAL 1 MONTH)) - epoch_ms(greatest(term_start, CAST($from AS TIMESTAMP)))) / 3600000.0 AS ran,
        greatest(epoch_ms(least(term_end, TIMESTAMP '2019-01-01')) - epoch_ms(greatest(term_start, TIMESTAMP '2018-12-01')), 0) / 3600000.0 AS runs,
        least(greatest(epoch_ms(term_end) - epoch_ms(TIMESTAMP '2018-12-01'), 0), CAST(744 AS BIGINT) * 3600000) / (744 * 3600000.0) AS share
      FROM fees)
    SELECT CAST(round(sum(billed), 6) AS DECIMAL(38,6)) AS billed, CAST(round(sum(effective), 6) AS DECIMAL(38,6)) AS effective,
      CAST(round(sum(billed / ran * runs), 6) AS DECIMAL(38,6)) AS billed_running, CAST(round(sum(effective / ran * runs), 6) AS DECIMAL(38,6)) AS effective_running,
      list(runs ORDER BY runs) FILTER (WHERE runs < 744) AS hours, CAST(round(sum(billed * share), 6) AS DECIMAL(38,6)) AS billed_by_share
    FROM hours`, { oct: files[0], nov: files[1], from });
  return row;
}

describe('fees of Reserved Instances whose term ends (real Oct and Nov 2018 CUR, two terms moved to end on 1 and 10 Dec 2018)', () => {
  let files: string[];
  let db: string;

  beforeAll(async () => {
    files = await movedTerms();
    db = await cachedStore([files]);
  }, 180_000);

  it('the store keeps each fee\'s term end (x_ReservationEndTime)', async () => {
    const run = await costlens(db, 'sql', `SELECT CAST(x_ReservationEndTime AS VARCHAR) AS term_end, CAST(sum(BilledCost) AS VARCHAR) AS fee FROM line_items
      WHERE x_LineItemType = 'RIFee' AND ChargePeriodStart >= TIMESTAMP '2018-11-01' AND x_ReservationEndTime < TIMESTAMP '2019-01-01' GROUP BY 1 ORDER BY 1`, '--format', 'csv');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split(/\r?\n/)).toEqual(['term_end,fee', '2018-12-01 00:00:00,54.0000000000', '2018-12-10 12:00:00,21.6000000000']);
  }, 60_000);

  it('forecast of December (as of 30 Nov): none of the ended term\'s fee, 228 of 744 hours of the ending one\'s, in both measures', async () => {
    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as Json[];
    const want = await feesRunningInDecember(files, '2018-11-01');
    expect([want.billed, want.effective, want.hours]).toEqual(['147.384000', '43.216438', '[0, 228]']);
    expect([billed.month, billed.asOf, billed.expectedOther, effective.expectedOther]).toEqual(['2018-12', '2018-11-30', want.billed_running, want.effective_running]);
    expect([want.billed_running, want.effective_running]).toEqual(['81.016800', '13.685205']);
    // By hand: 21.60 ÷ 720 h × 228 h = 6.84; the other terms' 147.384 − 54 − 21.60 = 71.784 × 744 h / 720 h = 74.1768.
    // The note writes money as the table does where a figure is whole cents, with its decimals exactly where it has more.
    expect(run.stderr).toContain("Expected: Amazon Elastic Compute Cloud (recurring): BilledCost $81.0168 at month end, $81.0168 still to post (posts once a month: $147.384 in 2018-11; "
      + "$54.00 of it for a term that ended by 1 Dec 2018, not billed again; $74.1768 for the terms running all month: $71.784 × 744 h / 720 h; "
      + "$6.84 for a term ending 10 Dec 2018 12:00 UTC: $0.03/h × 228 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term); $0.00 posted); EffectiveCost ");
    // Session 29: November's amounts by the share of December their terms run, 21.60 × 228/744 + 71.784.
    expect(want.billed_by_share).toBe('78.403355');
  }, 60_000);

  it('a quarterly budget for 2018-Q4 as of 30 Nov expects October\'s fees in December only for the hours their terms run', async () => {
    const want = await feesRunningInDecember(files, '2018-10-01');
    expect([want.billed, want.billed_running, want.billed_by_share]).toEqual(['149.775379', '81.016800', '78.495379']);
    const configs = parseConfig({ budgets: [{ name: 'q4', amount: 20000, period: 'quarterly' }] });
    const { statuses: [q4] } = await withEngine(db, (engine) => evaluateBudgets(engine, configs));
    // The forecast less what it expects of the fees is the actual and the projected usage, which the terms do not change.
    const usage = await duckdbRows(`WITH lines AS (SELECT CAST(line_item_usage_start_date AS DATE) AS day, line_item_line_item_type AS type, CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS cost FROM read_parquet([$oct, $nov])),
      daily AS (SELECT day, CAST(sum(cost) AS DOUBLE) AS y FROM lines WHERE type IN ('Usage', 'DiscountedUsage') GROUP BY day),
      points AS (SELECT date_diff('day', DATE '2018-10-31', day) AS x, y FROM daily WHERE day BETWEEN DATE '2018-10-31' AND DATE '2018-11-27'),
      fit AS (SELECT regr_slope(y, x) AS b, regr_intercept(y, x) AS a FROM points),
      december AS (SELECT date_diff('day', DATE '2018-10-31', CAST(d AS DATE)) AS x FROM range(DATE '2018-12-01', DATE '2019-01-01', INTERVAL 1 DAY) t(d))
      SELECT CAST((SELECT sum(cost) FROM lines) AS VARCHAR) AS actual, CAST(round((SELECT sum(greatest(0, a + b * x)) FROM december, fit), 6) AS DECIMAL(38,6)) AS projected`, { oct: files[0], nov: files[1] });
    const cents = (dollars: number) => BigInt(Math.round(dollars * 100));
    const forecast = cents(Number(usage[0].actual) + Number(usage[0].projected) + Number(want.billed_running));
    expect([q4.period.label, q4.asOf, q4.notJudged, q4.actual]).toEqual(['2018-Q4', '2018-11-30', null, toUnits(usage[0].actual!)]);
    expect(q4.forecast).toBe(forecast * 100_000_000n);
    // Session 29: 78.495379, the 9 Oct term's 6.257779 (530.32 h of October) taken for December's 744 h; before it, October's 149.775379 in full.
    expect(forecast - cents(Number(usage[0].actual) + Number(usage[0].projected) + Number(want.billed_by_share))).toBe(253n);
    expect(cents(Number(usage[0].actual) + Number(usage[0].projected) + Number(want.billed)) - forecast).toBe(6875n);
  }, 60_000);
});

describe('the same rule in both forecasts, by hand: a Savings Plan fee that accrues and ends mid-month, an RI fee whose term ended, AWS Support with no term', () => {
  // A Savings Plan fee of 10.00 a day, its term ending 16 Dec 2018 06:00 (366 of December's 744 hours, 15.25 days); an RI
  // billed 0.25 an hour (186.00 in October), its term ended on 20 Nov 00:00 (114.00 in November); AWS Support 50.00 a month, no term.
  const SP = 'Savings Plans for AWS Compute usage';
  const EC2 = 'Amazon Elastic Compute Cloud';
  const SUPPORT = 'AWS Support (Business)';
  const SP_END = '2018-12-16 06:00:00';
  const RI_END = '2018-11-20 00:00:00';

  it('the month-end forecast of December expects 152.50 of the Savings Plan (15.25 days at 10.00), none of the RI, 50.00 of Support', () => {
    const previous = [
      { charge_class: 'recurring', listed_class: 'recurring', service: SP, billed_cost: toUnits('300'), effective_cost: toUnits('300'), days: 30 },
      { charge_class: 'recurring', listed_class: 'recurring', service: EC2, billed_cost: toUnits('114'), effective_cost: toUnits('114'), days: 1 },
      { charge_class: 'recurring', listed_class: 'recurring', service: SUPPORT, billed_cost: toUnits('50'), effective_cost: toUnits('50'), days: 1 },
    ];
    // The Savings Plan's lines are hourly (it accrues); the RI fee and Support are posted for their month (each posts once).
    const fees = [
      { service: SP, posted: false, commitment: 'savings_plan', commitment_start: null, commitment_end: SP_END, billed_cost: toUnits('300'), effective_cost: toUnits('300') },
      { service: EC2, posted: true, commitment: 'reservation', commitment_start: null, commitment_end: RI_END, billed_cost: toUnits('114'), effective_cost: toUnits('114') },
      { service: SUPPORT, posted: true, commitment: null, commitment_start: null, commitment_end: null, billed_cost: toUnits('50'), effective_cost: toUnits('50') },
    ];
    const expected = allExpectedCharges(previous, [], 'billed', { first: '2018-12-01', previousFirst: '2018-11-01', nonTaxForecast: 0n, over: false, fees, currentFees: [] });
    expect(expected.map((e) => [e.service, e.expected, e.remaining])).toEqual([[SP, toUnits('152.5'), toUnits('152.5')], [EC2, 0n, 0n], [SUPPORT, toUnits('50'), toUnits('50')]]);
    // Its rate, 300.00 ÷ 720 h = 5/12 an hour, × 366 h = 152.50: to 10 decimals, 0.4166666667 × 366 h = 152.50000001 (152.500000; rounded to
    // 0.416667, 152.500122, not the figure beside it), with where it comes from, 300.00 over the 720 h of November (it wrote (1.25/3)/h).
    expect(expected[0].basis).toBe("accrues daily: 300.000000 over 2018-11, scaled to 31 days; 152.500000 for a term ending 16 Dec 2018 06:00 UTC: 0.4166666667/h (300.000000 over the 720 h it ran in 2018-11) × 366 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
    expect(expected[1].basis).toBe("posts once a month: 114.000000 in 2018-11; 114.000000 of it for a term that ended by 1 Dec 2018, not billed again (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)");
    // Before: every fee at November's amount (the Savings Plan's scaled to 31 days): 310 + 114 + 50.
    const termless = fees.map((f) => ({ ...f, commitment_end: null }));
    expect(allExpectedCharges(previous, [], 'billed', { first: '2018-12-01', previousFirst: '2018-11-01', nonTaxForecast: 0n, over: false, fees: termless, currentFees: [] }).map((e) => e.expected)).toEqual([toUnits('310'), toUnits('114'), toUnits('50')]);
  });

  it('a budget expects the same: 2018-Q4 as of 30 Nov 202.50 of October\'s fees in December; December as of the 10th 52.50 of the Savings Plan over 11–16 Dec', () => {
    const month = (from: string, to: string, sp: boolean) => [
      ...dayRange(from, to).map((day): ScopeDay => ({ day, chargeClass: 'usage', service: EC2, cost: 100 })),
      ...(sp ? dayRange(from, to).map((day): ScopeDay => ({ day, chargeClass: 'recurring', service: SP, cost: 10, commitmentEnd: SP_END })) : []),
    ];
    const rows: ScopeDay[] = [
      ...month('2018-10-01', '2018-10-31', true), ...month('2018-11-01', '2018-11-30', true), ...month('2018-12-01', '2018-12-10', true),
      { day: '2018-10-31', chargeClass: 'recurring', service: EC2, cost: 186, commitmentEnd: RI_END, posted: true },
      { day: '2018-11-30', chargeClass: 'recurring', service: EC2, cost: 114, commitmentEnd: RI_END, posted: true },
      ...['2018-10-31', '2018-11-30', '2018-12-10'].map((day): ScopeDay => ({ day, chargeClass: 'recurring', service: SUPPORT, cost: 50, commitmentEnd: null, posted: true })),
    ];
    const inputs = { rows, firstDataDay: '2018-10-01', horizon: '2018-12-10', provisionalFrom: null, config: forecastConfigSchema.parse({ method: 'mean' }) };
    const q4 = forecastPeriodEnd(periodContaining('quarterly', '2018-11-30'), '2018-11-30', inputs) as PeriodForecast;
    expect([q4.projectedUsage, q4.expectedFees, q4.expectedTax]).toEqual(['3100', '202.5', '0'].map(toUnits));
    const december = forecastPeriodEnd(periodContaining('monthly', '2018-12-10'), '2018-12-10', inputs) as PeriodForecast;
    // Support posts in parts: 50 expected less the 50 posted.
    expect([december.actual, december.projectedUsage, december.expectedFees, december.forecast]).toEqual(['1150', '2100', '52.5', '3302.5'].map(toUnits));
    // Before (no term ends read): October's 310 + 186 + 50 in December; the Savings Plan over all of 11–31 Dec (210) and November's RI fee (114).
    const blind = { ...inputs, rows: rows.map(({ commitmentEnd: _, ...r }) => r) };
    expect((forecastPeriodEnd(periodContaining('quarterly', '2018-11-30'), '2018-11-30', blind) as PeriodForecast).expectedFees).toBe(toUnits('546'));
    expect((forecastPeriodEnd(periodContaining('monthly', '2018-12-10'), '2018-12-10', blind) as PeriodForecast).expectedFees).toBe(toUnits('324'));
  });
});

describe('a CUR term that ended before the month: the budgets\' basis names it in `costlens forecast`\'s words (it said nothing)', () => {
  // A hand-built legacy CUR (tests/optimisation/cur-fixture.ts): EC2 usage of 100.00 a day, 1 Nov – 10 Dec 2018; RI A billed
  // 0.25 an hour, its term ending 20 Nov 2018 00:00 (RIFee 114.00 for November's 1–20 Nov, 19 × 24 = 456 h; none in December);
  // RI B billed 0.10 an hour all year (RIFee 72.00 for November's 720 h, December's not posted yet).
  const RI_A = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/costlens-term-ended-20-nov';
  const RI_B = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/costlens-term-all-year';
  const fees: CurLine[] = [
    { type: 'RIFee', start: '2018-11-01', end: '2018-11-20', account: '111111111111', region: 'us-east-1', usageType: 'HeavyUsage:m5.large', quantity: 456, cost: '114.00', reservationArn: RI_A, riStart: '2017-11-20T00:00:00', riEnd: '2018-11-20T00:00:00' },
    { type: 'RIFee', start: '2018-11-01', end: '2018-12-01', account: '111111111111', region: 'us-east-1', usageType: 'HeavyUsage:m5.large', quantity: 720, cost: '72.00', reservationArn: RI_B, riStart: '2018-01-01T00:00:00', riEnd: '2019-01-01T00:00:00' },
  ];
  const usage = dayRange('2018-11-01', '2018-12-10').map((day): CurLine => ({ type: 'Usage', start: day, account: '111111111111', region: 'us-east-1', resourceId: 'i-0a', usageType: 'BoxUsage:m5.large', quantity: 24, cost: '100.00' }));
  let file: string;
  let db: string;

  beforeAll(async () => {
    // The file written and ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    ({ db, paths: { 'cur.csv': file } } = await cachedStoreOf([{ name: 'cur.csv', text: curCsv([...usage, ...fees]) }]));
  }, 120_000);

  it('by DuckDB on the file: November\'s RI fees 114.00 for the term that ended by 1 Dec, 72.00 for the one running on', async () => {
    expect(await duckdbRows(`SELECT "reservation/EndTime" < '2018-12-01' AS ended, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,2))) AS VARCHAR) AS fee
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'RIFee' AND "lineItem/UsageStartDate" >= '2018-11' GROUP BY 1 ORDER BY 1`, { file }))
      .toEqual([{ ended: 'false', fee: '72.00' }, { ended: 'true', fee: '114.00' }]);
  });

  it('a December budget as of 10 Dec: 1,000.00 + 21 days × 100.00 + RI B\'s 0.10 × 744 h = 3,174.40, its basis naming RI A\'s 114.00 not billed again, as the forecast of December does', async () => {
    const configs = parseConfig({ forecast: { method: 'mean' }, budgets: [{ name: 'ec2', amount: 5000 }] });
    const { budget, month } = await withEngine(db, async (engine) => ({ budget: (await evaluateBudgets(engine, configs)).statuses[0], month: await forecastMonthEnd(engine, configs.forecast) }));
    const ended = '114.000000 of {} for a term that ended by 1 Dec 2018, not billed again';
    expect([budget.asOf, budget.actual, budget.forecast]).toEqual(['2018-12-10', toUnits('1000'), toUnits('3174.40')]);
    expect(budget.forecastBasis).toBe(`the actual to 2018-12-10, plus the usage run-rate (mean, fitted on 28 days) over the 21 remaining days, plus the recurring fees and tax expected from the month before; ${ended.replace('{}', 'its fees')}`);
    const [fee] = month.billed.expected;
    // 72.00 ÷ 720 h = 0.10/h × December's 744 h = 74.40; RI A's term ran none of December.
    expect([month.month, fee.service, fee.expected]).toEqual(['2018-12', 'Amazon Elastic Compute Cloud', toUnits('74.4')]);
    expect(fee.basis).toBe(`posts once a month: 186.000000 in 2018-11; ${ended.replace('{}', 'it')}; 74.400000 for the terms running all month: 72.000000 × 744 h / 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)`);
  });
});
