/**
 * Cross-family moves to burstable T types (issue 12): a fixed-performance EC2 instance (m5, m6i,
 * c5, …) whose CPU would stay within a t3 or t3a size's baseline is offered that size, as AWS
 * Compute Optimizer does. The arithmetic is free of I/O; rightsizing.ts decides between this move
 * and the same-family ones.
 *
 * A T size earns CPU credits at its baseline (EC2 User Guide, "Key concepts and definitions for
 * burstable performance instances": one credit is one vCPU at 100 % for a minute, so a size earns
 * baseline % × vCPU × 60 / 100 credits an hour, e.g. t3.large 30 % × 2 × 60 = 36) and spends them
 * at its CPU use. When the average, on the target's vCPUs, stays within the baseline over the
 * look-back and on its busiest day, the balance does not run down from one day to the next, so the
 * peaks are paid from it; T3 and T3A launch in Unlimited mode, which would bill surplus credits only
 * if the 24-hour average exceeded the baseline.
 */
import type { InstanceCatalogue, InstanceType } from '../../catalogue/ec2.ts';
import type { Confidence, Evidence } from '../findings.ts';
import { num } from '../evidence-number.ts';
import type { RightsizingConfig } from '../optimisation-config.ts';
import type { DaySummary } from './evidence.ts';
import { burstableBaseline, fit, project, type FamilyAlternative, type PriceBook, type SizeFit, type Utilisation } from './sizes.ts';
import { round2OrNull } from '../../lib/round.ts';
import { codePointOrder } from '../../lib/order.ts';

/** The `rightsizing.burstable` section of the config. */
export type BurstableConfig = RightsizingConfig['burstable'];

/** A burstable size that fits, with the figures of its credit reasoning. */
export interface BurstableFit extends SizeFit {
  /** Baseline CPU % per vCPU (the CPUUtilization the size sustains without spending credits). */
  baselinePercent: number;
  /** The average the baseline must cover: baseline × rightsizing.burstable.baselineUsePercent / 100. */
  allowedAveragePercent: number;
  /** The look-back's average CPU on the target's vCPUs (the percentile figure when no Average was recorded). */
  projectedAverage: number;
  /** The busiest day's average on the target's vCPUs. */
  projectedBusiestDay: number;
  /** The look-back's maximum on the target's vCPUs; null when unknown. */
  projectedMaximum: number | null;
  creditsEarnedPerHour: number;
  creditsSpentPerHourAtAverage: number;
  /** Whether the average came from CloudWatch Averages (else the percentile figure stood in). */
  averageMeasured: boolean;
}

/** CPU credits an hour at `percent` CPU on `vcpu` vCPUs (1 credit = 1 vCPU at 100 % for one minute). */
export function creditsPerHour(percent: number, vcpu: number): number {
  return (percent * vcpu * 60) / 100;
}

/**
 * The cheapest burstable size of `config.families` a fixed-performance x86_64 EC2 instance can move
 * to: no more vCPUs; at least the current memory unless memory is measured (then the projected
 * memory within `targetPercent`); projected percentile CPU within `targetPercent`; the average and
 * the busiest day's average, on its vCPUs, within `baselineUsePercent` % of its baseline; the
 * maximum, on its vCPUs, within `maxPeakPercent`; cheaper than the current type. Null otherwise.
 */
export function burstableMove(catalogue: InstanceCatalogue, current: InstanceType, utilisation: Utilisation,
  peaks: Pick<DaySummary, 'cpuMaximum' | 'cpuAverageBusiestDay'>, targetPercent: number, prices: PriceBook, config: BurstableConfig): BurstableFit | null {
  if (!config.enabled || burstableBaseline(current) !== null || current.architecture !== 'x86_64' || current.accelerators > 0) return null;
  const currentPrice = prices.price(current);
  if (currentPrice === null) return null;
  const averageMeasured = utilisation.cpuAveragePercent !== null;
  const average = utilisation.cpuAveragePercent ?? utilisation.cpuPercent;
  const busiest = averageMeasured ? (peaks.cpuAverageBusiestDay ?? average) : average;
  const options: BurstableFit[] = [];
  for (const family of config.families) {
    for (const candidate of catalogue.familySizes(family)) {
      const baselinePercent = burstableBaseline(candidate);
      if (baselinePercent === null || candidate.vcpu > current.vcpu) continue;
      if (utilisation.memoryPercent === null && candidate.memoryGib < current.memoryGib) continue;
      const found = fit(current, candidate, utilisation, targetPercent, prices);
      if (!found || found.price >= currentPrice) continue;
      const allowedAveragePercent = (baselinePercent * config.baselineUsePercent) / 100;
      const projectedAverage = project(average, current.vcpu, candidate.vcpu);
      const projectedBusiestDay = project(busiest, current.vcpu, candidate.vcpu);
      const projectedMaximum = peaks.cpuMaximum === null ? null : project(peaks.cpuMaximum, current.vcpu, candidate.vcpu);
      if (projectedAverage > allowedAveragePercent + 1e-9 || projectedBusiestDay > allowedAveragePercent + 1e-9) continue;
      if (projectedMaximum !== null && projectedMaximum > config.maxPeakPercent + 1e-9) continue;
      options.push({
        ...found, baselinePercent, allowedAveragePercent, projectedAverage, projectedBusiestDay, projectedMaximum, averageMeasured,
        creditsEarnedPerHour: creditsPerHour(baselinePercent, candidate.vcpu),
        creditsSpentPerHourAtAverage: creditsPerHour(projectedAverage, candidate.vcpu),
      });
    }
  }
  return options.sort((a, b) => a.price - b.price || codePointOrder(a.type.instanceType, b.type.instanceType))[0] ?? null;
}

/** What a recommendation says when the burstable move is the one recommended. */
export interface BurstableRecommendationText {
  action: string;
  confidence: Confidence;
  confidenceReason: string;
  explanation: string;
  evidence: Evidence;
  thresholds: Record<string, number>;
}

/**
 * The burstable move as the recommendation: **medium** confidence when memory is measured (never
 * high: daily figures cannot show a burst longer than the credit balance), **low** when it is not
 * (`memory not measured: check memory before resizing`; the size keeps at least the current memory).
 */
export function burstableRecommendation(days: DaySummary, config: RightsizingConfig, current: InstanceType, move: BurstableFit,
  targetPercent: number, memoryPercent: number | null, memoryBasis: string | null): BurstableRecommendationText {
  const name = move.type.instanceType;
  return {
    action: `resize to ${name} (burstable)`,
    confidence: memoryPercent === null ? 'low' : 'medium',
    confidenceReason: memoryPercent === null ? 'memory not measured: check memory before resizing'
      : `CPU and memory measured (${memoryBasis}); burstable: CPU credits pay for the peaks while the daily average stays within the baseline`,
    explanation: explainBurstable(days, config, current, move, targetPercent, memoryPercent),
    evidence: {
      burstableBaselinePercentPerVcpu: move.baselinePercent,
      allowedAverageCpuPercent: round2OrNull(move.allowedAveragePercent),
      averageCpuSource: move.averageMeasured ? 'daily Average' : `${days.cpuBasis} (no Average recorded)`,
      cpuAverageBusiestDay: round2OrNull(days.cpuAverageBusiestDay),
      projectedAverageCpuPercent: round2OrNull(move.projectedAverage),
      projectedBusiestDayCpuPercent: round2OrNull(move.projectedBusiestDay),
      projectedMaximumCpuPercent: round2OrNull(move.projectedMaximum),
      creditsEarnedPerHour: round2OrNull(move.creditsEarnedPerHour),
      creditsSpentPerHourAtAverage: round2OrNull(move.creditsSpentPerHourAtAverage),
      creditReasoning: creditReasoning(move),
      processorChange: move.type.processor === current.processor ? null : `${current.processor} → ${move.type.processor} (both x86_64)`,
    },
    thresholds: {
      'rightsizing.burstable.baselineUsePercent': config.burstable.baselineUsePercent,
      'rightsizing.burstable.maxPeakPercent': config.burstable.maxPeakPercent,
    },
  };
}

/** The burstable move as the alternative of a same-family recommendation (what it needs: credits, maybe another processor). */
export function burstableAlternative(current: InstanceType, move: BurstableFit): FamilyAlternative {
  const processor = move.type.processor === current.processor ? '' : `; ${move.type.processor} processor instead of ${current.processor} (both x86_64)`;
  return { ...move, platformChange: `burstable: ${creditReasoning(move)}${processor}` };
}

function creditReasoning(move: BurstableFit): string {
  const name = move.type.instanceType;
  return `${name} earns ${num(move.creditsEarnedPerHour)} CPU credits an hour (baseline ${move.baselinePercent} % × ${move.type.vcpu} vCPU)`
    + ` and spends ${num(move.creditsSpentPerHourAtAverage)} at the average ${num(move.projectedAverage)} % (busiest day ${num(move.projectedBusiestDay)} %),`
    + ` so the balance does not run down from day to day and pays for the peaks (maximum ${num(move.projectedMaximum)} % on ${name});`
    + ' Unlimited mode (the T3 default) would bill surplus credits only if the 24-hour average exceeded the baseline';
}

function explainBurstable(days: DaySummary, config: RightsizingConfig, current: InstanceType, move: BurstableFit, target: number, memoryPercent: number | null): string {
  const name = move.type.instanceType;
  const ratio = `${current.vcpu}/${move.type.vcpu}`;
  const average = move.averageMeasured ? `average CPU ${num(days.cpuAverage)} % (busiest day ${num(days.cpuAverageBusiestDay)} %)`
    : `average CPU not recorded, p${config.cpuPercentile} ${num(days.cpuFigure)} % stands in`;
  const memory = memoryPercent === null
    ? `memory not measured: check memory before resizing (${current.memoryGib} → ${move.type.memoryGib} GiB, never less)`
    : `memory ${num(memoryPercent)} % × ${current.memoryGib}/${move.type.memoryGib} GiB = ${num(move.projectedMemory)} %`;
  return `burstable ${name}, baseline ${move.baselinePercent} % per vCPU: ${average} × ${ratio} vCPU = ${num(move.projectedAverage)} %`
    + ` (${num(move.projectedBusiestDay)} %) ≤ ${num(move.allowedAveragePercent)} % (${config.burstable.baselineUsePercent} % of the baseline),`
    + ` so it earns ${num(move.creditsEarnedPerHour)} CPU credits an hour and spends ${num(move.creditsSpentPerHourAtAverage)} at the average;`
    + ` p${config.cpuPercentile} CPU ${num(days.cpuFigure)} % × ${ratio} = ${num(move.projectedCpu)} % ≤ target ${target} % (headroom ${config.headroomPercent} %);`
    + ` maximum CPU ${num(days.cpuMaximum)} % × ${ratio} = ${num(move.projectedMaximum)} % ≤ ${config.burstable.maxPeakPercent} %, paid from the credit balance; ${memory}`;
}

