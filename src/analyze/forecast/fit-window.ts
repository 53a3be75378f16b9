/**
 * The days a forecast as of one day fits its usage run-rate on and reads: the one rule of `costlens
 * forecast` (month-end.ts) and of the budgets' forecasts (src/analyze/budgets/forecast.ts, ended-fit.ts), so
 * that both leave out the same deliveries that have ended (ended-delivery.ts endedLeftOutOfFit).
 */
import { addDays, addMonths, earlierDay } from '../../lib/calendar.ts';

/** The fit's days, `fitFrom` to `fitTo` (both included), and the first day read (`readFrom`): the fit's first or the month before's. */
export interface FitWindow {
  fitFrom: string;
  fitTo: string;
  readFrom: string;
}

/**
 * The fit window of a forecast as of `asOf` of the month whose first day is `month`: the `fitDays` days
 * that end at as-of, or at the day before the first provisional day (`provisionalFrom`, never fitted)
 * when as-of is on or after it; the days read begin at the earlier of its first day and the first of
 * the month before `month` (the recurring fees and tax expected). As of 20 Nov 2023 with 28 fit days and
 * no provisional day: 24 Oct – 20 Nov 2023, read from 1 Oct 2023.
 */
export function fitWindow(asOf: string, month: string, provisionalFrom: string | null, fitDays: number): FitWindow {
  const fitTo = provisionalFrom !== null && asOf >= provisionalFrom ? addDays(provisionalFrom, -1) : asOf;
  const fitFrom = addDays(fitTo, -(fitDays - 1));
  return { fitFrom, fitTo, readFrom: earlierDay(fitFrom, addMonths(month, -1)) };
}
