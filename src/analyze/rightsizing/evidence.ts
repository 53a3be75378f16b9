/**
 * The look-back figures of one instance, summarised from its daily rows, and the sentences
 * that explain a recommendation from them.
 */
import type { QueryRowTypes } from '../../engine/query-types.ts';
import type { InstanceType } from '../../catalogue/ec2.ts';
import type { RightsizingConfig } from '../optimisation-config.ts';
import { num } from '../findings.ts';
import { burstableBaseline, project, type SizeFit } from './sizes.ts';

/** A row of instance_utilisation.sql: one instance's look-back, summarised from its daily figures. */
export type UtilisationRow = QueryRowTypes['optimisation/instance_utilisation'];

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
  /** Highest daily Average (burstable credits are earned and spent by the day); null without Averages. */
  cpuAverageBusiestDay: number | null;
  memoryFigure: number | null;
  memoryBasis: string | null;
  /** The metric periods (seconds) the CPU days were derived from: finest and coarsest; null without data. */
  periods: { finest: number; coarsest: number } | null;
  /** How each day's CPU percentile was obtained (see queries/metrics/metric_days.cte.sql). */
  percentileDerivation: { cloudwatchDaily: number; exact: number; upperBound: number };
  /** RDS FreeableMemory: the lowest daily Minimum (else Average) in bytes, and on how many days; null when not measured. */
  freeableMemory: { bytes: number; days: number; daysMinimum: number } | null;
}

const value = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : v);

/** The summary of an instance without any CPU row in the look-back. */
export const NO_DAYS: DaySummary = {
  daysObserved: 0, cpuFigure: null, cpuBasis: 'no data', cpuMaximum: null, cpuAverage: null, cpuAverageBusiestDay: null, memoryFigure: null, memoryBasis: null,
  periods: null, percentileDerivation: { cloudwatchDaily: 0, exact: 0, upperBound: 0 }, freeableMemory: null,
};

/**
 * Names the statistics behind a summary row: per day the percentile statistic (e.g. p99.5) where
 * CloudWatch provides it, else the day's Maximum (an upper bound of any percentile, so the
 * fallback errs towards bigger sizes); memory likewise, falling back to the daily Average (the
 * CloudWatch agent's usual statistic). The percentile across days is taken in SQL; so is the
 * daily figure of rows finer than a day (queries/metrics/metric_days.cte.sql), which the basis
 * names: an exact percentile of raw samples, or the max of finer percentiles (an upper bound).
 */
export function summariseUtilisation(row: UtilisationRow, statistic: string): DaySummary {
  const daysObserved = row.days_observed ?? 0;
  const fromStatistic = row.days_from_statistic ?? 0;
  const exact = row.days_exact_percentile ?? 0;
  const upperBound = row.days_percentile_upper_bound ?? 0;
  const fallbackDays = daysObserved - fromStatistic;
  const periods = row.finest_period_s === null || row.coarsest_period_s === null ? null
    : { finest: row.finest_period_s, coarsest: row.coarsest_period_s };
  const derived = [
    exact > 0 ? `exact ${statistic} of raw ${periodText(periods, true)} samples on ${exact} days` : '',
    upperBound > 0 ? `max of ${periodText(periods, false)} ${statistic} on ${upperBound} days (an upper bound)` : '',
  ].filter(Boolean).join(', ');
  const cpuBasis = (fallbackDays === 0 ? `${statistic} statistic`
    : fromStatistic === 0 ? 'daily Maximum (no percentile statistic)'
    : `${statistic} statistic (daily Maximum on ${fallbackDays} days)`)
    + (derived ? `; daily ${statistic}: ${derived}` : '')
    + (periods && periods.finest < 86400 && !derived ? `; daily figures from ${periodText(periods, false)} rows` : '');
  const memoryDays = row.memory_days ?? 0;
  const memorySources = ([[row.memory_days_statistic, statistic], [row.memory_days_maximum, 'Maximum'], [row.memory_days_average, 'Average']] as const)
    .filter(([days]) => (days ?? 0) > 0).map(([, name]) => name);
  const freeableDays = row.freeable_memory_days ?? 0;
  return {
    daysObserved,
    cpuFigure: value(row.cpu_figure),
    cpuBasis,
    cpuMaximum: value(row.cpu_maximum),
    cpuAverage: value(row.cpu_average),
    cpuAverageBusiestDay: value(row.cpu_average_busiest_day),
    memoryFigure: value(row.memory_figure),
    memoryBasis: memoryDays > 0 ? `mem_used_percent ${memorySources.join('/')} on ${memoryDays} days` : null,
    periods,
    percentileDerivation: { cloudwatchDaily: fromStatistic - exact - upperBound, exact, upperBound },
    freeableMemory: freeableDays > 0 && row.freeable_memory_bytes !== null
      ? { bytes: (row.freeable_memory_bytes ?? 0), days: freeableDays, daysMinimum: (row.freeable_memory_days_minimum ?? 0) } : null,
  };
}

/** "300 s" or "300–3600 s" (the periods the days came from). */
function periodText(periods: DaySummary['periods'], finestOnly: boolean): string {
  if (!periods) return 'finer';
  return finestOnly || periods.finest === periods.coarsest ? `${periods.finest} s` : `${periods.finest}–${periods.coarsest} s`;
}

const GIB = 1024 ** 3;

/** Memory used, in % of the instance's memory, and what it was read from; nulls when not measured. */
export interface MeasuredMemory {
  percent: number | null;
  basis: string | null;
}

/**
 * The memory figure rightsizing projects: on EC2 the CloudWatch agent's mem_used_percent; on RDS
 * 100 × (1 − FreeableMemory / the class's memory), from the lowest daily FreeableMemory of the
 * look-back (the most memory ever in use), never below 0.
 */
export function measuredMemory(service: string, days: DaySummary, current: InstanceType): MeasuredMemory {
  if (service !== 'rds') return { percent: days.memoryFigure, basis: days.memoryBasis };
  const free = days.freeableMemory;
  if (!free) return { percent: null, basis: null };
  const percent = Math.max(0, 100 * (1 - free.bytes / (current.memoryGib * GIB)));
  const statistic = free.daysMinimum === free.days ? 'Minimum' : free.daysMinimum === 0 ? 'Average' : `Minimum (Average on ${free.days - free.daysMinimum} days)`;
  return {
    percent,
    basis: `100 × (1 − lowest daily FreeableMemory ${statistic} ${num(free.bytes / GIB, 3)} GiB / ${current.memoryGib} GiB) on ${free.days} days`,
  };
}

/** Why terminate: the highest CPU of the look-back is at or below the threshold. */
export function explainTerminate(days: DaySummary, config: RightsizingConfig): string {
  return `maximum CPU ${num(days.cpuMaximum)} % over the last ${config.lookbackDays} days (${days.daysObserved} days of data)`
    + ` is at or below ${config.terminateMaxCpuPercent} %`;
}

/** Why this size: the percentile, its projection onto the new size, and the target. */
export function explainDownsize(days: DaySummary, config: RightsizingConfig, current: InstanceType, fit: SizeFit, name: string, target: number,
  memoryPercent: number | null, memoryUnmeasuredStep: boolean): string {
  const cpu = `p${config.cpuPercentile} CPU ${num(days.cpuFigure)} % over ${days.daysObserved} days (${days.cpuBasis})`
    + ` × ${current.vcpu}/${fit.type.vcpu} vCPU = ${num(fit.projectedCpu)} % on ${name}`;
  const memory = memoryUnmeasuredStep
    ? `memory not measured: check memory before resizing (same ${fit.type.vcpu} vCPU, ${current.memoryGib} → ${fit.type.memoryGib} GiB)`
    : fit.projectedMemory === null ? 'memory not measured'
    : `memory ${num(memoryPercent)} % × ${current.memoryGib}/${fit.type.memoryGib} GiB = ${num(fit.projectedMemory)} %`;
  const baseline = burstableBaseline(fit.type);
  const burst = baseline === null ? ''
    : `; average CPU ${num(days.cpuAverage)} % × ${current.vcpu}/${fit.type.vcpu} = ${num(project(days.cpuAverage ?? days.cpuFigure ?? 0, current.vcpu, fit.type.vcpu))} % within ${name}'s burstable baseline ${baseline} %`;
  return `${cpu}; ${memory}; target ≤ ${target} % (headroom ${config.headroomPercent} %)${burst}; maximum CPU ${num(days.cpuMaximum)} %`;
}
