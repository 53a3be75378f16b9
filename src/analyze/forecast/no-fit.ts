/**
 * Why a forecast has no day to fit its run-rate on, as an error: the days it would fit lie wholly
 * outside the store's billing data (`forecast --as-of 2019-06-15` in a store whose data stops on
 * 30 Nov 2018 and resumes on 1 Nov 2023: `… are not in the store: the store holds no billing data
 * from 1 Dec 2018 to 31 Oct 2023`, lib/store-days.ts's wording), else they are provisional or hold
 * no line.
 */
import type { Engine } from '../../engine/engine.ts';
import { CostlensError } from '../../errors.ts';
import { addDays } from '../../lib/calendar.ts';
import { daysNotInStore, daysNotInStoreAre } from '../../lib/store-days.ts';
import { storeDays, type BillingDaySpan } from '../billing-calendar.ts';
import type { ForecastConfig } from '../trends-config.ts';

/** The days a forecast would fit (`fitFrom` to `fitTo`, none of them holding a line) as of `asOf`, and its first provisional day. */
export interface UnfittedDays {
  asOf: string;
  fitFrom: string;
  fitTo: string;
  provisionalFrom: string | null;
}

/**
 * The error of a forecast with no day to fit on (`span`, the store's: billingDaySpan's): the fitted
 * days are not in the store, and why (the gap or the store's first charge day), when none of them is
 * and no provisional day cut them short; else none of them is a non-provisional day with billing
 * data, and the provisional days named.
 */
export async function noDayToFit(engine: Engine, span: BillingDaySpan, days: UnfittedDays, config: Pick<ForecastConfig, 'fitDays' | 'provisionalDays'>): Promise<CostlensError> {
  const { asOf, fitFrom, fitTo, provisionalFrom } = days;
  // Days cut off by provisional ones (the fit ends before as-of) are the provisional days' doing, wherever the days before them lie.
  const missing = fitTo === asOf ? daysNotInStore(fitFrom, addDays(fitTo, 1), { ...await storeDays(engine, span), lastDay: span.lastDay }) : null;
  if (missing?.all) {
    return new CostlensError('input', `no billing data to fit a run-rate on: ${daysNotInStoreAre(missing)} not in the store: ${missing.why}`, {
      hint: `the run-rate is fitted on the ${config.fitDays} days up to --as-of (forecast.fitDays); give an --as-of whose days before it hold billing data (costlens status lists each billing period and its days)`,
    });
  }
  return new CostlensError('input', `no billing data to fit a run-rate on: no non-provisional day from ${fitFrom} to ${fitTo}`, {
    hint: `the last ${config.provisionalDays} days of data (from ${provisionalFrom}) are provisional and never fitted; ingest more history or lower forecast.provisionalDays`,
  });
}
