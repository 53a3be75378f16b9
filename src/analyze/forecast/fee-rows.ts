/**
 * What the lines of a recurring fee say of it: whether it accrues daily or posts once a month, and,
 * for a commitment with no term on the bill (FOCUS), what it bills an hour or where its lines ended.
 * Both forecasts read them (the month-end forecast, expected.ts and fee-parts.ts; the budgets,
 * src/analyze/budgets/forecast.ts), so they classify and expect a fee alike.
 */
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { UNITS_PER_DOLLAR } from '../../lib/money.ts';
import type { CostMeasure } from '../anomalies/index.ts';
import { spanEndMs, termTimeMs, type DaySpan, type EndedFee, type FocusFees, type Fraction, type RatedFee } from './commitment-terms.ts';

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

/**
 * Whether a commitment's fee, in a measure that amortises (EffectiveCost; a budget's net amortised
 * cost: `amortised`), is a Reserved Instance's unused part, so accrues through the month: AWS posts
 * an RI's RIFee on the 1st with the month's recurring fee whole in BilledCost, but its EffectiveCost
 * is the reservation's unused amortised upfront and recurring fee (CUR
 * `reservation/UnusedAmortizedUpfrontFeeForBillingPeriod` + `reservation/UnusedRecurringFee`, the
 * hours `reservation/UnusedQuantity` not used "during this billing period"), which it restates as
 * the month's hours pass: so far in the month, only the hours unused so far. True when every one of
 * `lines` (one commitment's, of the reference month) is a Reserved Instance's on a CUR (`focusId`
 * null: not a commitment known from FOCUS's columns alone, whose recurring purchase row FOCUS keeps
 * apart from the Unused usage rows that carry what is unused). A Savings Plan's recurring fee (its
 * unused commitment in EffectiveCost) is billed by the hour and accrues in both measures already
 * ({@link feeAccruesDaily}).
 */
export function feeAccruesUnused(lines: readonly (FeeLine & { focusId?: string | null })[], amortised: boolean): boolean {
  return amortised && lines.length > 0 && lines.every((l) => l.commitment === 'reservation' && !l.focusId);
}

/** How one commitment's fee is expected this month ({@link commitmentFeeState}). */
export type CommitmentFeeState = 'accrues' | 'unused' | 'posted' | 'posts';

/**
 * The one rule `costlens forecast` (fee-parts.ts) and the budgets (budgets/fee-lines.ts) read a
 * commitment's fee of the reference month by (its `lines`, `service`'s): `accrues` when each of its
 * lines covers a day or less; `unused` when it is a Reserved Instance's unused part in a measure
 * that amortises ({@link feeAccruesUnused}); `posted` when it posts once a month and a line of it
 * has posted this month (`postedThisMonth`, whatever its amount in the measure: that posting is
 * the month's fee), AWS Support aside ({@link feePostsInParts}); else `posts`, still to post.
 */
export function commitmentFeeState(service: string, lines: readonly (FeeLine & { focusId?: string | null })[], amortised: boolean, postedThisMonth: boolean): CommitmentFeeState {
  if (feeAccruesDaily(lines)) return 'accrues';
  if (feeAccruesUnused(lines, amortised)) return 'unused';
  return postedThisMonth && !feePostsInParts(service) ? 'posted' : 'posts';
}

type FeeTermRow = QueryRowTypes['trends/recurring_fees_by_commitment_term'];
/**
 * The columns of trends/recurring_fees_by_commitment_term that a hand-built row may leave out: for a
 * FOCUS commitment with no term, its id, where its lines end and its line's price by the hour; and
 * which commitment a fee is for (`commitment_key`; absent: none named).
 */
type OptionalColumns = 'commitment_id' | 'commitment_key' | 'charged_until' | 'unit_price' | 'pricing_quantity' | 'priced_seconds';
/**
 * Rows of trends/recurring_fees_by_commitment_term: a month's recurring fees by whether they are
 * posted, what commitment they are for (its kind, the start and end of its term, its key) and, for a
 * FOCUS commitment with no term, its id, where its lines end and its line's price by the hour (absent: none).
 */
export type FeeTermRows = (Omit<FeeTermRow, OptionalColumns> & Partial<Pick<FeeTermRow, OptionalColumns>>)[];

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

/**
 * `rows` by the commitment each is for (`keyOf`: a commitment's key, null for a fee of no named
 * commitment), in the order each key first appears: the fees both forecasts expect on their own.
 */
export function byCommitment<T>(rows: readonly T[], keyOf: (row: T) => string | null | undefined): Map<string | null, T[]> {
  const groups = new Map<string | null, T[]>();
  for (const row of rows) {
    const key = keyOf(row) ?? null;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}
