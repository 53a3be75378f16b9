/**
 * Commitment, fee and tax line items derived from the period's usage lines:
 * Savings Plan negations and hourly recurring fees (one line an hour, as real CURs carry them), the
 * Reserved Instance's monthly RIFee (each commitment term's, for the hours of the billing period it
 * holds, the current month's whole too: commitment-terms.ts) and upfront Fee, the AWS Support
 * (Business) fee and per-account tax.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { periodCommon } from './lines-usage.ts';
import { insertLines, LINES, SPEC_COLUMNS } from './lines.ts';
import { money, run, type Params } from './sql.ts';

/** Spec columns a negation copies from the covered usage it cancels. */
const COPY_FROM_USAGE = [
  'period_start', 'period_end', 'bill_type', 'usage_account_id', 'usage_account_name', 'product_code', 'usage_type', 'operation',
  'availability_zone', 'resource_id', 'product_name', 'instance_family', 'instance_type', 'location', 'memory',
  'operating_system', 'product_family', 'region_code', 'servicecode', 'servicename', 'sku', 'tenancy', 'vcpu',
  'pricing_unit', 'sp_arn', 'sp_rate', 'sp_offering_type', 'sp_payment_option', 'sp_purchase_term', 'sp_start_time',
  'sp_end_time', 'tag_team_lc', 'tag_team_tc', 'tag_team_uc', 'tag_cost_center_kebab', 'tag_cost_center_pascal',
  'tag_environment', 'tag_aws_created_by', 'cc_business_unit', 'canonical_team', 'product_map', 'resource_tags_map',
  'cost_category_map',
];

/** One SavingsPlanNegation per covered usage line, cancelling its on-demand cost. */
async function insertNegations(conn: DuckDBConnection, params: Params): Promise<void> {
  await run(conn, `CREATE OR REPLACE TEMP TABLE negmap AS SELECT spec_id AS old,
      (SELECT max(spec_id) FROM spec) + row_number() OVER (ORDER BY spec_id) AS new
    FROM spec WHERE line_item_type = 'SavingsPlanCoveredUsage'`, params);
  const overrides: Record<string, string> = {
    line_item_type: `'SavingsPlanNegation'`, unblended_rate: '-s.unblended_rate', pricing_term: `'OnDemand'`,
    description: `'SavingsPlanNegation used by AccountId : ' || s.usage_account_id || ' and UsageSku : ' || s.sku`,
  };
  const cols = SPEC_COLUMNS.map(([c]) => c);
  const value = (c: string) => overrides[c] ?? (COPY_FROM_USAGE.includes(c) ? `s.${c}` : 'NULL');
  await run(conn, `INSERT INTO spec (spec_id, ${cols.join(', ')})
    SELECT m.new, ${cols.map(value).join(', ')} FROM spec s JOIN negmap m ON m.old = s.spec_id ORDER BY m.new`, params);
  const id = `l.line_item_id || '|SavingsPlanNegation'`;
  await run(conn, `INSERT INTO li SELECT m.new, md5(${id}) || substr(md5(${id} || '#'), 1, 20), l.usage_start, l.usage_end,
      l.usage_amount, -l.unblended_cost, NULL, NULL, 0
    FROM li l JOIN negmap m ON m.old = l.sid ORDER BY l.rowid`, params);
  await run(conn, 'DROP TABLE negmap');
}

const RI_PRODUCT = {
  usage_account_id: '$riAccount', usage_account_name: '$riAccountName', product_code: `'AmazonEC2'`,
  usage_type: `'HeavyUsage:' || $riType`, operation: `'RunInstances'`, product_name: `'Amazon Elastic Compute Cloud'`,
  servicecode: `'AmazonEC2'`, servicename: `'Amazon Elastic Compute Cloud'`, instance_type: '$riType', region_code: `'us-east-1'`,
  location: `'US East (N. Virginia)'`, operating_system: `'Linux'`, tenancy: `'Shared'`, product_family: `'Compute Instance'`,
  pricing_term: `'Reserved'`, pricing_unit: `'Hrs'`, lease_contract_length: `'1yr'`, offering_class: `'standard'`,
  purchase_option: `'Partial Upfront'`, ri_arn: '$riArn', ri_start_time: '$riStart', ri_end_time: '$riEnd',
  ri_subscription_id: '$riSubscription', ri_number_of_reservations: 'CAST($riCount AS VARCHAR)',
  ri_upfront_value: money('$riCount * $riUpfront'), cc_business_unit: `'Commerce'`,
};

/** The period cut at the commitments' term boundaries (commitment-terms.ts): each segment's parameters. */
export interface CommitmentSegments {
  sp: readonly Params[];
  ri: readonly Params[];
}

/**
 * Inserts Savings Plan, Reserved Instance, support and tax lines for one billing period: the fees
 * of each commitment term for the hours it holds (`segments`), never past its end.
 */
export async function generateCommitments(conn: DuckDBConnection, params: Params, segments: CommitmentSegments): Promise<void> {
  await insertNegations(conn, params);

  // Hourly recurring commitment, with the part of it that covered usage consumed.
  for (const segment of segments.sp) await insertLines(conn, `hrs h LEFT JOIN (SELECT usage_start, sum(sp_effective_cost) AS used FROM ${LINES}
      WHERE line_item_type = 'SavingsPlanCoveredUsage' GROUP BY usage_start) u ON u.usage_start = h.ts
    WHERE h.period = $period AND h.h >= $pStartH AND h.h < $pEndH`, {
    ...periodCommon(), usage_account_id: '$spAccount', usage_account_name: '$spAccountName',
    line_item_type: `'SavingsPlanRecurringFee'`, usage_start: 'h.ts', usage_end: 'h.ts + INTERVAL 1 HOUR',
    product_code: `'ComputeSavingsPlans'`, usage_type: `'ComputeSP:1yrNoUpfront'`, operation: 'NULL', resource_id: '$spArn',
    usage_amount: '1', unblended_rate: money('$spCommitment'), unblended_cost: money('$spCommitment'),
    description: `'1 year No Upfront Compute Savings Plan'`, product_name: `'Savings Plans for AWS Compute usage'`,
    servicecode: `'ComputeSavingsPlans'`, servicename: `'Savings Plans for AWS Compute usage'`, location: `'Any'`,
    sp_arn: '$spArn', sp_total_commitment: money('$spCommitment'), sp_used_commitment: 'coalesce(u.used, 0)',
    sp_recurring_commitment: money('$spCommitment * $monthHours'), sp_amortized_upfront_commitment: '0',
    sp_offering_type: `'ComputeSavingsPlans'`, sp_payment_option: `'No Upfront'`, sp_purchase_term: `'1yr'`,
    sp_start_time: '$spStart', sp_end_time: '$spEnd', cc_business_unit: `'Data'`,
  }, { ...params, ...segment });

  for (const segment of segments.ri) await insertReservationFees(conn, { ...params, ...segment });

  // AWS Support (Business): tiered percentage of the month's charges, at least $100.
  const base = `CAST(s.base AS DOUBLE)`;
  const fee = `round(greatest(100, least(${base}, 10000) * 0.10 + greatest(least(${base}, 80000) - 10000, 0) * 0.07
    + greatest(least(${base}, 250000) - 80000, 0) * 0.05 + greatest(${base} - 250000, 0) * 0.03), 2)`;
  await insertLines(conn, `(SELECT coalesce(sum(unblended_cost), 0) AS base FROM li) s`, {
    ...periodCommon(), usage_account_id: '$payerAccount', usage_account_name: '$payerName', line_item_type: `'Fee'`,
    usage_start: 'CAST($periodStart AS TIMESTAMP)', usage_end: 'CAST($periodEnd AS TIMESTAMP)',
    product_code: `'AWSSupportBusiness'`, usage_type: `'Dollar'`, operation: 'NULL', usage_amount: money(fee),
    unblended_rate: '1', unblended_cost: money(fee), description: `'AWS Support (Business)'`,
    product_name: `'AWS Support (Business)'`, servicecode: `'AWSSupportBusiness'`, servicename: `'AWS Support (Business)'`,
    product_family: `'AWS Support'`, location: `'Any'`, pricing_unit: `'Dollar'`, cc_business_unit: `'Management'`,
  }, params);

  // Sales tax per account and product code.
  await insertLines(conn, `(SELECT usage_account_id AS a, any_value(usage_account_name) AS an, product_code AS pc,
      min(product_name) AS pn, min(cc_business_unit) AS bu, sum(unblended_cost) AS base
    FROM ${LINES} WHERE line_item_type <> 'Tax' GROUP BY usage_account_id, product_code HAVING sum(unblended_cost) > 0) t`, {
    ...periodCommon(), usage_account_id: 't.a', usage_account_name: 't.an', line_item_type: `'Tax'`,
    usage_start: 'CAST($periodStart AS TIMESTAMP)', usage_end: 'CAST($periodEnd AS TIMESTAMP)', product_code: 't.pc',
    usage_type: 'NULL', operation: 'NULL', usage_amount: '1', unblended_cost: money(`round(CAST(t.base AS DOUBLE) * $taxRate, 2)`),
    description: `'Tax for product code ' || t.pc`, tax_type: `'USSalesTax'`, product_name: 't.pn',
    public_od_cost: '0', cc_business_unit: 't.bu',
  }, params);
}

/**
 * The Reserved Instance term's fees in the period: the RIFee and, in the hour it is bought, the upfront fee.
 *
 * The RIFee bills the term's reserved hours of the whole billing period (from the later of the
 * period's start and the term's to the earlier of their ends), in the current month too: AWS posts
 * it on the 1st, for the month, from the month's first delivery (the real CURs of Oct and Nov 2018
 * carry 744 and 720 hours per reservation; an RI bought on 9 Oct 2018, its 530.32 hours to the
 * month's end), and what reads a posted fee (forecast, budgets) takes it as the month's.
 *
 * Its unused quantity (`reservation/UnusedQuantity`, "the number of RI hours that you didn't use
 * during this billing period", and the unused recurring and amortised upfront fees and normalised
 * units with it) counts only the reserved hours the data reaches (`riHeldHours`: up to as-of in the
 * current month) that no DiscountedUsage line used: a month in progress does not count the hours
 * still to come as unused. So the line's EffectiveCost (its unused fees) is the amortised cost of
 * hours that have happened, and at the month's end (every hour reached) the line is the one a
 * complete month carries. `costlens commitments` counts an RIFee line's purchased hours only up to
 * the end of the store's data (queries/commitments/utilisation.sql), so a month to date reads the
 * RI's hours so far: purchased = reserved hours to as-of, used = its DiscountedUsage hours.
 */
async function insertReservationFees(conn: DuckDBConnection, params: Params): Promise<void> {
  const total = '($riCount * $riFeeHours)';
  const unused = '($riCount * $riHeldHours - u.used)';
  await insertLines(conn, `(SELECT count(*) AS used FROM ${LINES} WHERE line_item_type = 'DiscountedUsage' AND ri_arn = $riArn) u
    WHERE $riHeldHours > 0`, {
    ...periodCommon(), ...RI_PRODUCT, line_item_type: `'RIFee'`, usage_start: 'CAST($riFeeStart AS TIMESTAMP)',
    usage_end: 'CAST($riFeeEnd AS TIMESTAMP)', usage_amount: total, unblended_rate: money('$riRecurring'),
    unblended_cost: money(`${total} * $riRecurring`),
    description: `'USD ' || $riRecurring || ' hourly fee per Linux/UNIX (Amazon VPC), ' || $riType || ' instance'`,
    normalization_factor: '$riNorm', normalized_usage_amount: `${total} * $riNorm`,
    ri_total_reserved_units: `CAST(${total} AS VARCHAR)`, ri_units_per_reservation: 'CAST($riFeeHours AS VARCHAR)',
    ri_normalized_units_per_reservation: 'CAST($riFeeHours * $riNorm AS VARCHAR)',
    ri_total_reserved_normalized_units: `CAST(${total} * $riNorm AS VARCHAR)`,
    ri_unused_normalized_unit_quantity: `${unused} * $riNorm`,
    ri_unused_quantity: unused, ri_unused_recurring_fee: money(`${unused} * $riRecurring`),
    ri_unused_amortized_upfront_fee: money(`${unused} * $riAmortized`),
    ri_amortized_upfront_fee_for_billing_period: money(`${total} * $riAmortized`),
  }, params);

  // Upfront payment of the partial-upfront RI, in the hour it is bought (the window's first, or a renewal's).
  await insertLines(conn, `range(1) t(x) WHERE $riPurchased`, {
    ...periodCommon(), ...RI_PRODUCT, bill_type: `'Purchase'`, line_item_type: `'Fee'`,
    usage_start: 'CAST($riStartTs AS TIMESTAMP)', usage_end: 'CAST($riStartTs AS TIMESTAMP)', usage_amount: '$riCount',
    unblended_rate: money('$riUpfront'), unblended_cost: money('$riCount * $riUpfront'),
    description: `'Sign up charge for subscription: ' || $riSubscription || ', planId: ' || $riPlanId`,
  }, params);
}
