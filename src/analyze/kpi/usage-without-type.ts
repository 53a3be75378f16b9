/**
 * What the KPIs say of the AWS usage lines without a usage type (a FOCUS 1.0 export), which their
 * EC2, EBS and S3 figures cannot classify: they would read 0 hours and 0 GB-months as if nothing
 * ran. `costlens kpi` and the KPI page read and word them here, so that both say the same, and both
 * judge here which figures are zero only because of them (kpiNotClassified): those read "not
 * classified" (a blank cell in the terminal table), never $0.00.
 */
import type { Engine } from '../../engine/engine.ts';
import { addDays, monthsTouched, nextMonthStart } from '../../lib/calendar.ts';
import { readUsageWithoutType, usageWithoutTypeNote, type UsageWithoutType } from '../usage-without-type.ts';
import type { KpiReport, KpiRow } from './efficiency.ts';
import { KPI_NAMES, type KpiName } from './targets.ts';

/** The AWS usage lines without a usage type charged on the KPIs' days (`report.from` to `report.to`, both included), or null when there are none. */
export function kpiUsageWithoutType(engine: Engine, report: Pick<KpiReport, 'from' | 'to'>): Promise<UsageWithoutType | null> {
  return readUsageWithoutType(engine, { start: report.from, end: addDays(report.to, 1) });
}

/** `941 AWS usage lines charged from … carry no usage type (…), so the EC2, EBS and S3 KPIs cannot classify them: …` (usageWithoutTypeNote). */
export function kpiUsageWithoutTypeNote(usage: UsageWithoutType): string {
  return usageWithoutTypeNote(usage, 'the EC2, EBS and S3 KPIs cannot classify them: their hours, GB-months and cost are in none of those figures'
    + ' (commitment coverage reads FOCUS\'s own columns)');
}

/**
 * The months of a report (`YYYY-MM`) whose days, within the report's, hold AWS usage lines without
 * a usage type. `usage` is kpiUsageWithoutType's read of all the report's days: with none there,
 * no month has any and nothing more is read; a report of one month is that month; else each month
 * is read on its own (one query each).
 */
export async function kpiMonthsWithoutType(engine: Engine, report: Pick<KpiReport, 'from' | 'to'>, usage: UsageWithoutType | null): Promise<Set<string>> {
  if (!usage) return new Set();
  const end = addDays(report.to, 1);
  const months = monthsTouched(report.from, end);
  if (months.length === 1) return new Set(months);
  const found = await Promise.all(months.map((month) => {
    const first = `${month}-01`;
    const next = nextMonthStart(first);
    return readUsageWithoutType(engine, { start: first < report.from ? report.from : first, end: next > end ? end : next });
  }));
  return new Set(months.filter((_, i) => found[i] !== null));
}

/** What a figure of a row measures against: EC2 instance hours (`ec2`: hours, cost and the Spot, Graviton and current-generation shares), EBS volume or S3 storage GB-months. */
export type KpiBase = 'ec2' | 'ebs' | 's3';

/** The base each KPI divides by; commitment coverage reads FOCUS's own commitment columns, which need no usage type. */
const KPI_BASES: Record<KpiName, KpiBase | null> = {
  spot: 'ec2', graviton: 'ec2', currentGeneration: 'ec2', gp3: 'ebs', commitmentCoverage: null, s3Standard: 's3',
};

/**
 * Whether a row's figure (a KPI, or a base: `ec2` for its EC2 instance hours and cost) is zero only
 * because its month's AWS usage lines carry no usage type (`months`: kpiMonthsWithoutType): its base
 * is zero while such lines were charged that month. Such a figure is not measured: "not classified",
 * never $0.00 or 0 hours. Judged by month, as the lines are read: an account or team of such a month
 * with no EC2, EBS or S3 of its own reads so too.
 */
export function kpiNotClassified(row: KpiRow, figure: KpiName | KpiBase, months: ReadonlySet<string>): boolean {
  const base = figure === 'ec2' || figure === 'ebs' || figure === 's3' ? figure : KPI_BASES[figure];
  if (base === null || !months.has(row.month)) return false;
  return (base === 'ec2' ? row.ec2Hours : base === 'ebs' ? row.ebsGbMonths : row.s3GbMonths) === 0;
}

/**
 * Whether a row's saving at every target (totalSaving) adds up a KPI saving that is not classified
 * (kpiNotClassified): the sum of the measured savings alone would read as the whole, so the
 * terminal table and the KPI page leave it blank ("not classified"); csv and json keep that sum.
 */
export function kpiSavingNotClassified(row: KpiRow, months: ReadonlySet<string>): boolean {
  return KPI_NAMES.some((k) => kpiNotClassified(row, k, months));
}

/**
 * Why the saving at every target is not shown, after what the caller shows instead
 * (`saving_at_targets is left blank `): `where a saving it adds up is not classified (spot, gp3):
 * the sum of the measured savings alone is not the saving at every target`, naming the KPIs whose
 * saving is not classified on some row of `rows` as `name` names them (their keys by default);
 * null when none is.
 */
export function kpiPartialSavingReason(rows: readonly KpiRow[], months: ReadonlySet<string>, name: (kpi: KpiName) => string = (kpi) => kpi): string | null {
  const unmeasured = KPI_NAMES.filter((k) => rows.some((r) => kpiNotClassified(r, k, months)));
  if (unmeasured.length === 0) return null;
  return `where a saving it adds up is not classified (${unmeasured.map(name).join(', ')}): the sum of the measured savings alone is not the saving at every target`;
}
