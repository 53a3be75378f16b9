/**
 * The words of an expected fee's basis for the parts of it that are for a commitment's term
 * (commitment-terms.ts): what is not billed again, and how each term's fee is counted by the hour;
 * and for the parts for a commitment with no term on the bill (FOCUS): those priced by the hour, at
 * their exact rate, and those whose lines ended. Every rate, hour count and amount a note multiplies
 * is printed exactly, so that it multiplies out to the figure beside it. Each is text with money
 * figures (money-text.ts: `…Text`), which the forecast's JSON writes as plain decimals and its notes
 * as dollars; the `…Note` and `…Words` forms are the plain text (the JSON's basis, the budgets').
 */
import { addDays, shortDay } from '../../lib/calendar.ts';
import { gcd } from '../../lib/bigint-math.ts';
import { divideRounded, formatDecimal, UNITS_PER_DOLLAR } from '../../lib/money.ts';
import { COST_COLUMN, type CostMeasure } from '../anomalies/index.ts';
import { add, dayStartMs, endedTerms, MS_PER_HOUR, ratedTotal, spanMs, termRun, termTimeMs, type DaySpan, type EndedFee, type FeeTerm, type FocusFees, type Fraction } from './commitment-terms.ts';
import { joinMoneyText, money, moneyText, perHour, plainText, type MoneyText } from './money-text.ts';

/** Hours in words, exactly ({@link exactQuotient}): `228`, `9.5`, `530.320278`, `(685/3)` for 228 h 20 min. */
const hours = (ms: bigint) => exactQuotient(ms, MS_PER_HOUR);

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

/** The hourly rate of `amount` (units) billed over `ms`, exactly ({@link exactRate}): `0.25`, `(1.25/3)`. */
const rate = (amount: bigint, ms: bigint) => perHour(exactRate({ numerator: amount * MS_PER_HOUR, denominator: ms }));

/**
 * What the basis of a fee expected over `target` from the reference month adds for its parts that
 * are for a commitment's term: those whose term has ended, not billed again; those whose term runs
 * all of both the reference month and the span, by the hours of each when they differ (unless
 * `scaledByDays`: the basis already scales the fee by the days of each); and every other term (one
 * that begins in the reference month, or ends before the span does) as its hourly rate × the hours
 * it runs in the span. '' when there is nothing to add.
 */
export function termsNote(fees: readonly FeeTerm[], reference: DaySpan, target: DaySpan, scaledByDays: boolean): string {
  return plainText(termsText(fees, reference, target, scaledByDays));
}

/** {@link termsNote} as text with money figures (money-text.ts), for the JSON and the notes alike. */
export function termsText(fees: readonly FeeTerm[], reference: DaySpan, target: DaySpan, scaledByDays: boolean): MoneyText {
  const referenceSpan = spanMs(reference);
  const targetSpan = spanMs(target);
  const runs = fees.map((fee) => ({ fee, ...termRun(fee, reference, target) }));
  const ended = endedTermText(endedTerms(fees, target), target.from, 'it');
  const whole = runs.filter((r) => r.targetMs === targetSpan && r.referenceMs === referenceSpan);
  const partial = runs.filter((r) => r.targetMs > 0n && !whole.includes(r));
  const sum = (list: typeof runs) => list.reduce((s, r) => s + r.fee.amount, 0n);
  const expected = (r: (typeof runs)[number]) => money(divideRounded(r.expected.numerator, r.expected.denominator));
  const parts: MoneyText[] = [
    ...(ended.length ? [ended] : []),
    ...(whole.length && !scaledByDays && referenceSpan !== targetSpan
      ? [moneyText`${money(divideRounded(sum(whole) * targetSpan, referenceSpan))} for the terms running all month: ${money(sum(whole), 10)} × ${hours(targetSpan)} h / ${hours(referenceSpan)} h`]
      : []),
    ...partial.map((r) => (r.referenceMs > 0n
      ? moneyText`${expected(r)} for ${termWords(r.fee, reference, target)}: ${rate(r.fee.amount, r.referenceMs)}/h × ${hours(r.targetMs)} h`
      : moneyText`${expected(r)} for ${termWords(r.fee, reference, target)}, none of whose hours ran in the reference month: ${hours(r.targetMs)} of the ${hours(targetSpan)} h`)),
  ];
  return parts.length ? moneyText`; ${joinMoneyText(parts, '; ')} (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)` : [];
}

/**
 * The words for the fees of the reference month for a commitment whose term (as the bill dates it)
 * ended before `from` (the first day of the month forecast: commitment-terms.ts {@link endedTerms}),
 * not billed again: `54.000000 of <whose> for a term that ended by 1 Dec 2018, not billed again`
 * (`2 terms` when the fees are for terms of two starts or ends). `whose` says what the amount is
 * part of (`it`: the fee beside it; `its fees`: the month before's). '' when there are none.
 * `costlens forecast` ({@link termsNote}) and the budgets' basis say it alike.
 */
export function endedTermWords(ended: readonly FeeTerm[], from: string, whose: string): string {
  return plainText(endedTermText(ended, from, whose));
}

/** {@link endedTermWords} as text with money figures (money-text.ts); empty when there are none. */
export function endedTermText(ended: readonly FeeTerm[], from: string, whose: string): MoneyText {
  if (ended.length === 0) return [];
  return moneyText`${money(ended.reduce((sum, f) => sum + f.amount, 0n))} of ${whose} for ${terms(ended.length)} that ended by ${shortDay(from, true)}, not billed again`;
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
 * `numerator` ÷ `denominator` (positive) in words, exactly: every decimal it has when it has
 * finitely many (`1`, `0.3`, `228.5`), else the division that gives it, a decimal over a whole
 * number (`(98.56540944/8353)`, `(685/3)`).
 */
function exactQuotient(numerator: bigint, denominator: bigint): string {
  const common = gcd(numerator, denominator) || 1n;
  const [n, d] = [numerator / common, denominator / common];
  const { places, rest } = decimalsOf(d);
  // n × rest ÷ d has exactly `places` decimals, the last one not 0 (n and d have no common factor).
  const text = formatDecimal((n * rest * 10n ** BigInt(places)) / d, places);
  return rest === 1n ? text : `(${text}/${rest})`;
}

/**
 * A rate in units (`rate`, an exact fraction) in words, exactly ({@link exactQuotient}): `1`, `0.3`,
 * `(98.56540944/8353)`, so a rate × hours multiplies out to what is expected.
 */
export function exactRate(rate: Fraction): string {
  return exactQuotient(rate.numerator, rate.denominator * UNITS_PER_DOLLAR);
}

/**
 * The words for the fees of commitments with no term on the bill (FOCUS) whose lines ended before
 * the month before `from` (the first day expected) did, expected at nothing:
 * `108.000000 of <whose> for a commitment with no term on the bill (FOCUS) whose lines end on 10 Oct
 * 2025 00:00 UTC, taken to have ended: not billed again`. `whose` says what the amount is part of
 * (`it`: the fee beside it; `its fees`: the month before's). '' when there are none. `costlens
 * forecast` ({@link focusNote}) and the budgets' basis say it alike.
 */
export function endedFocusWords(ended: readonly EndedFee[], from: string, whose: string): string {
  return plainText(endedFocusText(ended, from, whose));
}

/** {@link endedFocusWords} as text with money figures (money-text.ts); empty when there are none. */
export function endedFocusText(ended: readonly EndedFee[], from: string, whose: string): MoneyText {
  if (ended.length === 0) return [];
  const amount = money(ended.reduce((sum, f) => sum + f.amount, 0n));
  const which = ended.length === 1
    ? `a commitment with no term on the bill (FOCUS) whose lines end on ${when(ended[0].endedMs)} UTC`
    : `${ended.length} commitments with no term on the bill (FOCUS) whose lines end before ${shortDay(from, true)}`;
  return moneyText`${amount} of ${whose} for ${which}, taken to have ended: not billed again`;
}

/**
 * What the basis of a fee expected over `target` adds for its parts for a commitment with no term on
 * the bill (FOCUS, commitment-terms.ts): those priced by the hour, what they come to at their hourly
 * rate in the measure forecast (`cost`; BilledCost's: the unit price × the units priced an hour,
 * exactly; any other measure's: that rate × the fee's amount in it ÷ its BilledCost, which the words
 * say) × every hour of `target`, the commitment taken to run all of it; those whose lines ended
 * before the reference month did, not billed again. '' when there are none.
 */
export function focusNote(fees: FocusFees, target: DaySpan, cost: CostMeasure = 'billed'): string {
  return plainText(focusText(fees, target, cost));
}

/** {@link focusNote} as text with money figures (money-text.ts), for the JSON and the notes alike. */
export function focusText(fees: FocusFees, target: DaySpan, cost: CostMeasure = 'billed'): MoneyText {
  const { rated, ended } = fees;
  const parts: MoneyText[] = [];
  if (ended.length > 0) parts.push(endedFocusText(ended, target.from, 'it'));
  if (rated.length > 0) {
    const hourly = rated.reduce((sum, f) => add(sum, { numerator: f.amount * f.hourlyRate.numerator, denominator: f.billed * f.hourlyRate.denominator }), { numerator: 0n, denominator: 1n });
    const one = rated.length === 1;
    const rate = cost === 'billed' ? (one ? 'its hourly rate' : 'their hourly rates')
      : one ? `its hourly rate in ${COST_COLUMN[cost]} (the bill's rate × its ${COST_COLUMN[cost]} ÷ its BilledCost the month before)`
        : `their hourly rates in ${COST_COLUMN[cost]} (each the bill's rate × its ${COST_COLUMN[cost]} ÷ its BilledCost the month before)`;
    const which = one ? `a commitment with no term on the bill (FOCUS) at ${rate}` : `${rated.length} commitments with no term on the bill (FOCUS) at ${rate}`;
    parts.push(moneyText`${money(ratedTotal(rated, target))} for ${which}, taken to run all month: ${perHour(exactRate(hourly))}/h × ${hours(spanMs(target))} h`);
  }
  return parts.flatMap((part) => moneyText`; ${part}`);
}
