import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import type { BillingFormat, UnitFile, UnitFormat } from './detect.ts';
import { describePlain } from './decompress.ts';
import { CUR_NUMERIC_COLUMNS, CUR_TIMESTAMP_COLUMNS, athenaParquetSource, cur2Source, cur2TagKey, curToLineItems, legacyCsvSource } from './formats/cur.ts';
import { focusCsvType, focusTagKey, focusToLineItems } from './formats/focus.ts';
import { billingFormatName, refuseMissingColumns, requiredValueColumns } from './formats/required-columns.ts';
import type { MapColumn } from './map-columns.ts';
import type { TextValueColumn } from './parquet-values.ts';
import type { RequiredValue } from './required-values.ts';
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
  /** The texts a CSV reader reads as NULL. */
  nullStrings?: string[];
  /** The required columns, each with the line_items column it fills: a line with no value in one is refused (required-values.ts). */
  required: RequiredValue[];
  /** The columns read as maps, to locate a bad value after a failed read (map-columns.ts). */
  maps: MapColumn[];
  /** The format as errors name it. */
  formatName: string;
  /** A Parquet file's text columns that the mapping reads as numbers or times, to locate a bad value after a failed read (parquet-values.ts). */
  textValues?: TextValueColumn[];
}

const CUR2_MAP_COLUMNS = ['resource_tags', 'cost_category', 'product', 'discount'];

/** A CUR 2.0 map column: tags and cost categories become maps of unique keys, product and discount are looked up. */
function cur2MapColumn(header: string, json: boolean): MapColumn {
  if (header === 'resource_tags') return { header, json, key: cur2TagKey, tags: true };
  return header === 'cost_category' ? { header, json, key: (k) => k } : { header, json };
}

const FOCUS_NULLS = ['', 'NULL'];

/** The type a CUR column holding numbers or times is read as (CSV) or must convert to (Parquet text); undefined for text. */
function curValueType(format: UnitFormat, name: string): string | undefined {
  const canonical = format === 'cur' ? athenaColumnName(name) : name;
  if (CUR_NUMERIC_COLUMNS.has(canonical)) return 'DECIMAL(38,10)';
  if (CUR_TIMESTAMP_COLUMNS.has(canonical)) return 'TIMESTAMP';
  return undefined;
}

/** The Parquet columns stored as text whose values must be numbers or times (`typeOf`). */
function textValueColumns(schema: { name: string; type: string }[], typeOf: (name: string) => string | undefined): TextValueColumn[] {
  return schema.flatMap((c) => {
    const type = c.type === 'VARCHAR' ? typeOf(c.name) : undefined;
    return type ? [{ column: c.name, type }] : [];
  });
}

/** Builds the reader and FOCUS mapping for one billing file of a detected format. */
export async function mapBillingFile(connection: DuckDBConnection, format: UnitFormat, file: UnitFile): Promise<BillingFileMapping> {
  const parquet = /\.parquet$/i.test(file.plain);
  // Planning refused a file without a required column (detect.ts); checked again on what is read now,
  // so a mapping never turns a missing cost, period or payer column into NULLs.
  const label = describePlain(file.original, { entry: file.entryName });
  if (parquet) {
    const schema = await parquetSchema(connection, file.plain, label);
    const names = schema.map((c) => c.name);
    refuseMissingColumns(label, format as BillingFormat, true, names);
    const typeOf = format === 'focus' ? focusCsvType : (name: string) => curValueType(format, name);
    const checks = {
      required: requiredValueColumns(format as BillingFormat, names), formatName: billingFormatName(format as BillingFormat, true), textValues: textValueColumns(schema, typeOf),
    };
    const isMap = (name: string) => schema.find((c) => c.name === name)?.type.startsWith('MAP') ?? false;
    if (format === 'focus') {
      const columns = new SourceColumns(names.map((n) => [n, n]));
      const select = focusToLineItems(columns, isMap('Tags'));
      const maps = columns.has('Tags') ? [{ header: 'Tags', json: !isMap('Tags'), key: focusTagKey, tags: true }] : [];
      return { from: 'read_parquet($path, hive_partitioning = false)', select, ignoredColumns: columns.unused(names), maps, ...checks };
    }
    const source = format === 'cur2' ? cur2Source(names) : athenaParquetSource(names);
    const select = curToLineItems(source);
    const maps = format === 'cur2' ? CUR2_MAP_COLUMNS.filter(isMap).map((m) => cur2MapColumn(m, false)) : [];
    return { from: 'read_parquet($path, hive_partitioning = false)', select, ignoredColumns: source.columns.unused(names), maps, ...checks };
  }
  const header = readCsvHeader(file.plain);
  refuseMissingColumns(label, format as BillingFormat, false, header);
  const checks = { required: requiredValueColumns(format as BillingFormat, header), formatName: billingFormatName(format as BillingFormat, false), headers: header };
  if (format === 'focus' || format === 'cost-explorer') {
    const relation = csvRelation(header, focusCsvType, FOCUS_NULLS);
    const columns = new SourceColumns(relation.columns.map((c) => [c.header, c.name]));
    const select = focusToLineItems(columns, false);
    if (format === 'cost-explorer') {
      // Cost Explorer pulls are their own source: they never replace (or double) a CUR period of the same payer.
      select.x_Source = `'aws-ce/' || COALESCE(${columns.text('BillingAccountId')}, 'unknown')`;
      columns.markUsed('x_SourceFormat');
    }
    const maps = header.includes('Tags') ? [{ header: 'Tags', json: true, key: focusTagKey, tags: true }] : [];
    return { from: relation.sql, select, ignoredColumns: headersOf(relation.columns, columns.unused(relation.columns.map((c) => c.name))), check: relation.check, nullStrings: FOCUS_NULLS, maps, ...checks };
  }
  const relation = csvRelation(header, (name) => curValueType(format, name));
  const names = relation.columns.map((c) => c.name);
  if (format === 'cur') {
    const source = legacyCsvSource(relation.columns);
    const select = curToLineItems(source);
    return { from: relation.sql, select, ignoredColumns: headersOf(relation.columns, source.columns.unused(names)), check: relation.check, nullStrings: [''], maps: [], ...checks };
  }
  const maps = CUR2_MAP_COLUMNS.filter((m) => header.includes(m));
  const replace = maps.map((m) => `CAST(json(NULLIF(${quoteIdentifier(m)}, '')) AS MAP(VARCHAR, VARCHAR)) AS ${quoteIdentifier(m)}`);
  const from = maps.length ? `(SELECT * REPLACE (${replace.join(', ')}) FROM ${relation.sql})` : relation.sql;
  const source = cur2Source(names);
  const select = curToLineItems(source);
  return {
    from, select, ignoredColumns: headersOf(relation.columns, source.columns.unused(names)), check: relation.check, nullStrings: [''],
    maps: maps.map((m) => cur2MapColumn(m, true)), ...checks,
  };
}

function headersOf(columns: { header: string; name: string }[], names: string[]): string[] {
  const byName = new Map(columns.map((c) => [c.name, c.header]));
  return names.map((n) => byName.get(n) ?? n);
}
