import type { DuckDBResultReader } from '@duckdb/node-api';
import { terminalSafe } from './control-chars.ts';
import { renderCsv, type CsvOptions } from './csv.ts';

export type OutputFormat = 'table' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

/** Rows as printable strings (exact decimals, ISO-like timestamps), with column names. */
export interface TextTable {
  columns: string[];
  rows: (string | null)[][];
}

/** Reads a DuckDB result into text cells without losing decimal precision. */
export function resultToTable(reader: DuckDBResultReader): TextTable {
  return {
    columns: reader.columnNames(),
    rows: reader.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))),
  };
}

export interface RenderOptions {
  /** CSV cells a spreadsheet would run as formulas: neutralised (default) or kept raw (`sql --raw-csv`). */
  formulas?: CsvOptions['formulas'];
}

/**
 * Renders a table as aligned text for a terminal (control characters shown as escapes such as
 * `\x1b`), CSV (RFC 4180, CRLF, formulas neutralised for spreadsheets: src/lib/csv.ts) or JSON
 * (an array of objects, values as text, kept exactly).
 */
export function renderTable(table: TextTable, format: OutputFormat, options: RenderOptions = {}): string {
  if (format === 'json') {
    return JSON.stringify(table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]]))), null, 2) + '\n';
  }
  if (format === 'csv') return renderCsv(table.columns, table.rows, { formulas: options.formulas ?? 'neutralise' });
  return alignedText(table);
}

const NUMERIC = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

function alignedText(table: TextTable): string {
  const columns = table.columns.map(terminalSafe);
  const cells = table.rows.map((row) => row.map((v) => (v === null ? '' : terminalSafe(v))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const numeric = columns.map((_, i) => cells.length > 0 && cells.every((row) => row[i] === '' || NUMERIC.test(row[i])));
  const pad = (value: string, i: number) => (numeric[i] ? value.padStart(widths[i]) : value.padEnd(widths[i]));
  const lines = [
    columns.map(pad).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((row) => row.map(pad).join('  ')),
  ];
  return lines.map((l) => l.trimEnd()).join('\n') + `\n(${table.rows.length} row${table.rows.length === 1 ? '' : 's'})\n`;
}
