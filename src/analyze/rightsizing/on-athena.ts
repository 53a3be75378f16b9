/**
 * Rightsizing with `--engine athena`. Every part of it judges from metrics: EC2 and RDS from their
 * CPU (and memory) on every look-back day, Lambda from its Duration metrics and the inventory's
 * memory size; the bill only prices what the metrics decide. Athena holds the bill alone, so no
 * part of it can run there: the report has no recommendation, and says why and how many instances
 * the bill charged in the look-back (queries/optimisation/billed_resources.sql on the CUR table),
 * with its as-of day, look-back and cost window from the CUR table's data horizon.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import type { RightsizingConfig } from '../optimisation-config.ts';
import { MONTHLY_COST_DAYS, costWindowOnBill, findingsAsOf, lookbackRange } from '../findings-window.ts';
import { findingsSpan } from '../idle/index.ts';
import type { MetricCoverage } from '../metric-coverage.ts';
import { readUsageWithoutType } from '../usage-without-type.ts';
import type { RightsizingNotRun, RightsizingOptions, RightsizingReport } from './report.ts';
import type { InstancesWithoutCpu } from './without-metrics.ts';
import { pluralNoun } from '../../lib/text.ts';

/** Why nothing runs on Athena. */
export const RIGHTSIZING_NOT_ON_ATHENA = 'rightsizing reads CPU and memory metrics (EC2 and RDS CPUUtilization, the CloudWatch agent\'s mem_used_percent,'
  + ' RDS FreeableMemory) and, for Lambda, Duration metrics and the inventory\'s memory sizes, which only the local store holds (--engine athena)';

const NO_METRICS: MetricCoverage = { metricRows: 0, resources: 0, usableResources: 0, unusable: [], summary: '' };

/** The report of rightsizing on Athena: no recommendation, and `notRun` saying why (see the module comment). */
export async function rightsizingOnAthena(engine: Engine, config: RightsizingConfig, options: RightsizingOptions = {}): Promise<RightsizingReport> {
  const span = await findingsSpan(engine);
  const asOf = await findingsAsOf(engine, options.asOf, { span });
  const costWindow = lookbackRange(asOf, MONTHLY_COST_DAYS);
  const lookback = lookbackRange(asOf, config.lookbackDays);
  const { held, countedEnd } = await costWindowOnBill(engine, costWindow, { span });
  const days = String(config.lookbackDays);
  const [billed, untyped] = await Promise.all([
    runQuery(engine, 'optimisation/billed_resources', {
      as_of: asOf, complete_until: countedEnd, ec2_days: days, rds_days: days, ebs_days: '0', load_balancer_days: '0', nat_days: '0',
    }),
    options.usageWithoutType ? readUsageWithoutType(engine, { start: lookback.start, end: countedEnd }) : null,
  ]);
  const count = (kind: string) => billed.find((r) => r.kind === kind)?.resources ?? 0;
  return {
    asOf, lookback, costWindow, costWindowHeld: held, recommendations: [], nothingToSave: [], skipped: [], metricCoverage: NO_METRICS, lambdaMetricCoverage: NO_METRICS,
    withoutCpuMetrics: { ec2: 0, rds: 0 }, usageWithoutType: untyped, totalSavingBill: '0.00', totalSavingCommitment: '0.00',
    notRun: { reason: RIGHTSIZING_NOT_ON_ATHENA, billedInstances: { ec2: count('ec2-instance'), rds: count('rds-instance') }, lookbackDays: config.lookbackDays },
  };
}

/** `92 EC2 instances and 6 RDS instances`, `1 EC2 instance`, `no EC2 or RDS instance`. */
function instancesText(billed: InstancesWithoutCpu): string {
  const one = (n: number, service: string) => `${n.toLocaleString('en-US')} ${service} ${pluralNoun(n, 'instance')}`;
  const parts = [billed.ec2 > 0 ? one(billed.ec2, 'EC2') : null, billed.rds > 0 ? one(billed.rds, 'RDS') : null].filter((p) => p !== null);
  return parts.length === 0 ? 'no EC2 or RDS instance' : parts.join(' and ');
}

/**
 * What the report says of it, or null when rightsizing ran: `rightsizing reads CPU and memory
 * metrics (…), which only the local store holds (--engine athena): 92 EC2 instances and 6 RDS
 * instances billed in its 14-day look-back were not judged; run costlens rightsize on the local store …`.
 */
export function rightsizingNotRunNote(notRun: RightsizingNotRun | null): string | null {
  if (notRun === null) return null;
  const n = notRun.billedInstances.ec2 + notRun.billedInstances.rds;
  const billed = n === 0 ? `${instancesText(notRun.billedInstances)} was billed in its ${notRun.lookbackDays}-day look-back`
    : `${instancesText(notRun.billedInstances)} billed in its ${notRun.lookbackDays}-day look-back ${n === 1 ? 'was' : 'were'} not judged`;
  return `${notRun.reason}: ${billed}; run costlens rightsize on the local store (--engine duckdb) after costlens pull metrics and costlens pull inventory`;
}
