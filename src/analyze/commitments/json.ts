/**
 * The JSON contract of `costlens commitments --format json` (other tools read it): camelCase keys,
 * money as decimal strings (10 decimals, exact sums of the store's DECIMAL(38,10)), hours, counts
 * and percentages as numbers, null where the bill cannot say.
 */
import type { CommitmentsAnalysis } from './analyse.ts';
import { coveragePercents, NO_COVERAGE, type CoverageFigures } from './coverage.ts';
import { monthlyValue } from './expiry.ts';
import { percent, type CommitmentUsage } from './usage.ts';
import { quantity, summarise, type CommitmentSummary } from './summary.ts';
import { unusedCostStated } from './unstated-purchase.ts';
import { divideRounded, fromUnits, MICROSECONDS_PER_HOUR, microsecondsOfHours, percentOf } from '../../lib/money.ts';

const money = (units: bigint | null | undefined) => (units === null || units === undefined ? null : fromUnits(units));

/** Whether a commitment's unused cost is stated (unusedCostStated: its purchase is, or an Unused line's cost). */
const unusedStated = (c: CommitmentUsage) => unusedCostStated(c.kind === 'sp' ? c.commitment : c.purchased, c.unusedCost);

/**
 * The unused cost of some commitments (`total`, their sum): null when there are some and none of them
 * states its unused cost (the FOCUS 1.0 sample's Savings Plans), as the Commitments page's card reads
 * `not stated`; else the sum of those that state it (the others' are 0).
 */
const unusedTotal = (commitments: readonly CommitmentUsage[], total: bigint) => (commitments.length > 0 && !commitments.some(unusedStated) ? null : money(total));

/** The whole report as the JSON contract shapes it. */
export function commitmentsJson(a: CommitmentsAnalysis) {
  const summary = summarise(a.commitments, a.coverage.total);
  return {
    period: a.label,
    from: a.range.billingFrom ?? a.range.chargeFrom ?? null,
    to: a.range.billingTo ?? a.range.chargeTo ?? null,
    horizon: a.horizon,
    days: a.days,
    ...(a.periodData ? { periodData: a.periodData } : {}),
    ...(a.wholeBills ? { wholeBills: a.wholeBills } : {}),
    ...headline(summary, a.commitments),
    reservedInstances: {
      ...summary.reservedInstances,
      purchasedHours: quantity(summary.reservedInstances.purchasedHours),
      usedHours: quantity(summary.reservedInstances.usedHours),
      unusedHours: quantity(summary.reservedInstances.unusedHours),
      purchasedUnits: quantity(summary.reservedInstances.purchasedUnits),
      usedUnits: quantity(summary.reservedInstances.usedUnits),
      unusedUnits: quantity(summary.reservedInstances.unusedUnits),
      unusedCost: unusedTotal(a.commitments.filter((c) => c.kind === 'ri'), summary.reservedInstances.unusedCost),
    },
    savingsPlans: {
      ...summary.savingsPlans,
      commitment: money(summary.savingsPlans.commitment),
      usedCommitment: money(summary.savingsPlans.usedCommitment),
      unusedCommitment: money(summary.savingsPlans.commitment - summary.savingsPlans.usedCommitment),
      unusedCost: unusedTotal(a.commitments.filter((c) => c.kind === 'sp'), summary.savingsPlans.unusedCost),
    },
    coverage: coverageJson(a.coverage.total),
    commitments: a.commitments.map(commitmentJson),
    ...(a.by === 'commitment' ? {} : { by: a.by, groups: groupsJson(a) }),
    byPeriod: [...new Set([...a.periods.keys(), ...a.coverage.byPeriod.keys()])].sort().map((period) => ({
      period,
      ...headline(summarise(a.periods.get(period) ?? [], a.coverage.byPeriod.get(period) ?? NO_COVERAGE), a.periods.get(period) ?? []),
    })),
    expiring: a.expiring.map((e) => ({
      arn: e.arn, type: e.type, accountId: e.accountId, end: e.end, daysLeft: e.daysLeft, windowDays: e.windowDays,
      monthlyValue: money(e.monthlyValue), onDemandIfNotRenewed: money(e.onDemandIfNotRenewed),
    })),
    recommendations: a.advice.recommendations.map((r) => ({
      ...r, hourlyCommitment: money(r.hourlyCommitment), monthlyCommitment: money(r.monthlyCommitment), monthlySaving: money(r.monthlySaving),
    })),
    advice: {
      lookbackFrom: a.advice.lookbackFrom, lookbackTo: a.advice.lookbackTo, hours: a.advice.hours, hoursWithSpend: a.advice.hoursWithSpend,
      eligibleOnDemandCost: money(a.advice.eligibleOnDemand), hoursSource: a.advice.hoursSource, notes: a.advice.notes,
    },
  };
}

/** The headline figures of `s`, the summary of `commitments`: the unused cost null when none of them states it (unusedTotal). */
function headline(s: CommitmentSummary, commitments: readonly CommitmentUsage[]) {
  return {
    utilisationPercent: s.utilisationPercent,
    normalisedUtilisationPercent: s.normalisedUtilisationPercent,
    coveragePercent: s.coveragePercent,
    coverageCostPercent: s.coverageCostPercent,
    unusedCost: unusedTotal(commitments, s.unusedCost),
    effectiveSavingsRate: s.effectiveSavingsRate,
    onDemandEquivalent: money(s.onDemandEquivalent)!,
    amortisedCost: money(s.amortisedCost)!,
    savings: money(s.savings)!,
  };
}

/** Coverage figures of a group (or of everything). */
export function coverageJson(f: CoverageFigures) {
  return {
    ...coveragePercents(f),
    eligibleHours: quantity(f.eligibleHours),
    coveredHours: quantity(f.riHours + f.spHours),
    reservedHours: quantity(f.riHours),
    savingsPlanHours: quantity(f.spHours),
    eligibleOnDemandCost: money(f.eligibleOnDemand),
    coveredOnDemandCost: money(f.riCoveredOnDemand + f.spCoveredOnDemand),
    onDemandCost: money(f.onDemandCost),
    effectiveCost: money(f.effectiveCost),
  };
}

/**
 * One commitment: `arn`, `type`, `end`, `purchased`, `used`, `unused`, `unit`, `unusedCost` (null
 * when nothing states it: unusedCostStated) and the rest of what the bill says.
 */
export function commitmentJson(c: CommitmentUsage) {
  const dollars = c.kind === 'sp';
  const amount = (n: number | null, units: bigint | null) => (dollars ? money(units) : quantity(n));
  return {
    arn: c.arn,
    type: c.type,
    end: c.end,
    purchased: amount(c.purchased, c.commitment),
    used: amount(c.used, c.usedCommitment),
    unused: amount(c.unused, c.commitment === null ? null : c.commitment - (c.usedCommitment ?? 0n)),
    unit: c.unit,
    unusedCost: unusedStated(c) ? money(c.unusedCost) : null,
    utilisationPercent: dollars && c.commitment !== null ? percentOf(c.usedCommitment ?? 0n, c.commitment) : c.purchased === null ? null : percent(c.used ?? 0, c.purchased),
    normalisedPurchased: quantity(c.purchasedUnits),
    normalisedUsed: c.purchasedUnits === null ? null : quantity(c.purchasedUnits - (c.unusedUnits ?? 0)),
    normalisedUnused: quantity(c.unusedUnits),
    normalisedUtilisationPercent: c.purchasedUnits === null ? null : percent(c.purchasedUnits - (c.unusedUnits ?? 0), c.purchasedUnits),
    start: c.start,
    accountId: c.accountId,
    service: c.service,
    region: c.region,
    availabilityZone: c.availabilityZone,
    instanceType: c.instanceType,
    sizeFlexible: c.sizeFlexible,
    offeringClass: c.offeringClass,
    paymentOption: c.paymentOption,
    term: c.term,
    reservations: c.reservations,
    hourlyCommitment: dollars ? money(savingsPlanHourlyCommitment(c)) : null,
    monthlyValue: money(monthlyValue(c)),
    recurringFee: money(c.recurringFee),
    amortisedUpfrontFee: money(c.amortisedUpfrontFee),
    unusedRecurringFee: money(c.unusedRecurringFee),
    unusedUpfrontFee: money(c.unusedUpfrontFee),
    usedCost: money(c.usedCost),
    onDemandEquivalent: money(c.coveredOnDemand),
    netSavings: money(c.coveredOnDemand - c.usedCost - c.unusedCost),
    periods: c.periods,
  };
}

/** A Savings Plan's commitment per hour: its commitment over the hours of its fee lines (whole microseconds), rounded once; null where the bill cannot say. */
function savingsPlanHourlyCommitment(c: Pick<CommitmentUsage, 'commitment' | 'commitmentHours'>): bigint | null {
  if (c.commitment === null || !c.commitmentHours) return null;
  const microseconds = microsecondsOfHours(c.commitmentHours);
  return microseconds === 0n ? null : divideRounded(c.commitment * MICROSECONDS_PER_HOUR, microseconds);
}

/** Coverage per group, with the utilisation of the commitments the group owns (account, service, region, family). */
function groupsJson(a: CommitmentsAnalysis) {
  const owner = (c: CommitmentUsage): string | null => {
    switch (a.by) {
      case 'account': return c.accountId;
      case 'service': return c.service;
      case 'region': return c.region;
      case 'family': return c.instanceType ? c.instanceType.replace(/\.[^.]+$/, '') : null;
      default: return null;
    }
  };
  const keys = new Set([...a.coverage.groups.keys(), ...a.commitments.map(owner).filter((k): k is string => k !== null)]);
  return [...keys].sort().map((key) => {
    const owned = a.commitments.filter((c) => owner(c) === key);
    const figures = a.coverage.groups.get(key) ?? NO_COVERAGE;
    const s = summarise(owned, figures);
    return {
      key,
      commitments: owned.length,
      utilisationPercent: owned.length ? s.utilisationPercent : null,
      normalisedUtilisationPercent: owned.length ? s.normalisedUtilisationPercent : null,
      unusedCost: unusedTotal(owned, s.unusedCost),
      ...coverageJson(figures),
    };
  });
}
