/**
 * The periods budgets run over — a month `2026-11`, a quarter `2026-Q4`, a year `2026` — as
 * inclusive day spans, and `--period` parsed into the day budgets are measured as of.
 */
import { CostlensError } from '../../errors.ts';
import { addDays, addMonths, daysBetween, monthEnd } from '../../lib/calendar.ts';
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

/** Parses `--period YYYY-MM | YYYY-Qn | YYYY`; the error names the flag and the forms. */
export function parsePeriodFlag(text: string): BudgetPeriod {
  const value = text.trim();
  let match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (match) return periodFrom('monthly', `${value}-01`);
  match = /^(\d{4})-Q([1-4])$/i.exec(value);
  if (match) return periodFrom('quarterly', `${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}-01`);
  if (/^\d{4}$/.test(value)) return periodFrom('annual', `${value}-01-01`);
  throw new CostlensError('usage', `--period must be a month YYYY-MM, a quarter YYYY-Qn or a year YYYY; got "${text}"`, {
    hint: 'e.g. --period 2026-11, --period 2026-Q4 or --period 2026; each budget is measured over its own period (month, quarter, year) holding the last day of it',
  });
}
