/**
 * Compute Savings Plan purchase advice. Over the look-back (the `lookbackDays` days ending at the
 * data horizon, or fewer when the billing data starts later), each hour's on-demand spend that a Compute Savings Plan could cover (EC2 instance
 * hours and Fargate, not already covered by a commitment; lines longer than an hour spread evenly
 * over their hours) is replayed against a candidate hourly commitment C at the plan's rate
 * r = 1 − discount: the plan covers min(spend, C ÷ r) of on-demand spend for C per hour. The
 * advice is the C that maximises net savings (covered on-demand spend − commitment paid) among
 * those the look-back would have used at least `minUtilisationPercent`, rounded down to $0.001 an
 * hour (the Savings Plans purchase granularity). The discount comes from the bill when it holds a
 * Compute Savings Plan of that term and payment option (its SavingsPlanEffectiveCost over the
 * public on-demand cost of the usage it covered), else from config, marked as an estimate.
 * The search runs on doubles; the money it reports is exact for the C found (bigint units, one
 * rounding): the eligible on-demand cost (the lines' sum, a line split over its hours without
 * rounding), the monthly commitment (C × 730) and the monthly saving (the replay of C at the plan's
 * price as an exact fraction of on-demand).
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import type { CommitmentsConfig } from './config.ts';
import { horizonEnd, HOURS_PER_MONTH } from './expiry.ts';
import { readCommitmentUsage, type CommitmentUsage } from './usage.ts';
import { dayOf } from '../../lib/calendar.ts';
import { divideRounded, numberOfUnits, parseDecimal, toUnits } from '../../lib/money.ts';
import { round2 } from '../../lib/round.ts';
import { lcm } from '../../lib/bigint-math.ts';

const TERMS = ['1yr', '3yr'] as const;
const MS_PER_HOUR = 3_600_000;

/** One purchase recommendation. Money in units of 1e-10. */
export interface SavingsPlanAdvice {
  type: 'Compute Savings Plan';
  term: (typeof TERMS)[number];
  paymentOption: 'No Upfront';
  hourlyCommitment: bigint;
  monthlyCommitment: bigint;
  /** On-demand spend avoided − commitment paid, per month (730 hours). */
  monthlySaving: bigint;
  expectedUtilisationPercent: number;
  /** Share of the look-back's eligible on-demand spend the plan would have covered. */
  expectedCoveragePercent: number;
  /** Below this utilisation the plan costs more than on-demand (= the plan's rate, as a percentage of on-demand). */
  breakEvenUtilisationPercent: number;
  discountPercent: number;
  rateSource: 'bill' | 'estimated';
  rateBasis: string;
}

/** The look-back the advice was fitted on, and why a term got no recommendation. */
export interface AdviceResult {
  lookbackFrom: string;
  lookbackTo: string;
  hours: number;
  hoursWithSpend: number;
  eligibleOnDemand: bigint;
  hoursSource: string;
  recommendations: SavingsPlanAdvice[];
  notes: string[];
}

/**
 * Advises Compute Savings Plan purchases from the look-back ending at the horizon (`YYYY-MM-DD`),
 * starting no earlier than the store's first charge day `firstDay` (calendar/data_horizon, read by the caller).
 */
export async function adviseSavingsPlans(engine: Engine, horizon: string, config: CommitmentsConfig, firstDay: string | null): Promise<AdviceResult> {
  const to = horizonEnd(horizon);
  const earliest = firstDay ? Date.parse(`${firstDay}T00:00:00Z`) : to.getTime();
  const from = new Date(Math.max(to.getTime() - config.lookbackDays * 24 * MS_PER_HOUR, earliest));
  const hourly = await hourlySpend(engine, from, to);
  const spend = hourly.dollars;
  const lookback = { lookbackFrom: dayOf(from), lookbackTo: dayOf(to) };
  const existing = await readCommitmentUsage(engine, { charge_from: lookback.lookbackFrom, charge_to: lookback.lookbackTo });
  const result: AdviceResult = {
    ...lookback, hours: spend.length, hoursWithSpend: spend.filter((s) => s > 0).length,
    eligibleOnDemand: divideRounded(hourly.scaled.reduce((a, b) => a + b, 0n), hourly.denominator),
    hoursSource: 'hourly on-demand EC2 instance and Fargate lines of the bill; daily lines spread evenly over their 24 hours; Lambda left out',
    recommendations: [], notes: [],
  };
  for (const term of TERMS) {
    const rate = planRate(term, existing, config);
    const best = bestCommitment(spend, 1 - rate.discount, config.minUtilisationPercent / 100);
    if (!best) {
      result.notes.push(`${term} Compute Savings Plan: no commitment would have saved money at ≥ ${config.minUtilisationPercent} % utilisation over the look-back`);
      continue;
    }
    const hourlyCommitment = toUnits(best.commitment.toFixed(3));
    result.recommendations.push({
      type: 'Compute Savings Plan', term, paymentOption: 'No Upfront',
      hourlyCommitment,
      monthlyCommitment: hourlyCommitment * BigInt(HOURS_PER_MONTH),
      monthlySaving: replayedMonthlySaving(hourly, hourlyCommitment, rate.price),
      expectedUtilisationPercent: round2(best.utilisation * 100),
      expectedCoveragePercent: round2(best.coverage * 100),
      breakEvenUtilisationPercent: round2((1 - rate.discount) * 100),
      discountPercent: round2(rate.discount * 100),
      rateSource: rate.source,
      rateBasis: rate.basis,
    });
  }
  return result;
}

/**
 * Each hour's eligible on-demand spend over the look-back: in dollars for the search, and exactly,
 * as units × `denominator` (the least common multiple of the lines' lengths in hours), so a line
 * spread evenly over its hours is split without rounding.
 */
interface HourlySpend {
  dollars: number[];
  scaled: bigint[];
  denominator: bigint;
}

/** Eligible on-demand spend per hour of [from, to) (query commitments/eligible_on_demand_hourly). */
async function hourlySpend(engine: Engine, from: Date, to: Date): Promise<HourlySpend> {
  const hours = Math.round((to.getTime() - from.getTime()) / MS_PER_HOUR);
  const rows = await runQuery(engine, 'commitments/eligible_on_demand_hourly', { charge_from: stamp(from), charge_to: stamp(to) });
  const lines = rows.map((row) => ({
    first: Math.floor((Date.parse(`${String(row.charge_start).replace(' ', 'T')}Z`) - from.getTime()) / MS_PER_HOUR),
    length: Math.max(1, Math.round(row.hours ?? 0)),
    cost: row.on_demand_cost ?? 0n,
  }));
  return spreadOverHours(lines, hours);
}

/** Spreads each line's cost (units) evenly over its `length` hours from hour `first`, keeping the hours of [0, hours). */
function spreadOverHours(lines: readonly { first: number; length: number; cost: bigint }[], hours: number): HourlySpend {
  const denominator = lines.reduce((d, line) => lcm(d, BigInt(line.length)), 1n);
  const spend: HourlySpend = { dollars: new Array<number>(hours).fill(0), scaled: new Array<bigint>(hours).fill(0n), denominator };
  for (const { first, length, cost } of lines) {
    const dollars = numberOfUnits(cost) / length;
    const scaled = cost * (denominator / BigInt(length));
    for (let h = Math.max(0, first); h < Math.min(hours, first + length); h++) {
      spend.dollars[h] += dollars;
      spend.scaled[h] += scaled;
    }
  }
  return spend;
}

/**
 * Net saving a month (730 hours) of an hourly commitment C (units) at the plan's price r (a share
 * of on-demand, exact) replayed over the hours: Σ min(spend, C ÷ r) − C × hours, over the hours,
 * × 730, rounded once.
 */
function replayedMonthlySaving(spend: HourlySpend, commitment: bigint, price: { numerator: bigint; denominator: bigint }): bigint {
  const hours = BigInt(spend.scaled.length);
  if (hours === 0n || price.numerator <= 0n) return 0n;
  // Every figure over spend.denominator × price.numerator: an hour's spend, and the on-demand spend C covers.
  const scale = spend.denominator * price.numerator;
  const ceiling = commitment * spend.denominator * price.denominator;
  const covered = spend.scaled.reduce((sum, s) => sum + (s * price.numerator < ceiling ? s * price.numerator : ceiling), 0n);
  return divideRounded((covered - commitment * hours * scale) * BigInt(HOURS_PER_MONTH), scale * hours);
}

/** Net savings, utilisation and coverage of a commitment C replayed over the hours. */
export function replay(spend: readonly number[], commitment: number, rate: number) {
  const ceiling = commitment / rate;
  let covered = 0;
  let total = 0;
  for (const s of spend) {
    covered += Math.min(s, ceiling);
    total += s;
  }
  const paid = commitment * spend.length;
  return { commitment, saving: covered - paid, utilisation: paid > 0 ? (covered * rate) / paid : 0, coverage: total > 0 ? covered / total : 0 };
}

/** The commitment with the largest positive saving whose utilisation is at least `minUtilisation`, or undefined. */
export function bestCommitment(spend: readonly number[], rate: number, minUtilisation: number) {
  const candidates = [...new Set(spend.filter((s) => s > 0).map((s) => Math.floor(s * rate * 1000) / 1000))].filter((c) => c >= 0.001);
  let best: ReturnType<typeof replay> | undefined;
  for (const c of candidates) {
    const r = replay(spend, c, rate);
    if (r.utilisation + 1e-12 < minUtilisation || r.saving <= 0) continue;
    if (!best || r.saving > best.saving + 1e-12 || (Math.abs(r.saving - best.saving) <= 1e-12 && c < best.commitment)) best = r;
  }
  return best;
}

/** A plan's discount off on-demand, and its price as an exact share of on-demand (1 − discount). */
interface PlanRate {
  discount: number;
  price: { numerator: bigint; denominator: bigint };
  source: 'bill' | 'estimated';
  basis: string;
}

/** The plan's discount for a term: from the bill's Compute Savings Plans of that term, else the configured estimate. */
function planRate(term: string, existing: CommitmentUsage[], config: CommitmentsConfig): PlanRate {
  const plans = existing.filter((c) => c.type === 'Compute Savings Plan' && c.term === term && c.paymentOption === 'No Upfront' && c.coveredOnDemand > 0n);
  const onDemand = plans.reduce((n, c) => n + c.coveredOnDemand, 0n);
  if (plans.length > 0 && onDemand > 0n) {
    const effective = plans.reduce((n, c) => n + c.usedCost, 0n);
    const discount = 1 - Number(effective) / Number(onDemand);
    return {
      discount, price: { numerator: effective, denominator: onDemand }, source: 'bill',
      basis: `the bill's ${term} No Upfront Compute Savings Plan${plans.length > 1 ? 's' : ''} (${plans.map((p) => p.arn).join(', ')}): SavingsPlanEffectiveCost ÷ public on-demand cost of the usage covered in the look-back`,
    };
  }
  const percent = config.estimatedDiscountPercent[term as keyof CommitmentsConfig['estimatedDiscountPercent']];
  const percentMillionths = parseDecimal(percent.toFixed(6), 6);
  return {
    discount: percent / 100, price: { numerator: 100_000_000n - percentMillionths, denominator: 100_000_000n }, source: 'estimated',
    basis: `estimated: commitments.estimatedDiscountPercent.${term} = ${percent} % (the bill holds no ${term} No Upfront Compute Savings Plan to read a rate from; set it from the AWS Savings Plans pricing page for your instance mix)`,
  };
}


function stamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}
