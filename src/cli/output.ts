import type { DuckDBResultReader } from '@duckdb/node-api';

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

/** Renders a table as aligned text, CSV (RFC 4180) or JSON (an array of objects, values as text). */
export function renderTable(table: TextTable, format: OutputFormat): string {
  if (format === 'json') {
    return JSON.stringify(table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]]))), null, 2) + '\n';
  }
  if (format === 'csv') {
    const lines = [table.columns, ...table.rows].map((row) => row.map(csvField).join(','));
    return lines.join('\r\n') + '\r\n';
  }
  return alignedText(table);
}

function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const NUMERIC = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

function alignedText(table: TextTable): string {
  const cells = table.rows.map((row) => row.map((v) => (v === null ? '' : v)));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const numeric = table.columns.map((_, i) => cells.length > 0 && cells.every((row) => row[i] === '' || NUMERIC.test(row[i])));
  const pad = (value: string, i: number) => (numeric[i] ? value.padStart(widths[i]) : value.padEnd(widths[i]));
  const lines = [
    table.columns.map(pad).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((row) => row.map(pad).join('  ')),
  ];
  return lines.map((l) => l.trimEnd()).join('\n') + `\n(${table.rows.length} row${table.rows.length === 1 ? '' : 's'})\n`;
}
