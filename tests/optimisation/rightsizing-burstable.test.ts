import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { loadConfig } from '../../src/config.ts';
import { tempStore } from '../helpers/cli.ts';
import { daily, days, jsonOf, series, storeWith, type MetricPoint } from './fixtures.ts';

/**
 * Cross-family moves to burstable t3/t3a (rule rightsize-burstable), with the defaults: p99.5 CPU
 * over 2026-03-01 … 2026-03-14, target 80 %, the average and the busiest day's average on the
 * target's vCPUs at most 80 % of its baseline (t3.large / t3a.large 30 % → 24 %; medium 20 % → 16 %),
 * the maximum at most 100 %. Catalogue prices, us-east-1: m5.large 0.096, m5.2xlarge 0.384,
 * t3.large 0.0832, t3a.large 0.0752, t3a.medium 0.0376, m6g.medium 0.0385, m6g.large 0.077.
 * Bills: m5.large 24 × 0.096 = 2.304 a day → 69.12 over the 30-day cost window (720 h), a month
 * of 730 h 69.12 × 730/720 = 70.08 (0.096 × 730); m5.2xlarge 24 × 0.384 = 9.216 → 276.48, a month
 * 280.32. Billed at list, each saving on the bill is the list saving per 730 h.
 */
const A = '111111111111';
const LOOKBACK = days('2026-03-01', '2026-03-15');
const BILL_DAYS: [string, string] = ['2026-02-01', '2026-03-15'];

const cpu = (id: string, stats: Record<string, number | ((day: string, i: number) => number)>): MetricPoint[] =>
  Object.entries(stats).flatMap(([stat, v]) => series(id, 'AWS/EC2', 'CPUUtilization', stat, LOOKBACK, typeof v === 'number' ? () => v : v));
const memory = (id: string, v: number) => series(id, 'CWAgent', 'mem_used_percent', 'Average', LOOKBACK, () => v);
const TYPES: Record<string, string> = {
  'i-0burst': 'm5.large', 'i-0burstmem': 'm5.large', 'i-0steady': 'm5.large', 'i-0spiky': 'm5.large', 'i-0altburst': 'm5.2xlarge',
};
const hours = (id: string) => daily(...BILL_DAYS, {
  account: A, region: 'us-east-1', resourceId: id, usageType: `BoxUsage:${TYPES[id]}`, quantity: 24, cost: TYPES[id] === 'm5.large' ? '2.304' : '9.216',
});

describe('rightsizing: burstable moves across families', () => {
  let db: string;
  let recs: RightsizingRecommendation[];
  const withConfig = async (yaml: string) => {
    const { dir } = tempStore();
    writeFileSync(`${dir}/c.yaml`, yaml);
    return jsonOf<RightsizingRecommendation[]>(db, 'rightsize', '--as-of', '2026-03-15', '--config', `${dir}/c.yaml`);
  };

  beforeAll(async () => {
    db = await storeWith({
      bill: Object.keys(TYPES).flatMap(hours),
      metrics: [
        ...cpu('i-0burst', { 'p99.5': 28, Maximum: 30, Average: 8 }),
        ...cpu('i-0burstmem', { 'p99.5': 28, Maximum: 30, Average: 8 }), ...memory('i-0burstmem', 30),
        // Average 35 % is above even t3.large's whole baseline (30 %): nothing.
        ...cpu('i-0steady', { 'p99.5': 60, Maximum: 70, Average: 35 }),
        // Mean (13 × 10 + 40) / 14 = 12.14 % fits 24 %, but the busiest day's 40 % would spend more credits than the day earns: nothing.
        ...cpu('i-0spiky', { 'p99.5': 60, Maximum: 70, Average: (_d, i) => (i === 6 ? 40 : 10) }),
        ...cpu('i-0altburst', { 'p99.5': 15, Maximum: 18, Average: 3 }), ...memory('i-0altburst', 20),
      ],
      inventory: Object.entries(TYPES).map(([id, instanceType]) => ({
        resourceId: id, account: A, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'instance', instanceType, state: 'running',
        observedAt: '2026-03-14T00:00:00Z',
      })),
    });
    recs = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize', '--as-of', '2026-03-15');
  });

  it('recommends the burstable moves, and none where the average or the busiest day exceeds the baseline', () => {
    expect(recs.map((r) => [r.resourceId, r.rule, r.instanceType, r.recommendedType, r.confidence, r.monthlySavingBill, r.listSavingPer730h,
      r.listSavingForHoursRun, r.alternative?.instanceType ?? null])).toEqual([
      // m5.2xlarge → m5.large (same family, memory measured): 280.32 × (1 − 0.096/0.384) = 210.24; the burstable move is its alternative.
      ['i-0altburst', 'rightsize-downsize', 'm5.2xlarge', 'm5.large', 'high', '210.24', '210.24', '207.36', 't3a.large'],
      // 70.08 × (1 − 0.0376/0.096) = 70.08 × 0.0584 / 0.096 = 42.632; (0.096 − 0.0376) × 730 = 42.632, × 720 = 42.048.
      ['i-0burstmem', 'rightsize-burstable', 'm5.large', 't3a.medium', 'medium', '42.63', '42.63', '42.05', null],
      // 70.08 × (1 − 0.0752/0.096) = 70.08 × 0.0208 / 0.096 = 15.184; (0.096 − 0.0752) × 730 = 15.184, × 720 = 14.976.
      ['i-0burst', 'rightsize-burstable', 'm5.large', 't3a.large', 'low', '15.18', '15.18', '14.98', 'm6g.medium'],
    ]);
    // A burstable move leaves the m5 family; the m5.large downsize stays in it.
    expect(recs.map((r) => r.move)).toEqual(['resize', 'family', 'family']);
  });

  it('m5.large at average 8 % / p99.5 28 % / maximum 30 %, memory not measured → t3a.large, low confidence, with the credit reasoning', () => {
    const r = recs.find((x) => x.resourceId === 'i-0burst')!;
    expect([r.action, r.confidenceReason, r.windowCost, r.hoursRun, r.currentHourlyPrice, r.recommendedHourlyPrice, r.monthlySavingCommitment]).toEqual([
      'resize to t3a.large (burstable)', 'memory not measured: check memory before resizing', '69.1200000000', 720, '0.0960000000', '0.0752000000', '0.00',
    ]);
    expect(r.explanation).toBe('burstable t3a.large, baseline 30 % per vCPU: average CPU 8 % (busiest day 8 %) × 2/2 vCPU = 8 % (8 %) ≤ 24 %'
      + ' (80 % of the baseline), so it earns 36 CPU credits an hour and spends 9.6 at the average; p99.5 CPU 28 % × 2/2 = 28 % ≤ target 80 %'
      + ' (headroom 20 %); maximum CPU 30 % × 2/2 = 30 % ≤ 100 %, paid from the credit balance;'
      + ' memory not measured: check memory before resizing (8 → 8 GiB, never less)');
    expect(r.evidence).toMatchObject({
      cpuPercentile: 28, cpuMaximum: 30, cpuAverage: 8, cpuAverageBusiestDay: 8, memoryPercentile: null, vcpu: 2, memoryGib: 8,
      recommendedVcpu: 2, recommendedMemoryGib: 8, projectedCpuPercent: 28, projectedMemoryPercent: null, recommendedBurstableBaselinePercent: 30,
      burstableBaselinePercentPerVcpu: 30, allowedAverageCpuPercent: 24, averageCpuSource: 'daily Average', projectedAverageCpuPercent: 8,
      projectedBusiestDayCpuPercent: 8, projectedMaximumCpuPercent: 30, creditsEarnedPerHour: 36, creditsSpentPerHourAtAverage: 9.6,
      processorChange: 'intel → amd (both x86_64)',
    });
    expect(r.evidence.creditReasoning).toBe('t3a.large earns 36 CPU credits an hour (baseline 30 % × 2 vCPU) and spends 9.6 at the average 8 %'
      + ' (busiest day 8 %), so the balance does not run down from day to day and pays for the peaks (maximum 30 % on t3a.large);'
      + ' Unlimited mode (the T3 default) would bill surplus credits only if the 24-hour average exceeded the baseline');
    expect(r.thresholds).toEqual({
      'rightsizing.cpuPercentile': 99.5, 'rightsizing.headroomPercent': 20, targetUtilisationPercent: 80, 'rightsizing.lookbackDays': 14,
      'rightsizing.terminateMaxCpuPercent': 1, 'rightsizing.burstable.baselineUsePercent': 80, 'rightsizing.burstable.maxPeakPercent': 100,
    });
    // The Graviton twin's smallest fit (m6g.medium, 28 % × 2/1 = 56 %) is cheaper still: 70.08 × (1 − 0.0385/0.096) = 41.975; 0.0575 × 730 = 41.975, × 720 = 41.40.
    expect([r.alternative?.monthlySavingBill, r.alternative?.listSavingPer730h, r.alternative?.listSavingForHoursRun]).toEqual(['41.98', '41.98', '41.40']);
  });

  it('memory measured (30 %): t3a.medium keeps it at 30 % × 8/4 = 60 % and its 20 % baseline (16 % allowed) covers 8 %: medium confidence', () => {
    const r = recs.find((x) => x.resourceId === 'i-0burstmem')!;
    expect([r.confidenceReason, r.evidence.projectedMemoryPercent, r.evidence.allowedAverageCpuPercent, r.evidence.creditsEarnedPerHour,
      r.evidence.creditsSpentPerHourAtAverage, r.recommendedHourlyPrice]).toEqual([
      'CPU and memory measured (mem_used_percent Average on 14 days); burstable: CPU credits pay for the peaks while the daily average stays within the baseline',
      60, 16, 24, 9.6, '0.0376000000',
    ]);
  });

  it('a same-family move stays first; the cheaper burstable size is its alternative: 280.32 × (1 − 0.0752/0.384) = 225.424', () => {
    const r = recs.find((x) => x.resourceId === 'i-0altburst')!;
    // m6g.large (0.077) is dearer than t3a.large (0.0752); (0.384 − 0.0752) × 730 = 225.424, × 720 = 222.336.
    expect(r.alternative).toEqual({
      instanceType: 't3a.large', hourlyPrice: '0.0752000000', monthlySavingBill: '225.42', monthlySavingCommitment: '0.00',
      listSavingPer730h: '225.42', listSavingForHoursRun: '222.34', projectedCpuPercent: 60, projectedMemoryPercent: 80,
      platformChange: 'burstable: t3a.large earns 36 CPU credits an hour (baseline 30 % × 2 vCPU) and spends 14.4 at the average 12 %'
        + ' (busiest day 12 %), so the balance does not run down from day to day and pays for the peaks (maximum 72 % on t3a.large);'
        + ' Unlimited mode (the T3 default) would bill surplus credits only if the 24-hour average exceeded the baseline;'
        + ' amd processor instead of intel (both x86_64)',
    });
    expect(r.thresholds['rightsizing.burstable.baselineUsePercent']).toBeUndefined();
  });

  it('config: t3 only → t3.large (70.08 × 0.0128/0.096 = 9.344); baselineUsePercent 100 still stops the spiky day (40 % > 30 %); disabled → none', async () => {
    const t3 = await withConfig('rightsizing:\n  burstable:\n    families: [t3]\n');
    const burst = t3.find((r) => r.resourceId === 'i-0burst')!;
    expect([burst.recommendedType, burst.monthlySavingBill, burst.listSavingPer730h, burst.evidence.processorChange]).toEqual(['t3.large', '9.34', '9.34', null]);
    const whole = await withConfig('rightsizing:\n  burstable:\n    baselineUsePercent: 100\n');
    expect(whole.map((r) => r.resourceId).sort()).toEqual(['i-0altburst', 'i-0burst', 'i-0burstmem']);
    const off = await withConfig('rightsizing:\n  burstable:\n    enabled: false\n');
    expect(off.map((r) => [r.resourceId, r.rule, r.alternative?.instanceType])).toEqual([['i-0altburst', 'rightsize-downsize', 'm6g.large']]);
  });

  it('the thresholds are schema-checked and errors name the key', () => {
    const dirWith = (text: string) => {
      const dir = scratchDir();
      writeFileSync(join(dir, 'costlens.config.yaml'), text);
      return dir;
    };
    expect(loadConfig(undefined, {}, dirWith('rightsizing: {}\n')).rightsizing.burstable)
      .toEqual({ enabled: true, families: ['t3', 't3a'], baselineUsePercent: 80, maxPeakPercent: 100 });
    expect(() => loadConfig(undefined, {}, dirWith('rightsizing:\n  burstable:\n    baselineUsePercent: 0\n')))
      .toThrow(/costlens\.config\.yaml: rightsizing\.burstable\.baselineUsePercent: Number must be greater than 0/);
    expect(() => loadConfig(undefined, {}, dirWith('rightsizing:\n  burstable:\n    families: [t4g]\n'))).toThrow(/rightsizing\.burstable\.families\.0|rightsizing\.burstable\.families\[0\]/);
    expect(() => loadConfig(undefined, {}, dirWith('rightsizing:\n  burstable:\n    maxPeak: 90\n'))).toThrow(/unknown key "rightsizing\.burstable\.maxPeak"|maxPeak/);
  });
});
