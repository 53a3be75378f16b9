import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { daily, days, jsonOf, percentile, storeWith, type BillLine, type MetricPoint } from './fixtures.ts';
import {
  dailyRowsOfHourly, dailyRowsOfRaw, dailyRowsOfSplit, fiveMinuteRows, hourlyRows, splitDayRows, syntheticDays, type RawSeries,
} from './metric-series.ts';

/**
 * Metrics at any period feed the rules: the same raw 5-minute series, exported at 300 s, at
 * 3600 s, split mid-day between the two, and mixed across instances in one store, give exactly
 * the recommendations and idle findings (every figure) of the equivalent daily rows; only the
 * evidence's provenance (periods, how each day's p99.5 was derived) differs, and says so.
 * Look-back 2026-03-01 … 2026-03-14 (--as-of 2026-03-15); catalogue prices us-east-1: m5.2xlarge
 * 0.384, m5.large 0.096, m5.xlarge 0.192, t3.large 0.0832, t3.medium 0.0416.
 */
const A = '111111111111';
const LOOKBACK = days('2026-03-01', '2026-03-15');
const rdsId = `arn:aws:rds:us-east-1:${A}:db:orders`;
const GIB = 1024 ** 3;
const CPU_STATS = ['Maximum', 'Average', 'p99.5', 'SampleCount'];

const cpuOf = (resourceId: string, namespace: string, samples: number[][]): RawSeries =>
  ({ resourceId, namespace, metric: 'CPUUtilization', statistics: CPU_STATS, days: LOOKBACK, samples });
const SERIES = {
  // 2 … 10.6 %, one busy hour a day: p99.5 ≈ 10 % × 8/2 vCPU ≈ 40 % on m5.large.
  big: cpuOf('i-0big', 'AWS/EC2', syntheticDays(LOOKBACK, (i, h) => 3 + 0.125 * ((i + h) % 8), (i) => 5 + 0.25 * (i % 4))),
  // never above 1 %: terminate; and idle (average ≤ 10 %, network ≤ 5 MB a day).
  idle: cpuOf('i-0idle', 'AWS/EC2', syntheticDays(LOOKBACK, (_, h) => 0.25 + 0.03125 * (h % 4), () => 0.25, 0.125)),
  netIn: { resourceId: 'i-0idle', namespace: 'AWS/EC2', metric: 'NetworkIn', statistics: ['Sum'], days: LOOKBACK,
    samples: syntheticDays(LOOKBACK, () => 500, () => 0, 64) } as RawSeries,
  netOut: { resourceId: 'i-0idle', namespace: 'AWS/EC2', metric: 'NetworkOut', statistics: ['Sum'], days: LOOKBACK,
    samples: syntheticDays(LOOKBACK, () => 300, () => 0, 32) } as RawSeries,
  // t3.large at ≈ 10 % peak, 2.4 % average, memory not measured: only t3.medium (same 2 vCPU, half the memory) is smaller.
  t3: cpuOf('i-0t3', 'AWS/EC2', syntheticDays(LOOKBACK, (_, h) => 2 + 0.125 * (h % 3), () => 7)),
  rdsCpu: cpuOf(rdsId, 'AWS/RDS', syntheticDays(LOOKBACK, (i) => 5 + 0.25 * (i % 3), () => 5)),
  // 29 GiB of 32 free, ± 1 MiB: about 9.4 % in use × 32/8 GiB on db.m5.large.
  rdsFree: { resourceId: rdsId, namespace: 'AWS/RDS', metric: 'FreeableMemory', statistics: ['Minimum', 'Average', 'SampleCount'], days: LOOKBACK,
    samples: syntheticDays(LOOKBACK, () => 29 * GIB, () => 0, 2 ** 20) } as RawSeries,
};
const ALL = Object.values(SERIES);

const hours = (resourceId: string, usageType: string, cost: string, extra: Partial<BillLine> = {}): BillLine[] =>
  daily('2026-02-01', '2026-03-15', { account: A, region: 'us-east-1', resourceId, usageType, quantity: 24, cost, ...extra });
const BILL: BillLine[] = [
  ...hours('i-0big', 'BoxUsage:m5.2xlarge', '9.216'),
  ...hours('i-0idle', 'BoxUsage:m5.xlarge', '4.608'),
  ...hours('i-0t3', 'BoxUsage:t3.large', '1.9968'),
  ...hours(rdsId, 'InstanceUsage:db.m5.2xlarge', '16.416', { listUnitPrice: '0.684', service: 'Amazon Relational Database Service' }),
];
const INVENTORY = [['i-0big', 'm5.2xlarge'], ['i-0idle', 'm5.xlarge'], ['i-0t3', 't3.large']].map(([resourceId, instanceType]) => ({
  resourceId, account: A, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'instance', instanceType, state: 'running', observedAt: '2026-03-14T00:00:00Z',
}));

/** What a store answers: rightsizing recommendations and idle findings. */
interface Answers {
  recs: RightsizingRecommendation[];
  idle: IdleFinding[];
}

async function answersOf(metrics: MetricPoint[]): Promise<Answers> {
  const db = await storeWith({ bill: BILL, metrics, inventory: INVENTORY });
  return {
    recs: await jsonOf<RightsizingRecommendation[]>(db, 'rightsize', '--as-of', '2026-03-15'),
    idle: await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2026-03-15'),
  };
}

const PROVENANCE = ['finestPeriodS', 'coarsestPeriodS', 'daysPercentileCloudwatchDaily', 'daysPercentileExact', 'daysPercentileUpperBound', 'cpuStatistic'];

/** A recommendation without its provenance: the basis text (in the evidence and the explanation) and the period counts. */
function figures(r: RightsizingRecommendation): unknown {
  const text = JSON.stringify(r).replaceAll(JSON.stringify(r.evidence.cpuStatistic).slice(1, -1), '<basis>');
  const copy = JSON.parse(text) as RightsizingRecommendation;
  for (const key of PROVENANCE) delete copy.evidence[key];
  return copy;
}

const provenance = (r: RightsizingRecommendation) => [r.resourceId, ...PROVENANCE.map((k) => r.evidence[k])];

describe('rightsize and idle read metrics at 300, 3600 and 86400 s alike', () => {
  const answers: Record<string, Answers> = {};

  beforeAll(async () => {
    const mixed = [...splitDayRows(SERIES.big), ...hourlyRows(SERIES.idle), ...hourlyRows(SERIES.netIn), ...fiveMinuteRows(SERIES.netOut),
      ...dailyRowsOfRaw(SERIES.t3), ...fiveMinuteRows(SERIES.rdsCpu), ...hourlyRows(SERIES.rdsFree)];
    const mixedDaily = [...dailyRowsOfSplit(SERIES.big), ...dailyRowsOfHourly(SERIES.idle), ...dailyRowsOfHourly(SERIES.netIn),
      ...dailyRowsOfRaw(SERIES.netOut), ...dailyRowsOfRaw(SERIES.t3), ...dailyRowsOfRaw(SERIES.rdsCpu), ...dailyRowsOfHourly(SERIES.rdsFree)];
    const stores: [string, MetricPoint[]][] = [
      ['dailyOfRaw', ALL.flatMap(dailyRowsOfRaw)], ['fiveMinute', ALL.flatMap(fiveMinuteRows)],
      ['hourly', ALL.flatMap(hourlyRows)], ['dailyOfHourly', ALL.flatMap(dailyRowsOfHourly)],
      ['mixed', mixed], ['mixedDaily', mixedDaily],
    ];
    for (const [name, metrics] of stores) answers[name] = await answersOf(metrics);
  }, 240_000);

  it('the daily rows give four recommendations: m5.2xlarge → m5.large, terminate, RDS → db.m5.large (memory measured), t3.large → t3.medium (low confidence)', () => {
    const recs = answers.dailyOfRaw.recs;
    expect(recs.map((r) => [r.resourceId, r.rule, r.recommendedType, r.confidence, r.confidenceReason, r.monthlySavingBill])).toEqual([
      // Lowest FreeableMemory: 29 GiB − 1 MiB = 28.999 GiB. 30 days of bill each, × 730/720 a month of 730 h: 492.48 × 730/720 × (1 − 1/4);
      // 276.48 × 730/720 × 3/4; 138.24 × 730/720 whole; 59.904 × 730/720 × (1 − 0.0416/0.0832) = 30.368.
      [rdsId, 'rightsize-downsize', 'db.m5.large', 'high', 'CPU and memory measured (100 × (1 − lowest daily FreeableMemory Minimum 28.999 GiB / 32 GiB) on 14 days)', '374.49'],
      ['i-0big', 'rightsize-downsize', 'm5.large', 'medium', 'memory not measured: the new size keeps at least the memory per vCPU of the current one', '210.24'],
      ['i-0idle', 'rightsize-terminate', null, 'high', 'maximum CPU 0.72 % on every one of 14 days is at or below 1 %', '140.16'],
      ['i-0t3', 'rightsize-downsize', 't3.medium', 'low', 'memory not measured: check memory before resizing', '30.37'],
    ]);
  });

  it('the CPU figures are the p99.5 across the days of each day\'s exact p99.5 of its 288 samples, computed here', () => {
    const dailyP995 = SERIES.big.samples.map((day) => percentile(day, 99.5)!);
    const big = answers.dailyOfRaw.recs.find((r) => r.resourceId === 'i-0big')!;
    expect(big.evidence.cpuPercentile).toBe(Math.round(percentile(dailyP995, 99.5)! * 100) / 100);
    expect(big.evidence.cpuMaximum).toBe(Math.max(...SERIES.big.samples.flat()));
    expect(big.evidence.cpuAverage).toBe(Math.round((SERIES.big.samples.flat().reduce((a, b) => a + b, 0) / (288 * 14)) * 100) / 100);
    const rds = answers.dailyOfRaw.recs.find((r) => r.resourceId === rdsId)!;
    const used = 100 * (1 - Math.min(...SERIES.rdsFree.samples.flat()) / (32 * GIB));
    expect(rds.evidence.memoryPercentile).toBe(Math.round(used * 100) / 100);
    expect(rds.evidence.projectedMemoryPercent).toBe(Math.round(used * 4 * 100) / 100);
  });

  it('5-minute rows (raw samples) give exactly the daily figures; each day\'s p99.5 is exact', () => {
    expect(answers.fiveMinute.recs.map(figures)).toEqual(answers.dailyOfRaw.recs.map(figures));
    expect(answers.fiveMinute.idle).toEqual(answers.dailyOfRaw.idle);
    expect(answers.fiveMinute.recs.map(provenance)).toEqual([
      [rdsId, 300, 300, 0, 14, 0, 'p99.5 statistic; daily p99.5: exact p99.5 of raw 300 s samples on 14 days'],
      ['i-0big', 300, 300, 0, 14, 0, 'p99.5 statistic; daily p99.5: exact p99.5 of raw 300 s samples on 14 days'],
      ['i-0idle', 300, 300, 0, 14, 0, 'p99.5 statistic; daily p99.5: exact p99.5 of raw 300 s samples on 14 days'],
      ['i-0t3', 300, 300, 0, 14, 0, 'p99.5 statistic; daily p99.5: exact p99.5 of raw 300 s samples on 14 days'],
    ]);
  });

  it('hourly rows give exactly the daily rows built from them; each day\'s p99.5 is the max of the hourly ones, an upper bound, and says so', () => {
    expect(answers.hourly.recs.map(figures)).toEqual(answers.dailyOfHourly.recs.map(figures));
    expect(answers.hourly.idle).toEqual(answers.dailyOfHourly.idle);
    expect(answers.hourly.recs.map(provenance)).toEqual([rdsId, 'i-0big', 'i-0idle', 'i-0t3'].map((id) =>
      [id, 3600, 3600, 0, 0, 14, 'p99.5 statistic; daily p99.5: max of 3600 s p99.5 on 14 days (an upper bound)']));
    // The upper bound is at least the exact figure.
    const bound = answers.hourly.recs.find((r) => r.resourceId === 'i-0big')!.evidence.cpuPercentile as number;
    expect(bound).toBeGreaterThanOrEqual(answers.fiveMinute.recs.find((r) => r.resourceId === 'i-0big')!.evidence.cpuPercentile as number);
  });

  it('one store mixing periods across instances, and within a day, gives what the equivalent daily rows give', () => {
    expect(answers.mixed.recs.map(figures)).toEqual(answers.mixedDaily.recs.map(figures));
    expect(answers.mixed.idle).toEqual(answers.mixedDaily.idle);
    expect(answers.mixed.recs.map(provenance)).toEqual([
      [rdsId, 300, 300, 0, 14, 0, 'p99.5 statistic; daily p99.5: exact p99.5 of raw 300 s samples on 14 days'],
      ['i-0big', 300, 3600, 0, 0, 14, 'p99.5 statistic; daily p99.5: max of 300–3600 s p99.5 on 14 days (an upper bound)'],
      ['i-0idle', 3600, 3600, 0, 0, 14, 'p99.5 statistic; daily p99.5: max of 3600 s p99.5 on 14 days (an upper bound)'],
      ['i-0t3', 86400, 86400, 14, 0, 0, 'p99.5 statistic'],
    ]);
    expect(answers.mixed.idle.map((f) => [f.rule, f.resourceId])).toEqual([['ec2-low-utilisation', 'i-0idle']]);
  });
});
