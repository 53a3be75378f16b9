/**
 * Why metrics that exist were not usable for rightsizing: CPU rows counted per instance,
 * statistic and period (queries/rightsizing/cpu_metric_rows.sql) against the days each instance
 * had a usable CPU figure (instance_utilisation.sql), so that a store full of metrics that
 * answers "0 recommendations" says why, with counts.
 */

/** A row of cpu_metric_rows.sql. */
export interface CpuMetricRow {
  resource_id: string;
  service: string;
  statistic: string;
  period_s: string;
  known_period: string;
  rows_total: string;
  rows_in_window: string;
  days_in_window: string;
}

/** One reason instances were not usable, and how many. */
export interface UnusableReason {
  reason: string;
  instances: number;
}

/** The CPU metrics of EC2 and RDS instances, and how many could be used. */
export interface MetricCoverage {
  metricRows: number;
  instances: number;
  usableInstances: number;
  unusable: UnusableReason[];
  /** One sentence, e.g. "1,204 metric rows for 12 instances, none usable: 9 instances have < 14 days, 3 have only statistic p50". */
  summary: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Classifies each instance with CPU rows: usable when it has a CPU figure on at least
 * `lookbackDays` days (`daysObserved`), else by the first reason that applies: no rows in the
 * look-back, only periods the rules do not read, only statistics they do not read (neither
 * `statistic` nor Maximum), fewer days than the look-back.
 */
export function metricCoverage(rows: readonly CpuMetricRow[], daysObserved: ReadonlyMap<string, number>, statistic: string,
  lookbackDays: number): MetricCoverage {
  const byInstance = new Map<string, CpuMetricRow[]>();
  for (const row of rows) byInstance.set(row.resource_id, [...(byInstance.get(row.resource_id) ?? []), row]);
  const reasons = new Map<string, number>();
  let usable = 0;
  for (const [id, own] of byInstance) {
    const reason = unusableReason(own, daysObserved.get(id) ?? 0, statistic, lookbackDays);
    if (reason === null) usable += 1;
    else reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const metricRows = rows.reduce((sum, r) => sum + Number(r.rows_total), 0);
  const unusable = [...reasons].map(([reason, instances]) => ({ reason, instances }))
    .sort((a, b) => b.instances - a.instances || a.reason.localeCompare(b.reason));
  const instances = byInstance.size;
  const head = `${count(metricRows)} CPU metric row${metricRows === 1 ? '' : 's'} for ${count(instances)} instance${instances === 1 ? '' : 's'}`;
  const usableText = usable === 0 ? 'none usable' : usable === instances ? 'all usable' : `${count(usable)} usable`;
  const detail = unusable.map((u, i) => `${count(u.instances)} ${i === 0 ? (u.instances === 1 ? 'instance has' : 'instances have') : (u.instances === 1 ? 'has' : 'have')} ${u.reason}`);
  return { metricRows, instances, usableInstances: usable, unusable, summary: `${head}, ${usableText}${detail.length ? `: ${detail.join(', ')}` : ''}` };
}

function unusableReason(rows: readonly CpuMetricRow[], days: number, statistic: string, lookbackDays: number): string | null {
  if (days >= lookbackDays) return null;
  const inWindow = rows.filter((r) => Number(r.rows_in_window) > 0);
  if (inWindow.length === 0) return `no CPU rows in the ${lookbackDays}-day look-back`;
  const known = inWindow.filter((r) => r.known_period === 'true');
  if (known.length === 0) {
    const periods = [...new Set(inWindow.map((r) => Number(r.period_s)))].sort((a, b) => a - b);
    return `only period${periods.length === 1 ? '' : 's'} ${periods.join(', ')} s (read: 60, 300, 3600, 86400 s)`;
  }
  if (!known.some((r) => r.statistic === statistic || r.statistic === 'Maximum')) {
    const statistics = [...new Set(known.map((r) => r.statistic))].sort();
    return `only statistic${statistics.length === 1 ? '' : 's'} ${statistics.join(', ')} (read: ${statistic} or Maximum)`;
  }
  return `< ${lookbackDays} days`;
}
