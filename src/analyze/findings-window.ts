/** The as-of day that idle and rightsizing analyses look back from, and their date ranges. */
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { CostlensError } from '../errors.ts';
import { addDays } from '../lib/calendar.ts';
import { parseDay } from './billing-calendar.ts';

/** Days of the bill that make a "monthly" cost: the 30 days before as-of. */
export const MONTHLY_COST_DAYS = 30;

/** Hours in a month for list-price figures (AWS's pricing pages use 730). */
export const HOURS_PER_MONTH = 730;

/** A half-open range of whole UTC days: `start` included, `end` excluded (both YYYY-MM-DD). */
export interface DateRange {
  start: string;
  end: string;
}

/** The `days` whole days before `asOf` (the look-back of a finding, or its 30-day cost window). */
export function lookbackRange(asOf: string, days: number): DateRange {
  return { start: addDays(asOf, -days), end: asOf };
}

/**
 * The given as-of day, or the default: the day after the latest day with a metric or a billed
 * usage line in the store, so that a fixed store gives the same answer on any day.
 */
export async function resolveAsOf(engine: Engine, asOf?: string): Promise<string> {
  if (asOf !== undefined) return parseDay('as-of', asOf);
  const rows = await runQuery(engine, 'optimisation/default_as_of');
  const found = rows[0]?.as_of;
  if (!found) {
    throw new CostlensError('not_found', 'the store holds no billing lines and no metrics to analyse', {
      hint: 'ingest a Cost and Usage Report and metrics first (costlens ingest PATH ...), or give --as-of',
    });
  }
  return found.slice(0, 10);
}
