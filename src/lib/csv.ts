/**
 * The one CSV renderer (RFC 4180). Every CSV costlens writes goes through it: the exports meant
 * for spreadsheets (`--format csv`, the dashboards' downloads, the chargeback attachment) with
 * formulas neutralised, and the data files costlens writes for itself with cells kept as they are.
 */

/** A cell as callers hold it; null and undefined are empty fields. */
export type CsvCell = string | number | bigint | null | undefined;

export interface CsvOptions {
  /**
   * `neutralise`: a text cell that a spreadsheet would run as a formula (it starts with `=`, `+`,
   * `-`, `@`, tab or carriage return) gets a leading `'`, OWASP's rule; numbers (`-12.50`,
   * `1e-7`) stay numbers. `keep`: cells are written exactly (files read back by a program).
   */
  formulas: 'neutralise' | 'keep';
  /** Line ending: CRLF for exports (RFC 4180), LF for data files. Default CRLF. */
  eol?: '\r\n' | '\n';
}

/** Characters a spreadsheet reads as the start of a formula (or ignores before one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain decimal or scientific number, as DuckDB and costlens print them. */
const NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

/** True when a spreadsheet opening this cell could take it for a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !NUMBER.test(text);
}

/** OWASP's CSV-injection rule: a cell that looks like a formula gets a leading `'`; anything else is unchanged. */
export function neutraliseFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** One field: quoted when it holds a comma, quote or line break or starts or ends with blanks; quotes doubled. */
export function csvField(value: CsvCell, formulas: CsvOptions['formulas']): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (formulas === 'neutralise') text = neutraliseFormula(text);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record: the fields joined by commas (no line ending). */
export function csvRecord(cells: readonly CsvCell[], formulas: CsvOptions['formulas']): string {
  return cells.map((cell) => csvField(cell, formulas)).join(',');
}

/**
 * A list in one CSV cell, its items separated by `; ` (an item may hold commas and spaces: a delivery's
 * sources `aws/1, oracle/2`, a commitment's note), as every list column of costlens's CSVs writes it:
 * `rightsize`'s commitment columns, `idle`'s `also_matched`, `forecast`'s `ended_sources` and `missing_days`.
 */
export function csvListCell(items: readonly string[]): string {
  return items.join('; ');
}

/** A whole CSV: the header record, then one record per row, each followed by the line ending. */
export function renderCsv(header: readonly CsvCell[], rows: readonly (readonly CsvCell[])[], options: CsvOptions): string {
  const eol = options.eol ?? '\r\n';
  let text = csvRecord(header, options.formulas) + eol;
  for (const row of rows) text += csvRecord(row, options.formulas) + eol;
  return text;
}

/** Splits one CSV record (RFC 4180 quoting; stops at the first unquoted line break). */
export function parseCsvLine(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      break;
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
