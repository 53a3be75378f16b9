/**
 * The queries of the primary rules of `costlens idle` (metrics, inventory, the bill's idle-address charge): for each, the query in
 * queries/optimisation/, its parameters from the `idle:` config, and how a returned row becomes
 * a finding (rule id, evidence, thresholds, action, confidence). Which rule reads what, and the
 * kind of resource it judges, is the rule table's (rule-table.ts).
 */
import type { RawParams } from '../../engine/duckdb.ts';
import type { CellRow } from '../../engine/engine.ts';
import { CostlensError } from '../../errors.ts';
import { numberOfUnits } from '../../lib/money.ts';
import type { IdleConfig } from '../optimisation-config.ts';
import { findingMoney, megabytes, num, type Confidence, type FindingMoney, type Evidence, type IdleFinding, type IdleRuleId } from '../findings.ts';
import { MONTHLY_COST_DAYS } from '../findings-window.ts';
import type { IdleRuleDays } from './rule-days.ts';

/** A row of a rule's query, typed by its @returns (src/engine/conversion/). */
export type Row = CellRow;

/** A finding as a rule's query gives it: its kind is its rule's, from the rule table (find.ts adds it). */
export type RuleFinding = Omit<IdleFinding, 'kind'>;

/** One query that yields findings (of one rule or several). */
export interface IdleRuleQuery {
  query: string;
  params(config: IdleConfig, days: IdleRuleDays): RawParams;
  toFindings(row: Row, config: IdleConfig): RuleFinding[];
}

/** A number cell (null stays null): a count or a DOUBLE; a DECIMAL as the double nearest it. */
export function n(row: Row, column: string): number | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return numberOfUnits(v);
  throw new CostlensError('internal', `idle: column ${column} holds a ${typeof v}, not a number`);
}

/** A DECIMAL (money) cell in units; NULL is 0. */
export function units(row: Row, column: string): bigint {
  const v = row[column];
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'bigint') return v;
  throw new CostlensError('internal', `idle: column ${column} holds a ${typeof v}, not a DECIMAL`);
}

/** A text cell (VARCHAR, DATE, TIMESTAMP); null stays null. */
export function text(row: Row, column: string): string | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  throw new CostlensError('internal', `idle: column ${column} holds a ${typeof v}, not text`);
}

/** The parts every finding takes from its row: ids, its money (window cost, hourly rate, run-rate, all of it saved in cash until idle/commitments.ts splits it) and the two date ranges. */
export function base(row: Row, rule: IdleRuleId): Pick<IdleFinding,
  'rule' | 'resourceId' | 'accountId' | 'region' | 'usageType' | keyof FindingMoney | 'costWindow' | 'lookback' | 'alsoMatched'> {
  return {
    rule,
    resourceId: text(row, 'resource_id'),
    accountId: text(row, 'account_id'),
    region: text(row, 'region'),
    usageType: null,
    ...findingMoney(units(row, 'window_cost'), units(row, 'hourly_rate')),
    costWindow: { start: text(row, 'cost_start')!, end: text(row, 'cost_end')! },
    lookback: { start: text(row, 'window_start')!, end: text(row, 'window_end')! },
    alsoMatched: [],
  };
}

const finding = (
  common: ReturnType<typeof base>,
  evidence: Evidence,
  thresholds: Record<string, number>,
  explanation: string,
  action: string,
  confidence: Confidence,
  alsoMatched: IdleRuleId[] = [],
): RuleFinding => ({ ...common, evidence, thresholds, explanation, action, confidence, alsoMatched });

/**
 * The parameters every rule's query takes from the run's days: as_of, data_horizon (its current
 * rates), the 30-day cost window and complete_until (no partial day's line is counted).
 */
export const dayParams = (d: IdleRuleDays): RawParams => ({
  as_of: d.asOf, data_horizon: d.dataHorizon, cost_days: String(MONTHLY_COST_DAYS), complete_until: d.completeUntil,
});

export const EC2_LOW_UTILISATION: IdleRuleQuery = {
  query: 'optimisation/idle_ec2_instances',
  params: (c, d) => ({
    ...dayParams(d), lookback_days: String(c.ec2.lookbackDays), cpu_max_percent: String(c.ec2.cpuMaxPercent),
    network_max_bytes: String(c.ec2.networkMaxMB * 1e6), min_days: String(c.ec2.minDays),
  }),
  toFindings(row, c) {
    const observed = n(row, 'days_observed')!;
    const low = n(row, 'low_days')!;
    const evidence: Evidence = {
      instanceType: text(row, 'instance_type'),
      lowDays: low,
      daysObserved: observed,
      maxCpuAverageOnLowDays: n(row, 'max_cpu_average_low_days'),
      maxNetworkBytesOnLowDays: n(row, 'max_network_bytes_low_days'),
      maxCpuAverage: n(row, 'max_cpu_average'),
    };
    const explanation = `daily CPU average ≤ ${c.ec2.cpuMaxPercent} % and network in+out ≤ ${c.ec2.networkMaxMB} MB on ${low} of the last ${c.ec2.lookbackDays} days`
      + ` (CPU data on ${observed} days); on those days CPU average ≤ ${num(evidence.maxCpuAverageOnLowDays as number)} %,`
      + ` network ≤ ${megabytes(evidence.maxNetworkBytesOnLowDays as number)}; highest daily CPU average ${num(evidence.maxCpuAverage as number)} %`;
    const allLow = low === observed && observed >= c.ec2.lookbackDays;
    return [finding(base(row, 'ec2-low-utilisation'), evidence, {
      'idle.ec2.cpuMaxPercent': c.ec2.cpuMaxPercent, 'idle.ec2.networkMaxMB': c.ec2.networkMaxMB,
      'idle.ec2.minDays': c.ec2.minDays, 'idle.ec2.lookbackDays': c.ec2.lookbackDays,
    }, explanation, 'stop or terminate the instance (create an AMI first), or downsize it (costlens rightsize)', allLow ? 'high' : 'medium')];
  },
};

export const EBS_VOLUMES: IdleRuleQuery = {
  query: 'optimisation/idle_ebs_volumes',
  params: (c, d) => ({ ...dayParams(d), days: String(c.ebs.days), max_ops_per_day: String(c.ebs.maxIopsPerDay) }),
  toFindings(row, c) {
    const observed = n(row, 'days_observed')!;
    const maxOps = n(row, 'max_daily_ops');
    const lowIo = observed >= c.ebs.days && maxOps !== null && maxOps < c.ebs.maxIopsPerDay;
    const evidence: Evidence = {
      volumeType: text(row, 'volume_type'),
      state: text(row, 'state'),
      attachedTo: text(row, 'attached_to'),
      observedAt: text(row, 'observed_at'),
      daysObserved: observed,
      maxDailyOps: maxOps,
      totalOps: n(row, 'total_ops'),
    };
    const io = observed > 0 ? `${num(maxOps)} read+write operations on its busiest of ${observed} days with data` : 'no I/O metrics';
    const thresholds = { 'idle.ebs.maxIopsPerDay': c.ebs.maxIopsPerDay, 'idle.ebs.days': c.ebs.days };
    if (row.rule === 'ebs-unattached') {
      return [finding(base(row, 'ebs-unattached'), evidence, thresholds,
        `inventory of ${text(row, 'observed_at')} shows state ${text(row, 'state')} and no attachment; ${io} in the last ${c.ebs.days} days`,
        'snapshot the volume, then delete it', 'high', lowIo ? ['ebs-low-iops'] : [])];
    }
    return [finding(base(row, 'ebs-low-iops'), evidence, thresholds,
      `fewer than ${c.ebs.maxIopsPerDay} read+write operations a day on each of the last ${c.ebs.days} days (${io})`
        + (row.attached_to ? `; attached to ${text(row, 'attached_to')}` : ''),
      'check whether the instance still needs the volume; snapshot and delete it if not', 'medium')];
  },
};

export const ELASTIC_IPS: IdleRuleQuery = {
  query: 'optimisation/idle_elastic_ips',
  params: (c, d) => ({ ...dayParams(d), days: String(c.elasticIp.days), min_idle_hours: String(c.elasticIp.minIdleHours) }),
  toFindings(row, c) {
    const hours = n(row, 'idle_hours')!;
    const addresses = n(row, 'address_count') ?? 1;
    const perAddress = hours / addresses;
    const windowHours = c.elasticIp.days * 24;
    const common = { ...base(row, 'eip-idle-address'), usageType: row.resource_id ? null : text(row, 'usage_type') };
    const billed = row.resource_id
      ? `billed ${num(hours)} idle-address hours (${text(row, 'usage_type')}) of the last ${windowHours} hours`
      // Several addresses are one finding (the heading's `1 found`) because the bill's lines name none of them: it says so.
      : `billed ${num(hours)} address-hours (${text(row, 'usage_type')}, no resource id in the bill${addresses > 1 ? ': one finding for every address its lines hold' : ''})`
        + ` over ${num(n(row, 'hours_spanned'))} hours, about ${addresses} address${addresses === 1 ? '' : 'es'}: ${num(perAddress)} idle hours each of the last ${windowHours} hours`;
    return [finding(common, {
      usageType: text(row, 'usage_type'),
      idleHours: hours,
      hoursSpanned: n(row, 'hours_spanned'),
      addressCount: addresses,
      idleHoursPerAddress: perAddress,
      idleDays: n(row, 'idle_days'),
      firstIdle: text(row, 'first_idle'),
      lastIdle: text(row, 'last_idle'),
    }, { 'idle.elasticIp.days': c.elasticIp.days, 'idle.elasticIp.minIdleHours': c.elasticIp.minIdleHours },
    billed, 'release the address, or associate it with a running instance', perAddress >= 0.9 * windowHours ? 'high' : 'medium')];
  },
};

export const LOAD_BALANCERS: IdleRuleQuery = {
  query: 'optimisation/idle_load_balancers',
  params: (c, d) => ({ ...dayParams(d), days: String(c.loadBalancer.days), max_requests_per_day: String(c.loadBalancer.maxRequestsPerDay) }),
  toFindings(row, c) {
    const noTargets = row.no_healthy_targets === true;
    const lowRequests = row.low_requests === true;
    const maxRequests = n(row, 'max_daily_requests');
    const evidence: Evidence = {
      daysObserved: n(row, 'days_observed'),
      maxDailyRequests: maxRequests,
      totalRequests: n(row, 'total_requests'),
      daysWithHostCount: n(row, 'days_with_host_count'),
      maxHealthyHosts: n(row, 'max_healthy_hosts'),
    };
    const thresholds = { 'idle.loadBalancer.maxRequestsPerDay': c.loadBalancer.maxRequestsPerDay, 'idle.loadBalancer.days': c.loadBalancer.days };
    const requests = maxRequests === null ? 'no request metrics' : `at most ${num(maxRequests, 0)} requests a day (${num(evidence.totalRequests as number, 0)} in all)`;
    if (noTargets) {
      return [finding(base(row, 'lb-no-healthy-targets'), evidence, thresholds,
        `no healthy targets (HealthyHostCount 0) on each of the last ${c.loadBalancer.days} days; ${requests}`,
        'delete the load balancer, or fix its targets', 'high', lowRequests ? ['lb-low-requests'] : [])];
    }
    return [finding(base(row, 'lb-low-requests'), evidence, thresholds,
      `fewer than ${c.loadBalancer.maxRequestsPerDay} requests on each of the last ${c.loadBalancer.days} days: ${requests}`,
      'delete the load balancer, or consolidate it with another', evidence.totalRequests === 0 ? 'high' : 'medium')];
  },
};

export const RDS_INSTANCES: IdleRuleQuery = {
  query: 'optimisation/idle_rds_instances',
  params: (c, d) => ({ ...dayParams(d), days: String(c.rds.days), max_connections: String(c.rds.maxConnections) }),
  toFindings(row, c) {
    const evidence: Evidence = {
      instanceClass: text(row, 'instance_class'),
      daysObserved: n(row, 'days_observed'),
      maxDailyConnections: n(row, 'max_daily_connections'),
      maxCpu: n(row, 'max_cpu'),
    };
    return [finding(base(row, 'rds-no-connections'), evidence,
      { 'idle.rds.maxConnections': c.rds.maxConnections, 'idle.rds.days': c.rds.days },
      `at most ${num(evidence.maxDailyConnections as number)} database connections on each of the last ${c.rds.days} days`
        + ` (data on ${evidence.daysObserved} days); highest CPU ${num(evidence.maxCpu as number)} %`,
      'stop or delete the DB instance (take a final snapshot first)', 'high')];
  },
};

export const NAT_GATEWAYS: IdleRuleQuery = {
  query: 'optimisation/idle_nat_gateways',
  params: (c, d) => ({ ...dayParams(d), days: String(c.natGateway.days), max_bytes_out: String(c.natGateway.maxBytesOut) }),
  toFindings(row, c) {
    const evidence: Evidence = {
      daysObserved: n(row, 'days_observed'),
      maxDailyBytesOut: n(row, 'max_daily_bytes_out'),
      totalBytesOut: n(row, 'total_bytes_out'),
    };
    return [finding(base(row, 'nat-no-traffic'), evidence,
      { 'idle.natGateway.maxBytesOut': c.natGateway.maxBytesOut, 'idle.natGateway.days': c.natGateway.days },
      `at most ${num(evidence.maxDailyBytesOut as number, 0)} bytes sent to destinations on each of the last ${c.natGateway.days} days`
        + ` (data on ${evidence.daysObserved} days)`,
      'delete the NAT gateway and release its Elastic IP (check the route tables first)', 'high')];
  },
};

/** The day before `day` (YYYY-MM-DD). */
function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * A finding whose resource has no charge on the last complete day of the window it is judged on
 * (the data horizon, or the day before as-of when that comes first) is already gone: its query
 * gave it no current rate and the end of its latest charge as charged_until (NULL while it is
 * charged, however early in that day its charges end), so it saves nothing, and its evidence and
 * explanation say on which day it was last charged.
 */
export function withChargesStopped<F extends Pick<IdleFinding, 'evidence' | 'explanation' | 'action'>>(row: Row, f: F): F {
  const until = text(row, 'charged_until');
  const end = text(row, 'window_end');
  if (until === null || end === null) return f;
  const lastDay = until.endsWith(' 00:00:00') ? dayBefore(until.slice(0, 10)) : until.slice(0, 10);
  return {
    ...f,
    evidence: { ...f.evidence, lastChargedOn: lastDay },
    explanation: `${f.explanation}; last charged on ${lastDay} (its charges end ${until}, before the window's end ${end}): already gone, no current rate, nothing left to save`,
    action: 'none: the bill stopped charging it; check that it was deleted on purpose',
  };
}
