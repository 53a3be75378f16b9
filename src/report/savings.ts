/**
 * Savings waiting: the idle findings and the rightsizing recommendations as of the end of the
 * report week, each with its owner, largest first. Savings are what each takes off the bill in
 * cash (idle: the resource's run-rate, hourly rate × 730 h, less what frees commitment; rightsizing:
 * its saving on the bill). What only frees a Reserved Instance or Savings Plan with unused hours
 * (monthlySavingCommitment) is not cash, so it is totalled apart, and a finding that saves no cash
 * and only frees commitment (an idle instance a commitment covered in full) is listed there only,
 * not among the cash savings at $0.00. A resource found by both keeps one finding (the
 * larger cash saving, then the larger commitment freed, as the Optimisation page counts it), so
 * nothing is counted twice, and the cash and commitment totals are the page's to the cent.
 * Where idle or rightsizing judged nothing, the AWS usage lines of their days carrying no usage
 * type (a FOCUS 1.0 export), the section says "not judged" as the page does (src/analyze/not-judged.ts),
 * never "no finding".
 */
import { type AttributionConfig, UNTAGGED } from '../analyze/attribution/index.ts';
import { bySavingDescending, freesCommitmentOnly } from '../analyze/findings.ts';
import { findIdleResources } from '../analyze/idle/index.ts';
import type { IdleConfig, RightsizingConfig } from '../analyze/optimisation-config.ts';
import { savingsNotJudged } from '../analyze/not-judged.ts';
import { recommendRightsizing } from '../analyze/rightsizing/index.ts';
import type { UsageWithoutType } from '../analyze/usage-without-type.ts';
import type { DateRange } from '../analyze/findings-window.ts';
import type { InstanceCatalogue } from '../catalogue/ec2.ts';
import type { Engine } from '../engine/engine.ts';
import { centsOfDecimal } from './money.ts';
import { readOwners } from './owners.ts';
import { codePointOrder, descending } from '../lib/order.ts';

/** One saving, in cents a month. */
export interface Saving {
  source: 'idle' | 'rightsizing';
  rule: string;
  /** The resource id, or `account/region/usage type` for a bill-only finding without one. */
  resource: string;
  accountId: string | null;
  region: string | null;
  action: string;
  /** The evidence in one sentence. */
  evidence: string;
  /** Cash off the bill a month, in cents. */
  monthlySaving: bigint;
  /** What it frees a month of a Reserved Instance or Savings Plan with unused hours instead of cash, in cents (0 when none). */
  monthlySavingCommitment: bigint;
  owner: string;
  /** The resource's cost centre (by the cost-centre tag, read as the chargeback reads it), when asked for; else null. */
  costCentre: string | null;
}

/**
 * The AWS usage lines without a usage type idle and rightsizing read (each its own days; null
 * without such lines), and whether each judged nothing for want of them (idleJudgedNothing,
 * rightsizingNotJudged: the Optimisation page's "not judged").
 */
export interface WithoutUsageType {
  idle: UsageWithoutType | null;
  rightsizing: UsageWithoutType | null;
  notJudged: { idle: boolean; rightsizing: boolean };
}

/** Every saving found as of a day. */
export interface SavingsWaiting {
  asOf: string;
  /** The 30 days of bill that price the savings. */
  costWindow: DateRange;
  /** Each resource once, largest cash saving first, then largest commitment freed. */
  savings: Saving[];
  /** The owner a spelling of an owner tag value stands for (`Payments ` → `payments`), as `owner` names them. */
  canonicalOwner(value: string): string;
  /** What idle and rightsizing could not judge: the whole store's, for every audience. */
  withoutUsageType: WithoutUsageType;
}

/**
 * Finds the savings waiting as of `asOf` (look-backs end at the start of that day), with owners by
 * `ownerTagKey` and, given `costCentreTagKey`, cost centres by that key (the same reading of a
 * resource's own bill: aliases, value spellings and account defaults of the attribution config).
 */
export async function findSavings(
  engine: Engine,
  configs: { attribution: AttributionConfig; idle: IdleConfig; rightsizing: RightsizingConfig },
  catalogue: InstanceCatalogue,
  ownerTagKey: string,
  asOf: string,
  costCentreTagKey?: string,
): Promise<SavingsWaiting> {
  const idle = await findIdleResources(engine, configs.idle, { asOf, usageWithoutType: true });
  const rightsizing = await recommendRightsizing(engine, catalogue, configs.rightsizing, { asOf, usageWithoutType: true });
  const withoutUsageType: WithoutUsageType = {
    idle: idle.usageWithoutType, rightsizing: rightsizing.usageWithoutType,
    notJudged: await savingsNotJudged(engine, idle, rightsizing),
  };
  const owners = await readOwners(engine, configs.attribution, ownerTagKey, idle.costWindow);
  const centres = costCentreTagKey === undefined ? null : await readOwners(engine, configs.attribution, costCentreTagKey, idle.costWindow);
  const costCentre = (resourceId: string | null, accountId: string | null) => (centres ? centres.owner(resourceId, accountId) : null);
  const byResource = new Map<string, Saving>();
  const keep = (s: Saving) => {
    const kept = byResource.get(s.resource);
    if (!kept || bySaving(s, kept) < 0) byResource.set(s.resource, s);
  };
  for (const f of idle.findings) {
    const resource = f.resourceId ?? `${f.accountId ?? '?'}/${f.region ?? '?'}/${f.usageType ?? '?'}`;
    keep({
      source: 'idle', rule: f.rule, resource, accountId: f.accountId, region: f.region, action: f.action, evidence: f.explanation,
      monthlySaving: centsOfDecimal(f.monthlySaving), monthlySavingCommitment: centsOfDecimal(f.monthlySavingCommitment),
      owner: owners.owner(f.resourceId, f.accountId), costCentre: costCentre(f.resourceId, f.accountId),
    });
  }
  for (const r of rightsizing.recommendations) {
    keep({
      source: 'rightsizing', rule: r.rule, resource: r.resourceId, accountId: r.accountId, region: r.region, action: r.action, evidence: r.explanation,
      monthlySaving: centsOfDecimal(r.monthlySavingBill), monthlySavingCommitment: centsOfDecimal(r.monthlySavingCommitment),
      owner: owners.owner(r.resourceId, r.accountId), costCentre: costCentre(r.resourceId, r.accountId),
    });
  }
  const savings = [...byResource.values()].sort((a, b) => bySaving(a, b) || codePointOrder(a.resource, b.resource));
  return { asOf, costWindow: idle.costWindow, savings, canonicalOwner: owners.canonical, withoutUsageType };
}

/** A saving's cents as the findings' rules read them (src/analyze/findings.ts). */
const cashAndCommitment = (s: Saving) => ({ cash: s.monthlySaving, commitment: s.monthlySavingCommitment });

/** Larger cash saving first, then larger commitment freed (bySavingDescending, as the Optimisation page keeps one finding a resource). */
function bySaving(a: Saving, b: Saving): number {
  return bySavingDescending(cashAndCommitment(a), cashAndCommitment(b));
}

/** What an audience's findings free of commitments instead of cash, apart from the cash savings. */
export interface CommitmentFreed {
  /** The largest of the findings that free commitment (also those saving cash besides), largest commitment first. */
  listed: Saving[];
  /** How many findings free commitment. */
  count: number;
  /** The sum of their monthlySavingCommitment cents: with the section's cash total, their run-rates and bill savings. */
  total: bigint;
}

/** Counts and cents of savings grouped by `key` of each, largest first (ties: code-point order). */
function groupSavings(mine: Saving[], key: (s: Saving) => string): { value: string; count: number; total: bigint }[] {
  const groups = new Map<string, { value: string; count: number; total: bigint }>();
  for (const s of mine) {
    const g = groups.get(key(s)) ?? { value: key(s), count: 0, total: 0n };
    groups.set(key(s), { ...g, count: g.count + 1, total: g.total + s.monthlySaving });
  }
  return [...groups.values()].sort((a, b) => descending(a.total, b.total) || codePointOrder(a.value, b.value));
}

/**
 * The savings of an audience: the cash savings (every finding but those that only free commitment),
 * the largest listed, the total of all, grouped by owner (engineering) or cost centre (finance); and
 * apart, what the findings free of commitments instead of cash (`commitment`), never in the cash total;
 * and what idle and rightsizing could not judge (`withoutUsageType`), the store's whatever the audience.
 */
export function savingsSection(all: SavingsWaiting, mine: Saving[], top: number, groupBy: 'owner' | 'costCentre' | null) {
  const cash = mine.filter((s) => !freesCommitmentOnly(cashAndCommitment(s)));
  const freeing = mine.filter((s) => s.monthlySavingCommitment > 0n)
    .sort((a, b) => descending(a.monthlySavingCommitment, b.monthlySavingCommitment) || codePointOrder(a.resource, b.resource));
  const commitment: CommitmentFreed = { listed: freeing.slice(0, top), count: freeing.length, total: freeing.reduce((s, x) => s + x.monthlySavingCommitment, 0n) };
  return {
    asOf: all.asOf,
    listed: cash.slice(0, top),
    count: cash.length,
    total: cash.reduce((s, x) => s + x.monthlySaving, 0n),
    byOwner: groupBy === 'owner' ? groupSavings(cash, (s) => s.owner).map((g) => ({ owner: g.value, count: g.count, total: g.total })) : [],
    byCostCentre: groupBy === 'costCentre'
      ? groupSavings(cash, (s) => s.costCentre ?? UNTAGGED).map((g) => ({ costCentre: g.value, count: g.count, total: g.total }))
      : [],
    commitment,
    withoutUsageType: all.withoutUsageType,
  };
}
