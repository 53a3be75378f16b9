/**
 * The fixed column list of the AWS Data Exports "Cost and Usage Report 2.0" table
 * (`COST_AND_USAGE_REPORT`), as documented in the CUR 2.0 table dictionary:
 *   https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html
 * (sections: bill, cost category, discount, identity, line item, pricing, product,
 * reservation, resource tags, savings plan, split line item — each page lists
 * "Column name | Description | Data type").
 *
 * This is the column set AWS delivers with the table configurations
 * INCLUDE_RESOURCES=TRUE and INCLUDE_SPLIT_COST_ALLOCATION_DATA=TRUE and without
 * INCLUDE_MANUAL_DISCOUNT_COMPATIBILITY, in the alphabetical order AWS uses for
 * the default export query. Columns gated behind newer optional table
 * configurations (`tags`, `capacity_reservation_*`, `line_item_iam_principal`,
 * `line_item_user_identifier`) are not part of this list.
 *
 * Notes from the dictionary:
 * - `resource_tags`, `cost_category` and `product` are `map <string, string>`;
 *   `discount` is `map <string, double>`.
 * - Rates (`line_item_unblended_rate`, `pricing_public_on_demand_rate`, ...) are
 *   strings, costs and amounts are doubles, the four period/usage dates are
 *   timestamps, reservation/savings plan start/end times are strings.
 * - The product page spells one column `product_instanceSKU`; the delivered
 *   files, the GetTable API and AWS's own CID templates spell it
 *   `product_instancesku`, which is what we use.
 * - `resource_tags` keys are the cost-allocation tag keys with a `user_` prefix
 *   (user-defined tags) or `aws_` prefix (AWS-generated tags), normalised to
 *   lower snake case like legacy CUR's Athena columns: `user:Team` → `user_team`,
 *   `user:cost-center` → `user_cost_center`, `aws:createdBy` → `aws_created_by`.
 *   See {@link cur2TagKey}.
 */

/** A data type as the CUR 2.0 dictionary names it. */
export type Cur2Type = 'string' | 'double' | 'timestamp' | 'map<string,string>' | 'map<string,double>';

/** One documented CUR 2.0 column. */
export interface Cur2Column {
  name: string;
  type: Cur2Type;
}

/** Documentation URL of the CUR 2.0 table dictionary. */
export const CUR2_DOC_URL = 'https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html';

const S = 'string' as const;
const D = 'double' as const;
const T = 'timestamp' as const;
const M = 'map<string,string>' as const;

/** The CUR 2.0 columns in delivery order, with their documented data types. */
export const CUR2_COLUMNS: readonly Cur2Column[] = [
  { name: 'bill_bill_type', type: S },
  { name: 'bill_billing_entity', type: S },
  { name: 'bill_billing_period_end_date', type: T },
  { name: 'bill_billing_period_start_date', type: T },
  { name: 'bill_invoice_id', type: S },
  { name: 'bill_invoicing_entity', type: S },
  { name: 'bill_payer_account_id', type: S },
  { name: 'bill_payer_account_name', type: S },
  { name: 'cost_category', type: M },
  { name: 'discount', type: 'map<string,double>' },
  { name: 'discount_bundled_discount', type: D },
  { name: 'discount_total_discount', type: D },
  { name: 'identity_line_item_id', type: S },
  { name: 'identity_time_interval', type: S },
  { name: 'line_item_availability_zone', type: S },
  { name: 'line_item_blended_cost', type: D },
  { name: 'line_item_blended_rate', type: S },
  { name: 'line_item_currency_code', type: S },
  { name: 'line_item_legal_entity', type: S },
  { name: 'line_item_line_item_description', type: S },
  { name: 'line_item_line_item_type', type: S },
  { name: 'line_item_net_unblended_cost', type: D },
  { name: 'line_item_net_unblended_rate', type: S },
  { name: 'line_item_normalization_factor', type: D },
  { name: 'line_item_normalized_usage_amount', type: D },
  { name: 'line_item_operation', type: S },
  { name: 'line_item_product_code', type: S },
  { name: 'line_item_resource_id', type: S },
  { name: 'line_item_tax_type', type: S },
  { name: 'line_item_unblended_cost', type: D },
  { name: 'line_item_unblended_rate', type: S },
  { name: 'line_item_usage_account_id', type: S },
  { name: 'line_item_usage_account_name', type: S },
  { name: 'line_item_usage_amount', type: D },
  { name: 'line_item_usage_end_date', type: T },
  { name: 'line_item_usage_start_date', type: T },
  { name: 'line_item_usage_type', type: S },
  { name: 'pricing_currency', type: S },
  { name: 'pricing_lease_contract_length', type: S },
  { name: 'pricing_offering_class', type: S },
  { name: 'pricing_public_on_demand_cost', type: D },
  { name: 'pricing_public_on_demand_rate', type: S },
  { name: 'pricing_purchase_option', type: S },
  { name: 'pricing_rate_code', type: S },
  { name: 'pricing_rate_id', type: S },
  { name: 'pricing_term', type: S },
  { name: 'pricing_unit', type: S },
  { name: 'product', type: M },
  { name: 'product_comment', type: S },
  { name: 'product_fee_code', type: S },
  { name: 'product_fee_description', type: S },
  { name: 'product_from_location', type: S },
  { name: 'product_from_location_type', type: S },
  { name: 'product_from_region_code', type: S },
  { name: 'product_instance_family', type: S },
  { name: 'product_instance_type', type: S },
  { name: 'product_instancesku', type: S },
  { name: 'product_location', type: S },
  { name: 'product_location_type', type: S },
  { name: 'product_operation', type: S },
  { name: 'product_pricing_unit', type: S },
  { name: 'product_product_family', type: S },
  { name: 'product_region_code', type: S },
  { name: 'product_servicecode', type: S },
  { name: 'product_sku', type: S },
  { name: 'product_to_location', type: S },
  { name: 'product_to_location_type', type: S },
  { name: 'product_to_region_code', type: S },
  { name: 'product_usagetype', type: S },
  { name: 'reservation_amortized_upfront_cost_for_usage', type: D },
  { name: 'reservation_amortized_upfront_fee_for_billing_period', type: D },
  { name: 'reservation_availability_zone', type: S },
  { name: 'reservation_effective_cost', type: D },
  { name: 'reservation_end_time', type: S },
  { name: 'reservation_modification_status', type: S },
  { name: 'reservation_net_amortized_upfront_cost_for_usage', type: D },
  { name: 'reservation_net_amortized_upfront_fee_for_billing_period', type: D },
  { name: 'reservation_net_effective_cost', type: D },
  { name: 'reservation_net_recurring_fee_for_usage', type: D },
  { name: 'reservation_net_unused_amortized_upfront_fee_for_billing_period', type: D },
  { name: 'reservation_net_unused_recurring_fee', type: D },
  { name: 'reservation_net_upfront_value', type: D },
  { name: 'reservation_normalized_units_per_reservation', type: S },
  { name: 'reservation_number_of_reservations', type: S },
  { name: 'reservation_recurring_fee_for_usage', type: D },
  { name: 'reservation_reservation_a_r_n', type: S },
  { name: 'reservation_start_time', type: S },
  { name: 'reservation_subscription_id', type: S },
  { name: 'reservation_total_reserved_normalized_units', type: S },
  { name: 'reservation_total_reserved_units', type: S },
  { name: 'reservation_units_per_reservation', type: S },
  { name: 'reservation_unused_amortized_upfront_fee_for_billing_period', type: D },
  { name: 'reservation_unused_normalized_unit_quantity', type: D },
  { name: 'reservation_unused_quantity', type: D },
  { name: 'reservation_unused_recurring_fee', type: D },
  { name: 'reservation_upfront_value', type: D },
  { name: 'resource_tags', type: M },
  { name: 'savings_plan_amortized_upfront_commitment_for_billing_period', type: D },
  { name: 'savings_plan_end_time', type: S },
  { name: 'savings_plan_instance_type_family', type: S },
  { name: 'savings_plan_net_amortized_upfront_commitment_for_billing_period', type: D },
  { name: 'savings_plan_net_recurring_commitment_for_billing_period', type: D },
  { name: 'savings_plan_net_savings_plan_effective_cost', type: D },
  { name: 'savings_plan_offering_type', type: S },
  { name: 'savings_plan_payment_option', type: S },
  { name: 'savings_plan_purchase_term', type: S },
  { name: 'savings_plan_recurring_commitment_for_billing_period', type: D },
  { name: 'savings_plan_region', type: S },
  { name: 'savings_plan_savings_plan_a_r_n', type: S },
  { name: 'savings_plan_savings_plan_effective_cost', type: D },
  { name: 'savings_plan_savings_plan_rate', type: D },
  { name: 'savings_plan_start_time', type: S },
  { name: 'savings_plan_total_commitment_to_date', type: D },
  { name: 'savings_plan_used_commitment', type: D },
  { name: 'split_line_item_actual_usage', type: D },
  { name: 'split_line_item_net_split_cost', type: D },
  { name: 'split_line_item_net_unused_cost', type: D },
  { name: 'split_line_item_parent_resource_id', type: S },
  { name: 'split_line_item_public_on_demand_split_cost', type: D },
  { name: 'split_line_item_public_on_demand_unused_cost', type: D },
  { name: 'split_line_item_reserved_usage', type: D },
  { name: 'split_line_item_split_cost', type: D },
  { name: 'split_line_item_split_usage', type: D },
  { name: 'split_line_item_split_usage_ratio', type: D },
  { name: 'split_line_item_unused_cost', type: D },
];

/** The DuckDB type a CUR 2.0 dictionary type is read as from Parquet. */
export function cur2DuckDbType(type: Cur2Type): string {
  switch (type) {
    case 'string':
      return 'VARCHAR';
    case 'double':
      return 'DOUBLE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'map<string,string>':
      return 'MAP(VARCHAR, VARCHAR)';
    case 'map<string,double>':
      return 'MAP(VARCHAR, DOUBLE)';
  }
}

/**
 * The key a legacy CUR tag (`user:Team`, `aws:createdBy`) has in CUR 2.0's
 * `resource_tags` map: the `user:`/`aws:` prefix becomes `user_`/`aws_`, and the
 * key is snake-cased (camelCase split, non-alphanumerics to `_`, lower case).
 * Several legacy keys can therefore share one CUR 2.0 key (`team`, `Team`, `TEAM`).
 */
export function cur2TagKey(legacyKey: string): string {
  const colon = legacyKey.indexOf(':');
  const prefix = colon >= 0 ? legacyKey.slice(0, colon) : 'user';
  const key = colon >= 0 ? legacyKey.slice(colon + 1) : legacyKey;
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return `${prefix}_${snake}`;
}
