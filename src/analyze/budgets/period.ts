/**
 * The periods budgets run over — a month `2026-11`, a quarter `2026-Q4`, a year `2026` — as
 * inclusive day spans; `--period` is read by the selection parser and named here as a budget period.
 */
import { addDays, addMonths, calendarPeriod, daysBetween, monthEnd, type PeriodForm } from '../../lib/calendar.ts';
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

const MONTHS: Record<BudgetPeriodKind, number> = { monthly: 1, quarterly: 3, annual: 12 };

function labelOf(kind: BudgetPeriodKind, first: string): string {
  if (kind === 'monthly') return first.slice(0, 7);
  if (kind === 'annual') return first.slice(0, 4);
  return `${first.slice(0, 4)}-Q${Math.floor((Number(first.slice(5, 7)) - 1) / 3) + 1}`;
}

function periodFrom(kind: BudgetPeriodKind, first: string): BudgetPeriod {
  const last = monthEnd(addMonths(first, MONTHS[kind] - 1));
  return { kind, label: labelOf(kind, first), first, last, days: daysBetween(first, last) + 1 };
}

/** The period of `kind` that holds `day`. */
export function periodContaining(kind: BudgetPeriodKind, day: string): BudgetPeriod {
  const month = Number(day.slice(5, 7));
  const firstMonth = kind === 'monthly' ? month : kind === 'quarterly' ? Math.floor((month - 1) / 3) * 3 + 1 : 1;
  return periodFrom(kind, `${day.slice(0, 4)}-${String(firstMonth).padStart(2, '0')}-01`);
}

/** The period before `period`, of the same kind. */
export function previousPeriod(period: BudgetPeriod): BudgetPeriod {
  return periodFrom(period.kind, addMonths(period.first, -MONTHS[period.kind]));
}

/** The days of the previous period matching the first `days` days of `period` (cut at its end). */
export function sameDaysBefore(period: BudgetPeriod, days: number): { first: string; last: string } {
  const before = previousPeriod(period);
  const last = addDays(before.first, days - 1);
  return { first: before.first, last: last > before.last ? before.last : last };
}

const KIND_OF_FORM: Record<PeriodForm, BudgetPeriodKind> = { month: 'monthly', quarter: 'quarterly', year: 'annual' };

/** The forms `budgets --period` takes, read by the selection parser (src/analyze/selection.ts). */
export const BUDGET_PERIOD_FORMS: readonly PeriodForm[] = ['month', 'quarter', 'year'];

/** The budget period a selected period label names (`2026-11`, `2026-Q4`, `2026`). */
export function budgetPeriodOf(label: string): BudgetPeriod {
  const period = calendarPeriod(label, BUDGET_PERIOD_FORMS);
  if (period === undefined) throw new RangeError(`not a budget period: ${label}`);
  return periodFrom(KIND_OF_FORM[period.form], period.first);
}
