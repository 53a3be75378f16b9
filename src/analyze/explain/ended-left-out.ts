/**
 * `costlens explain` over days beside a delivery that has ended (src/analyze/ended-comparison.ts, the weekly
 * e-mail's rule): the spans are compared without its lines where the others' data covers them, said in one
 * sentence naming it and the usage each span leaves out; else refused as not compared, saying why. The real
 * 2018 CUR cut after 13 Nov beside a FOCUS export of 1–30 Nov: 5–11 Nov against 12–18 Nov read
 * `volume -$759.14`, the CUR's missing days; without its lines it is the FOCUS data's +$5.64.
 */
import { CostlensError } from '../../errors.ts';
import { centsOfUnits } from '../../lib/money.ts';
import { comparedWithoutSentence, endedInComparison, type EndedInComparison } from '../ended-comparison.ts';
import type { SourceSpans } from '../source-spans.ts';
import type { Grain } from './drivers.ts';
import type { ExplainSpans } from './spans.ts';

/** What day spans compared without the lines of deliveries that have ended leave out. */
export interface EndedLeftOut {
  /** The sources each span leaves out. */
  sources: { old: string[]; new: string[] };
  /** The usage cost each span leaves out, in units of 1e-10 (exact). */
  oldCost: bigint;
  newCost: bigint;
  /** The one sentence saying so (ended-comparison.ts, comparedWithoutSentence). */
  sentence: string;
}

/**
 * The deliveries that have ended whose lines day spans `spans` leave out (endedInComparison), null when neither
 * span holds their data; a usage error when the spans are not compared for them, naming why.
 */
export function endedLeftOutOf(sources: SourceSpans, spans: ExplainSpans): EndedInComparison | null {
  const days = { old: { first: spans.old.first, last: spans.old.last }, new: { first: spans.new.first, last: spans.new.last } };
  const ended = endedInComparison(sources, days);
  if (ended?.notCompared) {
    const last = ended.deliveries.map((own) => own.lastDay).sort()[0];
    throw new CostlensError('usage', `--from ${spans.old.label} and --to ${spans.new.label} are not compared: ${ended.notCompared}, so its end would read as a change in spend`, {
      hint: `compare days up to ${last} (where its data ends) on both sides, or days the other deliveries' data covers on both sides`,
    });
  }
  return ended;
}

/** The figures and the sentence of `ended` (its spans compared without its sources): `whole` and `compared`, the usage grains read with its lines and without. */
export function endedLeftOutFigures(ended: EndedInComparison, spans: ExplainSpans, whole: readonly Grain[], compared: readonly Grain[]): EndedLeftOut {
  const sum = (grains: readonly Grain[], side: 'oldCost' | 'newCost') => grains.reduce((total, g) => total + g[side], 0n);
  const oldCost = sum(whole, 'oldCost') - sum(compared, 'oldCost');
  const newCost = sum(whole, 'newCost') - sum(compared, 'newCost');
  const days = { old: { first: spans.old.first, last: spans.old.last }, new: { first: spans.new.first, last: spans.new.last } };
  const cents = { old: ended.leftOut.old.length > 0 ? centsOfUnits(oldCost) : null, new: ended.leftOut.new.length > 0 ? centsOfUnits(newCost) : null };
  return { sources: ended.leftOut, oldCost, newCost, sentence: comparedWithoutSentence(ended, days, cents) };
}
