/**
 * The periods budgets run over — a month `2026-11`, a quarter `2026-Q4`, a year `2026` — as
 * inclusive day spans; `--period` is read by the selection parser and named here as a budget period.
 */
import { addDays, calendarPeriod, calendarPeriodContaining, daysBetween, theDaysBefore, type CalendarPeriod, type PeriodForm } from '../../lib/calendar.ts';
import type { BudgetPeriodKind } from './config.ts';
import { andList } from '../../lib/text.ts';

/** One period of a budget: its label and its days, both ends included. */
export interface BudgetPeriod {
  kind: BudgetPeriodKind;
  /** `2026-11`, `2026-Q4`, `2026`. */
  label: string;
  first: string;
  last: string;
  days: number;
}

const FORM_OF_KIND: Record<BudgetPeriodKind, PeriodForm> = { monthly: 'month', quarterly: 'quarter', annual: 'year' };
const KIND_OF_FORM = Object.fromEntries(Object.entries(FORM_OF_KIND).map(([kind, form]) => [form, kind])) as Record<PeriodForm, BudgetPeriodKind>;

function budgetPeriod(kind: BudgetPeriodKind, period: CalendarPeriod): BudgetPeriod {
  return { kind, label: period.label, first: period.first, last: addDays(period.end, -1), days: daysBetween(period.first, period.end) };
}

/** The period of `kind` that holds `day`. */
export function periodContaining(kind: BudgetPeriodKind, day: string): BudgetPeriod {
  return budgetPeriod(kind, calendarPeriodContaining(FORM_OF_KIND[kind], day));
}

/** The period before `period`, of the same kind. */
export function previousPeriod(period: BudgetPeriod): BudgetPeriod {
  return periodContaining(period.kind, addDays(period.first, -1));
}

/**
 * The days `period`'s first `days` days are compared with: the same days of the previous period;
 * or, when the previous period is shorter than that (31 October against September's 30, the 91st
 * day of a second quarter against a first of 90), as many days just before `period`, so the two
 * spans are always of equal length (as the Overview's month to date takes them).
 */
export function sameDaysBefore(period: BudgetPeriod, days: number): { first: string; last: string } {
  const before = previousPeriod(period);
  const last = addDays(before.first, days - 1);
  return last <= before.last ? { first: before.first, last } : { first: addDays(period.first, -days), last: addDays(period.first, -1) };
}

/** How `sameDaysBefore`'s days are named: `the same days of the period before`, or `the 31 days before` when they are not. */
export function comparedDaysName(period: BudgetPeriod, previous: { first: string; last: string }): string {
  return previous.first === previousPeriod(period).first ? 'the same days of the period before' : theDaysBefore(previous.first, addDays(previous.last, 1));
}

/** The forms `budgets --period` takes, read by the selection parser (src/analyze/selection.ts). */
export const BUDGET_PERIOD_FORMS: readonly PeriodForm[] = ['month', 'quarter', 'year'];

/** The budget period a selected period label names (`2026-11`, `2026-Q4`, `2026`). */
export function budgetPeriodOf(label: string): BudgetPeriod {
  const period = calendarPeriod(label, BUDGET_PERIOD_FORMS);
  if (period === undefined) throw new RangeError(`not a budget period: ${label}`);
  return budgetPeriod(KIND_OF_FORM[period.form], period);
}

/**
 * What `budgets --period` measures when a budget's own period is not the one given: each budget is
 * measured over its own period holding the as-of day (README, "Budgets"), so under `--period 2018-Q4`
 * a monthly budget measures the month of as-of, not the quarter. Null when every budget's period is
 * the one given; else `not 2018-Q4 as a whole: each budget is measured over its own period that holds
 * 30 Nov 2018, up to that day: all and ec2 (monthly) over 2018-11` (`asOfDay`: as-of as the headline writes it),
 * the budgets named in config order, grouped by the period they measure.
 */
export function measuredPeriodsWords(requested: BudgetPeriod, asOfDay: string, statuses: readonly { budget: { name: string }; period: BudgetPeriod }[]): string | null {
  const others = statuses.filter((s) => s.period.label !== requested.label);
  if (others.length === 0) return null;
  const byPeriod = new Map<string, { kind: BudgetPeriodKind; names: string[] }>();
  for (const s of others) {
    const group = byPeriod.get(s.period.label) ?? { kind: s.period.kind, names: [] };
    group.names.push(s.budget.name);
    byPeriod.set(s.period.label, group);
  }
  const groups = [...byPeriod].map(([label, g]) => `${andList(g.names)} (${g.kind}) over ${label}`);
  return `not ${requested.label} as a whole: each budget is measured over its own period that holds ${asOfDay}, up to that day: ${groups.join('; ')}`;
}

