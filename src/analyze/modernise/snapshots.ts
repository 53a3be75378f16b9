/** The old-snapshot rule of `costlens modernise`: EBS snapshots billed for at least `modernise.snapshots.minAgeDays` days. */
import { num } from '../findings.ts';
import type { ModerniseConfig } from './config.ts';
import { monthlyCost, type ModerniseFinding } from './findings.ts';

/** A row of queries/modernise/old_snapshots.sql (text cells). */
type Row = Record<string, string | null>;

/** An old snapshot: deleting it saves its whole current run-rate. */
export function snapshotFinding(row: Row, config: ModerniseConfig): ModerniseFinding {
  const gb = Math.round((Number(row.day_gb_months) * Number(row.hours_in_month) / Number(row.covered_hours)) * 100) / 100;
  const cost = monthlyCost(row.hourly_rate ?? '0');
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
      ageDays: Number(row.age_days),
      gbMonthsOnDay: Number(Number(row.day_gb_months).toFixed(10)),
      hoursCovered: Number(row.covered_hours),
      hoursInMonth: Number(row.hours_in_month),
      sizeGb: gb,
      billedRatePerGbMonth: row.billed_gb_rate === null ? null : Number(row.billed_gb_rate),
    },
    hourlyRate: row.hourly_rate ?? '0',
    monthlyCost: cost,
    windowCost: row.window_cost ?? '0',
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
