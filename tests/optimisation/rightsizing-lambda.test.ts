import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { parseCsvLine } from '../../src/lib/csv.ts';
import { UNMEASURED_REASON } from '../../src/analyze/rightsizing/lambda.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn, page } from '../server/helpers.ts';
import { daily, days, focusCsv, jsonOf, metricsCsv, series, type BillLine, type MetricPoint } from './fixtures.ts';

/**
 * Lambda memory rightsizing with the defaults (look-back 14 days: 2026-03-01 … 2026-03-14,
 * headroom 20 %, rightsizing.lambda: minInvocations 50, maxMemoryMb 1792, unmeasuredMinMemoryMb
 * 1024). Savings from each function's GB-second EffectiveCost over 2026-02-13 … 2026-03-14
 * (30 days, 720 h) as a month of 730 h (× 730/720) × (1 − new ÷ old memory). Figures worked by hand:
 * - orders-api, 1024 MB, no memory metric: half → 512 MB (the timeout check allows 128 MB:
 *   800 ms × 1024 / 24,000 ms = 34.1 MB); 30 × 3.4567891 = 103.703673 × 730/720 = 105.1440017917
 *   (to 10 decimals) × 0.5 = 52.572… → 52.57 (over 720 h it was 51.85).
 *   Its average duration weighs each day by its invocations: (7 × 1.2 M × 150 + 7 × 0.8 M × 250)
 *   / 14 M = 190 ms (the unweighted mean would be 200); 14 M × 0.19 s × 1 GB = 2,660,000 GB-s.
 * - thumbnailer, 1536 MB arm64, Lambda Insights at most 300 MB: 300 / 0.8 = 375 → 384 MB
 *   (multiple of 64); 30 × 2.1 = 63 × 730/720 = 63.875 × (1 − 384/1536) = 47.90625 → 47.91.
 * - report-builder, 1024 MB, timeout 10 s, p99 4,500 ms: half would be 512, but 4,500 × 1024 /
 *   8,000 = 576 MB keeps the stretched p99 within the timeout less 20 %; 30 × 730/720 × (1 − 576/1024) = 13.307… → 13.31.
 * - slow-export, 1024 MB, timeout 3 s, p99 2,300 ms: 2,300 × 1024 / 2,400 = 981.3 → 1024: no smaller size.
 * - small-fn 512 MB unmeasured: below 1024 MB, nothing. rare-cron: 3 a day = 42 < 50, batch-3008
 *   above 1,792 MB, unlisted (no inventory): not judged, each with its reason.
 */
const A = '111111111111';
const fn = (name: string) => `arn:aws:lambda:us-east-1:${A}:function:${name}`;
const LOOKBACK = days('2026-03-01', '2026-03-15');
const BILL_DAYS: [string, string] = ['2026-02-01', '2026-03-15'];

const gbSeconds = (name: string, usageType: string, cost: string, quantity: number): BillLine[] =>
  daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: fn(name), usageType, quantity, cost, service: 'AWS Lambda' });
const lambdaMetrics = (name: string, d: { avg: number | ((i: number) => number); max: number; p99: number | ((i: number) => number); invocations: number | ((i: number) => number) }): MetricPoint[] => {
  const value = (v: number | ((i: number) => number)) => (_day: string, i: number) => (typeof v === 'number' ? v : v(i));
  return [
    ...series(fn(name), 'AWS/Lambda', 'Duration', 'Average', LOOKBACK, value(d.avg)),
    ...series(fn(name), 'AWS/Lambda', 'Duration', 'Maximum', LOOKBACK, value(d.max)),
    ...series(fn(name), 'AWS/Lambda', 'Duration', 'p99', LOOKBACK, value(d.p99)),
    ...series(fn(name), 'AWS/Lambda', 'Invocations', 'Sum', LOOKBACK, value(d.invocations)),
  ];
};
const FUNCTIONS_HEADER = 'resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at,memory_mb,architecture,runtime,timeout_s';
const functionRow = (name: string, memory: number, architecture: string, runtime: string, timeout: number) =>
  `${fn(name)},${A},us-east-1,AWSLambda,function,,,,{},2026-03-14T00:00:00Z,${memory},${architecture},${runtime},${timeout}`;

async function ingest(files: Record<string, string>): Promise<string> {
  const { dir, db } = tempStore();
  const paths = Object.entries(files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  const run = await costlens(db, 'ingest', ...paths);
  expect(run.code, run.stderr).toBe(0);
  return db;
}

describe('costlens rightsize: Lambda memory', () => {
  let db: string;
  let recs: RightsizingRecommendation[];

  beforeAll(async () => {
    db = await ingest({
      'bill.csv': focusCsv([
        ...gbSeconds('orders-api', 'Lambda-GB-Second', '3.4567891', 207407.346),
        ...daily(...BILL_DAYS, { account: A, region: 'us-east-1', resourceId: fn('orders-api'), usageType: 'Request', quantity: 2e6, cost: '0.40', service: 'AWS Lambda' }),
        ...gbSeconds('thumbnailer', 'USE1-Lambda-GB-Second-ARM', '2.1', 157500),
        ...gbSeconds('report-builder', 'Lambda-GB-Second', '1.0', 60000),
        ...gbSeconds('slow-export', 'Lambda-GB-Second', '1.0', 60000),
        ...gbSeconds('small-fn', 'Lambda-GB-Second', '0.5', 30000),
        ...gbSeconds('rare-cron', 'Lambda-GB-Second', '0.01', 600),
        ...gbSeconds('batch-3008', 'Lambda-GB-Second', '9.0', 540000),
        ...gbSeconds('unlisted', 'Lambda-GB-Second', '1.0', 60000),
      ]),
      'metrics.csv': metricsCsv([
        ...lambdaMetrics('orders-api', { avg: (i) => (i < 7 ? 150 : 250), max: 2000, p99: (i) => (i === 3 ? 800 : 600), invocations: (i) => (i < 7 ? 1.2e6 : 0.8e6) }),
        ...lambdaMetrics('thumbnailer', { avg: 3000, max: 9000, p99: 5000, invocations: 100 }),
        ...series(fn('thumbnailer'), 'LambdaInsights', 'used_memory_max', 'Maximum', LOOKBACK, (_d, i) => (i === 5 ? 300 : 250)),
        ...lambdaMetrics('report-builder', { avg: 1200, max: 6000, p99: 4500, invocations: 1000 }),
        ...lambdaMetrics('slow-export', { avg: 900, max: 2900, p99: 2300, invocations: 1000 }),
        ...lambdaMetrics('small-fn', { avg: 100, max: 500, p99: 300, invocations: 1000 }),
        ...lambdaMetrics('rare-cron', { avg: 100, max: 500, p99: 300, invocations: 3 }),
        ...lambdaMetrics('batch-3008', { avg: 100, max: 500, p99: 300, invocations: 1000 }),
        ...lambdaMetrics('unlisted', { avg: 100, max: 500, p99: 300, invocations: 1000 }),
        // Duration only as p50: metrics that exist but no rule can use.
        ...series(fn('p50-only'), 'AWS/Lambda', 'Duration', 'p50', LOOKBACK, () => 40),
      ]),
      // The plain inventory header (an EC2 instance) and the one with Lambda configuration, in one ingest.
      'inventory-ec2.csv': `resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at\ni-0aaa,${A},us-east-1,AmazonEC2,instance,m5.large,running,,{},2026-03-14T00:00:00Z\n`,
      'inventory-functions.csv': [FUNCTIONS_HEADER,
        functionRow('orders-api', 1024, 'x86_64', 'nodejs20.x', 30), functionRow('thumbnailer', 1536, 'arm64', 'python3.12', 60),
        functionRow('report-builder', 1024, 'x86_64', 'java21', 10), functionRow('slow-export', 1024, 'x86_64', 'nodejs20.x', 3),
        functionRow('small-fn', 512, 'x86_64', 'nodejs20.x', 30), functionRow('rare-cron', 1024, 'x86_64', 'nodejs20.x', 30),
        functionRow('batch-3008', 3008, 'x86_64', 'python3.12', 900), ''].join('\n'),
    });
    recs = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize', '--as-of', '2026-03-15');
  });

  it('recommends exactly the over-provisioned functions, each priced from its GB-second cost × (1 − new/old)', async () => {
    expect(recs.map((r) => [r.resourceId.split(':').pop(), r.rule, r.instanceType, r.recommendedType, r.confidence, r.windowCost, r.monthlySavingBill]))
      .toEqual([
        ['orders-api', 'rightsize-lambda-memory', '1024 MB', '512 MB', 'low', '103.7036730000', '52.57'],
        ['thumbnailer', 'rightsize-lambda-memory', '1536 MB', '384 MB', 'medium', '63.0000000000', '47.91'],
        ['report-builder', 'rightsize-lambda-memory', '1024 MB', '576 MB', 'low', '30.0000000000', '13.31'],
      ]);
    expect(recs.map((r) => r.move)).toEqual([null, null, null]);
    // The window cost again, straight from line_items (not the usage_daily rollup the query reads).
    const direct = await sqlRows(db, `SELECT ResourceId AS id, CAST(sum(EffectiveCost) AS VARCHAR) AS cost FROM line_items
      WHERE x_UsageType LIKE '%Lambda-GB-Second%' AND ChargePeriodStart >= TIMESTAMP '2026-02-13' AND ChargePeriodStart < TIMESTAMP '2026-03-15'
        AND ResourceId IN ('${fn('orders-api')}', '${fn('thumbnailer')}', '${fn('report-builder')}') GROUP BY 1 ORDER BY sum(EffectiveCost) DESC`);
    expect(direct).toEqual(recs.map((r) => ({ id: r.resourceId, cost: r.windowCost })));
  });

  it('an unmeasured function: confidence low with the REPORT-line reason, evidence with the duration-unchanged assumption, thresholds by config key', () => {
    const r = recs[0];
    expect(r.confidenceReason).toBe(UNMEASURED_REASON);
    expect(UNMEASURED_REASON).toBe('memory utilisation not measured: check max memory used (REPORT log lines) before resizing');
    expect(r.evidence).toEqual({
      daysObserved: 14, invocations: 14_000_000, durationAverageMs: 190, durationP99Ms: 800, durationMaximumMs: 2000, memoryMb: 1024,
      architecture: 'x86_64', runtime: 'nodejs20.x', timeoutS: 30, memoryDays: 0, memoryUsedMaxMb: null, memorySizeBySize: 512, memorySizeByTimeout: 128,
      projectedTailDurationMs: 1600, timeoutBudgetMs: 24000, gbSecondsLookbackFromMetrics: 2_660_000, gbSecondsBilledInCostWindow: 6222220.38,
      usageType: 'Lambda-GB-Second', costDaysInStore: 30, assumption: 'duration unchanged at the new memory size: the saving is the GB-second cost × (1 − new ÷ old memory)',
    });
    expect(r.thresholds).toEqual({
      'rightsizing.lambda.minInvocations': 50, 'rightsizing.lambda.maxMemoryMb': 1792, 'rightsizing.lambda.unmeasuredMinMemoryMb': 1024,
      'rightsizing.headroomPercent': 20, targetUtilisationPercent: 80, 'rightsizing.lookbackDays': 14,
    });
    expect([r.service, r.hoursRun, r.currentHourlyPrice, r.recommendedHourlyPrice, r.listSavingPer730h, r.monthlySavingCommitment, r.commitment, r.alternative])
      .toEqual(['lambda', null, null, null, null, '0.00', null, null]);
    expect([r.lookback, r.costWindow]).toEqual([{ start: '2026-03-01', end: '2026-03-15' }, { start: '2026-02-13', end: '2026-03-15' }]);
    expect(r.priceBasis).toBe('the bill: the function\'s Lambda-GB-Second EffectiveCost × (1 − 512 / 1024), duration assumed unchanged');
    expect(r.explanation).toBe('14000000 invocations over 14 days (1–14 Mar 2026), average duration 190 ms, highest daily p99 800 ms, '
      + 'at 1024 MB (x86_64, nodejs20.x); memory use is not measured, so the step is half of 1024 MB (functions of at least 1024 MB); '
      + 'were the duration to grow by 1024/512 (a CPU-bound function), the highest daily p99 would be 1600 ms, within 24000 ms (the 30 s timeout less 20 % headroom); '
      + 'the saving assumes the duration stays the same (GB-seconds = invocations × duration × memory)');
  });

  it('a function with Lambda Insights memory: sized from the highest memory used plus headroom, confidence medium', () => {
    const r = recs[1];
    expect(r.confidenceReason).toBe('memory measured (Lambda Insights used_memory_max, at most 300 MB on 14 days); duration may grow, as Lambda allots CPU in proportion to memory');
    expect([r.evidence.memoryUsedMaxMb, r.evidence.memorySizeBySize, r.evidence.memorySizeByTimeout, r.evidence.usageType, r.evidence.architecture])
      .toEqual([300, 384, 192, 'USE1-Lambda-GB-Second-ARM', 'arm64']);
    expect(r.action).toBe('set the function\'s memory to 384 MB (aws lambda update-function-configuration --memory-size 384), then compare its Duration');
  });

  it('the timeout check keeps a larger size, or leaves the function alone; small, rare, large and unlisted functions are not recommended', async () => {
    expect([recs[2].evidence.memorySizeBySize, recs[2].evidence.memorySizeByTimeout, recs[2].evidence.projectedTailDurationMs]).toEqual([512, 576, 8000]);
    const ids = recs.map((r) => r.resourceId);
    for (const name of ['slow-export', 'small-fn', 'rare-cron', 'batch-3008', 'unlisted', 'p50-only']) expect(ids).not.toContain(fn(name));
    const table = await costlens(db, 'rightsize', '--as-of', '2026-03-15', '--detail', '--wide');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Rightsizing as of 15 Mar 2026 (look-back 1–14 Mar 2026): 3 recommendations, $113.79 a month saved on the bill');
    expect(table.stdout).toContain('Metrics: 350 Lambda Duration metric rows for 9 functions, 8 usable: 1 function has only statistic p50 (read: Average).');
    expect(table.stdout.split('\n').filter((l) => l.startsWith('  arn:aws:lambda'))).toEqual([
      `  ${fn('batch-3008')}: 3008 MB is above rightsizing.lambda.maxMemoryMb (1792): with more than one vCPU its duration depends on memory`,
      `  ${fn('rare-cron')}: 42 invocations in the 14-day look-back, fewer than rightsizing.lambda.minInvocations (50)`,
      `  ${fn('unlisted')}: memory size unknown: the inventory does not list the function (\`costlens pull inventory\` reads it)`,
    ]);
    expect(table.stdout).toContain('   saving:     52.57 a month from the bill (103.70 of GB-seconds × 730/720 × (1 − 512 MB / 1024 MB); the bill: the function\'s Lambda-GB-Second EffectiveCost × (1 − 512 / 1024), duration assumed unchanged)');
  });

  it('csv carries the same figures, with no hours or hourly prices for Lambda', async () => {
    const run = await costlens(db, 'rightsize', '--as-of', '2026-03-15', '--format', 'csv');
    const [header, first] = run.stdout.split('\n').map(parseCsvLine);
    const cells = Object.fromEntries(header.map((h, i) => [h, first[i]]));
    expect([cells.rule, cells.service, cells.resource_id, cells.instance_type, cells.recommended_type, cells.confidence, cells.window_cost, cells.hours_run,
      cells.current_hourly_price, cells.monthly_saving_bill]).toEqual(['rightsize-lambda-memory', 'lambda', fn('orders-api'), '1024 MB', '512 MB', 'low', '103.7036730000', '', '', '52.57']);
    expect(run.stderr).toContain('costlens: metrics: 350 Lambda Duration metric rows for 9 functions, 8 usable: 1 function has only statistic p50 (read: Average)');
  });

  it('the Optimisation page lists them like the EC2 and RDS recommendations', async () => {
    const res = await page(appOn(db), '/optimisation?as_of=2026-03-15&owner_key=team');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('1024 MB → 512 MB');
    expect(html).toContain('rightsize-lambda-memory');
    expect(html).toContain('3 instances or functions were not judged for rightsizing');
  });
});

describe('costlens rightsize: Lambda Duration metrics that exist but none usable', () => {
  it('says why, with counts, and recommends nothing', async () => {
    const db = await ingest({
      'metrics.csv': metricsCsv([
        ...series(fn('p50-only'), 'AWS/Lambda', 'Duration', 'p50', LOOKBACK, () => 40),
        ...series(fn('hourly-120'), 'AWS/Lambda', 'Duration', 'Average', LOOKBACK, () => 40).map((p) => ({ ...p, periodS: 120 })),
      ]),
    });
    const run = await costlens(db, 'rightsize', '--as-of', '2026-03-15');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 recommendations');
    expect(run.stdout).toContain('Metrics: 28 Lambda Duration metric rows for 2 functions, none usable: 1 function has only period 120 s (read: 60, 300, 3600, 86400 s), 1 has only statistic p50 (read: Average).');
  });
});

describe('the inventory CSV with Lambda columns', () => {
  it('a bad memory_mb is an input error naming the file, line and column', async () => {
    const { dir, db } = tempStore();
    const path = join(dir, 'inventory.csv');
    writeFileSync(path, `${FUNCTIONS_HEADER}\n${functionRow('orders-api', 1024, 'x86_64', 'nodejs20.x', 30)}\n${fn('bad')},${A},us-east-1,AWSLambda,function,,,,{},2026-03-14T00:00:00Z,lots,x86_64,nodejs20.x,30\n`);
    const run = await costlens(db, 'ingest', path);
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n')[0]).toBe(`costlens: ${path}:3: column "memory_mb": "lots" is not a valid number`);
  });
});
