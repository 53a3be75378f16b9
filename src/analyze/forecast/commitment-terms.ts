/**
 * The part of a span a commitment's recurring fee is still billed for. AWS bills a Reserved
 * Instance's recurring fee (`RIFee`) and a Savings Plan's by the hour of its term: a month in which a
 * term begins or ends is billed for the hours the term runs in it (the real October 2018 CUR bills
 * an RI bought on 9 Oct 21:40:47 for 530.320278 hours at its hourly rate, not for the month), and
 * nothing is billed after the term ends. So a fee expected from an earlier month is expected for the
 * share of the span its term still runs: all of it with no end on the bill (AWS Support, a
 * subscription, a FOCUS export), none once the term has ended, the hours up to its end in the month
 * it ends. The month-end forecast (expected.ts) and the budgets' period forecast (budgets/forecast.ts)
 * both read it.
 */
import { addDays, shortDay } from '../../lib/calendar.ts';
import { formatUnits } from '../billing-calendar.ts';
import { isoTimestamp } from '../../lib/json-rows.ts';
import { round2 } from '../../lib/round.ts';

const MS_PER_HOUR = 3_600_000n;

/** A commitment's term end as the store gives it (`2019-04-24 00:34:00`, UTC; Athena's `.000` trimmed), in epoch milliseconds; null when it is no time (`infinity`). */
function endMs(end: string): bigint | null {
  const ms = Date.parse(isoTimestamp(end));
  return Number.isFinite(ms) ? BigInt(ms) : null;
}

const dayMs = (day: string) => BigInt(Date.parse(`${day}T00:00:00Z`));

/** The milliseconds of the days `from` to `to` (both included, UTC). */
export function spanMs(from: string, to: string): bigint {
  return dayMs(addDays(to, 1)) - dayMs(from);
}

/**
 * The milliseconds of the days `from` to `to` (both included, UTC) that a term ending at `end` runs:
 * all of them when it has no end (or none that is a time) or ends after them, none when it ends before they begin.
 */
export function termMsIn(end: string | null, from: string, to: string): bigint {
  const span = spanMs(from, to);
  const ends = end === null ? null : endMs(end);
  if (ends === null) return span;
  const runs = ends - dayMs(from);
  return runs <= 0n ? 0n : runs >= span ? span : runs;
}

/** A fee of the reference month, in units, with the end of the term of the commitment it is for (null: none on the bill). */
export interface FeeTerm {
  end: string | null;
  amount: bigint;
}

/**
 * `amount` (a service's recurring fee in the reference month, units) less what its terms do not run
 * over the days `from` to `to`, as the exact numerator over {@link spanMs}: each fee of `terms` counts
 * for the share of the span its term runs, the rest of `amount` (fees of no commitment) for all of it.
 */
export function runningNumerator(amount: bigint, terms: readonly FeeTerm[], from: string, to: string): bigint {
  const span = spanMs(from, to);
  const termed = terms.reduce((sum, t) => sum + t.amount, 0n);
  return terms.reduce((sum, t) => sum + t.amount * termMsIn(t.end, from, to), (amount - termed) * span);
}

/** Hours in words, to 2 decimals at most: `228`, `9.5`, `530.32`. */
const hours = (ms: bigint) => String(round2(Number(ms) / Number(MS_PER_HOUR)));

/**
 * What the basis of a fee expected over the month `from` to `to` adds when some of its terms end
 * before the month does: the part whose term has ended, not billed again, and each term ending
 * inside the month, expected for its hours; '' when every term runs all of it.
 */
export function endingTermsNote(terms: readonly FeeTerm[], from: string, to: string): string {
  const span = spanMs(from, to);
  const runs = terms.map((t) => ({ ...t, ms: termMsIn(t.end, from, to) }));
  const ended = runs.filter((t) => t.ms === 0n);
  const ending = runs.filter((t) => t.ms > 0n && t.ms < span);
  if (ended.length === 0 && ending.length === 0) return '';
  const parts = [
    ...(ended.length ? [`${formatUnits(ended.reduce((s, t) => s + t.amount, 0n))} of it for ${ended.length === 1 ? 'a term' : `${ended.length} terms`} that ended by ${shortDay(from, true)}, not billed again`] : []),
    ...ending.map((t) => `${formatUnits(t.amount)} for a term ending ${t.end!.replace(/\.0+$/, '')} UTC, expected for the ${hours(t.ms)} of the month's ${hours(span)} hours it runs`),
  ];
  return `; ${parts.join('; ')} (AWS bills a Reserved Instance's or Savings Plan's fee by the hour of its term)`;
}
