/**
 * Whether a recurring fee accrues daily or posts once a month is read from what its lines are, not
 * from how many days of the reference month they fall on (src/analyze/forecast/expected.ts
 * `feeAccruesDaily`): a fee whose lines each cover an hour or a day (a Savings Plan's) accrues; one
 * posted for a longer charge period (an RI's monthly RIFee) posts once, as `costlens invoice`,
 * Explore and the budgets call a line "posted".
 *
 * The store: the real October 2018 CUR and the real November 2018 CUR up to 3 Nov 00:00 (data
 * horizon 2 Nov), with, written here by DuckDB, a Compute Savings Plan bought on 15 Oct 2018 06:00
 * billed 0.137 an hour (0.1 of it used: 0.037 amortised) by hourly SavingsPlanRecurringFee lines:
 * 402 hours in October (17 days, 15–31 Oct), 48 in November so far. Its October fee was seen on 17
 * days, fewer than the 20 the forecasts counted, so both took it as a fee that posts once: the
 * month-end forecast of November read November's first lines (6.576) as the month's fee and
 * expected nothing more of it, a budget on the Savings Plan expected nothing more either (forecast
 * $6.58). It accrues: 55.074 ÷ 402 h = 0.137/h × November's 720 h = 98.64 (the term-hours rule,
 * src/analyze/forecast/commitment-terms.ts `expectedFeeExact`), of which 92.064 is still to come.
 * Every figure is made here by DuckDB on the files.
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
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';

const SP = 'Savings Plans for AWS Compute usage';
const SP_ARN = 'arn:aws:savingsplans::836060457634:savingsplan/5f1c0e7a-0000-4000-8000-000000000001';
const TERM_START = '2018-10-15 06:00:00';

/** `file`'s lines charged before `to`, and a Savings Plan fee line for every hour from `feesFrom` to `to`. */
const WITH_SP_FEES = `WITH bill AS (
    SELECT any_value(bill_payer_account_id) AS payer, any_value(bill_billing_period_start_date) AS period_start, any_value(bill_billing_period_end_date) AS period_end
    FROM read_parquet($file)),
  hours AS (SELECT CAST(h AS TIMESTAMP) AS ts FROM range(CAST($feesFrom AS TIMESTAMP), CAST($to AS TIMESTAMP), INTERVAL 1 HOUR) t(h))
  SELECT * FROM read_parquet($file) WHERE line_item_usage_start_date < CAST($to AS TIMESTAMP)
  UNION ALL BY NAME
  SELECT 'sp-fee-' || strftime(ts, '%Y%m%d%H') AS identity_line_item_id, 'Anniversary' AS bill_bill_type, payer AS bill_payer_account_id,
    period_start AS bill_billing_period_start_date, period_end AS bill_billing_period_end_date, payer AS line_item_usage_account_id,
    'SavingsPlanRecurringFee' AS line_item_line_item_type, ts AS line_item_usage_start_date, ts + INTERVAL 1 HOUR AS line_item_usage_end_date,
    'ComputeSavingsPlans' AS line_item_product_code, 'ComputeSP:1yrNoUpfront' AS line_item_usage_type, CAST(1 AS DOUBLE) AS line_item_usage_amount,
    'USD' AS line_item_currency_code, '0.137' AS line_item_unblended_rate, CAST(0.137 AS DOUBLE) AS line_item_unblended_cost,
    CAST(0.137 AS DOUBLE) AS line_item_blended_cost, '1 year No Upfront Compute Savings Plan' AS line_item_line_item_description,
    $sp AS product_product_name, 'ComputeSavingsPlans' AS product_servicecode, $sp AS product_servicename,
    $arn AS savings_plan_savings_plan_a_r_n, '2018-10-15T06:00:00.000Z' AS savings_plan_start_time, '2019-10-15T06:00:00.000Z' AS savings_plan_end_time,
    CAST(0.137 AS DOUBLE) AS savings_plan_total_commitment_to_date, CAST(0.1 AS DOUBLE) AS savings_plan_used_commitment
  FROM hours, bill`;

/** October 2018 with the Savings Plan's fees from its purchase, and November to 3 Nov 00:00 with its fees; written once per machine. */
async function withSavingsPlan(): Promise<string[]> {
  const common = { sp: SP, arn: SP_ARN };
  const files = await derivedFiles([
    { name: 'oct-sp-from-15th.parquet', sql: WITH_SP_FEES, params: { ...common, file: REAL_OCT_2018, feesFrom: TERM_START, to: '2018-11-01 00:00:00' } },
    { name: 'nov-to-3rd-sp.parquet', sql: WITH_SP_FEES, params: { ...common, file: REAL_NOV_2018, feesFrom: '2018-11-01 00:00:00', to: '2018-11-03 00:00:00' } },
  ]);
  return [files['oct-sp-from-15th.parquet'], files['nov-to-3rd-sp.parquet']];
}

/**
 * By DuckDB on the files: the Savings Plan's fee lines in October (billed, amortised, their days and
 * hours, and whether any is charged for more than a day), its fees in November so far, and its
 * hourly rate in October (the fee ÷ the hours its term ran there) × November's 720 hours.
 */
async function savingsPlanFigures(files: string[]) {
  const [row] = await duckdbRows(`WITH fees AS (
      SELECT CAST(line_item_usage_start_date AS TIMESTAMP) AS start, CAST(line_item_usage_end_date AS TIMESTAMP) AS stop,
        CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS billed,
        CAST(savings_plan_total_commitment_to_date AS DECIMAL(38,10)) - CAST(savings_plan_used_commitment AS DECIMAL(38,10)) AS effective,
        CAST(savings_plan_start_time AS TIMESTAMP) AS term_start
      FROM read_parquet([$oct, $nov]) WHERE line_item_line_item_type = 'SavingsPlanRecurringFee'),
    october AS (SELECT * FROM fees WHERE start < TIMESTAMP '2018-11-01'),
    ran AS (SELECT date_diff('second', any_value(term_start), TIMESTAMP '2018-11-01') / 3600.0 AS hours FROM october)
    SELECT CAST(sum(billed) AS DECIMAL(38,6)) AS october_billed, CAST(sum(effective) AS DECIMAL(38,6)) AS october_effective,
      count(DISTINCT CAST(start AS DATE)) AS october_days, count(*) AS october_lines, CAST((SELECT hours FROM ran) AS VARCHAR) AS hours_ran,
      bool_or(stop > start + INTERVAL 1 DAY) AS posted,
      CAST(round(sum(billed) / (SELECT hours FROM ran) * 720, 6) AS DECIMAL(38,6)) AS november_billed,
      CAST(round(sum(effective) / (SELECT hours FROM ran) * 720, 6) AS DECIMAL(38,6)) AS november_effective,
      (SELECT CAST(sum(billed) AS DECIMAL(38,6)) FROM fees WHERE start >= TIMESTAMP '2018-11-01') AS november_billed_so_far,
      (SELECT CAST(sum(effective) AS DECIMAL(38,6)) FROM fees WHERE start >= TIMESTAMP '2018-11-01') AS november_effective_so_far
    FROM october`, { oct: files[0], nov: files[1] });
  return row;
}

describe('a Savings Plan bought on 15 Oct accrues: November expects its hourly rate × 720 h (real Oct and Nov 2018 CUR, a Savings Plan added)', () => {
  let files: string[];
  let db: string;
  let want: Awaited<ReturnType<typeof savingsPlanFigures>>;

  beforeAll(async () => {
    files = await withSavingsPlan();
    db = await cachedStore([files]);
    want = await savingsPlanFigures(files);
  }, 180_000);

  it('the files hold the Savings Plan\'s fee hour by hour: 402 lines on 17 days of October (55.074000), 6.576000 in November so far', () => {
    expect([want.october_lines, want.october_days, want.hours_ran, want.posted]).toEqual(['402', '17', '402.0', 'false']);
    expect([want.october_billed, want.october_effective, want.november_billed_so_far, want.november_effective_so_far]).toEqual(['55.074000', '14.874000', '6.576000', '1.776000']);
    // By hand: 0.137/h × 720 h = 98.64; 0.037/h × 720 h = 26.64.
    expect([want.november_billed, want.november_effective]).toEqual(['98.640000', '26.640000']);
  });

  it('the month-end forecast of November (as of 2 Nov) expects 98.640000 of it, 92.064000 still to post (was 6.576000, nothing more)', async () => {
    const f = await withEngine(db, (engine) => forecastMonthEnd(engine, forecastConfigSchema.parse({})));
    expect([f.month, f.asOf, f.expectationsFrom]).toEqual(['2018-11', '2018-11-02', '2018-10']);
    const sp = (cost: 'billed' | 'effective') => f[cost].expected.find((e) => e.service === SP)!;
    const so = (column: string) => toUnits(want[column]!);
    expect([sp('billed').expected, sp('billed').posted, sp('billed').remaining]).toEqual([so('november_billed'), so('november_billed_so_far'), so('november_billed') - so('november_billed_so_far')]);
    expect([sp('effective').expected, sp('effective').posted, sp('effective').remaining])
      .toEqual([so('november_effective'), so('november_effective_so_far'), so('november_effective') - so('november_effective_so_far')]);
    expect(sp('billed').remaining).toBe(toUnits('92.064'));

    const run = await costlens(db, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    // The notes write money as the table does where a figure is whole cents, with its decimals exactly where it has more.
    expect(run.stderr).toContain(`Expected: ${SP} (recurring): BilledCost $98.64 at month end, $92.064 still to post (accrues daily: $55.074 over 2018-10, scaled to 30 days; `
      + "$98.64 for a term from 15 Oct 2018 06:00 UTC: $0.137/h × 720 h (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term); $6.576 posted); EffectiveCost ");
    // The RI fees still post once: November's posted on the 1st, nothing more of them is expected.
    expect(run.stderr).toContain("Expected: Amazon Elastic Compute Cloud (recurring): BilledCost $147.384 at month end, $0.00 still to post (posts once a month: $149.775379 in 2018-10; 2018-11's has posted, so no more of it is expected; $147.384 posted); EffectiveCost ");
  }, 60_000);

  it('a budget on the Savings Plan for November expects the same: forecast 98.64 = 6.576 so far + 0.137/h × the 672 h of 3–30 Nov (was 6.58)', async () => {
    const configs = parseConfig({ budgets: [{ name: 'sp', amount: 90, scope: { services: [SP] }, thresholds: [{ percent: 100, basis: 'forecast' }] }] });
    const { statuses: [sp] } = await withEngine(db, (engine) => evaluateBudgets(engine, configs));
    expect([sp.period.label, sp.asOf, sp.actual]).toEqual(['2018-11', '2018-11-02', toUnits(want.november_billed_so_far!)]);
    expect(sp.forecast).toBe(toUnits(want.november_billed!));
    expect(sp.thresholds.map((t) => [t.id, t.crossed])).toEqual([['forecast:100', true]]);
  }, 60_000);
});

describe('the reverse, by hand: a fee posted for the rest of its month on every day of it posts once, however many days it shows on', () => {
  // A subscription posted on each of October's 31 days, each line charged to 1 Nov (30 of them for more than a day): 10.00 a
  // line, 310.00. November holds its first posting, 10.00, on the 1st. Counting its days (31), both forecasts took it as accruing:
  // 310 × 30/31 = 300.00 expected, 290.00 more. Its lines are postings: November's has posted, nothing more is expected.
  const SUBSCRIPTION = 'Example Subscription';
  const lines = dayRange('2018-10-01', '2018-10-31').map((day) => ({ day, posted: day < '2018-10-31' }));

  it('the month-end forecast of November expects what has posted, 10.00, not 300.00', () => {
    const previous = [{ charge_class: 'recurring', listed_class: 'recurring', service: SUBSCRIPTION, billed_cost: toUnits('310'), effective_cost: toUnits('310'), days: 31 }];
    const current = [{ charge_class: 'recurring', listed_class: 'recurring', service: SUBSCRIPTION, billed_cost: toUnits('10'), effective_cost: toUnits('10'), days: 1 }];
    // trends/recurring_fees_by_commitment_term: 300.00 of posted lines, 10.00 of the one charged for a day.
    const fees = [
      { service: SUBSCRIPTION, posted: false, commitment: null, commitment_start: null, commitment_end: null, billed_cost: toUnits('10'), effective_cost: toUnits('10') },
      { service: SUBSCRIPTION, posted: true, commitment: null, commitment_start: null, commitment_end: null, billed_cost: toUnits('300'), effective_cost: toUnits('300') },
    ];
    // The same query over November so far: its posting of 1 Nov.
    const currentFees = [{ service: SUBSCRIPTION, posted: true, commitment: null, commitment_start: null, commitment_end: null, billed_cost: toUnits('10'), effective_cost: toUnits('10') }];
    const [fee] = allExpectedCharges(previous, current, 'billed', { first: '2018-11-01', previousFirst: '2018-10-01', nonTaxForecast: 0n, over: false, fees, currentFees });
    expect([fee.expected, fee.posted, fee.remaining]).toEqual([toUnits('10'), toUnits('10'), 0n]);
    expect(fee.basis).toBe("posts once a month: 310.000000 in 2018-10; 2018-11's has posted, so no more of it is expected");
  });

  it('a budget for November as of the 1st expects nothing more of it either: forecast 10.00, not 300.00', () => {
    const rows: ScopeDay[] = [
      ...lines.map(({ day, posted }): ScopeDay => ({ day, chargeClass: 'recurring', service: SUBSCRIPTION, cost: 10, posted })),
      { day: '2018-11-01', chargeClass: 'recurring', service: SUBSCRIPTION, cost: 10, posted: true },
    ];
    const inputs = { rows, firstDataDay: '2018-10-01', horizon: '2018-11-01', provisionalFrom: null, config: forecastConfigSchema.parse({}) };
    const november = forecastPeriodEnd(periodContaining('monthly', '2018-11-01'), '2018-11-01', inputs) as PeriodForecast;
    expect([november.actual, november.expectedFees, november.forecast]).toEqual(['10', '0', '10'].map(toUnits));
  });
});
