/**
 * What rightsizing is asked (its options) and what it answers (its report), on either engine:
 * recommend.ts on the local store, on-athena.ts with `--engine athena`.
 */
import type { RdsCatalogue } from '../../catalogue/rds.ts';
import type { CostWindowHeld, DateRange } from '../findings-window.ts';
import type { MetricCoverage } from '../metric-coverage.ts';
import type { UsageWithoutType } from '../usage-without-type.ts';
import type { RightsizingRecommendation, SkippedInstance } from './types.ts';
import type { InstancesWithoutCpu } from './without-metrics.ts';
import type { RightsizingNothingToSave } from './nothing-to-save.ts';

export interface RightsizingOptions {
  /** YYYY-MM-DD; the look-back ends at the start of this day. Default: the day after the data horizon (defaultFindingsAsOf). */
  asOf?: string;
  /** RDS list prices (default: the shipped data/rds/instance-prices.csv). */
  rdsCatalogue?: RdsCatalogue;
  /** Also read the look-back's usage lines without a usage type (`usageWithoutType`): one more query, for the callers that show it (the CLI, the Optimisation page). */
  usageWithoutType?: boolean;
}

/** Why rightsizing judged nothing, and the instances the bill charged in its look-back (on-athena.ts). */
export interface RightsizingNotRun {
  /** A clause: what rightsizing reads that the engine does not hold. */
  reason: string;
  /** EC2 and RDS instances billed in the look-back (by resource id), none of them judged. */
  billedInstances: InstancesWithoutCpu;
  lookbackDays: number;
}

export interface RightsizingReport {
  asOf: string;
  lookback: DateRange;
  costWindow: DateRange;
  /** The days of the cost window the store's billing data holds, the only days its sums count (no partial day after the data horizon): savings are scaled from their hours to a month of 730 h (see savings.ts windowToMonth). */
  costWindowHeld: CostWindowHeld;
  /** The recommendations that save something on the bill (in cash or commitment freed), largest cash saving first. */
  recommendations: RightsizingRecommendation[];
  /** Those whose move (and alternative) saves nothing in cash or commitment (nothing-to-save.ts): not findings, counted apart with why. */
  nothingToSave: RightsizingNothingToSave[];
  skipped: SkippedInstance[];
  /** The CPU metrics in the store and how many instances they made usable (with reasons for the rest). */
  metricCoverage: MetricCoverage;
  /** The same for Lambda's Duration metrics and functions. */
  lambdaMetricCoverage: MetricCoverage;
  /** EC2 and RDS instances billed in the look-back without a CPU metric in the store (none judged): queries/optimisation/instances_without_cpu.sql. */
  withoutCpuMetrics: InstancesWithoutCpu;
  /** AWS usage lines of the look-back without a usage type (a FOCUS 1.0 export), whose instances rightsizing cannot find; null when there are none, or when the options did not ask for them. */
  usageWithoutType: UsageWithoutType | null;
  /** Why rightsizing judged nothing at all (with `--engine athena`: it reads metrics Athena does not hold), with the instances billed in its look-back; null when it ran. */
  notRun: RightsizingNotRun | null;
  /** Sum of the cash savings on the bill (monthlySavingBill), to the cent. */
  totalSavingBill: string;
  /** Sum of the savings that only free commitment (monthlySavingCommitment), to the cent; not cash. */
  totalSavingCommitment: string;
}
