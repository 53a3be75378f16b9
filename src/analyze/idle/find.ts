/**
 * Idle resources: runs each rule's query (queries/optimisation/idle_*.sql) on an Engine, turns
 * the rows into findings with evidence, thresholds, the window cost and current run-rate from the
 * bill, keeps one finding per resource, and splits each saving into cash and freed commitment. On
 * Athena, which holds the bill alone, only the rules that read the bill run (the idle addresses and
 * the bill-only rules, through their Athena forms: their fragments' `.athena.cte.sql`); the others are named in `notRun`.
 */
import type { Engine } from '../../engine/engine.ts';
import { mapWithConcurrency } from '../../lib/concurrency.ts';
import type { IdleConfig } from '../optimisation-config.ts';
import { compareFindings, dedupeFindings, findingTotals, type FindingTotals, type IdleFinding } from '../findings.ts';
import { MONTHLY_COST_DAYS, lookbackRange, type CostWindowHeld, type DateRange } from '../findings-window.ts';
import { withCommitmentCoverage } from './commitments.ts';
import { idleRuleDays } from './rule-days.ts';
import { idleMetricNeeds, idleRule, idleRulesRun, queriesOf } from './rule-table.ts';
import { notRunLocally, notRunOnAthena, type IdleRuleNotRun } from './not-run.ts';
import { withChargesStopped, type RuleFinding } from './rules.ts';
import { readMetricCoverage, unusableMetricsNotes, type MetricCoverage } from '../metric-coverage.ts';
import { readUsageWithoutType, usageWithoutTypeNote, type UsageWithoutType } from '../usage-without-type.ts';

export interface IdleOptions {
  /** YYYY-MM-DD; look-back windows end at the start of this day. Default: the day after the data horizon (defaultFindingsAsOf). */
  asOf?: string;
  /** Also read the cost window's usage lines without a usage type (`usageWithoutType`): one more query, for the callers that show it (the CLI, the Optimisation page). */
  usageWithoutType?: boolean;
  /**
   * Also say which rules that read metrics or the inventory could not judge (`notRun`), with how many
   * resources of their kind the bill charged: up to two more queries, for the callers that show it
   * (the CLI). On Athena the rules not run are named either way; this adds their counts.
   */
  notRun?: boolean;
}

/** What {@link findIdleResources} found, with its totals ({@link findingTotals}: cash and commitment freed apart). */
export interface IdleReport extends FindingTotals {
  asOf: string;
  /** The days whose EffectiveCost makes each finding's window cost. */
  costWindow: DateRange;
  /** The days of the cost window the store's billing data holds complete, the only days its sums count (no partial day after the data horizon). */
  costWindowHeld: CostWindowHeld;
  /** Largest cash saving first, then largest commitment freed, then largest window cost (compareFindings). */
  findings: IdleFinding[];
  /** Per metric rule, the metrics in the store and how many resources they made usable (with reasons for the rest). */
  metricCoverage: MetricCoverage[];
  /** AWS usage lines of the cost window without a usage type (a FOCUS 1.0 export), whose resources the bill's rules cannot find; null when there are none, or when the options did not ask for them. */
  usageWithoutType: UsageWithoutType | null;
  /**
   * The rules that read metrics or the inventory and judged nothing for want of them: on Athena all
   * of them (not run), on the local store those whose data it holds none of while the bill charged
   * resources of their kind (only when the options asked; else empty). Empty when every rule could judge.
   */
  notRun: IdleRuleNotRun[];
}

/** Rule queries run two at a time: DuckDB overlaps them on two cores without taking every connection a server has. */
const QUERIES_AT_ONCE = 2;

/** A rule's finding with its rule's kind (from the rule table), second as findings have always listed it. */
function withKind({ rule, ...rest }: RuleFinding): IdleFinding {
  return { rule, kind: idleRule(rule).kind, ...rest };
}

/** Finds idle resources with the thresholds of `config` (the `idle:` section). */
export async function findIdleResources(engine: Engine, config: IdleConfig, options: IdleOptions = {}): Promise<IdleReport> {
  const days = await idleRuleDays(engine, options.asOf);
  const asOf = days.asOf;
  const onAthena = engine.name === 'athena';
  // The rule table says which rules the engine runs (the bill's alone on Athena) and each one's kind.
  const queries = queriesOf(idleRulesRun(engine, config));
  const results = await mapWithConcurrency(queries, QUERIES_AT_ONCE, (query) => engine.run(query.query, query.params(config, days)));
  const found = queries.flatMap((query, i) => results[i].rows.flatMap((row) => query.toFindings(row, config)
    .map((f) => withChargesStopped(row, withKind(f)))));
  const findings = (await withCommitmentCoverage(engine, config, days, dedupeFindings(found))).sort(compareFindings);
  // Athena holds no metrics: their coverage is not read there.
  const needs = onAthena ? [] : idleMetricNeeds(config);
  const coverage = await mapWithConcurrency(needs, QUERIES_AT_ONCE, (need) => readMetricCoverage(engine, need, days));
  const costWindow = lookbackRange(asOf, MONTHLY_COST_DAYS);
  const usageWithoutType = options.usageWithoutType ? await readUsageWithoutType(engine, { start: costWindow.start, end: days.completeUntil }) : null;
  const withoutMetrics = new Set(needs.filter((_, i) => coverage[i].resources === 0).map((need) => need.what));
  const notRun = onAthena ? await notRunOnAthena(engine, config, days, options.notRun === true)
    : options.notRun ? await notRunLocally(engine, config, days, withoutMetrics) : [];
  return {
    asOf, costWindow, costWindowHeld: days.costWindowHeld, findings, ...findingTotals(findings), metricCoverage: coverage.filter((c) => c.resources > 0), usageWithoutType, notRun,
  };
}

/**
 * Idle's `Metrics:` lines: its rules' metrics that left some resources unusable (unusableMetricsNotes),
 * as `costlens idle` prints them and the Optimisation page shows them.
 */
export function idleMetricsNotes(report: Pick<IdleReport, 'metricCoverage'>): string[] {
  return unusableMetricsNotes(report.metricCoverage);
}

/**
 * What `costlens idle` says of the cost window's AWS usage lines without a usage type (a FOCUS 1.0
 * export): its rules that read the bill find addresses, gateways, load balancers, volumes and
 * instances by the usage type, so "0 found" would read as nothing idle.
 */
export function idleUsageWithoutTypeNote(usage: UsageWithoutType): string {
  return usageWithoutTypeNote(usage, 'the idle rules that read the bill cannot find their resources and judged none of them (inventory rules still run)');
}
