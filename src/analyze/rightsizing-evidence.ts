/**
 * The look-back figures of one instance, summarised from its daily rows, and the sentences
 * that explain a recommendation from them.
 */
import type { InstanceType } from '../catalogue/ec2.ts';
import type { RightsizingConfig } from './optimisation-config.ts';
import { num } from './findings.ts';
import { burstableBaseline, project, type SizeFit } from './rightsizing-sizes.ts';

/** A row of instance_utilisation.sql: one instance's look-back, summarised from its daily figures. */
export interface UtilisationRow {
  resource_id: string;
  service: string;
  days_observed: string;
  days_from_statistic: string;
  cpu_figure: string | null;
  cpu_maximum: string | null;
  cpu_average: string | null;
  memory_days: string;
  memory_figure: string | null;
  memory_days_statistic: string;
  memory_days_maximum: string;
  memory_days_average: string;
}

/** The look-back figures of one instance. */
export interface DaySummary {
  /** Days with a CPU figure (the percentile statistic, else the Maximum). */
  daysObserved: number;
  /** The configured percentile over the daily CPU figures; null without data. */
  cpuFigure: number | null;
  /** Which statistic the daily figures came from. */
  cpuBasis: string;
  /** Highest daily Maximum (or percentile figure when no Maximum exists). */
  cpuMaximum: number | null;
  /** Mean of the daily Averages. */
  cpuAverage: number | null;
  memoryFigure: number | null;
  memoryBasis: string | null;
}

const value = (v: string | null | undefined): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/** The summary of an instance without any CPU row in the look-back. */
export const NO_DAYS: DaySummary = {
  daysObserved: 0, cpuFigure: null, cpuBasis: 'no data', cpuMaximum: null, cpuAverage: null, memoryFigure: null, memoryBasis: null,
};

/**
 * Names the statistics behind a summary row: per day the percentile statistic (e.g. p99.5) where
 * CloudWatch provides it, else the day's Maximum (an upper bound of any percentile, so the
 * fallback errs towards bigger sizes); memory likewise, falling back to the daily Average (the
 * CloudWatch agent's usual statistic). The percentile across days is taken in SQL.
 */
export function summariseUtilisation(row: UtilisationRow, statistic: string): DaySummary {
  const daysObserved = Number(row.days_observed);
  const fromStatistic = Number(row.days_from_statistic);
  const fallbackDays = daysObserved - fromStatistic;
  const cpuBasis = fallbackDays === 0 ? `${statistic} statistic`
    : fromStatistic === 0 ? 'daily Maximum (no percentile statistic)'
    : `${statistic} statistic (daily Maximum on ${fallbackDays} days)`;
  const memoryDays = Number(row.memory_days);
  const memorySources = ([[row.memory_days_statistic, statistic], [row.memory_days_maximum, 'Maximum'], [row.memory_days_average, 'Average']] as const)
    .filter(([days]) => Number(days) > 0).map(([, name]) => name);
  return {
    daysObserved,
    cpuFigure: value(row.cpu_figure),
    cpuBasis,
    cpuMaximum: value(row.cpu_maximum),
    cpuAverage: value(row.cpu_average),
    memoryFigure: value(row.memory_figure),
    memoryBasis: memoryDays > 0 ? `mem_used_percent ${memorySources.join('/')} on ${memoryDays} days` : null,
  };
}

/** Why terminate: the highest CPU of the look-back is at or below the threshold. */
export function explainTerminate(days: DaySummary, config: RightsizingConfig): string {
  return `maximum CPU ${num(days.cpuMaximum)} % over the last ${config.lookbackDays} days (${days.daysObserved} days of data)`
    + ` is at or below ${config.terminateMaxCpuPercent} %`;
}

/** Why this size: the percentile, its projection onto the new size, and the target. */
export function explainDownsize(days: DaySummary, config: RightsizingConfig, current: InstanceType, fit: SizeFit, name: string, target: number): string {
  const cpu = `p${config.cpuPercentile} CPU ${num(days.cpuFigure)} % over ${days.daysObserved} days (${days.cpuBasis})`
    + ` × ${current.vcpu}/${fit.type.vcpu} vCPU = ${num(fit.projectedCpu)} % on ${name}`;
  const memory = fit.projectedMemory === null ? 'memory not measured'
    : `memory ${num(days.memoryFigure)} % × ${current.memoryGib}/${fit.type.memoryGib} GiB = ${num(fit.projectedMemory)} %`;
  const baseline = burstableBaseline(fit.type);
  const burst = baseline === null ? ''
    : `; average CPU ${num(days.cpuAverage)} % × ${current.vcpu}/${fit.type.vcpu} = ${num(project(days.cpuAverage ?? days.cpuFigure ?? 0, current.vcpu, fit.type.vcpu))} % within ${name}'s burstable baseline ${baseline} %`;
  return `${cpu}; ${memory}; target ≤ ${target} % (headroom ${config.headroomPercent} %)${burst}; maximum CPU ${num(days.cpuMaximum)} %`;
}
