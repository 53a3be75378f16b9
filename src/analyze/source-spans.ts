/**
 * The span each billing period is judged complete against: its own delivery's data, not the
 * store's. A store may hold several deliveries (the real 2018 CUR, the legacy CUR of 1–13 Nov 2023
 * and the FOCUS sample of Sept 2024); judged against the store's data horizon (30 Sep 2024), the
 * legacy CUR's 2023-11 would read complete though its data stops on 13 Nov 2023 and none of its
 * source is later. A delivery is the sources (provider/billing account) whose lines share a file,
 * joined through any they share (the FOCUS sample's AWS, Microsoft and Oracle accounts are one:
 * the Microsoft account's data ends on 19 Sep 2024, the file's on 30 Sep), and its span is
 * queries/calendar/data_horizon.sql's rule read on its lines alone
 * (queries/calendar/data_horizon_by_source.sql). A store of one delivery is judged as before, on
 * the store's span itself.
 */
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import { addDays, earlierDay, monthEnd, monthLabel, shortDay } from '../lib/calendar.ts';
import { ascending, descending } from '../lib/order.ts';
import type { BillingDaySpan, HeldBackHorizon } from './billing-day-span.ts';
import { deliveriesOf, deliveryEnd, deliverySpan, type SourceRow, sourcesIn } from './delivery-rows.ts';
import { feesDeliverySpan, feesNotInvoicedIn, sameDelivery } from './fees-delivery.ts';
import { notCompleteSentence, openBillWhy } from './monthly-bills.ts';

/** The span a billing period is judged against, by the source holding it or by the period. */
export interface SourceSpans {
  /** The span of the delivery `source` belongs to (the store's for a source it does not know). */
  ofSource(source: string | null | undefined): BillingDaySpan;
  /**
   * The span of billing period `period` (`YYYY-MM`): of the delivery whose data ends first among
   * those holding its usage, ended or not; of a delivery of fees only holding it when none holds its
   * usage (judged as whole bills, complete once invoiced); the store's for a period it does not know.
   */
  ofPeriod(period: string): BillingDaySpan;
  /**
   * The span billing period `period`'s bill is judged complete against (`invoice`, `attribute`,
   * `commitments`, `explain`): {@link ofPeriod}'s but for the deliveries that have ended inside it
   * ({@link endedIn}) while another's data reaches on (a period complete in one source and cut short
   * in another that has not ended is not complete), its first day the earliest among the deliveries
   * holding the period (a delivery ended on 9 Nov 2018 and one from 10 Nov: the bill's days are
   * 1–30 Nov, as its total is); {@link sourcesOf} gives the sources of the delivery it is judged on.
   * Its days and dates are always the usage deliveries' (a delivery of fees only's when none holds
   * the period's usage): a month is complete only when every delivery holding it is, so a caller that
   * judges completeness adds each delivery of fees only whose bill of it is not invoiced yet
   * ({@link notInvoicedIn}: the real Nov 2018 CUR, complete to 30 Nov 2018, beside its RI fees re-billed
   * without an InvoiceId is not complete, its data horizon still 30 Nov 2018).
   */
  ofBill(period: string): BillingDaySpan;
  /**
   * The deliveries holding usage of billing period `period` that have ended inside it (their data
   * horizon before its last day and more than LAGGING_DAYS days behind the store's latest data:
   * {@link hasEnded}) while another delivery's data reaches on, so that they do not keep the month
   * from being judged on the others' data ({@link ofBill}); earliest first, empty when none.
   */
  endedIn(period: string): BillingDaySpan[];
  /**
   * The deliveries holding usage that have ended ({@link hasEnded}), earliest data horizon first; empty
   * when none. A day after such a horizon is not compared with days holding that delivery's data (a week
   * it stops inside, an anomaly's trailing days): its spend stopped arriving, it did not fall.
   */
  ended(): BillingDaySpan[];
  /**
   * The span a range of charge days from `first` to `last` (both included) is judged against: that of
   * the latest billing period it reaches that a delivery holds ({@link ofBill} of the month of its last
   * day, else of the latest month before it, back to the month of `first`; a month held by a delivery
   * of fees only is judged on that delivery's span, as --period judges it; its days on the usage
   * deliveries' data, a bill of fees not invoiced yet beside them left to {@link notCompleteIn}), as in a store of that
   * delivery's files alone; the store's for a range reaching no such period. The periods it reaches
   * that their own delivery does not complete inside it are {@link notCompleteIn}'s.
   */
  ofRange(first: string, last: string): BillingDaySpan;
  /**
   * The billing periods a range of charge days from `first` to `last` (both included) reaches whose own
   * span ({@link ofBill}, one rule for every period) ends before the range's last day in the period
   * (a fees-only month not invoiced yet ends before its first), each with that span, earliest first:
   * `commitments --from 2018-11-01 --to 2024-09-30` names 2023-11, the legacy CUR's data ending on 13 Nov 2023,
   * as `invoice` does; a period is listed once per delivery keeping it from being complete (its usage
   * deliveries' span, then each delivery of fees only whose bill of it is not invoiced yet: {@link notInvoicedIn}).
   * Empty when each is complete inside the range.
   */
  notCompleteIn(first: string, last: string): { period: string; span: BillingDaySpan }[];
  /**
   * The deliveries of fees only holding billing period `period` as their latest bill, not invoiced yet
   * (fees-delivery.ts), earliest first: each keeps the month from being complete whatever the usage
   * deliveries' data ({@link ofBill}, {@link notCompleteIn}); empty when none.
   */
  notInvoicedIn(period: string): BillingDaySpan[];
  /**
   * The spans of the deliveries holding usage and billing period `period`, earliest data horizon first;
   * empty for a period it does not know. A delivery without usage lines (fees only, judged as whole
   * bills) is left out: its dates complete no month.
   */
  holding(period: string): BillingDaySpan[];
  /** The sources of the delivery whose span `span` is (one {@link ofSource} or {@link ofPeriod} gave), sorted; empty for the store's. */
  sourcesOf(span: BillingDaySpan): string[];
  /**
   * The delivery whose data a default that follows the data follows, and its sources: the one whose
   * data reaches latest (its data horizon, then its latest charge day), or, when a lagging delivery
   * holds the store's data horizon back (`heldBack`, the store's span's: {@link heldBackSpan}), that
   * one; null in a store judged on its own span (one delivery).
   */
  latest(): { span: BillingDaySpan; sources: string[]; heldBack?: HeldBackHorizon } | null;
}

/** Every period and source judged against `span`, the store's: one delivery, a store without daily usage, an engine without the query. */
export function storeWideSpans(span: BillingDaySpan): SourceSpans {
  return { ofSource: () => span, ofPeriod: () => span, ofBill: () => span, endedIn: () => [], ended: () => [], ofRange: () => span, notCompleteIn: () => [], notInvoicedIn: () => [], holding: () => [], sourcesOf: () => [], latest: () => null };
}

/**
 * What {@link horizonHeldBack} read for the span it gave: the rows of
 * queries/calendar/data_horizon_by_source.sql, or null when the store holds lines of one source at
 * most (not read: one delivery). {@link readSourceSpans} reuses it, so that a command reads the
 * query once, and not at all on a store of one source.
 */
const sourceRowsOfSpan = new WeakMap<BillingDaySpan, readonly SourceRow[] | null>();

/**
 * The spans of the store's deliveries: {@link sourceSpansOf} on queries/calendar/data_horizon_by_source.sql,
 * read on the embedded store only (the Athena view over one CUR table is one delivery, judged on
 * `span`), and not for a store without daily usage (`span.wholeBillsOnly`), whose bills are judged as a whole.
 * For a span {@link horizonHeldBack} gave (billingDaySpan's, billSpan's), the rows it read, if any:
 * a store holding lines of one source is judged on `span` without reading the query.
 */
export async function readSourceSpans(engine: Engine, span: BillingDaySpan): Promise<SourceSpans> {
  if (engine.name === 'athena' || span.wholeBillsOnly) return storeWideSpans(span);
  const read = sourceRowsOfSpan.get(span);
  if (read === null) return storeWideSpans(span);
  return sourceSpansOf(read ?? await runQuery(engine, 'calendar/data_horizon_by_source'), span);
}

/**
 * The store's span `span` (queries/calendar/data_horizon.sql's: the latest data's) with its data
 * horizon held back by a lagging delivery ({@link heldBackSpan}), read only when the store holds
 * lines of more than one source (`sources`, data_horizon's sources: of usage or not, so that a
 * delivery of fees only beside one usage source is judged on its own bills) on the embedded store:
 * the Athena view over one CUR table is one delivery. The span given keeps what was read for
 * {@link readSourceSpans}.
 */
export async function horizonHeldBack(engine: Engine, span: BillingDaySpan, sources: number | null | undefined): Promise<BillingDaySpan> {
  if (engine.name === 'athena') return span;
  if ((sources ?? 0) <= 1) {
    sourceRowsOfSpan.set(span, null);
    return span;
  }
  const rows = await runQuery(engine, 'calendar/data_horizon_by_source');
  const held = heldBackSpan(rows, span);
  sourceRowsOfSpan.set(held, rows);
  return held;
}

/**
 * How many days a delivery's data horizon may be behind the latest one's and still hold the store's
 * back (lagging: a CUR that arrives a day or two after the FOCUS export beside it, whatever the month);
 * a delivery further behind has ended (the real 2018 CUR and the legacy CUR of Nov 2023 beside the
 * FOCUS sample of Sept 2024) and holds nothing back.
 */
export const LAGGING_DAYS = 7;

/**
 * Whether a delivery whose data horizon is `delivery.lastDay` has ended beside the store's latest data
 * (`store`: the store's span, its latest data's horizon `heldBack.othersTo` when a lagging delivery
 * holds it back): its horizon is more than {@link LAGGING_DAYS} days behind, so it holds nothing back.
 */
export function hasEnded(delivery: Pick<BillingDaySpan, 'lastDay'>, store: Pick<BillingDaySpan, 'lastDay' | 'heldBack'>): boolean {
  return delivery.lastDay < addDays(store.heldBack?.othersTo ?? store.lastDay, -LAGGING_DAYS);
}

/**
 * The store's data horizon in a store of several deliveries (queries/calendar/data_horizon_by_source.sql's
 * `rows`): the earliest horizon among the deliveries whose horizon is at most {@link LAGGING_DAYS}
 * days behind the store's (`span.lastDay`, the latest data's), so that the days a lagging delivery
 * does not hold yet (an AWS CUR complete to 30 Sep beside a FOCUS export complete to 2 Oct) are not
 * read as $0 drops, nor its partial day as complete. A delivery further behind has ended, not
 * lagging: it holds nothing back (the real 2018 CUR and the legacy CUR of Nov 2023 beside the FOCUS
 * sample of Sept 2024 keep 30 Sep 2024). `heldBack` then names the delivery, where its usage ends
 * and how far the others' runs. `span` itself when nothing holds it back: one delivery, a store
 * without daily usage.
 */
export function heldBackSpan(rows: readonly SourceRow[], span: BillingDaySpan): BillingDaySpan {
  if (span.wholeBillsOnly) return span;
  const ends = [...deliveriesOf(rows).members.values()].flatMap((held) => {
    const own = deliveryEnd(held);
    return own ? [{ ...own, sources: sourcesIn(held) }] : [];
  });
  const [first] = ends.filter((e) => !hasEnded(e.span, span)).sort((a, b) => ascending(a.span.lastDay, b.span.lastDay));
  if (ends.length <= 1 || !first || first.span.lastDay >= span.lastDay) return span;
  return { ...span, lastDay: first.span.lastDay, heldBack: { sources: first.sources, endsAt: first.lastUsageEnd ?? `${first.lastUsageDay} 00:00:00`, othersTo: span.lastDay } };
}

/**
 * The spans of the deliveries in `rows` (queries/calendar/data_horizon_by_source.sql): sources that
 * share a file are one delivery (delivery-rows.ts), whose span is read as the store's is: its first charge day, its
 * data horizon (its last usage day when that day's usage lines reach midnight, else the day before),
 * its latest charge day and latest billing period holding usage. With one delivery, or
 * `span.wholeBillsOnly`, every period is judged against `span` (the store's). A delivery without
 * usage lines (fees only) is judged as whole bills, as a store of its files alone (fees-delivery.ts):
 * it holds nothing back and completes no month another delivery's usage holds. The span of the
 * delivery holding the store's data horizon back (`span.heldBack`) says so (`heldBack`), as the
 * store's does, wherever its days are told.
 */
export function sourceSpansOf(rows: readonly SourceRow[], span: BillingDaySpan): SourceSpans {
  if (span.wholeBillsOnly) return storeWideSpans(span);
  const { delivery, members } = deliveriesOf(rows);
  if (members.size <= 1) return storeWideSpans(span);
  const fees = new Set<BillingDaySpan>();
  const spans = new Map([...members].map(([root, held]) => {
    const own = deliverySpan(held) ?? feesDeliverySpan(held, sourcesIn(held));
    if (own?.wholeBillsOnly) fees.add(own);
    return [root, own ?? span];
  }));
  // The delivery holding the store's data horizon back says so wherever its days are told, as the store's span does.
  const holderRoot = span.heldBack ? delivery(span.heldBack.sources[0]) : undefined;
  const holder = holderRoot === undefined ? undefined : spans.get(holderRoot);
  if (holderRoot !== undefined && holder && holder !== span && holder.lastDay === span.lastDay) spans.set(holderRoot, { ...holder, heldBack: span.heldBack });
  const sources = new Map([...members].filter(([root]) => spans.get(root) !== span).map(([root, held]) => [spans.get(root)!, sourcesIn(held)]));
  const ofSource = (source: string | null | undefined): BillingDaySpan => (source ? spans.get(delivery(source)) : undefined) ?? span;
  const periodHolders = new Map<string, Set<BillingDaySpan>>();
  for (const row of rows) if (row.billing_period !== null) periodHolders.set(row.billing_period, (periodHolders.get(row.billing_period) ?? new Set()).add(ofSource(row.source)));
  // Each period's deliveries, earliest data horizon first (the first met first among equals).
  const byPeriod = new Map([...periodHolders].map(([period, held]) => [period, [...held].sort((a, b) => ascending(a.lastDay, b.lastDay))]));
  const holding = (period: string) => (byPeriod.get(period) ?? []).filter((own) => own !== span && !fees.has(own));
  const endedIn = (period: string) => {
    const held = holding(period);
    const ended = held.filter((own) => own.lastDay < monthEnd(`${period}-01`) && hasEnded(own, span));
    return ended.length < held.length ? ended : [];
  };
  const ofPeriod = (period: string): BillingDaySpan => holding(period)[0] ?? byPeriod.get(period)?.find((own) => fees.has(own)) ?? span;
  const notInvoicedIn = (period: string) => feesNotInvoicedIn(byPeriod.get(period) ?? [], period);
  const sourcesOf = (held: BillingDaySpan) => sources.get(held) ?? [];
  // A bill's days begin on the earliest first day among the deliveries holding it (one ended on 9 Nov, one from 10 Nov: 1–30 Nov).
  const billSpanOfPeriod = new Map<string, BillingDaySpan>();
  const billOf = (period: string, own: BillingDaySpan): BillingDaySpan => {
    const [firstDay] = holding(period).map((held) => held.firstDay).sort();
    const bill = firstDay === undefined || firstDay >= own.firstDay ? own : { ...own, firstDay };
    if (bill !== own) sources.set(bill, sources.get(own) ?? []);
    return bill;
  };
  // A bill's days as its usage deliveries' data judges them (a delivery of fees only when none holds its usage);
  // a bill of fees not invoiced yet beside them is the callers' to add (notInvoicedIn), never its dates.
  const ofBill = (period: string): BillingDaySpan => {
    const known = billSpanOfPeriod.get(period);
    if (known) return known;
    const ended = endedIn(period);
    const bill = billOf(period, holding(period).find((held) => !ended.some((end) => sameDelivery({ sourcesOf }, end, held))) ?? ofPeriod(period));
    billSpanOfPeriod.set(period, bill);
    return bill;
  };
  // The periods a delivery holds, of usage or of fees only: a range is judged on theirs.
  const heldPeriods = [...byPeriod.keys()].filter((p) => ofPeriod(p) !== span).sort();
  const reachedBy = (first: string, last: string) => heldPeriods.filter((p) => p >= first.slice(0, 7) && p <= last.slice(0, 7));
  const [latestSpan] = [...sources.keys()].filter((own) => !fees.has(own)).sort((a, b) => descending(a.lastDay + a.lastChargeDay, b.lastDay + b.lastChargeDay));
  const heldBy = span.heldBack && ofSource(span.heldBack.sources[0]);
  const followed = heldBy && heldBy !== span ? { span: heldBy, sources: sources.get(heldBy)!, heldBack: span.heldBack } : null;
  return {
    ofSource,
    ofPeriod,
    ofBill,
    endedIn,
    ended: () => [...new Set(spans.values())].filter((own) => own !== span && !fees.has(own) && hasEnded(own, span)).sort((a, b) => ascending(a.lastDay, b.lastDay)),
    ofRange: (first, last) => {
      const reached = reachedBy(first, last).at(-1);
      return reached === undefined ? span : ofBill(reached);
    },
    // Each period once per delivery keeping it from being complete: the span its bill is judged on, then the other fees not invoiced.
    notCompleteIn: (first, last) => reachedBy(first, last).flatMap((period) => {
      const bill = ofBill(period);
      return [bill, ...notInvoicedIn(period).filter((fees) => !sameDelivery({ sourcesOf }, fees, bill))]
        .filter((own) => own.lastDay < earlierDay(last, monthEnd(`${period}-01`))).map((own) => ({ period, span: own }));
    }),
    notInvoicedIn,
    holding,
    sourcesOf,
    latest: () => followed ?? (latestSpan ? { span: latestSpan, sources: sources.get(latestSpan)! } : null),
  };
}

/**
 * Why billing period `period` is not complete in the data of the delivery whose span is `own` (one of
 * {@link SourceSpans.notCompleteIn}'s): of a delivery of fees only, its bill not invoiced yet in
 * fees-delivery.ts's words (`2023-11 is the latest bill of aws/111122223333 and not invoiced yet, …`);
 * else `2023-11 is not complete: the data of aws/123412340534 ends on 13 Nov 2023` (the day as every
 * other "ends on" says it: billing-calendar.ts, dataEndsOn).
 */
export function notCompleteWords(spans: SourceSpans, period: string, own: BillingDaySpan): string {
  return openBillWhy(own.wholeBillsOnly, period) ?? notCompleteSentence(period, [`the data of ${spans.sourcesOf(own).join(', ')} ends on ${shortDay(own.lastDay, true)}`]);
}

/**
 * The deliveries that have ended inside billing period `period` ({@link SourceSpans.endedIn}) in
 * words, each `Nov 2018 holds the data of aws/1234567890123, … only through 9 Nov 2018, where it ends
 * (more than 7 days before the store's latest data: that delivery has ended)`, as `explain`,
 * `invoice`, `attribute`, `status` and `commitments` say it of a month judged on the others' data;
 * with `days`, only those whose data ends inside them (before their last day; a range of charge days).
 */
export function endedWords(spans: SourceSpans, period: string, days?: { first: string; last: string }): string[] {
  return spans.endedIn(period).filter((own) => !days || (days.first <= own.lastDay && own.lastDay < days.last)).map((own) => `${monthLabel(period)} holds the data of ${spans.sourcesOf(own).join(', ')} only through ${shortDay(own.lastDay, true)}, `
    + `where it ends (more than ${LAGGING_DAYS} days before the store's latest data: that delivery has ended)`);
}
