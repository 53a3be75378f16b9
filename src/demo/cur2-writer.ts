/** Writes a billing period as a CUR 2.0 (AWS Data Exports) Parquet delivery plus its manifest. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CUR2_COLUMNS, cur2DuckDbType } from '../cur-columns/cur2-columns.ts';
import { query, run, sqlLiteral, type Params } from './sql.ts';
import type { Period } from './time.ts';

/** Export name and S3 layout of the demo's CUR 2.0 export. */
export const CUR2_EXPORT = { name: 'costlens-demo-cur2', prefix: 'exports' };

const ts = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%SZ')`;
const rateText = (c: string) => `CAST(CAST(${c} AS DOUBLE) AS VARCHAR)`;
/** Expressions (over `li`) for the CUR 2.0 columns the demo fills; the rest are typed NULLs. */
const EXPRS: Record<string, string> = {
  bill_bill_type: 'bill_type',
  bill_billing_entity: `'AWS'`,
  bill_billing_period_end_date: 'period_end',
  bill_billing_period_start_date: 'period_start',
  bill_invoice_id: '$invoiceId',
  bill_invoicing_entity: `'Amazon Web Services, Inc.'`,
  bill_payer_account_id: '$payerAccount',
  bill_payer_account_name: '$payerName',
  cost_category: 'cost_category_map',
  discount: 'MAP {}',
  identity_line_item_id: 'line_item_id',
  identity_time_interval: `${ts('usage_start')} || '/' || ${ts('usage_end')}`,
  line_item_availability_zone: 'availability_zone',
  line_item_blended_cost: 'unblended_cost',
  line_item_blended_rate: rateText('unblended_rate'),
  line_item_currency_code: `'USD'`,
  line_item_legal_entity: `'Amazon Web Services, Inc.'`,
  line_item_line_item_description: 'description',
  line_item_line_item_type: 'line_item_type',
  line_item_normalization_factor: 'normalization_factor',
  line_item_normalized_usage_amount: 'normalized_usage_amount',
  line_item_operation: 'operation',
  line_item_product_code: 'product_code',
  line_item_resource_id: 'resource_id',
  line_item_tax_type: 'tax_type',
  line_item_unblended_cost: 'unblended_cost',
  line_item_unblended_rate: rateText('unblended_rate'),
  line_item_usage_account_id: 'usage_account_id',
  line_item_usage_account_name: 'usage_account_name',
  line_item_usage_amount: 'usage_amount',
  line_item_usage_end_date: 'usage_end',
  line_item_usage_start_date: 'usage_start',
  line_item_usage_type: 'usage_type',
  pricing_currency: `'USD'`,
  pricing_lease_contract_length: 'lease_contract_length',
  pricing_offering_class: 'offering_class',
  pricing_public_on_demand_cost: 'public_od_cost',
  pricing_public_on_demand_rate: rateText('public_od_rate'),
  pricing_purchase_option: 'purchase_option',
  pricing_rate_code: `CASE WHEN sku IS NOT NULL THEN sku || '.JRTCKXETXF.6YS6EN2CT7' END`,
  pricing_term: 'pricing_term',
  pricing_unit: 'pricing_unit',
  product: 'product_map',
  product_from_location: 'from_location',
  product_from_location_type: `CASE WHEN from_location IS NOT NULL THEN 'AWS Region' END`,
  product_from_region_code: `CASE WHEN from_location IS NOT NULL THEN region_code END`,
  product_instance_family: 'instance_family',
  product_instance_type: 'instance_type',
  product_location: 'location',
  product_location_type: `CASE WHEN region_code IS NOT NULL THEN 'AWS Region' END`,
  product_operation: `CASE WHEN line_item_type <> 'Tax' THEN operation END`,
  product_pricing_unit: 'pricing_unit',
  product_product_family: 'product_family',
  product_region_code: 'region_code',
  product_servicecode: 'servicecode',
  product_sku: 'sku',
  product_to_location: 'to_location',
  product_to_location_type: `CASE WHEN to_location IS NOT NULL THEN 'Other' END`,
  product_usagetype: `CASE WHEN line_item_type <> 'Tax' THEN usage_type END`,
  reservation_amortized_upfront_cost_for_usage: 'ri_amortized_upfront_cost_for_usage',
  reservation_amortized_upfront_fee_for_billing_period: 'ri_amortized_upfront_fee_for_billing_period',
  reservation_effective_cost: 'ri_effective_cost',
  reservation_end_time: 'ri_end_time',
  reservation_modification_status: `CASE WHEN ri_arn IS NOT NULL THEN 'Original' END`,
  reservation_normalized_units_per_reservation: 'ri_normalized_units_per_reservation',
  reservation_number_of_reservations: 'ri_number_of_reservations',
  reservation_recurring_fee_for_usage: 'ri_recurring_fee_for_usage',
  reservation_reservation_a_r_n: 'ri_arn',
  reservation_start_time: 'ri_start_time',
  reservation_subscription_id: 'ri_subscription_id',
  reservation_total_reserved_normalized_units: 'ri_total_reserved_normalized_units',
  reservation_total_reserved_units: 'ri_total_reserved_units',
  reservation_units_per_reservation: 'ri_units_per_reservation',
  reservation_unused_amortized_upfront_fee_for_billing_period: 'ri_unused_amortized_upfront_fee',
  reservation_unused_normalized_unit_quantity: 'ri_unused_normalized_unit_quantity',
  reservation_unused_quantity: 'ri_unused_quantity',
  reservation_unused_recurring_fee: 'ri_unused_recurring_fee',
  reservation_upfront_value: 'ri_upfront_value',
  resource_tags: 'resource_tags_map',
  savings_plan_amortized_upfront_commitment_for_billing_period: 'sp_amortized_upfront_commitment',
  savings_plan_end_time: 'sp_end_time',
  savings_plan_instance_type_family: 'sp_instance_type_family',
  savings_plan_offering_type: 'sp_offering_type',
  savings_plan_payment_option: 'sp_payment_option',
  savings_plan_purchase_term: 'sp_purchase_term',
  savings_plan_recurring_commitment_for_billing_period: 'sp_recurring_commitment',
  savings_plan_region: 'sp_region',
  savings_plan_savings_plan_a_r_n: 'sp_arn',
  savings_plan_savings_plan_effective_cost: 'sp_effective_cost',
  savings_plan_savings_plan_rate: 'sp_rate',
  savings_plan_start_time: 'sp_start_time',
  savings_plan_total_commitment_to_date: 'sp_total_commitment',
  savings_plan_used_commitment: 'sp_used_commitment',
};

/** Options for one CUR 2.0 delivery. */
export interface Cur2WriteOptions {
  root: string;
  period: Period;
  payerAccount: string;
  payerName: string;
  invoiceId: string | null;
  partRows: number;
  executionId: string;
  exportId: string;
}

/** What was written for one CUR 2.0 billing period. */
export interface Cur2WriteResult {
  manifestPath: string;
  dataFiles: string[];
  files: string[];
  rows: number;
}

/** The S3 bucket the demo's CUR 2.0 export pretends to be delivered to. */
export function cur2Bucket(payer: string): string {
  return `costlens-demo-exports-${payer}`;
}

/** Writes the Parquet parts and the manifest of a period from the `li` table. */
export async function writeCur2Period(conn: DuckDBConnection, o: Cur2WriteOptions): Promise<Cur2WriteResult> {
  const params: Params = { period: o.period.key, invoiceId: o.invoiceId, payerAccount: o.payerAccount, payerName: o.payerName };
  const rows = Number((await query<{ n: string }>(conn, 'SELECT count(*) AS n FROM li'))[0].n);
  // Columns that do not vary line to line are computed once per spec; NULL columns are typed literals.
  const perLine = (e: string) => /\b(line_item_id|usage_start|usage_end|usage_amount|unblended_cost|public_od_cost|sp_used_commitment)\b/.test(e);
  const typed = (c: (typeof CUR2_COLUMNS)[number]) => `CAST(${EXPRS[c.name] ?? 'NULL'} AS ${cur2DuckDbType(c.type)})`;
  const constant = CUR2_COLUMNS.filter((c) => EXPRS[c.name] && !perLine(EXPRS[c.name]));
  await run(conn, `CREATE OR REPLACE TEMP TABLE seg2 AS SELECT spec_id AS sid, ${constant.map((c) => `${typed(c)} AS ${c.name}`).join(', ')} FROM spec`, params);
  const select = CUR2_COLUMNS.map((c) => (!EXPRS[c.name] ? `${typed(c)} AS ${c.name}` : perLine(EXPRS[c.name]) ? `${typed(c)} AS ${c.name}` : `seg2.${c.name}`));
  const partition = `BILLING_PERIOD=${o.period.key}`;
  const dataKey = `${CUR2_EXPORT.prefix}/${CUR2_EXPORT.name}/data/${partition}`;
  const metaKey = `${CUR2_EXPORT.prefix}/${CUR2_EXPORT.name}/metadata/${partition}`;
  await mkdir(join(o.root, dataKey), { recursive: true });
  await mkdir(join(o.root, metaKey), { recursive: true });
  const bucket = cur2Bucket(o.payerAccount);
  const parts = Math.max(1, Math.ceil(rows / o.partRows));
  const dataFiles: string[] = [];
  const files: string[] = [];
  for (let k = 0; k < parts; k++) {
    const name = `${CUR2_EXPORT.name}-${String(k + 1).padStart(5, '0')}.snappy.parquet`;
    const file = join(o.root, dataKey, name);
    await run(conn, `COPY (SELECT ${select.join(', ')} FROM li JOIN seg2 ON seg2.sid = li.sid WHERE li.rowid >= ${k * o.partRows} AND li.rowid < ${(k + 1) * o.partRows})
      TO ${sqlLiteral(file)} (FORMAT parquet, COMPRESSION snappy)`, params);
    dataFiles.push(`s3://${bucket}/${dataKey}/${name}`);
    files.push(file);
  }
  await run(conn, 'DROP TABLE seg2');
  const manifest = {
    executionId: o.executionId,
    exportArn: `arn:aws:bcm-data-exports:us-east-1:${o.payerAccount}:export/${CUR2_EXPORT.name}-${o.exportId}`,
    exportName: CUR2_EXPORT.name,
    columns: CUR2_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
    dataFiles,
    additionalOutputFiles: [],
    billingPeriod: { start: o.period.start.toISOString(), end: o.period.end.toISOString() },
    bucket,
  };
  const manifestPath = join(o.root, metaKey, `${CUR2_EXPORT.name}-Manifest.json`);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  files.push(manifestPath);
  return { manifestPath, dataFiles, files, rows };
}
