/**
 * The monthly bills of a budget period in a store without daily usage, in words: the months a span
 * holds, how a run of them is named (`Nov 2018`, `Oct – Dec 2018`, `the bills of Oct – Dec 2018`),
 * how each bill stands (complete, not complete yet, not in the store, after as-of) and why a bill
 * not counted is not.
 */
import { addMonths, daysInMonth, monthEnd, monthLabel, shortDay, type DayRun } from '../../lib/calendar.ts';
import { type DaysNotInStore } from '../../lib/store-days.ts';
import { completeBills, notCompleteSentence, openBillWhy, type WholeBillsOnly } from '../monthly-bills.ts';
import type { BudgetBill, BudgetBillState } from './status.ts';

/** A run of months (`YYYY-MM` or days of them) in words: `Nov 2018`, `Oct – Dec 2018`, `Nov 2018 – Feb 2019`. */
export function monthSpan(first: string, last: string): string {
  if (first.slice(0, 7) === last.slice(0, 7)) return monthLabel(first);
  if (first.slice(0, 4) === last.slice(0, 4)) return `${monthLabel(first).slice(0, 3)} – ${monthLabel(last)}`;
  return `${monthLabel(first)} – ${monthLabel(last)}`;
}

/** The bills of the months from `first` to `last` (days or months): `the bill of Nov 2018`, `the bills of Oct – Dec 2018`. */
export function billsOf(first: string, last: string): string {
  return first.slice(0, 7) === last.slice(0, 7) ? `the bill of ${monthLabel(first)}` : `the bills of ${monthSpan(first, last)}`;
}

/** Ascending months as runs of consecutive months. */
function monthRuns(months: readonly string[]): { first: string; last: string }[] {
  const runs: { first: string; last: string }[] = [];
  for (const month of months) {
    const run = runs.at(-1);
    if (run && addMonths(`${run.last}-01`, 1).slice(0, 7) === month) run.last = month;
    else runs.push({ first: month, last: month });
  }
  return runs;
}

/** Ascending months in words, as runs: `Dec 2018`, `Oct – Nov 2018`, `Jan – Sep 2018 and Dec 2018`. */
export function monthsText(months: readonly string[]): string {
  return monthRuns(months).map((r) => monthSpan(r.first, r.last)).join(' and ');
}

/** Months as the subject of a sentence, with its verb: `Dec 2018 is`, `Jan – Sep 2018 and Dec 2018 are`. */
export function monthsAre(months: readonly string[]): string {
  return `${monthsText(months)} ${months.length === 1 ? 'is' : 'are'}`;
}

/**
 * How the bill of `month` stands as of `asOf` in a store of whole bills: `not in the store`, `not
 * complete` (the latest bill, not invoiced yet), `after as-of` (complete, of a month after as-of's)
 * or `complete`.
 */
export function billState(month: string, asOf: string, bills: WholeBillsOnly): BudgetBillState {
  if (!bills.periods.includes(month)) return 'not in the store';
  if (!completeBills(bills).includes(month)) return 'not complete';
  return month > asOf.slice(0, 7) ? 'after as-of' : 'complete';
}

/** Why `months` (none of them held) are not in the store: where the store's bills begin and end, or the bills they fall between. */
function whyNotHeld(months: readonly string[], bills: WholeBillsOnly): string {
  const [first, latest] = [bills.periods[0], bills.periods.at(-1)!];
  const before = months.some((m) => m < first);
  const after = months.some((m) => m > latest);
  const ends = before && after ? `the store's bills run from ${monthLabel(first)} to ${monthLabel(latest)}`
    : before ? `the store's bills begin with ${monthLabel(first)}` : after ? `the store's bills end with ${monthLabel(latest)}` : '';
  const gaps = monthRuns(months.filter((m) => m > first && m < latest)).map((run) => {
    const [held, next] = [bills.periods.filter((p) => p < run.first).at(-1)!, bills.periods.find((p) => p > run.last)!];
    return `the store holds no bill between ${monthLabel(held)} and ${monthLabel(next)}`;
  });
  return [ends, ...gaps].filter(Boolean).join(' and ');
}

/**
 * The bills of `months` not in the store as days not in the store (each month whole), for the JSON's
 * `notInStore` and the drivers; null when the store holds every one. `all`: they are every month of
 * the period (`periodMonths`).
 */
export function billsNotInStore(months: readonly string[], periodMonths: number, bills: WholeBillsOnly): DaysNotInStore | null {
  if (months.length === 0) return null;
  const runs: DayRun[] = monthRuns(months).map((r) => ({ first: `${r.first}-01`, last: monthEnd(`${r.last}-01`) }));
  const inside = monthRuns(months.filter((m) => m > bills.periods[0] && m < bills.periods.at(-1)!));
  const before = months.some((m) => m < bills.periods[0]);
  return {
    runs, days: months.reduce((sum, m) => sum + daysInMonth(`${m}-01`), 0), all: months.length === periodMonths,
    dataBegins: before ? `${bills.periods[0]}-01` : null,
    gaps: inside.map((r) => ({ first: `${r.first}-01`, last: monthEnd(`${r.last}-01`) })),
    why: whyNotHeld(months, bills),
    where: inside.length ? 'not in the store' : before ? "before the store's billing data" : "after the store's billing data",
  };
}

/** The bills of a period that are not complete, as runs in month order of bills in the same state (complete bills between them left out). */
function runsNotComplete(periodBills: readonly BudgetBill[]): { state: BudgetBillState; months: string[] }[] {
  const runs: { state: BudgetBillState; months: string[] }[] = [];
  for (const bill of periodBills.filter((b) => b.state !== 'complete')) {
    const run = runs.at(-1);
    if (run?.state === bill.state) run.months.push(bill.period);
    else runs.push({ state: bill.state, months: [bill.period] });
  }
  return runs;
}

/**
 * Why a period is not judged, one clause per run of its bills not complete, in month order: `Nov
 * 2018 is after as-of (31 Oct 2018)`, `Nov 2018 is not complete: 2018-11 is the latest bill in the
 * store and not invoiced yet, …`, `Dec 2018 is not in the store: the store's bills end with Nov 2018`.
 */
export function billsNotCounted(periodBills: readonly BudgetBill[], bills: WholeBillsOnly, asOf: string): string[] {
  return runsNotComplete(periodBills).flatMap(({ state, months }) => {
    if (state === 'not in the store') return [`${monthsAre(months)} not in the store: ${whyNotHeld(months, bills)}`];
    if (state === 'not complete') return months.map((m) => notCompleteSentence(monthLabel(m), [openBillWhy(bills, m) ?? 'it is not invoiced yet']));
    return [`${monthsAre(months)} after as-of (${shortDay(asOf, true)})`];
  });
}

/** The same, briefly, for a table cell, in month order: `Nov 2018 after as-of; Dec 2018 not in the store`, `Nov 2018 not complete`. */
export function billsNotCountedBriefly(periodBills: readonly BudgetBill[]): string {
  return runsNotComplete(periodBills).map(({ state, months }) => `${monthsText(months)} ${state}`).join('; ');
}

/** The bill counted in a period's actual as it stands so far: the latest bill, not complete (not invoiced yet), up to as-of; else null. */
export function billSoFar(periodBills: readonly BudgetBill[]): string | null {
  return periodBills.find((b) => b.state === 'not complete' && b.actual !== null)?.period ?? null;
}
