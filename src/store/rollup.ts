import type { PeriodRelation } from './period-files.ts';

/** A table that summarises line_items; its rows carry x_Source, x_BillingPeriod and x_IngestId. */
export interface Rollup {
  table: Exclude<PeriodRelation, 'line_items'>;
  /** INSERT … SELECT into `target` (a table with the rollup's columns) over every line of `lines` (a table or view with line_items' columns). */
  insert(target: string, lines: string): string;
}
