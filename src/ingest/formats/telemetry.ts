import { quoteIdentifier } from '../../lib/sql-quote.ts';

/** A CSV format recognised by its exact header, loaded into one table keyed for upserts. */
export interface TelemetryFormat {
  format: 'metrics' | 'inventory' | 'business-metrics';
  table: 'metrics' | 'resources' | 'business_metrics';
  header: string[];
  /**
   * Columns a file may add after `header`, all of them in this order (the inventory's Lambda
   * configuration); a file without them reads them as NULL.
   */
  extension?: string[];
  /** The CSV reader's type for each header column. */
  types: Record<string, string>;
  /** Target column → SELECT expression over the CSV columns. */
  select: Record<string, string>;
  /** Columns that identify a row: a re-ingest replaces rows with the same key. Rows are stored in this order. */
  key: string[];
}

const col = quoteIdentifier;

export const METRICS_FORMAT: TelemetryFormat = {
  format: 'metrics',
  table: 'metrics',
  header: ['resource_id', 'namespace', 'metric_name', 'statistic', 'period_s', 'timestamp', 'value', 'unit'],
  types: { period_s: 'INTEGER', timestamp: 'TIMESTAMP', value: 'DOUBLE' },
  select: {
    resource_id: col('resource_id'),
    namespace: col('namespace'),
    metric_name: col('metric_name'),
    statistic: col('statistic'),
    period_s: col('period_s'),
    timestamp: col('timestamp'),
    value: col('value'),
    unit: `NULLIF(${col('unit')}, '')`,
  },
  // Namespace and metric first: analyses read one metric at a time, and DuckDB skips row groups whose range excludes it.
  key: ['namespace', 'metric_name', 'resource_id', 'statistic', 'period_s', 'timestamp'],
};

export const INVENTORY_FORMAT: TelemetryFormat = {
  format: 'inventory',
  table: 'resources',
  header: ['resource_id', 'account_id', 'region', 'service', 'resource_type', 'instance_type', 'state', 'attached_to', 'tags_json', 'observed_at'],
  extension: ['memory_mb', 'architecture', 'runtime', 'timeout_s'],
  types: { observed_at: 'TIMESTAMP', memory_mb: 'INTEGER', timeout_s: 'INTEGER' },
  select: {
    resource_id: col('resource_id'),
    account_id: col('account_id'),
    region: col('region'),
    service: col('service'),
    resource_type: col('resource_type'),
    instance_type: `NULLIF(${col('instance_type')}, '')`,
    state: `NULLIF(${col('state')}, '')`,
    attached_to: `NULLIF(${col('attached_to')}, '')`,
    tags: `COALESCE(CAST(json(NULLIF(${col('tags_json')}, '')) AS MAP(VARCHAR, VARCHAR)), CAST(MAP() AS MAP(VARCHAR, VARCHAR)))`,
    observed_at: col('observed_at'),
    memory_mb: col('memory_mb'),
    architecture: `NULLIF(${col('architecture')}, '')`,
    runtime: `NULLIF(${col('runtime')}, '')`,
    timeout_s: col('timeout_s'),
  },
  key: ['resource_id', 'observed_at'],
};

export const BUSINESS_METRICS_FORMAT: TelemetryFormat = {
  format: 'business-metrics',
  table: 'business_metrics',
  header: ['date', 'metric', 'value'],
  types: { date: 'DATE', value: 'DOUBLE' },
  select: { date: col('date'), metric: col('metric'), value: col('value') },
  key: ['date', 'metric'],
};

export const TELEMETRY_FORMATS = [METRICS_FORMAT, INVENTORY_FORMAT, BUSINESS_METRICS_FORMAT];

/** The header of a file of `format`, with or without its extension columns. */
export function headersOf(format: TelemetryFormat): string[][] {
  return format.extension ? [format.header, [...format.header, ...format.extension]] : [format.header];
}

/** The telemetry format whose header (or header and extension) this is exactly, if any. */
export function telemetryFormatFor(header: string[]): TelemetryFormat | undefined {
  const matches = (expected: string[]) => expected.length === header.length && expected.every((h, i) => h === header[i].trim());
  return TELEMETRY_FORMATS.find((f) => headersOf(f).some(matches));
}

/** True when a file with this header carries `format`'s extension columns. */
export function hasExtension(format: TelemetryFormat, header: string[]): boolean {
  return format.extension !== undefined && header.length === format.header.length + format.extension.length;
}
