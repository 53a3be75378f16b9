/**
 * The FOCUS-aligned view the Athena engine's queries read as `line_items`, over a CUR 2.0 (Data
 * Exports) table or a legacy "CUR for Athena" table, written in Trino SQL with the same mapping
 * the embedded ingest uses (src/ingest/formats/cur.ts): BilledCost = unblended cost,
 * EffectiveCost by the standard amortisation formula, tags with their source prefixes removed.
 * The table's columns come from athena:GetTableMetadata, so absent columns read as NULL.
 */
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { AthenaConfig } from '../aws-client/config.ts';
import { CostlensError } from '../errors.ts';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import { CUR_COMMITMENT_COLUMNS, type CurCommitmentColumn } from '../cur-columns/commitment-columns.ts';
import { CHARGE_CLASS_SQL, curChargeCategorySql } from '../store/charge-class.ts';
import { FOCUS_COLUMNS, MONEY } from '../store/schema.ts';
import { runAthenaQuery, type AthenaRunSettings } from './athena-client.ts';
import { awsSdk } from '../aws-client/sdk.ts';

const q = quoteIdentifier;
const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The CUR table's columns, and SQL for reading them whether or not they exist. */
export class CurTableColumns {
  private readonly names: Map<string, string>;

  constructor(columns: { name: string; type: string }[], private readonly format: 'cur2' | 'legacy') {
    this.names = new Map(columns.map((c) => [c.name.toLowerCase(), c.type.toLowerCase()]));
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  text(name: string): string {
    return this.has(name) ? `NULLIF(CAST(${q(name)} AS VARCHAR), '')` : 'CAST(NULL AS VARCHAR)';
  }

  money(name: string): string {
    return this.has(name) ? `CAST(${q(name)} AS ${MONEY})` : `CAST(NULL AS ${MONEY})`;
  }

  zero(name: string): string {
    return `COALESCE(${this.money(name)}, CAST(0 AS ${MONEY}))`;
  }

  number(name: string): string {
    return this.has(name) ? `CAST(${q(name)} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
  }

  time(name: string): string {
    return this.has(name) ? `CAST(${q(name)} AS TIMESTAMP)` : 'CAST(NULL AS TIMESTAMP)';
  }

  /** A product attribute: `product_<name>` column, else the CUR 2.0 `product` map. */
  product(name: string): string {
    if (this.has(`product_${name}`)) return this.text(`product_${name}`);
    if (this.has('product') && this.names.get('product')!.startsWith('map')) return `NULLIF(element_at(${q('product')}, ${lit(name)}), '')`;
    return 'CAST(NULL AS VARCHAR)';
  }

  /** Tags as MAP(VARCHAR, VARCHAR), keys without `user_`/`user:` and with `aws:` for AWS tags, empty values dropped. */
  tags(): string {
    if (this.format === 'cur2' && this.has('resource_tags')) {
      return `transform_keys(map_filter(${q('resource_tags')}, (k, v) -> v IS NOT NULL AND v <> ''),
        (k, v) -> CASE WHEN starts_with(k, 'user_') OR starts_with(k, 'user:') THEN substr(k, 6) WHEN starts_with(k, 'aws_') THEN 'aws:' || substr(k, 5) ELSE k END)`;
    }
    const tagColumns = [...this.names.keys()].filter((n) => n.startsWith('resource_tags_user_') || n.startsWith('resource_tags_aws_'));
    return this.columnsMap(tagColumns, (n) => (n.startsWith('resource_tags_user_') ? n.slice('resource_tags_user_'.length) : `aws:${n.slice('resource_tags_aws_'.length)}`));
  }

  /** Columns as one MAP(VARCHAR, VARCHAR), each keyed by `keyOf` its name (in name order), empty values dropped. */
  private columnsMap(columns: string[], keyOf: (name: string) => string): string {
    if (columns.length === 0) return 'CAST(MAP() AS MAP(VARCHAR, VARCHAR))';
    const sorted = [...columns].sort();
    const keys = sorted.map((n) => lit(keyOf(n)));
    const values = sorted.map((n) => `CAST(${q(n)} AS VARCHAR)`);
    return `map_filter(MAP(ARRAY[${keys.join(', ')}], ARRAY[${values.join(', ')}]), (k, v) -> v IS NOT NULL AND v <> '')`;
  }

  /**
   * Cost categories as MAP(VARCHAR, VARCHAR), as the ingest reads them (src/ingest/formats/cur.ts):
   * CUR 2.0's `cost_category` map, else a legacy table's `cost_category_<name>` columns keyed by
   * `<name>`; empty values dropped.
   */
  costCategories(): string {
    if (this.format === 'cur2' && this.has('cost_category') && this.names.get('cost_category')!.startsWith('map')) {
      return `map_filter(${q('cost_category')}, (k, v) -> v IS NOT NULL AND v <> '')`;
    }
    return this.columnsMap([...this.names.keys()].filter((n) => n.startsWith('cost_category_')), (n) => n.slice('cost_category_'.length));
  }
}

/** The SELECT list of the view: every FOCUS column (NULL where the CUR has no source) and the x_ columns. */
export function focusViewSelect(c: CurTableColumns): Record<string, string> {
  const type = c.text('line_item_line_item_type');
  const unblended = c.money('line_item_unblended_cost');
  const spArn = c.text('savings_plan_savings_plan_a_r_n');
  const riArn = c.text('reservation_reservation_a_r_n');
  const periodStart = c.time('bill_billing_period_start_date');
  const usageStart = c.time('line_item_usage_start_date');
  const mapped: Record<string, string> = {
    AvailabilityZone: c.text('line_item_availability_zone'),
    BilledCost: unblended,
    BillingAccountId: c.text('bill_payer_account_id'),
    BillingAccountName: c.text('bill_payer_account_name'),
    BillingCurrency: c.text('line_item_currency_code'),
    BillingPeriodEnd: c.time('bill_billing_period_end_date'),
    BillingPeriodStart: periodStart,
    ChargeCategory: curChargeCategorySql(type),
    ChargeClass: `CASE WHEN ${usageStart} < ${periodStart} THEN 'Correction' END`,
    ChargeDescription: c.text('line_item_line_item_description'),
    ChargeFrequency: `CASE WHEN ${type} IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Recurring'
      WHEN ${type} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') THEN 'Usage-Based' ELSE 'One-Time' END`,
    ChargePeriodEnd: c.time('line_item_usage_end_date'),
    ChargePeriodStart: usageStart,
    CommitmentDiscountCategory: `CASE WHEN ${spArn} IS NOT NULL THEN 'Spend' WHEN ${riArn} IS NOT NULL THEN 'Usage' END`,
    CommitmentDiscountId: `COALESCE(${spArn}, ${riArn})`,
    CommitmentDiscountStatus: `CASE WHEN ${type} IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Used' WHEN ${type} IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Unused' END`,
    CommitmentDiscountType: `CASE WHEN ${spArn} IS NOT NULL THEN 'Savings Plan' WHEN ${riArn} IS NOT NULL THEN 'Reserved Instance' END`,
    ConsumedQuantity: `CASE WHEN ${type} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') THEN ${c.number('line_item_usage_amount')} END`,
    ConsumedUnit: `CASE WHEN ${type} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') THEN COALESCE(${c.text('pricing_unit')}, ${c.product('pricing_unit')}) END`,
    EffectiveCost: `CASE
      WHEN ${type} = 'SavingsPlanCoveredUsage' THEN ${c.zero('savings_plan_savings_plan_effective_cost')}
      WHEN ${type} = 'SavingsPlanRecurringFee' THEN ${c.zero('savings_plan_total_commitment_to_date')} - ${c.zero('savings_plan_used_commitment')}
      WHEN ${type} IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN CAST(0 AS ${MONEY})
      WHEN ${type} = 'DiscountedUsage' THEN ${c.zero('reservation_effective_cost')}
      WHEN ${type} = 'RIFee' THEN ${c.zero('reservation_unused_amortized_upfront_fee_for_billing_period')} + ${c.zero('reservation_unused_recurring_fee')}
      WHEN ${type} = 'Fee' AND ${riArn} IS NOT NULL THEN CAST(0 AS ${MONEY})
      ELSE ${unblended} END`,
    InvoiceId: c.text('bill_invoice_id'),
    InvoiceIssuerName: c.text('bill_invoicing_entity'),
    ListCost: c.money('pricing_public_on_demand_cost'),
    ListUnitPrice: c.has('pricing_public_on_demand_rate') ? `TRY_CAST(${q('pricing_public_on_demand_rate')} AS ${MONEY})` : `CAST(NULL AS ${MONEY})`,
    PricingCategory: `CASE WHEN ${type} IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Committed' WHEN ${c.text('pricing_term')} = 'OnDemand' THEN 'Standard'
      WHEN ${c.text('pricing_term')} = 'Spot' OR ${c.text('line_item_usage_type')} LIKE '%SpotUsage%' THEN 'Dynamic' END`,
    PricingCurrency: COALESCE(c.text('pricing_currency'), c.text('line_item_currency_code')),
    PricingQuantity: c.number('line_item_usage_amount'),
    PricingUnit: COALESCE(c.text('pricing_unit'), c.product('pricing_unit')),
    ProviderName: `'AWS'`,
    PublisherName: `CASE WHEN ${c.text('bill_billing_entity')} = 'AWS Marketplace' THEN ${c.text('line_item_legal_entity')} ELSE 'AWS' END`,
    RegionId: COALESCE(c.product('region_code'), c.product('region')),
    RegionName: `CASE WHEN ${c.product('location_type')} = 'AWS Region' THEN ${c.product('location')} END`,
    ResourceId: c.text('line_item_resource_id'),
    ServiceName: COALESCE(c.product('product_name'), c.text('line_item_product_code')),
    SkuId: c.product('sku'),
    SkuPriceId: c.text('pricing_rate_id'),
    SubAccountId: c.text('line_item_usage_account_id'),
    SubAccountName: c.text('line_item_usage_account_name'),
    Tags: c.tags(),
  };
  const select: Record<string, string> = {};
  for (const column of FOCUS_COLUMNS) select[column.name] = mapped[column.name] ?? `CAST(NULL AS ${column.type === 'MAP(VARCHAR, VARCHAR)' ? 'MAP(VARCHAR, VARCHAR)' : column.type})`;
  Object.assign(select, {
    x_LineItemId: c.text('identity_line_item_id'),
    x_LineItemType: type,
    x_UsageType: c.text('line_item_usage_type'),
    x_Operation: c.text('line_item_operation'),
    x_InstanceType: c.product('instance_type'),
    x_ProductCode: c.text('line_item_product_code'),
    x_PricingTerm: c.text('pricing_term'),
    x_UsageAmount: c.number('line_item_usage_amount'),
    x_CostCategories: c.costCategories(),
    x_BillingPeriod: `date_format(${periodStart}, '%Y-%m')`,
    x_Source: `'aws/' || COALESCE(${c.text('bill_payer_account_id')}, 'unknown')`,
    x_SourceFormat: lit(c.has('resource_tags') ? 'cur2' : 'cur-athena'),
  });
  for (const column of CUR_COMMITMENT_COLUMNS) select[column.target] = commitmentValue(c, column);
  return select;
}

/** A commitment column in Trino: counts and units are strings in the CUR table, times ISO 8601 strings. */
function commitmentValue(c: CurTableColumns, column: CurCommitmentColumn): string {
  if (column.kind === 'text') return c.text(column.source);
  if (column.kind === 'money') return c.money(column.source);
  const text = `NULLIF(trim(${c.text(column.source)}), '')`;
  if (column.kind === 'quantity') return c.has(column.source) ? `CAST(${text} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
  return c.has(column.source) ? `CAST(from_iso8601_timestamp(${text}) AT TIME ZONE 'UTC' AS TIMESTAMP)` : 'CAST(NULL AS TIMESTAMP)';
}

function COALESCE(...parts: string[]): string {
  return `COALESCE(${parts.join(', ')})`;
}

/** The CREATE OR REPLACE VIEW statement for the configured view over the configured CUR table. */
export function focusViewDdl(config: AthenaConfig, columns: { name: string; type: string }[]): string {
  const select = focusViewSelect(new CurTableColumns(columns, config.curFormat));
  const list = Object.entries(select).map(([name, expr]) => `    ${expr} AS ${q(name)}`).join(',\n');
  return `CREATE OR REPLACE VIEW ${q(config.database)}.${q(config.viewName)} AS\nSELECT mapped.*, ${CHARGE_CLASS_SQL} AS "x_ChargeClass"\nFROM (\n  SELECT\n${list}\n  FROM ${q(config.database)}.${q(config.curTable)}\n) mapped`;
}

/** Reads the CUR table's columns and creates or replaces the view. */
export async function createFocusView(client: AthenaClient, settings: AthenaRunSettings, config: AthenaConfig): Promise<string> {
  const metadata = await client.send(new (awsSdk.athena().GetTableMetadataCommand)({ CatalogName: config.catalog, DatabaseName: config.database, TableName: config.curTable, WorkGroup: config.workgroup }));
  const columns = [...(metadata.TableMetadata?.Columns ?? []), ...(metadata.TableMetadata?.PartitionKeys ?? [])].map((col) => ({ name: col.Name ?? '', type: col.Type ?? 'string' }));
  if (!columns.some((col) => col.name.toLowerCase() === 'line_item_unblended_cost')) {
    throw new CostlensError('config', `${config.database}.${config.curTable} has no line_item_unblended_cost column: not a CUR table`, { hint: 'point aws.athena.curTable at the CUR 2.0 or "CUR for Athena" table' });
  }
  const ddl = focusViewDdl(config, columns);
  await runAthenaQuery(client, settings, ddl);
  return ddl;
}
