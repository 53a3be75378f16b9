/**
 * The words of an expected fee's basis for the parts of it that are for a commitment's term
 * (commitment-terms.ts): what is not billed again, and how each term's fee is counted by the hour;
 * and for the parts for a commitment with no term on the bill (FOCUS): those priced by the hour, at
 * their hourly rate, and those whose lines ended. Hours are decimals (`720`, `228.333333`), an hourly
 * rate a decimal in dollars (`0.0118/h`: {@link rateFigure}) that × the hours written gives the
 * figure beside it to the digit shown; a rate rounded so is followed by where it comes from, the
 * fee over the hours its term ran (`6.257779 over the 530.320278 h it ran in 2018-10`). Each is text with
 * money figures (money-text.ts: `…Text`), which the forecast's JSON writes as plain decimals and its
 * notes as dollars; the `…Note` and `…Words` forms are the plain text (the JSON's basis, the budgets').
 */
import { addDays, shortDay } from '../../lib/calendar.ts';
import { divideRounded, formatDecimal, UNITS_PER_DOLLAR, withoutTrailingZeros } from '../../lib/money.ts';
import { COST_COLUMN, type CostMeasure } from '../anomalies/index.ts';
import { add, dayStartMs, endedTerms, MS_PER_HOUR, ratedTotal, spanMs, termRun, termTimeMs, type DaySpan, type EndedFee, type FeeTerm, type FocusFees, type Fraction } from './commitment-terms.ts';
import { joinMoneyText, money, moneyPart, moneyText, perHour, plainText, type MoneyText, type RateFigure } from './money-text.ts';

/** Milliseconds in a day. */
const MS_PER_DAY = 86_400_000n;

/** Hours as a decimal: every decimal they have within 6 (`228`, `9.5`), else rounded to 6 (`530.320278`, `228.333333` for 228 h 20 min). */
const hours = (ms: bigint) => withoutTrailingZeros(formatDecimal(divideRounded(ms * 1_000_000n, MS_PER_HOUR), 6));

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


/**
 * What the basis of a fee expected over `target` from the reference month adds for its parts that
 * are for a commitment's term: those whose term has ended, not billed again; those whose term runs
 * all of both the reference month and the span, by the hours of each when they differ (unless
 * `scaledByDays`: the basis already scales the fee by the days of each); and every other term (one
 * that begins in the reference month, or ends before the span does) as its hourly rate × the hours
 * it runs in the span. '' when there is nothing to add. `everyPart`: the terms running all month
 * are named even when the basis already says how they are counted (with `scaledByDays`, × the
 * days of each: `43.585918 for the terms running all month: 45.03878169 × 30/31`; of months as
 * long, as in the reference month), so that the parts named add up to the fee (fee-parts.ts names
 * every part once it names one).
 */
export function termsNote(fees: readonly FeeTerm[], reference: DaySpan, target: DaySpan, scaledByDays: boolean, everyPart = false): string {
  return plainText(termsText(fees, reference, target, scaledByDays, everyPart));
}

/** {@link termsNote} as text with money figures (money-text.ts), for the JSON and the notes alike. */
export function termsText(fees: readonly FeeTerm[], reference: DaySpan, target: DaySpan, scaledByDays: boolean, everyPart = false): MoneyText {
  const referenceSpan = spanMs(reference);
  const targetSpan = spanMs(target);
  const runs = fees.map((fee) => ({ fee, ...termRun(fee, reference, target) }));
  const ended = endedTermText(endedTerms(fees, target), target.from, 'it');
  const whole = runs.filter((r) => r.targetMs === targetSpan && r.referenceMs === referenceSpan);
  const partial = runs.filter((r) => r.targetMs > 0n && !whole.includes(r));
  const sum = (list: typeof runs) => list.reduce((s, r) => s + r.fee.amount, 0n);
  const expected = (r: (typeof runs)[number]) => moneyPart(divideRounded(r.expected.numerator, r.expected.denominator));
  const parts: MoneyText[] = [
    ...(ended.length ? [ended] : []),
    ...(whole.length && (everyPart || (!scaledByDays && referenceSpan !== targetSpan)) ? [wholeTermsText(sum(whole), reference, target, scaledByDays)] : []),
    ...partial.map((r) => (r.referenceMs > 0n
      ? byTheHour(r, termWords(r.fee, reference, target), reference.from.slice(0, 7))
      : moneyText`${expected(r)} for ${termWords(r.fee, reference, target)}, none of whose hours ran in the reference month: ${hours(r.targetMs)} of the ${hours(targetSpan)} h`)),
  ];
  return parts.length ? moneyText`; ${joinMoneyText(parts, '; ')} (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)` : [];
}

/**
 * The fees of the terms running all of both the reference month and `target` (`amount`, units), for
 * the hours of `target`: `138.888000 for the terms running all month: 143.5176 × 720 h / 744 h`, or
 * by its days (`scaledByDays`: `× 30/31`), or as in the reference month when the two are as long.
 */
function wholeTermsText(amount: bigint, reference: DaySpan, target: DaySpan, scaledByDays: boolean): MoneyText {
  const [referenceSpan, targetSpan] = [spanMs(reference), spanMs(target)];
  const figure = moneyPart(divideRounded(amount * targetSpan, referenceSpan));
  if (referenceSpan === targetSpan) return moneyText`${figure} for the terms running all month, ${hours(targetSpan)} h as in ${reference.from.slice(0, 7)}`;
  const ratio = scaledByDays ? `${targetSpan / MS_PER_DAY}/${referenceSpan / MS_PER_DAY}` : `${hours(targetSpan)} h / ${hours(referenceSpan)} h`;
  return moneyText`${figure} for the terms running all month: ${money(amount, 10)} × ${ratio}`;
}

/**
 * What the basis of a fee adds for the part of it that is for no commitment's term on the bill
 * (`amount`, units: a fee of no named commitment beside an RI's in one service's fee), when it names the other
 * parts: × `scale` (the days of `target` over the reference month's, for a fee that accrues) or,
 * whole, as in the reference month. Empty when there is none.
 */
export function untermedText(amount: bigint, scale: Fraction, reference: DaySpan): MoneyText {
  if (amount === 0n) return [];
  if (scale.numerator === scale.denominator) return moneyText`; ${moneyPart(amount)} for fees with no term on the bill, as in ${reference.from.slice(0, 7)}`;
  const figure = moneyPart(divideRounded(amount * scale.numerator, scale.denominator));
  return moneyText`; ${figure} for fees with no term on the bill: ${money(amount, 10)} × ${String(scale.numerator)}/${String(scale.denominator)}`;
}

/**
 * A term's fee counted by the hour: `8.496000 for <term>: 0.0117999995/h (6.257779 over the
 * 530.320278 h it ran in 2018-10) × 720 h`, the rate being the fee ÷ the hours its term ran in the
 * reference month (`period`), and where it comes from said when the rate is rounded ({@link rateFigure}).
 */
function byTheHour(r: { fee: FeeTerm; expected: Fraction; referenceMs: bigint; targetMs: bigint }, term: string, period: string): MoneyText {
  const figure = divideRounded(r.expected.numerator, r.expected.denominator);
  const rate = rateFigure({ numerator: r.fee.amount * MS_PER_HOUR, denominator: r.referenceMs }, r.targetMs, figure);
  const from = rate.rounded ? moneyText` (${money(r.fee.amount, 10)} over the ${hours(r.referenceMs)} h it ran in ${period})` : [];
  return moneyText`${moneyPart(figure)} for ${term}: ${perHour(rate.exact, rate.shown)}/h${from} × ${hours(r.targetMs)} h`;
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

/** Dollars of a rate in units an hour (`rate`), rounded to `places` decimals, scaled by 10^places. */
const dollarsScaled = (rate: Fraction, places: number) => divideRounded(rate.numerator * 10n ** BigInt(places), rate.denominator * UNITS_PER_DOLLAR);

/**
 * An hourly rate (`rate`: units an hour, an exact fraction) that × the hours of `ms` gives `figure`
 * (units), as a figure of money-text.ts: for the JSON to 10 decimals, the store's precision (exact
 * when it ends within them: `0.25`; `0.0117999995` for 6.257779 over 530.3202777… h); for the notes
 * rounded for reading, to the fewest decimals from 6 to 10 with which it × the hours as written
 * (6 decimals) gives `figure` to the 6 decimals shown (`0.0118` × 720 h = 8.496000; a third of a
 * dollar × 744 h `0.333333333`, as `0.333333` × 744 h = 247.999752 is not 248.000000). `rounded`:
 * the rate shown is not the rate exactly (its origin is then worth saying).
 */
export function rateFigure(rate: Fraction, ms: bigint, figure: bigint): RateFigure & { rounded: boolean } {
  const hoursScaled = divideRounded(ms * 1_000_000n, MS_PER_HOUR);
  const shownFigure = divideRounded(figure, 10_000n);
  const places = [6, 7, 8, 9, 10].find((p) => divideRounded(dollarsScaled(rate, p) * hoursScaled, 10n ** BigInt(p)) === shownFigure) ?? 10;
  const shown = dollarsScaled(rate, places);
  const text = (scaled: bigint, p: number) => withoutTrailingZeros(formatDecimal(scaled, p));
  return {
    ...perHour(text(dollarsScaled(rate, 10), 10), text(shown, places)),
    rounded: shown * rate.denominator * UNITS_PER_DOLLAR !== rate.numerator * 10n ** BigInt(places),
  };
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
    const total = ratedTotal(rated, target);
    const { exact, shown } = rateFigure(hourly, spanMs(target), total);
    parts.push(moneyText`${moneyPart(total)} for ${which}, taken to run all month: ${perHour(exact, shown)}/h × ${hours(spanMs(target))} h`);
  }
  return parts.flatMap((part) => moneyText`; ${part}`);
}
