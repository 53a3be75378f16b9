/**
 * The idle rules that could not judge their resources: those that read CloudWatch metrics or the
 * inventory, on Athena (which holds the bill only: they are not run there) or on a store that holds
 * none of what a rule reads (they run and find nothing). Without saying so, `costlens idle` on the
 * bill alone reported "0 found" as if the billed instances, volumes, load balancers, DB instances
 * and NAT gateways had been judged; it now names each rule, what it reads, and how many resources
 * of its kind the bill charged in its look-back (queries/optimisation/billed_resources.sql).
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery, type QueryParamTypes } from '../../engine/query-types.ts';
import { CostlensError } from '../../errors.ts';
import type { IdleConfig } from '../optimisation-config.ts';
import type { IdleRuleId, ResourceKind } from '../findings.ts';
import type { IdleRuleDays } from './rule-days.ts';
import { READING_RULES, type IdleReadingRule } from './rule-table.ts';
import { pluralNoun } from '../../lib/text.ts';

/** One rule that judged nothing for want of what it reads. */
export interface IdleRuleNotRun {
  rule: IdleRuleId;
  /** What it reads that the engine or the store does not hold, and so why it judged nothing (a clause: `reads EC2 CPU … (--engine athena)`). */
  reason: string;
  /** The kind of resource it judges. */
  kind: ResourceKind;
  /** Resources of that kind the bill charged in its look-back (by resource id); null when they were not counted. */
  billedResources: number | null;
  /** The days of its look-back. */
  lookbackDays: number;
}

/**
 * billed_resources.sql's parameter for the look-back of each kind (the compiler requires every
 * kind); null for a kind it does not count (Elastic IPs: their rule reads the bill, and runs everywhere).
 */
const KIND_DAYS_PARAMS = {
  'ec2-instance': 'ec2_days', 'rds-instance': 'rds_days', 'ebs-volume': 'ebs_days', 'load-balancer': 'load_balancer_days', 'nat-gateway': 'nat_days',
  'elastic-ip': null,
} as const satisfies Record<ResourceKind, keyof QueryParamTypes['optimisation/billed_resources'] | null>;

/** billed_resources.sql's days parameters, each as text. */
export type BilledResourcesDays = Record<NonNullable<(typeof KIND_DAYS_PARAMS)[ResourceKind]>, string>;

/**
 * The look-back of each kind that `rules` judge (the idle rule table's READING_RULES: the rules
 * that read metrics or the inventory), as billed_resources.sql takes them: a kind's days are its
 * rules' (rules of one kind look back alike; the longest were they not), a kind no rule judges is
 * given 0 (not counted). Throws for a rule of a kind the query does not count.
 */
export function billedResourcesDays(config: IdleConfig, rules: readonly IdleReadingRule[] = READING_RULES): BilledResourcesDays {
  const params = Object.values(KIND_DAYS_PARAMS).filter((param) => param !== null);
  const days = Object.fromEntries(params.map((param) => [param, 0])) as Record<keyof BilledResourcesDays, number>;
  for (const rule of rules) {
    const param = KIND_DAYS_PARAMS[rule.kind];
    if (param === null) throw new CostlensError('internal', `the idle rule ${rule.id} judges ${rule.kind}, which queries/optimisation/billed_resources.sql does not count`);
    days[param] = Math.max(days[param], rule.lookbackDays(config));
  }
  return Object.fromEntries(Object.entries(days).map(([param, n]) => [param, String(n)])) as BilledResourcesDays;
}

/** How many resources of each kind the bill charged in each kind's look-back, by the idle rules' days (billed_resources.sql). */
async function billedByKind(engine: Engine, config: IdleConfig, days: Pick<IdleRuleDays, 'asOf' | 'completeUntil'>): Promise<Map<string, number>> {
  const rows = await runQuery(engine, 'optimisation/billed_resources', { as_of: days.asOf, complete_until: days.completeUntil, ...billedResourcesDays(config) });
  return new Map(rows.map((r) => [r.kind!, r.resources ?? 0]));
}

/**
 * On Athena: every rule that reads metrics or the inventory, none of which Athena holds, with the
 * resources of its kind the bill charged in its look-back when `counted` (one more query on the CUR table).
 */
export async function notRunOnAthena(engine: Engine, config: IdleConfig, days: Pick<IdleRuleDays, 'asOf' | 'completeUntil'>, counted: boolean): Promise<IdleRuleNotRun[]> {
  const billed = counted ? await billedByKind(engine, config, days) : null;
  return READING_RULES.map((r) => ({
    rule: r.id, kind: r.kind, lookbackDays: r.lookbackDays(config), billedResources: billed ? billed.get(r.kind) ?? 0 : null,
    reason: `reads ${r.source}, which only the local store holds (--engine athena)`,
  }));
}

/**
 * On the local store: the rules whose metrics the store holds none of (`withoutMetrics`: the `what`
 * of each metric need of idleMetricNeeds (rule-table.ts) whose coverage found no row of its metric, at any
 * time) or, for the inventory rule (`ebs-unattached`), no inventory at all, and whose kind the bill charged in their
 * look-back (a rule with nothing billed to judge is left out). Reads the store's telemetry and, only
 * when some rule lacks its data, the billed resources.
 */
export async function notRunLocally(engine: Engine, config: IdleConfig, days: Pick<IdleRuleDays, 'asOf' | 'completeUntil'>, withoutMetrics: ReadonlySet<string>): Promise<IdleRuleNotRun[]> {
  const telemetry = await runQuery(engine, 'store/telemetry_summary');
  const inventoryRows = telemetry.find((t) => t.table_name === 'resources')?.rows ?? 0;
  const lacking = READING_RULES.filter((r) => (r.reads === 'inventory' ? inventoryRows === 0 : withoutMetrics.has(r.need(config).what)));
  if (lacking.length === 0) return [];
  const billed = await billedByKind(engine, config, days);
  return lacking.filter((r) => (billed.get(r.kind) ?? 0) > 0).map((r) => ({
    rule: r.id, kind: r.kind, lookbackDays: r.lookbackDays(config), billedResources: billed.get(r.kind) ?? 0,
    reason: r.reads === 'inventory' ? `reads ${r.source}, and the store holds no inventory` : `reads ${r.source}, and the store holds none`,
  }));
}

/** What a kind is called: `EC2 instance`, `EBS volume`. */
const KIND_NOUNS: Record<ResourceKind, string> = {
  'ec2-instance': 'EC2 instance', 'ebs-volume': 'EBS volume', 'elastic-ip': 'Elastic IP address', 'load-balancer': 'load balancer',
  'rds-instance': 'RDS instance', 'nat-gateway': 'NAT gateway',
};

/**
 * One line per rule, as the table writes them under it (`Not run: …`) and csv and json on stderr:
 * `ec2-low-utilisation reads EC2 CPU and network metrics (…), which only the local store holds
 * (--engine athena): 92 EC2 instances billed in its 14-day look-back were not judged by it`.
 */
export function idleNotRunLines(notRun: readonly IdleRuleNotRun[]): string[] {
  return notRun.map((r) => {
    const noun = KIND_NOUNS[r.kind];
    const billed = r.billedResources === null ? ''
      : r.billedResources === 0 ? `: no ${noun} was billed in its ${r.lookbackDays}-day look-back`
        : `: ${r.billedResources.toLocaleString('en-US')} ${pluralNoun(r.billedResources, noun)} billed in its ${r.lookbackDays}-day look-back`
          + ` ${r.billedResources === 1 ? 'was' : 'were'} not judged by it`;
    return `${r.rule} ${r.reason}${billed}`;
  });
}

/** What to do about them, after the lines: run idle where the data is, or bring the data to the store. */
export function idleNotRunHint(notRun: readonly IdleRuleNotRun[]): string | null {
  if (notRun.length === 0) return null;
  return notRun.some((r) => r.reason.endsWith('(--engine athena)'))
    ? 'run costlens idle on the local store (--engine duckdb) for them, after costlens pull metrics and costlens pull inventory'
    : 'ingest a metrics CSV and an inventory CSV (costlens ingest metrics.csv inventory.csv; README, "Ingest") or run costlens pull metrics and costlens pull inventory';
}
