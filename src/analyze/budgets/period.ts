/**
 * The periods budgets run over — a month `2026-11`, a quarter `2026-Q4`, a year `2026` — as
 * inclusive day spans; `--period` is read by the selection parser and named here as a budget period.
 */
import { addDays, calendarPeriod, calendarPeriodContaining, daysBetween, theDaysBefore, type CalendarPeriod, type PeriodForm } from '../../lib/calendar.ts';
import type { BudgetPeriodKind } from './config.ts';

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
