/**
 * What the KPIs say of the AWS usage lines without a usage type (a FOCUS 1.0 export), which their
 * EC2, EBS and S3 figures cannot classify: they would read 0 hours and 0 GB-months as if nothing
 * ran. `costlens kpi` and the KPI page read and word them here, so that both say the same.
 */
import type { Engine } from '../../engine/engine.ts';
import { addDays } from '../../lib/calendar.ts';
import { readUsageWithoutType, usageWithoutTypeNote, type UsageWithoutType } from '../usage-without-type.ts';
import type { KpiReport } from './efficiency.ts';

/** The AWS usage lines without a usage type charged on the KPIs' days (`report.from` to `report.to`, both included), or null when there are none. */
export function kpiUsageWithoutType(engine: Engine, report: Pick<KpiReport, 'from' | 'to'>): Promise<UsageWithoutType | null> {
  return readUsageWithoutType(engine, { start: report.from, end: addDays(report.to, 1) });
}

/** `941 AWS usage lines charged from … carry no usage type (…), so the EC2, EBS and S3 KPIs cannot classify them: …` (usageWithoutTypeNote). */
export function kpiUsageWithoutTypeNote(usage: UsageWithoutType): string {
  return usageWithoutTypeNote(usage, 'the EC2, EBS and S3 KPIs cannot classify them: their hours, GB-months and cost are in none of those figures'
    + ' (commitment coverage reads FOCUS\'s own columns)');
}
