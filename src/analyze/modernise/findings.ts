/** Modernisation findings: their shape, the money of a move priced from the bill and a catalogue, and their table. */
import type { TextTable } from '../../lib/table.ts';
import { fromUnits, roundDecimal, toUnits, unitsOfNumber as priceUnits } from '../../lib/money.ts';
import { multiplyDecimal, savingAtRatio, sumDecimals } from '../findings-money.ts';
import { aboveZero } from '../saves-nothing.ts';
import type { Confidence } from '../findings.ts';
import { COMMITMENT_COLUMNS, commitmentCells, type CommitmentCoverage, type CommitmentSource } from '../instance-commitments.ts';
import type { DateRange } from '../findings-window.ts';
import { codePointOrder, descending } from '../../lib/order.ts';

/** The rules of `costlens modernise`, in the order findings are listed for a resource kind. */
export const MODERNISE_RULES = [
  'ebs-gp2-to-gp3',
  'ebs-io1-to-gp3',
  'ebs-io1-to-io2',
  'ec2-older-generation',
  'ec2-graviton-twin',
  'rds-previous-generation',
  'ebs-old-snapshot',
  's3-standard-cold',
  'nat-low-processing',
  'inter-az-hotspot',
] as const;

export type ModerniseRuleId = (typeof MODERNISE_RULES)[number];

export type ModerniseKind = 'ebs-volume' | 'ec2-instance' | 'rds-instance' | 'ebs-snapshot' | 's3-bucket' | 'nat-gateway' | 'inter-az-source';

/** What a covering commitment makes of its share of the saving. */
export type CommitmentEffect = 'frees-commitment' | 'cash' | 'deferred';

/** A commitment that covered the instance on the day, and what it does when the instance changes family. */
export interface ModerniseCommitmentSource extends CommitmentSource {
  /** The reservation's offering class (standard, convertible); null for a Savings Plan or when the bill does not say. */
  offeringClass: string | null;
  /** The day the commitment ends (YYYY-MM-DD); null when the bill does not say. */
  ends: string | null;
  effect: CommitmentEffect;
}

/** The commitments that covered an instance on the day whose rate prices its saving. */
export interface ModerniseCommitment extends CommitmentCoverage {
  /** The day (the finding's `day`): hours, costs and `unusedInWindow` (the commitment's unused cost) are that day's. */
  day: string;
  sources: ModerniseCommitmentSource[];
}

/** Another move for the same resource, priced the same way. */
export interface ModerniseAlternative {
  target: string;
  /** The move changes the CPU architecture (x86_64 → arm64): the software must run on Graviton. */
  platformChange: boolean;
  /** Cash off the bill a month, as the finding's `monthlySaving`; null when unpriced. */
  monthlySaving: string | null;
  /** The part of the saving that frees commitment instead of cash, as the finding's; null when unpriced. */
  monthlySavingCommitment: string | null;
  /** What a reservation's hours save once it is taken up or ends, as the finding's; null when unpriced. */
  monthlySavingDeferred: string | null;
  listMonthlySaving: string | null;
  note: string;
}

/** An alternative as a rule prices it, before the commitment split (src/analyze/modernise/commitments.ts). */
export type RuleAlternative = Omit<ModerniseAlternative, 'monthlySavingCommitment' | 'monthlySavingDeferred'>;

/** One modernisation finding, with its evidence from the bill, what it costs now and what the move saves. */
export interface ModerniseFinding {
  rule: ModerniseRuleId;
  kind: ModerniseKind;
  resourceId: string;
  accountId: string | null;
  region: string | null;
  /** What it is now (volume type, instance type, DB class, or "snapshot"). */
  current: string;
  /** What to move to; null when the action is to delete it. */
  target: string | null;
  platformChange: boolean;
  /** Evidence from the bill: usage type, quantity and unit, billed rate, derived size. */
  evidence: Record<string, number | string | null>;
  /** The current EffectiveCost an hour: the last day's cost over the hours its lines cover (exact decimal text). */
  hourlyRate: string;
  /** hourlyRate × 730 h, to the cent. */
  monthlyCost: string;
  /** EffectiveCost over `costWindow` (exact decimal text). */
  windowCost: string;
  /**
   * Cash the move takes off the bill a month: the saving at the resource's own rate (the monthly
   * cost × (1 − new ÷ old catalogue price), to the cent) on the hours no Reserved Instance or EC2
   * Instance Savings Plan covered that day (by the day's cost), less `monthlySavingCommitment`; null
   * when unpriced.
   */
  monthlySaving: string | null;
  /**
   * The part of the saving that frees commitment instead of cash: its share of the day's cost that
   * a Compute Savings Plan covered when the plan's commitment was not all used that day, to the cent
   * ("0.00" when none did; null when unpriced).
   */
  monthlySavingCommitment: string | null;
  /**
   * What the hours a Reserved Instance or EC2 Instance Savings Plan covered that day save once other
   * usage of the family takes the commitment up or it ends (they apply to their own instance family,
   * and every move here changes it): the list-price saving × those hours ÷ the day's hours, to the
   * cent ("0.00" when none did; null when unpriced). Not part of the cash saving.
   */
  monthlySavingDeferred: string | null;
  /** The commitments that covered the instance on `day` and what each makes of its share; null when none did (and for other resources). */
  commitment: ModerniseCommitment | null;
  /** The same move at catalogue list prices for the size the bill shows, to the cent; null when unpriced. */
  listMonthlySaving: string | null;
  priceSource: string;
  confidence: Confidence;
  /** Config key → threshold value the rule used. */
  thresholds: Record<string, number>;
  explanation: string;
  action: string;
  alternatives: ModerniseAlternative[];
  /** The day whose lines give the rate and the size (the last day before as-of). */
  day: string;
  costWindow: DateRange;
}

/** A finding as a rule makes it: priced at the resource's own rate, before the commitment split. */
export type RuleFinding = Omit<ModerniseFinding, 'monthlySavingCommitment' | 'monthlySavingDeferred' | 'commitment' | 'alternatives'>
  & { alternatives: RuleAlternative[] };

/** Why a resource got no finding although a rule looked at it (region or type not catalogued, not Linux). */
export interface Skipped {
  resourceId: string;
  current: string;
  region: string | null;
  reason: string;
}

/** A DECIMAL cell's units as the exact text findings carry (`276.4800000000`); NULL stays null. */
export function exactText(units: bigint | null): string | null {
  return units === null ? null : fromUnits(units);
}

/** A DECIMAL cell's units as exact text, `'0'` when NULL: the rate and window cost of a finding. */
export function exactOrZero(units: bigint | null): string {
  return units === null ? '0' : fromUnits(units);
}

/**
 * A month of a resource's rate, exact (10 decimals): hourlyRate × hoursInMonth. Charges priced by the
 * hour pass HOURS_PER_MONTH (730, AWS's list-price month); charges AWS prices by the GB-month or
 * IOPS-month pass the hours of the calendar month of the day the rate comes from, as AWS spreads
 * their monthly price over that month's hours (so February's day × 672 h is the month's price).
 */
export function monthlyAmount(hourlyRate: string, hoursInMonth: number): string {
  return multiplyDecimal(hourlyRate, hoursInMonth);
}

/** hourlyRate × hoursInMonth (see monthlyAmount), to the cent. */
export function monthlyCost(hourlyRate: string, hoursInMonth: number): string {
  return roundDecimal(monthlyAmount(hourlyRate, hoursInMonth), 2);
}

/**
 * The saving of a move from a resource that costs `oldPrice` to one that costs `newPrice` (catalogue
 * prices in the same unit), at the resource's own rate: hourlyRate × hoursInMonth (see monthlyAmount)
 * × (1 − new ÷ old), to the cent.
 */
export function billSaving(hourlyRate: string, hoursInMonth: number, oldPrice: number, newPrice: number): string {
  return savingAtRatio(monthlyAmount(hourlyRate, hoursInMonth), oldPrice, newPrice);
}

/** `old − new` of two monthly list costs, to the cent (each price as the catalogue gives it, to 10 decimals). */
export function listDifference(oldMonthly: number, newMonthly: number): string {
  return fromUnits(priceUnits(oldMonthly) - priceUnits(newMonthly), 2);
}

/** Sorts findings by cash saving, then list saving, then monthly cost, then resource id (largest first). */
export function sortFindings(findings: ModerniseFinding[]): ModerniseFinding[] {
  const units = (v: string | null) => (v === null ? -1n : toUnits(v));
  return findings.sort((a, b) => descending(units(a.monthlySaving), units(b.monthlySaving))
    || descending(units(a.listMonthlySaving), units(b.listMonthlySaving))
    || descending(units(a.monthlyCost), units(b.monthlyCost))
    || codePointOrder(a.resourceId, b.resourceId));
}

/** Totals of findings: monthly cost, the cash saving, the commitment it frees, what reservations' hours save once taken up or ended, and the list saving (priced findings only), to the cent. */
export function moderniseTotals(findings: readonly ModerniseFinding[]): {
  totalMonthlyCost: string; totalMonthlySaving: string; totalMonthlySavingCommitment: string; totalMonthlySavingDeferred: string; totalListMonthlySaving: string;
} {
  const sum = (values: (string | null)[]) => roundDecimal(sumDecimals(values.filter((v): v is string => v !== null)), 2);
  return {
    totalMonthlyCost: sum(findings.map((f) => f.monthlyCost)),
    totalMonthlySaving: sum(findings.map((f) => f.monthlySaving)),
    totalMonthlySavingCommitment: sum(findings.map((f) => f.monthlySavingCommitment)),
    totalMonthlySavingDeferred: sum(findings.map((f) => f.monthlySavingDeferred)),
    totalListMonthlySaving: sum(findings.map((f) => f.listMonthlySaving)),
  };
}

/** `key=value` evidence for a table cell. */
function evidenceText(evidence: Record<string, number | string | null>): string {
  return Object.entries(evidence).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join(' ');
}

/**
 * An alternative as a CSV cell item: `target:cash`, then what it frees of commitment and saves after
 * commitments when either is above zero (`m6i.xlarge:0.00 (frees 21.08 of commitment)`).
 */
function alternativeText(a: ModerniseAlternative): string {
  const more = [
    aboveZero(a.monthlySavingCommitment) ? `frees ${a.monthlySavingCommitment} of commitment` : null,
    aboveZero(a.monthlySavingDeferred) ? `${a.monthlySavingDeferred} after commitments` : null,
  ].filter(Boolean);
  return `${a.target}:${a.monthlySaving ?? 'n/a'}${more.length ? ` (${more.join(', ')})` : ''}`;
}

/** Findings as rows for CSV output (one row each; alternatives as `target:cash` items separated by `; `, each with its commitment figures). */
export function moderniseTable(findings: readonly ModerniseFinding[]): TextTable {
  return {
    columns: ['rule', 'resource_id', 'account_id', 'region', 'current', 'target', 'platform_change', 'hourly_rate', 'monthly_cost',
      'monthly_saving', 'list_monthly_saving', 'confidence', 'price_source', 'evidence', 'thresholds', 'alternatives', 'explanation', 'action',
      'day', 'cost_start', 'cost_end', 'window_cost', 'monthly_saving_commitment', 'monthly_saving_deferred',
      ...COMMITMENT_COLUMNS],
    rows: findings.map((f) => [
      f.rule, f.resourceId, f.accountId, f.region, f.current, f.target, String(f.platformChange), f.hourlyRate, f.monthlyCost,
      f.monthlySaving, f.listMonthlySaving, f.confidence, f.priceSource, evidenceText(f.evidence),
      Object.entries(f.thresholds).map(([k, v]) => `${k}=${v}`).join(' ') || null,
      f.alternatives.map(alternativeText).join('; ') || null,
      f.explanation, f.action, f.day, f.costWindow.start, f.costWindow.end, f.windowCost, f.monthlySavingCommitment,
      f.monthlySavingDeferred, ...commitmentCells(f.commitment),
    ]),
  };
}
