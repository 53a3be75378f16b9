import { quoteIdentifier } from '../lib/sql-quote.ts';

/** DuckDB type for money columns: exact decimal sums, 10 decimal places as AWS writes them. */
export const MONEY = 'DECIMAL(38,10)';

export interface ColumnDef {
  name: string;
  type: string;
}

const text = (name: string): ColumnDef => ({ name, type: 'VARCHAR' });
const money = (name: string): ColumnDef => ({ name, type: MONEY });
const quantity = (name: string): ColumnDef => ({ name, type: 'DOUBLE' });
const time = (name: string): ColumnDef => ({ name, type: 'TIMESTAMP' });

/** Every FOCUS 1.2 column, named as the specification names them. */
export const FOCUS_COLUMNS: ColumnDef[] = [
  text('AvailabilityZone'),
  money('BilledCost'),
  text('BillingAccountId'),
  text('BillingAccountName'),
  text('BillingAccountType'),
  text('BillingCurrency'),
  time('BillingPeriodEnd'),
  time('BillingPeriodStart'),
  text('CapacityReservationId'),
  text('CapacityReservationStatus'),
  text('ChargeCategory'),
  text('ChargeClass'),
  text('ChargeDescription'),
  text('ChargeFrequency'),
  time('ChargePeriodEnd'),
  time('ChargePeriodStart'),
  text('CommitmentDiscountCategory'),
  text('CommitmentDiscountId'),
  text('CommitmentDiscountName'),
  quantity('CommitmentDiscountQuantity'),
  text('CommitmentDiscountStatus'),
  text('CommitmentDiscountType'),
  text('CommitmentDiscountUnit'),
  quantity('ConsumedQuantity'),
  text('ConsumedUnit'),
  money('ContractedCost'),
  money('ContractedUnitPrice'),
  money('EffectiveCost'),
  text('InvoiceId'),
  text('InvoiceIssuerName'),
  money('ListCost'),
  money('ListUnitPrice'),
  text('PricingCategory'),
  text('PricingCurrency'),
  money('PricingCurrencyContractedUnitPrice'),
  money('PricingCurrencyEffectiveCost'),
  money('PricingCurrencyListUnitPrice'),
  quantity('PricingQuantity'),
  text('PricingUnit'),
  text('ProviderName'),
  text('PublisherName'),
  text('RegionId'),
  text('RegionName'),
  text('ResourceId'),
  text('ResourceName'),
  text('ResourceType'),
  text('ServiceCategory'),
  text('ServiceName'),
  text('ServiceSubcategory'),
  text('SkuId'),
  text('SkuMeter'),
  text('SkuPriceDetails'),
  text('SkuPriceId'),
  text('SubAccountId'),
  text('SubAccountName'),
  text('SubAccountType'),
  { name: 'Tags', type: 'MAP(VARCHAR, VARCHAR)' },
];

/** Provider-specific columns (FOCUS `x_` prefix) that analyses and audits need. */
export const EXTENSION_COLUMNS: ColumnDef[] = [
  text('x_LineItemId'),
  text('x_LineItemType'),
  text('x_UsageType'),
  text('x_Operation'),
  text('x_InstanceType'),
  text('x_ProductCode'),
  text('x_PricingTerm'),
  quantity('x_UsageAmount'),
  money('x_PublicOnDemandRate'),
  { name: 'x_CostCategories', type: 'MAP(VARCHAR, VARCHAR)' },
  text('x_BillingPeriod'),
  text('x_Source'),
  text('x_SourceFormat'),
  text('x_SourceFile'),
  text('x_IngestId'),
];

/**
 * The columns `line_items` was created with (migration 1). Migration 2 appended `x_TagSetId`
 * (UBIGINT, `hash(Tags)`), the key into `tag_sets` (tag_set_id, Tags): analyses group line items
 * by that integer and read tag values from the few distinct tag sets instead of every line's map.
 */
export const LINE_ITEM_COLUMNS: ColumnDef[] = [...FOCUS_COLUMNS, ...EXTENSION_COLUMNS];

export const METRIC_COLUMNS: ColumnDef[] = [
  text('resource_id'),
  text('namespace'),
  text('metric_name'),
  text('statistic'),
  { name: 'period_s', type: 'INTEGER' },
  time('timestamp'),
  quantity('value'),
  text('unit'),
];

export const RESOURCE_COLUMNS: ColumnDef[] = [
  text('resource_id'),
  text('account_id'),
  text('region'),
  text('service'),
  text('resource_type'),
  text('instance_type'),
  text('state'),
  text('attached_to'),
  { name: 'tags', type: 'MAP(VARCHAR, VARCHAR)' },
  time('observed_at'),
];

export const BUSINESS_METRIC_COLUMNS: ColumnDef[] = [
  { name: 'date', type: 'DATE' },
  text('metric'),
  quantity('value'),
];

/** Renders a column list as the body of CREATE TABLE. */
export function columnDefinitions(columns: ColumnDef[]): string {
  return columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(',\n  ');
}
