/**
 * Typed cells back to the text the engines gave before rows were typed (DuckDB's text of each
 * value): a DECIMAL's units with 10 decimals (DuckDB's DECIMAL(38,10) text, `276.4800000000`),
 * numbers and booleans as `String()` writes them, text as it is. For readers that still parse
 * text cells themselves; new code reads the typed cells.
 */
import { fromUnits } from '../../lib/money.ts';
import type { Cell, CellRow } from './cell.ts';

/** One typed cell as text (null stays null). */
export function cellText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'bigint') return fromUnits(cell);
  return String(cell);
}

/** A typed row as a row of text cells. */
export function textRow(row: CellRow): Record<string, string | null> {
  const text: Record<string, string | null> = {};
  for (const [column, cell] of Object.entries(row)) text[column] = cellText(cell);
  return text;
}
