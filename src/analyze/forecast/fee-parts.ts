/**
 * A service's recurring fee expected in the month-end forecast, commitment by commitment. A service
 * can bill several commitments' fees (two Reserved Instances; on a bill that names both under one
 * service, an RI's fee posted once a month and a Savings Plan's accrued by the hour) beside fees of
 * no commitment (AWS Support, a subscription). Each commitment (trends/recurring_fees_by_commitment_term
 * `commitment_key`: its ARN, else CommitmentDiscountId) is expected on its own, by its own lines of
 * the reference month: whether it accrues or posts once a month, and whether it has posted this
 * month (queries/fees/commitment_lines.cte.sql), so one commitment's posting is never taken for
 * another's. What the service's fee holds besides its named commitments' is one more part, expected
 * as before by its own lines. A commitment that posts this month but was not billed in the
 * reference month is expected at what has posted of it. Exact: each commitment's fee is an exact
 * fraction (commitment-terms.ts `expectedFeeExact`), rounded once per part.
 */
import { daysInMonth } from '../../lib/calendar.ts';
import type { CostMeasure } from '../anomalies/index.ts';
import { toMicroGrid } from '../billing-calendar.ts';
import { add, expectedFeeExact, NOTHING, roundedUnits, subtract, termsSummed, unitsFraction, untermedAmount, WHOLE, type DaySpan, type FeeTerm, type Fraction } from './commitment-terms.ts';
import { byCommitment, commitmentFeeState, focusFees, type CommitmentFeeState, type FeeTermRows } from './fee-rows.ts';
import { joinMoneyText, money, moneyText, plainText, type MoneyText } from './money-text.ts';
import { addingUpTo, partsAddingUp } from './parts-add-up.ts';
import { focusText, termsText, untermedText } from './term-notes.ts';

/**
 * How one commitment's fee (or the fees of no named commitment) is expected this month; 'unused': a
 * Reserved Instance's fee in EffectiveCost, its unused part, which accrues though its BilledCost posts whole.
 */
type FeeState = CommitmentFeeState | 'new';

/** The order the parts of a basis are named in. */
const STATES: readonly FeeState[] = ['posted', 'posts', 'accrues', 'unused', 'new'];

/** What a service's recurring fee is expected from: its reference month and this month so far. */
export interface ServiceFeeInput {
  service: string;
  cost: CostMeasure;
  /** The service's recurring fee over `reference`, in `cost` (units): trends/spend_by_class_and_service's. */
  amount: bigint;
  /** What has posted of it this month, in `cost` (units), and whether a line of it has: trends/spend_by_class_and_service's. */
  posted: bigint;
  postedAny: boolean;
  /** The service's rows of trends/recurring_fees_by_commitment_term over `reference`. */
  referenceRows: FeeTermRows;
  /** Its rows of the same query over this month up to as-of: what has posted of each commitment. */
  currentRows: FeeTermRows;
  reference: DaySpan;
  target: DaySpan;
  /** The month has no day left to estimate: nothing is still to post. */
  over: boolean;
}

/** A service's recurring fee expected this month (units): at month end, still to post (micro-dollar grid), and how, in words. */
export interface ServiceFee {
  expected: bigint;
  remaining: bigint;
  /** How, in words: as the JSON writes it (plain decimals), and with its money figures (money-text.ts) for the notes. */
  basis: string;
  basisText: MoneyText;
  /** Some part of `basis` counts a fee by the hours of its term, at a FOCUS commitment's hourly rate, or not at all for one whose lines ended. */
  byTermHours: boolean;
}

/** One commitment's fee in the service (key null: the fees of no named commitment). */
interface CommitmentFee {
  key: string | null;
  kind: string | null;
  rows: FeeTermRows;
  amount: bigint;
  posted: bigint;
  state: FeeState;
  expected: Fraction;
}

const amountOf = (rows: FeeTermRows, cost: CostMeasure) => rows.reduce((sum, r) => sum + (r[`${cost}_cost`] ?? 0n), 0n);

/** The terms of `rows`, one per start and end (the amounts of commitments with the same term summed, as one term's: commitment-terms.ts `termsSummed`). */
function termsOf(rows: FeeTermRows, cost: CostMeasure): FeeTerm[] {
  return termsSummed(rows.filter((t) => t.commitment_start !== null || t.commitment_end !== null)
    .map((r) => ({ start: r.commitment_start, end: r.commitment_end, amount: r[`${cost}_cost`] ?? 0n })));
}

/**
 * The service's recurring fee expected this month, each commitment on its own (see the module
 * comment): a commitment whose fee posts once a month and has posted this month at what posted
 * (AWS Support aside: fee-rows.ts `feePostsInParts`; the one rule: fee-rows.ts `commitmentFeeState`), one that accrues pro rata to this month's days (in
 * EffectiveCost, a Reserved Instance's too: its unused part, fee-rows.ts `feeAccruesUnused`), one
 * still to post at its fee of the reference month, by the hours of its term or at a FOCUS rate
 * (commitment-terms.ts); what is still to post is each commitment's expected less what has posted
 * of it, never below 0. When every part is expected alike, the basis is the one rule's words.
 */
export function serviceFee(input: ServiceFeeInput): ServiceFee {
  const { service, cost, reference, target } = input;
  const referenceFees = byCommitment(input.referenceRows, (r) => r.commitment_key);
  const currentFees = byCommitment(input.currentRows, (r) => r.commitment_key);
  // The fees of no named commitment: what the service's fee holds besides its named commitments', last month and this month.
  const named = (groups: Map<string | null, FeeTermRows>) => [...groups].reduce((sum, [key, rows]) => (key === null ? sum : sum + amountOf(rows, cost)), 0n);
  if (!referenceFees.has(null) && input.amount !== named(referenceFees)) referenceFees.set(null, []);
  const postedOf = (key: string | null) => (key === null ? input.posted - named(currentFees) : amountOf(currentFees.get(key) ?? [], cost));
  // A line of the commitment this month is its posting, whatever its amount in this cost measure.
  const postsNow = (key: string | null) => currentFees.has(key) || (key === null && input.currentRows.length === 0 && input.postedAny);
  if (!currentFees.has(null) && postedOf(null) !== 0n) currentFees.set(null, []);
  const days: Fraction = { numerator: BigInt(daysInMonth(target.from)), denominator: BigInt(daysInMonth(reference.from)) };
  const fees: CommitmentFee[] = [...referenceFees].map(([key, rows]) => {
    const amount = key === null ? input.amount - named(referenceFees) : amountOf(rows, cost);
    const posted = postedOf(key);
    const state: FeeState = commitmentFeeState(service, rows.map((r) => ({ ...r, focusId: r.commitment_id })), cost === 'effective', postsNow(key));
    const accrues = state === 'accrues' || state === 'unused';
    const expected = state === 'posted' ? unitsFraction(posted)
      : expectedFeeExact(amount, termsOf(rows, cost), reference, target, accrues ? days : WHOLE, focusFees(rows, cost, reference));
    return { key, kind: rows[0]?.commitment ?? null, rows, amount, posted, state, expected };
  });
  for (const [key, now] of currentFees) {
    if (!referenceFees.has(key)) fees.push({ key, kind: now[0]?.commitment ?? null, rows: [], amount: 0n, posted: postedOf(key), state: 'new', expected: unitsFraction(postedOf(key)) });
  }
  const parts = STATES.map((state) => fees.filter((f) => f.state === state)).filter((list) => list.length > 0).map((list) => partOf(list, input));
  const expected = parts.reduce((sum, p) => sum + p.expected, 0n);
  const remaining = parts.reduce((sum, p) => sum + p.remaining, 0n);
  const byTermHours = parts.some((p) => p.byHours.length > 0);
  // What a basis names adds up to the figure beside it as shown (parts-add-up.ts): each commitment's fee to the service's, each term's to its commitment's.
  const shown = parts.length === 1 ? [expected] : partsAddingUp(parts.map((p) => p.expected), expected);
  const basisText = parts.length === 1 ? addingUpTo(parts[0].basis, expected)
    : moneyText`each commitment on its own: ${joinMoneyText(parts.map((p, i) => moneyText`${p.what}: ${money(shown[i])} at month end, ${money(p.remaining)} still to post (${addingUpTo(p.basis, shown[i])}; ${money(p.posted)} posted)`), '; ')}`;
  return { expected, remaining, basis: plainText(basisText), basisText, byTermHours };
}

/** The commitments of one state together: what they are expected at, what is still to post of them, and the rule's words. */
function partOf(fees: readonly CommitmentFee[], input: ServiceFeeInput) {
  const { cost, reference, target } = input;
  const state = fees[0].state;
  const period = reference.from.slice(0, 7);
  const rows = fees.flatMap((f) => f.rows);
  const amount = fees.reduce((sum, f) => sum + f.amount, 0n);
  const toPost = fees.reduce((sum, f) => {
    const left = subtract(f.expected, unitsFraction(f.posted));
    return left.numerator > 0n ? add(sum, left) : sum;
  }, NOTHING);
  // Once the basis names a part by its term or its rate, it names every part, so that they add up to the fee.
  const terms = termsOf(rows, cost);
  const focus = focusFees(rows, cost, reference);
  const scale: Fraction = state === 'posts' ? WHOLE : { numerator: BigInt(daysInMonth(target.from)), denominator: BigInt(daysInMonth(reference.from)) };
  const named = (everyPart: boolean): MoneyText => [
    ...termsText(terms, reference, target, state !== 'posts', everyPart),
    ...(everyPart ? untermedText(untermedAmount(amount, terms, focus), scale, reference) : []),
    ...focusText(focus, target, cost),
  ];
  const byHours: MoneyText = (state === 'posts' || state === 'accrues' || state === 'unused') && named(false).length > 0 ? named(true) : [];
  const accrues = moneyText`accrues daily: ${money(amount)} over ${period}, scaled to ${daysInMonth(target.from)} days${byHours}`;
  const basis: MoneyText = {
    accrues,
    unused: moneyText`unused reservation hours, which post as they pass: ${accrues}`,
    posted: moneyText`posts once a month: ${money(amount)} in ${period}; ${target.from.slice(0, 7)}'s has posted, so no more of it is expected`,
    posts: moneyText`posts once a month: ${money(amount)} in ${period}${byHours}`,
    new: moneyText`not billed in ${period}: what has posted of it is all that is expected`,
  }[state];
  return {
    expected: roundedUnits(fees.reduce((sum, f) => add(sum, f.expected), NOTHING)),
    remaining: input.over ? 0n : toMicroGrid(roundedUnits(toPost)),
    posted: fees.reduce((sum, f) => sum + f.posted, 0n),
    basis,
    byHours,
    what: `${whatFees(fees)}${state === 'new' ? ` new in ${target.from.slice(0, 7)}` : ''}`,
  };
}

/** The commitments of a part in words: `Reserved Instance arn:…` (one), `2 Reserved Instances and Savings Plan arn:…`, `fees of no named commitment`. */
function whatFees(fees: readonly CommitmentFee[]): string {
  const kinds: [string | null, string, string][] = [['reservation', 'Reserved Instance', 'Reserved Instances'], ['savings_plan', 'Savings Plan', 'Savings Plans']];
  const named = fees.filter((f) => f.key !== null);
  const words = kinds.flatMap(([kind, one, many]) => {
    const of = named.filter((f) => f.kind === kind);
    return of.length === 0 ? [] : [of.length === 1 ? `${one} ${of[0].key}` : `${of.length} ${many}`];
  });
  const others = named.filter((f) => f.kind !== 'reservation' && f.kind !== 'savings_plan');
  if (others.length > 0) words.push(others.length === 1 ? `commitment ${others[0].key}` : `${others.length} commitments`);
  if (fees.some((f) => f.key === null)) words.push('fees of no named commitment');
  return words.join(' and ');
}
