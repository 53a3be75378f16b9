/**
 * The JSON of `costlens kpi --format json`: the report as efficiencyKpis computes it, but a figure
 * that is zero only because its month's AWS usage lines carry no usage type (kpiNotClassified: a
 * FOCUS 1.0 export) is null, not a measured 0: the EC2 instance hours and cost (with each share's
 * hours and cost, and the unclassified hours), the EBS and gp3 GB-months and EBS cost, the S3 and S3
 * Standard GB-months and Standard cost. The percentages and savings such a row cannot measure are
 * null already, and their targets' basis says "not classified" (not "nothing to measure"); totalSaving
 * stays the sum of the measured savings (the terminal table's note says so).
 */
import type { KpiReport, KpiRow, Share } from './efficiency.ts';
import type { KpiName } from './targets.ts';
import { kpiNotClassified } from './usage-without-type.ts';

/** The basis of a KPI target that is not classified (as the KPI page's cards word it). */
export const NOT_CLASSIFIED_BASIS = 'not classified: the lines carry no usage type';

/** A figure, or null where it is not measured. */
const measuredOr = <T>(measured: boolean, figure: T): T | null => (measured ? figure : null);

/** One row of {@link kpiJson}: `row` with its not-classified figures null (`notClassified`: the months kpiMonthsWithoutType found). */
export function kpiJsonRow(row: KpiRow, notClassified: ReadonlySet<string>) {
  const [ec2, ebs, s3] = (['ec2', 'ebs', 's3'] as const).map((base) => !kpiNotClassified(row, base, notClassified));
  const share = (s: Share) => ({ ...s, hours: measuredOr(ec2, s.hours), cost: measuredOr(ec2, s.cost) });
  const targets = Object.fromEntries(Object.entries(row.targets).map(([name, target]) => [
    name, kpiNotClassified(row, name as KpiName, notClassified) ? { ...target, basis: NOT_CLASSIFIED_BASIS } : target,
  ])) as KpiRow['targets'];
  return {
    ...row,
    targets,
    ec2Hours: measuredOr(ec2, row.ec2Hours),
    ec2Cost: measuredOr(ec2, row.ec2Cost),
    spot: share(row.spot),
    graviton: share(row.graviton),
    currentGeneration: share(row.currentGeneration),
    unclassifiedHours: measuredOr(ec2, row.unclassifiedHours),
    ebsGbMonths: measuredOr(ebs, row.ebsGbMonths),
    ebsCost: measuredOr(ebs, row.ebsCost),
    gp3GbMonths: measuredOr(ebs, row.gp3GbMonths),
    s3GbMonths: measuredOr(s3, row.s3GbMonths),
    s3StandardGbMonths: measuredOr(s3, row.s3StandardGbMonths),
    s3StandardCost: measuredOr(s3, row.s3StandardCost),
  };
}

/** The report as `costlens kpi --format json` prints it: every row through {@link kpiJsonRow}. */
export function kpiJson(report: KpiReport, notClassified: ReadonlySet<string>) {
  return { ...report, rows: report.rows.map((row) => kpiJsonRow(row, notClassified)) };
}
