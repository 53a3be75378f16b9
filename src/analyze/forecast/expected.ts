/**
 * The charges a month-end forecast expects besides usage: the recurring fees and the tax the
 * previous complete month says are still to come. Money is exact (bigint units): an amount scaled
 * by a ratio (days of the month, tax to the other charges) is the exact fraction rounded once to
 * the unit, and what is still to post is put on the micro-dollar grid, as every estimate is.
 */
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { addDays, monthEnd, monthLabel } from '../../lib/calendar.ts';
import { divideRounded, formatDecimal } from '../../lib/money.ts';
import { daysNotInStore, type DaysNotInStore, type StoreDays } from '../../lib/store-days.ts';
import type { CostMeasure } from '../anomalies/index.ts';
import { toMicroGrid } from '../billing-calendar.ts';
import { serviceFee } from './fee-parts.ts';
import { moneyText, type MoneyText } from './money-text.ts';
import type { FeeTermRows } from './fee-rows.ts';

/**
 * The days of the reference month (the month from `previousFirst`, the one before the forecast's)
 * that the store does not hold: before its billing data, in a gap between its deliveries, or after
 * its data horizon (`store.lastDay`). Null when it holds the month whole, the one rule by which a
 * forecast expects recurring fees and tax from it: the month-end forecast's (month-end.ts) and a
 * budget's (budgets/forecast.ts).
 */
export function referenceMonthNotInStore(previousFirst: string, store: StoreDays): DaysNotInStore | null {
  return daysNotInStore(previousFirst, addDays(monthEnd(previousFirst), 1), store);
}

/**
 * Why nothing is expected from a reference month not (all) in the store ({@link referenceMonthNotInStore}),
 * in the one wording the month-end forecast (`costlens forecast`'s "Expected charges: none, …", the
 * weekly e-mail's month section) and a budget's forecast basis share: `the month before (Oct 2023) is
 * not in the store: the store's billing data begins on 1 Nov 2023`, or, the month lying in a gap,
 * `… is not in the store: the store holds no billing data from 1 Dec 2018 to 31 Oct 2023`.
 */
export function monthBeforeNotInStore(previousFirst: string, missing: Pick<DaysNotInStore, 'all' | 'why'>): string {
  return `the month before (${monthLabel(previousFirst)}) is not${missing.all ? '' : ' all'} in the store: ${missing.why}`;
}

/** The charge classes besides usage that a month holds, as posted. */
export const POSTED_CLASSES = ['recurring', 'one-time', 'tax', 'credit'] as const;

/** Rows of trends/spend_by_class_and_service, the columns an expectation reads (read by service, or by source: a service's sources are summed). */
type ClassRows = readonly Pick<QueryRowTypes['trends/spend_by_class_and_service'], 'charge_class' | 'service' | 'billed_cost' | 'effective_cost'>[];

/** A charge expected before month end that has not posted yet: a recurring fee or the tax. */
export interface ExpectedCharge {
  chargeClass: 'recurring' | 'tax';
  /** The service the charge belongs to (tax: every service's tax together). */
  service: string;
  /** What is still expected this month (what has posted already is in `posted`), in units on the micro-dollar grid. */
  remaining: bigint;
  /** The whole month's amount expected, in units. */
  expected: bigint;
  /** Already posted this month, in units. */
  posted: bigint;
  /** How the expectation was made, in words, as the JSON writes it (money as plain decimals). */
  basis: string;
  /** The same words with their money figures (money-text.ts), for the notes to write as dollars. */
  basisText: MoneyText;
  /** Set when `basis` says how some of the previous month's fee is counted by the hours of its term (one that ended, began, ends, or ran a month of other hours), at a FOCUS commitment's hourly rate, or not at all for a FOCUS commitment whose lines ended: kept even when nothing of it is expected. */
  byTermHours?: true;
}

/** The exact total (units) of one charge class in rows of trends/spend_by_class_and_service. */
export function classTotal(rows: ClassRows, chargeClass: string, cost: CostMeasure): bigint {
  return rows.filter((r) => r.charge_class === chargeClass).reduce((sum, r) => sum + (r[`${cost}_cost`] ?? 0n), 0n);
}

/** The month a forecast expects charges in, and what it expects them from. */
export interface ExpectedMonth {
  /** The month's first day, and the reference month's (the previous complete month). */
  first: string;
  previousFirst: string;
  /** This month's forecast of the charges besides tax, in units (the tax is expected at a share of it). */
  nonTaxForecast: bigint;
  /** No day of the month is left to estimate (none after as-of, none missing from the store). */
  over: boolean;
  /** The reference month's rows of trends/recurring_fees_by_commitment_term. */
  fees: FeeTermRows;
  /** This month's rows of the same query up to as-of: what has posted of each commitment. */
  currentFees: FeeTermRows;
}

/**
 * The recurring fees and tax still to come this month, from the previous complete month (`fees`:
 * its recurring fees by whether they are posted, by the start and end of their term and by the
 * commitment each is for), one per service, each commitment of it on its own (fee-parts.ts): a fee
 * whose lines each cover a day or less (a Savings Plan's) accrues (expected pro rata to this month's
 * days), an RI's or one posted for a longer charge period posts once (fee-rows.ts `feeAccruesDaily`;
 * expected at the previous amount until it posts: once this month holds a posting of that
 * commitment (`currentFees`), that is its month's fee and nothing more of it is expected, AWS
 * Support aside, fee-rows.ts `feePostsInParts`). The fee of a Reserved Instance or Savings Plan is
 * expected at its hourly rate last month × the hours its term runs this month (commitment-terms.ts):
 * none once it has ended, the hours up to its end when it ends in this month, all of this month's
 * hours for a term bought last month or running a month longer or shorter; one whose FOCUS bill
 * prices it by the hour but dates no term (fee-rows.ts `focusFees`) at that hourly rate × every hour of
 * this month (taken to run all month), not at last month's amount (an RI bought in last month's last
 * hours), and at nothing when its lines ended before last month did (an RI that expired on the
 * 10th). Tax is expected at the previous month's ratio of tax to the other charges, applied to this
 * month's forecast of them (`nonTaxForecast`, units). What has posted already is taken off. Once the
 * month has no day left to estimate (`over`: none after as-of, none missing from the store), nothing
 * is still to post: what it holds is its end, as a budget's finished period is its actual, so a
 * forecast of a past month equals the month's charges. Every charge is returned, also those with
 * nothing expected or posted in `cost` ({@link isShownCharge} says which a forecast names). `previous` and
 * `current` may hold a service's rows per source (the query read by source): a service's fee is expected once, of their sum.
 */
export function allExpectedCharges(previous: ClassRows, current: ClassRows, cost: CostMeasure, month: ExpectedMonth): ExpectedCharge[] {
  const period = month.previousFirst.slice(0, 7);
  const reference = { from: month.previousFirst, to: monthEnd(month.previousFirst) };
  const target = { from: month.first, to: monthEnd(month.first) };
  const postedOf = (chargeClass: string, service?: string) => current
    .filter((r) => r.charge_class === chargeClass && (service === undefined || r.service === service))
    .reduce((sum, r) => sum + (r[`${cost}_cost`] ?? 0n), 0n);
  const out: ExpectedCharge[] = [];
  const amountOf = (service: string) => previous
    .filter((p) => p.charge_class === 'recurring' && p.service === service)
    .reduce((sum, p) => sum + (p[`${cost}_cost`] ?? 0n), 0n);
  for (const service of new Set(previous.filter((p) => p.charge_class === 'recurring').map((p) => p.service!))) {
    const posted = postedOf('recurring', service);
    const fee = serviceFee({
      service, cost, amount: amountOf(service), posted, postedAny: current.some((c) => c.charge_class === 'recurring' && c.service === service), reference, target,
      over: month.over, referenceRows: month.fees.filter((f) => f.service === service), currentRows: month.currentFees.filter((f) => f.service === service),
    });
    out.push({ chargeClass: 'recurring', service, remaining: fee.remaining, expected: fee.expected, posted, basis: fee.basis, basisText: fee.basisText, ...(fee.byTermHours ? { byTermHours: true } : {}) });
  }
  const previousTax = classTotal(previous, 'tax', cost);
  const previousOther = previous.filter((r) => r.charge_class !== 'tax').reduce((sum, r) => sum + (r[`${cost}_cost`] ?? 0n), 0n);
  if (previousTax !== 0n && previousOther !== 0n) {
    const otherThisMonth = month.nonTaxForecast + out.reduce((sum, e) => sum + e.remaining, 0n);
    const expected = divideRounded(previousTax * otherThisMonth, previousOther);
    const posted = postedOf('tax');
    const percent = formatDecimal(divideRounded(previousTax * 10_000n, previousOther), 2);
    const remaining = toMicroGrid(!month.over && expected > posted ? expected - posted : 0n);
    const basis = `${percent} % of the other charges, as in ${period}`;
    out.push({ chargeClass: 'tax', service: 'Tax', remaining, expected, posted, basis, basisText: moneyText`${basis}` });
  }
  return out;
}

/** Whether a forecast names `charge`: something of it is expected or has posted, or its basis counts a fee by its term's hours. */
export const isShownCharge = (charge: ExpectedCharge): boolean => charge.expected !== 0n || charge.posted !== 0n || charge.byTermHours === true;

/** What names one expected charge in both measures' forecasts: its charge class and service. */
export const expectedChargeKey = (e: ExpectedCharge): string => `${e.chargeClass}\u0000${e.service}`;
