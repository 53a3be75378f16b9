/**
 * Why a forecast has no day to fit its run-rate on, as an error: the days it would fit lie wholly
 * outside the store's billing data (`forecast --as-of 2019-06-15` in a store whose data stops on
 * 30 Nov 2018 and resumes on 1 Nov 2023: `… are not in the store: the store holds no billing data
 * from 1 Dec 2018 to 31 Oct 2023`, lib/store-days.ts's wording), else they are provisional or hold
 * no line.
 */
import type { Engine } from '../../engine/engine.ts';
import { CostlensError } from '../../errors.ts';
import { addDays, daySpan, monthEnd } from '../../lib/calendar.ts';
import { plural, pluralNoun } from '../../lib/text.ts';
import { MIN_FIT_DAYS } from './fit.ts';
import { daysNotInStore, daysNotInStoreAre, type StoreDays } from '../../lib/store-days.ts';
import { storeDays, type BillingDaySpan } from '../billing-calendar.ts';
import { endedDeliveriesPhrase, type EndedDelivery } from '../ended-delivery.ts';
import { sameDelivery } from '../fees-delivery.ts';
import type { SourceSpans } from '../source-spans.ts';
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

/**
 * The error of a forecast of a month no delivery holds (every day of it in a gap of the store, `store`)
 * whose run-rate would be fitted (`fitted`, its days) only on the data of deliveries that have ended
 * (SourceSpans.ended): their spend stopped arriving, so nothing says it runs on into that month
 * (`forecast --as-of 2023-12-05` on the store of every real file projected $27.73 for December 2023 from
 * the legacy CUR, whose data ends on 13 Nov 2023). Null when a delivery holds a day of the month, or one
 * that has not ended holds a month of the fitted days (a gap in its data, to be ingested, is projected as before).
 */
export function noDeliveryHoldsMonth(spans: SourceSpans, month: string, fitted: readonly string[], store: StoreDays): CostlensError | null {
  const ended = spans.ended();
  const first = `${month}-01`;
  const gap = ended.length > 0 ? daysNotInStore(first, addDays(monthEnd(first), 1), store) : null;
  if (!gap?.all || monthEnd(first) >= store.lastDay!) return null;
  const holders = [...new Set(fitted.map((day) => day.slice(0, 7)))].flatMap((period) => spans.holding(period));
  if (holders.length === 0 || holders.some((own) => !ended.some((end) => sameDelivery(spans, end, own)))) return null;
  const named = new Map(holders.map((own) => [`${spans.sourcesOf(own).join()}\u0000${own.lastDay}`, { sources: spans.sourcesOf(own), lastDay: own.lastDay }]));
  return new CostlensError('input', `no delivery holds ${month} (${gap.why}), and the run-rate would be fitted only on the data of ${endedDeliveriesPhrase([...named.values()], true)}: `
    + `${pluralNoun(named.size, 'its', 'their')} spend stopped arriving, so it is not projected over a month after ${pluralNoun(named.size, 'its', 'their')} end`, {
    hint: 'give an --as-of in a month the store holds (costlens status lists each billing period and its days)',
  });
}

/**
 * The error of a forecast whose run-rate would be fitted only on the lines of deliveries that have ended
 * (`ended`: ended-delivery.ts endedLeftOutOfFit, left out of the fit while another delivery's data runs on)
 * because the deliveries that run on hold no non-provisional day of the fitted days (`fitFrom` to `fitTo`).
 */
export function endedOnlyToFit(ended: readonly EndedDelivery[], fitFrom: string, fitTo: string, config: Pick<ForecastConfig, 'provisionalDays'>): CostlensError {
  return new CostlensError('input', `no billing data to fit a run-rate on: from ${fitFrom} to ${fitTo} only the data of ${endedDeliveriesPhrase(ended, true)}, `
    + `holds usage on a non-provisional day: ${pluralNoun(ended.length, 'its', 'their')} spend stopped arriving, so it is not projected`, {
    hint: `the run-rate is fitted on the deliveries whose data runs on, without their last ${config.provisionalDays} days (forecast.provisionalDays); give a later --as-of, or ingest more of their history`,
  });
}

/**
 * The error of a forecast whose run-rate would be fitted on fewer than {@link MIN_FIT_DAYS} days (`fitted`, the non-provisional
 * days from `fitFrom` to `fitTo` holding billing data of the deliveries fitted; `ended`, those left out of the fit): after a gap, or when the store's data (or the
 * data of the deliveries that run on) begins that late. `forecast --as-of 2024-09-02` on the store of every real file fitted
 * 1–2 Sep 2024 and gave BilledCost $0.17, range $0.17 – $0.17, against the month's $20.52.
 */
export function tooFewDaysToFit(fitted: readonly string[], fitFrom: string, fitTo: string, ended: readonly EndedDelivery[], config: Pick<ForecastConfig, 'fitDays'>): CostlensError {
  // The data of deliveries that have ended is never fitted while another's runs on (ended-delivery.ts endedLeftOutOfFit): named, so the days it holds are not a puzzle.
  const notFitted = ended.length ? `, not counting the data of ${endedDeliveriesPhrase(ended)}` : '';
  return new CostlensError('input', `too few days to fit a run-rate on: from ${fitFrom} to ${fitTo} only ${plural(fitted.length, 'day')} (${daySpan(fitted[0], fitted.at(-1)!)}) `
    + `${fitted.length === 1 ? 'holds' : 'hold'} billing data to fit${notFitted}, and a forecast needs at least ${MIN_FIT_DAYS}: a line through fewer has no spread to make a band of and swings the month`, {
    hint: `the run-rate is fitted on the non-provisional days with billing data among the ${config.fitDays} days up to --as-of (forecast.fitDays); give an --as-of at least ${MIN_FIT_DAYS} such days in, or ingest the billing files of the days before`,
  });
}
