import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import type { BillingFormat, UnitFile, UnitFormat } from './detect.ts';
import { describePlain } from './decompress.ts';
import { CUR_NUMERIC_COLUMNS, CUR_TIMESTAMP_COLUMNS, athenaParquetSource, cur2Source, curToLineItems, legacyCsvSource } from './formats/cur.ts';
import { focusCsvType, focusToLineItems } from './formats/focus.ts';
import { refuseMissingColumns } from './formats/required-columns.ts';
import { SourceColumns, athenaColumnName } from './formats/source-columns.ts';
import { csvRelation, parquetSchema, readCsvHeader } from './readers.ts';

/** How one billing file becomes `line_items` rows: the reader, the mapping, what it left unread. */
export interface BillingFileMapping {
  /** A FROM clause reading the file; its path is bound as $path. */
  from: string;
  /** Target column → SELECT expression. */
  select: Record<string, string>;
  ignoredColumns: string[];
  /** The CSV header, to name columns in read errors. */
  headers?: string[];
  /** A CSV file's strictly typed re-read, run only after a failed read to locate a bad value (CsvRelation.check). */
  check?: string;
}

const CUR2_MAP_COLUMNS = ['resource_tags', 'cost_category', 'product', 'discount'];

/** Builds the reader and FOCUS mapping for one billing file of a detected format. */
export async function mapBillingFile(connection: DuckDBConnection, format: UnitFormat, file: UnitFile): Promise<BillingFileMapping> {
  const parquet = /\.parquet$/i.test(file.plain);
  // Planning refused a file without a required column (detect.ts); checked again on what is read now,
  // so a mapping never turns a missing cost, period or payer column into NULLs.
  const label = describePlain(file.original, { entry: file.entryName });
  if (parquet) {
    const schema = await parquetSchema(connection, file.plain);
    const names = schema.map((c) => c.name);
    refuseMissingColumns(label, format as BillingFormat, true, names);
    if (format === 'focus') {
      const columns = new SourceColumns(names.map((n) => [n, n]));
      const select = focusToLineItems(columns, schema.find((c) => c.name === 'Tags')?.type.startsWith('MAP') ?? false);
      return { from: 'read_parquet($path, hive_partitioning = false)', select, ignoredColumns: columns.unused(names) };
    }
    const source = format === 'cur2' ? cur2Source(names) : athenaParquetSource(names);
    const select = curToLineItems(source);
    return { from: 'read_parquet($path, hive_partitioning = false)', select, ignoredColumns: source.columns.unused(names) };
  }
  const header = readCsvHeader(file.plain);
  refuseMissingColumns(label, format as BillingFormat, false, header);
  if (format === 'focus' || format === 'cost-explorer') {
    const relation = csvRelation(header, focusCsvType, ['', 'NULL']);
    const columns = new SourceColumns(relation.columns.map((c) => [c.header, c.name]));
    const select = focusToLineItems(columns, false);
    if (format === 'cost-explorer') {
      // Cost Explorer pulls are their own source: they never replace (or double) a CUR period of the same payer.
      select.x_Source = `'aws-ce/' || COALESCE(${columns.text('BillingAccountId')}, 'unknown')`;
      columns.markUsed('x_SourceFormat');
    }
    return { from: relation.sql, select, ignoredColumns: headersOf(relation.columns, columns.unused(relation.columns.map((c) => c.name))), headers: header, check: relation.check };
  }
  const typeOf = (name: string) => {
    const canonical = format === 'cur' ? athenaColumnName(name) : name;
    if (CUR_NUMERIC_COLUMNS.has(canonical)) return 'DECIMAL(38,10)';
    if (CUR_TIMESTAMP_COLUMNS.has(canonical)) return 'TIMESTAMP';
    return undefined;
  };
  const relation = csvRelation(header, typeOf);
  const names = relation.columns.map((c) => c.name);
  if (format === 'cur') {
    const source = legacyCsvSource(relation.columns);
    const select = curToLineItems(source);
    return { from: relation.sql, select, ignoredColumns: headersOf(relation.columns, source.columns.unused(names)), headers: header, check: relation.check };
  }
  const maps = CUR2_MAP_COLUMNS.filter((m) => header.includes(m));
  const replace = maps.map((m) => `CAST(json(NULLIF(${quoteIdentifier(m)}, '')) AS MAP(VARCHAR, VARCHAR)) AS ${quoteIdentifier(m)}`);
  const from = maps.length ? `(SELECT * REPLACE (${replace.join(', ')}) FROM ${relation.sql})` : relation.sql;
  const source = cur2Source(names);
  const select = curToLineItems(source);
  return { from, select, ignoredColumns: headersOf(relation.columns, source.columns.unused(names)), headers: header, check: relation.check };
}

function headersOf(columns: { header: string; name: string }[], names: string[]): string[] {
  const byName = new Map(columns.map((c) => [c.name, c.header]));
  return names.map((n) => byName.get(n) ?? n);
}
