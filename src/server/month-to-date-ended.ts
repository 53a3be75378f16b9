/**
 * A page's month to date beside a delivery that has ended, one rule for the Overview and the Data transfer page
 * (src/analyze/ended-comparison.ts, the rule the weekly e-mail compares its weeks by): compared without its lines
 * where the other deliveries' data covers both spans, said in one sentence naming it and what each span leaves
 * out; else not compared, saying why. When a span holds a day not in the store, nothing is compared whatever the
 * deliveries, so nothing is left out: every line is shown (the legacy CUR of Nov 2023, ended on 13 Nov, beside the
 * FOCUS sample moved to Nov 2023, as of 30 Nov: the Overview's Usage card read the FOCUS data's $22.86 alone, "left
 * out" $1.60, beside "usage is not compared" as October is not in the store; every line is $24.46).
 */
import { comparedWithoutSentence, endedInComparison, endedNotComparedWhy, leftOutCents } from '../analyze/ended-comparison.ts';
import { runOfRange } from '../lib/calendar.ts';
import { fromUnits, toUnits } from '../lib/money.ts';
import { codePointOrder } from '../lib/order.ts';
import { daysNotInStore } from '../lib/store-days.ts';
import { storeDaysOf } from './context.ts';
import type { PageRequest } from './html/index.ts';

type Row = Record<string, string | null>;

/** What the end of a delivery changes in a page's month-to-date comparison (from {@link monthToDateEnded}). */
export type MonthToDateEnded<Without> =
  /** Why the spans are not compared (`1–30 Oct 2018 holds the data of aws/836060457634, …, so its end would read as a drop in spend`). */
  | { notCompared: string }
  /**
   * Compared without the lines of `sources` (the one list both spans are read without; `exclude`, each span's): the page's
   * reads without them (`without`) and the one sentence saying so, with what each span leaves out.
   */
  | { notCompared: null; exclude: { old: string[]; new: string[] }; sources: string[]; without: Without; sentence: string };

/** The page's own reads without the lines of some sources: what it shows (`without`), and its total row of both spans (`total`: current_cost, previous_cost). */
export type ReadWithout<Without> = (sources: string[]) => Promise<{ without: Without; total: Row }>;

/**
 * What a delivery that has ended changes in comparing the month-to-date spans of `whole` (the page's total row read with
 * every line: current_start, current_end, previous_start, previous_end, half-open; current_cost, previous_cost): the page's
 * reads without its sources (`readWithout`) and the sentence naming what each span leaves out, or why the spans are not
 * compared. Null when they are compared as they are: a span is empty or holds a day not in the store (nothing is compared,
 * so nothing is left out), the store has no sources, or neither span holds the data of a delivery that has ended before
 * the later span's last day.
 */
export async function monthToDateEnded<Without>(request: Pick<PageRequest, 'analyses' | 'context'>, whole: Row, readWithout: ReadWithout<Without>): Promise<MonthToDateEnded<Without> | null> {
  const { current_start: currentStart, current_end: currentEnd, previous_start: previousStart, previous_end: previousEnd } = whole;
  if (!currentStart || !currentEnd || !previousStart || !previousEnd || currentStart >= currentEnd || previousStart >= previousEnd) return null;
  const store = storeDaysOf(request.context);
  if (daysNotInStore(previousStart, previousEnd, store) || daysNotInStore(currentStart, currentEnd, store)) return null;
  const spans = await request.analyses.sourceSpans();
  if (!spans) return null;
  const days = { old: runOfRange(previousStart, previousEnd), new: runOfRange(currentStart, currentEnd) };
  const ended = endedInComparison(spans, days);
  if (!ended) return null;
  if (ended.notCompared) return { notCompared: endedNotComparedWhy(ended) };
  const sources = [...new Set([...ended.leftOut.old, ...ended.leftOut.new])].sort(codePointOrder);
  const { without, total } = await readWithout(sources);
  const leftOut = (side: 'current_cost' | 'previous_cost') => fromUnits(toUnits(whole[side] ?? '0') - toUnits(total[side] ?? '0'));
  const cents = leftOutCents(ended, { old: leftOut('previous_cost'), new: leftOut('current_cost') });
  return { notCompared: null, exclude: ended.leftOut, sources, without, sentence: comparedWithoutSentence(ended, days, cents) };
}
