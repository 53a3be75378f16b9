/**
 * `costlens explain` beside a delivery that has ended (src/analyze/ended-comparison.ts, the weekly e-mail's
 * rule): day spans and two months' whole bills are compared without its lines where the others' data covers
 * them, said in one sentence naming it and what each span leaves out; else refused as not compared, saying why.
 * The real 2018 CUR cut after 13 Nov beside a FOCUS export of 1–30 Nov: 5–11 Nov against 12–18 Nov read
 * `volume -$759.14`, the CUR's missing days; without its lines it is the FOCUS data's +$5.64. Oct 2018 against
 * Nov 2018 (the default) read `volume -$1,582.96`, the CUR's missing 14–30 Nov: October holds only the CUR's
 * data, so the bills are not compared. A month the delivery stops inside is no whole bill of it: a bill leaves
 * out its lines whenever the other leaves them out (every charge, a fee dated after its end too).
 */
import { CostlensError } from '../../errors.ts';
import { addDays, daysBetween, monthEnd } from '../../lib/calendar.ts';
import { centsOfUnits } from '../../lib/money.ts';
import { comparedWithoutSentence, endedInComparison, type EndedInComparison } from '../ended-comparison.ts';
import type { SourceSpans } from '../source-spans.ts';
import type { Grain } from './drivers.ts';
import type { ExplainSpans } from './spans.ts';

/** What spans compared without the lines of deliveries that have ended leave out. */
export interface EndedLeftOut {
  /** The sources each span leaves out. */
  sources: { old: string[]; new: string[] };
  /** The cost each span leaves out (day spans: usage; months: every charge of their bills), in units of 1e-10 (exact). */
  oldCost: bigint;
  newCost: bigint;
  /** The one sentence saying so (ended-comparison.ts, comparedWithoutSentence). */
  sentence: string;
}

/**
 * The deliveries that have ended whose lines the spans `spans` leave out (endedInComparison), null when neither
 * span holds their data; a usage error when the spans are not compared for them, naming why (`given`: the
 * `--from` and `--to` given, undefined where left out). Two months leave the same sources out of both bills.
 */
export function endedLeftOutOf(sources: SourceSpans, spans: ExplainSpans, given: { from?: string; to?: string } = {}): EndedInComparison | null {
  const days = { old: { first: spans.old.first, last: spans.old.last }, new: { first: spans.new.first, last: spans.new.last } };
  const ended = endedInComparison(sources, days);
  if (ended?.notCompared) {
    const last = ended.deliveries.map((own) => own.lastDay).sort()[0];
    throw new CostlensError('usage', `${whichSpans(spans, given)} are not compared: ${ended.notCompared}, so its end would read as a change in spend`, {
      hint: `compare days up to ${last} (where its data ends) on both sides${sameDaysExample(spans, last)}, or days the other deliveries' data covers on both sides`,
    });
  }
  if (ended === null || spans.new.kind === 'days') return ended;
  const both = [...new Set([...ended.leftOut.old, ...ended.leftOut.new])].sort();
  return { ...ended, leftOut: { old: both, new: both } };
}

/** `--from Oct 2018 (…) and --to Nov 2018 (…)`, one left out named so (`--to (left out) Nov 2018 (…)`), both: `--from and --to left out: Oct 2018 (…) and Nov 2018 (…)`. */
function whichSpans(spans: ExplainSpans, given: { from?: string; to?: string }): string {
  if (given.from === undefined && given.to === undefined) return `--from and --to left out: ${spans.old.label} and ${spans.new.label}`;
  const named = (flag: 'from' | 'to', label: string) => `--${flag}${given[flag] === undefined ? ' (left out)' : ''} ${label}`;
  return `${named('from', spans.old.label)} and ${named('to', spans.new.label)}`;
}

/**
 * Of two months the later of which holds the day `last` an ended delivery's data ends on: ` (e.g. --from
 * 2018-10-01..2018-10-13 --to 2018-11-01..2018-11-13)`, the later month's days to `last` against the same days of
 * the month before, both complete in that delivery's data; '' otherwise.
 */
function sameDaysExample(spans: ExplainSpans, last: string): string {
  if (spans.new.kind !== 'month' || last < spans.new.first || last > spans.new.last) return '';
  const days = daysBetween(spans.new.first, last);
  const oldLast = addDays(spans.old.first, days);
  if (oldLast > monthEnd(spans.old.first)) return '';
  return ` (e.g. --from ${spans.old.first}..${oldLast} --to ${spans.new.first}..${last})`;
}

/**
 * The figures and the sentence of `ended` (its spans compared without its sources): `whole` and `compared`, the
 * grains compared (day spans: usage; months: every charge class) read with its lines and without. A month whose bill
 * holds none of their cost is left out of the sentence.
 */
export function endedLeftOutFigures(ended: EndedInComparison, spans: ExplainSpans, whole: readonly Grain[], compared: readonly Grain[]): EndedLeftOut {
  const sum = (grains: readonly Grain[], side: 'oldCost' | 'newCost') => grains.reduce((total, g) => total + g[side], 0n);
  const oldCost = sum(whole, 'oldCost') - sum(compared, 'oldCost');
  const newCost = sum(whole, 'newCost') - sum(compared, 'newCost');
  const days = { old: { first: spans.old.first, last: spans.old.last }, new: { first: spans.new.first, last: spans.new.last } };
  const bills = spans.new.kind === 'month';
  const named = (sources: string[], cost: bigint) => sources.length > 0 && !(bills && cost === 0n);
  const cents = { old: named(ended.leftOut.old, oldCost) ? centsOfUnits(oldCost) : null, new: named(ended.leftOut.new, newCost) ? centsOfUnits(newCost) : null };
  return { sources: ended.leftOut, oldCost, newCost, sentence: comparedWithoutSentence(ended, days, cents, bills) };
}
