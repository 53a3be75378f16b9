import { quoteIdentifier } from '../lib/sql-quote.ts';
import type { PeriodRelation } from './period-files.ts';
import type { TypedColumn } from './table-columns.ts';

/** A table that summarises line_items; its rows carry x_Source, x_BillingPeriod and x_IngestId. */
export interface Rollup {
  table: Exclude<PeriodRelation, 'line_items'>;
  /** The rolled-up rows of every line of `lines` (a table or view with line_items' columns), ordered for storage. */
  select(lines: string): string;
  /** The rollup table's columns that `select` fills, in its order (default: every column, in the table's order). */
  columns?: readonly string[];
}

/** INSERT of the rollup of `lines` into `target` (a table with the rollup's columns). */
export function rollupInsert(rollup: Rollup, target: string, lines: string): string {
  return `INSERT INTO ${target}${rollup.columns ? ` (${rollup.columns.join(', ')})` : ''}${rollup.select(lines)}`;
}

/**
 * The rollup of `lines` as one relation with exactly the columns of the rollup's table (`stored`:
 * name and type, in order), each cast to its stored type and NULL where `select` leaves it out,
 * as an INSERT into the table would store it: what a period file of the rollup holds.
 */
export function rollupRelation(rollup: Rollup, lines: string, stored: readonly TypedColumn[]): string {
  const filled = rollup.columns ?? stored.map((c) => c.name);
  const values = stored.map((c) => `CAST(${filled.includes(c.name) ? `r.${quoteIdentifier(c.name)}` : 'NULL'} AS ${c.type}) AS ${quoteIdentifier(c.name)}`);
  return `SELECT ${values.join(', ')} FROM (${rollup.select(lines)}\n) AS r(${filled.map(quoteIdentifier).join(', ')})`;
}
