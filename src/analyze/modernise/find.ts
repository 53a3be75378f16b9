/**
 * Modernisation findings from the bill alone (`costlens modernise`): gp2 and io1 volumes with a
 * cheaper volume type, older-generation EC2 instances with a cheaper same-size successor, x86
 * instances with a cheaper Graviton twin, previous-generation RDS classes and old EBS snapshots.
 * Each reads the last complete day before as-of (default: the data horizon) through the Engine
 * (queries/modernise/*.sql) and prices the move at the shipped catalogues. Findings whose move saves
 * nothing on the bill (nothing-to-save.ts: a resource billed 0.00) and those that idle or
 * rightsizing supersede at the same as-of (superseded.ts) leave the list and its totals.
 */
import { loadInstanceCatalogue, type InstanceCatalogue } from '../../catalogue/ec2.ts';
import { loadVolumeCatalogue, type VolumeCatalogue } from '../../catalogue/ebs.ts';
import { loadS3Catalogue, type S3Catalogue } from '../../catalogue/s3.ts';
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { addDays } from '../../lib/calendar.ts';
import { parseDay } from '../billing-calendar.ts';
import { lookbackPastData, MONTHLY_COST_DAYS, refuseLookbackPastData, type DateRange, type LookbackDays } from '../findings-window.ts';
import { billingDaySpan, type BillingDaySpan } from '../billing-calendar.ts';
import type { ModerniseConfig } from './config.ts';
import { volumeFinding } from './ebs.ts';
import { moderniseTotals, sortFindings, type ModerniseFinding, type ModerniseRuleId, type RuleFinding, type Skipped } from './findings.ts';
import { readModerniseCommitments, settleCommitment } from './commitments.ts';
import { ec2Finding, rdsFinding } from './instances.ts';
import { networkFinding } from './network.ts';
import { s3ColdFinding } from './s3.ts';
import { snapshotFinding } from './snapshots.ts';
import { type NothingToSave, splitNothingToSave } from './nothing-to-save.ts';
import { splitSuperseded, type SupersededFinding, type SupersedingFindings } from './superseded.ts';
import { codePointOrder } from '../../lib/order.ts';
import { readUsageWithoutType, usageWithoutTypeNote, type UsageWithoutType } from '../usage-without-type.ts';

/** What modernisation needs of the store, in the words of its refusal on a store without daily usage (the CLI and the query API). */
export const MODERNISE_NEED = "modernisation prices each resource's last 30 days of usage, so it needs";

/**
 * What supersedes modernisation findings at the report's as-of: a way to read the findings of
 * `costlens idle` and `costlens rightsize` at a day (src/analyze/modernise/cross-check.ts, or the
 * server's cached ones), or why they cannot be read.
 */
export type SupersedingSource = { at(asOf: string): Promise<SupersedingCheck> } | { unavailable: string };

/** What a {@link SupersedingSource} read at the as-of: the findings, and, when it could read only some of them (on Athena), which and what not. */
export interface SupersedingCheck extends SupersedingFindings {
  /** The commands whose findings were read (default: idle and rightsize). */
  checkedAgainst?: ('idle' | 'rightsize')[];
  /** What was not checked and why (default: null, all of them were). */
  notChecked?: string | null;
}

const NOT_ASKED: SupersedingSource = { unavailable: 'not checked against costlens idle and costlens rightsize' };

export interface ModerniseOptions {
  /** YYYY-MM-DD; the last day looked at is the day before. Default: the day after the data horizon. */
  asOf?: string;
  /** Catalogues (default: the shipped ones). */
  instances?: InstanceCatalogue;
  volumes?: VolumeCatalogue;
  s3?: S3Catalogue;
  /** Idle findings and rightsizing recommendations to leave out what they supersede (default: not checked, and the report says so). */
  superseding?: SupersedingSource;
}

/** What {@link findModernisation} found. */
export interface ModerniseReport {
  asOf: string;
  /** The day whose lines give each resource's rate and size: the day before as-of. */
  day: string;
  /** The days whose EffectiveCost makes each finding's window cost. */
  costWindow: DateRange;
  findings: ModerniseFinding[];
  /** Resources a rule looked at but could not price (region or type not catalogued, not Linux). */
  skipped: Skipped[];
  /** Findings left out of `findings` and the totals: the move saves 0.00 a month on the bill (the resource is billed 0.00: free tier), each with the reason. */
  nothingToSave: NothingToSave[];
  countsByRule: Partial<Record<ModerniseRuleId, number>>;
  totalMonthlyCost: string;
  /** The cash saving of the priced findings. */
  totalMonthlySaving: string;
  /** The commitment their savings free instead of cash. */
  totalMonthlySavingCommitment: string;
  /** What the hours a Reserved Instance or EC2 Instance Savings Plan covered save once it is taken up or ends (it does not follow the move; not part of the cash). */
  totalMonthlySavingDeferred: string;
  totalListMonthlySaving: string;
  /** Findings left out of `findings` and the totals: the resource is idle at the same as-of (`costlens idle`). */
  supersededByIdle: SupersededFinding[];
  /** Findings left out of `findings` and the totals: rightsizing recommends another type for the instance, or terminating it (`costlens rightsize`). */
  supersededByRightsizing: SupersededFinding[];
  /** The commands whose findings at the same as-of were read to leave those out (on Athena idle alone, its rules that read the bill); empty when they could not be. */
  checkedAgainst: ('idle' | 'rightsize')[];
  /**
   * What was not read and why (with `--engine athena`: rightsizing and idle's rules that read metrics
   * or the inventory, which only the local store holds, naming the rules read); null when all was.
   */
  notChecked: string | null;
  /** The AWS usage lines of the cost window that no rule can judge, having no usage type (a FOCUS 1.0 export); null when there are none. */
  usageWithoutType: UsageWithoutType | null;
}

/** What modernise says of the lines it cannot judge (src/analyze/usage-without-type.ts). */
export function moderniseUsageWithoutTypeNote(usage: UsageWithoutType): string {
  return usageWithoutTypeNote(usage, 'modernise cannot tell their instances, volumes, snapshots or buckets apart and judged none of them');
}

const isSkip = (x: RuleFinding | Skipped | null): x is Skipped => x !== null && !('rule' in x);
const isFinding = (x: RuleFinding | Skipped | null): x is RuleFinding => x !== null && 'rule' in x;

/** The days modernise looks at before its as-of day: the one day before it, which must be a complete day of the billing data. */
export const MODERNISE_LOOKBACK: LookbackDays = { days: 1, named: 'the day before it' };

/**
 * The as-of day: the given one, whose previous day (the one looked at) must be a complete day of
 * the billing data (refuseLookbackPastData, the refusal idle and rightsize share), else the day
 * after the horizon.
 */
export async function moderniseAsOf(engine: Engine, asOf?: string): Promise<string> {
  const span = await billingDaySpan(engine, MODERNISE_NEED);
  if (asOf === undefined) return addDays(span.lastDay, 1);
  parseDay('as-of', asOf);
  refuseLookbackPastData(span, asOf, MODERNISE_LOOKBACK);
  return asOf;
}

/**
 * The as-of day nearest to `asOf` that modernise takes on the billing data of `span` (whose day
 * before is a complete day of it, {@link MODERNISE_LOOKBACK}): `asOf` itself when it takes it, else
 * the day after the first charge day when `asOf` comes before it, else the day after the data
 * horizon (its default).
 */
export function nearestModerniseAsOf(span: Pick<BillingDaySpan, 'firstDay' | 'lastDay'>, asOf: string): string {
  if (lookbackPastData(span, asOf, MODERNISE_LOOKBACK) === null) return asOf;
  return asOf <= span.firstDay ? addDays(span.firstDay, 1) : addDays(span.lastDay, 1);
}

/**
 * Runs the modernisation rules with the thresholds of `config` (the `modernise:` section) and leaves
 * out, listed apart, the findings that `options.superseding` supersedes at the same as-of.
 */
export async function findModernisation(engine: Engine, config: ModerniseConfig, options: ModerniseOptions = {}): Promise<ModerniseReport> {
  const asOf = await moderniseAsOf(engine, options.asOf);
  const instances = options.instances ?? loadInstanceCatalogue();
  const volumes = options.volumes ?? loadVolumeCatalogue();
  const costDays = String(MONTHLY_COST_DAYS);
  const s3 = options.s3 ?? loadS3Catalogue();
  const s3Days = config.s3.minDays;
  const superseding = options.superseding ?? NOT_ASKED;
  // Idle and rightsizing at the same as-of run beside the rule queries (their queries overlap on DuckDB's connections).
  const others = 'at' in superseding ? superseding.at(asOf) : Promise.resolve(null);
  const costWindow = { start: addDays(asOf, -MONTHLY_COST_DAYS), end: asOf };
  const [volumeRows, instanceRows, dayCommitments, snapshotRows, bucketRows, networkRows, supersedingFindings, usageWithoutType] = await Promise.all([
    runQuery(engine, 'modernise/ebs_volume_types', { as_of: asOf, cost_days: costDays }),
    runQuery(engine, 'modernise/instance_types', { as_of: asOf, cost_days: costDays }),
    runQuery(engine, 'modernise/instance_commitments', { as_of: asOf, cost_days: '1' }),
    runQuery(engine, 'modernise/old_snapshots', { as_of: asOf, cost_days: costDays, min_age_days: String(config.snapshots.minAgeDays) }),
    runQuery(engine, 'modernise/s3_standard_buckets', { as_of: asOf, days: String(s3Days) }),
    runQuery(engine, 'modernise/network_processing', { as_of: asOf, days: costDays }),
    others,
    readUsageWithoutType(engine, costWindow),
  ]);
  // The rules read typed cells (DECIMAL money as bigint units, turned into exact text only where a finding carries it).
  const results = [
    ...volumeRows.map((row) => volumeFinding(row, volumes)),
    ...instanceRows.map((row) => (row.service === 'rds' ? rdsFinding(row) : ec2Finding(row, instances, config.graviton.enabled))),
    ...snapshotRows.map((row) => snapshotFinding(row, config)),
    ...bucketRows.map((row) => s3ColdFinding(row, config.s3, s3, s3Days)),
    ...networkRows.map((row) => networkFinding(row, config.network, MONTHLY_COST_DAYS)),
  ];
  // An instance's saving is priced at the day's rate, so the commitments that covered it that day split it.
  const commitmentsOf = readModerniseCommitments(dayCommitments, addDays(asOf, -1));
  const instanceRowOf = new Map(instanceRows.map((row) => [row.resource_id!, row]));
  const priced = sortFindings(results.filter(isFinding).map((f) => {
    const row = f.kind === 'ec2-instance' ? instanceRowOf.get(f.resourceId) : undefined;
    return settleCommitment(f, row ? commitmentsOf(f.resourceId, row.day_hours ?? 0) : null, row?.day_cost ?? 0n, row?.day_hours ?? 0);
  }));
  const { findings, nothingToSave, supersededByIdle, supersededByRightsizing } = leaveOutFindings(priced, supersedingFindings);
  const countsByRule: Partial<Record<ModerniseRuleId, number>> = {};
  for (const f of findings) countsByRule[f.rule] = (countsByRule[f.rule] ?? 0) + 1;
  return {
    asOf,
    day: addDays(asOf, -1),
    costWindow,
    findings,
    skipped: results.filter(isSkip).sort((a, b) => codePointOrder(a.resourceId, b.resourceId)),
    nothingToSave,
    countsByRule,
    ...moderniseTotals(findings),
    supersededByIdle,
    supersededByRightsizing,
    checkedAgainst: supersedingFindings ? supersedingFindings.checkedAgainst ?? ['idle', 'rightsize'] : [],
    notChecked: 'unavailable' in superseding ? superseding.unavailable : supersedingFindings?.notChecked ?? null,
    usageWithoutType,
  };
}

/**
 * What is left of the priced findings once idle and rightsizing take theirs (`superseding`, absent
 * when not checked) and the moves that save nothing on the bill are set apart, in that order: a
 * resource idle would delete is listed as idle's, whatever its move saves.
 */
export function leaveOutFindings(priced: ModerniseFinding[], superseding: SupersedingFindings | null | undefined) {
  const split = superseding ? splitSuperseded(priced, superseding) : { kept: priced, byIdle: [], byRightsizing: [] };
  const saving = splitNothingToSave(split.kept);
  return { findings: saving.kept, nothingToSave: saving.nothingToSave, supersededByIdle: split.byIdle, supersededByRightsizing: split.byRightsizing };
}
