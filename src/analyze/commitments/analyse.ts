/**
 * Reserved Instances and Savings Plans over a range: utilisation per commitment (AWS's RI and
 * Savings Plans utilisation report definitions), unused commitment cost, coverage of eligible
 * usage, the effective savings rate, the expiry calendar and Compute Savings Plan purchase advice.
 * Definitions and their sources: README, "Commitments".
 */
import type { RawParams } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { CostlensError } from '../../errors.ts';
import { type AttributionConfig, type AttributionRange, rangeParams } from '../attribution/index.ts';
import { adviseSavingsPlans, type AdviceResult } from './advice.ts';
import type { CommitmentsConfig } from './config.ts';
import { readCoverage, type Coverage, type CoverageDimension } from './coverage.ts';
import { coveredDays, type CoveredDays } from './days.ts';
import { readExpiring, type ExpiringCommitment } from './expiry.ts';
import { mergeCommitments, readCommitmentPeriods, type CommitmentUsage } from './usage.ts';
import { groupBy } from '../../lib/group-by.ts';

/** How the command groups its figures: one row per commitment, or coverage and utilisation per dimension. */
export type CommitmentsGrouping = 'commitment' | CoverageDimension;
export const COMMITMENTS_GROUPINGS: readonly CommitmentsGrouping[] = ['commitment', 'account', 'service', 'region', 'family', 'team'];

export interface CommitmentsOptions {
  range: AttributionRange;
  /** `YYYY-MM` for a billing period, `FROM/TO` for a charge range. */
  label: string;
  by?: CommitmentsGrouping;
  /** Also read the expiry calendar and the purchase advice (default true). */
  outlook?: boolean;
}

/** Everything `costlens commitments` reports. */
export interface CommitmentsAnalysis {
  label: string;
  range: AttributionRange;
  horizon: string;
  /** The days of the range up to the horizon, and whether that is all of them. */
  days: CoveredDays;
  commitments: CommitmentUsage[];
  /** Each billing period's commitments, for figures over time. */
  periods: Map<string, CommitmentUsage[]>;
  coverage: Coverage;
  by: CommitmentsGrouping;
  expiring: ExpiringCommitment[];
  /** Empty when `outlook` was false. */
  advice: AdviceResult;
}

/** Runs every commitment analysis through the engine. */
export async function analyseCommitments(
  engine: Engine,
  config: { commitments: CommitmentsConfig; attribution: AttributionConfig; teamTagKey: string },
  options: CommitmentsOptions,
): Promise<CommitmentsAnalysis> {
  const horizon = (await runQuery(engine, 'commitments/data_horizon'))[0]?.horizon;
  if (!horizon) throw new CostlensError('not_found', 'the store holds no billing data', { hint: 'ingest billing files first: costlens ingest PATH' });
  const params: RawParams = rangeParams(options.range);
  const hasStart = options.range.billingFrom !== undefined || options.range.chargeFrom !== undefined;
  const advise = options.outlook !== false;
  // The store's first charge day: the start of a range given without one, and the advice's earliest look-back day.
  const firstDay = hasStart && !advise ? null : (await runQuery(engine, 'calendar/data_horizon'))[0]?.first_day ?? null;
  const periodRows = await readCommitmentPeriods(engine, params);
  const periods = groupBy(periodRows, (row) => row.periods[0]);
  const by = options.by ?? 'commitment';
  const coverage = await readCoverage(engine, options.range, params, {
    by: by === 'commitment' ? undefined : by, attribution: config.attribution, teamTagKey: config.teamTagKey,
  });
  return {
    label: options.label,
    range: options.range,
    horizon: horizon.slice(0, 10),
    days: coveredDays(options.range, horizon.slice(0, 10), hasStart ? null : firstDay),
    commitments: mergeCommitments(periodRows),
    periods,
    coverage,
    by,
    expiring: options.outlook === false ? [] : await readExpiring(engine, horizon.slice(0, 10), config.commitments),
    advice: advise ? await adviseSavingsPlans(engine, horizon.slice(0, 10), config.commitments, firstDay) : noAdvice(),
  };
}

function noAdvice(): AdviceResult {
  return { lookbackFrom: '', lookbackTo: '', hours: 0, hoursWithSpend: 0, eligibleOnDemand: 0n, hoursSource: 'not read', recommendations: [], notes: [] };
}
