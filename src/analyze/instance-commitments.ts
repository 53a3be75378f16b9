/**
 * What Reserved Instances and Savings Plans did for an instance in the cost window (rows of
 * queries/optimisation/instance_commitments.sql): the hours they covered, at what EffectiveCost,
 * and whether the commitment had unused hours, in which case a smaller instance frees commitment
 * rather than cash.
 */
import { num } from './evidence-number.ts';
import { fromUnits } from '../lib/money.ts';
import { csvListCell } from '../lib/csv.ts';
import type { QueryRowTypes } from '../engine/query-types.ts';

/** A row of instance_commitments.sql. */
export type CommitmentRow = QueryRowTypes['optimisation/instance_commitments'];

/**
 * One commitment that covered some of a resource's usage in the window, whatever that usage is
 * measured in: an instance's {@link CommitmentSource} adds the hours it covered, a Lambda
 * function's (src/analyze/rightsizing/lambda-commitments.ts) the GB-seconds.
 */
export interface CoveringCommitment {
  /** `Savings Plan` or `Reserved Instance` (FOCUS CommitmentDiscountType, else from the line type). */
  type: string;
  /** The Savings Plan or reservation ARN; null when the bill does not name it. */
  id: string | null;
  /** The CUR line item type of the covered lines (DiscountedUsage, SavingsPlanCoveredUsage); null for FOCUS sources without one. */
  lineType: string | null;
  /** The Savings Plan's offering type (ComputeSavingsPlans, EC2InstanceSavingsPlans …); null for a reservation or when the bill does not say. */
  offeringType: string | null;
  /**
   * Why a reservation applies to its own instance type only (`zonal (us-east-1a)`, `Windows`, `SQL Server
   * Standard Edition, license included` …: {@link sizeLockOf}); null when it is size-flexible, not a
   * reservation, or the bill does not say.
   */
  sizeLock: string | null;
  /** EffectiveCost of the covered usage, in units (src/lib/money.ts; exact decimal text in JSON). */
  coveredCost: bigint;
  /** The commitment's unused EffectiveCost in the window, all the usage it covered together, in units. */
  unusedInWindow: bigint;
}

/** One commitment that covered some of an instance's hours in the window. */
export interface CommitmentSource extends CoveringCommitment {
  /** Instance hours it covered. */
  coveredHours: number;
}

/**
 * The commitment side of a finding, whatever its usage is measured in: an instance's
 * {@link CommitmentCoverage} adds the hours covered, a Lambda function's the GB-seconds (the units
 * never mix: what sums hours takes a CommitmentCoverage).
 */
export interface Coverage {
  /** Covered usage / usage run (0 to 1, 4 decimals), in the usage's own unit. */
  coveredShare: number;
  /** EffectiveCost of the covered usage, in units (src/lib/money.ts; exact decimal text in JSON). */
  coveredCost: bigint;
  /** Unused EffectiveCost in the window of the commitments that covered it (each counted once), in units. */
  unusedInWindow: bigint;
  /** True when a covering commitment had unused commitment: the covered part of the saving frees commitment, not cash. */
  freesCommitment: boolean;
  note: string;
  sources: readonly CoveringCommitment[];
}

/**
 * The fields of {@link Coverage} and {@link CoveringCommitment} that hold money in units, which the
 * findings' JSON writes as exact decimal strings (jsonDocument's `money`).
 */
export const COVERAGE_MONEY_FIELDS = ['coveredCost', 'unusedInWindow'] as const satisfies readonly (keyof Coverage & keyof CoveringCommitment)[];

/** The commitment side of an instance's finding: the hours covered. */
export interface CommitmentCoverage extends Coverage {
  /** Instance hours the commitments covered. */
  coveredHours: number;
  sources: CommitmentSource[];
}

/** The commitment rows of one instance, read. */
export interface InstanceCommitments {
  /** Hours that SavingsPlanNegation lines repeat (to take off usage_daily's hours). */
  negatedHours: number;
  sources: CommitmentSource[];
}

const NONE: InstanceCommitments = { negatedHours: 0, sources: [] };

function typeOf(row: Pick<CommitmentRow, 'commitment_type' | 'line_type'>): string {
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
        type: typeOf(row), id: row.commitment_id, lineType: row.line_type, offeringType: row.offering_type, sizeLock: sizeLockOf(row),
        coveredHours: round4(row.covered_hours ?? 0),
        coveredCost: row.covered_cost ?? 0n, unusedInWindow: row.commitment_unused ?? 0n,
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
  const coveredShare = hoursRun > 0 ? round4(Math.min(coveredHours / hoursRun, 1)) : 0;
  const sums = commitmentSums(sources);
  const names = sources.map((c) => `${c.type} ${commitmentName(c)}`).join(' and ');
  const covered = `covered by ${names} for ${num(coveredHours)} of its ${num(hoursRun)} hours (${num(coveredShare * 100, 1)} %)`;
  return { coveredShare, coveredHours, ...sums, note: coverageNote(covered, 'hours', sums), sources: [...sources] };
}

/** What the commitments covering one resource add up to: {@link Coverage}'s money and whether any had unused commitment. */
type CommitmentSums = Pick<Coverage, 'coveredCost' | 'unusedInWindow' | 'freesCommitment'>;

/**
 * The covered cost of `sources` and their unused commitment in the window, each commitment's counted
 * once (by its id, or its line type where the bill names none), in units; `freesCommitment` when
 * any had unused commitment.
 */
export function commitmentSums(sources: readonly CoveringCommitment[]): CommitmentSums {
  const unused = new Map(sources.map((c) => [c.id ?? `(${c.lineType ?? c.type})`, c.unusedInWindow]));
  return {
    coveredCost: coveredCostUnits(sources),
    unusedInWindow: [...unused.values()].reduce((s, v) => s + v, 0n),
    freesCommitment: sources.some((c) => c.unusedInWindow > 0n),
  };
}

/**
 * A coverage's note: `covered` (what covered how much of the usage) and whether the covered part of
 * a saving frees commitment (the commitments' unused cost to the cent) or is cash; `usage` names
 * what the commitments stop covering (`hours`, `GB-seconds`).
 */
export function coverageNote(covered: string, usage: string, sums: CommitmentSums): string {
  return sums.freesCommitment
    ? `${covered}; the commitment had ${fromUnits(sums.unusedInWindow, 2)} unused in the window, so the covered part of the`
      + ' saving frees commitment, not cash: the bill falls only when other usage takes up the freed commitment or the commitment ends'
    : `${covered}; the commitment was fully used in the window, so the ${usage} it stops covering here can cover other usage:`
      + ' the saving is priced at the effective rate and counted as cash';
}

const PLAN_NAMES: Record<string, string> = { ComputeSavingsPlans: 'Compute Savings Plan', EC2InstanceSavingsPlans: 'EC2 Instance Savings Plan' };

/** What kind of commitment a source is: `Compute Savings Plan`, `EC2 Instance Savings Plan`, `Savings Plan` (another or unknown offering) or `Reserved Instance`. */
export function commitmentKind(source: CoveringCommitment): string {
  return source.type === 'Savings Plan' ? PLAN_NAMES[source.offeringType ?? ''] ?? source.type : source.type;
}

/** A source's ARN, or what the bill shows of it when it names none. */
export function commitmentName(source: CoveringCommitment): string {
  return source.id ?? `(no ARN in the bill; ${source.lineType ?? 'covered'} lines)`;
}

/**
 * True when the commitment still applies after the instance moves to another family: a Compute
 * Savings Plan does; a Reserved Instance or an EC2 Instance Savings Plan applies to its own family
 * only, and a plan whose offering type the bill does not give is not counted on.
 */
export function followsFamilyChange(source: CoveringCommitment): boolean {
  return source.type === 'Savings Plan' && source.offeringType === 'ComputeSavingsPlans';
}

/**
 * What a recommendation does to the instance's type: `terminate` (none left), `resize` (another
 * size of its family) or `family` (another family).
 */
export type InstanceMove = 'terminate' | 'resize' | 'family';

/**
 * True when the commitment still applies to the instance after the move: on a move to another
 * family, {@link followsFamilyChange}; on a resize, unless it is a reservation that is not
 * size-flexible ({@link sizeLockOf}); on a termination there is nothing to follow (true).
 */
export function followsMove(source: CoveringCommitment, move: InstanceMove): boolean {
  if (move === 'family') return followsFamilyChange(source);
  return move === 'terminate' || source.sizeLock === null;
}

/** EffectiveCost of the covered usage of `sources`, summed in units. */
function coveredCostUnits(sources: readonly CoveringCommitment[]): bigint {
  return sources.reduce((s, c) => s + c.coveredCost, 0n);
}

/**
 * EffectiveCost of the covered hours whose commitment had unused hours in the window and follows
 * the move, in units (format it with src/lib/money.ts where it is printed); 0 without coverage.
 */
export function costFreeingCommitmentUnits(coverage: Coverage | null, move: InstanceMove): bigint {
  if (!coverage) return 0n;
  return coveredCostUnits(coverage.sources.filter((c) => c.unusedInWindow > 0n && followsMove(c, move)));
}

/** The commitments of `coverage` that do not follow the move ({@link followsMove}), in its order; none without coverage. */
export function commitmentsLeftBehind<C extends Coverage>(coverage: C | null, move: InstanceMove): C['sources'][number][] {
  return coverage ? coverage.sources.filter((c) => !followsMove(c, move)) : [];
}

/**
 * EffectiveCost of the covered hours whose commitment does not follow the move ({@link commitmentsLeftBehind}),
 * in units (format it with src/lib/money.ts where it is printed); 0 without coverage.
 */
export function costLeftBehindUnits(coverage: Coverage | null, move: InstanceMove): bigint {
  return coveredCostUnits(commitmentsLeftBehind(coverage, move));
}

/** The CSV columns of a coverage, as rightsize and modernise export them. */
export const COMMITMENT_COLUMNS = ['commitment_type', 'commitment_id', 'commitment_covered_share', 'commitment_unused_in_window', 'commitment_note'] as const;

/** A coverage as the cells of {@link COMMITMENT_COLUMNS}, several commitments separated by `; ` (csvListCell; all null when no commitment covered the instance). */
export function commitmentCells(coverage: Coverage | null): (string | null)[] {
  if (!coverage) return COMMITMENT_COLUMNS.map(() => null);
  return [
    csvListCell(coverage.sources.map((c) => c.type)), csvListCell(coverage.sources.map((c) => c.id ?? c.lineType ?? '')),
    String(coverage.coveredShare), fromUnits(coverage.unusedInWindow), coverage.note,
  ];
}

/** RDS engines whose reservations are size-flexible (MySQL, MariaDB, PostgreSQL, Aurora, Oracle BYOL), by the operation of their usage. */
const FLEXIBLE_RDS_OPERATIONS = new Set(['0002', '0003', '0004', '0005', '0014', '0016', '0018', '0019', '0021'].map((code) => `CreateDBInstance:${code}`));

/** RDS engines whose reservations apply to their own instance class only. */
const LOCKED_RDS_ENGINES: Record<string, string> = {
  'CreateDBInstance:0006': 'Oracle SE1, license included', 'CreateDBInstance:0020': 'Oracle SE2, license included',
  'CreateDBInstance:0008': 'SQL Server Standard Edition (BYOL)', 'CreateDBInstance:0009': 'SQL Server Enterprise Edition (BYOL)',
  'CreateDBInstance:0010': 'SQL Server Express Edition', 'CreateDBInstance:0011': 'SQL Server Web Edition',
  'CreateDBInstance:0012': 'SQL Server Standard Edition, license included', 'CreateDBInstance:0015': 'SQL Server Enterprise Edition, license included',
};

/** EC2 platforms other than Linux/UNIX, by the operation of their usage (lineItem/Operation). */
const EC2_PLATFORMS: Record<string, string> = {
  'RunInstances:0002': 'Windows', 'RunInstances:0800': 'Windows (BYOL)', 'RunInstances:0010': 'Red Hat Enterprise Linux',
  'RunInstances:000g': 'SUSE Linux', 'RunInstances:0006': 'Windows with SQL Server Standard', 'RunInstances:0102': 'Windows with SQL Server Enterprise',
  'RunInstances:0202': 'Windows with SQL Server Web', 'RunInstances:0004': 'Linux with SQL Server Standard',
  'RunInstances:0100': 'Linux with SQL Server Enterprise', 'RunInstances:0200': 'Linux with SQL Server Web',
};

/** What says whether a reservation is size-flexible: its usage's operation and usage type, and its Availability Zone (zonal). */
export interface ReservationScope {
  operation: string | null;
  usage_type: string | null;
  reservation_zone: string | null;
}

/** EC2 families whose regional Linux/UNIX reservations AWS does not make size-flexible. */
const LOCKED_EC2_FAMILIES = new Set(['g4ad', 'g4dn', 'g5', 'g5g', 'g6', 'g6e', 'g6f', 'gr6', 'gr6f', 'hpc7a', 'inf1', 'inf2', 'p5', 'u7i-6tb', 'u7i-8tb']);

/** An Availability Zone (`us-east-1a`), not a Region (`us-east-1`), which some bills write there too. */
const ZONE = /\d[a-z]$/;

/**
 * Why a reservation applies to its own instance type only, or null when it is size-flexible (or the
 * bill does not say: no operation, or a service other than EC2 and RDS). AWS applies size
 * flexibility to regional EC2 reservations for Linux/UNIX of default tenancy, bare metal included,
 * except for a few families (G4ad, G4dn, G5, G5g, G6, G6e, G6f, Gr6, Gr6f, Hpc7a, Inf1, Inf2, P5,
 * U7i-6tb, U7i-8tb), and to RDS reservations for MySQL, MariaDB, PostgreSQL, Aurora and Oracle BYOL;
 * not to zonal or dedicated EC2 reservations, other EC2 platforms (Windows, RHEL, SUSE, SQL Server),
 * RDS SQL Server or Oracle license included. The service and platform or engine are read from the
 * operation (`RunInstances:0002`, `CreateDBInstance:0014`), tenancy and family from the usage type
 * (`DedicatedUsage:m5.large`), the zone from the reservation's lines.
 */
export function reservationSizeLock(scope: ReservationScope): string | null {
  const operation = scope.operation?.split(':').slice(0, 2).join(':') || null;
  const usageType = scope.usage_type ?? '';
  if (operation?.startsWith('CreateDBInstance')) {
    if (FLEXIBLE_RDS_OPERATIONS.has(operation)) return null;
    return LOCKED_RDS_ENGINES[operation] ?? `an engine (${operation}) AWS does not list as size-flexible`;
  }
  if (!operation?.startsWith('RunInstances')) return null;
  if (scope.reservation_zone && ZONE.test(scope.reservation_zone)) return `zonal (${scope.reservation_zone})`;
  if (/Dedicated|HostUsage/.test(usageType)) return 'dedicated tenancy';
  const family = usageType.split(':')[1]?.split('.')[0];
  if (family && LOCKED_EC2_FAMILIES.has(family)) return `the ${family} family, which AWS does not make size-flexible`;
  if (operation === 'RunInstances') return null;
  return EC2_PLATFORMS[operation] ?? `platform ${operation}, not Linux/UNIX`;
}

/** {@link reservationSizeLock} of a covering commitment; null for a Savings Plan (it applies to any size). */
export function sizeLockOf(row: Pick<CommitmentRow, 'commitment_type' | 'line_type'> & ReservationScope): string | null {
  return typeOf(row) === 'Reserved Instance' ? reservationSizeLock(row) : null;
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
