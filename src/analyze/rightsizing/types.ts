/**
 * The shape of a rightsizing recommendation (EC2, RDS and Lambda) and of an instance or function
 * not judged: shared by rightsizing.ts and rightsizing/lambda.ts (re-exported from rightsizing.ts).
 */
import type { Confidence, Evidence } from '../findings.ts';
import type { DateRange } from '../findings-window.ts';
import type { CommitmentCoverage, InstanceMove } from '../instance-commitments.ts';
import type { FunctionCommitmentCoverage } from './lambda-commitments.ts';
import type { MoveSavings } from './savings.ts';

/** A cheaper family than the same-family recommendation, which needs more than a resize. */
export interface RightsizingAlternative extends MoveSavings {
  instanceType: string;
  hourlyPrice: number;
  projectedCpuPercent: number;
  projectedMemoryPercent: number | null;
  platformChange: string;
}

/** One recommendation: the rule that fired, its evidence and thresholds, and the money (see {@link MoveSavings}). */
export interface RightsizingRecommendation extends MoveSavings {
  rule: 'rightsize-terminate' | 'rightsize-downsize' | 'rightsize-burstable' | 'rightsize-lambda-memory';
  service: 'ec2' | 'rds' | 'lambda';
  resourceId: string;
  accountId: string | null;
  region: string | null;
  instanceType: string;
  /** null for terminate. */
  recommendedType: string | null;
  /** What the recommendation does to the instance: `terminate`, `resize` (a size of its family) or `family` (another family); null for Lambda. */
  move: InstanceMove | null;
  action: string;
  confidence: Confidence;
  /** Why this confidence: what was measured, and what to check before acting. */
  confidenceReason: string;
  lookback: DateRange;
  costWindow: DateRange;
  evidence: Evidence;
  thresholds: Record<string, number>;
  explanation: string;
  /** Instance-hour (Lambda: GB-second) EffectiveCost over the cost window (exact decimal text). */
  windowCost: string;
  /** Instance hours billed in the cost window; null for Lambda (billed in GB-seconds). */
  hoursRun: number | null;
  /** Catalogue price an hour; null for Lambda (priced from its bill alone). */
  currentHourlyPrice: number | null;
  recommendedHourlyPrice: number | null;
  priceBasis: string;
  /** Reserved Instance or Savings Plan coverage in the cost window, in hours (`coveredHours`; Lambda: GB-seconds, `coveredGbSeconds`); null when none covered it. */
  commitment: CommitmentCoverage | FunctionCommitmentCoverage | null;
  alternative: RightsizingAlternative | null;
}

/** An instance that was not judged, and why. */
export interface SkippedInstance {
  resourceId: string;
  reason: string;
}
