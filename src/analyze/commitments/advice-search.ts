/**
 * The Compute Savings Plan commitment to buy, found and described in exact integers. A plan at price
 * r = p ÷ q of on-demand and C an hour covers, in an hour with on-demand spend S, min(S, C ÷ r) of it.
 * Over the look-back's n hours (spend Sₕ = Nₕ ÷ HOUR_PARTS, src/analyze/commitments/advice-hours.ts)
 * every figure of a commitment follows from one integer, K = Σ min(Nₕ × p, C × q × HOUR_PARTS)
 * (the on-demand spend covered × HOUR_PARTS × p):
 * - net saving over the look-back = covered − C × n = (K − C × n × HOUR_PARTS × p) ÷ (HOUR_PARTS × p);
 * - utilisation = covered × r ÷ (C × n) = K ÷ (HOUR_PARTS × q × C × n);
 * - coverage = covered ÷ Σ S = K ÷ (p × Σ N).
 * The net saving is concave in C and utilisation never rises with C, so the best commitment on the
 * purchase grid ($0.001 an hour) among those used at least the minimum is found by two binary
 * searches, comparing exact integers: no figure is rounded before it is shown.
 */
import { HOUR_PARTS, type HourlySpend } from './advice-hours.ts';
import { divideRounded, parseDecimal, percentOf } from '../../lib/money.ts';

/** Units (1e-10 USD) in $0.001, the Savings Plans purchase granularity of an hourly commitment. */
const UNITS_PER_COMMITMENT_STEP = 10_000_000n;

/** A plan's price as an exact share of on-demand: numerator ÷ denominator (1 − discount). */
export interface PlanPrice {
  numerator: bigint;
  denominator: bigint;
}

/** What a commitment would have done over the look-back. Money in units of 1e-10. */
export interface CommitmentFit {
  /** Units an hour, a whole number of $0.001. */
  hourlyCommitment: bigint;
  /** Net saving per 730 hours: (covered − paid) ÷ hours × `hoursPerMonth`, rounded once. */
  monthlySaving: bigint;
  /** Exact ratios, each rounded once to two decimals, half away from zero. */
  utilisationPercent: number;
  coveragePercent: number;
}

/** One evaluation of a commitment: K and the saving, both × HOUR_PARTS × p. */
interface Replay {
  covered: bigint;
  saving: bigint;
}

/**
 * The commitment with the largest net saving over the hours (ties: the smaller) among the multiples of
 * $0.001 whose utilisation is at least `minUtilisationPercent`, or undefined when none saves money.
 */
export function bestCommitment(spend: HourlySpend, price: PlanPrice, minUtilisationPercent: number, hoursPerMonth: number): CommitmentFit | undefined {
  const { numerator: p, denominator: q } = price;
  const n = BigInt(spend.length);
  const most = spend.reduce((a, b) => (b > a ? b : a), 0n);
  if (n === 0n || p <= 0n || q <= 0n || most === 0n) return undefined;
  const replay = (steps: bigint): Replay => {
    const commitment = steps * UNITS_PER_COMMITMENT_STEP;
    const ceiling = commitment * q * HOUR_PARTS;
    const covered = spend.reduce((sum, s) => sum + (s * p < ceiling ? s * p : ceiling), 0n);
    return { covered, saving: covered - commitment * n * HOUR_PARTS * p };
  };
  // Utilisation ≥ minimum ⇔ K × 1e8 ≥ minimum (millionths of a percent) × HOUR_PARTS × q × C × n.
  const minimum = parseDecimal(minUtilisationPercent.toFixed(6), 6);
  const usedEnough = (steps: bigint) => replay(steps).covered * 100_000_000n >= minimum * HOUR_PARTS * q * steps * UNITS_PER_COMMITMENT_STEP * n;
  // From the first step whose C ÷ r covers the busiest hour whole, every step more only adds to the price.
  const top = ceilDiv(most * p, q * HOUR_PARTS * UNITS_PER_COMMITMENT_STEP);
  if (top < 1n || !usedEnough(1n)) return undefined;
  const highest = lastTrue(1n, top, usedEnough);
  const steps = lastTrue(1n, highest, (s) => s === 1n || replay(s).saving > replay(s - 1n).saving);
  const best = replay(steps);
  if (best.saving <= 0n) return undefined;
  const commitment = steps * UNITS_PER_COMMITMENT_STEP;
  return {
    hourlyCommitment: commitment,
    monthlySaving: divideRounded(best.saving * BigInt(hoursPerMonth), HOUR_PARTS * p * n),
    utilisationPercent: percentOf(best.covered, HOUR_PARTS * q * commitment * n)!,
    coveragePercent: percentOf(best.covered, p * spend.reduce((a, b) => a + b, 0n))!,
  };
}

/** The largest x in [lo, hi] for which `holds` is true, given that it holds at lo and, once false, stays false. */
function lastTrue(lo: bigint, hi: bigint, holds: (x: bigint) => boolean): bigint {
  let [low, high] = [lo, hi];
  while (low < high) {
    const mid = (low + high + 1n) / 2n;
    if (holds(mid)) low = mid;
    else high = mid - 1n;
  }
  return low;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
