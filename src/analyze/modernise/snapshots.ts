/** The old-snapshot rule of `costlens modernise`: EBS snapshots billed for at least `modernise.snapshots.minAgeDays` days. */
import type { QueryRowTypes } from '../../engine/query-types.ts';
import { num } from '../findings.ts';
import { round2 } from '../../lib/round.ts';
import type { ModerniseConfig } from './config.ts';
import { exactOrZero, monthlyCost, type RuleFinding } from './findings.ts';

/** A row of queries/modernise/old_snapshots.sql (typed cells). */
type Row = QueryRowTypes['modernise/old_snapshots'];

/** An old snapshot: deleting it saves its whole current run-rate. */
export function snapshotFinding(row: Row, config: ModerniseConfig): RuleFinding {
  const gb = round2((row.day_gb_months ?? 0) * (row.hours_in_month ?? 0) / (row.covered_hours ?? 0));
  const rate = exactOrZero(row.hourly_rate);
  // Snapshot storage is priced by the GB-month over the hours of the calendar month: rate × that month's hours is its monthly price.
  const cost = monthlyCost(rate, row.hours_in_month ?? 0);
  return {
    rule: 'ebs-old-snapshot',
    kind: 'ebs-snapshot',
    resourceId: row.resource_id!,
    accountId: row.account_id,
    region: row.region,
    current: 'snapshot',
    target: null,
    platformChange: false,
    evidence: {
      usageType: row.usage_type,
      firstBilledDay: row.first_billed_day,
      ageDays: row.age_days ?? 0,
      gbMonthsOnDay: Number((row.day_gb_months ?? 0).toFixed(10)),
      hoursCovered: row.covered_hours ?? 0,
      hoursInMonth: row.hours_in_month ?? 0,
      sizeGb: gb,
      billedRatePerGbMonth: row.billed_gb_rate,
    },
    hourlyRate: rate,
    monthlyCost: cost,
    windowCost: exactOrZero(row.window_cost),
    monthlySaving: cost,
    listMonthlySaving: null,
    priceSource: 'the bill: the snapshot\'s own EffectiveCost on the last day',
    confidence: 'low',
    thresholds: { 'modernise.snapshots.minAgeDays': config.snapshots.minAgeDays },
    explanation: `billed since ${row.first_billed_day} (at least ${row.age_days} days, ≥ ${config.snapshots.minAgeDays}); ${num(gb)} GB stored`
      + ` (${row.usage_type}) at ${row.billed_gb_rate ?? 'n/a'} a GB-month on ${row.day_start}`,
    action: 'check what still needs it (AMIs, backup policies, restores); delete it, or move it to the archive tier if it must be kept',
    alternatives: [],
    day: row.day_start!,
    costWindow: { start: row.cost_start!, end: row.cost_end! },
  };
}
