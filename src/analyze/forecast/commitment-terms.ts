/**
 * What a commitment's recurring fee comes to over a span it has not been billed for yet. AWS bills a
 * Reserved Instance's recurring fee (`RIFee`) and a Savings Plan's by the hour of its term: a month
 * in which a term begins or ends is billed for the hours the term runs in it (the real October 2018
 * CUR bills an RI bought on 9 Oct 21:40:47 for its 530.320278 hours, 6.257779; November, for its
 * 720, 8.496000), and nothing after the term ends. So a fee of the reference month for a term the
 * bill dates is expected at its hourly rate there (the fee ÷ the hours its term ran in that month)
 * × the hours its term runs in the span: none once it has ended, the hours up to its end in the
 * span it ends in, every hour of a month longer or shorter than the reference month. A fee for a
 * commitment that a FOCUS export prices by the hour but dates no term for, whose lines run to the
 * reference month's end, is expected at that hourly rate × every hour of the span ({@link RatedFee}:
 * the commitment is taken to run all of it), not at the reference month's amount (the fee of an RI
 * bought in its last hours); one whose lines end before that month does ({@link EndedFee}: an RI
 * that expired on the 10th) ended there, and is expected at nothing, as a term that has ended. Any
 * other fee (AWS Support, a subscription, a FOCUS fee with no hourly price) keeps its caller's rule. The
 * month-end forecast (expected.ts) and the budgets' period forecast (budgets/forecast.ts) both
 * expect fees by {@link expectedFeeExact}, exactly (bigint units, one rounding), rated fees
 * included, so they cannot disagree; both name the terms that have ended by {@link endedTerms}.
 */
import { addDays } from '../../lib/calendar.ts';
import { isoTimestamp } from '../../lib/json-rows.ts';
import { divideRounded } from '../../lib/money.ts';
import { gcd } from '../../lib/bigint-math.ts';

/** The days `from` to `to`, both included (UTC). */
export interface DaySpan {
  from: string;
  to: string;
}

/** A commitment's term as the bill states it (store text, UTC: `2019-04-24 00:34:00`, Athena's `.000` alike); null: not on the bill. */
export interface Term {
  start: string | null;
  end: string | null;
}

/** A fee of the reference month, in units, for the commitment whose term is `start` to `end`. */
export interface FeeTerm extends Term {
  amount: bigint;
}

/**
 * A fee of the reference month for one commitment whose bill prices it by the hour but dates no
 * term (FOCUS: trends/recurring_fees_by_commitment_term `unit_price`, `pricing_quantity`,
 * `priced_seconds`), its lines running to the month's end: `amount` in the measure forecast and
 * `billed` in BilledCost (units), `hourlyRate` what the commitment bills an hour in BilledCost, in
 * units, exactly (its unit price × the units its line prices ÷ the hours of that line).
 */
export interface RatedFee {
  amount: bigint;
  billed: bigint;
  hourlyRate: Fraction;
}

/**
 * A fee of the reference month for one commitment with no term on the bill (FOCUS) whose lines end
 * before the month does (`endedMs`, epoch milliseconds: trends/recurring_fees_by_commitment_term
 * `charged_until`): the commitment ended there, as a CUR term that has ended; `amount` in the
 * measure forecast (units).
 */
export interface EndedFee {
  amount: bigint;
  endedMs: bigint;
}

/** A service's fees of the reference month for commitments with no term on the bill (FOCUS): those priced by the hour that run to its end, and those that ended in it. */
export interface FocusFees {
  rated: readonly RatedFee[];
  ended: readonly EndedFee[];
}

/** No fee of a FOCUS commitment. */
export const NO_FOCUS_FEES: FocusFees = { rated: [], ended: [] };

/** An exact fraction: numerator ÷ denominator. */
export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** The whole of it. */
export const WHOLE: Fraction = { numerator: 1n, denominator: 1n };

/** Milliseconds in an hour. */
export const MS_PER_HOUR = 3_600_000n;

/** A term's bound in epoch milliseconds; null when it is none (absent, or no time: `infinity`). */
export function termTimeMs(time: string | null): bigint | null {
  if (time === null) return null;
  const ms = Date.parse(isoTimestamp(time));
  return Number.isFinite(ms) ? BigInt(ms) : null;
}

/** The start of `day` (UTC) in epoch milliseconds. */
export const dayStartMs = (day: string): bigint => BigInt(Date.parse(`${day}T00:00:00Z`));

/** The end of `span` (the start of the day after its last, UTC) in epoch milliseconds. */
export const spanEndMs = (span: DaySpan): bigint => dayStartMs(addDays(span.to, 1));

/** The milliseconds of the days `from` to `to` (both included, UTC). */
export function spanMs(span: DaySpan): bigint {
  return spanEndMs(span) - dayStartMs(span.from);
}

/**
 * The milliseconds of `span` that `term` runs: from its start (or the span's, when it has none or
 * starts before) to its end (or the span's); none when it ends before the span begins.
 */
export function termMsIn(term: Term, span: DaySpan): bigint {
  const from = dayStartMs(span.from);
  const to = dayStartMs(addDays(span.to, 1));
  const start = termTimeMs(term.start);
  const end = termTimeMs(term.end);
  const runs = (end !== null && end < to ? end : to) - (start !== null && start > from ? start : from);
  return runs > 0n ? runs : 0n;
}

/** How a fee of the reference month is expected over a span: what of it, and the milliseconds its term ran in the reference month and runs in the span. */
export interface TermRun {
  /** The fee expected over the span, in units, exactly. */
  expected: Fraction;
  referenceMs: bigint;
  targetMs: bigint;
}

/**
 * How `fee` (charged over `reference`) is expected over `target`: at its hourly rate (its amount ÷
 * the hours its term ran in `reference`) × the hours its term runs in `target`. A term that ran no
 * hour of `reference` (a bill dating it outside the month it charges) has no rate there: it is
 * expected for the share of `target` it runs, as the fee of one whose start is not on the bill.
 */
export function termRun(fee: FeeTerm, reference: DaySpan, target: DaySpan): TermRun {
  const referenceMs = termMsIn(fee, reference);
  const targetMs = termMsIn(fee, target);
  const expected = { numerator: fee.amount * targetMs, denominator: referenceMs > 0n ? referenceMs : spanMs(target) };
  return { expected, referenceMs, targetMs };
}

/**
 * `terms` one per start and end, in the order each first appears: the amounts of commitments with
 * the same term summed, as one term's (a bill's lines of one term, or two RIs bought together).
 */
export function termsSummed(terms: readonly FeeTerm[]): FeeTerm[] {
  const byTerm = new Map<string, FeeTerm>();
  for (const t of terms) {
    const key = `${t.start}\u0000${t.end}`;
    const summed = byTerm.get(key);
    byTerm.set(key, summed ? { ...summed, amount: summed.amount + t.amount } : { start: t.start, end: t.end, amount: t.amount });
  }
  return [...byTerm.values()];
}

/**
 * The fees of `fees` whose term runs no hour of `target` (the month forecast): their term ended
 * before it began, so they are not billed again. `costlens forecast` (term-notes.ts `termsNote`)
 * and the budgets' basis (budgets/fee-lines.ts) name them by this one rule.
 */
export function endedTerms(fees: readonly FeeTerm[], target: DaySpan): FeeTerm[] {
  return fees.filter((fee) => termMsIn(fee, target) === 0n);
}

/** a + b, exactly, reduced. */
export function add(a: Fraction, b: Fraction): Fraction {
  const numerator = a.numerator * b.denominator + b.numerator * a.denominator;
  const denominator = a.denominator * b.denominator;
  const common = gcd(numerator, denominator) || 1n;
  return { numerator: numerator / common, denominator: denominator / common };
}

/**
 * How a fee for a commitment priced by the hour with no term on the bill is expected over `target`:
 * BilledCost at its hourly rate × every hour of `target` (the commitment taken to run all of it),
 * any other measure in the same proportion to its amount (`amount` × that ÷ `billed`).
 */
export function ratedRun(fee: RatedFee, target: DaySpan): Fraction {
  return {
    numerator: fee.amount * fee.hourlyRate.numerator * spanMs(target),
    denominator: fee.billed * fee.hourlyRate.denominator * MS_PER_HOUR,
  };
}

/** The fees `rated` expected over `target` together (units, rounded once to the unit), each by {@link ratedRun}. */
export function ratedTotal(rated: readonly RatedFee[], target: DaySpan): bigint {
  const total = rated.reduce((sum, r) => add(sum, ratedRun(r, target)), { numerator: 0n, denominator: 1n });
  return divideRounded(total.numerator, total.denominator);
}

/**
 * The fee expected over `target` of a service whose recurring fee over `reference` was `amount`
 * (units), exactly, before its one rounding (a caller adds it to others, the fees of one service's
 * commitments each expected on its own, and rounds their sum once: {@link roundedUnits}): of
 * `amount`, `terms` are the fees for a commitment the bill dates, each at its hourly rate × the
 * hours its term runs in `target` ({@link termRun}); `focus` the fees for a commitment with no term
 * on the bill (FOCUS): each one priced by the hour at its hourly rate × the hours of `target`
 * ({@link ratedRun}), each one that ended in `reference` at nothing; the rest of `amount` (fees of
 * no commitment) × `untermed` (the caller's rule: the whole of it, or the days of `target` over
 * those of `reference`).
 */
export function expectedFeeExact(amount: bigint, terms: readonly FeeTerm[], reference: DaySpan, target: DaySpan, untermed: Fraction = WHOLE, focus: FocusFees = NO_FOCUS_FEES): Fraction {
  const rest = { numerator: untermedAmount(amount, terms, focus) * untermed.numerator, denominator: untermed.denominator };
  const byTerm = terms.reduce((sum, t) => add(sum, termRun(t, reference, target).expected), rest);
  return focus.rated.reduce((sum, r) => add(sum, ratedRun(r, target)), byTerm);
}

/** What of `amount` (units) is for no commitment's term or FOCUS commitment: the rest {@link expectedFeeExact} scales by its caller's rule. */
export function untermedAmount(amount: bigint, terms: readonly FeeTerm[], focus: FocusFees = NO_FOCUS_FEES): bigint {
  return amount - [...terms, ...focus.rated, ...focus.ended].reduce((sum, t) => sum + t.amount, 0n);
}

/** An exact fraction of units rounded once to the unit (half away from zero). */
export const roundedUnits = (f: Fraction): bigint => divideRounded(f.numerator, f.denominator);

/** a − b, exactly, reduced. */
export const subtract = (a: Fraction, b: Fraction): Fraction => add(a, { numerator: -b.numerator, denominator: b.denominator });

/** The units `n` as a fraction. */
export const unitsFraction = (n: bigint): Fraction => ({ numerator: n, denominator: 1n });

/** Zero units. */
export const NOTHING: Fraction = { numerator: 0n, denominator: 1n };
