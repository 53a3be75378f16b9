/**
 * A range of days a request gives (`start`, `end`: Attribution, Explore and their API routes; any
 * range of charge days a query takes over the query API: `from`/`to`, `charge_from`/`charge_to`)
 * in a store without daily usage (a CUR at monthly time granularity, fees only): its lines are
 * dated to the first of their month, so a range cut inside a month would take that month's whole
 * bill, or none of it, as the days given. Refused as `costlens attribute --from --to` refuses it
 * (refuseDaysWithoutDailyUsage), in the words of the parameters given, on the first of them.
 */
import type { WholeBillsOnly } from '../analyze/monthly-bills.ts';
import { onMonthBounds } from '../analyze/whole-bills-period.ts';
import { addDays, monthStart } from '../lib/calendar.ts';
import type { Analyses } from './analysis-service.ts';
import { FieldError } from './field-error.ts';

/** The range as given: `start` included, `end` excluded (YYYY-MM-DD); an end left out is open. */
export interface GivenRange {
  start?: string;
  end?: string;
}

/** The names the request gave the range's bounds as: `start` and `end` (the default), `from` and `to`, `charge_from` and `charge_to`. */
export interface RangeNames {
  start: string;
  end: string;
}

/** How a refusal names the range: its parameters' names and, with `periods`, the `period` values that cover it (Attribution's form has one). */
export interface RangeRefusalOptions {
  names?: RangeNames;
  periods?: boolean;
}

/**
 * Refuses `range` when the store holds no daily usage and either end is not the first of a month:
 * a FieldError on `start` saying why, with the month bounds that cover it (and, with `periods`, the
 * `period` values that do); nothing in a store of daily usage or on month bounds.
 */
export async function refuseRangeCutInsideMonth(analyses: Analyses, range: GivenRange, options: RangeRefusalOptions = {}): Promise<void> {
  refuseDaysCutInsideMonth((await analyses.billingSpan())?.wholeBillsOnly, range, options);
}

/**
 * {@link refuseRangeCutInsideMonth} on what the store holds (`bills`: undefined in a store of
 * daily usage, or an empty one): a FieldError on the first bound given, naming each bound given by
 * its parameter's name (`the range from 2018-11-05, to 2018-12-01 cuts a month into days, …`),
 * with the bounds on the first of a month that cover it. Nothing when no bound is given.
 */
export function refuseDaysCutInsideMonth(bills: WholeBillsOnly | undefined, range: GivenRange, options: RangeRefusalOptions = {}): void {
  const { start, end } = range;
  if (!bills || (start === undefined && end === undefined) || onMonthBounds({ from: start, to: end })) return;
  const names = options.names ?? { start: 'start', end: 'end' };
  const first = monthStart(start ?? addDays(end!, -1));
  const last = end === undefined ? first : monthStart(addDays(end, -1));
  const given = [start === undefined ? '' : `${names.start} ${start}`, end === undefined ? '' : `${names.end} ${end}`].filter(Boolean);
  const bounds = [start === undefined ? '' : `${names.start} ${first}`, end === undefined ? '' : `${names.end} ${monthStart(addDays(last, 32))}`].filter(Boolean);
  const namesGiven = [start === undefined ? '' : names.start, end === undefined ? '' : names.end].filter(Boolean);
  const periods = first === last ? `period ${first.slice(0, 7)}` : `period ${first.slice(0, 7)} to ${last.slice(0, 7)} one at a time`;
  throw new FieldError(start === undefined ? names.end : names.start, `the range ${given.join(', ')} cuts a month into days, but the store holds no daily usage: ${bills.reason}, `
    + 'so its lines are dated to the first of their month and only whole billing periods add up', {
    hint: `give ${namesGiven.join(' and ')} on the first of a month (${bounds.join(', ')})${options.periods ? `, or ${periods}` : ''}`,
  });
}
