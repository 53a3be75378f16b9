/**
 * The Overview's month to date beside a delivery that has ended (src/analyze/ended-comparison.ts, the rule the
 * weekly e-mail compares its weeks by): compared without its lines where the others' data covers both spans,
 * said in one sentence naming it and the usage each span leaves out; else not compared, saying why. The real
 * 2018 CUR cut after 13 Nov beside a FOCUS export of 1–30 Nov: 1–30 Nov against 1–30 Oct read −$1,747.99
 * (−46.44 %), the 14–30 Nov the CUR never sent; October holds only the CUR's data, so it is not compared.
 */
import { comparedWithoutSentence, endedInComparison } from '../../../analyze/ended-comparison.ts';
import { listParam } from '../../../engine/duckdb.ts';
import { addDays } from '../../../lib/calendar.ts';
import { centsOfUnits, toUnits } from '../../../lib/money.ts';
import { codePointOrder } from '../../../lib/order.ts';
import { type PageRequest, records } from '../../html/index.ts';

type Row = Record<string, string | null>;

/** What the end of a delivery changes in the Overview's usage comparison; null when neither span holds its data. */
export type OverviewEnded =
  /** Why usage is not compared (`1–30 Oct 2018 holds the data of aws/836060457634, …, so its end would read as a drop in spend`). */
  | { notCompared: string }
  /** `sources`: the one list both spans are read without (the cards', the top tables' and the chart's), `exclude` each span's. */
  | { notCompared: null; exclude: { old: string[]; new: string[] }; sources: string[]; usage: Row; sentence: string };

/** What the Overview says of a delivery that has ended, once, with its cards: compared without its lines, or why usage is not compared. */
export function endedSentence(ended: OverviewEnded): string {
  return ended.notCompared === null ? ended.sentence : `Usage is not compared: ${ended.notCompared}.`;
}

/**
 * What the top tables and the month-to-date by service chart say of it, referring to the cards' sentence
 * ({@link endedSentence}) rather than saying it again: `Compared without the lines of aws/836060457634, as the
 * cards above.`, or `Not compared, as the cards above: a delivery that has ended.`
 */
export function endedReference(ended: OverviewEnded): string {
  return ended.notCompared === null ? `Compared without the lines of ${ended.sources.join(', ')}, as the cards above.`
    : 'Not compared, as the cards above: a delivery that has ended.';
}

/**
 * Reads what the month-to-date spans of `usage` (overview/month_to_date's usage row, read whole) leave out of a
 * delivery that has ended: their usage row read without its sources (one list for both spans: a span holding none
 * of its data holds none of its lines compared) and the sentence, or why they are not compared.
 */
export async function overviewEnded(request: PageRequest, usage: Row, params: { as_of: string; cost: string }): Promise<OverviewEnded | null> {
  const { current_start: currentStart, current_end: currentEnd, previous_start: previousStart, previous_end: previousEnd } = usage;
  if (!currentStart || !currentEnd || !previousStart || !previousEnd || currentStart >= currentEnd || previousStart >= previousEnd) return null;
  const spans = await request.analyses.sourceSpans();
  if (!spans) return null;
  const days = { old: { first: previousStart, last: addDays(previousEnd, -1) }, new: { first: currentStart, last: addDays(currentEnd, -1) } };
  const ended = endedInComparison(spans, days);
  if (!ended) return null;
  if (ended.notCompared) return { notCompared: `${ended.notCompared}, so its end would read as a drop in spend` };
  const sources = [...new Set([...ended.leftOut.old, ...ended.leftOut.new])].sort(codePointOrder);
  const without = records(await request.run('overview/month_to_date', { ...params, exclude_sources: listParam(sources) })).find((r) => r.charge_class === 'usage')!;
  const leftOut = (side: 'current_cost' | 'previous_cost') => centsOfUnits(toUnits(usage[side] ?? '0') - toUnits(without[side] ?? '0'));
  const cents = { old: ended.leftOut.old.length > 0 ? leftOut('previous_cost') : null, new: ended.leftOut.new.length > 0 ? leftOut('current_cost') : null };
  return { notCompared: null, exclude: ended.leftOut, sources, usage: without, sentence: comparedWithoutSentence(ended, days, cents) };
}
