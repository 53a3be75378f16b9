import type { SelectionWords } from '../../../analyze/attributed-days.ts';
import { billingPeriodsHeld } from '../../../analyze/billing-calendar.ts';
import { allocationTable, type AttributeOptions, type Attribution, type AttributionRange, COST_MEASURES, type CostMeasure } from '../../../analyze/attribution/index.ts';
import { type DefiniteSelection, selectionRange } from '../../../analyze/selection.ts';
import { addDays, addMonths, daySpan } from '../../../lib/calendar.ts';
import { formatCents } from '../../../lib/money.ts';
import type { QueryParam } from '../../../engine/queries.ts';
import { CostlensError } from '../../../errors.ts';
import type { AnalysisSource, Analyses } from '../../analysis-service.ts';
import { FilterReader, type Filters } from '../../filters.ts';
import { refuseDaysOutsideData } from '../../data-days.ts';
import { refuseRangeCutInsideMonth } from '../../whole-bills-days.ts';

/** The filters of the Attribution page, its CSV download and its charts. */
export const ATTRIBUTION_FILTERS = ['tag', 'period', 'start', 'end', 'cost'] as const;

/** AWS tag keys are at most 128 characters. */
export const MAX_TAG_KEY_LENGTH = 128;

/** How many billing periods the coverage trend shows, ending with the selection's last. */
export const COVERAGE_TREND_PERIODS = 12;

/** What the request asked for; absent filters stay undefined. */
export interface AttributionSelection {
  tag?: string;
  /** A billing period `YYYY-MM` (`costlens attribute --period`). */
  period?: string;
  /** A half-open range of charge days (`--from` / `--to`). */
  start?: string;
  end?: string;
  cost?: CostMeasure;
}

/** A selection with every filter decided: what `costlens attribute` would run. */
export interface ResolvedSelection {
  tag: string;
  cost: CostMeasure;
  period?: string;
  start?: string;
  end?: string;
}

/**
 * Reads the attribution filters strictly: `tag` (a tag key, as configured or raw), `period`
 * (YYYY-MM) or `start` + `end` (days, end exclusive) but not both, by the rules of
 * src/analyze/selection.ts, and `cost` (billed or effective).
 */
export function readAttributionSelection(query: Filters, where: string): AttributionSelection {
  const f = new FilterReader(query, where, ATTRIBUTION_FILTERS);
  const tag = f.text('tag', MAX_TAG_KEY_LENGTH);
  const range = f.selection({ bothEnds: true });
  const cost = f.choice('cost', COST_MEASURES);
  if (range.kind === 'period') return { tag, period: range.period, cost };
  if (range.kind === 'days') return { tag, start: range.from, end: range.to, cost };
  return { tag, cost };
}

/**
 * Decides what the CLI would: the tag is required, cost defaults to billed, and without a period
 * or range the latest billing period in the store is used.
 */
export async function resolveSelection(analyses: Analyses, selection: AttributionSelection): Promise<ResolvedSelection> {
  if (!selection.tag) throw new CostlensError('usage', 'give the tag key to attribute by: ?tag=KEY', { hint: 'e.g. ?tag=team&period=2026-10' });
  const resolved: ResolvedSelection = { tag: selection.tag, cost: selection.cost ?? 'billed' };
  await refuseSelectionOutsideData(analyses, selection);
  if (selection.start && selection.end) return { ...resolved, start: selection.start, end: selection.end };
  const period = selection.period ?? (await analyses.latestPeriod());
  if (!period) throw new CostlensError('not_found', 'the store holds no billing data', { hint: 'ingest billing files first: costlens ingest PATH' });
  return { ...resolved, period };
}

/**
 * Refuses a period or a range of days that holds no day of the store's billing data (a mistyped
 * year), as `costlens attribute --period` / `--from --to` refuses it, rather than an empty
 * chargeback: a 400 naming the parameters, the days they cover and the store's first and last day.
 * In a store without daily usage, a range cut inside a month too (refuseRangeCutInsideMonth). A
 * billing period the store holds is answered, and the hint names those periods (billing-calendar.ts,
 * billingPeriodsHeld: one whose lines are all charged in the month before included).
 */
async function refuseSelectionOutsideData(analyses: Analyses, selection: AttributionSelection): Promise<void> {
  const latest = async () => (await analyses.latestPeriod()) ?? '';
  if (selection.start && selection.end) {
    const { start, end } = selection;
    await refuseDaysOutsideData(analyses, {
      param: 'start',
      given: `the range start ${start}, end ${end} (${daySpan(start, addDays(end, -1))})`,
      days: { start, end },
      hint: async (data) => `give days from ${data.first} to ${data.last} (end is exclusive: at most end ${addDays(data.last, 1)}), or leave start and end out for ${await latest()}`,
    });
    await refuseRangeCutInsideMonth(analyses, { start, end }, { periods: true });
  } else if (selection.period) {
    const span = await analyses.billingSpan();
    const held = span ? billingPeriodsHeld(span) : undefined;
    if (held && selection.period >= held.first && selection.period <= held.last) return;
    const days = { start: `${selection.period}-01`, end: addMonths(`${selection.period}-01`, 1) };
    await refuseDaysOutsideData(analyses, {
      param: 'period',
      given: `period ${selection.period} (${daySpan(days.start, addDays(days.end, -1))})`,
      days,
      hint: async (data) => {
        const { first, last } = held ?? { first: data.first.slice(0, 7), last: data.last.slice(0, 7) };
        return first === last ? `give period ${first}, or leave period out` : `give a period from ${first} to ${last}, or leave period out for ${await latest()}`;
      },
    });
  }
}

/** The analyser's range for a selection: billing bounds for a period, charge bounds for days. */
export function rangeOf(selection: ResolvedSelection): AttributionRange {
  return selectionRange(definiteOf(selection));
}

/** The last billing period a selection touches. */
export function lastPeriodOf(selection: ResolvedSelection): string {
  return selection.period ?? addDays(selection.end!, -1).slice(0, 7);
}

/**
 * The billing periods (`YYYY-MM`) the store holds lines of, earliest first, read once per request
 * (queries/calendar/billing_period_days.sql, cached per generation): the page's choice of periods
 * and the coverage trend's ({@link coverageRangeOf}).
 */
export async function heldPeriodsOf(analyses: Pick<Analyses, 'run'>): Promise<string[]> {
  const days = await analyses.run('calendar/billing_period_days');
  const column = days.columns.indexOf('billing_period');
  return [...new Set(days.rows.map((r) => r[column]).filter((p): p is string => typeof p === 'string' && p !== ''))].sort();
}

/**
 * The coverage trend's billing periods: the COVERAGE_TREND_PERIODS latest of those the store holds
 * (`held`, {@link heldPeriodsOf}'s), up to the selection's last, so a store whose deliveries lie
 * years apart shows its earlier months too, not the calendar months before the last (which hold
 * nothing). The range runs from the first of them; the months between hold no line, so the
 * coverage has no row for them.
 */
export function coverageRangeOf(selection: ResolvedSelection, held: readonly string[]): AttributionRange {
  const last = lastPeriodOf(selection);
  const upToLast = held.filter((p) => p <= last);
  const first = upToLast.at(-COVERAGE_TREND_PERIODS) ?? upToLast[0] ?? last;
  return { billingFrom: `${first}-01`, billingTo: addMonths(`${last}-01`, 1) };
}

/** The selection as the analysers take it: a billing period, or a half-open range of charge days. */
export function definiteOf(selection: ResolvedSelection): DefiniteSelection {
  return selection.period ? { kind: 'period', period: selection.period } : { kind: 'days', from: selection.start, to: selection.end };
}

/**
 * How the page's notes of the days each period covers (attributedDaysNotes) name what was asked
 * for: its filters (`start 2026-10-05, end 2026-11-10 excluded`) and the billing period that gives
 * a cut period's whole bill.
 */
export function pageWords(selection: ResolvedSelection): SelectionWords {
  return {
    range: selection.period ? `billing period ${selection.period}` : `start ${selection.start}, end ${selection.end} excluded`,
    wholeBill: (period) => `Billing period ${period} gives the whole bill.`,
  };
}

/** The selection as URL parameters, in the page's order. */
export function selectionParams(selection: ResolvedSelection): Record<string, string> {
  return {
    tag: selection.tag,
    ...(selection.period ? { period: selection.period } : { start: selection.start!, end: selection.end! }),
    cost: selection.cost,
  };
}

/** The `costlens attribute` flags that give the same result (shown next to the CSV link). */
export function cliFlags(selection: ResolvedSelection): string {
  const quote = (v: string) => (/^[A-Za-z0-9_.:/@-]+$/.test(v) ? v : `'${v.replaceAll("'", `'\\''`)}'`);
  const range = selection.period ? `--period ${selection.period}` : `--from ${selection.start} --to ${selection.end}`;
  return `--tag ${quote(selection.tag)} ${range} --cost ${selection.cost}`;
}

/**
 * The allocation a selection runs, as `costlens attribute` runs it: with a range of days, how much of
 * each row of a period it cuts is fees posted for longer than a day (the notes of the days covered
 * say it). The page and its analyses ask alike, so they share one cached allocation.
 */
export function attributionOptions(selection: ResolvedSelection): AttributeOptions {
  return { tagKey: selection.tag, range: rangeOf(selection), cost: selection.cost, postedFees: selection.period === undefined };
}

/** Reads, resolves and runs the allocation of a request. */
export async function allocationFor(analyses: Analyses, query: Filters, where: string): Promise<{ selection: ResolvedSelection; result: Attribution }> {
  const selection = await resolveSelection(analyses, readAttributionSelection(query, where));
  const result = await analyses.attribution(attributionOptions(selection));
  return { selection, result };
}

const FILTER_PARAMS: QueryParam[] = [
  { name: 'tag', type: 'VARCHAR', description: 'the tag key to attribute by (as configured under attribution.tags, or raw)' },
  { name: 'period', type: 'VARCHAR', defaultValue: '', description: 'a billing period YYYY-MM (default: the last complete month up to the data horizon; when none is complete, the month of the data horizon, up to it)' },
  { name: 'start', type: 'VARCHAR', defaultValue: '', description: 'or the first charge day YYYY-MM-DD (inclusive), with end' },
  { name: 'end', type: 'VARCHAR', defaultValue: '', description: 'the day after the last charge day (exclusive)' },
  { name: 'cost', type: 'VARCHAR', defaultValue: 'billed', description: 'the measure of the order, the share and the charts; each measure is split by itself', rule: { oneOf: ['billed', 'effective'] } },
];

const CENTS = 'DECIMAL(38,2)';

/** `attribution/allocation`: the rows of `costlens attribute --format csv`, under fixed column names. */
const allocationSource: AnalysisSource = {
  name: 'attribution/allocation',
  description: 'Spend per billing period and value of a tag key, (untagged) included, with direct and shared cents of both measures (each measure\'s shared costs split by that measure): the rows of `costlens attribute`. direct, shared, cost and share_pct repeat the chosen measure.',
  params: FILTER_PARAMS,
  returns: ['period', 'value', 'attributed_by', 'direct', 'shared', 'cost', 'share_pct', 'billed_direct', 'billed_shared', 'billed_cost', 'effective_direct', 'effective_shared', 'effective_cost'],
  async compute(analyses, query) {
    const { selection, result } = await allocationFor(analyses, query, 'attribution/allocation');
    const table = allocationTable(result);
    const effective = selection.cost === 'effective';
    const measure = effective ? 4 : 1;
    return {
      params: selectionParams(selection),
      columns: this.returns,
      types: ['VARCHAR', 'VARCHAR', 'VARCHAR', CENTS, CENTS, CENTS, CENTS, CENTS, CENTS, CENTS, CENTS, CENTS, CENTS],
      // allocationTable: period, value, attributed_by, billed_direct, billed_shared_by_billed, billed_cost,
      // effective_direct, effective_shared_by_effective, effective_cost, billed_share_pct, effective_share_pct
      rows: table.rows.map((r) => [r[0], r[1], r[2], r[2 + measure], r[3 + measure], r[4 + measure], r[effective ? 10 : 9], r[3], r[4], r[5], r[6], r[7], r[8]]),
    };
  },
};

/** `attribution/coverage`: tag coverage per billing period over the trend's periods. */
const coverageSource: AnalysisSource = {
  name: 'attribution/coverage',
  description: `Tag coverage per billing period, the ${COVERAGE_TREND_PERIODS} latest periods holding data up to the selection's last: money of the chosen measure that carries the key (tagged), goes to a shared-cost rule, to an account default, or is untagged, and tagged ÷ total (\`costlens attribute --coverage period\`).`,
  params: FILTER_PARAMS,
  returns: ['period', 'tagged', 'shared', 'account_default', 'untagged', 'total', 'coverage_pct'],
  async compute(analyses, query) {
    const selection = await resolveSelection(analyses, readAttributionSelection(query, 'attribution/coverage'));
    const coverage = await analyses.coverage({ tagKey: selection.tag, range: coverageRangeOf(selection, await heldPeriodsOf(analyses)), cost: selection.cost, by: 'period' });
    return {
      params: selectionParams(selection),
      columns: this.returns,
      types: ['VARCHAR', CENTS, CENTS, CENTS, CENTS, CENTS, CENTS],
      rows: coverage.rows.map((r) => [r.period, formatCents(r.tagged), formatCents(r.shared), formatCents(r.accountDefault), formatCents(r.untagged), formatCents(r.total),
        r.coverageHundredths === null ? null : formatCents(r.coverageHundredths)]),
    };
  },
};

/** `attribution/shared`: what each shared-cost rule gave each value. */
const sharedSource: AnalysisSource = {
  name: 'attribution/shared',
  description: 'The shared-cost split: per billing period, rule and value, the cents the rule gave the value (amount in the chosen measure, and both measures).',
  params: FILTER_PARAMS,
  returns: ['period', 'rule', 'split', 'value', 'amount', 'billed', 'effective'],
  async compute(analyses, query) {
    const { selection, result } = await allocationFor(analyses, query, 'attribution/shared');
    return {
      params: selectionParams(selection),
      columns: this.returns,
      types: ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', CENTS, CENTS, CENTS],
      rows: sharedSplit(result).map((s) => [s.period, s.rule, s.split, s.value, formatCents(selection.cost === 'effective' ? s.effective : s.billed), formatCents(s.billed), formatCents(s.effective)]),
    };
  },
};

/** One value's share of one shared-cost rule in one period, in cents. */
export interface SharedShare {
  period: string;
  rule: string;
  split: string;
  value: string;
  billed: bigint;
  effective: bigint;
}

/**
 * Every (period, rule, value) share of the allocation, in the rows' order: a rule's shares add up to
 * its pool's cents (SharedPool.billedCents / effectiveCents), the allocation being rounded both ways.
 */
export function sharedSplit(result: Attribution): SharedShare[] {
  const out: SharedShare[] = [];
  for (const p of result.periods) {
    for (const pool of p.pools) {
      const byValue = new Map<string, SharedShare>();
      for (const row of p.rows) {
        for (const part of row.parts) {
          if (part.method !== `shared:${pool.rule}`) continue;
          const share = byValue.get(row.value) ?? { period: p.period, rule: pool.rule, split: pool.split, value: row.value, billed: 0n, effective: 0n };
          share.billed += part.billed;
          share.effective += part.effective;
          byValue.set(row.value, share);
        }
      }
      out.push(...byValue.values());
    }
  }
  return out;
}

export const ATTRIBUTION_SOURCES: AnalysisSource[] = [allocationSource, coverageSource, sharedSource];
