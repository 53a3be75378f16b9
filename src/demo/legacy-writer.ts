/** Writes a billing period as a legacy CUR report: gzip CSV parts plus the AWS manifest. */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { csvRecord } from '../lib/csv.ts';
import { LEGACY_CUR_COLUMNS, legacyHeader, type LegacyCurColumn } from '../cur-columns/legacy-columns.ts';
import { LINES } from './lines.ts';
import { query, run, sqlLiteral, type Params } from './sql.ts';
import { TAG_COLUMNS } from './tags.ts';
import { compactDate, compactTimestamp, type Period } from './time.ts';
import { ascending } from '../lib/order.ts';

/** Report name and S3 layout of the demo's legacy CUR. */
export const LEGACY_REPORT = { name: 'costlens-demo', prefix: 'reports' };

const ts = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%SZ')`;
const num = (c: string) => `CAST(${c} AS DOUBLE)`;

/** SQL expression (over the `li` table) for each static legacy column. */
const EXPRS: Record<string, string> = {
  'identity/LineItemId': 'line_item_id',
  'identity/TimeInterval': `${ts('usage_start')} || '/' || ${ts('usage_end')}`,
  'bill/InvoiceId': 'CAST($invoiceId AS VARCHAR)',
  'bill/InvoicingEntity': `'Amazon Web Services, Inc.'`,
  'bill/BillingEntity': `'AWS'`,
  'bill/BillType': 'bill_type',
  'bill/PayerAccountId': '$payerAccount',
  'bill/BillingPeriodStartDate': ts('period_start'),
  'bill/BillingPeriodEndDate': ts('period_end'),
  'lineItem/UsageAccountId': 'usage_account_id',
  'lineItem/LineItemType': 'line_item_type',
  'lineItem/UsageStartDate': ts('usage_start'),
  'lineItem/UsageEndDate': ts('usage_end'),
  'lineItem/ProductCode': 'product_code',
  'lineItem/UsageType': 'usage_type',
  'lineItem/Operation': 'operation',
  'lineItem/AvailabilityZone': 'availability_zone',
  'lineItem/ResourceId': 'resource_id',
  'lineItem/UsageAmount': num('usage_amount'),
  'lineItem/NormalizationFactor': num('normalization_factor'),
  'lineItem/NormalizedUsageAmount': num('normalized_usage_amount'),
  'lineItem/CurrencyCode': `'USD'`,
  'lineItem/UnblendedRate': num('unblended_rate'),
  'lineItem/UnblendedCost': num('unblended_cost'),
  'lineItem/BlendedRate': num('unblended_rate'),
  'lineItem/BlendedCost': num('unblended_cost'),
  'lineItem/LineItemDescription': 'description',
  'lineItem/TaxType': 'tax_type',
  'lineItem/LegalEntity': `'Amazon Web Services, Inc.'`,
  'product/ProductName': 'product_name',
  'product/databaseEngine': 'database_engine',
  'product/fromLocation': 'from_location',
  'product/group': 'product_group',
  'product/instanceFamily': 'instance_family',
  'product/instanceType': 'instance_type',
  'product/location': 'location',
  'product/locationType': `CASE WHEN region_code IS NOT NULL THEN 'AWS Region' END`,
  'product/memory': 'memory',
  'product/operatingSystem': 'operating_system',
  'product/operation': `CASE WHEN line_item_type <> 'Tax' THEN operation END`,
  'product/productFamily': 'product_family',
  'product/region': 'region_code',
  'product/regionCode': 'region_code',
  'product/servicecode': 'servicecode',
  'product/servicename': 'servicename',
  'product/sku': 'sku',
  'product/storageClass': 'storage_class',
  'product/tenancy': 'tenancy',
  'product/toLocation': 'to_location',
  'product/transferType': 'transfer_type',
  'product/usagetype': `CASE WHEN line_item_type <> 'Tax' THEN usage_type END`,
  'product/vcpu': 'vcpu',
  'product/volumeApiName': 'volume_api_name',
  'pricing/LeaseContractLength': 'lease_contract_length',
  'pricing/OfferingClass': 'offering_class',
  'pricing/PurchaseOption': 'purchase_option',
  'pricing/RateCode': `CASE WHEN sku IS NOT NULL THEN sku || '.JRTCKXETXF.6YS6EN2CT7' END`,
  'pricing/currency': `'USD'`,
  'pricing/publicOnDemandCost': num('public_od_cost'),
  'pricing/publicOnDemandRate': num('public_od_rate'),
  'pricing/term': 'pricing_term',
  'pricing/unit': 'pricing_unit',
  'reservation/AmortizedUpfrontCostForUsage': num('ri_amortized_upfront_cost_for_usage'),
  'reservation/AmortizedUpfrontFeeForBillingPeriod': num('ri_amortized_upfront_fee_for_billing_period'),
  'reservation/EffectiveCost': num('ri_effective_cost'),
  'reservation/EndTime': 'ri_end_time',
  'reservation/ModificationStatus': `CASE WHEN ri_arn IS NOT NULL THEN 'Original' END`,
  'reservation/NormalizedUnitsPerReservation': 'ri_normalized_units_per_reservation',
  'reservation/NumberOfReservations': 'ri_number_of_reservations',
  'reservation/RecurringFeeForUsage': num('ri_recurring_fee_for_usage'),
  'reservation/ReservationARN': 'ri_arn',
  'reservation/StartTime': 'ri_start_time',
  'reservation/SubscriptionId': 'ri_subscription_id',
  'reservation/TotalReservedNormalizedUnits': 'ri_total_reserved_normalized_units',
  'reservation/TotalReservedUnits': 'ri_total_reserved_units',
  'reservation/UnitsPerReservation': 'ri_units_per_reservation',
  'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod': num('ri_unused_amortized_upfront_fee'),
  'reservation/UnusedNormalizedUnitQuantity': num('ri_unused_normalized_unit_quantity'),
  'reservation/UnusedQuantity': num('ri_unused_quantity'),
  'reservation/UnusedRecurringFee': num('ri_unused_recurring_fee'),
  'reservation/UpfrontValue': num('ri_upfront_value'),
  'savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod': num('sp_amortized_upfront_commitment'),
  'savingsPlan/EndTime': 'sp_end_time',
  'savingsPlan/InstanceTypeFamily': 'sp_instance_type_family',
  'savingsPlan/OfferingType': 'sp_offering_type',
  'savingsPlan/PaymentOption': 'sp_payment_option',
  'savingsPlan/PurchaseTerm': 'sp_purchase_term',
  'savingsPlan/RecurringCommitmentForBillingPeriod': num('sp_recurring_commitment'),
  'savingsPlan/Region': 'sp_region',
  'savingsPlan/SavingsPlanARN': 'sp_arn',
  'savingsPlan/SavingsPlanEffectiveCost': num('sp_effective_cost'),
  'savingsPlan/SavingsPlanRate': num('sp_rate'),
  'savingsPlan/StartTime': 'sp_start_time',
  'savingsPlan/TotalCommitmentToDate': num('sp_total_commitment'),
  'savingsPlan/UsedCommitment': num('sp_used_commitment'),
};

/** Options for writing one legacy CUR assembly of a billing period. */
export interface LegacyWriteOptions {
  root: string;
  period: Period;
  assemblyId: string;
  payerAccount: string;
  invoiceId: string | null;
  partRows: number;
  /** Extra SQL condition selecting the rows of this assembly (an older, partial delivery). */
  where?: string;
  /** Write the period-level manifest (false for a stale assembly). */
  current: boolean;
  seed: number;
}

/** What was written for one assembly. */
export interface LegacyWriteResult {
  manifestPath: string;
  reportKeys: string[];
  files: string[];
  rows: number;
  columns: LegacyCurColumn[];
  /** Resolves when the compressed parts are complete on disk. */
  done: Promise<void>;
}

/** The folder name of a billing period (`20260901-20261001`). */
export function periodFolder(period: Period): string {
  return `${compactDate(period.start)}-${compactDate(period.end)}`;
}

/** Writes the CSV parts and manifests of one assembly of a period from the `li` table. */
export async function writeLegacyAssembly(conn: DuckDBConnection, o: LegacyWriteOptions): Promise<LegacyWriteResult> {
  const where = o.where ?? 'true';
  const params: Params = { period: o.period.key, invoiceId: o.invoiceId, payerAccount: o.payerAccount, periodStart: o.period.start.toISOString().slice(0, 19) };
  const counts = (await query<Record<string, string>>(conn,
    `SELECT count(*) AS n, ${TAG_COLUMNS.map((t) => `count(${t.column}) AS ${t.column}`).join(', ')}, count(cc_business_unit) AS bu FROM ${LINES} WHERE ${where}`, params))[0];
  const rows = Number(counts.n);
  const tags = TAG_COLUMNS.filter((t) => Number(counts[t.column]) > 0).sort((a, b) => ascending(a.legacyKey, b.legacyKey));
  const columns: LegacyCurColumn[] = [...LEGACY_CUR_COLUMNS];
  const fields: Field[] = LEGACY_CUR_COLUMNS.map((c) => ({ expr: EXPRS[legacyHeader(c)], quote: false }));
  if (Number(counts.bu) > 0) {
    columns.push({ category: 'costCategory', name: 'BusinessUnit', type: 'OptionalString' });
    fields.push({ expr: 'cc_business_unit', quote: false });
  }
  for (const t of tags) {
    columns.push({ category: 'resourceTags', name: t.legacyKey, type: 'OptionalString' });
    // Tag values are quoted so that leading/trailing spaces ("payments ") survive any CSV reader.
    fields.push({ expr: t.column, quote: true });
  }
  const { segments, line } = csvLine(fields);
  const header = `${csvRecord(columns.map(legacyHeader), 'keep')}\n`;
  const folder = periodFolder(o.period);
  const keyBase = `${LEGACY_REPORT.prefix}/${LEGACY_REPORT.name}/${folder}`;
  const asmDir = join(o.root, keyBase, o.assemblyId);
  await mkdir(asmDir, { recursive: true });
  const parts = Math.max(1, Math.ceil(rows / o.partRows));
  const reportKeys: string[] = [];
  const files: string[] = [];
  // Text of the columns that do not vary line to line, CSV-escaped once per spec.
  await run(conn, `CREATE OR REPLACE TEMP TABLE seg AS SELECT spec_id AS sid, ${segments.map((x, i) => `${x} AS s${i}`).join(', ')} FROM spec`, params);
  // Rows of this assembly in delivery order: the rowid order of `li` (or of a filtered copy).
  const source = o.where ? 'asm' : 'li';
  if (o.where) await run(conn, `CREATE OR REPLACE TEMP TABLE asm AS SELECT * FROM li WHERE ${where} ORDER BY rowid`, params);
  const pending: Promise<void>[] = [];
  for (let k = 0; k < parts; k++) {
    const name = `${LEGACY_REPORT.name}-${String(k + 1).padStart(5, '0')}.csv.gz`;
    const file = join(asmDir, name);
    const plain = `${file}.tmp`;
    // Each line is assembled in SQL and written verbatim (delimiter and quote set to unused characters).
    await run(conn, `COPY (SELECT ${line} AS line FROM ${source} JOIN seg ON seg.sid = ${source}.sid
      WHERE ${source}.rowid >= ${k * o.partRows} AND ${source}.rowid < ${(k + 1) * o.partRows})
      TO ${sqlLiteral(plain)} (FORMAT csv, HEADER false, DELIMITER '\x01', QUOTE '\x02', ESCAPE '\x02')`, params);
    // Compress on libuv's thread pool while DuckDB goes on with the next statement.
    pending.push(gzipFile(header, plain, file));
    reportKeys.push(`${keyBase}/${o.assemblyId}/${name}`);
    files.push(file);
  }
  await run(conn, 'DROP TABLE seg');
  if (o.where) await run(conn, 'DROP TABLE asm');
  const manifest = {
    assemblyId: o.assemblyId,
    account: o.payerAccount,
    columns,
    charset: 'UTF-8',
    compression: 'GZIP',
    contentType: 'text/csv',
    reportId: createHash('sha256').update(`${o.seed}:${LEGACY_REPORT.name}:${o.period.key}:${o.assemblyId}`).digest('hex'),
    reportName: LEGACY_REPORT.name,
    billingPeriod: { start: compactTimestamp(o.period.start), end: compactTimestamp(o.period.end) },
    bucket: legacyBucket(o.payerAccount),
    reportKeys,
    additionalArtifactKeys: [],
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const asmManifest = join(asmDir, `${LEGACY_REPORT.name}-Manifest.json`);
  await writeFile(asmManifest, text);
  files.push(asmManifest);
  let manifestPath = asmManifest;
  if (o.current) {
    manifestPath = join(o.root, keyBase, `${LEGACY_REPORT.name}-Manifest.json`);
    await writeFile(manifestPath, text);
    files.push(manifestPath);
  }
  return { manifestPath, reportKeys, files, rows, columns, done: Promise.all(pending).then(() => undefined) };
}

/** Gzips a header line followed by `plain` into `target` (gzip header without name, mtime 0) and removes `plain`. */
async function gzipFile(header: string, plain: string, target: string): Promise<void> {
  async function* content() {
    yield Buffer.from(header);
    yield* createReadStream(plain);
  }
  await pipeline(content, createGzip({ level: 6 }), createWriteStream(target));
  await rm(plain);
}

/** One CSV column: its SQL expression and whether non-empty values are always quoted. */
interface Field {
  expr: string;
  quote: boolean;
}

/** Columns of `li` (as opposed to `spec`): a field using one varies line to line. */
const PER_LINE = /\b(line_item_id|usage_start|usage_end|usage_amount|unblended_cost|public_od_cost|sp_used_commitment)\b/;

/** RFC 4180 text of a field: NULL is empty, values with separators, quotes or edge spaces are quoted. */
function csvText(f: Field): string {
  const v = `CAST(${f.expr} AS VARCHAR)`;
  const quoted = `'"' || replace(${v}, '"', '""') || '"'`;
  return f.quote
    ? `coalesce(${quoted}, '')`
    : `coalesce(CASE WHEN ${v} = '' OR regexp_matches(${v}, '[",\r\n]') OR ${v} <> trim(${v}) THEN ${quoted} ELSE ${v} END, '')`;
}

/**
 * Splits a CSV line into runs of per-spec columns (precomputed as text in `seg.s<i>`) and
 * per-line columns (numbers, times, ids: no escaping needed), returning the segment
 * expressions and the per-line concatenation.
 */
function csvLine(fields: Field[]): { segments: string[]; line: string } {
  const segments: string[] = [];
  const pieces: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 0) return;
    pieces.push(`seg.s${segments.length}`);
    segments.push(run.join(` || ',' || `));
    run = [];
  };
  for (const f of fields) {
    if (PER_LINE.test(f.expr)) {
      flush();
      pieces.push(`coalesce(CAST(${f.expr} AS VARCHAR), '')`);
    } else {
      run.push(csvText(f));
    }
  }
  flush();
  return { segments, line: pieces.join(` || ',' || `) };
}

/** The S3 bucket the demo's legacy CUR pretends to be delivered to. */
export function legacyBucket(payer: string): string {
  return `costlens-demo-cur-${payer}`;
}
