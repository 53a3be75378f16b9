/**
 * Typed cells: what a query's row holds once read by its declared column types (`@returns name
 * TYPE`, src/engine/queries.ts), the same on every engine:
 * - DECIMAL: bigint money units of 1e-10 (src/lib/money.ts), exact, never through a float;
 * - BIGINT, INTEGER (counts) and DOUBLE: number (an integer beyond ±2^53−1 is an error);
 * - DATE: `YYYY-MM-DD`; TIMESTAMP: `YYYY-MM-DD HH:MM:SS[.fff]` (UTC); VARCHAR (and lists as JSON
 *   text): string; BOOLEAN: boolean; NULL: null.
 */
import { CostlensError } from '../../errors.ts';
import type { ColumnType } from '../queries.ts';

/** One typed cell of a query's row. */
export type Cell = string | number | bigint | boolean | null;

/** One query row: each column of its `@returns` by name. */
export type CellRow = Record<string, Cell>;

/** The TypeScript type of a cell of each declared column type (null aside), as query-types.generated.ts writes it. */
export const TS_TYPE_OF_COLUMN: Readonly<Record<ColumnType, 'string' | 'number' | 'bigint' | 'boolean'>> = {
  VARCHAR: 'string',
  DATE: 'string',
  TIMESTAMP: 'string',
  BIGINT: 'number',
  INTEGER: 'number',
  DOUBLE: 'number',
  DECIMAL: 'bigint',
  BOOLEAN: 'boolean',
};

/** Where a cell comes from, for error messages: the query and its column. */
export interface CellSource {
  query: string;
  column: string;
}

/** The error for a cell that does not hold its declared type: a fault of the query or the engine, not of the user. */
export function cellError(source: CellSource, type: ColumnType, got: string, cause?: unknown): CostlensError {
  return new CostlensError('internal', `query ${source.query}: column ${source.column} is declared ${type} but holds ${got}`, {
    hint: 'the @returns line of the query must give each column the type the SQL returns',
    cause,
  });
}

/** A whole number as a JS number, or an error when it is outside the safe-integer range (±2^53−1). */
export function safeInteger(value: bigint, source: CellSource, type: ColumnType): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new CostlensError('internal', `query ${source.query}: column ${source.column} (${type}) holds ${value}, beyond the integers a number keeps exactly`);
  }
  return Number(value);
}

/** The declared type of each column of a result, by name; a column the query does not declare is an error. */
export function declaredTypes(query: { name: string; returns: readonly string[]; returnTypes: readonly ColumnType[] }, columns: readonly string[]): ColumnType[] {
  const byName = new Map(query.returns.map((name, i) => [name, query.returnTypes[i]]));
  return columns.map((column) => {
    const type = byName.get(column);
    if (!type) throw new CostlensError('internal', `query ${query.name} returned the column ${column}, which its @returns does not declare`);
    return type;
  });
}
