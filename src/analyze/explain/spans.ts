/**
 * The two spans `costlens explain` compares: parsed from `YYYY-MM` (a month: its full bill),
 * `YYYY-Www` (an ISO week), `D` or `D..D` (charge days, both included) or `mtd` (the data
 * horizon's month to date), checked to be of equal length, in order, and inside the data.
 */
import { CostlensError } from '../../errors.ts';
import { addDays, addMonths, calendarPeriod, daySpan, daysBetween, isIsoDay, isoWeek, monthEnd, monthLabel, monthStart, shortDay } from '../../lib/calendar.ts';
import { daysHeldOf, daysNotInStore, daysNotInStoreAre, daysNotInStoreSentence, type StoreDays } from '../../lib/store-days.ts';
import { type BillingDaySpan, dataEndsOn } from '../billing-calendar.ts';
import { lastCompleteMonthOf } from '../default-period.ts';
import { notInvoicedWords } from '../fees-delivery.ts';
import { notCompleteSentence, notInvoicedRefusal, wholeBillsNote } from '../monthly-bills.ts';
import type { SourceSpans } from '../source-spans.ts';
import { plural, pluralNoun } from '../../lib/text.ts';
import { noDefaultComparison, type Refusal, refusalOf } from './default-refusal.ts';
import { daysSpan, type ExplainSpan, monthSpan, previousSpan } from './span-shapes.ts';

const WEEK = /^\d{4}-W\d{2}$/;

const FORMS = 'YYYY-MM (a month), YYYY-Www (an ISO week), YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (days, both included) or mtd (month to date)';

/** Parses one `--from`/`--to` value; `mtd` reads the data horizon. Errors name the flag. */
export function parseSpan(flag: string, text: string, data: BillingDaySpan): ExplainSpan {
  const value = text.trim();
  if (value === 'mtd') return daysSpan(monthStart(data.lastDay), data.lastDay);
  if (calendarPeriod(value) !== undefined) return monthSpan(value);
  if (WEEK.test(value)) {
    const week = isoWeek(value);
    if (week === undefined) throw badSpan(flag, value); // week 53 of a 52-week year
    return daysSpan(week.start, week.last);
  }
  const [first, last = first, ...extra] = value.split('..');
  if (extra.length === 0 && isIsoDay(first) && isIsoDay(last)) {
    if (last < first) throw new CostlensError('usage', `--${flag} ${value}: the last day comes before the first`, { hint: 'write the earlier day first: FROM..TO, both included' });
    return daysSpan(first, last);
  }
  throw badSpan(flag, value);
}

function badSpan(flag: string, value: string): CostlensError {
  return new CostlensError('usage', `--${flag} must be a period or a range of days; got "${value}"`, { hint: `write ${FORMS}` });
}

/** The two spans of a comparison and what they cover, checked against each other and the data. */
export interface ExplainSpans {
  old: ExplainSpan;
  new: ExplainSpan;
  /** One sentence on what is compared (said beside every result). */
  covers: string;
  /**
   * With --from and --to left out, when the last complete month cannot be compared with the month
   * before (not all of their days are in the store): why, and that month to date is compared instead.
   */
  fallback?: string;
  /** In a store without daily usage (a monthly CUR, fees only): what it holds, and that only whole monthly bills compare. */
  wholeBills?: string;
}

/**
 * Resolves `--from` and `--to`: `--to` defaults to the last complete month up to the data
 * horizon (month to date when none is complete), `--from` to the span just before `--to` with
 * as many days. With both left out and the month before not wholly in the store, month to date
 * against the same days of the month before is compared instead (said in `fallback`); when that
 * is not in the store either, a usage error says why and gives spans that are. Two months compare
 * their full bills even when their lengths differ (said in `covers`); day spans must have the
 * same number of days; months and days do not mix; every day of both spans must be in the store.
 * A store without daily usage (`data.wholeBillsOnly`: a monthly CUR, fees only) compares whole
 * months only, its last complete bill against the month before by default (said in `wholeBills`).
 * `latest`: whose data the defaults follow, after where it ends (source-horizon.ts; empty in a store of one delivery);
 * `sources`: the store's deliveries, a month whose bill a delivery of fees only has not invoiced yet
 * being no complete month (default-period.ts, lastCompleteMonthOf).
 */
export function resolveSpans(fromText: string | undefined, toText: string | undefined, data: BillingDaySpan, store: StoreDays, sources: SourceSpans, latest = ''): ExplainSpans {
  if (fromText === undefined && toText === undefined) return data.wholeBillsOnly ? defaultBills(data, store, sources) : defaultSpans(data, store, latest, sources);
  const newSpan = toText === undefined ? defaultTo(data, sources) : parseSpan('to', toText, data);
  const oldSpan = fromText === undefined ? previousSpan(newSpan, data) : parseSpan('from', fromText, data);
  for (const [flag, text, span] of [['to', toText, newSpan], ['from', fromText, oldSpan]] as const) {
    if (data.wholeBillsOnly && span.kind === 'days') throw daysWithoutDailyUsage(flag, text ?? rangeText(span), data);
  }
  if (oldSpan.kind !== newSpan.kind) {
    throw new CostlensError('usage', `--from ${describe(oldSpan)} and --to ${describe(newSpan)} differ in kind: compare a month with a month, or days with as many days`, {
      hint: newSpan.kind === 'days' ? `give --from ${rangeText(previousSpan(newSpan, data))}, ${spanBeforeWhat(newSpan, data)}` : `give --from ${addMonths(newSpan.first, -1).slice(0, 7)}, or day ranges for both`,
    });
  }
  if (oldSpan.kind === 'days' && oldSpan.days !== newSpan.days) {
    throw new CostlensError('usage', `--from ${daySpan(oldSpan.first, oldSpan.last)} covers ${plural(oldSpan.days, 'day')} and --to ${daySpan(newSpan.first, newSpan.last)} covers ${newSpan.days}: explain compares spans of equal length`, {
      hint: equalFromHint(oldSpan, newSpan, data),
    });
  }
  if (oldSpan.last >= newSpan.first) {
    throw new CostlensError('usage', `--from ${oldSpan.label} must end before --to ${newSpan.label} starts`, {
      hint: `--from is the earlier span (the baseline), --to the later one: e.g. --from ${describe(previousSpan(newSpan, data))}, ${spanBeforeWhat(newSpan, data)}`,
    });
  }
  checkInData(fromText === undefined ? `--from left out: the span before --to, ${oldSpan.label},` : `--from ${oldSpan.label}`, oldSpan, data, store, sources);
  checkInData(toText === undefined ? `--to left out: ${newSpan.kind === 'month' ? 'the last complete month' : 'month to date'}, ${newSpan.label},` : `--to ${newSpan.label}`, newSpan, data, store, sources);
  return compared(oldSpan, newSpan, data);
}

function compared(oldSpan: ExplainSpan, newSpan: ExplainSpan, data: BillingDaySpan): ExplainSpans {
  const lengths = oldSpan.days === newSpan.days ? `${plural(newSpan.days, 'day')} each` : `the full bills of ${oldSpan.days} and ${newSpan.days} days`;
  const bills = data.wholeBillsOnly;
  if (!bills) return { old: oldSpan, new: newSpan, covers: `${oldSpan.label} → ${newSpan.label}: ${lengths}, data through ${shortDay(data.lastDay, true)}` };
  return {
    old: oldSpan, new: newSpan, covers: `${oldSpan.label} → ${newSpan.label}: ${lengths}, complete bills through ${monthLabel(data.lastDay)}`,
    wholeBills: wholeBillsNote(bills),
  };
}

/** A span of days (or month to date) in a store without daily usage: refused, with the months that compare. */
function daysWithoutDailyUsage(flag: string, text: string, data: BillingDaySpan): CostlensError {
  const bills = data.wholeBillsOnly!;
  return new CostlensError('usage', `--${flag} ${text} is a span of days, but the store holds no daily usage: ${bills.reason}, so only whole monthly bills compare`, {
    hint: `${monthsHint(data)}; for spans of days, ingest ${bills.kind === 'monthly' ? 'the CUR re-exported at daily or hourly time granularity' : 'the usage (a CUR at daily or hourly time granularity)'}`,
  });
}

/** `compare two months: --from 2018-10 --to 2018-11[, more]` (the last two complete bills), or the bill to ingest for it. */
function monthsHint(data: BillingDaySpan, more?: string): string {
  const complete = data.wholeBillsOnly!.periods.filter((p) => `${p}-01` <= data.lastDay);
  if (complete.length >= 2) return `compare two months: --from ${complete.at(-2)} --to ${complete.at(-1)}${more ? `, ${more}` : ''}`;
  return complete.length === 0 ? 'ingest the bill again once it is invoiced, and the bill of another month' : `the store holds one complete bill, ${complete[0]}: ingest the bill of the month before or after it`;
}

/**
 * Both spans left out in a store without daily usage: its last complete bill against the month
 * before; refused, saying why, when the store does not hold both.
 */
function defaultBills(data: BillingDaySpan, store: StoreDays, sources: SourceSpans): ExplainSpans {
  const month = defaultTo(data, sources);
  const old = previousSpan(month, data);
  const why = notInStore(old, store) ?? notInStore(month, store);
  if (why === null) return compared(old, month, data);
  const incomplete = data.wholeBillsOnly!.incomplete;
  const last = incomplete ? `, the last complete bill (${incomplete.why}),` : '';
  throw new CostlensError('usage', `--from and --to left out: ${month.label}${last} cannot be compared with the month before, as ${why}; the store holds no daily usage: ${data.wholeBillsOnly!.reason}, so only whole monthly bills compare`, {
    hint: monthsHint(data, 'or ingest the missing billing files'),
  });
}

/**
 * The last month wholly up to the data horizon that no delivery of fees only keeps open (`sources`:
 * lastCompleteMonthOf), or undefined when the data holds none.
 */
function lastCompleteMonth(data: BillingDaySpan, sources: SourceSpans): ExplainSpan | undefined {
  const { month } = lastCompleteMonthOf(data.lastDay, sources);
  return monthEnd(`${month}-01`) >= data.firstDay ? monthSpan(month) : undefined;
}

/** The last complete month, else month to date; in a store without daily usage, refused when it holds no complete bill. */
function defaultTo(data: BillingDaySpan, sources: SourceSpans): ExplainSpan {
  const month = lastCompleteMonth(data, sources);
  const bills = data.wholeBillsOnly;
  if (month || !bills) return month ?? parseSpan('to', 'mtd', data);
  throw new CostlensError('usage', `--to left out: the store holds no complete monthly bill to compare, as ${bills.incomplete?.why ?? 'it holds none'}; the store holds no daily usage: ${bills.reason}, so only whole monthly bills compare`, {
    hint: monthsHint(data),
  });
}

/**
 * Both spans left out: the last complete month against the month before, else (none complete,
 * or not all of the two months' days in the store) month to date against the same days of the
 * month before (as many days just before the month when it is shorter); refused when the store
 * holds neither comparison. Month to date is said by its days and where the data ends
 * (`1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon)`), never "to date": that month may be long over.
 */
function defaultSpans(data: BillingDaySpan, store: StoreDays, latest: string, sources: SourceSpans): ExplainSpans {
  const month = lastCompleteMonth(data, sources);
  const mtd = parseSpan('to', 'mtd', data);
  const mtdBefore = previousSpan(mtd, data);
  const ends = `(${dataEndsOn(data, mtd.first.slice(0, 7), 'in the store')}${latest})`;
  const lastMonth = 'the last complete month against the month before';
  const against = monthToDateAgainst(mtd, mtdBefore);
  // A candidate is named by its days where its spans are said beside it (named), by the days themselves elsewhere (what).
  const candidates = [
    ...(month ? [{ old: previousSpan(month, data), new: month, what: lastMonth, named: lastMonth }] : []),
    { old: mtdBefore, new: mtd, what: `${daySpan(mtd.first, mtd.last)} ${ends} ${against}`, named: `the latest month's ${pluralNoun(mtd.days, 'day')} ${ends} ${against}` },
  ];
  const refused: Refusal[] = [];
  for (const c of candidates) {
    const refusal = refusalOf(c, store);
    if (refusal === null) {
      const spans = compared(c.old, c.new, data);
      return refused.length === 0 ? spans : { ...spans, fallback: `--from and --to left out: ${month!.label} cannot be compared with the month before, as ${daysNotInStoreSentence(refused[0].missing)}; compared instead: ${c.what}` };
    }
    refused.push(refusal);
  }
  // A store with gaps: the hint names the runs it holds, each span given must lie in them (not one range across a gap, which is refused).
  const runs = daysHeldOf(data.firstDay, data.lastDay, store).runs;
  const days = runs.length > 1 ? `days the store holds (${runs.map((r) => `${r.first} to ${r.last}`).join(', ')})` : `days from ${data.firstDay} to ${data.lastDay}`;
  throw noDefaultComparison(candidates, refused, `give --from and --to: ${days}${halvesExample(data, store)}, or ingest the missing billing files`);
}

/**
 * What month to date (`mtd`) is compared with, its days counted: `against the same days of the month
 * before`, or, the month before being shorter, `against as many days just before them` (`the same day
 * of the month before`, `the day just before it`, of one day).
 */
function monthToDateAgainst(mtd: ExplainSpan, before: ExplainSpan): string {
  return before.first === addMonths(mtd.first, -1) ? `against the same ${pluralNoun(mtd.days, 'day')} of the month before`
    : `against ${pluralNoun(mtd.days, 'the day', 'as many days')} just before ${pluralNoun(mtd.days, 'it', 'them')}`;
}

/** `1–14 Oct 2018 are not in the store (the store's billing data begins on 15 Oct 2018)`, or null when every day of the span is. */
function notInStore(span: ExplainSpan, store: StoreDays): string | null {
  const missing = daysNotInStore(span.first, addDays(span.last, 1), store);
  return missing ? daysNotInStoreSentence(missing) : null;
}

/** The hint of a month refused as not invoiced yet (a bill of a delivery of fees only without an InvoiceId), here and in source-horizon.ts. */
export const NOT_INVOICED_HINT = 'compare months their own data completes (costlens status marks the others incomplete or not yet invoiced), or ingest the bill again once it is invoiced';

/**
 * Refuses a span not wholly in the data: past the data horizon (in a store without daily usage,
 * after its last complete bill), starting before the store's first day, or with days in a gap
 * between billing periods or missing inside one. A month compares its full bill, so all of its
 * days must be in the store, as a day span's must. `who` names the flag and the span. A month past
 * the data horizon whose bill a delivery of fees only has not invoiced yet (`sources`, notInvoicedIn)
 * is refused in invoice's words (`--from Dec 2023 (full bill, 31 days) is not complete: 2023-12 is the
 * latest bill of aws/444455556666 and not invoiced yet, …`), as explain refuses it inside the horizon
 * (source-horizon.ts), never "runs past the data horizon".
 */
function checkInData(who: string, span: ExplainSpan, data: BillingDaySpan, store: StoreDays, sources: SourceSpans): void {
  const bills = data.wholeBillsOnly;
  if (bills && span.last > data.lastDay) {
    const notInvoiced = notInvoicedRefusal(who, bills, span.first.slice(0, 7));
    throw new CostlensError('usage', notInvoiced ?? `${who} is after the complete bills in the store (through ${monthLabel(data.lastDay)})`, { hint: monthsHint(data) });
  }
  const month = span.first.slice(0, 7);
  const open = span.kind === 'month' && span.last > data.lastDay ? notInvoicedWords(sources, month) : [];
  if (open.length > 0) throw new CostlensError('usage', notCompleteSentence(who, open), { hint: NOT_INVOICED_HINT });
  if (span.last > data.lastDay) {
    throw new CostlensError('usage', `${who} runs past the data horizon ${shortDay(data.lastDay, true)} (the last complete day in the store)`, {
      hint: span.kind === 'month' ? 'compare complete months, or month to date: --to mtd (and --from left out for the same days of the month before)' : `end the span on or before ${data.lastDay}`,
    });
  }
  const missing = daysNotInStore(span.first, addDays(span.last, 1), store);
  const wholeBill = span.kind === 'month' && missing && !missing.all ? 'a month compares its full bill, so all of its days must be in the store: ' : '';
  if (span.first < data.firstDay) {
    throw new CostlensError('usage', `${who} starts before the billing data in the store (from ${data.firstDay})${missing && !missing.all ? `: ${daysNotInStoreAre(missing)} not in it` : ''}`, {
      hint: bills ? monthsHint(data, 'or ingest the earlier billing files') : `${wholeBill}pick days from ${data.firstDay} to ${data.lastDay}${halvesExample(data, store)}, or ingest the earlier billing files`,
    });
  }
  if (missing) {
    const what = missing.all ? `not in the store: ${missing.why}` : `not wholly in the store: ${daysNotInStoreAre(missing)} missing (${missing.why})`;
    throw new CostlensError('usage', `${who} is ${what}`, {
      hint: `${wholeBill}compare spans the store holds on both sides (costlens status lists each billing period and its days), or ingest the missing billing files`,
    });
  }
}

/**
 * ` (e.g. the last N days against the N before them: --from … --to …)`, two halves of the store's
 * last run of days without a gap up to the data horizon, when it holds two days or more.
 */
function halvesExample(data: BillingDaySpan, store: StoreDays): string {
  const runStart = store.gaps.filter((g) => g.last < data.lastDay).reduce((start, g) => (addDays(g.last, 1) > start ? addDays(g.last, 1) : start), data.firstDay);
  const half = Math.floor((daysBetween(runStart, data.lastDay) + 1) / 2);
  if (half < 1) return '';
  const toFirst = addDays(data.lastDay, -(half - 1));
  const [from, to] = [daysSpan(addDays(toFirst, -half), addDays(toFirst, -1)), daysSpan(toFirst, data.lastDay)];
  const days = half === 1 ? 'the last day against the day before' : `the last ${half} days against the ${half} before them`;
  return ` (e.g. ${days}: --from ${rangeText(from)} --to ${rangeText(to)})`;
}

/**
 * A `--from` as long as `--to` that ends before it starts: the given `--from`'s first day with
 * `--to`'s length when that still ends before `--to`, else the span just before `--to` (what
 * `--from` left out compares).
 */
function equalFromHint(oldSpan: ExplainSpan, newSpan: ExplainSpan, data: BillingDaySpan): string {
  const sameStart = daysSpan(oldSpan.first, addDays(oldSpan.first, newSpan.days - 1));
  const before = previousSpan(newSpan, data);
  if (sameStart.last < newSpan.first && sameStart.first !== before.first) {
    return `give --from ${rangeText(sameStart)}, or leave --from out for ${spanBeforeWhat(newSpan, data)}`;
  }
  return `give --from ${rangeText(before)}, ${spanBeforeWhat(newSpan, data)} (what --from left out compares)`;
}

/** What {@link previousSpan} of `--to` is: `the 8 days before --to`, `the same days of the month before --to` (month to date), `the month before --to`. */
function spanBeforeWhat(newSpan: ExplainSpan, data: BillingDaySpan): string {
  if (newSpan.kind === 'month') return 'the month before --to';
  if (previousSpan(newSpan, data).last !== addDays(newSpan.first, -1)) return 'the same days of the month before --to';
  return newSpan.days === 1 ? 'the day before --to' : `the ${newSpan.days} days before --to`;
}

function describe(span: ExplainSpan): string {
  return span.kind === 'month' ? span.first.slice(0, 7) : rangeText(span);
}

function rangeText(span: ExplainSpan): string {
  return span.first === span.last ? span.first : `${span.first}..${span.last}`;
}
