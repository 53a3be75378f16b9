/**
 * The canonical line items of one billing period, normalised for speed:
 * - `spec`: what a line says that does not change hour to hour (account, product, usage type,
 *   description, rates, tags, commitment attributes, CUR 2.0 maps), one row per resource and
 *   kind of line (or per line for fees and tax);
 * - `li`: one narrow row per line item (id, times, amount, cost) pointing at its spec by `sid`.
 * Writers and truth queries read `li JOIN spec`, in `li` rowid order (the delivery order).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { cur2TagKey } from '../cur-columns/cur2-columns.ts';
import { query, run, type Params } from './sql.ts';
import { TAG_COLUMNS } from './tags.ts';
import { groupBy } from '../lib/group-by.ts';
import { ascending } from '../lib/order.ts';

const MONEY = 'DECIMAL(38,10)';

/** Per-line columns stored in `li` (besides `sid`). */
export const FACT_COLUMNS: readonly [string, string][] = [
  ['line_item_id', 'VARCHAR'], ['usage_start', 'TIMESTAMP'], ['usage_end', 'TIMESTAMP'], ['usage_amount', MONEY],
  ['unblended_cost', MONEY], ['public_od_cost', MONEY], ['sp_used_commitment', MONEY], ['effective_cost', MONEY],
];

/** Columns stored once per spec. */
export const SPEC_COLUMNS: readonly [string, string][] = [
  ['period_start', 'TIMESTAMP'], ['period_end', 'TIMESTAMP'], ['bill_type', 'VARCHAR'], ['usage_account_id', 'VARCHAR'],
  ['usage_account_name', 'VARCHAR'], ['line_item_type', 'VARCHAR'], ['product_code', 'VARCHAR'], ['usage_type', 'VARCHAR'],
  ['operation', 'VARCHAR'], ['availability_zone', 'VARCHAR'], ['resource_id', 'VARCHAR'], ['normalization_factor', MONEY],
  ['normalized_usage_amount', MONEY], ['unblended_rate', MONEY], ['description', 'VARCHAR'], ['tax_type', 'VARCHAR'],
  ['product_name', 'VARCHAR'], ['database_engine', 'VARCHAR'], ['from_location', 'VARCHAR'], ['product_group', 'VARCHAR'],
  ['instance_family', 'VARCHAR'], ['instance_type', 'VARCHAR'], ['location', 'VARCHAR'], ['memory', 'VARCHAR'],
  ['operating_system', 'VARCHAR'], ['product_family', 'VARCHAR'], ['region_code', 'VARCHAR'], ['servicecode', 'VARCHAR'],
  ['servicename', 'VARCHAR'], ['sku', 'VARCHAR'], ['storage_class', 'VARCHAR'], ['tenancy', 'VARCHAR'],
  ['to_location', 'VARCHAR'], ['transfer_type', 'VARCHAR'], ['vcpu', 'VARCHAR'], ['volume_api_name', 'VARCHAR'],
  ['lease_contract_length', 'VARCHAR'], ['offering_class', 'VARCHAR'], ['purchase_option', 'VARCHAR'],
  ['public_od_rate', MONEY], ['pricing_term', 'VARCHAR'], ['pricing_unit', 'VARCHAR'],
  ['ri_amortized_upfront_cost_for_usage', MONEY], ['ri_amortized_upfront_fee_for_billing_period', MONEY],
  ['ri_effective_cost', MONEY], ['ri_end_time', 'VARCHAR'], ['ri_number_of_reservations', 'VARCHAR'],
  ['ri_recurring_fee_for_usage', MONEY], ['ri_arn', 'VARCHAR'], ['ri_start_time', 'VARCHAR'],
  ['ri_subscription_id', 'VARCHAR'], ['ri_total_reserved_units', 'VARCHAR'], ['ri_units_per_reservation', 'VARCHAR'],
  ['ri_normalized_units_per_reservation', 'VARCHAR'], ['ri_total_reserved_normalized_units', 'VARCHAR'], ['ri_unused_normalized_unit_quantity', MONEY],
  ['ri_unused_amortized_upfront_fee', MONEY], ['ri_unused_quantity', MONEY], ['ri_unused_recurring_fee', MONEY],
  ['ri_upfront_value', MONEY], ['sp_amortized_upfront_commitment', MONEY], ['sp_end_time', 'VARCHAR'],
  ['sp_instance_type_family', 'VARCHAR'], ['sp_offering_type', 'VARCHAR'], ['sp_payment_option', 'VARCHAR'],
  ['sp_purchase_term', 'VARCHAR'], ['sp_recurring_commitment', MONEY], ['sp_region', 'VARCHAR'], ['sp_arn', 'VARCHAR'],
  ['sp_effective_cost', MONEY], ['sp_rate', MONEY], ['sp_start_time', 'VARCHAR'], ['sp_total_commitment', MONEY],
  ['tag_team_lc', 'VARCHAR'], ['tag_team_tc', 'VARCHAR'], ['tag_team_uc', 'VARCHAR'], ['tag_cost_center_kebab', 'VARCHAR'],
  ['tag_cost_center_pascal', 'VARCHAR'], ['tag_environment', 'VARCHAR'], ['tag_aws_created_by', 'VARCHAR'],
  ['cc_business_unit', 'VARCHAR'], ['canonical_team', 'VARCHAR'],
  ['product_map', 'MAP(VARCHAR, VARCHAR)'], ['resource_tags_map', 'MAP(VARCHAR, VARCHAR)'], ['cost_category_map', 'MAP(VARCHAR, VARCHAR)'],
];

const TYPES = new Map([...FACT_COLUMNS, ...SPEC_COLUMNS]);

/** The joined view writers and truth queries read. */
export const LINES = 'li JOIN spec ON spec.spec_id = li.sid';

/** Creates the empty `spec` and `li` tables of a billing period. */
export async function createPeriodTables(conn: DuckDBConnection): Promise<void> {
  await run(conn, `CREATE OR REPLACE TABLE spec (spec_id BIGINT, ${SPEC_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})`);
  await run(conn, `CREATE OR REPLACE TABLE li (sid BIGINT, ${FACT_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})`);
}

/** The standard amortisation of a CUR line, over columns given by `col`. */
export function effectiveCost(col: (name: string) => string): string {
  return `CASE ${col('line_item_type')}
    WHEN 'SavingsPlanCoveredUsage' THEN ${col('sp_effective_cost')}
    WHEN 'SavingsPlanRecurringFee' THEN ${col('sp_total_commitment')} - ${col('sp_used_commitment')}
    WHEN 'SavingsPlanNegation' THEN CAST(0 AS ${MONEY})
    WHEN 'SavingsPlanUpfrontFee' THEN CAST(0 AS ${MONEY})
    WHEN 'DiscountedUsage' THEN ${col('ri_effective_cost')}
    WHEN 'RIFee' THEN ${col('ri_unused_amortized_upfront_fee')} + ${col('ri_unused_recurring_fee')}
    ELSE CASE WHEN ${col('line_item_type')} = 'Fee' AND ${col('ri_arn')} IS NOT NULL THEN CAST(0 AS ${MONEY}) ELSE ${col('unblended_cost')} END
  END`;
}

/** A MAP(VARCHAR, VARCHAR) of the non-NULL entries (CUR 2.0 omits keys without a value). */
export function mapOf(pairs: [string, string][]): string {
  return `map_from_entries(list_filter([${pairs.map(([k, v]) => `{'k': '${k}', 'v': CAST(${v} AS VARCHAR)}`).join(', ')}], e -> e.v IS NOT NULL))`;
}

/** CUR 2.0 `product` map keys and the line columns they come from (legacy product columns outside the static schema). */
const PRODUCT_MAP_KEYS: readonly [string, string][] = [
  ['database_engine', 'database_engine'], ['group', 'product_group'], ['memory', 'memory'], ['operating_system', 'operating_system'],
  ['product_name', 'product_name'], ['region', 'region_code'], ['servicename', 'servicename'], ['storage_class', 'storage_class'],
  ['tenancy', 'tenancy'], ['transfer_type', 'transfer_type'], ['vcpu', 'vcpu'], ['volume_api_name', 'volume_api_name'],
];

/** CUR 2.0 `resource_tags` keys and the tag columns folded onto each (see cur2TagKey). */
function resourceTagKeys(): [string, string[]][] {
  return [...groupBy(TAG_COLUMNS, (t) => cur2TagKey(t.legacyKey))]
    .map(([key, columns]): [string, string[]] => [key, columns.map((t) => t.column)])
    .sort(([a], [b]) => ascending(a, b));
}

/** The three CUR 2.0 map columns of a line, as expressions over the line's own column expressions. */
function mapExprs(e: Record<string, string>): Record<string, string> {
  const v = (c: string) => e[c] ?? 'NULL';
  return {
    product_map: mapOf(PRODUCT_MAP_KEYS.map(([k, c]) => [k, v(c)])),
    resource_tags_map: mapOf(resourceTagKeys().map(([k, cols]) => [k, cols.length > 1 ? `coalesce(${cols.map(v).join(', ')})` : v(cols[0])])),
    cost_category_map: mapOf([['business_unit', v('cc_business_unit')]]),
  };
}

/**
 * Rows of one resource kind expanded to one row per hour or per day of the billing period
 * within the resource's lifetime. Exposes the resource columns plus `slot` (hour or day index
 * from the window start), `ts`, `hod` (hour of day) and `dow` (ISO day of week).
 */
export interface Expansion {
  kind: string;
  slot: 'hour' | 'day';
  /** Extra SQL condition on the resource (`r.idle`). */
  where?: string;
  /** Extra SQL condition on the expanded rows (`r.hod BETWEEN 8 AND 19`). */
  rowWhere?: string;
}

const ID_PARTS = ['line_item_type', 'usage_account_id', 'product_code', 'usage_type', 'resource_id', 'description'];
const lineItemId = (key: string) => `md5(${key}) || substr(md5(${key} || '#'), 1, 20)`;
const idPrefix = (e: Record<string, string>) => `concat_ws('|', $seed, ${ID_PARTS.map((c) => `coalesce(CAST(${e[c] ?? 'NULL'} AS VARCHAR), '')`).join(', ')})`;

async function nextSpecId(conn: DuckDBConnection): Promise<number> {
  return Number((await query<{ n: string }>(conn, 'SELECT coalesce(max(spec_id), 0) AS n FROM spec'))[0].n);
}

/**
 * Inserts line items: `exprs` maps line columns to SQL expressions (other columns are NULL);
 * line-item ids hash the identifying expressions, the usage start and the seed.
 * An {@link Expansion} (resource alias `r`) gets one spec row per resource, its lines repeated
 * with `unnest(range())` in a fixed order; a FROM clause gets one spec row per line, in
 * line-item-id order.
 */
export async function insertLines(conn: DuckDBConnection, source: string | Expansion, exprs: Record<string, string>, params: Params): Promise<void> {
  for (const c of Object.keys(exprs)) if (!TYPES.has(c)) throw new Error(`unknown line column ${c}`);
  const all = { ...mapExprs(exprs), ...exprs };
  const base = await nextSpecId(conn);
  const p = { ...params, sidBase: base };
  const specCols = SPEC_COLUMNS.map(([c]) => c);
  const factCols = FACT_COLUMNS.map(([c]) => c).filter((c) => c !== 'line_item_id' && c !== 'effective_cost');
  if (typeof source === 'string') {
    const cast = (c: string) => `CAST(${all[c] ?? 'NULL'} AS ${TYPES.get(c)}) AS ${c}`;
    await run(conn, `CREATE OR REPLACE TEMP TABLE tl AS
      SELECT row_number() OVER (ORDER BY line_item_id) AS rn, * FROM (
        SELECT ${[...specCols, ...factCols].map(cast).join(', ')},
          ${lineItemId(`concat_ws('|', ${idPrefix(all)}, coalesce(CAST(${all.usage_start} AS VARCHAR), ''))`)} AS line_item_id
        FROM ${source})`, p);
    await run(conn, `INSERT INTO spec SELECT $sidBase + rn, ${specCols.join(', ')} FROM tl`, p);
    await run(conn, `INSERT INTO li SELECT $sidBase + rn, line_item_id, ${factCols.join(', ')}, ${effectiveCost((c) => c)} FROM tl ORDER BY rn`, p);
    await run(conn, 'DROP TABLE tl');
    return;
  }
  // Everything that does not vary by hour or day is computed once per resource.
  const perSlot = (e: string) => /\br\.(ts|slot|hod|dow)\b/.test(e);
  const col = (c: string) => (c in all && perSlot(all[c]) ? `(${all[c]})` : `r.__${c}`);
  for (const c of specCols) if (c in all && perSlot(all[c])) throw new Error(`${c} must not vary by hour or day`);
  const hoisted = [...specCols, ...factCols].filter((c) => !(c in all) || !perSlot(all[c]))
    .map((c) => `CAST(${all[c] ?? 'NULL'} AS ${TYPES.get(c)}) AS __${c}`);
  const perResource = `(SELECT r.*, row_number() OVER (ORDER BY r.id) AS rn, ${hoisted.join(', ')}, ${idPrefix(all)} AS __id
    FROM res r WHERE r.kind = '${source.kind}' ${source.where ? `AND ${source.where}` : ''}) r`;
  await run(conn, `INSERT INTO spec SELECT $sidBase + r.rn, ${specCols.map((c) => `r.__${c}`).join(', ')} FROM ${perResource}`, p);
  const range = source.slot === 'hour'
    ? 'range(greatest(r.start_h, $pStartH), least(r.end_h, $pEndH))'
    : 'range(greatest(r.start_h // 24, $pStartD), least((r.end_h + 23) // 24, $pEndD))';
  const step = source.slot === 'hour' ? 'to_hours' : 'to_days';
  const expanded = `(SELECT x.*, hour(x.ts) AS hod, isodow(x.ts) AS dow FROM (
      SELECT e.*, CAST($windowStart AS TIMESTAMP) + ${step}(e.slot) AS ts FROM (
        SELECT r.*, unnest(${range}) AS slot FROM ${perResource}) e) x) r
    ${source.rowWhere ? `WHERE ${source.rowWhere}` : ''}`;
  const facts = factCols.map((c) => `CAST(${col(c)} AS ${TYPES.get(c)})`);
  const id = lineItemId(`concat_ws('|', r.__id, CAST(${col('usage_start')} AS VARCHAR))`);
  await run(conn, `INSERT INTO li SELECT $sidBase + r.rn, ${id}, ${facts.join(', ')}, ${effectiveCost(col)} FROM ${expanded}`, p);
}

/** Resource columns copied onto every line that a resource produces (account, location, tags). */
export function resourceCommon(): Record<string, string> {
  const c: Record<string, string> = {
    usage_account_id: 'r.account_id', usage_account_name: 'r.account_name', resource_id: 'r.id',
    availability_zone: 'r.az', location: 'r.location', region_code: 'r.region',
    cc_business_unit: 'r.business_unit', canonical_team: 'r.canonical_team',
  };
  for (const t of ['tag_team_lc', 'tag_team_tc', 'tag_team_uc', 'tag_cost_center_kebab', 'tag_environment', 'tag_aws_created_by']) c[t] = `r.${t}`;
  // CostCenter was activated as a cost-allocation tag after the first billing period.
  c.tag_cost_center_pascal = 'CASE WHEN $periodIndex >= 1 THEN r.tag_cost_center_pascal END';
  return c;
}
