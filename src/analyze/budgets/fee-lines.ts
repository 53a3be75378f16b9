/**
 * A service's recurring fee in a budget's scope, as its lines of the reference month (the month
 * before the as-of day's) and of this month so far say, expected over each month left, exactly as
 * `costlens forecast` expects it (forecast/commitment-terms.ts `expectedFeeExact`), each commitment
 * on its own (budgets/scope_daily_spend `commitment_key`; forecast/fee-parts.ts): whether it
 * accrues or posts once a month, and whether it has posted this month, are read from its own lines,
 * so one commitment's posting on the 1st is never taken for another's of the same service.
 */
import { addMonths, daysInMonth, monthEnd } from '../../lib/calendar.ts';
import {
  add, byCommitment, commitmentFeeState, endedTerms, expectedFeeExact, focusFeesById, NO_FOCUS_FEES, NOTHING, roundedUnits, subtract, termsSummed, unitsFraction, WHOLE,
  type DaySpan, type EndedFee, type FeeTerm, type FeeTermRows, type FocusFees, type Fraction,
} from '../forecast/index.ts';
import { sumOf, unitsOf, type MonthLeft, type ScopeDay } from './scope-day.ts';

/** What is still to post this month of a fee expected at `amount` over the whole month of which `posted` has posted: the rest, never below 0. */
function stillToPost(amount: Fraction, posted: bigint): Fraction {
  const left = subtract(amount, unitsFraction(posted));
  return left.numerator > 0n ? left : NOTHING;
}

/**
 * The fees of a service's `lines` of the reference month (`reference`, in scope) for a commitment
 * with no term on the bill that `rates` (that service's rows of trends/recurring_fees_by_commitment_term,
 * whole bill) name (forecast/fee-rows.ts `focusFeesById`): per commitment, the amount of its lines in
 * scope; a rated one with the commitment's BilledCost and hourly rate over the whole bill, an ended
 * one with where its lines end. So a scope holding all of the commitment's fee expects what
 * `costlens forecast` does, one holding part of it that part's share.
 */
export function focusFeesOfLines(lines: readonly ScopeDay[], rates: FeeTermRows, reference: DaySpan): FocusFees {
  const { rated, ended } = focusFeesById(rates, 'billed', reference);
  const inScope = <T extends { amount: bigint }>(byId: Map<string, T>): T[] => [...byId].flatMap(([id, fee]) => {
    const own = lines.filter((r) => r.commitmentId === id);
    return own.length > 0 ? [{ ...fee, amount: sumOf(own) }] : [];
  });
  return { rated: inScope(rated), ended: inScope(ended) };
}

/** The terms of `lines` (one per line for a commitment the bill dates a term for), each with the line's amount. */
function termsOfLines(lines: readonly ScopeDay[]): FeeTerm[] {
  return lines.filter((r) => r.commitmentStart || r.commitmentEnd)
    .map((r) => ({ start: r.commitmentStart ?? null, end: r.commitmentEnd ?? null, amount: unitsOf(r) }));
}

/**
 * A service's recurring fee of the reference month (its `lines` there) expected over `target`, in
 * units, exactly, before its one rounding (added to the service's other commitments' before the sum
 * is rounded once), as `costlens forecast` expects it (forecast/commitment-terms.ts
 * `expectedFeeExact`): each line for a commitment at its hourly rate × the hours its term runs
 * there, the fees of FOCUS commitments (`focus`, {@link focusFeesOfLines}) at their hourly rate ×
 * the hours of `target` or, ended, at nothing, the rest × `untermed`.
 */
export function exactFeeOfLines(lines: readonly ScopeDay[], reference: DaySpan, target: DaySpan, untermed: Fraction = WHOLE, focus: FocusFees = NO_FOCUS_FEES): Fraction {
  return expectedFeeExact(lines.reduce((sum, r) => sum + unitsOf(r), 0n), termsOfLines(lines), reference, target, untermed, focus);
}

/**
 * A service's fee expected over each month left ({@link serviceFees}), its FOCUS commitments whose
 * lines ended in the reference month, and its fees there for a term that ended before the month
 * after it (forecast/commitment-terms.ts `endedTerms`), one per term: neither is billed again.
 */
export interface ServiceFees {
  /** What is expected of it over a month's remaining days, in units (rounded once). */
  over: (month: MonthLeft) => bigint;
  ended: EndedFee[];
  endedTerms: FeeTerm[];
}

/**
 * A service's recurring fee of the reference month (`lines`, in scope) expected over each month
 * left, each commitment on its own, in the state `costlens forecast` reads it in (forecast/fee-rows.ts
 * `commitmentFeeState`, by its lines and whether a line of it has posted this month, `thisMonth`):
 * one that accrues at its fee there × the month's remaining days ÷ the reference month's days (by
 * the hours its term runs); one that posts once a month, in the current month nothing more once it
 * has posted (AWS Support aside), else what is still to post of it ({@link stillToPost}), and in a
 * later month its whole fee; in an
 * amortised measure (`amortised`: EffectiveCost, net) a Reserved Instance's fee is its unused part,
 * which accrues (forecast/fee-rows.ts `feeAccruesUnused`): its fee there scaled to the month's days
 * (by the hours its term runs), in the current month less what has posted of it, never below 0, as
 * `costlens forecast` expects it. The commitments' fees are summed exactly and rounded once per
 * month. `rates`: the service's rows of trends/recurring_fees_by_commitment_term (whole bill) for
 * its FOCUS commitments. With them, the fees that are not billed again, which the basis names as
 * `costlens forecast` does: its FOCUS commitments' whose lines ended in the reference month, and
 * those for a term that ended before the month after it (a commitment posted this month aside).
 */
export function serviceFees(service: string, lines: readonly ScopeDay[], thisMonth: readonly ScopeDay[], rates: FeeTermRows, reference: DaySpan, amortised = false): ServiceFees {
  const postings = byCommitment(thisMonth, (r) => r.commitmentKey);
  const ended: EndedFee[] = [];
  const commitments = [...byCommitment(lines, (r) => r.commitmentKey)].map(([key, own]) => {
    const focus = focusFeesOfLines(own, rates, reference);
    ended.push(...focus.ended);
    const feeOver = (target: DaySpan, untermed?: Fraction) => exactFeeOfLines(own, reference, target, untermed, focus);
    const state = commitmentFeeState(service, own.map((r) => ({ ...r, focusId: r.commitmentId })), amortised, postings.has(key));
    return { state, own, posted: sumOf(postings.get(key) ?? []), feeOver };
  });
  const days = BigInt(daysInMonth(reference.from));
  const over = (m: MonthLeft) => {
    const whole = { from: `${m.month}-01`, to: monthEnd(`${m.month}-01`) };
    const fee = (c: (typeof commitments)[number]): Fraction => {
      if (c.state === 'accrues') return c.feeOver({ from: m.days[0], to: m.days.at(-1)! }, { numerator: BigInt(m.days.length), denominator: days });
      const month = c.state === 'unused' ? c.feeOver(whole, { numerator: BigInt(daysInMonth(whole.from)), denominator: days }) : c.feeOver(whole);
      if (!m.current) return month;
      return c.state === 'posted' ? NOTHING : stillToPost(month, c.posted);
    };
    return roundedUnits(commitments.reduce((sum, c) => add(sum, fee(c)), NOTHING));
  };
  // The month after the reference month (the as-of day's), as `costlens forecast` names terms ended before the month it forecasts; a fee posted this month aside.
  const asOfMonth = { from: addMonths(reference.from, 1), to: monthEnd(addMonths(reference.from, 1)) };
  const endedTermsOf = endedTerms(termsSummed(commitments.filter((c) => c.state !== 'posted').flatMap((c) => termsOfLines(c.own))), asOfMonth);
  return { over, ended, endedTerms: endedTermsOf };
}
