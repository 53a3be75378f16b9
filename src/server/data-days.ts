/**
 * The one check of a day a request gives against the store's billing data, for every page and API
 * route whose figures would otherwise be computed on days the store does not hold: a parameter whose
 * days hold no day of the billing data is a usage error (HTTP 400; a page shows its form with the
 * message beside the field) naming the parameter, its value and the store's first and last day, in
 * the words the CLI uses for the same refusal (`costlens idle --as-of`, src/analyze/findings-window.ts;
 * `costlens attribute --period`, `--from`/`--to`).
 * The first day is the store's first charge day, the last the latest day holding any line (the data
 * horizon, or a fee posted after it). A store without billing lines (metrics and inventory only) is
 * not checked.
 *
 * The Overview and the Data transfer page take any as-of day instead: they say which of their days
 * the store does not hold and show "no data" for them (README, "Dashboards and the query API").
 */
import { billingDataDays, outsideBillingData } from '../analyze/billing-calendar.ts';
import type { DayRange } from '../analyze/selection.ts';
import type { Analyses } from './analysis-service.ts';
import { FieldError } from './field-error.ts';

/** The store's billing data: its first charge day and the latest day holding any line (billing-calendar.ts `billingDataDays`). */
export type DataDays = ReturnType<typeof billingDataDays>;

/** What a request gave, for {@link refuseDaysOutsideData}. */
export interface GivenDays {
  /** The query-string parameter at fault (the form field a page marks), e.g. `as_of`. */
  param: string;
  /** The parameters as the message names them: `as_of 2019-01-10`, `period 2025-01 (2025-01-01 to 2025-01-31)`. */
  given: string;
  /** The days they make the view cover (half-open). */
  days: DayRange;
  /** When they are not the days given: those days in words, before "hold none of it" (`the 30 days it looks back on, 2018-12-11 to 2019-01-09,`). */
  covers?: string;
  /** What to give instead, from the store's days. */
  hint: (data: DataDays) => string | Promise<string>;
}

/** Refuses `given` when none of its days is a day of the store's billing data (see the module's note). */
export async function refuseDaysOutsideData(analyses: Analyses, given: GivenDays): Promise<void> {
  const span = await analyses.billingSpan();
  if (!span) return;
  const data = billingDataDays(span);
  const outside = outsideBillingData({ given: given.given, ...given.days, covers: given.covers }, data);
  if (outside) throw new FieldError(given.param, outside, { hint: await given.hint(data) });
}
