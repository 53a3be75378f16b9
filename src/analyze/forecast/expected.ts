/**
 * The charges a month-end forecast expects besides usage: the recurring fees and the tax the
 * previous complete month says are still to come. Money is exact (bigint units): an amount scaled
 * by a ratio (days of the month, tax to the other charges) is the exact fraction rounded once to
 * the unit, and what is still to post is put on the micro-dollar grid, as every estimate is.
 */
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { daysInMonth, monthEnd } from '../../lib/calendar.ts';
import { divideRounded, formatDecimal, UNITS_PER_DOLLAR } from '../../lib/money.ts';
import type { CostMeasure } from '../anomalies/index.ts';
import { formatUnits, toMicroGrid } from '../billing-calendar.ts';
import { expectedFee, spanEndMs, termTimeMs, WHOLE, type DaySpan, type EndedFee, type FeeTerm, type FocusFees, type Fraction, type RatedFee } from './commitment-terms.ts';
import { focusNote, termsNote } from './term-notes.ts';

/** The charge classes besides usage that a month holds, as posted. */
export const POSTED_CLASSES = ['recurring', 'one-time', 'tax', 'credit'] as const;

/** AWS Support's service, as the store names it (ServiceName `AWS Support (…)`, else the product code), as src/store/charge-class.ts reads it. */
const SUPPORT_SERVICE = /^(AWS Support|AWSSupport|AWSDeveloperSupport)/;

/**
 * Whether `service` is AWS Support, whose fee is a share of the month's charges: AWS posts a
 * minimum at the start of the month and the rest once the month's charges are known, so what has
 * posted of it is not yet the month's fee. Any other fee that posts once a month (an RI's monthly
 * fee for the month's hours, a subscription) posts whole: once posted, nothing more of it comes.
 */
export function feePostsInParts(service: string): boolean {
  return SUPPORT_SERVICE.test(service);
}

/**
 * Lines of a recurring fee: `posted` when charged for a charge period longer than a day (absent or
 * null: a day or less); `commitment` what the fee is for, as trends/recurring_fees_by_commitment_term
 * and budgets/scope_daily_spend name it by one rule (queries/fees/commitment_lines.cte.sql: the term's
 * times, else the commitment's ARN, else FOCUS's CommitmentDiscountType or CommitmentDiscountId):
 * 'reservation' or 'savings_plan' (absent or null: neither).
 */
export interface FeeLine {
  posted?: boolean | null;
  commitment?: string | null;
}

/**
 * Whether a line of a recurring fee is a posting for its month: a Reserved Instance's RIFee always
 * is (AWS posts it once a month for the month's hours; its first line starts at the term's start,
 * so one bought in the month's last day is a line of a day or less), a Savings Plan's hourly fee
 * never is, any other fee (AWS Support, a subscription) is when it is `posted`.
 */
function linePostsMonthly(line: FeeLine): boolean {
  if (line.commitment === 'reservation') return true;
  if (line.commitment === 'savings_plan') return false;
  return line.posted === true;
}

/**
 * Whether a recurring fee accrues daily (expected pro rata to the days: a Savings Plan's hourly
 * fee) or posts once a month (an RI's RIFee for the month's hours, the Support fee, a
 * subscription), by what its `lines` in the reference month are, not by how many days they fall
 * on: it accrues when none posts monthly ({@link linePostsMonthly}: an RI's fee always does, a
 * Savings Plan's never, any other fee when `posted`, the rule by which `costlens invoice`, Explore
 * and the budgets call a line posted: a charge period longer than a day,
 * queries/invoice/by_charge_class.sql). So a Savings Plan bought on the 15th accrues, an RI bought
 * in the month's last hours posts once, and a fee posted for its month posts once, however many
 * days it shows on. The month-end forecast (trends/recurring_fees_by_commitment_term `posted`,
 * `commitment`) and the budgets' period forecast (budgets/scope_daily_spend `last_day`,
 * `commitment`) both classify by it.
 */
export function feeAccruesDaily(lines: readonly FeeLine[]): boolean {
  return !lines.some(linePostsMonthly);
}

type ClassRows = QueryRowTypes['trends/spend_by_class_and_service'][];
type FeeTermRow = QueryRowTypes['trends/recurring_fees_by_commitment_term'];
/** The columns of trends/recurring_fees_by_commitment_term for a FOCUS commitment with no term: its id, where its lines end and its line's price by the hour. */
type FocusColumns = 'commitment_id' | 'charged_until' | 'unit_price' | 'pricing_quantity' | 'priced_seconds';
/**
 * Rows of trends/recurring_fees_by_commitment_term: the reference month's recurring fees by whether
 * they are posted, what commitment they are for, the start and end of its term and, for a FOCUS
 * commitment with no term, its id, where its lines end and its line's price by the hour (absent: none).
 */
export type FeeTermRows = (Omit<FeeTermRow, FocusColumns> & Partial<Pick<FeeTermRow, FocusColumns>>)[];

/** A line ending in the span's last second (23:59:59, as a CUR writes a month's end) runs to its end. */
const LAST_SECOND_MS = 1000n;

/**
 * What the commitment of `row` bills an hour in BilledCost, in units, exactly: its unit price × the
 * units its line prices × 3,600 ÷ the seconds of that line (one division, no rounding); null when
 * the row has no such line or prices nothing.
 */
function hourlyRateOf(row: FeeTermRows[number]): Fraction | null {
  const { unit_price: price, pricing_quantity: quantity, priced_seconds: seconds } = row;
  if (!price || !quantity || !seconds || price <= 0n || quantity <= 0n || seconds <= 0) return null;
  return { numerator: price * quantity * 3600n, denominator: BigInt(seconds) * UNITS_PER_DOLLAR };
}

/** One FOCUS commitment's rows of a service, summed: its amount in the measure and in BilledCost, its hourly rate and the end of its lines. */
interface CommitmentSum {
  amount: bigint;
  billed: bigint;
  hourlyRate: Fraction | null;
  untilMs: bigint | null;
}

/**
 * The fees of `rows` (one service's, over `reference`) for a commitment with no term on the bill (a
 * FOCUS commitment: `commitment_id`), by commitment id: `ended` those whose lines end before
 * `reference` does (`charged_until`, the last second aside), the commitment ended there: their
 * amount in `cost`; `rated` those whose lines run to its end and that a line prices by the hour
 * (their BilledCost positive): their amount in `cost` and in BilledCost, and their hourly rate. Any
 * other keeps the caller's rule. The budgets read it too (budgets/forecast.ts `focusFeesOfLines`),
 * so both forecasts expect the same fees alike.
 */
export function focusFeesById(rows: FeeTermRows, cost: CostMeasure, reference: DaySpan): { rated: Map<string, RatedFee>; ended: Map<string, EndedFee> } {
  const sums = new Map<string, CommitmentSum>();
  for (const r of rows) {
    if (!r.commitment_id) continue;
    const sum = sums.get(r.commitment_id) ?? { amount: 0n, billed: 0n, hourlyRate: hourlyRateOf(r), untilMs: termTimeMs(r.charged_until ?? null) };
    sums.set(r.commitment_id, { ...sum, amount: sum.amount + (r[`${cost}_cost`] ?? 0n), billed: sum.billed + (r.billed_cost ?? 0n) });
  }
  const rated = new Map<string, RatedFee>();
  const ended = new Map<string, EndedFee>();
  const endMs = spanEndMs(reference) - LAST_SECOND_MS;
  for (const [id, { amount, billed, hourlyRate, untilMs }] of sums) {
    if (untilMs !== null && untilMs < endMs) ended.set(id, { amount, endedMs: untilMs });
    else if (hourlyRate !== null && billed > 0n) rated.set(id, { amount, billed, hourlyRate });
  }
  return { rated, ended };
}

/** The fees of `rows` (one service's, over `reference`) for a commitment with no term on the bill ({@link focusFeesById}), one per commitment. */
export function focusFees(rows: FeeTermRows, cost: CostMeasure, reference: DaySpan): FocusFees {
  const { rated, ended } = focusFeesById(rows, cost, reference);
  return { rated: [...rated.values()], ended: [...ended.values()] };
}

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
  /** How the expectation was made, in words. */
  basis: string;
  /** Set when `basis` says how some of the previous month's fee is counted by the hours of its term (one that ended, began, ends, or ran a month of other hours), at a FOCUS commitment's hourly rate, or not at all for a FOCUS commitment whose lines ended: kept even when nothing of it is expected. */
  byTermHours?: true;
}

/** The exact total (units) of one charge class in rows of trends/spend_by_class_and_service. */
export function classTotal(rows: ClassRows, chargeClass: string, cost: CostMeasure): bigint {
  return rows.filter((r) => r.charge_class === chargeClass).reduce((sum, r) => sum + (r[`${cost}_cost`] ?? 0n), 0n);
}

/**
 * The recurring fees and tax still to come this month, from the previous complete month (`fees`:
 * its recurring fees by whether they are posted and by the start and end of their term): a fee
 * whose lines each cover a day or less (a Savings Plan's) accrues (expected pro rata to this month's days), an RI's or one
 * posted for a longer charge period posts once ({@link feeAccruesDaily}; expected at the previous
 * amount until it posts: once this month holds a posting of it, that is the month's fee and
 * nothing more of it is expected, AWS Support aside, {@link feePostsInParts}). The fee of a
 * Reserved Instance or Savings Plan is expected at its hourly rate last month × the
 * hours its term runs this month (commitment-terms.ts): none once it has ended, the hours up to its
 * end when it ends in this month, all of this month's hours for a term bought last month or running
 * a month longer or shorter; one whose FOCUS bill prices it by the hour but dates no term
 * ({@link focusFees}) at that hourly rate × every hour of this month (taken to run all month), not
 * at last month's amount (an RI bought in last month's last hours), and at nothing when its lines
 * ended before last month did (an RI that expired on the 10th). Tax is expected at the previous month's
 * ratio of tax to the other charges, applied to this month's forecast of them
 * (`nonTaxForecast`, units). What has posted already is taken off. Once the month has no day
 * left to estimate (`over`: none after as-of, none missing from the store), nothing is still to post: what it holds is its end, as a budget's finished period
 * is its actual, so a forecast of a past month equals the month's charges.
 */
export function expectedCharges(previous: ClassRows, current: ClassRows, cost: CostMeasure, month: { first: string; previousFirst: string; nonTaxForecast: bigint; over: boolean; fees: FeeTermRows }): ExpectedCharge[] {
  const period = month.previousFirst.slice(0, 7);
  const daysNow = BigInt(daysInMonth(month.first));
  const daysBefore = BigInt(daysInMonth(month.previousFirst));
  const reference = { from: month.previousFirst, to: monthEnd(month.previousFirst) };
  const target = { from: month.first, to: monthEnd(month.first) };
  const feesOf = (service: string) => month.fees.filter((f) => f.service === service);
  const termsOf = (service: string): FeeTerm[] => feesOf(service)
    .filter((t) => t.commitment_start !== null || t.commitment_end !== null)
    .map((t) => ({ start: t.commitment_start, end: t.commitment_end, amount: t[`${cost}_cost`] ?? 0n }));
  const postedOf = (chargeClass: string, service?: string) => current
    .filter((r) => r.charge_class === chargeClass && (service === undefined || r.service === service))
    .reduce((sum, r) => sum + (r[`${cost}_cost`] ?? 0n), 0n);
  const stillToPost = (expected: bigint, posted: bigint) => toMicroGrid(!month.over && expected > posted ? expected - posted : 0n);
  const out: ExpectedCharge[] = [];
  for (const r of previous.filter((p) => p.charge_class === 'recurring')) {
    const before = (r[`${cost}_cost`] ?? 0n);
    const accrues = feeAccruesDaily(feesOf(r.service!));
    const posted = postedOf('recurring', r.service!);
    // A row of the service's recurring class this month is a posting, whatever its amount in this cost measure.
    const postedWhole = !accrues && !feePostsInParts(r.service!) && current.some((c) => c.charge_class === 'recurring' && c.service === r.service);
    const terms = termsOf(r.service!);
    const focus = focusFees(feesOf(r.service!), cost, reference);
    const expected = postedWhole ? posted : expectedFee(before, terms, reference, target, accrues ? { numerator: daysNow, denominator: daysBefore } : WHOLE, focus);
    const byHours = postedWhole ? '' : termsNote(terms, reference, target, accrues) + focusNote(focus, target);
    const basis = accrues
      ? `accrues daily: ${formatUnits(before)} over ${period}, scaled to ${daysNow} days${byHours}`
      : postedWhole
        ? `posts once a month: ${formatUnits(before)} in ${period}; ${month.first.slice(0, 7)}'s has posted, so no more of it is expected`
        : `posts once a month: ${formatUnits(before)} in ${period}${byHours}`;
    out.push({ chargeClass: 'recurring', service: r.service!, remaining: stillToPost(expected, posted), expected, posted, basis, ...(byHours ? { byTermHours: true } : {}) });
  }
  const previousTax = classTotal(previous, 'tax', cost);
  const previousOther = previous.filter((r) => r.charge_class !== 'tax').reduce((sum, r) => sum + (r[`${cost}_cost`] ?? 0n), 0n);
  if (previousTax !== 0n && previousOther !== 0n) {
    const otherThisMonth = month.nonTaxForecast + out.reduce((sum, e) => sum + e.remaining, 0n);
    const expected = divideRounded(previousTax * otherThisMonth, previousOther);
    const posted = postedOf('tax');
    const percent = formatDecimal(divideRounded(previousTax * 10_000n, previousOther), 2);
    out.push({ chargeClass: 'tax', service: 'Tax', remaining: stillToPost(expected, posted), expected, posted, basis: `${percent} % of the other charges, as in ${period}` });
  }
  return out.filter((e) => e.expected !== 0n || e.posted !== 0n || e.byTermHours);
}
