/**
 * A range of days a request gives (`start`, `end`: Attribution, Explore and their API routes) in a
 * store without daily usage (a CUR at monthly time granularity, fees only): its lines are dated to
 * the first of their month, so a range cut inside a month would take that month's whole bill, or
 * none of it, as the days given. Refused as `costlens attribute --from --to` refuses it
 * (refuseDaysWithoutDailyUsage), in the parameters' words, on the `start` field.
 */
import { refuseDaysWithoutDailyUsage } from '../analyze/whole-bills-period.ts';
import { addDays, monthStart } from '../lib/calendar.ts';
import type { Analyses } from './analysis-service.ts';
import { FieldError } from './field-error.ts';

/** The range as given: `start` included, `end` excluded (YYYY-MM-DD). */
export interface GivenRange {
  start: string;
  end: string;
}

/**
 * Refuses `range` when the store holds no daily usage and either end is not the first of a month:
 * a FieldError on `start` saying why, with the month bounds that cover it (and, with `periods`, the
 * `period` values that do); nothing in a store of daily usage or on month bounds.
 */
export async function refuseRangeCutInsideMonth(analyses: Analyses, range: GivenRange, options: { periods?: boolean } = {}): Promise<void> {
  const span = await analyses.billingSpan();
  const bills = span?.wholeBillsOnly;
  if (!span || !bills) return;
  try {
    refuseDaysWithoutDailyUsage({ from: range.start, to: range.end }, span);
  } catch (error) {
    const first = monthStart(range.start);
    const last = monthStart(addDays(range.end, -1));
    const bounds = `start ${first}, end ${monthStart(addDays(last, 32))}`;
    const periods = first === last ? `period ${first.slice(0, 7)}` : `period ${first.slice(0, 7)} to ${last.slice(0, 7)} one at a time`;
    throw new FieldError('start', `the range start ${range.start}, end ${range.end} cuts a month into days, but the store holds no daily usage: ${bills.reason}, `
      + 'so its lines are dated to the first of their month and only whole billing periods add up', {
      hint: `give start and end on the first of a month (${bounds})${options.periods ? `, or ${periods}` : ''}`,
      cause: error,
    });
  }
}
