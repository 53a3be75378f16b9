/**
 * The Data transfer page's month to date beside a delivery that has ended (src/analyze/ended-comparison.ts, the
 * rule the weekly e-mail, the Overview and Explore compare by): compared without its lines where the others' data
 * covers both spans (`exclude_sources` on data_transfer/by_type and data_transfer/top_sources), said in one
 * sentence naming it and the transfer cost each span leaves out; else not compared, saying why. The real 2018
 * CURs beside the FOCUS sample moved to October 2018 (its data ending on 29 Oct): 1–30 Nov against 1–30 Oct read
 * "not compared", though the CUR's data covers both months.
 */
import { html } from 'hono/html';
import type { UsageWithoutType } from '../../../analyze/usage-without-type.ts';
import { listParam } from '../../../engine/duckdb.ts';
import { formatDollars, fromUnits, toUnits } from '../../../lib/money.ts';
import { pluralNoun } from '../../../lib/text.ts';
import { type Html, type PageRequest, records } from '../../html/index.ts';
import { type MonthToDateEnded, monthToDateEnded } from '../../month-to-date-ended.ts';
import type { QueryResult } from '../../query-service.ts';
import { usageWithoutTypeIn } from '../../usage-without-type.ts';

type Row = Record<string, string | null>;

/** The page's three comparison queries' results: by type, top sources by resource and by account. */
export interface TransferResults {
  byType: QueryResult;
  resources: QueryResult;
  accounts: QueryResult;
}

/**
 * What the end of a delivery changes in the page's comparison (month-to-date-ended.ts); null (from {@link transferEnded})
 * when neither span holds its data or nothing is compared. Compared, `without` is the page's results read without `sources`.
 */
export type TransferEnded = MonthToDateEnded<TransferResults>;

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
 * leaves out, or why the spans are not compared (monthToDateEnded). Null when neither span holds the data of a delivery
 * that has ended before the later span's last day, a span holds a day not in the store, or the store has no sources.
 */
export async function transferEnded(request: PageRequest, total: Row, params: { as_of: string; cost: string }): Promise<TransferEnded | null> {
  return monthToDateEnded(request, total, async (sources) => {
    const without = await transferResults(request, params, sources);
    return { without, total: totalRow(without.byType) };
  });
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
