/** The as-of day that idle and rightsizing analyses look back from, and their date ranges. */
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { CostlensError } from '../errors.ts';
import { addDays } from '../lib/calendar.ts';
import { billingDataDays, billingDaySpan, outsideBillingData, parseDay, type BillingDaySpan } from './billing-calendar.ts';

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

/** The store's billing data span, or undefined when it holds no billing line (metrics and inventory only). */
async function billingSpanIfAny(engine: Engine): Promise<BillingDaySpan | undefined> {
  try {
    return await billingDaySpan(engine);
  } catch (error) {
    if (error instanceof CostlensError && error.code === 'not_found') return undefined;
    throw error;
  }
}

/**
 * Refuses an --as-of given on the command line whose look-back, the `days` days before it, holds
 * no day of the billing data in the store (a report on it would find nothing and say "0 found"):
 * a usage error naming the value and the data's first and last day, worded as anomalies and
 * forecast word theirs (src/analyze/billing-calendar.ts, resolveAsOf). The last day is the latest
 * day holding any line. A store without billing lines is not checked (its inventory still
 * shows unattached volumes). The analyses themselves do not check: the server and the weekly
 * report give them an as-of of their own.
 */
export async function checkAsOfInData(engine: Engine, asOf: string, days: number): Promise<void> {
  const day = parseDay('as-of', asOf);
  const span = await billingSpanIfAny(engine);
  if (!span) return;
  const data = billingDataDays(span);
  const window = lookbackRange(day, days);
  const outside = outsideBillingData({ given: `--as-of ${day}`, ...window, covers: `the ${days} days it looks back on, ${window.start} to ${addDays(window.end, -1)},` }, data);
  if (!outside) return;
  throw new CostlensError('usage', outside, {
    hint: `give a day from ${addDays(data.first, 1)} to ${addDays(data.last, days)}, or leave --as-of out for ${await resolveAsOf(engine)} (the day after the latest metric or billing day)`,
  });
}
