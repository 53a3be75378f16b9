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
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import type { CommitmentsConfig } from './config.ts';
import { horizonEnd, HOURS_PER_MONTH } from './expiry.ts';
import { readCommitmentUsage, type CommitmentUsage } from './usage.ts';
import { dayOf } from '../../lib/calendar.ts';
import { numberOfUnits, toUnits } from '../../lib/money.ts';
import { round2 } from '../../lib/round.ts';

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
  const spend = await hourlySpend(engine, from, to);
  const lookback = { lookbackFrom: dayOf(from), lookbackTo: dayOf(to) };
  const existing = await readCommitmentUsage(engine, { charge_from: lookback.lookbackFrom, charge_to: lookback.lookbackTo });
  const result: AdviceResult = {
    ...lookback, hours: spend.length, hoursWithSpend: spend.filter((s) => s > 0).length,
    eligibleOnDemand: toUnits(spend.reduce((a, b) => a + b, 0).toFixed(10)),
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
    result.recommendations.push({
      type: 'Compute Savings Plan', term, paymentOption: 'No Upfront',
      hourlyCommitment: toUnits(best.commitment.toFixed(3)),
      monthlyCommitment: toUnits((best.commitment * HOURS_PER_MONTH).toFixed(10)),
      monthlySaving: toUnits(((best.saving / spend.length) * HOURS_PER_MONTH).toFixed(10)),
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

/** Eligible on-demand spend per hour of [from, to), in dollars (query commitments/eligible_on_demand_hourly). */
async function hourlySpend(engine: Engine, from: Date, to: Date): Promise<number[]> {
  const hours = Math.round((to.getTime() - from.getTime()) / MS_PER_HOUR);
  const spend = new Array<number>(hours).fill(0);
  const rows = await runQuery(engine, 'commitments/eligible_on_demand_hourly', { charge_from: stamp(from), charge_to: stamp(to) });
  for (const row of rows) {
    const start = Date.parse(`${String(row.charge_start).replace(' ', 'T')}Z`);
    const length = Math.max(1, Math.round(row.hours ?? 0));
    const cost = numberOfUnits(row.on_demand_cost);
    const first = Math.floor((start - from.getTime()) / MS_PER_HOUR);
    for (let h = first; h < first + length; h++) if (h >= 0 && h < hours) spend[h] += cost / length;
  }
  return spend;
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

/** The plan's discount for a term: from the bill's Compute Savings Plans of that term, else the configured estimate. */
function planRate(term: string, existing: CommitmentUsage[], config: CommitmentsConfig): { discount: number; source: 'bill' | 'estimated'; basis: string } {
  const plans = existing.filter((c) => c.type === 'Compute Savings Plan' && c.term === term && c.paymentOption === 'No Upfront' && c.coveredOnDemand > 0n);
  const onDemand = plans.reduce((n, c) => n + c.coveredOnDemand, 0n);
  if (plans.length > 0 && onDemand > 0n) {
    const effective = plans.reduce((n, c) => n + c.usedCost, 0n);
    const discount = 1 - Number(effective) / Number(onDemand);
    return {
      discount, source: 'bill',
      basis: `the bill's ${term} No Upfront Compute Savings Plan${plans.length > 1 ? 's' : ''} (${plans.map((p) => p.arn).join(', ')}): SavingsPlanEffectiveCost ÷ public on-demand cost of the usage covered in the look-back`,
    };
  }
  const percent = config.estimatedDiscountPercent[term as keyof CommitmentsConfig['estimatedDiscountPercent']];
  return {
    discount: percent / 100, source: 'estimated',
    basis: `estimated: commitments.estimatedDiscountPercent.${term} = ${percent} % (the bill holds no ${term} No Upfront Compute Savings Plan to read a rate from; set it from the AWS Savings Plans pricing page for your instance mix)`,
  };
}


function stamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}
