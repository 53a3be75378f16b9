/**
 * The idle rules, each once: the query that finds it (queries/optimisation/idle_*.sql, and how its
 * rows become findings: rules.ts, bill-rules.ts), what it reads to judge a resource (the bill
 * alone, CloudWatch metrics or the inventory), the kind of resource it judges and the days it
 * looks back on. Everything else that lists rules is read from here: which queries run (all of
 * them on the local store, the bill-only ones when `idle.billOnly.enabled`; on Athena, which holds
 * the bill alone, only the rules that read the bill), the metrics whose coverage idle reports,
 * the rules named as not run, and the bill-only rules modernise's cross-check leaves out.
 *
 * Adding a rule: its id in IDLE_RULES (src/analyze/findings.ts: the type of a finding's rule, and
 * its rank), its entry in IDLE_RULE_SPECS below (which the compiler then requires), its query file and the
 * IdleRuleQuery that reads its rows (a query may find several rules).
 */
import type { IdleConfig } from '../optimisation-config.ts';
import { IDLE_RULES, type IdleRuleId, type ResourceKind } from '../findings.ts';
import type { MetricNeed } from '../metric-coverage.ts';
import { GATEWAYS_WITHOUT_TRAFFIC, VOLUMES_WITHOUT_INSTANCES } from './bill-rules.ts';
import { EBS_VOLUMES, EC2_LOW_UTILISATION, ELASTIC_IPS, LOAD_BALANCERS, NAT_GATEWAYS, RDS_INSTANCES, type IdleRuleQuery } from './rules.ts';

/** What a rule reads to judge a resource: the bill alone, CloudWatch metrics, or the inventory. */
export type IdleRuleReads = 'bill' | 'metrics' | 'inventory';

interface RuleFacts {
  /** The query that finds it, with its parameters and how a row becomes a finding. */
  query: IdleRuleQuery;
  /** The kind of resource it judges (every finding it gives is of this kind). */
  kind: ResourceKind;
  /** The days it looks back on, from the `idle:` config. */
  lookbackDays: (config: IdleConfig) => number;
}

/** A rule that reads the bill alone: Athena runs it (its query's Athena form: the `.athena.cte.sql` forms of its fragments). */
interface BillRule extends RuleFacts {
  reads: 'bill';
  /** One of the low-confidence `idle.billOnly` rules, run only when `idle.billOnly.enabled`. */
  billOnly: boolean;
}

/** A rule that reads CloudWatch metrics: only the local store holds them. */
interface MetricRule extends RuleFacts {
  reads: 'metrics';
  /** What it reads, as the `Not run:` line names it: `EC2 CPU and network metrics (…)`. */
  source: string;
  /** The metric whose coverage says whether the store holds what it reads (idleMetricNeeds; two rules may share one). */
  need: (config: IdleConfig) => MetricNeed;
}

/** A rule that reads the inventory: only the local store holds it. */
interface InventoryRule extends RuleFacts {
  reads: 'inventory';
  /** What it reads, as the `Not run:` line names it. */
  source: string;
}

/** One idle rule's entry in the table. */
export type IdleRuleSpec = BillRule | MetricRule | InventoryRule;

/** One idle rule: its id and its entry in the table. */
export type IdleRule = IdleRuleSpec & { id: IdleRuleId };

/** A rule that reads metrics or the inventory, which only the local store holds. */
export type IdleReadingRule = (MetricRule | InventoryRule) & { id: IdleRuleId };

const EC2_CPU = (c: IdleConfig): MetricNeed => ({
  what: 'EC2 CPU', noun: 'instance', namespaces: ['AWS/EC2'], metricNames: ['CPUUtilization'], statistics: ['Average'], minDays: c.ec2.minDays, lookbackDays: c.ec2.lookbackDays,
});
const EBS_IO = (c: IdleConfig): MetricNeed => ({
  what: 'EBS I/O', noun: 'volume', namespaces: ['AWS/EBS'], metricNames: ['VolumeReadOps', 'VolumeWriteOps'], statistics: ['Sum'], minDays: c.ebs.days,
});
const LOAD_BALANCER_METRICS = (c: IdleConfig): MetricNeed => ({
  what: 'load balancer', noun: 'load balancer', namespaces: ['AWS/ApplicationELB', 'AWS/ELB', 'AWS/NetworkELB'], metricNames: ['RequestCount', 'HealthyHostCount'],
  statistics: ['Sum', 'Average', 'Maximum', 'Minimum'], minDays: c.loadBalancer.days,
});
const RDS_CONNECTIONS = (c: IdleConfig): MetricNeed => ({
  what: 'RDS connection', noun: 'DB instance', namespaces: ['AWS/RDS'], metricNames: ['DatabaseConnections'], statistics: ['Maximum', 'Average'], minDays: c.rds.days,
});
const NAT_BYTES = (c: IdleConfig): MetricNeed => ({
  what: 'NAT gateway', noun: 'NAT gateway', namespaces: ['AWS/NATGateway'], metricNames: ['BytesOutToDestination'], statistics: ['Sum'], minDays: c.natGateway.days,
});

/** Every rule's entry, by id: the compiler requires one for each id of IDLE_RULES, and no other. */
const IDLE_RULE_SPECS: { readonly [R in IdleRuleId]: IdleRuleSpec } = {
  'ec2-low-utilisation': {
    query: EC2_LOW_UTILISATION, kind: 'ec2-instance', reads: 'metrics', need: EC2_CPU, lookbackDays: (c) => c.ec2.lookbackDays,
    source: 'EC2 CPU and network metrics (AWS/EC2 CPUUtilization, NetworkIn, NetworkOut)',
  },
  'ebs-unattached': {
    query: EBS_VOLUMES, kind: 'ebs-volume', reads: 'inventory', lookbackDays: (c) => c.ebs.days,
    source: 'the inventory of EBS volumes (state and attachment)',
  },
  'ebs-low-iops': {
    query: EBS_VOLUMES, kind: 'ebs-volume', reads: 'metrics', need: EBS_IO, lookbackDays: (c) => c.ebs.days,
    source: 'EBS I/O metrics (AWS/EBS VolumeReadOps, VolumeWriteOps)',
  },
  'eip-idle-address': { query: ELASTIC_IPS, kind: 'elastic-ip', reads: 'bill', billOnly: false, lookbackDays: (c) => c.elasticIp.days },
  'lb-no-healthy-targets': {
    query: LOAD_BALANCERS, kind: 'load-balancer', reads: 'metrics', need: LOAD_BALANCER_METRICS, lookbackDays: (c) => c.loadBalancer.days,
    source: 'load balancer metrics (HealthyHostCount)',
  },
  'lb-low-requests': {
    query: LOAD_BALANCERS, kind: 'load-balancer', reads: 'metrics', need: LOAD_BALANCER_METRICS, lookbackDays: (c) => c.loadBalancer.days,
    source: 'load balancer metrics (RequestCount)',
  },
  'rds-no-connections': {
    query: RDS_INSTANCES, kind: 'rds-instance', reads: 'metrics', need: RDS_CONNECTIONS, lookbackDays: (c) => c.rds.days,
    source: 'RDS connection metrics (AWS/RDS DatabaseConnections)',
  },
  'nat-no-traffic': {
    query: NAT_GATEWAYS, kind: 'nat-gateway', reads: 'metrics', need: NAT_BYTES, lookbackDays: (c) => c.natGateway.days,
    source: 'NAT gateway metrics (AWS/NATGateway BytesOutToDestination)',
  },
  'bill-ebs-without-instances': { query: VOLUMES_WITHOUT_INSTANCES, kind: 'ebs-volume', reads: 'bill', billOnly: true, lookbackDays: (c) => c.billOnly.days },
  'bill-nat-without-traffic': { query: GATEWAYS_WITHOUT_TRAFFIC, kind: 'nat-gateway', reads: 'bill', billOnly: true, lookbackDays: (c) => c.billOnly.days },
  'bill-lb-without-traffic': { query: GATEWAYS_WITHOUT_TRAFFIC, kind: 'load-balancer', reads: 'bill', billOnly: true, lookbackDays: (c) => c.billOnly.days },
};

/** The rules in IDLE_RULES' order (their rank: the first that fires names a finding). */
export const IDLE_RULE_TABLE: readonly IdleRule[] = IDLE_RULES.map((id): IdleRule => ({ id, ...IDLE_RULE_SPECS[id] }));

/** The rule of an id. */
export function idleRule(id: IdleRuleId): IdleRule {
  return { id, ...IDLE_RULE_SPECS[id] };
}

/** The ids of the `idle.billOnly` rules, for what says which rules ran. */
export const BILL_ONLY_RULE_IDS: ReadonlySet<IdleRuleId> = new Set(IDLE_RULE_TABLE.filter((r) => r.reads === 'bill' && r.billOnly).map((r) => r.id));

/** The rules that read metrics or the inventory, in rank order: Athena, which holds the bill alone, does not run them. */
export const READING_RULES: readonly IdleReadingRule[] = IDLE_RULE_TABLE.filter((r): r is IdleReadingRule => r.reads !== 'bill');

/** The rules Athena does not run: every rule that reads metrics or the inventory. */
export const RULES_NOT_ON_ATHENA: readonly IdleRuleId[] = READING_RULES.map((r) => r.id);

/**
 * The rules an engine runs: on the local store every rule (the bill-only ones when
 * `idle.billOnly.enabled`); on Athena, which holds the bill and neither metrics nor inventory, the
 * rules that read the bill alone.
 */
export function idleRulesRun(engine: { name: string }, config: Pick<IdleConfig, 'billOnly'>): readonly IdleRule[] {
  return IDLE_RULE_TABLE.filter((r) => (r.reads === 'bill' ? !r.billOnly || config.billOnly.enabled : engine.name !== 'athena'));
}

/** The queries that find `rules`, each once, in the order of its first rule. */
export function queriesOf(rules: readonly IdleRule[]): readonly IdleRuleQuery[] {
  return [...new Set(rules.map((r) => r.query))];
}

/** What the metric rules read (queries/optimisation/idle_*.sql), each metric once, in rank order, with the days each needs. */
export function idleMetricNeeds(config: IdleConfig): MetricNeed[] {
  return [...new Set(READING_RULES.flatMap((r) => (r.reads === 'metrics' ? [r.need] : [])))].map((need) => need(config));
}
