import { FOCUS_COLUMNS, MONEY } from '../../store/schema.ts';
import { SourceColumns } from './source-columns.ts';

/** Columns that mark a file as FOCUS: any two of these in the header. */
export const FOCUS_SIGNATURE = ['BilledCost', 'EffectiveCost', 'ChargePeriodStart', 'BillingPeriodStart'];

/** The store type a FOCUS CSV column is read as (so a bad value is reported with its line). */
export function focusCsvType(header: string): string | undefined {
  const column = FOCUS_COLUMNS.find((c) => c.name === header);
  if (!column || column.name === 'Tags') return undefined;
  return column.type === 'VARCHAR' ? undefined : column.type;
}

/**
 * The SELECT expressions that map a FOCUS 1.0–1.2 file (CSV or Parquet) to `line_items`.
 * `Tags` arrives as a JSON object string (or a map); a `user:` key prefix is removed and empty
 * values dropped. Bound parameters: $ingest_id, $source_format, $source_file.
 */
export function focusToLineItems(columns: SourceColumns, tagsIsMap: boolean): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const column of FOCUS_COLUMNS) {
    if (column.name === 'Tags' || !columns.has(column.name)) continue;
    mapped[column.name] = column.type === 'VARCHAR' ? columns.text(column.name) : `CAST(${columns.ref(column.name)} AS ${column.type})`;
  }
  mapped.Tags = focusTags(columns, tagsIsMap);
  const periodStart = `CAST(${columns.ref('BillingPeriodStart')} AS TIMESTAMP)`;
  mapped.x_UsageType = columns.text('x_UsageType');
  mapped.x_Operation = columns.text('x_Operation');
  mapped.x_ProductCode = columns.text('x_ServiceCode');
  mapped.x_BillingPeriod = `strftime(${periodStart}, '%Y-%m')`;
  mapped.x_Source = `lower(COALESCE(${columns.text('ProviderName')}, 'unknown')) || '/' || COALESCE(${columns.text('BillingAccountId')}, 'unknown')`;
  mapped.x_SourceFormat = '$source_format';
  mapped.x_SourceFile = '$source_file';
  mapped.x_IngestId = '$ingest_id';
  if (!columns.has('EffectiveCost')) mapped.EffectiveCost = `CAST(${columns.ref('BilledCost')} AS ${MONEY})`;
  return mapped;
}

/** The tag key a FOCUS `Tags` key becomes (SQL over `key`): a `user:` prefix removed. Keys must stay unique (src/ingest/map-columns.ts). */
export function focusTagKey(key: string): string {
  return `CASE WHEN starts_with(${key}, 'user:') THEN substr(${key}, 6) ELSE ${key} END`;
}

function focusTags(columns: SourceColumns, tagsIsMap: boolean): string {
  if (!columns.has('Tags')) return 'CAST(MAP() AS MAP(VARCHAR, VARCHAR))';
  const ref = columns.ref('Tags');
  const asMap = tagsIsMap
    ? `CAST(${ref} AS MAP(VARCHAR, VARCHAR))`
    : `CAST(json(NULLIF(CAST(${ref} AS VARCHAR), '')) AS MAP(VARCHAR, VARCHAR))`;
  return `COALESCE(map_from_entries(list_transform(
      list_filter(map_entries(${asMap}), e -> e.value IS NOT NULL AND e.value <> ''),
      e -> {'key': ${focusTagKey('e.key')}, 'value': e.value})),
    CAST(MAP() AS MAP(VARCHAR, VARCHAR)))`;
}
