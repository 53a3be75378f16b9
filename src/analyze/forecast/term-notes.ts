/**
 * The words of an expected fee's basis for the parts of it that are for a commitment's term
 * (commitment-terms.ts): what is not billed again, and how each term's fee is counted by the hour;
 * and for the parts for a commitment with no term on the bill (FOCUS): those priced by the hour, at
 * their exact rate, and those whose lines ended.
 */
import { addDays, shortDay } from '../../lib/calendar.ts';
import { gcd } from '../../lib/bigint-math.ts';
import { divideRounded, formatDecimal, fromUnits, UNITS_PER_DOLLAR } from '../../lib/money.ts';
import { round2 } from '../../lib/round.ts';
import { formatUnits } from '../billing-calendar.ts';
import { add, dayStartMs, MS_PER_HOUR, ratedTotal, spanMs, termRun, termTimeMs, type DaySpan, type FeeTerm, type FocusFees, type Fraction } from './commitment-terms.ts';

/** Hours in words, to 2 decimals at most: `228`, `9.5`, `530.32`. */
const hours = (ms: bigint) => String(round2(Number(ms) / Number(MS_PER_HOUR)));

/** A bound of a term in words, to the minute: `9 Oct 2018 21:40`. */
function when(ms: bigint): string {
  const iso = new Date(Number(ms)).toISOString();
  return `${shortDay(iso.slice(0, 10), true)} ${iso.slice(11, 16)}`;
}

/** `a term from 9 Oct 2018 21:40 UTC`, `a term ending 10 Dec 2018 12:00 UTC`, or both: the bounds that fall inside the reference month or the span. */
function termWords(fee: FeeTerm, reference: DaySpan, target: DaySpan): string {
  const start = termTimeMs(fee.start);
  const end = termTimeMs(fee.end);
  const starts = start !== null && start > dayStartMs(reference.from);
  const ends = end !== null && end < dayStartMs(addDays(target.to, 1));
  if (starts && ends) return `a term from ${when(start)} to ${when(end)} UTC`;
  if (starts) return `a term from ${when(start)} UTC`;
  return ends ? `a term ending ${when(end!)} UTC` : 'a term';
}

const terms = (n: number) => (n === 1 ? 'a term' : `${n} terms`);

/** An hourly rate in words, to 6 decimals with trailing zeros dropped: `0.0118`. */
const rate = (amount: bigint, ms: bigint) => fromUnits(divideRounded(amount * MS_PER_HOUR, ms), 6).replace(/\.?0+$/, '');

/**
 * What the basis of a fee expected over `target` from the reference month adds for its parts that
 * are for a commitment's term: those whose term has ended, not billed again; those whose term runs
 * all of both the reference month and the span, by the hours of each when they differ (unless
 * `scaledByDays`: the basis already scales the fee by the days of each); and every other term (one
 * that begins in the reference month, or ends before the span does) as its hourly rate × the hours
 * it runs in the span. '' when there is nothing to add.
 */
export function termsNote(fees: readonly FeeTerm[], reference: DaySpan, target: DaySpan, scaledByDays: boolean): string {
  const referenceSpan = spanMs(reference);
  const targetSpan = spanMs(target);
  const runs = fees.map((fee) => ({ fee, ...termRun(fee, reference, target) }));
  const ended = runs.filter((r) => r.targetMs === 0n);
  const whole = runs.filter((r) => r.targetMs === targetSpan && r.referenceMs === referenceSpan);
  const partial = runs.filter((r) => r.targetMs > 0n && !whole.includes(r));
  const sum = (list: typeof runs) => list.reduce((s, r) => s + r.fee.amount, 0n);
  const expected = (r: (typeof runs)[number]) => formatUnits(divideRounded(r.expected.numerator, r.expected.denominator));
  const parts = [
    ...(ended.length ? [`${formatUnits(sum(ended))} of it for ${terms(ended.length)} that ended by ${shortDay(target.from, true)}, not billed again`] : []),
    ...(whole.length && !scaledByDays && referenceSpan !== targetSpan
      ? [`${formatUnits(divideRounded(sum(whole) * targetSpan, referenceSpan))} for the terms running all month: ${formatUnits(sum(whole))} × ${hours(targetSpan)} h / ${hours(referenceSpan)} h`]
      : []),
    ...partial.map((r) => (r.referenceMs > 0n
      ? `${expected(r)} for ${termWords(r.fee, reference, target)}: ${rate(r.fee.amount, r.referenceMs)}/h × ${hours(r.targetMs)} h`
      : `${expected(r)} for ${termWords(r.fee, reference, target)}, none of whose hours ran in the reference month: ${hours(r.targetMs)} of the ${hours(targetSpan)} h`)),
  ];
  return parts.length ? `; ${parts.join('; ')} (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)` : '';
}

/** The decimals a fraction over `n` (positive) needs (the most of its factors 2 or of its factors 5), and what is left of `n` without those factors. */
function decimalsOf(n: bigint): { places: number; rest: bigint } {
  let places = 0;
  let rest = n;
  for (const prime of [2n, 5n]) {
    let count = 0;
    while (rest % prime === 0n) [rest, count] = [rest / prime, count + 1];
    places = Math.max(places, count);
  }
  return { places, rest };
}

/**
 * A rate in units (`rate`, an exact fraction) in words, exactly: every decimal it has when it has
 * finitely many (`1`, `0.3`, `1.3`), else the division that gives it, a decimal over a whole
 * number (`(98.56540944/8353)`), so a rate × hours multiplies out to what is expected.
 */
export function exactRate(rate: Fraction): string {
  const numerator = rate.numerator;
  const denominator = rate.denominator * UNITS_PER_DOLLAR;
  const common = gcd(numerator, denominator) || 1n;
  const [n, d] = [numerator / common, denominator / common];
  const { places, rest } = decimalsOf(d);
  // n × rest ÷ d has exactly `places` decimals, the last one not 0 (n and d have no common factor).
  const text = formatDecimal((n * rest * 10n ** BigInt(places)) / d, places);
  return rest === 1n ? text : `(${text}/${rest})`;
}

/**
 * What the basis of a fee expected over `target` adds for its parts for a commitment with no term on
 * the bill (FOCUS, commitment-terms.ts): those priced by the hour, what they come to at their hourly
 * rate in the measure forecast (BilledCost's: the unit price × the units priced an hour, exactly) ×
 * every hour of `target`, the commitment taken to run all of it; those whose lines ended before the
 * reference month did, not billed again. '' when there are none.
 */
export function focusNote(fees: FocusFees, target: DaySpan): string {
  const { rated, ended } = fees;
  const parts: string[] = [];
  if (ended.length > 0) {
    const amount = formatUnits(ended.reduce((sum, f) => sum + f.amount, 0n));
    const which = ended.length === 1
      ? `a commitment with no term on the bill (FOCUS) whose lines end on ${when(ended[0].endedMs)} UTC`
      : `${ended.length} commitments with no term on the bill (FOCUS) whose lines end before ${shortDay(target.from, true)}`;
    parts.push(`${amount} of it for ${which}, taken to have ended: not billed again`);
  }
  if (rated.length > 0) {
    const hourly = rated.reduce((sum, f) => add(sum, { numerator: f.amount * f.hourlyRate.numerator, denominator: f.billed * f.hourlyRate.denominator }), { numerator: 0n, denominator: 1n });
    const which = rated.length === 1 ? 'a commitment with no term on the bill (FOCUS) at its hourly rate' : `${rated.length} commitments with no term on the bill (FOCUS) at their hourly rates`;
    parts.push(`${formatUnits(ratedTotal(rated, target))} for ${which}, taken to run all month: ${exactRate(hourly)}/h × ${hours(spanMs(target))} h`);
  }
  return parts.map((part) => `; ${part}`).join('');
}
