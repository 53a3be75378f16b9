/**
 * The look-back figures of one instance, summarised from its daily rows, and the sentences
 * that explain a recommendation from them.
 */
import type { InstanceType } from '../catalogue/ec2.ts';
import type { RightsizingConfig } from './optimisation-config.ts';
import { num } from './findings.ts';
import { burstableBaseline, percentile, project, type SizeFit } from './rightsizing-sizes.ts';

/** A row of instance_daily_utilisation.sql. */
export interface DailyRow {
  resource_id: string;
  service: string;
  day: string;
  cpu_percentile: string | null;
  cpu_maximum: string | null;
  cpu_average: string | null;
  memory_percentile: string | null;
  memory_maximum: string | null;
  memory_average: string | null;
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

const value = (v: string | null): number | null => (v === null || v === '' ? null : Number(v));

/**
 * Per day, the percentile statistic (e.g. p99.5) where CloudWatch provides it, else the day's
 * Maximum (an upper bound of any percentile, so the fallback errs towards bigger sizes); then the
 * configured percentile across the days. Memory likewise, falling back to the daily Average (the
 * CloudWatch agent's usual statistic).
 */
export function summariseDays(rows: readonly DailyRow[], p: number, statistic: string): DaySummary {
  const cpu: number[] = [];
  let fromStatistic = 0;
  const memory: number[] = [];
  const memorySources = new Set<string>();
  const maxima: number[] = [];
  const averages: number[] = [];
  for (const row of rows) {
    const pct = value(row.cpu_percentile);
    const max = value(row.cpu_maximum);
    if (pct !== null) (cpu.push(pct), fromStatistic++);
    else if (max !== null) cpu.push(max);
    if (max !== null) maxima.push(max);
    const avg = value(row.cpu_average);
    if (avg !== null) averages.push(avg);
    const mem = [[value(row.memory_percentile), statistic], [value(row.memory_maximum), 'Maximum'], [value(row.memory_average), 'Average']] as const;
    const first = mem.find(([v]) => v !== null);
    if (first) (memory.push(first[0]!), memorySources.add(first[1]));
  }
  const fallbackDays = cpu.length - fromStatistic;
  const cpuBasis = fallbackDays === 0 ? `${statistic} statistic`
    : fromStatistic === 0 ? 'daily Maximum (no percentile statistic)'
    : `${statistic} statistic (daily Maximum on ${fallbackDays} days)`;
  return {
    daysObserved: cpu.length,
    cpuFigure: percentile(cpu, p),
    cpuBasis,
    cpuMaximum: maxima.length ? Math.max(...maxima) : cpu.length ? Math.max(...cpu) : null,
    cpuAverage: averages.length ? averages.reduce((a, b) => a + b, 0) / averages.length : null,
    memoryFigure: percentile(memory, p),
    memoryBasis: memory.length ? `mem_used_percent ${[...memorySources].join('/')} on ${memory.length} days` : null,
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
