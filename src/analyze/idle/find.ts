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
import { BILL_ONLY_RULES } from './bill-rules.ts';
import { withCommitmentCoverage } from './commitments.ts';
import { idleRuleDays } from './rule-days.ts';
import { notRunLocally, notRunOnAthena, type IdleRuleNotRun } from './not-run.ts';
import { ELASTIC_IPS, PRIMARY_RULES, withChargesStopped, type IdleRuleQuery } from './rules.ts';
import { readMetricCoverage, unusableMetricsNotes, type MetricCoverage, type MetricNeed } from '../metric-coverage.ts';
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

/** What the metric rules read (idle/rules.ts, queries/optimisation/idle_*.sql), with the days each needs. */
export function idleMetricNeeds(config: IdleConfig): MetricNeed[] {
  return [
    { what: 'EC2 CPU', noun: 'instance', namespaces: ['AWS/EC2'], metricNames: ['CPUUtilization'], statistics: ['Average'], minDays: config.ec2.minDays, lookbackDays: config.ec2.lookbackDays },
    { what: 'EBS I/O', noun: 'volume', namespaces: ['AWS/EBS'], metricNames: ['VolumeReadOps', 'VolumeWriteOps'], statistics: ['Sum'], minDays: config.ebs.days },
    { what: 'load balancer', noun: 'load balancer', namespaces: ['AWS/ApplicationELB', 'AWS/ELB', 'AWS/NetworkELB'], metricNames: ['RequestCount', 'HealthyHostCount'],
      statistics: ['Sum', 'Average', 'Maximum', 'Minimum'], minDays: config.loadBalancer.days },
    { what: 'RDS connection', noun: 'DB instance', namespaces: ['AWS/RDS'], metricNames: ['DatabaseConnections'], statistics: ['Maximum', 'Average'], minDays: config.rds.days },
    { what: 'NAT gateway', noun: 'NAT gateway', namespaces: ['AWS/NATGateway'], metricNames: ['BytesOutToDestination'], statistics: ['Sum'], minDays: config.natGateway.days },
  ];
}

/** Rule queries run two at a time: DuckDB overlaps them on two cores without taking every connection a server has. */
const QUERIES_AT_ONCE = 2;

/**
 * The rules an engine runs: on the local store every rule (the bill-only ones when
 * `idle.billOnly.enabled`); on Athena, which holds the bill and neither metrics nor inventory, the
 * rules that read the bill alone: the idle addresses and the bill-only rules.
 */
export function idleRulesFor(engine: Pick<Engine, 'name'>, config: IdleConfig): readonly IdleRuleQuery[] {
  const billOnly = config.billOnly.enabled ? BILL_ONLY_RULES : [];
  return engine.name === 'athena' ? [ELASTIC_IPS, ...billOnly] : [...PRIMARY_RULES, ...billOnly];
}

/** Finds idle resources with the thresholds of `config` (the `idle:` section). */
export async function findIdleResources(engine: Engine, config: IdleConfig, options: IdleOptions = {}): Promise<IdleReport> {
  const days = await idleRuleDays(engine, options.asOf);
  const asOf = days.asOf;
  const onAthena = engine.name === 'athena';
  const rules = idleRulesFor(engine, config);
  const results = await mapWithConcurrency(rules, QUERIES_AT_ONCE, (rule) => engine.run(rule.query, rule.params(config, days)));
  const found = rules.flatMap((rule, i) => results[i].rows.flatMap((row) => rule.toFindings(row, config).map((f) => withChargesStopped(row, f))));
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
