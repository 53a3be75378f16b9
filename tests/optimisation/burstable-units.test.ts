import { describe, expect, it } from 'vitest';
import { burstableMove, creditsPerHour } from '../../src/analyze/rightsizing-burstable.ts';
import { priceBook } from '../../src/analyze/rightsizing-sizes.ts';
import { parseConfig } from '../../src/config.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';

const catalogue = loadInstanceCatalogue();
const type = (name: string) => catalogue.lookup(name)!;
const defaults = parseConfig({}).rightsizing.burstable;
const move = (current: string, cpu: { p: number; average: number | null; busiest?: number | null; max: number | null; memory?: number | null },
  config = defaults) => burstableMove(catalogue, type(current), { cpuPercent: cpu.p, cpuAveragePercent: cpu.average, memoryPercent: cpu.memory ?? null },
  { cpuMaximum: cpu.max, cpuAverageBusiestDay: cpu.busiest === undefined ? cpu.average : cpu.busiest }, 80, priceBook(catalogue, 'us-east-1', type(current)), config);

describe('burstable moves (arithmetic)', () => {
  it('credits: baseline % × vCPU × 60 / 100 an hour, as the EC2 User Guide lists them (t3.nano 6, t3.large 36, t3.xlarge 96, t3.2xlarge 192)', () => {
    expect(['t3.nano', 't3.micro', 't3.small', 't3.medium', 't3.large', 't3.xlarge', 't3.2xlarge'].map((t) => {
      const baseline = { nano: 5, micro: 10, small: 20, medium: 20, large: 30, xlarge: 40, '2xlarge': 40 }[type(t).size]!;
      return creditsPerHour(baseline, type(t).vcpu);
    })).toEqual([6, 12, 24, 24, 36, 96, 192]);
  });

  it('fewer vCPUs: c5.xlarge (4 vCPU, 8 GiB) at average 10 % → t3a.large, 10 × 4/2 = 20 % ≤ 24 %, p99.5 30 × 2 = 60 %, spending 24 credits an hour of 36', () => {
    const m = move('c5.xlarge', { p: 30, average: 10, max: 35 })!;
    expect([m.type.instanceType, m.price, m.projectedAverage, m.projectedCpu, m.projectedMaximum, m.creditsEarnedPerHour, m.creditsSpentPerHourAtAverage])
      .toEqual(['t3a.large', 0.0752, 20, 60, 70, 36, 24]);
  });

  it('no Average recorded: the percentile stands in (m5.large at p99.5 20 % → t3a.large; at 25 % nothing)', () => {
    expect([move('m5.large', { p: 20, average: null, max: 22 })?.type.instanceType, move('m5.large', { p: 20, average: null, max: 22 })?.averageMeasured])
      .toEqual(['t3a.large', false]);
    expect(move('m5.large', { p: 25, average: null, max: 26 })).toBeNull();
  });

  it('thresholds: the maximum within maxPeakPercent, the baseline share within baselineUsePercent', () => {
    expect(move('m5.large', { p: 28, average: 8, max: 60 }, { ...defaults, maxPeakPercent: 50 })).toBeNull();
    expect(move('m5.large', { p: 28, average: 8, max: 30 }, { ...defaults, baselineUsePercent: 25 })).toBeNull(); // 8 > 30 × 0.25 = 7.5
    expect(move('m5.large', { p: 28, average: 8, max: 30 }, { ...defaults, enabled: false })).toBeNull();
  });

  it('only from fixed-performance x86_64 types: not from a T type, not from Graviton, not to a dearer size', () => {
    expect(move('t2.large', { p: 20, average: 5, max: 22 })).toBeNull();
    expect(move('m6g.large', { p: 20, average: 5, max: 22 })).toBeNull();
    // m5.xlarge with memory not measured needs ≥ 16 GiB: t3a.xlarge (0.1504 < 0.192) with its 40 % baseline.
    expect(move('m5.xlarge', { p: 28, average: 8, max: 30 })?.type.instanceType).toBe('t3a.xlarge');
    // r5.large (16 GiB, 0.126): a 2-vCPU T size with 16 GiB does not exist and t3a.xlarge has 4 vCPUs.
    expect(move('r5.large', { p: 28, average: 8, max: 30 })).toBeNull();
  });
});
