/**
 * Efficiency KPIs (`costlens kpi`), per billing month and usage account (or team) and for all:
 * the share of EC2 instance hours and cost on Spot, on Graviton and on the current generation,
 * the gp3 share of EBS GB-months, commitment coverage and the S3 Standard share, each from the
 * usage lines of `line_items` through the Engine (queries/kpi/*.sql, commitments/coverage), with
 * the days each month covers up to the data horizon, and what reaching each target
 * (`kpi.targets`) would have saved in that month's bill. The days of the span that the store does
 * not hold (in a gap between its billing periods) are named (`notInStore`): no row covers them.
 */
import { loadInstanceCatalogue, type InstanceCatalogue } from '../../catalogue/ec2.ts';
import { loadVolumeCatalogue, type VolumeCatalogue } from '../../catalogue/ebs.ts';
import { loadS3Catalogue, type S3Catalogue } from '../../catalogue/s3.ts';
import { listParam } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { CostlensError } from '../../errors.ts';
import { addDays, addMonths, monthStart, nextMonthStart } from '../../lib/calendar.ts';
import { divideRounded, fromUnits, toUnits } from '../../lib/money.ts';
import { type AttributionConfig, attributionConfigSchema, rangeParams, readTagValues, type TagValues, UNTAGGED } from '../attribution/index.ts';
import { type CommitmentsConfig, commitmentsConfigSchema, coveragePercents, readCoverage } from '../commitments/index.ts';
import { billingDaySpan, parseDay, resolveAsOf, storeDays } from '../billing-calendar.ts';
import { daysNotInStore, daysNotInStoreSentence, type DaysNotInStoreField, notInStoreField, type StoreDays } from '../../lib/store-days.ts';
import { addCompute, addS3, addVolumes, emptyAccumulator, type Accumulator, type Part } from './accumulate.ts';
import { kpiConfigSchema, type KpiConfig } from './config.ts';
import { kpiTargets, type KpiName, type KpiTarget } from './targets.ts';
import { round2 } from '../../lib/round.ts';
import { codePointOrder } from '../../lib/order.ts';

/**
 * What the KPIs need, in the refusal of a store without daily usage (a CUR at monthly time
 * granularity, whose usage lines count as recurring; fees only) by `costlens kpi`, the KPI page and
 * its queries (`/api/queries/kpi/…`): noDailyUsageError's `needs`.
 */
export const KPI_NEED = 'efficiency KPIs read usage lines, so they need';

/** What each KPI means (printed with the figures and in the README). */
export const KPI_DEFINITIONS = {
  spot: 'EC2 instance hours (and their EffectiveCost) on usage types containing SpotUsage, over all EC2 instance hours (BoxUsage, SpotUsage, DedicatedUsage)',
  graviton: 'EC2 instance hours (and cost) of types whose architecture is arm64 in data/ec2/instance-types.csv, over all EC2 instance hours',
  currentGeneration: 'EC2 instance hours (and cost) of types that are neither an EC2 previous-generation family nor a family whose same-vendor successor of the same size lists cheaper in us-east-1 (what `costlens modernise` calls older generation), over all EC2 instance hours; types not in the catalogue count in the total as unclassified',
  gp3: 'EBS GB-months on usage types ending EBS:VolumeUsage.gp3, over all EBS volume GB-months (EBS:VolumeUsage*)',
  commitmentCoverage: 'on-demand-equivalent cost of commitment-eligible usage (EC2, RDS, ElastiCache, OpenSearch, Redshift instance hours; Fargate, Lambda) that a Reserved Instance or Savings Plan covered, over all of it (as `costlens commitments` reports coverage), per billing period',
  s3Standard: 'S3 storage GB-months in S3 Standard (usage type TimedStorage-ByteHrs), over all S3 storage GB-months (TimedStorage-*); its target is a ceiling',
} as const;

/** A share of EC2 instance hours and cost. */
export interface Share {
  hours: number;
  cost: string;
  /** Percent of the hours, 2 decimals; null when there are none. */
  hoursPercent: number | null;
  /** Percent of the cost, 2 decimals; null when the cost is 0. */
  costPercent: number | null;
}

/** The KPIs of one month, for one account or team (or all: accountId and team null). */
export interface KpiRow {
  month: string;
  accountId: string | null;
  /** The team (the owner tag as the weekly report reads it) with `by: 'team'`; null otherwise. */
  team: string | null;
  /** The charge days the month's lines cover (first, last; both included). */
  firstDay: string;
  lastDay: string;
  ec2Hours: number;
  ec2Cost: string;
  spot: Share;
  graviton: Share;
  currentGeneration: Share;
  unclassifiedHours: number;
  ebsGbMonths: number;
  ebsCost: string;
  gp3GbMonths: number;
  gp3Percent: number | null;
  /** Commitment coverage: eligible on-demand-equivalent cost, what a commitment covered, and its share (cost and hours). */
  commitmentCoverage: { eligibleOnDemandCost: string; coveredOnDemandCost: string; costPercent: number | null; hoursPercent: number | null };
  s3GbMonths: number;
  s3StandardGbMonths: number;
  s3StandardCost: string;
  s3StandardPercent: number | null;
  /** Each KPI against its target, with the saving at the target. */
  targets: Record<KpiName, KpiTarget>;
  /** The savings of every KPI that falls short of its target, to the cent. */
  totalSaving: string;
}

/** What {@link efficiencyKpis} returns. */
export interface KpiReport {
  /** First day included and last day included. */
  from: string;
  to: string;
  /** What a group is: a usage account, or a team by the owner tag (`teamTagKey`). */
  by: 'account' | 'team';
  teamTagKey: string | null;
  definitions: typeof KPI_DEFINITIONS;
  /**
   * The days of `from` to `to` that the store does not hold (a gap between its billing periods), as
   * `costlens budgets` gives them in its JSON (days, runs, why); null when it holds every one.
   */
  notInStore: DaysNotInStoreField | null;
  rows: KpiRow[];
}

export interface KpiOptions {
  /** Last day included (YYYY-MM-DD), from the first charge day to the data horizon (else a usage error naming them); default: the data horizon. */
  asOf?: string;
  /** Months back from the as-of month, that one included (default 3). */
  months?: number;
  catalogue?: InstanceCatalogue;
  volumes?: VolumeCatalogue;
  s3?: S3Catalogue;
  /** Rows per account (default) or per team. */
  by?: 'account' | 'team';
  /** The team: the owner tag key and attribution's normalisation (required with by: 'team'). */
  team?: { tagKey: string; attribution: AttributionConfig };
  /** Targets and the Spot discount (default: the schema's defaults). */
  config?: KpiConfig;
  /** For the commitment discount (default: the schema's defaults). */
  commitments?: CommitmentsConfig;
  /** The store's days when the caller has read them already (the server's context: storeDaysOf); else read (billing-calendar.ts storeDays). */
  store?: StoreDays;
}

/**
 * The sentence under a KPI report's heading when the store does not hold some days of its span:
 * `1 Jul – 31 Aug 2024 are not in the store (the store holds no billing data from 15 Nov 2023 to 31
 * Aug 2024): no row covers them.`; null when it holds every one.
 */
export function kpiNotInStoreSentence(report: Pick<KpiReport, 'notInStore'>): string | null {
  return report.notInStore ? `${daysNotInStoreSentence(report.notInStore)}: no row covers them.` : null;
}


const percent = (part: number, whole: number): number | null => (whole > 0 ? round2((part / whole) * 100) : null);
/** part ÷ whole in percent, rounded once to 2 decimals, half away from zero (exact; a total that is not positive gives null). */
const costPercent = (part: bigint, whole: bigint): number | null => (whole > 0n ? Number(divideRounded(part * 10_000n, whole)) / 100 : null);
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const ALL = '\u0000all';

/** The team of a line as attribution reads it: its owner tag's canonical value, else its account's default team (normalised the same way), else (untagged). */
function teamResolver(values: TagValues): (raw: string | null, account: string | null) => string {
  const defaults = values.key.settings.accountDefaults;
  return (raw, account) => {
    const tagged = raw === null ? null : values.resolve(raw);
    if (tagged !== null) return tagged;
    const fallback = account ? defaults[account] : undefined;
    return (fallback === undefined ? null : values.resolve(fallback)) ?? UNTAGGED;
  };
}

/** Computes the KPIs per month and account (or team), and per month for all. */
export async function efficiencyKpis(engine: Engine, options: KpiOptions = {}): Promise<KpiReport> {
  const span = await billingDaySpan(engine);
  // As anomalies and forecast: a day outside the data, or after the horizon (a partial day, or none), is refused naming the horizon.
  const to = resolveAsOf(options.asOf === undefined ? undefined : parseDay('as-of', options.asOf), span);
  const by = options.by ?? 'account';
  if (by === 'team' && !options.team) throw new CostlensError('usage', 'KPIs by team need the owner tag key', { hint: 'pass --by team with report.ownerTagKey set (default team)' });
  const months = options.months ?? 3;
  const windowStart = monthStart(addMonths(to, -(months - 1)));
  const from = windowStart < span.firstDay ? span.firstDay : windowStart;
  const catalogue = options.catalogue ?? loadInstanceCatalogue();
  const volumes = options.volumes ?? loadVolumeCatalogue();
  const s3 = options.s3 ?? loadS3Catalogue();
  const config = options.config ?? kpiConfigSchema.parse(undefined);
  const commitments = options.commitments ?? commitmentsConfigSchema.parse(undefined);
  const range = { chargeFrom: from, chargeTo: addDays(to, 1) };
  const teamValues = by === 'team' ? await readTagValues(engine, options.team!.attribution, options.team!.tagKey, range) : undefined;
  const teamOf = teamValues ? teamResolver(teamValues) : undefined;
  const params = { from, to: addDays(to, 1), tag_keys: listParam(teamValues?.key.rawKeys ?? []) };
  const [compute, storage, objects] = await Promise.all([
    runQuery(engine, 'kpi/ec2_compute_by_type', params), runQuery(engine, 'kpi/ebs_storage_by_type', params), runQuery(engine, 'kpi/s3_storage_by_class', params),
  ]);
  const groups = new Map<string, Accumulator>();
  const touch = (month: string, key: string, first: string, last: string): Accumulator[] => [key, ALL].map((k) => {
    const acc = groups.get(`${month}|${k}`) ?? emptyAccumulator(first);
    if (first < acc.firstDay) acc.firstDay = first;
    if (last > acc.lastDay) acc.lastDay = last;
    groups.set(`${month}|${k}`, acc);
    return acc;
  });
  const keyOf = (r: { team_raw: string | null; account_id: string | null }) => (teamOf ? teamOf(r.team_raw, r.account_id) : r.account_id ?? '');
  for (const r of compute) for (const acc of touch(r.month!.slice(0, 7), keyOf(r), r.first_day!, r.last_day!)) addCompute(acc, r, catalogue);
  for (const r of storage) for (const acc of touch(r.month!.slice(0, 7), keyOf(r), r.first_day!, r.last_day!)) addVolumes(acc, r);
  for (const r of objects) for (const acc of touch(r.month!.slice(0, 7), keyOf(r), r.first_day!, r.last_day!)) addS3(acc, r);
  // Commitment coverage of each month's billing period, over the same charge days, per group (teams read with the same values as the rows above).
  for (let month = monthStart(from); month <= to; month = nextMonthStart(month)) {
    const monthRange = { billingFrom: month, billingTo: nextMonthStart(month), chargeFrom: from, chargeTo: addDays(to, 1) };
    const coverage = await readCoverage(engine, monthRange, rangeParams(monthRange), {
      by, attribution: options.team?.attribution ?? attributionConfigSchema.parse({}), teamTagKey: options.team?.tagKey ?? 'team', teamValues,
    });
    if (coverage.total.eligibleHours === 0 && coverage.total.eligibleOnDemand === 0n) continue;
    const first = month < from ? from : month;
    const last = nextMonthStart(month) > to ? to : addDays(nextMonthStart(month), -1);
    for (const [key, figures] of coverage.groups) touch(month.slice(0, 7), key, first, last)[0].coverage = figures;
    groups.get(`${month.slice(0, 7)}|${ALL}`)!.coverage = coverage.total;
  }
  const gp2 = volumes.price('us-east-1', 'gp2');
  const gp3 = volumes.price('us-east-1', 'gp3');
  const standard = s3.price('us-east-1', 'STANDARD');
  const tiered = s3.price('us-east-1', 'INTELLIGENT_TIERING_INFREQUENT');
  const rows = [...groups.entries()].map(([key, acc]): KpiRow => {
    const [month, group] = key.split('|');
    const share = (part: Part): Share => ({
      hours: round6(acc.parts[part].hours),
      cost: fromUnits(acc.parts[part].cost),
      hoursPercent: percent(acc.parts[part].hours, acc.ec2Hours),
      costPercent: costPercent(acc.parts[part].cost, acc.ec2Cost),
    });
    const covered = acc.coverage.riCoveredOnDemand + acc.coverage.spCoveredOnDemand;
    const targets = kpiTargets({
      ec2Hours: acc.ec2Hours, spotHours: acc.parts.spot.hours, gravitonHours: acc.parts.graviton.hours, currentHours: acc.parts.currentGeneration.hours,
      onDemandCost: acc.ec2Cost - acc.parts.spot.cost, twinHours: acc.twinHours, twinSaving: acc.twinSaving, olderHours: acc.olderHours, olderSaving: acc.olderSaving,
      ebsGbMonths: acc.ebsGbMonths, gp3GbMonths: acc.gp3GbMonths, gp2GbMonths: acc.gp2GbMonths, gp2Cost: acc.gp2Cost,
      gp3Ratio: gp2 && gp3 ? gp3.gbMonth / gp2.gbMonth : null, coverage: acc.coverage,
      s3GbMonths: acc.s3GbMonths, s3StandardGbMonths: acc.s3StandardGbMonths, s3StandardCost: acc.s3StandardCost,
      s3Ratio: standard && tiered ? tiered.gbMonth / standard.gbMonth : null, commitmentDiscountPercent: commitments.estimatedDiscountPercent['1yr'],
    }, config);
    const totalSaving = Object.values(targets).reduce((sum, t) => sum + toUnits(t.saving ?? '0'), 0n);
    return {
      month,
      accountId: group === ALL || by === 'team' ? null : group,
      team: group === ALL || by === 'account' ? null : group,
      firstDay: acc.firstDay,
      lastDay: acc.lastDay,
      ec2Hours: round6(acc.ec2Hours),
      ec2Cost: fromUnits(acc.ec2Cost),
      spot: share('spot'),
      graviton: share('graviton'),
      currentGeneration: share('currentGeneration'),
      unclassifiedHours: round6(acc.unclassifiedHours),
      ebsGbMonths: round6(acc.ebsGbMonths),
      ebsCost: fromUnits(acc.ebsCost),
      gp3GbMonths: round6(acc.gp3GbMonths),
      gp3Percent: percent(acc.gp3GbMonths, acc.ebsGbMonths),
      commitmentCoverage: {
        eligibleOnDemandCost: fromUnits(acc.coverage.eligibleOnDemand), coveredOnDemandCost: fromUnits(covered),
        costPercent: targets.commitmentCoverage.current, hoursPercent: coveragePercents(acc.coverage).coveragePercent,
      },
      s3GbMonths: round6(acc.s3GbMonths),
      s3StandardGbMonths: round6(acc.s3StandardGbMonths),
      s3StandardCost: fromUnits(acc.s3StandardCost),
      s3StandardPercent: percent(acc.s3StandardGbMonths, acc.s3GbMonths),
      targets,
      totalSaving: fromUnits(totalSaving, 2),
    };
  });
  const groupOrder = (r: KpiRow) => r.accountId ?? r.team;
  // The month's (all) row, whose group is null, after its accounts or teams.
  rows.sort((a, b) => codePointOrder(a.month, b.month) || Number(groupOrder(a) === null) - Number(groupOrder(b) === null) || codePointOrder(groupOrder(a) ?? '', groupOrder(b) ?? ''));
  // Days of the span in a gap between the store's billing periods: missing data, not days without usage.
  const missing = daysNotInStore(from, addDays(to, 1), options.store ?? await storeDays(engine, span));
  return { from, to, by, teamTagKey: by === 'team' ? options.team!.tagKey : null, definitions: KPI_DEFINITIONS, notInStore: notInStoreField(missing).notInStore ?? null, rows };
}
