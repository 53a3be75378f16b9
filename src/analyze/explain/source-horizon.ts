/**
 * `costlens explain`'s spans in a store of several deliveries (src/analyze/source-spans.ts: the
 * sources whose lines share a file, each with its own data horizon). A month compares its full bill,
 * so it is judged on its own delivery's data, as `invoice` and `status` judge it: the real 2018
 * CUR's Nov 2018 beside the FOCUS sample of Sept 2024 is compared with `data through 30 Nov 2018 (the
 * data of aws/836060457634)`, not the store's 30 Sep 2024, and a month its own data does not complete
 * is refused. A delivery that has ended inside a month (its data horizon more than LAGGING_DAYS days
 * behind the store's latest: source-spans.ts, hasEnded) does not keep the month from comparing when
 * another delivery's data completes it, as it holds the store's data horizon back no more: the month
 * is judged on the others' data, and the comparison says the ended delivery's lines stop inside it.
 * Days and the defaults follow the store's latest data, and say whose it is. A store of one delivery
 * reads as before.
 */
import { CostlensError } from '../../errors.ts';
import { type BillingDaySpan, heldBackWords } from '../billing-calendar.ts';
import { notCompleteSentence, openBillWhy } from '../monthly-bills.ts';
import { notInvoicedWords } from '../fees-delivery.ts';
import { endedWords, type SourceSpans } from '../source-spans.ts';
import type { ExplainSpan } from './span-shapes.ts';
import { type ExplainSpans, NOT_INVOICED_HINT } from './spans.ts';
import { pluralNoun } from '../../lib/text.ts';
import { shortDay } from '../../lib/calendar.ts';

/** What the defaults say after where the store's latest data ends: `; the store's latest data, that of aws/1, oracle/2`; empty in a store of one delivery. */
export function latestDataWords(sources: SourceSpans): string {
  const latest = sources.latest();
  // A delivery holding the data horizon back is named where the horizon is (heldBackWords).
  return latest && !latest.heldBack ? `; the store's latest data, that of ${latest.sources.join(', ')}` : '';
}

/**
 * `spans` (resolveSpans's, on the store's span `data`) judged on each delivery's data: two months
 * each against its own delivery's horizon ({@link refuseMonthPastItsData}: refused, naming it, when that data does
 * not reach the month's end), `covers` ending `data through DAY (the data of SOURCES)` of the later
 * month's, then, of a month a delivery that has ended stops inside, `; Nov 2018 holds the data of
 * SOURCES only through 9 Nov 2018, where it ends (…)`; days, `data through DAY (the store's latest data,
 * that of SOURCES)`. Unchanged in a store of one delivery.
 */
export function judgedOnSources(spans: ExplainSpans, data: BillingDaySpan, sources: SourceSpans, given: { from?: string; to?: string }): ExplainSpans {
  const latest = sources.latest();
  const through = `, data through ${shortDay(data.lastDay, true)}`;
  if (!latest || spans.wholeBills || !spans.covers.endsWith(through)) return spans;
  const covers = spans.covers.slice(0, -through.length);
  if (spans.new.kind === 'days') {
    const whose = latest.heldBack ? heldBackWords(data) : ` (the store's latest data, that of ${latest.sources.join(', ')})`;
    return { ...spans, covers: `${covers}${through}${whose}` };
  }
  const months = ([['from', spans.old], ['to', spans.new]] as const).map(([flag, span]) => ({ span, ...refuseMonthPastItsData(flag, given[flag], span, sources) }));
  const { own } = months[1];
  const of = sources.sourcesOf(own);
  const stops = months.flatMap(({ span }) => endedWords(sources, span.first.slice(0, 7)).map((words) => `; ${words}`));
  return { ...spans, covers: `${covers}, data through ${shortDay(own.lastDay, true)}${of.length > 0 ? ` (the data of ${of.join(', ')})` : ''}${stops.join('')}` };
}

/**
 * The data month `span` is judged on, its own delivery's (source-spans.ts ofBill: the earliest horizon
 * among the deliveries holding it but those that have ended inside it while another's data reaches on;
 * every delivery holding it when all have ended, so that a month no delivery completes is still
 * refused): refused when that data ends before the month's last day, its full bill not all in the store;
 * of a delivery of fees only, when the month is its latest bill not invoiced yet, in invoice's words
 * (`--from Dec 2023 (full bill, 31 days) is not complete: 2023-12 is the latest bill of aws/444455556666
 * and not invoiced yet, …`), never "runs past the data horizon of its source"; every other delivery of
 * fees only whose bill of the month is not invoiced yet named after. A month its usage data completes is
 * refused too while such a bill of it is open (`--to Nov 2018 (full bill, 30 days) is not complete: 2018-11
 * is the latest bill of aws/111122223333 and not invoiced yet, …`), `own` still its usage data.
 */
function refuseMonthPastItsData(flag: 'from' | 'to', text: string | undefined, span: ExplainSpan, sources: SourceSpans): { own: BillingDaySpan } {
  const month = span.first.slice(0, 7);
  const own = sources.ofBill(month);
  // Each other delivery of fees only whose bill of the month is not invoiced yet keeps it from being complete, and is named.
  const open = notInvoicedWords(sources, month, own);
  // A delivery of fees only judges the month on its bills: its latest not invoiced yet, as invoice and commitments say it.
  const ownOpen = openBillWhy(own.wholeBillsOnly, month);
  const who = text === undefined ? `--${flag} left out: ${span.label}` : `--${flag} ${span.label}`;
  if (ownOpen === null && own.lastDay < span.last) {
    const of = sources.sourcesOf(own);
    throw new CostlensError('usage', `${who} runs past the data horizon of its ${pluralNoun(of.length, 'source')}, ${own.lastDay} (the data of ${of.join(', ') || 'the store'}): its full bill is not all in the store${open.map((words) => `; ${words}`).join('')}`, {
      hint: 'compare months their own data completes (costlens status marks the others incomplete), or day spans up to that day',
    });
  }
  const why = [...(ownOpen === null ? [] : [ownOpen]), ...open];
  if (why.length > 0) throw new CostlensError('usage', notCompleteSentence(who, why), { hint: NOT_INVOICED_HINT });
  return { own };
}
