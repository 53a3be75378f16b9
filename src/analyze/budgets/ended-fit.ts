/**
 * A budget's forecast without the deliveries that have ended, as `costlens forecast` makes the
 * month-end forecast (src/analyze/forecast/ended-sources.ts): as of each day, the deliveries whose data
 * horizon is before it while another delivery's data runs on (ended-delivery.ts endedLeftOutOfFit, the
 * one rule) stay in the actual (money billed) but are neither fitted nor projected, and no fee or tax is
 * expected of them; the run-rate is fitted on the days from the first of the others' data. On the legacy
 * CUR of Nov 2023 (data to 13 Nov) beside a FOCUS export of 1–30 Nov, a whole-bill budget's forecast as of
 * 26 Nov is the actual plus the FOCUS export's run-rate, not the trend of both, which read the CUR's end
 * as falling usage.
 */
import { addDays, addMonths, earlierDay, laterDay, monthStart } from '../../lib/calendar.ts';
import { andList } from '../../lib/text.ts';
import { dataEndsOn } from '../billing-calendar.ts';
import { endedLeftOutOfFit, type EndedDelivery, type LeftOutOfFit } from '../ended-delivery.ts';
import { LAGGING_DAYS, type SourceSpans } from '../source-spans.ts';
import type { ForecastConfig } from '../trends-config.ts';
import { indexRows, type ForecastInputs } from './forecast.ts';
import type { ScopeDay } from './scope-day.ts';
import type { BudgetStatus } from './status.ts';

/** A budget's rows with the source of each (budgets/scope_daily_spend `source`). */
export type SourcedRow = ScopeDay & { source?: string | null };

/** What a budget's forecast as of one day reads: its inputs and their index, and the deliveries left out. */
export interface ForecastOfDay {
  inputs: ForecastInputs;
  index: ReturnType<typeof indexRows>;
  leftOut: LeftOutOfFit;
}

/**
 * The inputs of a budget's forecast as of each day (`inputs`, of every row; `spans`: the store's
 * deliveries, storeWideSpans of one delivery): the rows without those of the deliveries left out as of
 * that day, the fit's first day that of the others' data. One index per set of deliveries left out.
 */
export function forecastsByDay(inputs: ForecastInputs & { rows: readonly SourcedRow[] }, spans: SourceSpans, config: ForecastConfig): (day: string) => ForecastOfDay {
  const sourced: readonly SourcedRow[] = inputs.rows;
  const all = { inputs, index: indexRows(inputs.rows), leftOut: { ended: [], othersFrom: null } };
  const bySources = new Map<string, ForecastOfDay>();
  return (day) => {
    // The days a forecast as of `day` reads: its fit's window and the month before its month (the fees and tax expected).
    const from = earlierDay(addDays(day, -config.fitDays), addMonths(monthStart(day), -1));
    const leftOut = endedLeftOutOfFit(spans, from, day);
    if (leftOut.ended.length === 0) return all;
    const sources = leftOut.ended.flatMap((own) => own.sources);
    const key = sources.join();
    if (!bySources.has(key)) {
      const rows = sourced.filter((r) => !sources.includes(r.source ?? ''));
      const firstDataDay = laterDay(inputs.firstDataDay, leftOut.othersFrom!);
      bySources.set(key, { inputs: { ...inputs, rows, firstDataDay }, index: indexRows(rows), leftOut });
    }
    return { ...bySources.get(key)!, leftOut };
  };
}

/**
 * What a budget's forecast basis adds for the deliveries left out of its run-rate ('' when none is), in
 * ended-delivery.ts's words: `; the data of aws/123412340534 ends on 13 Nov 2023, more than 7 days before
 * the store's latest data (that delivery has ended): its lines count in the actual, but it is not fitted
 * and nothing more of it is projected or expected`.
 */
export function leftOutWords(leftOut: LeftOutOfFit): string {
  if (leftOut.ended.length === 0) return '';
  const ends = leftOut.ended.map((own) => dataEndsOn({ lastDay: own.lastDay, lastChargeDay: own.lastDay }, null, 'in the store', own.sources)).join(' and ');
  const one = leftOut.ended.length === 1;
  return `; ${ends}, more than ${LAGGING_DAYS} days before the store's latest data (${one ? 'that delivery has' : 'those deliveries have'} ended): `
    + `${one ? 'its' : 'their'} lines count in the actual, but ${one ? 'it is' : 'they are'} not fitted and nothing more of ${one ? 'it' : 'them'} is projected or expected`;
}

/**
 * The notes of the deliveries that have ended that the budgets' forecasts as of as-of leave out of their
 * run-rate (`statuses`' forecastLeftOut), one per delivery, naming the budgets: `Delivery ended: the data of
 * aws/123412340534 ends on 13 Nov 2023, more than 7 days before the store's latest data (that delivery has
 * ended): the forecast of all counts its lines in the actual, but does not fit them, and nothing more of it
 * is projected or expected.`; empty when none.
 */
export function leftOutNotes(statuses: readonly BudgetStatus[]): string[] {
  const budgets = new Map<string, { own: EndedDelivery; names: string[] }>();
  for (const s of statuses) {
    for (const own of s.forecastLeftOut ?? []) {
      const key = `${own.sources.join()}\u0000${own.lastDay}`;
      budgets.set(key, { own, names: [...(budgets.get(key)?.names ?? []), s.budget.name] });
    }
  }
  return [...budgets.values()].map(({ own, names }) => {
    const ends = dataEndsOn({ lastDay: own.lastDay, lastChargeDay: own.lastDay }, null, 'in the store', own.sources);
    const one = names.length === 1;
    return `Delivery ended: ${ends}, more than ${LAGGING_DAYS} days before the store's latest data (that delivery has ended): `
      + `the ${one ? 'forecast' : 'forecasts'} of ${andList(names)} ${one ? 'counts' : 'count'} its lines in the actual, but ${one ? 'does' : 'do'} not fit them, `
      + 'and nothing more of it is projected or expected.';
  });
}
