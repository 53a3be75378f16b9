import { writeFileSync } from 'node:fs';
import { renderCsv, type CsvCell } from '../lib/csv.ts';

/**
 * Writes a CSV file that costlens ingests afterwards: the header line, then one line per row,
 * each ending in a newline; cells are kept exactly (src/lib/csv.ts, no spreadsheet escaping).
 */
export function writeCsv(path: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): void {
  writeFileSync(path, renderCsv(header, rows, { formulas: 'keep', eol: '\n' }));
}
