/**
 * The terms of the demo's commitments. The Reserved Instance and the Savings Plan are bought for
 * one year: each covers usage and bills its fees from its start to its end, never after. When the
 * generated span passes a term's end (`--months 13` passes the RI's, `--months 11` late in a month
 * the Savings Plan's), the organisation renews it as a new commitment of the same terms — a new
 * ARN (and RI subscription id, with its own upfront fee) — starting the hour the old one ends. The
 * renewals' identifiers come from PRNG streams of their own, so a span that no term end falls in
 * is generated exactly as before. Each billing period is cut into segments at term boundaries;
 * the hourly lines of a segment carry the terms that hold it.
 */
import type { Organisation, ReservedInstance, SavingsPlan } from './model.ts';
import { Prng } from './prng.ts';
import type { Params } from './sql.ts';
import { addHours, isoSeconds, type Period } from './time.ts';

const HOUR = 3_600_000;

/** One term of a commitment: the original purchase (index 0) or a renewal, with its hours from the window start. */
export interface CommitmentTerm<C> {
  index: number;
  commitment: C;
  startHour: number;
  endHour: number;
}

/** The terms of both commitments that begin before the window ends. */
export interface CommitmentTerms {
  ri: CommitmentTerm<ReservedInstance>[];
  sp: CommitmentTerm<SavingsPlan>[];
}

/** Hours from the window start to an ISO timestamp. */
function hourOf(org: Organisation, iso: string): number {
  return Math.round((Date.parse(iso) - org.window.start.getTime()) / HOUR);
}

/** The terms of `first` and its renewals (made by `renew`) that start before the window ends. */
function termsOf<C extends { start: string; end: string }>(org: Organisation, first: C, renew: (index: number, start: Date, end: Date) => C): CommitmentTerm<C>[] {
  const hours = hourOf(org, first.end) - hourOf(org, first.start);
  const terms: CommitmentTerm<C>[] = [{ index: 0, commitment: first, startHour: hourOf(org, first.start), endHour: hourOf(org, first.end) }];
  while (terms.at(-1)!.endHour < org.window.hours) {
    const index = terms.length;
    const start = new Date(Date.parse(terms.at(-1)!.commitment.end));
    const commitment = renew(index, start, addHours(start, hours));
    terms.push({ index, commitment, startHour: hourOf(org, commitment.start), endHour: hourOf(org, commitment.end) });
  }
  return terms;
}

/** The Reserved Instance and the Savings Plan with their renewals over the window (`seed` names the renewals' PRNG streams). */
export function commitmentTerms(org: Organisation, seed: number): CommitmentTerms {
  return {
    ri: termsOf(org, org.ri, (index, start, end) => {
      const p = new Prng(seed, `ri-renewal:${index}`);
      return {
        ...org.ri, arn: `arn:aws:ec2:${org.ri.region}:${org.ri.accountId}:reserved-instances/${p.uuid()}`, subscriptionId: p.digits(10),
        start: isoSeconds(start), end: isoSeconds(end),
      };
    }),
    sp: termsOf(org, org.sp, (index, start, end) => ({
      ...org.sp, arn: `arn:aws:savingsplans::${org.sp.accountId}:savingsplan/${new Prng(seed, `sp-renewal:${index}`).uuid()}`,
      start: isoSeconds(start), end: isoSeconds(end),
    })),
  };
}

/** The renewals only (terms after the first), for truth.json. */
export function renewals(terms: CommitmentTerms): { reservedInstances: ReservedInstance[]; savingsPlans: SavingsPlan[] } {
  return { reservedInstances: terms.ri.slice(1).map((t) => t.commitment), savingsPlans: terms.sp.slice(1).map((t) => t.commitment) };
}

/** The term holding `hour`, or the last one that started before it. */
function termAt<C>(terms: readonly CommitmentTerm<C>[], hour: number): CommitmentTerm<C> {
  return terms.filter((t) => t.startHour <= hour).at(-1) ?? terms[0];
}

/** Cuts [from, to) at the terms' starts inside it: at least one segment, even when it holds no hour. */
function cut(from: number, to: number, starts: readonly number[]): [number, number][] {
  const inside = [...new Set(starts.filter((h) => h > from && h < to))].sort((a, b) => a - b);
  const bounds = [from, ...inside, to];
  return bounds.slice(0, -1).map((h, i) => [h, bounds[i + 1]]);
}

/**
 * A period's hours cut at the Reserved Instance's term boundaries: the RIFee and upfront fee's
 * parameters per term. `riFeeHours` are the hours the term holds in the whole billing period (from
 * the later of the period's start and the term's to the earlier of their ends: what its RIFee
 * bills, in the current month too); `riHeldHours` those of them the generated data reaches (up to
 * as-of in the current month).
 */
export function riSegments(period: Period, terms: CommitmentTerms): Params[] {
  const from = period.startHour;
  const to = period.startHour + period.windowHours;
  return cut(from, to, terms.ri.map((t) => t.startHour)).map(([a, b]) => {
    const term = termAt(terms.ri, a);
    const ri = term.commitment;
    const feeStart = later(period.start, new Date(ri.start));
    const feeEnd = earlier(period.end, new Date(ri.end));
    return {
      ...riParams(ri), riHeldHours: b - a, riFeeHours: Math.max(0, Math.round((feeEnd.getTime() - feeStart.getTime()) / HOUR)),
      riFeeStart: stamp(feeStart), riFeeEnd: stamp(feeEnd),
      riPurchased: term.index === 0 ? period.index === 0 : term.startHour >= a && term.startHour < b,
      riStartTs: stamp(new Date(ri.start)),
    };
  });
}

/** A period's hours cut at the Savings Plan's term boundaries: the hourly fee's parameters per term. */
export function spSegments(period: Period, terms: CommitmentTerms): Params[] {
  const from = period.startHour;
  const to = period.startHour + period.windowHours;
  return cut(from, to, terms.sp.map((t) => t.startHour)).map(([a, b]) => ({ ...spParams(termAt(terms.sp, a).commitment), pStartH: a, pEndH: b }));
}

/** A period's hours cut at either commitment's term boundaries: the parameters of the EC2 usage lines per segment. */
export function usageSegments(period: Period, terms: CommitmentTerms): Params[] {
  const from = period.startHour;
  const to = period.startHour + period.windowHours;
  return cut(from, to, [...terms.ri, ...terms.sp].map((t) => t.startHour)).map(([a, b]) => ({
    ...riParams(termAt(terms.ri, a).commitment), ...spParams(termAt(terms.sp, a).commitment), pStartH: a, pEndH: b,
  }));
}

/** The SQL parameters naming a Reserved Instance term. */
export function riParams(ri: ReservedInstance): Params {
  return { riArn: ri.arn, riStart: ri.start, riEnd: ri.end, riSubscription: ri.subscriptionId };
}

/** The SQL parameters naming a Savings Plan term. */
export function spParams(sp: SavingsPlan): Params {
  return { spArn: sp.arn, spStart: sp.start, spEnd: sp.end };
}

const later = (a: Date, b: Date) => (a > b ? a : b);
const earlier = (a: Date, b: Date) => (a < b ? a : b);

/** `2026-09-01T00:00:00` for DuckDB TIMESTAMP casts. */
function stamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}
