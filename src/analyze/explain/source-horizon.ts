/**
 * `costlens explain`'s spans in a store of several deliveries (src/analyze/source-spans.ts: the
 * sources whose lines share a file, each with its own data horizon). A month compares its full bill,
 * so it is judged on its own delivery's data, as `invoice` and `status` judge it: the real 2018
 * CUR's Nov 2018 beside the FOCUS sample of Sept 2024 is compared with `data through 2018-11-30 (the
 * data of aws/836060457634)`, not the store's 2024-09-30, and a month its own data does not complete
 * is refused. Days and the defaults follow the store's latest data, and say whose it is. A store of
 * one delivery reads as before.
 */
import { CostlensError } from '../../errors.ts';
import { type BillingDaySpan, heldBackWords } from '../billing-calendar.ts';
import type { SourceSpans } from '../source-spans.ts';
import type { ExplainSpan } from './span-shapes.ts';
import type { ExplainSpans } from './spans.ts';
import { pluralNoun } from '../../lib/text.ts';

/** What the defaults say after where the store's latest data ends: `; the store's latest data, that of aws/1, oracle/2`; empty in a store of one delivery. */
export function latestDataWords(sources: SourceSpans): string {
  const latest = sources.latest();
  // A delivery holding the data horizon back is named where the horizon is (heldBackWords).
  return latest && !latest.heldBack ? `; the store's latest data, that of ${latest.sources.join(', ')}` : '';
}

/**
 * `spans` (resolveSpans's, on the store's span `data`) judged on each delivery's data: two months
 * each against its own delivery's horizon (refused, naming it, when that data does not reach the
 * month's end), `covers` ending `data through DAY (the data of SOURCES)` of the later month's; days,
 * `data through DAY (the store's latest data, that of SOURCES)`. Unchanged in a store of one delivery.
 */
export function judgedOnSources(spans: ExplainSpans, data: BillingDaySpan, sources: SourceSpans, given: { from?: string; to?: string }): ExplainSpans {
  const latest = sources.latest();
  const through = `, data through ${data.lastDay}`;
  if (!latest || spans.wholeBills || !spans.covers.endsWith(through)) return spans;
  const covers = spans.covers.slice(0, -through.length);
  if (spans.new.kind === 'days') {
    const whose = latest.heldBack ? heldBackWords(data) : ` (the store's latest data, that of ${latest.sources.join(', ')})`;
    return { ...spans, covers: `${covers}${through}${whose}` };
  }
  for (const [flag, span] of [['from', spans.old], ['to', spans.new]] as const) refuseMonthPastItsData(flag, given[flag], span, sources);
  const own = sources.ofPeriod(spans.new.first.slice(0, 7));
  const of = sources.sourcesOf(own);
  return { ...spans, covers: `${covers}, data through ${own.lastDay}${of.length > 0 ? ` (the data of ${of.join(', ')})` : ''}` };
}

/** Refuses a month whose own delivery's data ends before its last day: its full bill is not all in the store. */
function refuseMonthPastItsData(flag: 'from' | 'to', text: string | undefined, span: ExplainSpan, sources: SourceSpans): void {
  const own = sources.ofPeriod(span.first.slice(0, 7));
  if (own.lastDay >= span.last) return;
  const of = sources.sourcesOf(own);
  const who = text === undefined ? `--${flag} left out: ${span.label}` : `--${flag} ${span.label}`;
  throw new CostlensError('usage', `${who} runs past the data horizon of its ${pluralNoun(of.length, 'source')}, ${own.lastDay} (the data of ${of.join(', ') || 'the store'}): its full bill is not all in the store`, {
    hint: 'compare months their own data completes (costlens status marks the others incomplete), or day spans up to that day',
  });
}
