/**
 * What reaching each KPI target would have saved in the month's own bill: the hours, GB-months or
 * dollars short of the target, moved at the rates the bill shows and the price ratios of the
 * shipped catalogues (or, for Spot and commitments, the configured discounts), rounded once to the
 * cent. A KPI already at its target saves 0; one that cannot be priced says why.
 */
import { divideRounded, fromUnits } from '../../lib/money.ts';
import type { CoverageFigures } from '../commitments/index.ts';
import type { KpiConfig } from './config.ts';
import { round2 } from '../../lib/round.ts';

/** The KPIs that have a target, in the order they are shown. */
export const KPI_NAMES = ['spot', 'graviton', 'currentGeneration', 'gp3', 'commitmentCoverage', 's3Standard'] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** One KPI against its target. */
export interface KpiTarget {
  /** The target in percent (s3Standard: the most that should stay in S3 Standard). */
  target: number;
  /** The KPI in percent, 2 decimals; null when there is nothing to measure. */
  current: number | null;
  /** Whether the KPI is at or beyond its target; null when there is nothing to measure. */
  met: boolean | null;
  /** What the month's bill would have cost less at the target, to the cent; null when it cannot be priced. */
  saving: string | null;
  /** How the saving is worked out, or why it is not. */
  basis: string;
}

/** The sums of one month and group that the savings are worked out from (money in units of 1e-10). */
export interface TargetInputs {
  ec2Hours: number;
  spotHours: number;
  gravitonHours: number;
  currentHours: number;
  /** EffectiveCost of the hours not on Spot. */
  onDemandCost: bigint;
  /** x86 hours whose same-size Graviton twin lists cheaper, and what moving all of them would save. */
  twinHours: number;
  twinSaving: bigint;
  /** Hours of older-generation types with a cheaper same-size successor, and what moving all of them would save. */
  olderHours: number;
  olderSaving: bigint;
  ebsGbMonths: number;
  gp3GbMonths: number;
  gp2GbMonths: number;
  gp2Cost: bigint;
  /** gp3 ÷ gp2 list price per GB-month (us-east-1), null when not catalogued. */
  gp3Ratio: number | null;
  coverage: CoverageFigures;
  s3GbMonths: number;
  s3StandardGbMonths: number;
  s3StandardCost: bigint;
  /** Intelligent-Tiering infrequent tier ÷ S3 Standard list price per GB-month (us-east-1), null when not catalogued. */
  s3Ratio: number | null;
  /** Compute Savings Plan 1-year discount, percent (commitments.estimatedDiscountPercent). */
  commitmentDiscountPercent: number;
}

const PPB = 1_000_000_000n;
/** `units × fraction`, the fraction taken to 9 decimals, rounded half away from zero to the unit. */
export function partOf(units: bigint, fraction: number): bigint {
  return divideRounded(units * BigInt(Math.round(fraction * 1e9)), PPB);
}

const cents = (units: bigint) => fromUnits(units < 0n ? 0n : units, 2);

/** A share KPI that should reach `target` %: short by `shortfall` of `whole`, movable up to `movable` at `perUnit` saving each. */
function atLeast(target: number, part: number, whole: number, movable: number, moveAll: bigint | null, basis: string, unpriced: string): KpiTarget {
  if (whole <= 0) return { target, current: null, met: null, saving: null, basis: 'nothing to measure in this month' };
  const current = round2((part / whole) * 100);
  const shortfall = (target / 100) * whole - part;
  if (shortfall <= 1e-9) return { target, current, met: true, saving: '0.00', basis: 'at or beyond the target' };
  if (moveAll === null || movable <= 0) return { target, current, met: false, saving: null, basis: unpriced };
  return { target, current, met: false, saving: cents(partOf(moveAll, Math.min(shortfall, movable) / movable)), basis };
}

/** Each KPI of one month and group against the targets of `config`. */
export function kpiTargets(inputs: TargetInputs, config: KpiConfig): Record<KpiName, KpiTarget> {
  const t = config.targets;
  const i = inputs;
  const nonSpotHours = i.ec2Hours - i.spotHours;
  const spotMoveAll = partOf(i.onDemandCost, config.spotDiscountPercent / 100);
  const gp2MoveAll = i.gp3Ratio === null ? null : partOf(i.gp2Cost, 1 - i.gp3Ratio);
  const covered = i.coverage.riCoveredOnDemand + i.coverage.spCoveredOnDemand;
  const eligible = i.coverage.eligibleOnDemand;
  return {
    spot: atLeast(t.spot, i.spotHours, i.ec2Hours, nonSpotHours, spotMoveAll,
      `the hours short of the target, taken from the on-demand hours at their average EffectiveCost, × ${config.spotDiscountPercent} % (kpi.spotDiscountPercent, an estimate)`,
      'no on-demand hours to move'),
    graviton: atLeast(t.graviton, i.gravitonHours, i.ec2Hours, i.twinHours, i.twinSaving,
      'the hours short of the target, taken from the x86 hours with a cheaper same-size Graviton twin, each saving its EffectiveCost × (1 − twin ÷ own us-east-1 list price, data/ec2/instance-types.csv)',
      'no x86 hours with a cheaper same-size Graviton twin in the catalogue'),
    currentGeneration: atLeast(t.currentGeneration, i.currentHours, i.ec2Hours, i.olderHours, i.olderSaving,
      'the hours short of the target, taken from the older-generation hours with a cheaper same-size successor, each saving its EffectiveCost × (1 − successor ÷ own us-east-1 list price)',
      'no older-generation hours with a cheaper successor in the catalogue'),
    gp3: atLeast(t.gp3, i.gp3GbMonths, i.ebsGbMonths, i.gp2GbMonths, gp2MoveAll,
      'the GB-months short of the target, taken from gp2 at its EffectiveCost per GB-month × (1 − gp3 ÷ gp2 us-east-1 list price, data/ebs/volume-prices.csv)',
      'no gp2 GB-months to move (io1, st1, sc1 and magnetic volumes are not counted as movable)'),
    commitmentCoverage: coverageTarget(t.commitmentCoverage, covered, eligible, i.coverage.onDemandCost, i.commitmentDiscountPercent),
    s3Standard: s3Target(t.s3Standard, i),
  };
}

function coverageTarget(target: number, covered: bigint, eligible: bigint, onDemand: bigint, discount: number): KpiTarget {
  if (eligible <= 0n) return { target, current: null, met: null, saving: null, basis: 'no commitment-eligible usage in this month' };
  const current = Number(divideRounded(covered * 10_000n, eligible)) / 100;
  const short = partOf(eligible, target / 100) - covered;
  if (short <= 0n) return { target, current, met: true, saving: '0.00', basis: 'at or beyond the target' };
  const movable = short < onDemand ? short : onDemand;
  return {
    target, current, met: false, saving: cents(partOf(movable, discount / 100)),
    basis: `the on-demand-equivalent cost short of the target (at most the eligible on-demand cost), × ${discount} % (commitments.estimatedDiscountPercent 1yr: a Compute Savings Plan, no upfront)`,
  };
}

function s3Target(target: number, i: TargetInputs): KpiTarget {
  if (i.s3GbMonths <= 0) return { target, current: null, met: null, saving: null, basis: 'no S3 storage in this month' };
  const current = round2((i.s3StandardGbMonths / i.s3GbMonths) * 100);
  const excess = i.s3StandardGbMonths - (target / 100) * i.s3GbMonths;
  if (excess <= 1e-9) return { target, current, met: true, saving: '0.00', basis: 'at or below the target' };
  if (i.s3Ratio === null || i.s3StandardGbMonths <= 0) return { target, current, met: false, saving: null, basis: 'S3 prices not catalogued' };
  return {
    target, current, met: false,
    saving: cents(partOf(partOf(i.s3StandardCost, Math.min(excess, i.s3StandardGbMonths) / i.s3StandardGbMonths), 1 - i.s3Ratio)),
    basis: 'the Standard GB-months above the target at their EffectiveCost per GB-month × (1 − Intelligent-Tiering infrequent ÷ Standard us-east-1 list price, data/s3/storage-prices.csv); before the monitoring fee per object, which the bill does not count',
  };
}

