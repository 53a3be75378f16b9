import { curChargeCategorySql } from '../../store/charge-class.ts';
import { MONEY } from '../../store/schema.ts';
import { quoteIdentifier, quoteLiteral } from '../../lib/sql-quote.ts';
import { curCommitmentColumns, curCommitmentSources } from './cur-commitments.ts';
import { SourceColumns, athenaColumnName } from './source-columns.ts';

/** Where a CUR file keeps its resource tags and cost categories. */
export type CurTagLayout =
  | { kind: 'columns'; tags: { key: string; column: string }[]; costCategories: { key: string; column: string }[] }
  | { kind: 'maps'; tagsColumn?: string; costCategoryColumn?: string };

/** The columns of a CUR file of any generation, by their snake_case (Athena / CUR 2.0) names. */
export interface CurSource {
  columns: SourceColumns;
  tags: CurTagLayout;
  /** The CUR 2.0 `product` map, when product attributes live there. */
  productMap?: string;
}

/** CUR columns that hold numbers: CSV readers type them so a bad value is reported with its line. */
export const CUR_NUMERIC_COLUMNS = new Set([
  'line_item_unblended_cost', 'line_item_blended_cost', 'line_item_usage_amount', 'line_item_unblended_rate',
  'line_item_net_unblended_cost', 'pricing_public_on_demand_cost', 'pricing_public_on_demand_rate',
  'reservation_effective_cost', 'reservation_unused_amortized_upfront_fee_for_billing_period', 'reservation_unused_recurring_fee',
  'reservation_amortized_upfront_cost_for_usage', 'reservation_recurring_fee_for_usage', 'reservation_amortized_upfront_fee_for_billing_period',
  'savings_plan_savings_plan_effective_cost', 'savings_plan_total_commitment_to_date', 'savings_plan_used_commitment',
  'savings_plan_savings_plan_rate', 'savings_plan_amortized_upfront_commitment_for_billing_period', 'savings_plan_recurring_commitment_for_billing_period',
  ...curCommitmentSources(['money', 'quantity']),
]);

/** CUR columns that hold UTC timestamps (`2023-11-01T00:00:00Z`). */
export const CUR_TIMESTAMP_COLUMNS = new Set([
  'bill_billing_period_start_date', 'bill_billing_period_end_date', 'line_item_usage_start_date', 'line_item_usage_end_date',
  ...curCommitmentSources(['time']),
]);

/** Splits a legacy CSV header into ordinary columns and tag / cost-category columns. */
export function legacyCsvSource(columns: { header: string; name: string }[]): CurSource {
  const tags: { key: string; column: string }[] = [];
  const costCategories: { key: string; column: string }[] = [];
  const plain: [string, string][] = [];
  for (const { header, name } of columns) {
    if (header.startsWith('resourceTags/')) tags.push({ key: tagKeyFromLegacy(header.slice('resourceTags/'.length)), column: name });
    else if (header.startsWith('costCategory/')) costCategories.push({ key: header.slice('costCategory/'.length), column: name });
    else plain.push([athenaColumnName(header), name]);
  }
  return { columns: new SourceColumns(plain), tags: { kind: 'columns', tags, costCategories } };
}

/** Legacy CUR for Athena (Parquet): snake_case columns, tags flattened as `resource_tags_user_*`. */
export function athenaParquetSource(columnNames: string[]): CurSource {
  const tags: { key: string; column: string }[] = [];
  const costCategories: { key: string; column: string }[] = [];
  const plain: [string, string][] = [];
  for (const name of columnNames) {
    if (name.startsWith('resource_tags_user_')) tags.push({ key: name.slice('resource_tags_user_'.length), column: name });
    else if (name.startsWith('resource_tags_aws_')) tags.push({ key: `aws:${name.slice('resource_tags_aws_'.length)}`, column: name });
    else if (name.startsWith('cost_category_')) costCategories.push({ key: name.slice('cost_category_'.length), column: name });
    else plain.push([name, name]);
  }
  return { columns: new SourceColumns(plain), tags: { kind: 'columns', tags, costCategories } };
}

/** CUR 2.0 / Data Exports: fixed snake_case schema with `resource_tags`, `cost_category`, `product` maps. */
export function cur2Source(columnNames: string[]): CurSource {
  const maps = new Set(['resource_tags', 'cost_category', 'product', 'discount']);
  const plain = columnNames.filter((n) => !maps.has(n)).map((n): [string, string] => [n, n]);
  const columns = new SourceColumns(plain);
  const present = (name: string) => (columnNames.includes(name) ? name : undefined);
  for (const name of ['resource_tags', 'cost_category', 'product']) if (present(name)) columns.markUsed(name);
  return {
    columns,
    tags: { kind: 'maps', tagsColumn: present('resource_tags'), costCategoryColumn: present('cost_category') },
    productMap: present('product'),
  };
}

function tagKeyFromLegacy(raw: string): string {
  return raw.startsWith('user:') ? raw.slice('user:'.length) : raw;
}

const money = (expr: string) => `CAST(${expr} AS ${MONEY})`;
const zeroIfNull = (expr: string) => `COALESCE(${money(expr)}, 0)`;

/**
 * The SELECT expressions that map one CUR file to `line_items`, keyed by target column.
 * Bound parameters: $ingest_id, $source_format, $source_file.
 */
export function curToLineItems(source: CurSource): Record<string, string> {
  const c = source.columns;
  const product = (name: string) => {
    if (c.has(`product_${name}`)) return c.text(`product_${name}`);
    if (source.productMap) return `NULLIF(element_at(${quoteIdentifier(source.productMap)}, ${quoteLiteral(name)})[1], '')`;
    return 'CAST(NULL AS VARCHAR)';
  };
  const type = c.text('line_item_line_item_type');
  const unblended = money(c.ref('line_item_unblended_cost'));
  const commitmentArn = `COALESCE(${c.text('savings_plan_savings_plan_a_r_n')}, ${c.text('reservation_reservation_a_r_n')})`;
  const regionCode = `COALESCE(${product('region_code')}, ${product('region')})`;
  const periodStart = `CAST(${c.ref('bill_billing_period_start_date')} AS TIMESTAMP)`;
  const usageStart = `CAST(${c.ref('line_item_usage_start_date')} AS TIMESTAMP)`;
  return {
    AvailabilityZone: c.text('line_item_availability_zone'),
    BilledCost: unblended,
    BillingAccountId: c.text('bill_payer_account_id'),
    BillingAccountName: c.text('bill_payer_account_name'),
    BillingCurrency: c.text('line_item_currency_code'),
    BillingPeriodEnd: `CAST(${c.ref('bill_billing_period_end_date')} AS TIMESTAMP)`,
    BillingPeriodStart: periodStart,
    CapacityReservationId: c.text('capacity_reservation_capacity_reservation_arn'),
    ChargeCategory: curChargeCategorySql(type),
    ChargeClass: `CASE WHEN ${usageStart} < ${periodStart} THEN 'Correction' END`,
    ChargeDescription: c.text('line_item_line_item_description'),
    ChargeFrequency: `CASE WHEN ${type} IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Recurring'
      WHEN ${type} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') THEN 'Usage-Based'
      ELSE 'One-Time' END`,
    ChargePeriodEnd: `CAST(${c.ref('line_item_usage_end_date')} AS TIMESTAMP)`,
    ChargePeriodStart: usageStart,
    CommitmentDiscountCategory: `CASE WHEN ${c.text('savings_plan_savings_plan_a_r_n')} IS NOT NULL THEN 'Spend'
      WHEN ${c.text('reservation_reservation_a_r_n')} IS NOT NULL THEN 'Usage' END`,
    CommitmentDiscountId: commitmentArn,
    CommitmentDiscountStatus: `CASE WHEN ${type} IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Used'
      WHEN ${type} IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Unused' END`,
    CommitmentDiscountType: `CASE WHEN ${c.text('savings_plan_savings_plan_a_r_n')} IS NOT NULL THEN 'Savings Plan'
      WHEN ${c.text('reservation_reservation_a_r_n')} IS NOT NULL THEN 'Reserved Instance' END`,
    ConsumedQuantity: `CASE WHEN ${type} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') THEN CAST(${c.ref('line_item_usage_amount')} AS DOUBLE) END`,
    ConsumedUnit: `CASE WHEN ${type} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') THEN ${c.firstText('pricing_unit', 'product_pricing_unit')} END`,
    EffectiveCost: effectiveCost(c, type, unblended),
    InvoiceId: c.text('bill_invoice_id'),
    InvoiceIssuerName: c.text('bill_invoicing_entity'),
    ListCost: money(c.ref('pricing_public_on_demand_cost')),
    ListUnitPrice: `TRY_CAST(${c.ref('pricing_public_on_demand_rate')} AS ${MONEY})`,
    PricingCategory: `CASE WHEN ${type} IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Committed'
      WHEN ${c.text('pricing_term')} = 'OnDemand' THEN 'Standard'
      WHEN ${c.text('pricing_term')} = 'Spot' OR ${c.text('line_item_usage_type')} LIKE '%SpotUsage%' THEN 'Dynamic' END`,
    PricingCurrency: c.firstText('pricing_currency', 'line_item_currency_code'),
    PricingQuantity: `CAST(${c.ref('line_item_usage_amount')} AS DOUBLE)`,
    PricingUnit: c.firstText('pricing_unit', 'product_pricing_unit'),
    ProviderName: `'AWS'`,
    PublisherName: `CASE WHEN ${c.text('bill_billing_entity')} = 'AWS Marketplace' THEN ${c.text('line_item_legal_entity')} ELSE 'AWS' END`,
    RegionId: regionCode,
    RegionName: `CASE WHEN ${product('location_type')} = 'AWS Region' THEN ${product('location')} END`,
    ResourceId: c.text('line_item_resource_id'),
    ServiceCategory: serviceCategory(c.text('line_item_product_code'), c.text('line_item_usage_type')),
    ServiceName: `COALESCE(${product('product_name')}, ${c.text('line_item_product_code')})`,
    SkuId: product('sku'),
    SkuPriceId: c.text('pricing_rate_id'),
    SubAccountId: c.text('line_item_usage_account_id'),
    SubAccountName: c.text('line_item_usage_account_name'),
    Tags: tagsMap(source),
    x_LineItemId: c.text('identity_line_item_id'),
    x_LineItemType: type,
    x_UsageType: c.text('line_item_usage_type'),
    x_Operation: c.text('line_item_operation'),
    x_InstanceType: product('instance_type'),
    x_ProductCode: c.text('line_item_product_code'),
    x_PricingTerm: c.text('pricing_term'),
    x_UsageAmount: `CAST(${c.ref('line_item_usage_amount')} AS DOUBLE)`,
    x_PublicOnDemandRate: `TRY_CAST(${c.ref('pricing_public_on_demand_rate')} AS ${MONEY})`,
    x_CostCategories: costCategoriesMap(source),
    x_BillingPeriod: `strftime(${periodStart}, '%Y-%m')`,
    x_Source: `'aws/' || COALESCE(${c.text('bill_payer_account_id')}, 'unknown')`,
    x_SourceFormat: '$source_format',
    x_SourceFile: '$source_file',
    x_IngestId: '$ingest_id',
    ...curCommitmentColumns(c),
  };
}

/** The standard amortisation formula (AWS CUR query library / Cloud Intelligence Dashboards). */
function effectiveCost(c: SourceColumns, type: string, unblended: string): string {
  return `CASE
      WHEN ${type} = 'SavingsPlanCoveredUsage' THEN ${zeroIfNull(c.ref('savings_plan_savings_plan_effective_cost'))}
      WHEN ${type} = 'SavingsPlanRecurringFee' THEN ${zeroIfNull(c.ref('savings_plan_total_commitment_to_date'))} - ${zeroIfNull(c.ref('savings_plan_used_commitment'))}
      WHEN ${type} IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN CAST(0 AS ${MONEY})
      WHEN ${type} = 'DiscountedUsage' THEN ${zeroIfNull(c.ref('reservation_effective_cost'))}
      WHEN ${type} = 'RIFee' THEN ${zeroIfNull(c.ref('reservation_unused_amortized_upfront_fee_for_billing_period'))} + ${zeroIfNull(c.ref('reservation_unused_recurring_fee'))}
      WHEN ${type} = 'Fee' AND ${c.text('reservation_reservation_a_r_n')} IS NOT NULL THEN CAST(0 AS ${MONEY})
      ELSE ${unblended} END`;
}

function serviceCategory(productCode: string, usageType: string): string {
  return `CASE
      WHEN ${usageType} LIKE '%DataTransfer%' OR ${usageType} LIKE '%NatGateway%' OR ${usageType} LIKE '%ElasticIP%' OR ${usageType} LIKE '%LoadBalancer%' THEN 'Networking'
      WHEN ${usageType} LIKE '%EBS:%' THEN 'Storage'
      WHEN ${productCode} IN ('AmazonEC2', 'AWSLambda', 'AmazonECS', 'AmazonEKS', 'AWSBatch', 'AmazonLightsail', 'AWSFargate') THEN 'Compute'
      WHEN ${productCode} IN ('AmazonS3', 'AmazonEFS', 'AmazonFSx', 'AmazonGlacier', 'AWSBackup', 'AmazonS3GlacierDeepArchive') THEN 'Storage'
      WHEN ${productCode} IN ('AmazonRDS', 'AmazonDynamoDB', 'AmazonElastiCache', 'AmazonRedshift', 'AmazonDocDB', 'AmazonNeptune', 'AmazonMemoryDB') THEN 'Databases'
      WHEN ${productCode} IN ('AWSELB', 'AmazonVPC', 'AmazonCloudFront', 'AmazonRoute53', 'AWSDataTransfer', 'AmazonApiGateway', 'AWSDirectConnect') THEN 'Networking'
      WHEN ${productCode} IN ('AmazonCloudWatch', 'AWSCloudTrail', 'AWSConfig', 'AWSSystemsManager') THEN 'Management and Governance'
      WHEN ${productCode} IN ('AmazonAthena', 'AmazonKinesis', 'AWSGlue', 'AmazonES', 'AmazonEMR', 'AmazonQuickSight') THEN 'Analytics'
      WHEN ${productCode} IN ('AmazonSNS', 'AWSQueueService', 'AmazonSES', 'AmazonMQ', 'AWSEvents') THEN 'Integration'
      WHEN ${productCode} IN ('AWSSupportBusiness', 'AWSSupportEnterprise', 'AWSDeveloperSupport', 'OCBPremiumSupport') THEN 'Other'
      WHEN ${productCode} IN ('awskms', 'AWSSecretsManager', 'AmazonGuardDuty', 'AWSSecurityHub', 'awswaf', 'AmazonInspector') THEN 'Security'
      WHEN ${productCode} IS NULL THEN NULL
      ELSE 'Other' END`;
}

/** The tag key a CUR 2.0 `resource_tags` key becomes (SQL over `key`): `user_`/`user:` removed, `aws_` as `aws:`. Keys must stay unique (src/ingest/map-columns.ts). */
export function cur2TagKey(key: string): string {
  return `CASE WHEN starts_with(${key}, 'user_') THEN substr(${key}, 6)
                        WHEN starts_with(${key}, 'user:') THEN substr(${key}, 6)
                        WHEN starts_with(${key}, 'aws_') THEN 'aws:' || substr(${key}, 5)
                        ELSE ${key} END`;
}

/** Tags as MAP(VARCHAR, VARCHAR): prefixes removed as DESIGN.md says, empty values dropped. */
function tagsMap(source: CurSource): string {
  const layout = source.tags;
  if (layout.kind === 'columns') {
    for (const t of layout.tags) source.columns.markUsed(t.column);
    return mapFromColumns(layout.tags);
  }
  if (!layout.tagsColumn) return 'CAST(MAP() AS MAP(VARCHAR, VARCHAR))';
  const m = quoteIdentifier(layout.tagsColumn);
  // A line without tags may carry a NULL map rather than an empty one: it has no tags either way.
  return `COALESCE(map_from_entries(list_transform(
      list_filter(map_entries(${m}), e -> e.value IS NOT NULL AND e.value <> ''),
      e -> {'key': ${cur2TagKey('e.key')}, 'value': e.value})), CAST(MAP() AS MAP(VARCHAR, VARCHAR)))`;
}

function costCategoriesMap(source: CurSource): string {
  const layout = source.tags;
  if (layout.kind === 'columns') {
    for (const t of layout.costCategories) source.columns.markUsed(t.column);
    return mapFromColumns(layout.costCategories);
  }
  if (!layout.costCategoryColumn) return 'CAST(MAP() AS MAP(VARCHAR, VARCHAR))';
  const m = quoteIdentifier(layout.costCategoryColumn);
  return `COALESCE(map_from_entries(list_filter(map_entries(${m}), e -> e.value IS NOT NULL AND e.value <> '')), CAST(MAP() AS MAP(VARCHAR, VARCHAR)))`;
}

function mapFromColumns(entries: { key: string; column: string }[]): string {
  if (entries.length === 0) return 'CAST(MAP() AS MAP(VARCHAR, VARCHAR))';
  const structs = entries.map((e) => `{'key': ${quoteLiteral(e.key)}, 'value': CAST(${quoteIdentifier(e.column)} AS VARCHAR)}`);
  return `map_from_entries(list_filter([${structs.join(', ')}], e -> e.value IS NOT NULL AND e.value <> ''))`;
}
