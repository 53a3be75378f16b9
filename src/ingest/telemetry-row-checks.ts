/**
 * Metrics and inventory rows that share a key. A metrics row is keyed by its resource, namespace,
 * metric, statistic, period and timestamp; an inventory row by its resource and the time it was
 * observed. Two rows with one key and different values (a metric's value or unit; a resource's
 * account, region, state, tags or any other attribute) cannot both be true, and keeping either
 * would pick one silently: the files are refused, naming the file and line of each, before
 * anything is written. Rows that repeat one another exactly (CloudWatch exports can repeat a
 * datapoint) are harmless: one is kept, and how many were left out is counted for the ingest
 * summary. The staged rows carry the index of their file; the files are scanned again only to
 * name the lines of a refusal.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import { csvRecords } from './csv-lines.ts';
import type { TelemetryFormat } from './formats/telemetry.ts';
import type { UnitFile } from './units.ts';

const HINT = 'fix or re-export the file; nothing was written to the store';

/** A key column's stored value as text, and how a written cell is compared with it. */
type KeyKind = 'text' | 'integer' | 'timestamp';

const KEY_KINDS: Record<string, KeyKind> = { period_s: 'integer', timestamp: 'timestamp', observed_at: 'timestamp' };

/** A line of a file that holds the conflicting key. */
interface FoundLine {
  file: UnitFile;
  line: number;
}

/** The comparable text of a column: a map's entries in key order (a JSON object's key order is not an attribute). */
function comparable(column: string): string {
  return column === 'tags' ? `CAST(list_sort(map_entries(${quoteIdentifier(column)})) AS VARCHAR)` : quoteIdentifier(column);
}

/**
 * Refuses the staged rows of `files` (table `staging`, its `source_file` the index in `files`) when
 * two rows share `format`'s key with different values in another column: an input error naming the
 * key and each file and line. Returns how many staged rows repeat another row exactly (one of each
 * is kept).
 */
export async function refuseConflictingRows(connection: DuckDBConnection, staging: string, format: TelemetryFormat, files: readonly UnitFile[]): Promise<number> {
  const keys = format.key.map(quoteIdentifier).join(', ');
  const others = Object.keys(format.select).filter((c) => !format.key.includes(c));
  const row = `struct_pack(${others.map((c, i) => `v${i} := ${comparable(c)}`).join(', ')})`;
  const conflict = (await connection.runAndReadAll(`SELECT ${format.key.map((k) => `CAST(${quoteIdentifier(k)} AS VARCHAR)`).join(', ')} FROM ${staging}
    GROUP BY ${keys} HAVING count(DISTINCT ${row}) > 1 ORDER BY min(source_file), ${keys} LIMIT 1`)).getRows()[0];
  if (conflict) await refuseConflict(format, Object.fromEntries(format.key.map((k, i) => [k, String(conflict[i])])), files);
  const counts = (await connection.runAndReadAll(`SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT ${keys} FROM ${staging})) FROM ${staging}`)).getRows()[0];
  return Number(counts[0]);
}

async function refuseConflict(format: TelemetryFormat, key: Record<string, string>, files: readonly UnitFile[]): Promise<never> {
  const found: FoundLine[] = [];
  for (const file of files) {
    found.push(...await linesOf(format, file, key));
    if (found.length >= 2) break;
  }
  const what = format.format === 'metrics'
    ? `${key.namespace} ${key.metric_name} (${key.statistic}, ${key.period_s} s) of ${key.resource_id} at ${key.timestamp}`
    : `resource ${key.resource_id} observed at ${key.observed_at}`;
  const rule = format.format === 'metrics'
    ? 'a metric has one value per resource, namespace, metric, statistic, period and timestamp'
    : 'a resource observed at one time has one set of attributes';
  const [a, b] = found;
  const where = !a || !b ? `${files.map((f) => f.original).join(', ')}: two lines` : a.file === b.file ? `${a.file.original}: lines ${a.line} and ${b.line}` : `${a.file.original}:${a.line} and ${b.file.original}:${b.line}`;
  throw new CostlensError('input', `${where} both give ${what}, with different values: ${rule}`, {
    hint: `keep one of the lines (lines that repeat one another exactly are loaded once); ${HINT}`,
  });
}

/** The lines of `file` whose key cells are `key` (as stored), in file order. */
async function linesOf(format: TelemetryFormat, file: UnitFile, key: Record<string, string>): Promise<FoundLine[]> {
  const positions = format.key.map((k) => format.header.indexOf(k));
  const found: FoundLine[] = [];
  for await (const record of csvRecords(file.plain, new Set(positions))) {
    if (format.key.every((k, i) => sameCell(record.fields[positions[i]] ?? '', key[k], KEY_KINDS[k] ?? 'text'))) found.push({ file, line: record.line });
  }
  return found;
}

/** Whether a cell as written is the value stored (DuckDB's text of it). */
function sameCell(written: string, stored: string, kind: KeyKind): boolean {
  if (kind === 'integer') return written.trim() !== '' && Number(written) === Number(stored);
  if (kind === 'timestamp') return instant(written) !== undefined && instant(written) === instant(stored);
  return written === stored;
}

/** Milliseconds since the epoch of a timestamp written `2026-11-01T00:00:00Z` or `2026-11-01 00:00:00` (UTC), if it reads as one. */
function instant(text: string): number | undefined {
  const iso = text.trim().replace(' ', 'T');
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}
