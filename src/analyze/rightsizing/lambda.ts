/**
 * Lambda memory rightsizing (README "Lambda memory rightsizing"). Lambda bills duration in
 * GB-seconds, so a function's duration cost is invocations × duration × memory: a smaller memory
 * size saves in proportion when the duration stays the same. queries/optimisation/lambda_functions.sql
 * gives each function with Duration metrics its look-back figures (Invocations, Duration Average,
 * Maximum and p99, the memory Lambda Insights measured), its configuration from the inventory and
 * its GB-second EffectiveCost from the bill. The rule, after AWS Compute Optimizer's (which sizes
 * memory from memory utilisation and duration, for functions invoked at least 50 times in 14 days
 * with at most 1,792 MB):
 * - with memory measured on every day the function ran: the smallest multiple of 64 MB that keeps
 *   the highest memory used within 100 − headroom % (confidence medium: duration may grow, as
 *   Lambda allots CPU in proportion to memory);
 * - without it, for functions of at least `unmeasuredMinMemoryMb`: half the memory, confidence low;
 * - either way never below 128 MB, and never so small that the p99 duration (else the Maximum),
 *   stretched by old ÷ new memory as a CPU-bound function's would be, passes the timeout less the
 *   headroom.
 * The saving is the GB-second EffectiveCost of the 30 days before --as-of as a month of 730 h
 * (savings.ts windowToMonth: × 730/720, or × 730 ÷ the hours of the days the store's billing data
 * holds when it holds fewer) × (1 − new ÷ old memory); the part of it that a
 * Savings Plan with unused commitment in the window covered frees commitment, not cash
 * (queries/optimisation/lambda_commitments.sql, ./lambda-commitments.ts), as for instances.
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery, type QueryRowTypes } from '../../engine/query-types.ts';
import { fromUnits } from '../../lib/money.ts';
import type { RightsizingConfig } from '../optimisation-config.ts';
import { num, type Evidence } from '../findings.ts';
import { MONTHLY_COST_DAYS, lookbackRange, rangeDays, type CostWindowHeld, type DateRange } from '../findings-window.ts';
import { moveSavings } from './savings.ts';
import { lambdaCoverage, readLambdaCommitments, type FunctionCommitments } from './lambda-commitments.ts';
import { metricCoverage, metricRowParams, notJudgedNote, type JudgedDays, type MetricCoverage, type MetricNeed } from '../metric-coverage.ts';
import type { RightsizingRecommendation, SkippedInstance } from './types.ts';

/** Lambda's smallest memory size; recommendations are multiples of MEMORY_STEP_MB from there. */
const MIN_MEMORY_MB = 128;
const MEMORY_STEP_MB = 64;

/** The confidence reason of a recommendation made without a memory measurement (README). */
export const UNMEASURED_REASON = 'memory utilisation not measured: check max memory used (REPORT log lines) before resizing';

/** A row of lambda_functions.sql, its window cost as exact decimal text (what recommendations carry). */
type FunctionRow = Omit<QueryRowTypes['optimisation/lambda_functions'], 'resource_id' | 'window_cost'> & { resource_id: string; window_cost: string };

/** The numbers of a row. */
interface Figures {
  memory: number | null;
  timeoutS: number | null;
  invocations: number;
  daysObserved: number;
  memoryDays: number;
  averageMs: number | null;
  maximumMs: number | null;
  p99Ms: number | null;
  memoryUsedMb: number | null;
}

function figuresOf(row: FunctionRow): Figures {
  return {
    memory: row.memory_mb, timeoutS: row.timeout_s, invocations: row.invocations ?? 0,
    daysObserved: row.days_observed ?? 0, memoryDays: row.memory_days ?? 0, averageMs: row.duration_average_ms,
    maximumMs: row.duration_maximum_ms, p99Ms: row.duration_p99_ms, memoryUsedMb: row.memory_used_max_mb,
  };
}

/** Lambda's recommendations, the functions not judged, and why Duration metrics were or were not usable. */
export interface LambdaRightsizing {
  recommendations: RightsizingRecommendation[];
  skipped: SkippedInstance[];
  metricCoverage: MetricCoverage;
}

/** What the Lambda rule reads: Duration's Average on at least one look-back day. */
function durationNeed(lookbackDays: number): MetricNeed {
  return { what: 'Lambda Duration', noun: 'function', namespaces: ['AWS/Lambda'], metricNames: ['Duration'], statistics: ['Average'], minDays: 1, lookbackDays };
}

/**
 * Judges every function with Duration metrics in the look-back before `asOf`, with the thresholds of
 * `config`; `held` is how many days of the cost window the store's billing data holds (the saving is
 * scaled from them to all of the window's days) and `countedEnd` where they end (the day after the
 * data horizon when it comes before `asOf`: a partial day's lines and metric rows are not counted).
 */
export async function recommendLambdaMemory(engine: Engine, config: RightsizingConfig, asOf: string, held: CostWindowHeld,
  countedEnd: string): Promise<LambdaRightsizing> {
  const need = durationNeed(config.lookbackDays);
  const window = { as_of: asOf, cost_days: String(MONTHLY_COST_DAYS), complete_until: countedEnd };
  const judged: JudgedDays = { asOf, completeUntil: countedEnd };
  const [functions, durationRows] = await Promise.all([
    runQuery(engine, 'optimisation/lambda_functions', { ...window, lookback_days: String(config.lookbackDays) }),
    runQuery(engine, 'metrics/metric_rows', metricRowParams(need, judged)),
  ]);
  // The commitment lines are read from line_items: only when some function has duration cost to price.
  const commitments = functions.some((r) => (r.window_cost ?? 0n) > 0n) ? await runQuery(engine, 'optimisation/lambda_commitments', window) : [];
  const rows: FunctionRow[] = functions.map((r) => ({ ...r, resource_id: r.resource_id!, window_cost: r.window_cost === null ? '0' : fromUnits(r.window_cost) }));
  const coverage = metricCoverage(durationRows, need, judged, new Map(rows.map((r) => [r.resource_id, r.days_observed ?? 0])));
  const context = {
    config, lookback: lookbackRange(asOf, config.lookbackDays), judged, costWindow: lookbackRange(asOf, MONTHLY_COST_DAYS), held,
    commitmentsOf: readLambdaCommitments(commitments),
  };
  const recommendations: RightsizingRecommendation[] = [];
  const skipped: SkippedInstance[] = [];
  for (const row of rows) {
    const outcome = judgeFunction(context, row);
    if (outcome === null) continue;
    if ('reason' in outcome) skipped.push(outcome);
    else recommendations.push(outcome);
  }
  return { recommendations, skipped, metricCoverage: coverage };
}

interface Context {
  config: RightsizingConfig;
  lookback: DateRange;
  /** The look-back's days the metrics count (none after the data horizon). */
  judged: JudgedDays;
  costWindow: DateRange;
  held: CostWindowHeld;
  commitmentsOf: (resourceId: string) => FunctionCommitments;
}

const roundUpToStep = (mb: number) => Math.max(MIN_MEMORY_MB, Math.ceil(mb / MEMORY_STEP_MB) * MEMORY_STEP_MB);
const round = (value: number | null, places = 2) => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);

/** A recommendation, a reason not to judge the function, or null when its memory is already right. */
function judgeFunction(ctx: Context, row: FunctionRow): RightsizingRecommendation | SkippedInstance | null {
  const { config } = ctx;
  const limits = config.lambda;
  const id = row.resource_id;
  const f = figuresOf(row);
  const { memory, invocations } = f;
  if (memory === null) return { resourceId: id, reason: 'memory size unknown: the inventory does not list the function (`costlens pull inventory` reads it)' };
  if (invocations < limits.minInvocations) {
    return { resourceId: id, reason: `${num(invocations)} invocations in the ${config.lookbackDays}-day look-back, fewer than rightsizing.lambda.minInvocations (${limits.minInvocations})${notJudgedNote(ctx.judged)}` };
  }
  if (memory > limits.maxMemoryMb) {
    return { resourceId: id, reason: `${memory} MB is above rightsizing.lambda.maxMemoryMb (${limits.maxMemoryMb}): with more than one vCPU its duration depends on memory` };
  }
  if (Number(row.window_cost) <= 0) return { resourceId: id, reason: `no Lambda-GB-Second cost on the bill over ${rangeDays(ctx.costWindow)}` };

  const measured = f.memoryUsedMb !== null && f.memoryDays >= f.daysObserved;
  const target = 100 - config.headroomPercent;
  const bySize = measured ? roundUpToStep((f.memoryUsedMb! * 100) / target) : memory >= limits.unmeasuredMinMemoryMb ? roundUpToStep(memory / 2) : null;
  if (bySize === null) return null;
  // Lambda allots CPU in proportion to memory: a CPU-bound function's duration could grow by old ÷ new.
  const tailMs = f.p99Ms ?? f.maximumMs;
  const budgetMs = f.timeoutS === null ? null : (f.timeoutS * 1000 * target) / 100;
  const byTimeout = tailMs === null || budgetMs === null ? MIN_MEMORY_MB : roundUpToStep((tailMs * memory) / budgetMs);
  const recommended = Math.max(bySize, byTimeout);
  if (recommended >= memory) return null;

  const covered = ctx.commitmentsOf(id);
  // usage_daily's quantity repeats the GB-seconds a SavingsPlanNegation line cancels: counted once.
  const gbSecondsRun = Math.max(0, (row.gb_seconds_billed ?? 0) - covered.negatedGbSeconds);
  const coverage = lambdaCoverage(covered, gbSecondsRun);
  const projectedTailMs = tailMs === null ? null : (tailMs * memory) / recommended;
  const gbSecondsMetrics = f.averageMs === null ? null : (invocations * f.averageMs * memory) / 1000 / 1024;
  const evidence: Evidence = {
    daysObserved: f.daysObserved, invocations, durationAverageMs: round(f.averageMs), durationP99Ms: round(f.p99Ms),
    durationMaximumMs: round(f.maximumMs), memoryMb: memory, architecture: row.architecture, runtime: row.runtime, timeoutS: f.timeoutS,
    memoryDays: f.memoryDays, memoryUsedMaxMb: round(f.memoryUsedMb), memorySizeBySize: bySize, memorySizeByTimeout: byTimeout,
    projectedTailDurationMs: round(projectedTailMs), timeoutBudgetMs: round(budgetMs),
    gbSecondsLookbackFromMetrics: round(gbSecondsMetrics), gbSecondsBilledInCostWindow: round(gbSecondsRun, 3),
    usageType: row.usage_type, costDaysInStore: ctx.held.days,
    assumption: 'duration unchanged at the new memory size: the saving is the GB-second cost × (1 − new ÷ old memory)',
  };
  // A smaller memory size is a resize: a Savings Plan applies to any size, so its covered cost stays covered.
  const saving = moveSavings({ windowCost: row.window_cost, hoursRun: 0, coverage, held: ctx.held }, null, memory, recommended, 'resize');
  return {
    rule: 'rightsize-lambda-memory', service: 'lambda', resourceId: id, accountId: row.account_id, region: row.region,
    instanceType: `${memory} MB`, recommendedType: `${recommended} MB`, move: null,
    action: `set the function's memory to ${recommended} MB (aws lambda update-function-configuration --memory-size ${recommended}), then compare its Duration`,
    confidence: measured ? 'medium' : 'low',
    confidenceReason: measured
      ? `memory measured (Lambda Insights used_memory_max, at most ${num(f.memoryUsedMb)} MB on ${f.memoryDays} days); duration may grow, as Lambda allots CPU in proportion to memory`
      : f.memoryDays > 0 ? `${UNMEASURED_REASON} (Lambda Insights measured it on only ${f.memoryDays} of ${f.daysObserved} days)` : UNMEASURED_REASON,
    explanation: explain(ctx, row, f, evidence, recommended) + (coverage ? `; in the cost window it was ${coverage.note}` : ''),
    evidence,
    thresholds: {
      'rightsizing.lambda.minInvocations': limits.minInvocations, 'rightsizing.lambda.maxMemoryMb': limits.maxMemoryMb,
      'rightsizing.lambda.unmeasuredMinMemoryMb': limits.unmeasuredMinMemoryMb, 'rightsizing.headroomPercent': config.headroomPercent,
      targetUtilisationPercent: target, 'rightsizing.lookbackDays': config.lookbackDays,
    },
    windowCost: row.window_cost, hoursRun: null, currentHourlyPrice: null, recommendedHourlyPrice: null,
    priceBasis: `the bill: the function's ${row.usage_type ?? 'Lambda-GB-Second'} EffectiveCost × (1 − ${recommended} / ${memory}), duration assumed unchanged`,
    ...saving, commitment: coverage, alternative: null, lookback: ctx.lookback, costWindow: ctx.costWindow,
  };
}

/** The evidence in one sentence. */
function explain(ctx: Context, row: FunctionRow, f: Figures, e: Evidence, recommended: number): string {
  const memory = e.memoryMb as number;
  const target = 100 - ctx.config.headroomPercent;
  const tailLabel = f.p99Ms !== null ? 'highest daily p99' : 'maximum';
  const tail = `${tailLabel} ${num(f.p99Ms ?? f.maximumMs)} ms`;
  const why = e.memoryUsedMaxMb !== null && f.memoryDays >= f.daysObserved
    ? `Lambda Insights measured at most ${num(f.memoryUsedMb)} MB used, so ${e.memorySizeBySize} MB keeps it within ${target} %`
    : `memory use is not measured, so the step is half of ${memory} MB (functions of at least ${ctx.config.lambda.unmeasuredMinMemoryMb} MB)`;
  const timeout = e.timeoutBudgetMs === null || e.projectedTailDurationMs === null ? 'timeout unknown, not checked'
    : `were the duration to grow by ${memory}/${recommended} (a CPU-bound function), the ${tailLabel} would be ${num(e.projectedTailDurationMs as number, 2)} ms, `
      + `within ${num(e.timeoutBudgetMs as number, 2)} ms (the ${e.timeoutS} s timeout less ${ctx.config.headroomPercent} % headroom)`;
  return `${num(e.invocations as number)} invocations over ${e.daysObserved} days (${rangeDays(ctx.lookback)}), `
    + `average duration ${num(f.averageMs)} ms, ${tail}, at ${memory} MB (${row.architecture ?? 'architecture unknown'}, ${row.runtime ?? 'runtime unknown'}); `
    + `${why}; ${timeout}; the saving assumes the duration stays the same (GB-seconds = invocations × duration × memory)`;
}
