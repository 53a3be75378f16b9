/**
 * What Reserved Instances and Savings Plans did for an instance in the cost window (rows of
 * queries/optimisation/instance_commitments.sql): the hours they covered, at what EffectiveCost,
 * and whether the commitment had unused hours, in which case a smaller instance frees commitment
 * rather than cash.
 */
import { num } from './evidence-number.ts';
import { fromUnits, roundDecimal, toUnits } from '../lib/money.ts';
import type { QueryRowTypes } from '../engine/query-types.ts';

/** A row of instance_commitments.sql. */
export type CommitmentRow = QueryRowTypes['optimisation/instance_commitments'];

/** One commitment that covered some of an instance's hours in the window. */
export interface CommitmentSource {
  /** `Savings Plan` or `Reserved Instance` (FOCUS CommitmentDiscountType, else from the line type). */
  type: string;
  /** The Savings Plan or reservation ARN; null when the bill does not name it. */
  id: string | null;
  /** The CUR line item type of the covered lines (DiscountedUsage, SavingsPlanCoveredUsage); null for FOCUS sources without one. */
  lineType: string | null;
  /** The Savings Plan's offering type (ComputeSavingsPlans, EC2InstanceSavingsPlans …); null for a reservation or when the bill does not say. */
  offeringType: string | null;
  coveredHours: number;
  /** EffectiveCost of the covered hours (exact decimal text). */
  coveredCost: string;
  /** The commitment's unused EffectiveCost in the window, all instances together (exact decimal text). */
  unusedInWindow: string;
}

/** The commitment side of a recommendation. */
export interface CommitmentCoverage {
  /** Covered hours / hours run (0 to 1, 4 decimals). */
  coveredShare: number;
  coveredHours: number;
  /** EffectiveCost of the covered hours (exact decimal text). */
  coveredCost: string;
  /** Unused EffectiveCost in the window of the commitments that covered it (each counted once). */
  unusedInWindow: string;
  /** True when a covering commitment had unused hours: the covered part of the saving frees commitment, not cash. */
  freesCommitment: boolean;
  note: string;
  sources: CommitmentSource[];
}

/** The commitment rows of one instance, read. */
export interface InstanceCommitments {
  /** Hours that SavingsPlanNegation lines repeat (to take off usage_daily's hours). */
  negatedHours: number;
  sources: CommitmentSource[];
}

const NONE: InstanceCommitments = { negatedHours: 0, sources: [] };

function typeOf(row: CommitmentRow): string {
  if (row.commitment_type) return row.commitment_type;
  return row.line_type === 'DiscountedUsage' ? 'Reserved Instance' : 'Savings Plan';
}

/** Groups the rows of instance_commitments.sql by instance. */
export function readCommitments(rows: readonly CommitmentRow[]): (resourceId: string) => InstanceCommitments {
  const byInstance = new Map<string, InstanceCommitments>();
  for (const row of rows) {
    const entry = byInstance.get(row.resource_id!) ?? { negatedHours: 0, sources: [] };
    entry.negatedHours += row.negated_hours ?? 0;
    if ((row.covered_hours ?? 0) > 0 || (row.covered_cost ?? 0n) !== 0n) {
      entry.sources.push({
        type: typeOf(row), id: row.commitment_id, lineType: row.line_type, offeringType: row.offering_type, coveredHours: round4(row.covered_hours ?? 0),
        coveredCost: fromUnits(row.covered_cost ?? 0n), unusedInWindow: fromUnits(row.commitment_unused ?? 0n),
      });
    }
    byInstance.set(row.resource_id!, entry);
  }
  return (id) => byInstance.get(id) ?? NONE;
}

/** The coverage of an instance that ran `hoursRun` hours, or null when no commitment covered it. */
export function coverageOf(sources: readonly CommitmentSource[], hoursRun: number): CommitmentCoverage | null {
  if (sources.length === 0) return null;
  const coveredHours = round4(sources.reduce((s, c) => s + c.coveredHours, 0));
  const coveredCost = fromUnits(sources.reduce((s, c) => s + toUnits(c.coveredCost), 0n));
  const unused = new Map(sources.map((c) => [c.id ?? `(${c.lineType ?? c.type})`, toUnits(c.unusedInWindow)]));
  const unusedTotal = [...unused.values()].reduce((s, v) => s + v, 0n);
  const freesCommitment = sources.some((c) => toUnits(c.unusedInWindow) > 0n);
  const coveredShare = hoursRun > 0 ? round4(Math.min(coveredHours / hoursRun, 1)) : 0;
  const names = sources.map((c) => `${c.type} ${commitmentName(c)}`).join(' and ');
  const covered = `covered by ${names} for ${num(coveredHours)} of its ${num(hoursRun)} hours (${num(coveredShare * 100, 1)} %)`;
  const note = freesCommitment
    ? `${covered}; the commitment had ${roundDecimal(fromUnits(unusedTotal), 2)} unused in the window, so the covered part of the`
      + ' saving frees commitment, not cash: the bill falls only when other usage takes up the freed commitment or the commitment ends'
    : `${covered}; the commitment was fully used in the window, so the hours it stops covering here can cover other usage:`
      + ' the saving is priced at the effective rate and counted as cash';
  return { coveredShare, coveredHours, coveredCost, unusedInWindow: fromUnits(unusedTotal), freesCommitment, note, sources: [...sources] };
}

const PLAN_NAMES: Record<string, string> = { ComputeSavingsPlans: 'Compute Savings Plan', EC2InstanceSavingsPlans: 'EC2 Instance Savings Plan' };

/** What kind of commitment a source is: `Compute Savings Plan`, `EC2 Instance Savings Plan`, `Savings Plan` (another or unknown offering) or `Reserved Instance`. */
export function commitmentKind(source: CommitmentSource): string {
  return source.type === 'Savings Plan' ? PLAN_NAMES[source.offeringType ?? ''] ?? source.type : source.type;
}

/** A source's ARN, or what the bill shows of it when it names none. */
export function commitmentName(source: CommitmentSource): string {
  return source.id ?? `(no ARN in the bill; ${source.lineType ?? 'covered'} lines)`;
}

/**
 * True when the commitment still applies after the instance moves to another family: a Compute
 * Savings Plan does; a Reserved Instance or an EC2 Instance Savings Plan applies to its own family
 * only, and a plan whose offering type the bill does not give is not counted on.
 */
export function followsFamilyChange(source: CommitmentSource): boolean {
  return source.type === 'Savings Plan' && source.offeringType === 'ComputeSavingsPlans';
}

/**
 * EffectiveCost of the covered hours whose commitment had unused hours in the window (exact
 * decimal text); on a move to another family (`familyChange`), of those whose commitment follows it.
 */
export function costFreeingCommitment(coverage: CommitmentCoverage | null, familyChange = false): string {
  if (!coverage) return '0';
  return fromUnits(coverage.sources.filter((c) => toUnits(c.unusedInWindow) > 0n && (!familyChange || followsFamilyChange(c)))
    .reduce((s, c) => s + toUnits(c.coveredCost), 0n));
}

/** EffectiveCost of the covered hours whose commitment does not follow a move to another family (exact decimal text). */
export function costLeftBehind(coverage: CommitmentCoverage | null): string {
  if (!coverage) return '0';
  return fromUnits(coverage.sources.filter((c) => !followsFamilyChange(c)).reduce((s, c) => s + toUnits(c.coveredCost), 0n));
}

/** The CSV columns of a coverage, as rightsize and modernise export them. */
export const COMMITMENT_COLUMNS = ['commitment_type', 'commitment_id', 'commitment_covered_share', 'commitment_unused_in_window', 'commitment_note'] as const;

/** A coverage as the cells of {@link COMMITMENT_COLUMNS} (all null when no commitment covered the instance). */
export function commitmentCells(coverage: CommitmentCoverage | null): (string | null)[] {
  if (!coverage) return COMMITMENT_COLUMNS.map(() => null);
  return [
    coverage.sources.map((c) => c.type).join(' '), coverage.sources.map((c) => c.id ?? c.lineType ?? '').join(' '),
    String(coverage.coveredShare), coverage.unusedInWindow, coverage.note,
  ];
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
