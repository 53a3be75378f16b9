/**
 * Idle resources: runs each rule's query (queries/optimisation/idle_*.sql) on an Engine, turns
 * the rows into findings with evidence, thresholds, the window cost and current run-rate from the
 * bill, keeps one finding per resource, and splits each saving into cash and freed commitment.
 */
import type { Engine } from '../../engine/engine.ts';
import { mapWithConcurrency } from '../../lib/concurrency.ts';
import type { IdleConfig } from '../optimisation-config.ts';
import { dedupeFindings, findingKey, findingsTable, findingTotals } from '../findings.ts';
import type { TextTable } from '../../lib/table.ts';
import { fromUnits, toUnits } from '../../lib/money.ts';
import { codePointOrder, descending } from '../../lib/order.ts';
import { MONTHLY_COST_DAYS, lookbackRange, findingsAsOf, type DateRange } from '../findings-window.ts';
import { BILL_ONLY_RULES } from './bill-rules.ts';
import { withCommitmentCoverage, type SettledIdleFinding } from './commitments.ts';
import { PRIMARY_RULES, withChargesStopped } from './rules.ts';
import { readMetricCoverage, type MetricCoverage, type MetricNeed } from '../metric-coverage.ts';

export interface IdleOptions {
  /** YYYY-MM-DD; look-back windows end at the start of this day. Default: the day after the data horizon (defaultFindingsAsOf). */
  asOf?: string;
}

/** What {@link findIdleResources} found. */
export interface IdleReport {
  asOf: string;
  /** The days whose EffectiveCost makes each finding's window cost. */
  costWindow: DateRange;
  /** Largest cash saving first, then largest commitment freed, then largest window cost. */
  findings: SettledIdleFinding[];
  /** Sum of the findings' window costs (exact decimal text). */
  totalWindowCost: string;
  /** Sum of the findings' cash savings a month (monthlySaving), to the cent. */
  totalMonthlySaving: string;
  /** Sum of what they free of commitments instead of cash (monthlySavingCommitment), to the cent; not cash. */
  totalMonthlySavingCommitment: string;
  /** Per metric rule, the metrics in the store and how many resources they made usable (with reasons for the rest). */
  metricCoverage: MetricCoverage[];
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

/** Finds idle resources with the thresholds of `config` (the `idle:` section). */
export async function findIdleResources(engine: Engine, config: IdleConfig, options: IdleOptions = {}): Promise<IdleReport> {
  const asOf = await findingsAsOf(engine, options.asOf);
  const rules = config.billOnly.enabled ? [...PRIMARY_RULES, ...BILL_ONLY_RULES] : PRIMARY_RULES;
  const results = await mapWithConcurrency(rules, QUERIES_AT_ONCE, (rule) => engine.run(rule.query, rule.params(config, asOf)));
  const found = rules.flatMap((rule, i) => results[i].rows.flatMap((row) => rule.toFindings(row, config).map((f) => withChargesStopped(row, f))));
  const findings = (await withCommitmentCoverage(engine, config, asOf, dedupeFindings(found))).sort((a, b) =>
    descending(toUnits(a.monthlySaving), toUnits(b.monthlySaving)) || descending(toUnits(a.monthlySavingCommitment), toUnits(b.monthlySavingCommitment))
    || descending(toUnits(a.windowCost), toUnits(b.windowCost)) || codePointOrder(findingKey(a), findingKey(b)));
  const coverage = await mapWithConcurrency(idleMetricNeeds(config), QUERIES_AT_ONCE, (need) => readMetricCoverage(engine, need, asOf));
  return {
    asOf, costWindow: lookbackRange(asOf, MONTHLY_COST_DAYS), findings, ...findingTotals(findings),
    totalMonthlySavingCommitment: fromUnits(findings.reduce((s, f) => s + toUnits(f.monthlySavingCommitment), 0n), 2),
    metricCoverage: coverage.filter((c) => c.resources > 0),
  };
}

/**
 * Findings as rows for CSV output (`costlens idle --format csv`, the page's idle CSV): the columns
 * of findingsTable with `monthly_saving_commitment` after `monthly_saving` (the cash).
 */
export function idleTable(findings: readonly SettledIdleFinding[]): TextTable {
  const table = findingsTable(findings);
  const at = table.columns.indexOf('monthly_saving') + 1;
  return {
    columns: [...table.columns.slice(0, at), 'monthly_saving_commitment', ...table.columns.slice(at)],
    rows: table.rows.map((row, i) => [...row.slice(0, at), findings[i].monthlySavingCommitment, ...row.slice(at)]),
  };
}
