/**
 * What a user selects by time, read by one set of rules wherever it comes from: CLI flags
 * (`--period`, `--from`, `--to`) or URL filters (`period`, `start`, `end`). A selection is a billing
 * period, a half-open range of charge days, or nothing given (the default period, which follows the
 * data: `defaultPeriod` in default-period.ts). Every check and every message lives here, and each
 * error names the field as the user wrote it.
 */
import { CostlensError, type CostlensErrorOptions } from '../errors.ts';
import { calendarPeriod, daysBetween, isIsoDay, type PeriodForm } from '../lib/calendar.ts';
import type { AttributionRange } from './attribution/index.ts';

/** How a surface names the three inputs, and the hints it shows beside a malformed value. */
export interface SelectionVocabulary {
  period: string;
  from: string;
  to: string;
  /** Hints for a malformed period or day, where the surface shows hints (forms show the message alone). */
  hints?: { period: string; day: (name: string) => string };
}

/** The CLI's flags. */
export const CLI_SELECTION: SelectionVocabulary = {
  period: '--period',
  from: '--from',
  to: '--to',
  hints: {
    period: 'a billing period is a year and a month 01 to 12, e.g. --period 2026-10; `costlens status` lists the periods in the store',
    day: (name) => `a calendar day, e.g. ${name} 2026-10-01`,
  },
};

/** The server's URL filters (the Attribution page, Explore, the resource view, Commitments). */
export const URL_SELECTION: SelectionVocabulary = { period: 'period', from: 'start', to: 'end' };

/** The raw values as given; undefined is absent (a form's empty value is the caller's to map to undefined). */
export interface SelectionValues {
  period?: string;
  from?: string;
  to?: string;
}

/** What a caller asks of a selection beyond the common rules. */
export interface SelectionRules {
  /** Who asks, put before the "not both" message, e.g. `attribute`. */
  subject?: string;
  /** A range needs both ends (URL filters); otherwise either end may stay open. */
  bothEnds?: boolean;
  /** The longest range accepted, in days. */
  maxDays?: number;
  /** How a period may be written (default: a month `YYYY-MM` only; budgets also take `YYYY-Qn` and `YYYY`). */
  periodForms?: readonly PeriodForm[];
}

/** A billing period `YYYY-MM` (or, where the caller allows them, a quarter `YYYY-Qn` or year `YYYY` of them): its line items by BillingPeriodStart. */
export interface PeriodSelection {
  kind: 'period';
  period: string;
}

/** Charge days from `from` (inclusive) to `to` (exclusive), by ChargePeriodStart; an absent end is open. */
export interface DaysSelection {
  kind: 'days';
  from?: string;
  to?: string;
}

/** Nothing given: the default period, read from the data by the caller. */
export interface DefaultSelection {
  kind: 'default';
}

/** A selection as parsed. */
export type Selection = PeriodSelection | DaysSelection | DefaultSelection;

/** A selection with the default decided. */
export type DefiniteSelection = PeriodSelection | DaysSelection;

/** A range of charge days: `start` inclusive, `end` exclusive (both YYYY-MM-DD). */
export interface DayRange {
  start: string;
  end: string;
}

/** A usage error about one input of a selection, named as the user wrote it (`--to`, `end`). */
export class SelectionError extends CostlensError {
  constructor(
    /** The input at fault, in the caller's vocabulary. */
    readonly field: string,
    message: string,
    options: CostlensErrorOptions = {},
  ) {
    super('usage', message, options);
  }
}

/**
 * Reads a selection: not both a period and a range; a period `YYYY-MM` with a month 01–12 (or
 * the other forms `rules.periodForms` allows, read by calendarPeriod); real
 * calendar days `YYYY-MM-DD`; both ends when `rules.bothEnds`; `from` before `to`; at most
 * `rules.maxDays` days. Throws a SelectionError naming the field in `names`' vocabulary.
 */
export function parseSelection(values: SelectionValues, names: SelectionVocabulary, rules: SelectionRules = {}): Selection {
  const { period, from, to } = values;
  if (period !== undefined && (from !== undefined || to !== undefined)) {
    throw new SelectionError(names.period, `${rules.subject ? `${rules.subject}: ` : ''}give ${names.period} or ${names.from}/${names.to}, not both`);
  }
  if (period !== undefined) return { kind: 'period', period: checkedPeriod(period, names, rules.periodForms) };
  if (from === undefined && to === undefined) return { kind: 'default' };
  const days: DaysSelection = {
    kind: 'days',
    from: from === undefined ? undefined : checkedDay(names.from, from, names),
    to: to === undefined ? undefined : checkedDay(names.to, to, names),
  };
  if (rules.bothEnds && (days.from === undefined || days.to === undefined)) {
    throw new SelectionError(days.from === undefined ? names.from : names.to, `a date range needs both ${names.from} and ${names.to} (${names.to} exclusive)`);
  }
  if (days.from !== undefined && days.to !== undefined) checkDayOrder(days.from, days.to, names, rules.maxDays);
  return days;
}

/** The query bounds: a period's by BillingPeriodStart, a range's by ChargePeriodStart (an open end stays open). */
export function selectionRange(selection: DefiniteSelection): AttributionRange {
  if (selection.kind === 'period') {
    const { start, end } = periodDays(selection.period);
    return { billingFrom: start, billingTo: end };
  }
  return { chargeFrom: selection.from, chargeTo: selection.to };
}

/** The charge days covered: a period's, or the range's; undefined for a range with an open end. */
export function selectionDays(selection: DefiniteSelection): DayRange | undefined {
  if (selection.kind === 'period') return periodDays(selection.period);
  return selection.from !== undefined && selection.to !== undefined ? { start: selection.from, end: selection.to } : undefined;
}

/** How output names a selection: `YYYY-MM` for a period, `FROM/TO` for a range (`…` for an open end). */
export function selectionLabel(selection: DefiniteSelection): string {
  if (selection.kind === 'period') return selection.period;
  return `${selection.from ?? '…'}/${selection.to ?? '…'}`;
}

const ALL_FORMS: readonly PeriodForm[] = ['month', 'quarter', 'year'];

/** A period's days: its first day to the next period's first day. */
function periodDays(period: string): DayRange {
  const { first, end } = calendarPeriod(period, ALL_FORMS)!;
  return { start: first, end };
}

const FORM_WORDS: Record<PeriodForm, string> = { month: 'a month YYYY-MM', quarter: 'a quarter YYYY-Qn', year: 'a year YYYY' };

/** The period as its canonical label (`2026-q4` → `2026-Q4`), or the error naming the forms allowed. */
function checkedPeriod(value: string, names: SelectionVocabulary, forms: readonly PeriodForm[] = ['month']): string {
  const period = calendarPeriod(value, forms);
  if (period === undefined) {
    const words = forms.map((f) => FORM_WORDS[f]);
    const expected = forms.length === 1 && forms[0] === 'month' ? 'YYYY-MM' : `${words.slice(0, -1).join(', ')}${words.length > 1 ? ' or ' : ''}${words.at(-1)}`;
    throw new SelectionError(names.period, `${names.period} must be ${expected}; got "${clip(value)}"`, { hint: names.hints?.period });
  }
  return period.label;
}

function checkedDay(name: string, value: string, names: SelectionVocabulary): string {
  return parseDayField(name, value, names.hints?.day(name));
}

/** A real calendar day `YYYY-MM-DD` given in the field `name` (`--as-of`, `end`), or the SelectionError naming it. */
export function parseDayField(name: string, value: string, hint?: string): string {
  if (!isIsoDay(value)) throw new SelectionError(name, `${name} must be a date YYYY-MM-DD; got "${clip(value)}"`, { hint });
  return value;
}

function checkDayOrder(from: string, to: string, names: SelectionVocabulary, maxDays: number | undefined): void {
  if (from >= to) throw new SelectionError(names.to, `${names.from} (${from}) must be before ${names.to} (${to}); ${names.to} is exclusive`);
  const days = daysBetween(from, to);
  if (maxDays !== undefined && days > maxDays) throw new SelectionError(names.from, `the range is ${days} days; at most ${maxDays} are shown`);
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}
