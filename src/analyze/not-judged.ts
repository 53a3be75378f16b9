/**
 * "Judged, none found" apart from "not judged". On a store whose AWS usage lines carry no usage type
 * (a FOCUS 1.0 export) idle, rightsizing and modernise find nothing, and their headings and the
 * Optimisation page said "0 found, $0.00" as if the resources had been judged and none was worth
 * acting on. A figure that is zero only because of those lines reads "not judged" instead, as the
 * Storage and Data transfer pages read "not classified" (src/server/usage-without-type.ts): an
 * analysis judged nothing when it found nothing, its days hold AWS usage lines without a usage
 * type, and nothing else it reads gave it a resource to judge (metrics or inventory for idle; an
 * instance judged, skipped or without CPU metrics for rightsizing; a resource priced, skipped or
 * left out for modernise). Judged by the days, as the notes read the lines: a store that also holds
 * typed lines of the same days and found nothing in them reads "not judged" too.
 */
import type { Engine } from '../engine/engine.ts';
import { runQuery } from '../engine/query-types.ts';
import type { UsageWithoutType } from './usage-without-type.ts';
import { pluralNoun } from '../lib/text.ts';

/**
 * The fields of a report the predicates read, by shape (an IdleReport, RightsizingReport or
 * ModerniseReport has them): this module imports none of the analyses, which import it.
 */
interface Judged {
  usageWithoutType: UsageWithoutType | null;
}
interface IdleJudged extends Judged {
  findings: readonly unknown[];
  metricCoverage: readonly { resources: number }[];
}
interface RightsizingJudged extends Judged {
  recommendations: readonly unknown[];
  nothingToSave: readonly unknown[];
  skipped: readonly unknown[];
  withoutCpuMetrics: { ec2: number; rds: number };
  metricCoverage: { resources: number };
  lambdaMetricCoverage: { resources: number };
}
interface ModerniseJudged extends Judged {
  findings: readonly unknown[];
  skipped: readonly unknown[];
  nothingToSave: readonly unknown[];
  supersededByIdle: readonly unknown[];
  supersededByRightsizing: readonly unknown[];
}

/** `941 AWS usage lines without a usage type`: what left an analysis with nothing to judge. */
export function withoutTypeCount(usage: UsageWithoutType): string {
  return `${usage.lines.toLocaleString('en-US')} AWS usage ${pluralNoun(usage.lines, 'line')} without a usage type`;
}

/**
 * Whether idle judged nothing: no finding, AWS usage lines of its cost window without a usage type,
 * no metric that made a resource usable and (`inventoryRows`: the store's inventory rows) no
 * inventory for its inventory rule to read.
 */
function idleNotJudged(report: IdleJudged, inventoryRows: number): boolean {
  return report.findings.length === 0 && report.usageWithoutType !== null && inventoryRows === 0
    && report.metricCoverage.every((c) => c.resources === 0);
}

/**
 * {@link idleNotJudged} on the store `engine` reads: the inventory is counted (store/telemetry_summary)
 * only when the report alone leaves it open. On Athena, which holds no inventory, it is not read.
 */
export async function idleJudgedNothing(engine: Engine, report: IdleJudged): Promise<boolean> {
  if (!idleNotJudged(report, 0)) return false;
  if (engine.name === 'athena') return true;
  const telemetry = await runQuery(engine, 'store/telemetry_summary');
  return idleNotJudged(report, telemetry.find((t) => t.table_name === 'resources')?.rows ?? 0);
}

/**
 * Whether rightsizing judged nothing for want of usage types: no recommendation (nor one left out as saving nothing), AWS usage lines of
 * its look-back without a usage type, and no instance or function it judged, skipped or found billed
 * without CPU metrics. (Not run at all, on Athena, is said by its own `Not run:` line.)
 */
export function rightsizingNotJudged(report: RightsizingJudged): boolean {
  return report.recommendations.length === 0 && report.usageWithoutType !== null && report.skipped.length === 0 && report.nothingToSave.length === 0
    && report.withoutCpuMetrics.ec2 === 0 && report.withoutCpuMetrics.rds === 0
    && report.metricCoverage.resources === 0 && report.lambdaMetricCoverage.resources === 0;
}

/** Which of idle and rightsizing judged nothing (idleJudgedNothing, rightsizingNotJudged), as the Optimisation page and the e-mail's Savings waiting say it. */
export async function savingsNotJudged(engine: Engine, idle: IdleJudged, rightsizing: RightsizingJudged): Promise<{ idle: boolean; rightsizing: boolean }> {
  return { idle: await idleJudgedNothing(engine, idle), rightsizing: rightsizingNotJudged(rightsizing) };
}

/**
 * Whether modernise judged nothing: no finding, AWS usage lines of its cost window without a usage
 * type, and no resource it could not price, left out as saving nothing, or left to idle or rightsizing.
 */
export function moderniseNotJudged(report: ModerniseJudged): boolean {
  return report.findings.length === 0 && report.usageWithoutType !== null && report.skipped.length === 0 && report.nothingToSave.length === 0
    && report.supersededByIdle.length === 0 && report.supersededByRightsizing.length === 0;
}
