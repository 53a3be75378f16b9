import type { DuckDBResultReader } from '@duckdb/node-api';
import { terminalSafe } from './control-chars.ts';
import { renderCsv, type CsvOptions } from './csv.ts';
import { kindsOfResult, renderJsonRows, type CellKind, type JsonRowOptions } from './json-rows.ts';
import { formatDollars } from './money.ts';
import { descending } from './order.ts';

export type OutputFormat = 'table' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

/** Rows as printable strings (exact decimals, ISO-like timestamps), with column names. */
export interface TextTable {
  columns: string[];
  rows: (string | null)[][];
  /** Columns holding money: `$1,234.56` in a terminal table; csv and json keep the exact decimals. */
  money?: readonly string[];
  /** Columns a narrow terminal drops first, the first listed first (then long text is cut, then columns from the right). */
  optional?: readonly string[];
  /**
   * Columns that say which row is which (status's source and billing period): a narrow terminal
   * never drops them, and cuts one only in its middle, keeping both ends, to no fewer than
   * MIN_KEY_WIDTH characters and only while its values stay as distinct as they are whole
   * (`microsoft…/8611537`); a terminal narrower than that gets them so all the same.
   */
  keys?: readonly string[];
  /** Columns a narrow terminal never drops nor cuts, as the keys: what the table is read for (status's provisional). */
  kept?: readonly string[];
  /** What each column holds, for `--format json` (lib/json-rows.ts): counts and shares become numbers; undeclared columns are text. */
  kinds?: Readonly<Record<string, CellKind>>;
}

/** Reads a DuckDB result into text cells without losing decimal precision, with each column's kind from its type. */
export function resultToTable(reader: DuckDBResultReader): TextTable {
  return {
    columns: reader.columnNames(),
    kinds: kindsOfResult(reader),
    rows: reader.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))),
  };
}

export interface RenderOptions {
  /** CSV cells a spreadsheet would run as formulas: neutralised (default) or kept raw (`sql --raw-csv`). */
  formulas?: CsvOptions['formulas'];
  /** The terminal's width in characters: a table is fitted to it (undefined: no limit, e.g. `--wide` or a pipe). */
  width?: number;
  /** JSON keys: camelCase (default) or the columns as written (`sql` and `query` keep the SQL's names). */
  names?: JsonRowOptions['names'];
}

/**
 * Renders a table as aligned text for a terminal (control characters shown as escapes such as
 * `\x1b`, money columns as `$1,234.56`, fitted to `options.width`), CSV (RFC 4180, CRLF, formulas
 * neutralised for spreadsheets: src/lib/csv.ts) or JSON (an array of objects in costlens's one
 * JSON style: camelCase keys, counts as numbers, money as exact decimal strings; src/lib/json-rows.ts).
 */
export function renderTable(table: TextTable, format: OutputFormat, options: RenderOptions = {}): string {
  if (format === 'json') return renderJsonRows(table, { names: options.names });
  if (format === 'csv') return renderCsv(table.columns, table.rows, { formulas: options.formulas ?? 'neutralise' });
  return alignedText(table, options.width);
}

/** Cells a column is right-aligned for: numbers, `$1,234.56`, `12.5%`, hours `2,880 h`. */
const NUMERIC = /^-?\$?[\d,]+(\.\d+)?(e[-+]?\d+)?(%| h)?$/i;
const GAP = 2;
/** Text columns are cut (with …) down to this width, never below, before columns are dropped. */
const MIN_TEXT_WIDTH = 12;
/** Key columns are cut (in the middle) down to this width, never below: an AWS account's source, `aws/836060457634`, stays whole. */
const MIN_KEY_WIDTH = 16;

interface Column {
  name: string;
  cells: string[];
  numeric: boolean;
  width: number;
  /** A key (cut in its middle) or a kept column (never cut nor dropped), else neither. */
  role: 'key' | 'kept' | null;
}

/** `value` cut to `width` characters with …: at its end, or a key's in its middle, keeping both ends (`microsoft…/8611537`). */
function cutCell(value: string, width: number, role: Column['role']): string {
  if (value.length <= width) return value;
  if (role !== 'key') return `${value.slice(0, width - 1)}…`;
  const head = Math.ceil((width - 1) / 2);
  return `${value.slice(0, head)}…${value.slice(value.length - (width - 1 - head))}`;
}

/** The narrowest width from `target` up at which a key's cells, cut in the middle, stay as distinct as they are whole (its width: none does). */
function distinctKeyWidth(column: Column, target: number): number {
  const distinct = new Set(column.cells).size;
  for (let w = target; w < column.width; w++) {
    if (new Set(column.cells.map((c) => cutCell(c, w, 'key'))).size === distinct) return w;
  }
  return column.width;
}

/**
 * The columns an aligned text of `table` shows at `width` (undefined: all of them, uncut) and the
 * names of those it leaves out, in the order left out: the `optional` ones first (first listed
 * first) while the table is too wide, then long text is cut, the widest first (a key in its middle,
 * to no fewer than MIN_KEY_WIDTH characters, while its values stay distinct), then columns go from
 * the right; the `keys` and the `kept` are never left out (nor is the first column), the `kept` never cut.
 */
function fitColumns(table: TextTable, width: number | undefined): { columns: Column[]; hidden: string[] } {
  const money = new Set(table.money ?? []);
  const [keys, kept] = [new Set(table.keys ?? []), new Set(table.kept ?? [])];
  let columns: Column[] = table.columns.map((name, i) => {
    const cells = table.rows.map((row) => (row[i] === null ? '' : money.has(name) ? formatDollars(row[i]!) : terminalSafe(row[i]!)));
    const header = terminalSafe(name);
    return {
      name: header,
      cells,
      numeric: cells.length > 0 && cells.every((c) => c === '' || NUMERIC.test(c)),
      width: Math.max(header.length, ...cells.map((c) => c.length)),
      role: keys.has(name) ? 'key' : kept.has(name) ? 'kept' : null,
    };
  });
  const hidden: string[] = [];
  if (width !== undefined) {
    const total = () => columns.reduce((n, c) => n + c.width, 0) + GAP * (columns.length - 1);
    for (const name of table.optional ?? []) {
      if (total() <= width) break;
      const at = columns.findIndex((c) => c.name === name);
      if (at > 0 && columns[at].role === null) hidden.push(...columns.splice(at, 1).map((c) => c.name));
    }
    const floor = (c: Column) => (c.role === 'key' ? MIN_KEY_WIDTH : MIN_TEXT_WIDTH);
    const settled = new Set<Column>();
    while (total() > width) {
      const widest = columns.filter((c) => !c.numeric && c.role !== 'kept' && !settled.has(c) && c.width > floor(c)).sort((a, b) => descending(a.width, b.width))[0];
      if (!widest) break;
      const target = Math.max(floor(widest), widest.width - (total() - width));
      // A key is cut once, as far as its values stay distinct.
      if (widest.role === 'key') settled.add(widest);
      widest.width = widest.role === 'key' ? distinctKeyWidth(widest, target) : target;
    }
    while (total() > width) {
      const last = columns.reduce((found, c, i) => (i > 0 && c.role === null ? i : found), -1);
      if (last < 0) break;
      hidden.push(...columns.splice(last, 1).map((c) => c.name));
    }
  }
  return { columns, hidden };
}

/** The columns a terminal `width` leaves out of `table` (as its aligned text names them under it), in the order left out; none with no width. */
export function hiddenColumns(table: TextTable, width: number | undefined): string[] {
  return fitColumns(table, width).hidden;
}

function alignedText(table: TextTable, width: number | undefined): string {
  const { columns, hidden } = fitColumns(table, width);
  const pad = (value: string, c: Column) => (c.numeric ? cutCell(value, c.width, c.role).padStart(c.width) : cutCell(value, c.width, c.role).padEnd(c.width));
  const lines = [
    columns.map((c) => pad(c.name, c)).join(' '.repeat(GAP)),
    columns.map((c) => '-'.repeat(c.width)).join(' '.repeat(GAP)),
    ...table.rows.map((_, r) => columns.map((c) => pad(c.cells[r], c)).join(' '.repeat(GAP))),
  ];
  const count = `${table.rows.length} row${table.rows.length === 1 ? '' : 's'}`;
  return lines.map((l) => l.trimEnd()).join('\n') + `\n(${count}${hiddenNote(hidden, width, count.length)})\n`;
}

/** `; 3 columns not shown (a, b, c): --wide shows them`, the names left out when they would not fit. */
function hiddenNote(hidden: string[], width: number | undefined, used: number): string {
  if (hidden.length === 0) return '';
  const plural = hidden.length === 1 ? 'column' : 'columns';
  const named = `; ${hidden.length} ${plural} not shown (${hidden.join(', ')}): --wide shows them`;
  return width === undefined || used + named.length + 2 <= width ? named : `; ${hidden.length} ${plural} not shown: --wide shows them`;
}
