/**
 * Idle findings on instances a Reserved Instance or Savings Plan covered say so: the same reading
 * of the bill as rightsizing (queries/optimisation/instance_commitments.sql and instance_costs.sql
 * over the complete days of the 30-day cost window: no line of a partial day), so a finding names the commitment, the hours it covered, and
 * whether stopping the instance frees commitment (the commitment had unused hours) rather than cash.
 * Its saving is split as rightsizing splits a termination's (rightsizing/savings.ts moveSavings):
 * the share of its cost such a commitment covered frees commitment, the rest is cash.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { divideRounded, formatCents, toUnits, UNITS_PER_CENT } from '../../lib/money.ts';
import type { IdleFinding } from '../findings.ts';
import { MONTHLY_COST_DAYS } from '../findings-window.ts';
import { HOURS_PER_MONTH } from '../../lib/calendar.ts';
import type { IdleConfig } from '../optimisation-config.ts';
import { costFreeingCommitmentUnits, coverageOf, readCommitments, type CommitmentCoverage } from '../instance-commitments.ts';
import type { IdleRuleDays } from './rule-days.ts';

const INSTANCE_KINDS = new Set<IdleFinding['kind']>(['ec2-instance', 'rds-instance']);

/**
 * The findings with each EC2 or RDS instance's saving split: the share of its run-rate that
 * commitments with unused hours in the cost window covered moves from `monthlySaving` (cash) to
 * `monthlySavingCommitment`, and a finding whose instance a commitment covered gets `commitment`
 * and a sentence in its explanation. Other findings are returned as they are (all cash).
 */
export async function withCommitmentCoverage(engine: Engine, config: IdleConfig, days: Pick<IdleRuleDays, 'asOf' | 'completeUntil'>,
  findings: IdleFinding[]): Promise<IdleFinding[]> {
  if (!findings.some((f) => f.resourceId && INSTANCE_KINDS.has(f.kind))) return findings;
  const lookbackDays = Math.max(config.ec2.lookbackDays, config.rds.days);
  const window = { as_of: days.asOf, lookback_days: String(lookbackDays), cost_days: String(MONTHLY_COST_DAYS), complete_until: days.completeUntil };
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
    const split = savingSplit(f, coverage);
    const note = coverage.freesCommitment
      ? coverage.note.replace('so the covered part of the saving frees commitment, not cash', 'so stopping it frees that commitment, not cash, for the covered part')
        + (split.commitment > 0n
          ? `; of its ${f.runRateMonthly} a month, ${formatCents(split.commitment)} frees commitment (the covered share of its cost in the window) and ${formatCents(split.cash)} is cash`
          : '')
      : coverage.note;
    return {
      ...f, monthlySaving: formatCents(split.cash), monthlySavingCommitment: formatCents(split.commitment),
      explanation: `${f.explanation}; in the cost window it was ${note}`, commitment: { ...coverage, note },
    };
  });
}

/**
 * A covered finding's run-rate (hourly rate × 730 h) in cents, split: the commitment part is the
 * run-rate × the share of its window cost that commitments with unused hours covered (at most all
 * of it), rounded once to the cent; the cash is the rest, so the two add up to the run-rate shown.
 */
export function savingSplit(f: Pick<IdleFinding, 'hourlyRate' | 'runRateMonthly' | 'windowCost'>, coverage: CommitmentCoverage): { cash: bigint; commitment: bigint } {
  const runRate = toUnits(f.runRateMonthly) / UNITS_PER_CENT;
  const windowCost = toUnits(f.windowCost);
  const freeing = costFreeingCommitmentUnits(coverage, 'terminate');
  if (windowCost <= 0n || freeing <= 0n || runRate <= 0n) return { cash: runRate, commitment: 0n };
  const share = divideRounded(toUnits(f.hourlyRate) * BigInt(HOURS_PER_MONTH) * freeing, windowCost * UNITS_PER_CENT);
  const commitment = share < runRate ? share : runRate;
  return { cash: runRate - commitment, commitment };
}
