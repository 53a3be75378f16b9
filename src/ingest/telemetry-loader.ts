import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import { refuseBadBusinessMetrics } from './business-metric-checks.ts';
import type { IngestUnit, UnitFile } from './detect.ts';
import { TELEMETRY_FORMATS, hasExtension } from './formats/telemetry.ts';
import { csvRelation, explainReadFailure, readCsvHeader } from './readers.ts';
import { refuseConflictingRows } from './telemetry-row-checks.ts';

/** What one telemetry unit loaded: its table, the rows written, and the staged rows left out as exact repeats of another. */
export interface TelemetryLoad {
  table: string;
  rows: number;
  duplicates: number;
}

/**
 * Loads metrics, inventory or business-metrics CSV files: rows with the same key as a stored
 * row replace it (a re-ingest never duplicates), all inside the caller's transaction. Business
 * metrics that give one date and metric twice, a negative count or an empty cell are refused naming
 * the file and lines (business-metric-checks.ts); metrics or inventory rows that share a key with
 * different values are refused naming both lines, and rows repeating another exactly are loaded once
 * and counted (telemetry-row-checks.ts); all before anything is written. New rows are
 * written in key order, so a scan for one namespace and metric skips the row groups of others.
 * A file without its format's extension columns (the inventory's Lambda configuration) stores
 * NULL in them.
 */
export async function loadTelemetryUnit(connection: DuckDBConnection, unit: IngestUnit, onFile: (file: UnitFile) => void): Promise<TelemetryLoad> {
  const format = TELEMETRY_FORMATS.find((f) => f.format === unit.format)!;
  const staging = `staged_${format.table}`;
  const targets = Object.keys(format.select);
  const columns = targets.map(quoteIdentifier).join(', ');
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${staging} AS SELECT ${columns}, CAST(NULL AS INTEGER) AS source_file FROM ${format.table} LIMIT 0`);
  const extension = new Set(format.extension ?? []);
  for (const [index, file] of unit.files.entries()) {
    onFile(file);
    const extended = hasExtension(format, readCsvHeader(file.plain));
    const header = extended ? [...format.header, ...extension] : format.header;
    const relation = csvRelation(header, (h) => format.types[h]);
    const select = targets.map((t) => `${extended || !extension.has(t) ? format.select[t] : 'NULL'} AS ${quoteIdentifier(t)}`).join(', ');
    try {
      await connection.run(`INSERT INTO ${staging} (${columns}, source_file) SELECT ${select}, CAST($file_index AS INTEGER) FROM ${relation.sql}`, { path: file.plain, file_index: index });
    } catch (error) {
      throw await explainReadFailure(file.original, file.plain, error, header);
    }
  }
  const duplicates = format.format === 'business-metrics'
    ? (await refuseBadBusinessMetrics(connection, staging, unit.files), 0)
    : await refuseConflictingRows(connection, staging, format, unit.files);
  const keyList = format.key.map(quoteIdentifier).join(', ');
  const keyMatch = format.key.map((k) => `${format.table}.${quoteIdentifier(k)} = s.${quoteIdentifier(k)}`).join(' AND ');
  await connection.run(`DELETE FROM ${format.table} USING (SELECT DISTINCT ${keyList} FROM ${staging}) s WHERE ${keyMatch}`);
  const inserted = await connection.run(
    `INSERT INTO ${format.table} (${columns}) SELECT DISTINCT ON (${keyList}) ${columns} FROM ${staging} ORDER BY ${keyList}`,
  );
  await connection.run(`DROP TABLE ${staging}`);
  return { table: format.table, rows: Number(inserted.rowsChanged), duplicates };
}
