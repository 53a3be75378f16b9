/**
 * The EC2 and RDS instances rightsizing cannot judge because the store holds no CPU metric for
 * them at all (a store of the bill alone: no metrics ingested, no `costlens pull metrics`), and
 * the line that says so: without it a report of "0 recommendations" reads as if every billed
 * instance had been judged the right size.
 */
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { unusableMetricsNotes, type MetricCoverage } from '../metric-coverage.ts';
import { usageWithoutTypeNote, type UsageWithoutType } from '../usage-without-type.ts';
import { pluralNoun } from '../../lib/text.ts';

/** How many instances billed in the look-back have no CPU metric in the store, per service. */
export interface InstancesWithoutCpu {
  ec2: number;
  rds: number;
}

/** The counts of queries/optimisation/instances_without_cpu.sql's rows (one per service that has any). */
export function instancesWithoutCpu(rows: readonly QueryRowTypes['optimisation/instances_without_cpu'][]): InstancesWithoutCpu {
  const count = (service: string) => rows.find((r) => r.service === service)?.instances ?? 0;
  return { ec2: count('ec2'), rds: count('rds') };
}

/** `96 EC2 instances`, `1 RDS instance`. */
function instances(n: number, service: string): string {
  return `${n} ${service} ${pluralNoun(n, 'instance')}`;
}

/**
 * What the report says of them, or null when there are none: `96 EC2 instances and 3 RDS
 * instances billed in the look-back have no CPU metrics in the store, so they were not judged:
 * ingest a metrics CSV or run costlens pull metrics (…)`.
 */
export function withoutCpuMetricsNote(counts: InstancesWithoutCpu): string | null {
  const parts = [counts.ec2 > 0 ? instances(counts.ec2, 'EC2') : null, counts.rds > 0 ? instances(counts.rds, 'RDS') : null].filter((p) => p !== null);
  if (parts.length === 0) return null;
  const verb = counts.ec2 + counts.rds === 1 ? 'has' : 'have';
  const they = counts.ec2 + counts.rds === 1 ? 'it was' : 'they were';
  return `${parts.join(' and ')} billed in the look-back ${verb} no CPU metrics in the store, so ${they} not judged:`
    + ' ingest a metrics CSV (costlens ingest metrics.csv; README, "Ingest") or run costlens pull metrics';
}

/**
 * What rightsizing says of the look-back's AWS usage lines without a usage type (a FOCUS 1.0
 * export): it finds instances and their hours by the usage type, so it judged none of theirs, where
 * "0 recommendations" alone would read as a fleet of the right size.
 */
export function rightsizingUsageWithoutTypeNote(usage: UsageWithoutType): string {
  return usageWithoutTypeNote(usage, 'rightsizing cannot find their instances and hours and judged none of them');
}

/**
 * Rightsizing's `Metrics:` lines after the one of the instances without CPU metrics
 * ({@link withoutCpuMetricsNote}): its CPU and Lambda metrics that left some resources unusable
 * (unusableMetricsNotes), as `costlens rightsize` prints them and the Optimisation page shows them.
 */
export function rightsizingMetricsNotes(report: { metricCoverage: MetricCoverage; lambdaMetricCoverage: MetricCoverage }): string[] {
  return unusableMetricsNotes([report.metricCoverage, report.lambdaMetricCoverage]);
}
