/**
 * EC2 and RDS rightsizing: CPU (and memory) summarised from daily figures by queries/optimisation/instance_utilisation.sql,
 * type and bill from instance_costs.sql, Reserved Instance and Savings Plan coverage from
 * instance_commitments.sql, sizes and prices from the EC2 catalogue. Savings are priced from the
 * bill (the instance's own EffectiveCost × (1 − new price / old price), split into cash and freed
 * commitment; see rightsizing/savings.ts) and, for comparison, from list prices.
 */
import type { InstanceCatalogue, InstanceType } from '../../catalogue/ec2.ts';
import { loadRdsCatalogue, type RdsCatalogue } from '../../catalogue/rds.ts';
import { rdsPricing } from './rds.ts';
import type { Engine } from '../../engine/engine.ts';
import { runQuery, type QueryRowTypes } from '../../engine/query-types.ts';
import { fromUnits, toUnits } from '../../lib/money.ts';
import type { RightsizingConfig } from '../optimisation-config.ts';
import type { Evidence } from '../findings.ts';
import { MONTHLY_COST_DAYS, billingSpanIfAny, costWindowOnBill, findingsAsOf, lookbackRange, type CostWindowHeld, type DateRange } from '../findings-window.ts';
import { coverageOf, readCommitments, type InstanceCommitments } from '../instance-commitments.ts';
import { coverageForMove, leftBehindSentence, moveSavings, sizeLockedSentence, sumCents, type InstanceBill } from './savings.ts';
import { burstableAlternative, burstableMove, burstableRecommendation } from './burstable.ts';
import { burstableBaseline, cheaperFamily, memoryUnmeasuredDownsize, priceBook, sameFamilyDownsize, type FamilyAlternative, type SizeFit, type Utilisation } from './sizes.ts';
import { metricCoverage, metricRowParams, notJudgedNote, type JudgedDays, type MetricNeed } from '../metric-coverage.ts';
import { NO_DAYS, explainDownsize, explainTerminate, measuredMemory, summariseUtilisation, type DaySummary } from './evidence.ts';
import { recommendLambdaMemory } from './lambda.ts';
import type { RightsizingRecommendation, SkippedInstance } from './types.ts';
import { instancesWithoutCpu } from './without-metrics.ts';
import { splitRightsizingNothingToSave } from './nothing-to-save.ts';
import { rightsizingOnAthena } from './on-athena.ts';
import type { RightsizingOptions, RightsizingReport } from './report.ts';
import { readUsageWithoutType } from '../usage-without-type.ts';
import { round2OrNull } from '../../lib/round.ts';
import { codePointOrder, descending } from '../../lib/order.ts';

export type { RightsizingNotRun, RightsizingOptions, RightsizingReport } from './report.ts';
export type { RightsizingAlternative, RightsizingRecommendation, SkippedInstance } from './types.ts';

/** The CloudWatch statistic name of a percentile: 99.5 → "p99.5". */
export function percentileStatistic(p: number): string {
  return `p${p}`;
}

/** Recommends sizes for EC2 and RDS instances and Lambda memory for functions with metrics, with the thresholds of `config` (`rightsizing:`). */
export async function recommendRightsizing(engine: Engine, catalogue: InstanceCatalogue, config: RightsizingConfig, options: RightsizingOptions = {}): Promise<RightsizingReport> {
  // Athena holds the bill alone, and every recommendation is decided by metrics.
  if (engine.name === 'athena') return rightsizingOnAthena(engine, config, options);
  const span = await billingSpanIfAny(engine);
  const asOf = await findingsAsOf(engine, options.asOf, { span });
  const statistic = percentileStatistic(config.cpuPercentile);
  const costWindow = lookbackRange(asOf, MONTHLY_COST_DAYS);
  // The window's sums count its complete days only: no line of a partial day after the data horizon.
  const { held, countedEnd } = await costWindowOnBill(engine, costWindow, { span });
  const window = { as_of: asOf, lookback_days: String(config.lookbackDays), cost_days: String(MONTHLY_COST_DAYS) };
  // The metrics' days stop where the cost window's do: a partial day after the data horizon is not judged.
  const judged: JudgedDays = { asOf, completeUntil: countedEnd };
  // Two queries at a time: DuckDB overlaps them on two cores.
  const [utilisation, instances] = await Promise.all([
    runQuery(engine, 'optimisation/instance_utilisation', {
      as_of: asOf, lookback_days: String(config.lookbackDays), cpu_statistic: statistic, percentile: String(config.cpuPercentile), complete_until: countedEnd,
    }),
    runQuery(engine, 'optimisation/instance_costs', { ...window, complete_until: countedEnd }),
  ]);
  const [commitments, cpuRows, unmeasured, untyped] = await Promise.all([
    runQuery(engine, 'optimisation/instance_commitments', { ...window, complete_until: countedEnd }),
    runQuery(engine, 'metrics/metric_rows', metricRowParams(cpuNeed(config.lookbackDays, statistic), judged)),
    runQuery(engine, 'optimisation/instances_without_cpu', { as_of: asOf, lookback_days: String(config.lookbackDays), complete_until: countedEnd }),
    options.usageWithoutType ? readUsageWithoutType(engine, { start: lookbackRange(asOf, config.lookbackDays).start, end: countedEnd }) : null,
  ]);
  const commitmentsOf = readCommitments(commitments);
  const byInstance = new Map<string, DaySummary>();
  for (const row of utilisation) byInstance.set(row.resource_id!, summariseUtilisation(row, statistic));
  const coverage = metricCoverage(cpuRows, cpuNeed(config.lookbackDays, statistic), judged,
    new Map([...byInstance].map(([id, d]) => [id, d.daysObserved])));

  const context: Context = {
    catalogue, rdsCatalogue: options.rdsCatalogue ?? loadRdsCatalogue(), config, statistic, lookback: lookbackRange(asOf, config.lookbackDays), judged, costWindow, held,
  };
  const recommendations: RightsizingRecommendation[] = [];
  const skipped: SkippedInstance[] = [];
  for (const row of instances) {
    const outcome = judge(context, instanceRow(row), byInstance.get(row.resource_id!) ?? NO_DAYS, commitmentsOf(row.resource_id!));
    if (outcome === null) continue;
    if ('reason' in outcome) skipped.push(outcome);
    else recommendations.push(outcome);
  }
  const lambda = await recommendLambdaMemory(engine, config, asOf, held, countedEnd);
  recommendations.push(...lambda.recommendations);
  skipped.push(...lambda.skipped);
  recommendations.forEach((r, i) => (recommendations[i] = ordered(r)));
  recommendations.sort((a, b) => descending(toUnits(a.monthlySavingBill), toUnits(b.monthlySavingBill))
    || descending(toUnits(a.monthlySavingCommitment), toUnits(b.monthlySavingCommitment)) || codePointOrder(a.resourceId, b.resourceId));
  // A move that saves nothing in cash or commitment is not a finding (the rule modernise applies): counted apart, with why.
  const { kept, nothingToSave } = splitRightsizingNothingToSave(recommendations);
  return {
    asOf, lookback: context.lookback, costWindow, costWindowHeld: held, recommendations: kept, nothingToSave, skipped, metricCoverage: coverage,
    lambdaMetricCoverage: lambda.metricCoverage,
    withoutCpuMetrics: instancesWithoutCpu(unmeasured),
    usageWithoutType: untyped,
    notRun: null,
    totalSavingBill: sumCents(kept.map((r) => r.monthlySavingBill)),
    totalSavingCommitment: sumCents(kept.map((r) => r.monthlySavingCommitment)),
  };
}

/** What rightsizing reads: CPU of EC2 and RDS, the percentile statistic or Maximum, on every look-back day. */
function cpuNeed(lookbackDays: number, statistic: string): MetricNeed {
  return { what: 'CPU', noun: 'instance', namespaces: ['AWS/EC2', 'AWS/RDS'], metricNames: ['CPUUtilization'], statistics: [statistic, 'Maximum'], minDays: lookbackDays };
}

interface Context {
  catalogue: InstanceCatalogue;
  rdsCatalogue: RdsCatalogue;
  config: RightsizingConfig;
  statistic: string;
  lookback: DateRange;
  /** The look-back's days the metrics count (none after the data horizon). */
  judged: JudgedDays;
  costWindow: DateRange;
  held: CostWindowHeld;
}

interface InstanceRow {
  resource_id: string;
  service: 'ec2' | 'rds';
  account_id: string | null;
  region: string | null;
  instance_type: string | null;
  type_source: string | null;
  window_cost: string;
  hours_billed: number;
  list_unit_price: string | null;
}

/** A row of instance_costs.sql as judge() reads it: money as exact decimal text, as recommendations carry it. */
function instanceRow(r: QueryRowTypes['optimisation/instance_costs']): InstanceRow {
  return {
    resource_id: r.resource_id!, service: r.service as InstanceRow['service'], account_id: r.account_id, region: r.region, instance_type: r.instance_type,
    type_source: r.type_source, window_cost: r.window_cost === null ? '0' : fromUnits(r.window_cost), hours_billed: r.hours_billed ?? 0,
    list_unit_price: r.list_unit_price === null ? null : fromUnits(r.list_unit_price),
  };
}

/** RDS classes are EC2 types with a `db.` prefix; the catalogue knows the EC2 name. */
function catalogueName(service: string, type: string): string {
  return service === 'rds' && type.startsWith('db.') ? type.slice(3) : type;
}

function serviceName(service: string, type: InstanceType): string {
  return service === 'rds' ? `db.${type.instanceType}` : type.instanceType;
}

/** A recommendation, a reason to skip, or null when the instance is already the right size. */
function judge(ctx: Context, row: InstanceRow, days: DaySummary, commitments: InstanceCommitments): RightsizingRecommendation | SkippedInstance | null {
  const { config } = ctx;
  const id = row.resource_id;
  if (days.daysObserved < config.lookbackDays) {
    return { resourceId: id, reason: `CPU data on ${days.daysObserved} of the ${config.lookbackDays} look-back days${notJudgedNote(ctx.judged)}` };
  }
  if (!row.instance_type) return { resourceId: id, reason: 'instance type unknown (not in the inventory or the bill)' };
  const current = ctx.catalogue.lookup(catalogueName(row.service, row.instance_type));
  if (!current) return { resourceId: id, reason: `instance type ${row.instance_type} is not in the EC2 catalogue` };
  const prices = priceBook(ctx.catalogue, row.region, current);
  const ec2Price = prices.price(current);
  if (ec2Price === null) return { resourceId: id, reason: `no catalogue price for ${row.instance_type}` };
  const target = 100 - config.headroomPercent;
  const memory = measuredMemory(row.service, days, current);
  const utilisation: Utilisation = { cpuPercent: days.cpuFigure!, cpuAveragePercent: days.cpuAverage, memoryPercent: memory.percent };
  const terminate = days.cpuMaximum !== null && days.cpuMaximum <= config.terminateMaxCpuPercent;
  const strict = terminate ? null : sameFamilyDownsize(ctx.catalogue, current, utilisation, target, prices);
  const unmeasured = terminate || strict ? null : memoryUnmeasuredDownsize(ctx.catalogue, current, utilisation, target, prices);
  // A move to a burstable family (EC2 only) when no same-family size keeps the memory per vCPU and it beats the low-confidence step.
  const burst = terminate || row.service !== 'ec2' ? null : burstableMove(ctx.catalogue, current, utilisation, days, target, prices, config.burstable);
  const burstFirst = burst !== null && !strict && (!unmeasured || burst.price < unmeasured.price);
  const downsize = burstFirst ? burst : strict ?? unmeasured;
  if (!terminate && !downsize) return null;
  // RDS: its own list prices where the RDS catalogue has both classes, else the EC2 equivalent's ratio.
  const pricing = rdsPricing(ctx.rdsCatalogue, row.service, row.instance_type, row.region, ec2Price, prices.basis,
    downsize && serviceName(row.service, downsize.type));
  const currentPrice = pricing.currentPrice;
  const priceBasis = pricing.basis;
  const hoursRun = Math.max(0, Math.round((row.hours_billed - commitments.negatedHours) * 10000) / 10000);
  const bill: InstanceBill = { windowCost: row.window_cost, hoursRun, coverage: coverageOf(commitments.sources, hoursRun), held: ctx.held };
  const common = {
    service: row.service, resourceId: id, accountId: row.account_id, region: row.region, instanceType: row.instance_type,
    lookback: ctx.lookback, costWindow: ctx.costWindow, windowCost: row.window_cost, hoursRun, currentHourlyPrice: currentPrice, priceBasis,
    commitment: bill.coverage,
    thresholds: {
      'rightsizing.cpuPercentile': config.cpuPercentile, 'rightsizing.headroomPercent': config.headroomPercent,
      targetUtilisationPercent: target, 'rightsizing.lookbackDays': config.lookbackDays,
      'rightsizing.terminateMaxCpuPercent': config.terminateMaxCpuPercent,
    },
  };
  const baseEvidence: Evidence = {
    daysObserved: days.daysObserved, cpuStatistic: days.cpuBasis, cpuPercentile: round2OrNull(days.cpuFigure), cpuMaximum: days.cpuMaximum,
    cpuAverage: round2OrNull(days.cpuAverage), memoryPercentile: round2OrNull(memory.percent), memoryStatistic: memory.basis,
    vcpu: current.vcpu, memoryGib: current.memoryGib, typeSource: row.type_source,
    finestPeriodS: days.periods?.finest ?? null, coarsestPeriodS: days.periods?.coarsest ?? null,
    daysPercentileCloudwatchDaily: days.percentileDerivation.cloudwatchDaily, daysPercentileExact: days.percentileDerivation.exact,
    daysPercentileUpperBound: days.percentileDerivation.upperBound, costDaysInStore: ctx.held.days,
  };
  const listRate = row.service === 'rds' ? (row.list_unit_price === null ? pricing.catalogueListRate : Number(row.list_unit_price)) : currentPrice;

  if (terminate) {
    return {
      ...common, rule: 'rightsize-terminate', recommendedType: null, move: 'terminate', confidence: 'high',
      confidenceReason: `maximum CPU ${round2OrNull(days.cpuMaximum)} % on every one of ${days.daysObserved} days is at or below ${config.terminateMaxCpuPercent} %`,
      action: `terminate the ${row.service === 'rds' ? 'DB instance (final snapshot first)' : 'instance (AMI or snapshot first)'}`,
      evidence: baseEvidence, explanation: explainTerminate(days, config),
      recommendedHourlyPrice: null, ...moveSavings(bill, listRate, currentPrice, 0, 'terminate'), alternative: null,
    };
  }
  if (!downsize) return null;
  // The cheapest of the newer-generation or Graviton family and the burstable move (when not the recommendation); ties keep the former.
  const alt = [cheaperFamily(ctx.catalogue, current, utilisation, target, prices, downsize.price), burst && !burstFirst ? burstableAlternative(current, burst) : null]
    .filter((a): a is FamilyAlternative => a !== null && a.price < downsize.price).sort((a, b) => a.price - b.price)[0] ?? null;
  const resize = downsize.type.family === current.family;
  const move = resize ? 'resize' : 'family';
  const burstText = burstFirst ? burstableRecommendation(days, config, current, burst, target, memory.percent, memory.basis) : null;
  return {
    ...common, rule: burstText ? 'rightsize-burstable' : 'rightsize-downsize', recommendedType: serviceName(row.service, downsize.type), move,
    action: burstText?.action ?? `resize to ${serviceName(row.service, downsize.type)}`,
    confidence: burstText?.confidence ?? (unmeasured ? 'low' : utilisation.memoryPercent !== null ? 'high' : 'medium'),
    confidenceReason: burstText?.confidenceReason ?? (unmeasured ? 'memory not measured: check memory before resizing'
      : utilisation.memoryPercent !== null ? `CPU and memory measured (${memory.basis})`
      : 'memory not measured: the new size keeps at least the memory per vCPU of the current one'),
    evidence: { ...baseEvidence, ...fitEvidence(downsize), ...burstText?.evidence },
    thresholds: { ...common.thresholds, ...burstText?.thresholds },
    explanation: (burstText?.explanation
      ?? explainDownsize(days, config, current, downsize, serviceName(row.service, downsize.type), target, memory.percent, !!unmeasured))
      + leftBehindSentence(bill.coverage, row.service === 'rds' ? `db.${current.family}` : current.family, [
        ...(downsize.type.family !== current.family ? [{ type: serviceName(row.service, downsize.type), price: pricing.targetPrice ?? downsize.price }] : []),
        ...(alt && alt.type.family !== current.family ? [{ type: serviceName(row.service, alt.type), price: pricing.scale(alt.price) }] : []),
      ])
      + sizeLockedSentence(bill.coverage, row.instance_type, [
        ...(resize ? [{ type: serviceName(row.service, downsize.type), price: pricing.targetPrice ?? downsize.price }] : []),
        ...(alt && alt.type.family === current.family ? [{ type: serviceName(row.service, alt.type), price: pricing.scale(alt.price) }] : []),
      ]),
    commitment: coverageForMove(bill.coverage, serviceName(row.service, downsize.type), move),
    recommendedHourlyPrice: pricing.targetPrice ?? downsize.price,
    ...moveSavings(bill, listRate, currentPrice, pricing.targetPrice ?? downsize.price, move),
    alternative: alt && {
      instanceType: serviceName(row.service, alt.type), hourlyPrice: pricing.scale(alt.price),
      ...moveSavings(bill, listRate, currentPrice, pricing.scale(alt.price), alt.type.family !== current.family ? 'family' : 'resize'),
      projectedCpuPercent: round2OrNull(alt.projectedCpu)!, projectedMemoryPercent: round2OrNull(alt.projectedMemory), platformChange: alt.platformChange,
    },
  };
}

const KEY_ORDER: (keyof RightsizingRecommendation)[] = [
  'rule', 'service', 'resourceId', 'accountId', 'region', 'instanceType', 'recommendedType', 'move', 'action', 'confidence', 'confidenceReason', 'explanation',
  'evidence', 'thresholds', 'windowCost', 'hoursRun', 'currentHourlyPrice', 'recommendedHourlyPrice', 'priceBasis', 'monthlySavingBill',
  'monthlySavingCommitment', 'listSavingPer730h', 'listSavingForHoursRun', 'commitment', 'alternative', 'lookback', 'costWindow',
];

/** The same recommendation with its keys in reading order (for JSON output). */
function ordered(r: RightsizingRecommendation): RightsizingRecommendation {
  return Object.fromEntries(KEY_ORDER.map((k) => [k, r[k]])) as unknown as RightsizingRecommendation;
}

function fitEvidence(fit: SizeFit): Evidence {
  return {
    recommendedVcpu: fit.type.vcpu, recommendedMemoryGib: fit.type.memoryGib,
    projectedCpuPercent: round2OrNull(fit.projectedCpu), projectedMemoryPercent: round2OrNull(fit.projectedMemory),
    recommendedBurstableBaselinePercent: burstableBaseline(fit.type),
  };
}


