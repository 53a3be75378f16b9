/**
 * Why metrics that exist were not usable by a rule: its metric rows counted per resource,
 * statistic and period (queries/metrics/metric_rows.sql) against the days each resource had a
 * usable figure, so that a store full of metrics that answers "0 recommendations" or "0 found"
 * says why, with counts.
 */
import { listParam } from '../engine/duckdb.ts';
import type { Engine } from '../engine/engine.ts';
import { runQuery, type QueryParamTypes, type QueryRowTypes } from '../engine/query-types.ts';
import { groupBy } from '../lib/group-by.ts';
import { codePointOrder } from '../lib/order.ts';
import { pluralNoun } from '../lib/text.ts';

/** A row of metric_rows.sql. */
export type MetricRowCount = QueryRowTypes['metrics/metric_rows'];

/** What a rule reads: the metric, the statistics it can use and the days it needs. */
export interface MetricNeed {
  /** Names the metric in the sentence, e.g. "CPU", "EBS I/O". */
  what: string;
  /** What a resource is called, e.g. "instance", "volume". */
  noun: string;
  namespaces: string[];
  metricNames: string[];
  statistics: string[];
  /** Days of usable figures the rule needs; also the look-back, unless `lookbackDays` says otherwise. */
  minDays: number;
  lookbackDays?: number;
}

/** One reason resources were not usable, and how many. */
export interface UnusableReason {
  reason: string;
  resources: number;
}

/** A rule's metrics, and how many resources they made usable (with reasons for the rest). */
export interface MetricCoverage {
  metricRows: number;
  resources: number;
  usableResources: number;
  unusable: UnusableReason[];
  /** One sentence, e.g. "1,204 CPU metric rows for 12 instances, none usable: 9 instances have < 14 days, 3 have only statistic p50 (read: p99.5 or Maximum)". */
  summary: string;
}

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, word: string) => `${count(n)} ${pluralNoun(n, word)}`;

/**
 * The days a run's rules judge: the look-back ends at the start of `asOf`, its days stop at the
 * start of `completeUntil` (the day after the data horizon when that comes first: a partial day is
 * not judged; idle's IdleRuleDays.completeUntil, rightsizing's CostWindowOnBill.countedEnd).
 */
export interface JudgedDays {
  asOf: string;
  completeUntil: string;
}

/** The parameters of metric_rows.sql for `need` on the days `judged`. */
export function metricRowParams(need: MetricNeed, judged: JudgedDays): QueryParamTypes['metrics/metric_rows'] {
  return {
    as_of: judged.asOf, days: String(need.lookbackDays ?? need.minDays), complete_until: judged.completeUntil,
    namespaces: listParam(need.namespaces), metric_names: listParam(need.metricNames),
  };
}

/** Runs metric_rows.sql for `need` on the days `judged` and classifies its resources (usable days counted from the rows). */
export async function readMetricCoverage(engine: Engine, need: MetricNeed, judged: JudgedDays): Promise<MetricCoverage> {
  return metricCoverage(await runQuery(engine, 'metrics/metric_rows', metricRowParams(need, judged)), need, judged);
}

/**
 * Classifies each resource with rows: usable when it has a figure on at least `need.minDays`
 * days (`usableDays`, or else the most days of a readable statistic at a read period, on the days
 * `judged`), else by the first reason that applies: no rows in the look-back, only periods the
 * rules do not read, only statistics they do not read, fewer days than needed. When the judged
 * days stop before the as-of day, the summary says from which day on they are not judged.
 */
export function metricCoverage(rows: readonly MetricRowCount[], need: MetricNeed, judged: JudgedDays, usableDays?: ReadonlyMap<string, number>): MetricCoverage {
  const byResource = groupBy(rows, (row) => row.resource_id!);
  const reasons = new Map<string, number>();
  let usable = 0;
  for (const [id, own] of byResource) {
    const days = usableDays?.get(id) ?? Math.max(0, ...own.filter((r) => r.known_period === true && need.statistics.includes(r.statistic!)).map((r) => r.days_in_window ?? 0));
    const reason = unusableReason(own, days, need);
    if (reason === null) usable += 1;
    else reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const metricRows = rows.reduce((sum, r) => sum + (r.rows_total ?? 0), 0);
  const unusable = [...reasons].map(([reason, resources]) => ({ reason, resources }))
    .sort((a, b) => b.resources - a.resources || codePointOrder(a.reason, b.reason));
  const resources = byResource.size;
  const head = `${plural(metricRows, `${need.what} metric row`)} for ${plural(resources, need.noun)}`;
  const usableText = usable === 0 ? 'none usable' : usable === resources ? 'all usable' : `${count(usable)} usable`;
  const detail = unusable.map((u, i) => `${i === 0 ? plural(u.resources, need.noun) : count(u.resources)} ${u.resources === 1 ? 'has' : 'have'} ${u.reason}`);
  const cut = unusable.length > 0 ? notJudgedNote(judged) : '';
  return { metricRows, resources, usableResources: usable, unusable, summary: `${head}, ${usableText}${detail.length ? `: ${detail.join(', ')}` : ''}${cut}` };
}

/**
 * What `costlens idle` and `costlens rightsize` say of the metrics their rules read (each a
 * `Metrics:` line under the heading, and the Optimisation page's notes): the summary of each
 * coverage whose metrics left some resources unusable, in order; none when all were usable.
 */
export function unusableMetricsNotes(coverages: readonly MetricCoverage[]): string[] {
  return coverages.filter((coverage) => coverage.unusable.length > 0).map((coverage) => coverage.summary);
}

/**
 * What a sentence about the look-back's days adds when the judged days stop before the as-of day:
 * ` (the days from 2018-11-20 on are after the data horizon and not judged)`; else nothing.
 */
export function notJudgedNote(judged: JudgedDays): string {
  return judged.completeUntil < judged.asOf ? ` (the days from ${judged.completeUntil} on are after the data horizon and not judged)` : '';
}

function unusableReason(rows: readonly MetricRowCount[], days: number, need: MetricNeed): string | null {
  if (days >= need.minDays) return null;
  const lookback = need.lookbackDays ?? need.minDays;
  const inWindow = rows.filter((r) => (r.rows_in_window ?? 0) > 0);
  if (inWindow.length === 0) return `no ${need.what} rows in the ${lookback}-day look-back`;
  const known = inWindow.filter((r) => r.known_period === true);
  if (known.length === 0) {
    const periods = [...new Set(inWindow.map((r) => r.period_s ?? 0))].sort((a, b) => a - b);
    return `only ${pluralNoun(periods.length, 'period')} ${periods.join(', ')} s (read: 60, 300, 3600, 86400 s)`;
  }
  if (!known.some((r) => need.statistics.includes(r.statistic!))) {
    const statistics = [...new Set(known.map((r) => r.statistic))].sort();
    return `only ${pluralNoun(statistics.length, 'statistic')} ${statistics.join(', ')} (read: ${need.statistics.join(' or ')})`;
  }
  return `< ${need.minDays} days`;
}
