/**
 * The headline figures of a set of commitments and the usage they could cover:
 * - utilisation: of the commitments' cost over the range (used + unused EffectiveCost: RI fees,
 *   SP commitment), the share that was used; per kind as AWS reports it (RI hours and
 *   normalised units, Savings Plan dollars);
 * - coverage: covered ÷ eligible instance hours, and covered ÷ eligible on-demand-equivalent cost;
 * - effective savings rate (FinOps Foundation): (on-demand equivalent − amortised cost including
 *   unused commitment) ÷ on-demand equivalent, over the eligible usage.
 */
import type { CoverageFigures } from './coverage.ts';
import { coveragePercents } from './coverage.ts';
import { percent, type CommitmentUsage } from './usage.ts';
import { percentOf } from '../../lib/money.ts';

/** Headline figures. Money in units of 1e-10; percentages to two decimals, null when undefined. */
export interface CommitmentSummary {
  utilisationPercent: number | null;
  normalisedUtilisationPercent: number | null;
  coveragePercent: number | null;
  coverageCostPercent: number | null;
  unusedCost: bigint;
  effectiveSavingsRate: number | null;
  commitmentCost: bigint;
  onDemandEquivalent: bigint;
  amortisedCost: bigint;
  savings: bigint;
  reservedInstances: {
    count: number;
    purchasedHours: number;
    usedHours: number;
    unusedHours: number;
    utilisationPercent: number | null;
    purchasedUnits: number;
    usedUnits: number;
    unusedUnits: number;
    normalisedUtilisationPercent: number | null;
    coverageHoursPercent: number | null;
    unusedCost: bigint;
  };
  savingsPlans: {
    count: number;
    commitment: bigint;
    usedCommitment: bigint;
    utilisationPercent: number | null;
    coveragePercent: number | null;
    unusedCost: bigint;
  };
}

/** Summarises commitments and the coverage of the same range. */
export function summarise(commitments: readonly CommitmentUsage[], coverage: CoverageFigures): CommitmentSummary {
  const ris = commitments.filter((c) => c.kind === 'ri');
  const sps = commitments.filter((c) => c.kind === 'sp');
  const sumNum = (list: CommitmentUsage[], f: (c: CommitmentUsage) => number | null) => list.reduce((n, c) => n + (f(c) ?? 0), 0);
  const sumMoney = (list: readonly CommitmentUsage[], f: (c: CommitmentUsage) => bigint | null) => list.reduce((n, c) => n + (f(c) ?? 0n), 0n);
  const unusedCost = sumMoney(commitments, (c) => c.unusedCost);
  const commitmentCost = unusedCost + sumMoney(commitments, (c) => c.usedCost);
  const purchasedHours = sumNum(ris, (c) => c.purchased);
  const unusedHours = sumNum(ris, (c) => c.unused);
  const purchasedUnits = sumNum(ris, (c) => c.purchasedUnits);
  const unusedUnits = sumNum(ris, (c) => c.unusedUnits);
  const spCommitment = sumMoney(sps, (c) => c.commitment);
  const spUsed = sumMoney(sps, (c) => c.usedCommitment);
  const amortisedCost = coverage.effectiveCost + unusedCost;
  const kinds = coveragePercents(coverage);
  return {
    utilisationPercent: percentOf(commitmentCost - unusedCost, commitmentCost),
    normalisedUtilisationPercent: percent(purchasedUnits - unusedUnits, purchasedUnits),
    coveragePercent: kinds.coveragePercent,
    coverageCostPercent: kinds.coverageCostPercent,
    unusedCost,
    effectiveSavingsRate: percentOf(coverage.eligibleOnDemand - amortisedCost, coverage.eligibleOnDemand),
    commitmentCost,
    onDemandEquivalent: coverage.eligibleOnDemand,
    amortisedCost,
    savings: coverage.eligibleOnDemand - amortisedCost,
    reservedInstances: {
      count: ris.length,
      purchasedHours,
      usedHours: purchasedHours - unusedHours,
      unusedHours,
      utilisationPercent: percent(purchasedHours - unusedHours, purchasedHours),
      purchasedUnits,
      usedUnits: purchasedUnits - unusedUnits,
      unusedUnits,
      normalisedUtilisationPercent: percent(purchasedUnits - unusedUnits, purchasedUnits),
      coverageHoursPercent: kinds.riCoverageHoursPercent,
      unusedCost: sumMoney(ris, (c) => c.unusedCost),
    },
    savingsPlans: {
      count: sps.length,
      commitment: spCommitment,
      usedCommitment: spUsed,
      utilisationPercent: percentOf(spUsed, spCommitment),
      coveragePercent: kinds.spCoveragePercent,
      unusedCost: sumMoney(sps, (c) => c.unusedCost),
    },
  };
}

/** Hours and units as printed: six decimals at most (the bill's own precision), no float noise. */
export function quantity(n: number | null): number | null {
  return n === null ? null : Math.round(n * 1e6) / 1e6;
}
