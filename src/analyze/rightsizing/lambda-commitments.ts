/**
 * What Savings Plans did for Lambda functions in the cost window (rows of
 * queries/optimisation/lambda_commitments.sql): a Compute Savings Plan covers Lambda duration, and
 * when it had unused commitment in the window, a smaller memory size frees commitment rather than
 * cash, as for instances (src/analyze/instance-commitments.ts). Lambda bills GB-seconds, not hours:
 * the coverage and each commitment state what they covered in GB-seconds (`coveredGbSeconds`), and
 * carry no hours, so nothing that sums an instance's covered hours can take them.
 */
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { num } from '../evidence-number.ts';
import { commitmentName, commitmentSums, coverageNote, type Coverage, type CoveringCommitment } from '../instance-commitments.ts';

/** A row of lambda_commitments.sql. */
export type LambdaCommitmentRow = QueryRowTypes['optimisation/lambda_commitments'];

/** One commitment that covered some of a function's GB-seconds in the window. */
export interface FunctionCommitmentSource extends CoveringCommitment {
  /** GB-seconds it covered. */
  coveredGbSeconds: number;
}

/** The commitment side of a Lambda recommendation: the GB-seconds covered. */
export interface FunctionCommitmentCoverage extends Coverage {
  /** GB-seconds the commitments covered (Lambda bills GB-seconds, not hours). */
  coveredGbSeconds: number;
  sources: FunctionCommitmentSource[];
}

/** The commitment rows of one function, read. */
export interface FunctionCommitments {
  /** GB-seconds that SavingsPlanNegation lines repeat (to take off the billed GB-seconds). */
  negatedGbSeconds: number;
  /** GB-seconds the commitments covered. */
  coveredGbSeconds: number;
  sources: FunctionCommitmentSource[];
}

const NONE: FunctionCommitments = { negatedGbSeconds: 0, coveredGbSeconds: 0, sources: [] };

/** Groups the rows of lambda_commitments.sql by function. */
export function readLambdaCommitments(rows: readonly LambdaCommitmentRow[]): (resourceId: string) => FunctionCommitments {
  const byFunction = new Map<string, FunctionCommitments>();
  for (const row of rows) {
    const entry = byFunction.get(row.resource_id!) ?? { negatedGbSeconds: 0, coveredGbSeconds: 0, sources: [] };
    entry.negatedGbSeconds += row.negated_quantity ?? 0;
    if ((row.covered_quantity ?? 0) > 0 || (row.covered_cost ?? 0n) !== 0n) {
      entry.coveredGbSeconds += row.covered_quantity ?? 0;
      entry.sources.push({
        type: row.commitment_type ?? (row.line_type === 'DiscountedUsage' ? 'Reserved Instance' : 'Savings Plan'), id: row.commitment_id,
        lineType: row.line_type, offeringType: row.offering_type, sizeLock: null, coveredGbSeconds: round3(row.covered_quantity ?? 0),
        coveredCost: row.covered_cost ?? 0n, unusedInWindow: row.commitment_unused ?? 0n,
      });
    }
    byFunction.set(row.resource_id!, entry);
  }
  return (id) => byFunction.get(id) ?? NONE;
}

/**
 * The coverage of a function that ran `gbSecondsRun` GB-seconds in the window (negations not
 * counted twice), or null when no commitment covered it: `coveredShare` is covered ÷ run
 * GB-seconds, the note says them and whether the covered part of a saving frees commitment.
 */
export function lambdaCoverage(covered: FunctionCommitments, gbSecondsRun: number): FunctionCommitmentCoverage | null {
  const { sources } = covered;
  if (sources.length === 0) return null;
  const coveredShare = gbSecondsRun > 0 ? Math.round(Math.min(covered.coveredGbSeconds / gbSecondsRun, 1) * 10000) / 10000 : 0;
  const names = sources.map((c) => `${c.type} ${commitmentName(c)}`).join(' and ');
  const cover = `covered by ${names} for ${num(covered.coveredGbSeconds, 3)} of its ${num(gbSecondsRun, 3)} GB-seconds (${num(coveredShare * 100, 1)} %)`;
  const sums = commitmentSums(sources);
  return { coveredShare, coveredGbSeconds: round3(covered.coveredGbSeconds), ...sums, note: coverageNote(cover, 'GB-seconds', sums), sources: [...sources] };
}

/** GB-seconds as the bill gives them: three decimals at most, no float noise. */
function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
