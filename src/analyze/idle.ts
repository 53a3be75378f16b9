/**
 * Idle resources: runs each rule's query (queries/optimisation/idle_*.sql) on an Engine, turns
 * the rows into findings with evidence, thresholds, the window cost and current run-rate from the
 * bill, and keeps one finding per resource.
 */
import type { Engine } from '../engine/engine.ts';
import { mapWithConcurrency } from '../lib/concurrency.ts';
import type { IdleConfig } from './optimisation-config.ts';
import { dedupeFindings, findingTotals, type IdleFinding } from './findings.ts';
import { MONTHLY_COST_DAYS, daysBefore, resolveAsOf, type DateRange } from './findings-window.ts';
import { BILL_ONLY_RULES } from './idle-bill-rules.ts';
import { withCommitmentCoverage } from './idle-commitments.ts';
import { PRIMARY_RULES } from './idle-rules.ts';

export interface IdleOptions {
  /** YYYY-MM-DD; look-back windows end at the start of this day. Default: the day after the latest metric or billing day. */
  asOf?: string;
}

/** What {@link findIdleResources} found. */
export interface IdleReport {
  asOf: string;
  /** The days whose EffectiveCost makes each finding's window cost. */
  costWindow: DateRange;
  findings: IdleFinding[];
  /** Sum of the findings' window costs (exact decimal text). */
  totalWindowCost: string;
  /** Sum of the findings' monthly savings, at their current run-rates (exact decimal text). */
  totalMonthlySaving: string;
}

/** Rule queries run two at a time: DuckDB overlaps them on two cores without taking every connection a server has. */
const QUERIES_AT_ONCE = 2;

/** Finds idle resources with the thresholds of `config` (the `idle:` section). */
export async function findIdleResources(engine: Engine, config: IdleConfig, options: IdleOptions = {}): Promise<IdleReport> {
  const asOf = await resolveAsOf(engine, options.asOf);
  const rules = config.billOnly.enabled ? [...PRIMARY_RULES, ...BILL_ONLY_RULES] : PRIMARY_RULES;
  const results = await mapWithConcurrency(rules, QUERIES_AT_ONCE, (rule) => engine.run(rule.query, rule.params(config, asOf)));
  const found = rules.flatMap((rule, i) => results[i].rows.flatMap((row) => rule.toFindings(row, config)));
  const findings = await withCommitmentCoverage(engine, config, asOf, dedupeFindings(found));
  return { asOf, costWindow: daysBefore(asOf, MONTHLY_COST_DAYS), findings, ...findingTotals(findings) };
}
