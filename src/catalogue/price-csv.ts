/**
 * The rows of a shipped price catalogue CSV (EBS volumes, S3 storage): the header must hold every
 * column, every row as many fields as the header, the `region` column a region name; each row is
 * read by column name, and its `basis` (how the prices were obtained) must not be empty. Errors
 * name the file and the line (and the column), with the catalogue's own hint.
 */
import { CostlensError } from '../errors.ts';
import { parseCsvLine } from '../lib/csv.ts';

/** One data row: its line number in the file and its trimmed cells by column. */
export interface PriceCsvRow<C extends string> {
  line: number;
  region: string;
  basis: string;
  cell(column: C): string;
}

/** An input error at `line` of `source`. */
export function priceCsvError(source: string, line: number, message: string, hint: string): CostlensError {
  return new CostlensError('input', `${source} line ${line}: ${message}`, { hint });
}

/** Splits and checks the catalogue text; `columns` must include `region` and `basis`. */
export function readPriceCsv<C extends string>(text: string, source: string, columns: readonly C[], hint: string): PriceCsvRow<C>[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw priceCsvError(source, 1, 'file is empty; expected a header row', hint);
  const header = parseCsvLine(lines[0]);
  for (const column of columns) {
    if (!header.includes(column)) throw priceCsvError(source, 1, `missing column "${column}"`, hint);
  }
  return lines.slice(1).map((text, i) => {
    const line = i + 2;
    const fields = parseCsvLine(text);
    if (fields.length !== header.length) throw priceCsvError(source, line, `expected ${header.length} fields, found ${fields.length}`, hint);
    const cell = (column: C) => fields[header.indexOf(column)].trim();
    const region = cell('region' as C);
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw priceCsvError(source, line, `column region: expected a region such as us-east-1 (got "${region}")`, hint);
    const basis = cell('basis' as C);
    if (basis === '') throw priceCsvError(source, line, 'column basis is empty; expected how the prices were obtained', hint);
    return { line, region, basis, cell };
  });
}
