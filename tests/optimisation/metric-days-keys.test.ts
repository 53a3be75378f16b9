import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, storeWith, type MetricPoint } from './fixtures.ts';

/**
 * queries/metrics/metric_days.cte.sql picks each hour's rows by joining grouped hours back to the
 * rows, and instance_costs / instance_commitments take their instances from metric_rows without
 * deriving the days. Two things that must not change with that: a series without a resource id
 * (an empty resource_id, NULL in the store) is derived apart and exactly like a named one, and an
 * instance is a rightsizing candidate exactly when it has a CPU row metric_days would derive a day
 * from (a known period and statistic), not for rows at an unknown period or of an unknown statistic.
 * Look-back 2026-03-01 … 2026-03-02 (--as-of 2026-03-03).
 */
const D1 = '2026-03-01';
const D2 = '2026-03-02';
const at = (day: string, seconds: number) => new Date(Date.parse(`${day}T00:00:00Z`) + seconds * 1000).toISOString().replace('.000Z', 'Z');

/**
 * CPU of one instance: on D1, hours 0–11 at 3600 s and hours 12–23 at 300 s, with a coarser 3600 s
 * row in hour 12 that the finer rows replace; on D2, a daily row and 300 s rows that it replaces.
 */
function mixedCpu(resourceId: string): MetricPoint[] {
  const row = (statistic: string, day: string, seconds: number, periodS: number, value: number): MetricPoint =>
    ({ resourceId, namespace: 'AWS/EC2', metric: 'CPUUtilization', statistic, day, value, periodS, at: at(day, seconds) });
  return [
    ...Array.from({ length: 12 }, (_, h) => [row('Average', D1, h * 3600, 3600, 10), row('Maximum', D1, h * 3600, 3600, 10.5)]).flat(),
    ...Array.from({ length: 144 }, (_, k) => [row('Average', D1, 43_200 + k * 300, 300, 40), row('Maximum', D1, 43_200 + k * 300, 300, 41)]).flat(),
    row('Average', D1, 43_200, 3600, 99), row('Maximum', D1, 43_200, 3600, 99),
    row('Average', D2, 0, 86400, 7), row('Maximum', D2, 0, 86400, 8),
    ...Array.from({ length: 12 }, (_, k) => [row('Average', D2, 3600 + k * 300, 300, 100), row('Maximum', D2, 3600 + k * 300, 300, 100)]).flat(),
  ];
}

/** Instances whose CPU rows alone decide whether they are candidates. */
const only = (resourceId: string, statistic: string, periodS: number): MetricPoint[] =>
  [D1, D2].map((day) => ({ resourceId, namespace: 'AWS/EC2', metric: 'CPUUtilization', statistic, day, value: 5, periodS, at: at(day, 7200) }));

interface UtilisationRow {
  resource_id: string | null;
  days_observed: number;
  finest_period_s: number;
  coarsest_period_s: number;
  cpu_figure: number;
  cpu_maximum: number;
  cpu_average: number;
  cpu_average_busiest_day: number;
}

describe('metric_days keys and the instances rightsizing reads', () => {
  let db: string;
  beforeAll(async () => {
    db = await storeWith({
      metrics: [
        ...mixedCpu('i-0named'), ...mixedCpu(''),
        ...only('i-0p90', 'p90', 3600), ...only('i-0samples', 'SampleCount', 300),
        ...only('i-0period', 'Average', 120), ...only('i-0iqm', 'IQM', 3600), ...only('i-0p150', 'p150', 3600),
      ],
    });
  }, 120_000);

  it('derives a series without a resource id apart, and exactly as the same rows of a named one', async () => {
    const rows = await jsonOf<UtilisationRow[]>(db, 'query', 'optimisation/instance_utilisation',
      '--param', 'as_of=2026-03-03', '--param', 'lookback_days=2', '--param', 'percentile=50');
    const pick = (id: string | null) => rows.find((r) => r.resource_id === id);
    // D1: Average (12 × 3600 s × 10 + 144 × 300 s × 40) / 86400 s = 25, Maximum 41 (hour 12's coarse 99 replaced);
    // D2: the daily rows, 7 and 8. The 50th percentile of the daily Maximums 8 and 41: 8 + 0.5 × 33.
    const expected = {
      days_observed: 2, finest_period_s: 300, coarsest_period_s: 86400,
      cpu_figure: 24.5, cpu_maximum: 41, cpu_average: 16, cpu_average_busiest_day: 25,
    };
    expect(pick('i-0named')).toMatchObject(expected);
    expect(pick(null)).toMatchObject(expected);
  });

  it('makes an instance a candidate when it has a CPU row of a known period and statistic, and only then', async () => {
    const rows = await jsonOf<{ resource_id: string | null }[]>(db, 'query', 'optimisation/instance_costs', '--param', 'as_of=2026-03-03', '--param', 'lookback_days=2');
    expect(rows.map((r) => r.resource_id)).toEqual(['i-0named', 'i-0p90', 'i-0samples', null]);
  });
});
