/**
 * Idle findings on instances a Reserved Instance or Savings Plan covered say so: the same reading
 * of the bill as rightsizing (queries/optimisation/instance_commitments.sql and instance_costs.sql
 * over the 30-day cost window), so a finding names the commitment, the hours it covered, and
 * whether stopping the instance frees commitment (the commitment had unused hours) rather than cash.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import type { IdleFinding } from '../findings.ts';
import { MONTHLY_COST_DAYS } from '../findings-window.ts';
import type { IdleConfig } from '../optimisation-config.ts';
import { coverageOf, readCommitments } from '../instance-commitments.ts';

const INSTANCE_KINDS = new Set<IdleFinding['kind']>(['ec2-instance', 'rds-instance']);

/**
 * Adds `commitment` (and a sentence to the explanation) to each EC2 or RDS finding whose instance
 * a commitment covered in the cost window; other findings are returned as they were.
 */
export async function withCommitmentCoverage(engine: Engine, config: IdleConfig, asOf: string, findings: IdleFinding[]): Promise<IdleFinding[]> {
  if (!findings.some((f) => f.resourceId && INSTANCE_KINDS.has(f.kind))) return findings;
  const lookbackDays = Math.max(config.ec2.lookbackDays, config.rds.days);
  const window = { as_of: asOf, lookback_days: String(lookbackDays), cost_days: String(MONTHLY_COST_DAYS) };
  const [commitments, costs] = await Promise.all([
    runQuery(engine, 'optimisation/instance_commitments', window),
    runQuery(engine, 'optimisation/instance_costs', window),
  ]);
  const commitmentsOf = readCommitments(commitments);
  const hoursBilled = new Map(costs.map((r) => [r.resource_id!, r.hours_billed ?? 0]));
  return findings.map((f) => {
    if (!f.resourceId || !INSTANCE_KINDS.has(f.kind)) return f;
    const covered = commitmentsOf(f.resourceId);
    if (covered.sources.length === 0) return f;
    const hoursRun = Math.max(0, Math.round(((hoursBilled.get(f.resourceId) ?? 0) - covered.negatedHours) * 10000) / 10000);
    const coverage = coverageOf(covered.sources, hoursRun)!;
    const note = coverage.freesCommitment
      ? coverage.note.replace('so the covered part of the saving frees commitment, not cash', 'so stopping it frees that commitment, not cash, for the covered part')
      : coverage.note;
    return { ...f, explanation: `${f.explanation}; in the cost window it was ${note}`, commitment: { ...coverage, note } };
  });
}
