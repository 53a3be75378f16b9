/**
 * The Data transfer page's month to date beside a delivery that has ended (src/analyze/ended-comparison.ts, the
 * rule the weekly e-mail, the Overview and Explore compare by): compared without its lines where the others' data
 * covers both spans (`exclude_sources` on data_transfer/by_type and data_transfer/top_sources), said in one
 * sentence naming it and the transfer cost each span leaves out; else not compared, saying why. The real 2018
 * CURs beside the FOCUS sample moved to October 2018 (its data ending on 29 Oct): 1–30 Nov against 1–30 Oct read
 * "not compared", though the CUR's data covers both months.
 */
import { html } from 'hono/html';
import { comparedWithoutSentence, endedInComparison } from '../../../analyze/ended-comparison.ts';
import type { UsageWithoutType } from '../../../analyze/usage-without-type.ts';
import { listParam } from '../../../engine/duckdb.ts';
import { addDays } from '../../../lib/calendar.ts';
import { centsOfUnits, formatDollars, fromUnits, toUnits } from '../../../lib/money.ts';
import { codePointOrder } from '../../../lib/order.ts';
import { pluralNoun } from '../../../lib/text.ts';
import { type Html, type PageRequest, records } from '../../html/index.ts';
import type { QueryResult } from '../../query-service.ts';
import { usageWithoutTypeIn } from '../../usage-without-type.ts';

type Row = Record<string, string | null>;

/** The page's three comparison queries' results: by type, top sources by resource and by account. */
export interface TransferResults {
  byType: QueryResult;
  resources: QueryResult;
  accounts: QueryResult;
}

/** What the end of a delivery changes in the page's comparison; null (from {@link transferEnded}) when neither span holds its data. */
export type TransferEnded =
  /** Why the spans are not compared (`1–30 Oct 2018 holds the data of aws/836060457634, …, so its end would read as a drop in spend`). */
  | { notCompared: string }
  /** The results read without its sources (`sources`), and the one sentence saying so. */
  | { notCompared: null; sources: string[]; results: TransferResults; sentence: string };

/** The page's three comparison queries as of `params.as_of`, without the lines of `excludeSources` when given. */
export async function transferResults(request: PageRequest, params: { as_of: string; cost: string }, excludeSources: string[] = []): Promise<TransferResults> {
  const without = excludeSources.length > 0 ? { exclude_sources: listParam(excludeSources) } : {};
  const [byType, resources, accounts] = await Promise.all([
    request.run('data_transfer/by_type', { ...params, ...without }),
    request.run('data_transfer/top_sources', { ...params, ...without, dimension: 'resource', top: '10' }),
    request.run('data_transfer/top_sources', { ...params, ...without, dimension: 'account', top: '10' }),
  ]);
  return { byType, resources, accounts };
}

/**
 * What a delivery that has ended changes in comparing the spans of `total` (data_transfer/by_type's total row, read
 * with every line): the results read again without its sources and the sentence naming the transfer cost each span
 * leaves out, or why the spans are not compared. Null when neither span holds the data of a delivery that has ended
 * before the later span's last day, or the store has no sources.
 */
export async function transferEnded(request: PageRequest, total: Row, params: { as_of: string; cost: string }): Promise<TransferEnded | null> {
  const { current_start: currentStart, current_end: currentEnd, previous_start: previousStart, previous_end: previousEnd } = total;
  if (!currentStart || !currentEnd || !previousStart || !previousEnd || currentStart >= currentEnd || previousStart >= previousEnd) return null;
  const spans = await request.analyses.sourceSpans();
  if (!spans) return null;
  const days = { old: { first: previousStart, last: addDays(previousEnd, -1) }, new: { first: currentStart, last: addDays(currentEnd, -1) } };
  const ended = endedInComparison(spans, days);
  if (!ended) return null;
  if (ended.notCompared) return { notCompared: `${ended.notCompared}, so its end would read as a drop in spend` };
  const sources = [...new Set([...ended.leftOut.old, ...ended.leftOut.new])].sort(codePointOrder);
  const results = await transferResults(request, params, sources);
  const without = totalRow(results.byType);
  const leftOut = (side: 'current_cost' | 'previous_cost') => centsOfUnits(toUnits(total[side] ?? '0') - toUnits(without[side] ?? '0'));
  const cents = { old: ended.leftOut.old.length > 0 ? leftOut('previous_cost') : null, new: ended.leftOut.new.length > 0 ? leftOut('current_cost') : null };
  return { notCompared: null, sources, results, sentence: comparedWithoutSentence(ended, days, cents) };
}

/** data_transfer/by_type's total row (every type summed). */
export function totalRow(byType: QueryResult): Row {
  return records(byType).find((r) => r.transfer_type === 'total')!;
}

/**
 * The AWS usage lines without a usage type of one of the page's spans: those of the lines it compares (`compared`,
 * which its figures leave out and its "Not classified" note names), and the others, left out of the comparison with a
 * delivery that has ended (`leftOut`: how many and their cost; null when none is, or nothing is left out).
 */
export interface SpanWithoutType {
  compared: UsageWithoutType | null;
  leftOut: { lines: number; billedCost: string; effectiveCost: string } | null;
}

/** {@link SpanWithoutType} of the charge days from `days.start` to before `days.end`, `sources` those the comparison leaves out (none: every line is compared). */
export async function spanWithoutType(request: PageRequest, days: { start: string; end: string }, sources: readonly string[]): Promise<SpanWithoutType> {
  const [compared, every] = await Promise.all([
    usageWithoutTypeIn(request.analyses, days, sources),
    sources.length > 0 ? usageWithoutTypeIn(request.analyses, days) : null,
  ]);
  const lines = (every?.lines ?? 0) - (compared?.lines ?? 0);
  if (!every || lines === 0) return { compared, leftOut: null };
  const less = (all: string, part: string | undefined) => fromUnits(toUnits(all) - toUnits(part ?? '0'));
  return { compared, leftOut: { lines, billedCost: less(every.billedCost, compared?.billedCost), effectiveCost: less(every.effectiveCost, compared?.effectiveCost) } };
}

/**
 * What a span's lines without a usage type that the comparison leaves out with a delivery that has ended are, so that
 * they do not read as lines missing from its figures: `Not classified, nor compared: 940 AWS usage lines of 1–30 Oct 2018
 * without a usage type, billed $20.62, are lines of the delivery that has ended (above), left out of the comparison with
 * the rest of its lines; every line compared carries one.` (`Another 12 …` after a note of the lines compared); '' without them.
 * `days` is the span as the page writes it (`1–30 Oct 2018`).
 */
export function leftOutWithoutTypeNote(id: string, span: SpanWithoutType, days: string, cost: 'billed' | 'effective'): Html | string {
  const { leftOut } = span;
  if (!leftOut) return '';
  const lines = `${leftOut.lines.toLocaleString('en-US')} AWS usage ${pluralNoun(leftOut.lines, 'line')} of ${days} without a usage type`;
  const money = cost === 'effective' ? `EffectiveCost ${formatDollars(leftOut.effectiveCost)}` : `billed ${formatDollars(leftOut.billedCost)}`;
  const what = `${pluralNoun(leftOut.lines, 'is a line', 'are lines')} of the delivery that has ended (above), left out of the comparison with the rest of its lines`;
  return span.compared
    ? html`<p class="note" id="${id}" data-lines="${leftOut.lines}">Another ${lines}, ${money}, ${what}.</p>`
    : html`<p class="note" id="${id}" data-lines="${leftOut.lines}">Not classified, nor compared: ${lines}, ${money}, ${what}; every line compared carries one.</p>`;
}
