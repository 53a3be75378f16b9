/**
 * The report's weeks: `--week YYYY-Www` read with its errors, the days a report covers, and the
 * default week — the last complete one on or before the latest billing day. ISO 8601 weeks
 * themselves (Monday to Sunday, UTC days) are src/lib/calendar.ts's.
 */
import { addDays, daySpan, daysBetween, earlierDay, isoWeek, laterDay, onDaySpan, shortDay, weekOf, type IsoWeek } from '../lib/calendar.ts';
import { CostlensError } from '../errors.ts';
import { daysHeldOf, type StoreDays } from '../lib/store-days.ts';
import { andList } from '../lib/text.ts';
import { linesAfterHorizon } from '../analyze/billing-calendar.ts';

export { weekOf, type IsoWeek } from '../lib/calendar.ts';

/**
 * The last day a report on `week` covers: the week's Sunday, or the last billing day the store
 * holds when the data ends earlier.
 */
export function lastReportedDay(week: IsoWeek, span: { lastDay: string }): string {
  return earlierDay(week.last, span.lastDay);
}

/** Parses `YYYY-Www` (e.g. `2026-W45`); a week the year does not have is a usage error. */
export function parseIsoWeek(text: string): IsoWeek {
  const match = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!match) throw new CostlensError('usage', `--week must be an ISO week YYYY-Www (e.g. 2026-W45); got "${text}"`);
  const [year, number] = [Number(match[1]), Number(match[2])];
  const week = isoWeek(text);
  if (week === undefined) {
    throw new CostlensError('usage', `--week ${text}: ${year} has no ISO week ${number}`, { hint: `ISO years have 52 or 53 weeks; ${weekOf(`${year}-12-28`).label} is ${year}'s last` });
  }
  return week;
}

/** The week `n` weeks after `week` (before, for negative n). */
export function shiftWeek(week: IsoWeek, n: number): IsoWeek {
  return weekOf(addDays(week.start, 7 * n));
}

/** The last ISO week whose Sunday is on or before `lastBillingDay` (a week with data on every day, if the data has no gaps). */
export function lastCompleteWeek(lastBillingDay: string): IsoWeek {
  const current = weekOf(lastBillingDay);
  return current.last === lastBillingDay ? current : shiftWeek(current, -1);
}

/**
 * The week a report covers when none is given: the last complete ISO week of the billing data,
 * every one of its days from the first billing day to the last complete one (the data horizon).
 * A store that holds no such week (a few days, or a week begun after its Monday) is refused: a
 * weekly report compares a whole week with the one before, and the days it holds are not a week.
 * So is one whose last complete week lies wholly in a gap of the store (`store`: its data resumes
 * after the gap without reaching a Sunday yet), as a `--week` in a gap is ({@link refuseDefaultInGap}).
 */
export function defaultReportWeek(span: { firstDay: string; lastDay: string }, store: Pick<StoreDays, 'gaps'>): IsoWeek {
  const week = lastCompleteWeek(span.lastDay);
  if (week.start >= span.firstDay) {
    refuseDefaultInGap(week, span, store);
    return week;
  }
  const count = (first: string, last: string) => daysBetween(first, last) + 1;
  const days = count(span.firstDay, span.lastDay);
  const held = `${days === 1 ? '1 day' : `${days} days`}, ${daySpan(span.firstDay, span.lastDay)}`;
  // A week the store holds days of: the one whose Sunday the data reaches (it begins before the data), else the data's first.
  const reached = week.last >= span.firstDay;
  const first = weekOf(span.firstDay);
  const partial = reached ? week : first;
  const partialDays = count(laterDay(partial.start, span.firstDay), earlierDay(partial.last, span.lastDay));
  const next = first.start === span.firstDay ? first : shiftWeek(first, 1);
  const complete = reached
    ? `ingest the billing data of ${daySpan(week.start, addDays(span.firstDay, -1))} to complete ${week.label}`
    : `ingest billing data through Sunday ${shortDay(next.last, true)} to complete ${next.label}`;
  throw new CostlensError('usage', `no --week given, and the store holds no complete ISO week to report on: its billing data covers ${held}; a weekly report needs a complete week, Monday to Sunday`, {
    hint: `give --week ${partial.label} for a report on the ${partialDays === 1 ? 'day' : `${partialDays} days`} of it the store holds (not compared with the week before), or ${complete}`,
  });
}

/**
 * Refuses a week that holds no day of the billing data: one that ends before its first day or
 * begins after its last (a report on it would compare nothing and list $0.00 everywhere). The hint
 * names the weeks of each run of days held, a run inside one week by that week alone (`give a week
 * from 2018-W40 to 2018-W44 or 2018-W46`; one week in all, `give --week 2018-W45`), and the default
 * week when the store has one outside its gaps.
 */
export function checkWeekInData(week: IsoWeek, span: { firstDay: string; lastDay: string; lastChargeDay?: string }, store: Pick<StoreDays, 'gaps'> = { gaps: [] }): void {
  if (week.last >= span.firstDay && week.start <= span.lastDay) return;
  // Lines dated after the data horizon (a partial day) are counted too, in the words of status and commitments.
  const partly = linesAfterHorizon({ lastDay: span.lastDay, lastChargeDay: span.lastChargeDay ?? span.lastDay }, null, 'counted');
  const side = week.last < span.firstDay ? `ends before the billing data begins (${shortDay(span.firstDay, true)})` : `begins after the billing data ends (${shortDay(span.lastDay, true)}, its data horizon${partly})`;
  const last = lastCompleteWeek(span.lastDay);
  // The default week, offered only when the store holds one (defaultReportWeek), not in a gap (refuseDefaultInGap).
  const orDefault = last.start >= span.firstDay && !gapHolding(last, store) ? `, or leave --week out for the last complete week (${last.label})` : '';
  // The days held, around the gaps, and the weeks holding them: a week between two runs is in a gap (checkWeekNotInGap).
  const held = daysHeldOf(span.firstDay, span.lastDay, { firstDay: span.firstDay, gaps: store.gaps }).runs;
  // One week to give is given alone, as defaultReportWeek's hint gives it.
  const one = held.length === 1 && weekOf(held[0].first).label === weekOf(held[0].last).label;
  throw new CostlensError('usage', `--week ${week.label} (${weekSpan(week)}) ${side}: the store holds ${andList(held.map((run) => daySpan(run.first, run.last)))}`, {
    hint: `${one ? `give --week ${weekOf(held[0].first).label}` : `give a week from ${andList(held.map(runWeeks), 'or')}`}${orDefault}`,
  });
}

/** The weeks a run of days falls in: `2018-W40 to 2018-W44`, or one week alone, `2018-W46`. */
function runWeeks(run: { first: string; last: string }): string {
  const [first, last] = [weekOf(run.first).label, weekOf(run.last).label];
  return first === last ? first : `${first} to ${last}`;
}

/**
 * Refuses a week every day of which lies in one gap of the store (days between its deliveries' data that
 * no billing period covers: the 2018 CURs beside the legacy CUR of Nov 2023 leave 1 Dec 2018 – 31 Oct
 * 2023), naming the days the store holds on either side: a report on it would read $0.00 billed and
 * compare nothing. An input error (exit 4), as the forecast refuses a month in a gap.
 */
export function checkWeekNotInGap(week: IsoWeek, store: Pick<StoreDays, 'gaps'>): void {
  const gap = gapHolding(week, store);
  if (!gap) return;
  const [before, after] = [addDays(gap.first, -1), addDays(gap.last, 1)];
  throw new CostlensError('input', `--week ${week.label} (${weekSpan(week)}) ${inGapWords(gap)}`, {
    hint: `give a week up to ${weekOf(before).label} or from ${weekOf(after).label} (costlens status lists each billing period and its days)`,
  });
}

/**
 * Refuses the default week (`week`, the last complete one up to the data horizon) when every day of it lies in a gap
 * of the store, as {@link checkWeekNotInGap} refuses a `--week` there (exit 4), naming the runs of days the store holds
 * and their weeks: `no --week given, and the last complete week up to the data horizon (16 Nov 2018), 2018-W45
 * (5–11 Nov 2018), is in a gap of the store: …`, hint `the store holds 1–31 Oct 2018 (2018-W40 to 2018-W44) and
 * 14–16 Nov 2018 (2018-W46): give --week for one of their weeks, or ingest billing data through Sunday 18 Nov 2018
 * to complete 2018-W46` (the data after the gap lies in the week after it: else that week would be the default).
 */
function refuseDefaultInGap(week: IsoWeek, span: { firstDay: string; lastDay: string }, store: Pick<StoreDays, 'gaps'>): void {
  const gap = gapHolding(week, store);
  if (!gap) return;
  const held = daysHeldOf(span.firstDay, span.lastDay, { firstDay: span.firstDay, gaps: store.gaps }).runs;
  const next = shiftWeek(week, 1);
  throw new CostlensError('input', `no --week given, and the last complete week up to the data horizon (${shortDay(span.lastDay, true)}), ${week.label} (${weekSpan(week)}), ${inGapWords(gap)}`, {
    hint: `the store holds ${andList(held.map((run) => `${daySpan(run.first, run.last)} (${runWeeks(run)})`))}: give --week for one of their weeks, `
      + `or ingest billing data through Sunday ${shortDay(next.last, true)} to complete ${next.label}`,
  });
}

/** The gap of the store every day of `week` lies in, if any. */
function gapHolding(week: IsoWeek, store: Pick<StoreDays, 'gaps'>): { first: string; last: string } | undefined {
  return store.gaps.find((g) => g.first <= week.start && week.last <= g.last);
}

/** Why a week in `gap` is refused: `is in a gap of the store: its billing data runs to 30 Nov 2018 and resumes on 1 Nov 2023, none from 1 Dec 2018 to 31 Oct 2023, so the week has no day to report on`. */
function inGapWords(gap: { first: string; last: string }): string {
  const [before, after] = [addDays(gap.first, -1), addDays(gap.last, 1)];
  return `is in a gap of the store: its billing data runs to ${shortDay(before, true)} and resumes on ${shortDay(after, true)}, `
    + `none ${onDaySpan(gap.first, gap.last)}, so the week has no day to report on`;
}

/** `2–8 Nov 2026`, `28 Sep – 4 Oct 2026`, `29 Dec 2025 – 4 Jan 2026`. */
export function weekSpan(week: IsoWeek): string {
  return daySpan(week.start, week.last);
}
