/**
 * A Reserved Instance's recurring fee (RIFee) posts once a month, however short its line: AWS starts
 * an RI's first line at its term's start (the real October 2018 CUR bills an RI bought on 9 Oct
 * 21:40:47 from then), so an RI bought in the last 24 hours of a month has a line of a day or less.
 * Both forecasts took such a fee as accruing daily (src/analyze/forecast/expected.ts
 * `feeAccruesDaily` read only whether a line is charged for more than a day): the month-end
 * forecast's basis said "accrues daily: 0.560000 over 2018-10, scaled to 30 days; 28.800000 for a
 * term from 31 Oct 2018 10:00 UTC: 0.04/h × 720 h", and a budget on it expected the hours of the
 * days left (0.04/h × 672 h = 26.88 as of 2 Nov) instead of November's whole fee before it posts,
 * and the same 26.88 on top of November's 28.80 once it has posted (55.68, counted twice). An RI's
 * fee now posts once (`commitment` 'reservation' in trends/recurring_fees_by_commitment_term and
 * budgets/scope_daily_spend): 28.80 is expected before November's posts, nothing more after.
 *
 * The stores: the real October 2018 CUR with, written here by DuckDB, an ElastiCache reserved node
 * bought on 31 Oct 2018 10:00 billed 0.04 an hour by one RIFee line of 14 hours, and the real
 * November 2018 CUR up to 3 Nov 00:00 (data horizon 2 Nov), without and with the node's November
 * RIFee (a line for the month from 1 Nov). Every figure is made here by DuckDB on the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { forecastMonthEnd, type MonthForecast } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { runQuery } from '../../src/engine/query-types.ts';
import { toUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';

const NODE = 'Amazon ElastiCache';
const TERM_START = '2018-10-31 10:00:00';

/** `file`'s lines charged before `to`, and, when `feeFrom` is given, the node's RIFee line from `feeFrom` to `feeTo` at `rate` an hour (its amount by the hours, by DuckDB). */
const WITH_RI_FEE = `WITH bill AS (
    SELECT any_value(bill_payer_account_id) AS payer, any_value(bill_billing_period_start_date) AS period_start, any_value(bill_billing_period_end_date) AS period_end
    FROM read_parquet($file)),
  fee AS (
    SELECT CAST($feeFrom AS TIMESTAMP) AS start, CAST($feeTo AS TIMESTAMP) AS stop,
      date_diff('second', CAST($feeFrom AS TIMESTAMP), CAST($feeTo AS TIMESTAMP)) / 3600.0 AS hours,
      round(CAST($rate AS DOUBLE) * date_diff('second', CAST($feeFrom AS TIMESTAMP), CAST($feeTo AS TIMESTAMP)) / 3600.0, 6) AS cost
    WHERE $feeFrom <> '')
  SELECT * FROM read_parquet($file) WHERE line_item_usage_start_date < CAST($to AS TIMESTAMP)
  UNION ALL BY NAME
  SELECT 'ri-fee-' || strftime(start, '%Y%m%d%H') AS identity_line_item_id, 'Anniversary' AS bill_bill_type, payer AS bill_payer_account_id,
    period_start AS bill_billing_period_start_date, period_end AS bill_billing_period_end_date, payer AS line_item_usage_account_id,
    'RIFee' AS line_item_line_item_type, start AS line_item_usage_start_date, stop - INTERVAL 1 SECOND AS line_item_usage_end_date,
    'AmazonElastiCache' AS line_item_product_code, 'HeavyUsage:cache.m4.large' AS line_item_usage_type, 'CreateCacheCluster:0002' AS line_item_operation,
    hours AS line_item_usage_amount, 'USD' AS line_item_currency_code, $rate AS line_item_unblended_rate, cost AS line_item_unblended_cost,
    $rate AS line_item_blended_rate, cost AS line_item_blended_cost, 'USD ' || $rate || ' hourly fee per Redis, cache.m4.large' AS line_item_line_item_description,
    $node AS product_product_name, 'AmazonElastiCache' AS product_servicecode, 'us-east-1' AS product_region,
    'arn:aws:elasticache:us-east-1:836060457634:reserved-instance:costlens-node-bought-31-oct' AS reservation_reservation_a_r_n,
    '2018-10-31T10:00:00.000Z' AS reservation_start_time, '2019-10-31T09:59:59.000Z' AS reservation_end_time, '1' AS reservation_number_of_reservations,
    CAST(hours AS VARCHAR) AS reservation_units_per_reservation, CAST(hours AS VARCHAR) AS reservation_total_reserved_units, hours AS reservation_unused_quantity,
    cost AS reservation_unused_recurring_fee, CAST(0 AS DOUBLE) AS reservation_unused_amortized_upfront_fee_for_billing_period,
    CAST(0 AS DOUBLE) AS reservation_amortized_upfront_fee_for_billing_period, CAST(0 AS DOUBLE) AS reservation_upfront_value
  FROM fee, bill`;

/** October 2018 with the node's first fee; November to 3 Nov 00:00 without and with its November fee; written once per machine. */
async function withNode(): Promise<{ october: string; novemberBefore: string; novemberAfter: string }> {
  const common = { node: NODE, rate: '0.04' };
  const files = await derivedFiles([
    { name: 'oct-ri-bought-31st.parquet', sql: WITH_RI_FEE, params: { ...common, file: REAL_OCT_2018, to: '2018-11-01 00:00:00', feeFrom: TERM_START, feeTo: '2018-11-01 00:00:00' } },
    { name: 'nov-to-3rd-no-node-fee.parquet', sql: WITH_RI_FEE, params: { ...common, file: REAL_NOV_2018, to: '2018-11-03 00:00:00', feeFrom: '', feeTo: '' } },
    { name: 'nov-to-3rd-node-fee.parquet', sql: WITH_RI_FEE, params: { ...common, file: REAL_NOV_2018, to: '2018-11-03 00:00:00', feeFrom: '2018-11-01 00:00:00', feeTo: '2018-12-01 00:00:00' } },
  ]);
  return { october: files['oct-ri-bought-31st.parquet'], novemberBefore: files['nov-to-3rd-no-node-fee.parquet'], novemberAfter: files['nov-to-3rd-node-fee.parquet'] };
}

/**
 * By DuckDB on the files: the node's October fee (billed, amortised), the hours its line covers and
 * whether it is charged for more than a day, its hourly rate there (the fee ÷ the hours its term ran
 * in October) × November's hours, and its fee in November's file.
 */
async function nodeFigures(october: string, november: string) {
  const effective = `CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)) + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10))`;
  const [row] = await duckdbRows(`WITH fees AS (
      SELECT line_item_usage_start_date AS start, line_item_usage_end_date + INTERVAL 1 SECOND AS stop,
        CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS billed, ${effective} AS effective, CAST(reservation_start_time AS TIMESTAMP) AS term_start
      FROM read_parquet([$october, $november]) WHERE line_item_line_item_type = 'RIFee' AND line_item_product_code = 'AmazonElastiCache'),
    oct AS (SELECT * FROM fees WHERE start < TIMESTAMP '2018-11-01'),
    ran AS (SELECT date_diff('second', any_value(term_start), TIMESTAMP '2018-11-01') / 3600.0 AS hours FROM oct),
    nov_hours AS (SELECT date_diff('second', TIMESTAMP '2018-11-01', TIMESTAMP '2018-12-01') / 3600.0 AS hours)
    SELECT CAST(sum(billed) AS DECIMAL(38,6)) AS october_billed, CAST(sum(effective) AS DECIMAL(38,6)) AS october_effective, count(*) AS october_lines,
      CAST(sum(date_diff('second', start, stop)) / 3600.0 AS VARCHAR) AS line_hours, CAST((SELECT hours FROM ran) AS VARCHAR) AS hours_ran,
      bool_or(stop > start + INTERVAL 1 DAY) AS posted,
      CAST(round(sum(billed) / (SELECT hours FROM ran) * (SELECT hours FROM nov_hours), 6) AS DECIMAL(38,6)) AS november_billed,
      CAST(round(sum(effective) / (SELECT hours FROM ran) * (SELECT hours FROM nov_hours), 6) AS DECIMAL(38,6)) AS november_effective,
      (SELECT CAST(coalesce(sum(billed), 0) AS DECIMAL(38,6)) FROM fees WHERE start >= TIMESTAMP '2018-11-01') AS november_billed_posted,
      (SELECT CAST(coalesce(sum(effective), 0) AS DECIMAL(38,6)) FROM fees WHERE start >= TIMESTAMP '2018-11-01') AS november_effective_posted
    FROM oct`, { october, november });
  return row;
}

const so = (value: string | null | undefined) => toUnits(value!);
const nodeFee = (f: MonthForecast, cost: 'billed' | 'effective') => f[cost].expected.find((e) => e.service === NODE)!;
const BY_HOUR = " (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)";
const nodeBudget = () => parseConfig({ budgets: [{ name: 'cache', amount: 30, scope: { services: [NODE] }, thresholds: [{ percent: 100, basis: 'forecast' }] }] });

describe('an RI bought on 31 Oct 10:00 (a 14-hour RIFee line) posts once a month: November expects 28.80 before its fee posts, nothing more after', () => {
  let files: Awaited<ReturnType<typeof withNode>>;
  let before: string;
  let after: string;
  let want: Awaited<ReturnType<typeof nodeFigures>>;

  beforeAll(async () => {
    files = await withNode();
    [before, after] = await Promise.all([cachedStore([[files.october, files.novemberBefore]]), cachedStore([[files.october, files.novemberAfter]])]);
    want = await nodeFigures(files.october, files.novemberAfter);
  }, 300_000);

  it('the files hold the node\'s fee: one line of 14 h in October (0.560000, a day or less), 28.800000 for November\'s 720 h', async () => {
    expect([want.october_lines, want.line_hours, want.hours_ran, want.posted]).toEqual(['1', '14.0', '14.0', 'false']);
    expect([want.october_billed, want.october_effective, want.november_billed_posted, want.november_effective_posted]).toEqual(['0.560000', '0.560000', '28.800000', '28.800000']);
    // By hand: 0.56 ÷ 14 h = 0.04/h × 720 h = 28.80.
    expect([want.november_billed, want.november_effective]).toEqual(['28.800000', '28.800000']);
    // The store says what the fee is for: a reservation's, not posted (its line is 14 h), as every EC2 RIFee is a reservation's.
    const fees = await withEngine(before, (engine) => runQuery(engine, 'trends/recurring_fees_by_commitment_term', { from: '2018-10-01', to: '2018-11-01' }));
    expect(fees.filter((f) => f.service === NODE).map((f) => [f.posted, f.commitment, f.billed_cost])).toEqual([[false, 'reservation', so(want.october_billed)]]);
    expect(new Set(fees.map((f) => f.commitment))).toEqual(new Set(['reservation']));
  });

  it('before November\'s fee posts, the month-end forecast expects 28.800000 of it by a basis that says it posts once (was "accrues daily")', async () => {
    const f = await withEngine(before, (engine) => forecastMonthEnd(engine, forecastConfigSchema.parse({})));
    expect([f.month, f.asOf, f.expectationsFrom]).toEqual(['2018-11', '2018-11-02', '2018-10']);
    expect([nodeFee(f, 'billed').expected, nodeFee(f, 'billed').posted, nodeFee(f, 'billed').remaining]).toEqual([so(want.november_billed), 0n, so(want.november_billed)]);
    expect([nodeFee(f, 'effective').expected, nodeFee(f, 'effective').remaining]).toEqual([so(want.november_effective), so(want.november_effective)]);
    expect(nodeFee(f, 'billed').basis).toBe(`posts once a month: 0.560000 in 2018-10; 28.800000 for a term from 31 Oct 2018 10:00 UTC: 0.04/h × 720 h${BY_HOUR}`);

    const run = await costlens(before, 'forecast', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    // The note writes money as the table does (the JSON's basis above keeps its decimals).
    expect(run.stderr).toContain(`Expected: ${NODE} (recurring): BilledCost $28.80 at month end, $28.80 still to post (posts once a month: $0.56 in 2018-10; `
      + `$28.80 for a term from 31 Oct 2018 10:00 UTC: $0.04/h × 720 h${BY_HOUR}; $0.00 posted); EffectiveCost `);
  }, 60_000);

  it('once November\'s fee has posted, the month-end forecast expects nothing more of it: 28.800000 at month end, 0 still to post', async () => {
    const f = await withEngine(after, (engine) => forecastMonthEnd(engine, forecastConfigSchema.parse({})));
    expect(f.asOf).toBe('2018-11-02');
    for (const cost of ['billed', 'effective'] as const) {
      const fee = nodeFee(f, cost);
      expect([fee.expected, fee.posted, fee.remaining]).toEqual([so(want[`november_${cost}_posted`]), so(want[`november_${cost}_posted`]), 0n]);
    }
    expect(nodeFee(f, 'billed').basis).toBe("posts once a month: 0.560000 in 2018-10; 2018-11's has posted, so no more of it is expected");
  }, 60_000);

  it('a budget on the node for November expects its whole fee before it posts (28.80, was 26.88: 0.04/h × the 672 h of 3–30 Nov)', async () => {
    const { statuses: [cache] } = await withEngine(before, (engine) => evaluateBudgets(engine, nodeBudget()));
    expect([cache.period.label, cache.asOf, cache.actual]).toEqual(['2018-11', '2018-11-02', 0n]);
    expect(cache.forecast).toBe(so(want.november_billed));
  }, 60_000);

  it('and once it has posted, the posting alone: 28.80, not 28.80 + 26.88 = 55.68 counted twice', async () => {
    const { statuses: [cache] } = await withEngine(after, (engine) => evaluateBudgets(engine, nodeBudget()));
    expect([cache.period.label, cache.asOf, cache.actual]).toEqual(['2018-11', '2018-11-02', so(want.november_billed_posted)]);
    expect(cache.forecast).toBe(so(want.november_billed_posted));
    expect(cache.thresholds.map((t) => [t.id, t.crossed])).toEqual([['forecast:100', false]]);
  }, 60_000);
});
