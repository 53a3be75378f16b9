import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { curCsv, type CurLine } from './cur-fixture.ts';
import { days, metricsCsv, series, type MetricPoint } from './fixtures.ts';

/**
 * Lambda memory rightsizing on a function a Compute Savings Plan covers: the part of the saving
 * that the plan covered, when the plan had unused commitment in the window, frees commitment, not
 * cash (as for EC2 and RDS). It was all reported as cash (`monthlySavingCommitment` always 0.00),
 * and the billed GB-seconds counted the SavingsPlanNegation lines' GB-seconds a second time.
 *
 * A legacy CUR (AWSLambda lines), 2026-02-01 … 2026-03-14; as of 2026-03-15 the cost window is
 * 2026-02-13 … 2026-03-14 (30 days, 720 h), its sums taken × 730/720 as a month of 730 h. Per day:
 * - orders-api (1024 MB, memory not measured → 512 MB): 120,000 GB-s on sp-l (2.00 on demand,
 *   1.66 effective, with its negation) and 120,000 GB-s on demand (2.00); sp-l commits 2.00 a day
 *   and nothing else uses it: 0.34 unused a day. Saving 30 × 3.66 × 730/720 × (1 − 512/1024) =
 *   55.6625 → 55.66, of which 30 × 1.66 × 730/720 × 0.5 = 25.2458… → 25.25 frees commitment and
 *   55.66 − 25.25 = 30.41 is cash (before: all cash).
 * - thumbnailer (1536 MB arm64, Lambda Insights at most 300 MB → 384 MB): 240,000 GB-s all on sp-f,
 *   used in full (3.32 effective): the saving 30 × 3.32 × 730/720 × 0.75 = 75.7375 → 75.74 is cash.
 * - report-builder (1024 MB, timeout 10 s, p99 4,500 ms → 576 MB): 60,000 GB-s on demand (1.00):
 *   30 × 730/720 × (1 − 576/1024) = 13.307… → 13.31 cash, no commitment.
 */
const A = '111111111111';
const fn = (name: string) => `arn:aws:lambda:us-east-1:${A}:function:${name}`;
const SPL = `arn:aws:savingsplans::${A}:savingsplan/aaaaaaaa-0000-0000-0000-00000000000l`;
const SPF = `arn:aws:savingsplans::${A}:savingsplan/ffffffff-0000-0000-0000-00000000000f`;
const BILL = days('2026-02-01', '2026-03-15');
const LOOKBACK = days('2026-03-01', '2026-03-15');
const common = { account: A, region: 'us-east-1', operation: 'Invoke' };

const covered = (day: string, name: string, usageType: string, quantity: number, onDemand: string, effective: string, plan: string): CurLine[] => [
  { ...common, type: 'SavingsPlanCoveredUsage', start: day, resourceId: fn(name), usageType, quantity, cost: onDemand, savingsPlanArn: plan, spEffectiveCost: effective },
  { ...common, type: 'SavingsPlanNegation', start: day, resourceId: fn(name), usageType, quantity, cost: `-${onDemand}`, savingsPlanArn: plan },
];
const fee = (day: string, plan: string, total: string, used: string): CurLine => ({
  account: A, region: 'us-east-1', type: 'SavingsPlanRecurringFee', start: day, usageType: 'ComputeSP:1yrNoUpfront', resourceId: plan, quantity: 1, cost: total,
  savingsPlanArn: plan, spTotalCommitment: total, spUsedCommitment: used,
});
const perDay = (day: string): CurLine[] => [
  ...covered(day, 'orders-api', 'Lambda-GB-Second', 120000, '2.00', '1.66', SPL),
  { ...common, type: 'Usage', start: day, resourceId: fn('orders-api'), usageType: 'Lambda-GB-Second', quantity: 120000, cost: '2.00' },
  fee(day, SPL, '2.00', '1.66'),
  ...covered(day, 'thumbnailer', 'Lambda-GB-Second-ARM', 240000, '4.00', '3.32', SPF),
  fee(day, SPF, '3.32', '3.32'),
  { ...common, type: 'Usage', start: day, resourceId: fn('report-builder'), usageType: 'Lambda-GB-Second', quantity: 60000, cost: '1.00' },
];

/** The fixture's CUR, its Lambda lines written as AWS writes them (product AWSLambda). */
const lambdaCur = (lines: CurLine[]) => curCsv(lines).split('\n')
  .map((row) => (row.includes('Lambda-GB-Second') ? row.replace(',AmazonEC2,', ',AWSLambda,').replace(',Amazon Elastic Compute Cloud,', ',AWS Lambda,') : row)).join('\n');

const lambdaMetrics = (name: string, d: { avg: number; max: number; p99: number; invocations: number }): MetricPoint[] => [
  ...series(fn(name), 'AWS/Lambda', 'Duration', 'Average', LOOKBACK, () => d.avg),
  ...series(fn(name), 'AWS/Lambda', 'Duration', 'Maximum', LOOKBACK, () => d.max),
  ...series(fn(name), 'AWS/Lambda', 'Duration', 'p99', LOOKBACK, () => d.p99),
  ...series(fn(name), 'AWS/Lambda', 'Invocations', 'Sum', LOOKBACK, () => d.invocations),
];
const functionRow = (name: string, memory: number, architecture: string, timeout: number) =>
  `${fn(name)},${A},us-east-1,AWSLambda,function,,,,{},2026-03-14T00:00:00Z,${memory},${architecture},nodejs20.x,${timeout}`;

describe('Lambda memory rightsizing under a Compute Savings Plan', () => {
  let db: string;
  let recs: RightsizingRecommendation[];
  const rec = (name: string) => recs.find((r) => r.resourceId === fn(name))!;

  beforeAll(async () => {
    const { dir, db: store } = tempStore();
    db = store;
    const files = {
      'bill-cur.csv': lambdaCur(BILL.flatMap(perDay)),
      'metrics.csv': metricsCsv([
        ...lambdaMetrics('orders-api', { avg: 150, max: 2000, p99: 800, invocations: 1e6 }),
        ...lambdaMetrics('thumbnailer', { avg: 3000, max: 9000, p99: 5000, invocations: 100 }),
        ...series(fn('thumbnailer'), 'LambdaInsights', 'used_memory_max', 'Maximum', LOOKBACK, () => 300),
        ...lambdaMetrics('report-builder', { avg: 1200, max: 6000, p99: 4500, invocations: 1000 }),
      ]),
      'inventory-functions.csv': ['resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at,memory_mb,architecture,runtime,timeout_s',
        functionRow('orders-api', 1024, 'x86_64', 30), functionRow('thumbnailer', 1536, 'arm64', 60), functionRow('report-builder', 1024, 'x86_64', 10), ''].join('\n'),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const run = await costlens(db, 'ingest', ...Object.keys(files).map((name) => join(dir, name)));
    expect(run.code, run.stderr).toBe(0);
    const json = await costlens(db, 'rightsize', '--as-of', '2026-03-15', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    recs = JSON.parse(json.stdout) as RightsizingRecommendation[];
  });

  it('splits each saving into cash and freed commitment, to the cent, as SQL on the store gives them', async () => {
    // Independently: each function's GB-second EffectiveCost in the window, the part a plan with unused commitment covered, and the GB-seconds run.
    const window = `ChargePeriodStart >= TIMESTAMP '2026-02-13' AND ChargePeriodStart < TIMESTAMP '2026-03-15'`;
    const truth = await sqlRows(db, `WITH unused AS (
        SELECT CommitmentDiscountId AS plan, sum(EffectiveCost) AS unused FROM line_items
        WHERE CommitmentDiscountStatus = 'Unused' AND ${window} GROUP BY 1),
      lines AS (
        SELECT li.ResourceId AS id, li.EffectiveCost AS cost, li.x_LineItemType AS type, coalesce(li.ConsumedQuantity, li.PricingQuantity) AS quantity,
          CASE WHEN li.CommitmentDiscountStatus = 'Used' AND u.unused > 0 THEN li.EffectiveCost ELSE 0 END AS freeing
        FROM line_items li LEFT JOIN unused u ON u.plan = li.CommitmentDiscountId
        WHERE li.x_UsageType LIKE '%Lambda-GB-Second%' AND ${window})
      SELECT id, CAST(sum(cost) AS VARCHAR) AS window_cost, CAST(sum(freeing) AS VARCHAR) AS freeing,
        CAST(sum(CASE WHEN type <> 'SavingsPlanNegation' THEN quantity END) AS VARCHAR) AS gb_seconds
      FROM lines GROUP BY id ORDER BY id`);
    expect(truth).toEqual([
      { id: fn('orders-api'), window_cost: '109.8000000000', freeing: '49.8000000000', gb_seconds: '7200000.0' },
      { id: fn('report-builder'), window_cost: '30.0000000000', freeing: '0.0000000000', gb_seconds: '1800000.0' },
      { id: fn('thumbnailer'), window_cost: '99.6000000000', freeing: '0.0000000000', gb_seconds: '7200000.0' },
    ]);
    // Saving = window cost × 730/720 × (1 − new/old); freed = the freeing cost × the same; cash = the rest.
    // orders-api: 109.80 × 730/720 × 0.5 = 55.66, freed 49.80 × 730/720 × 0.5 = 25.25; thumbnailer 99.60 × 730/720 × 0.75 = 75.74;
    // report-builder 30 × 730/720 × 448/1024 = 13.31.
    expect(recs.map((r) => [r.resourceId.split(':').pop(), r.recommendedType, r.windowCost, r.monthlySavingBill, r.monthlySavingCommitment])).toEqual([
      ['thumbnailer', '384 MB', '99.6000000000', '75.74', '0.00'],
      ['orders-api', '512 MB', '109.8000000000', '30.41', '25.25'],
      ['report-builder', '576 MB', '30.0000000000', '13.31', '0.00'],
    ]);
    expect([rec('orders-api').evidence.gbSecondsBilledInCostWindow, rec('thumbnailer').evidence.gbSecondsBilledInCostWindow, rec('report-builder').evidence.gbSecondsBilledInCostWindow])
      .toEqual([7_200_000, 7_200_000, 1_800_000]);
  });

  it('names the plan, its coverage in GB-seconds and its unused commitment, as for instances', async () => {
    // Independently: the GB-seconds each plan covered per function in the window (its SavingsPlanCoveredUsage lines): 30 days × 120,000 and × 240,000.
    const covered = await sqlRows(db, `SELECT ResourceId AS id, CommitmentDiscountId AS plan, CAST(sum(ConsumedQuantity) AS VARCHAR) AS gb_seconds FROM line_items
      WHERE x_LineItemType = 'SavingsPlanCoveredUsage' AND ChargePeriodStart >= TIMESTAMP '2026-02-13' AND ChargePeriodStart < TIMESTAMP '2026-03-15' GROUP BY 1, 2 ORDER BY 1`);
    expect(covered).toEqual([{ id: fn('orders-api'), plan: SPL, gb_seconds: '3600000.0' }, { id: fn('thumbnailer'), plan: SPF, gb_seconds: '7200000.0' }]);
    // Stated in GB-seconds, the unit Lambda bills: no `coveredHours` (it read 0, as if no hours were covered).
    expect(rec('orders-api').commitment).toEqual({
      coveredShare: 0.5, coveredGbSeconds: 3_600_000, coveredCost: '49.8000000000', unusedInWindow: '10.2000000000', freesCommitment: true,
      note: `covered by Savings Plan ${SPL} for 3600000 of its 7200000 GB-seconds (50 %); the commitment had 10.20 unused in the window, so the covered part`
        + ' of the saving frees commitment, not cash: the bill falls only when other usage takes up the freed commitment or the commitment ends',
      sources: [{
        type: 'Savings Plan', id: SPL, lineType: 'SavingsPlanCoveredUsage', offeringType: 'ComputeSavingsPlans', sizeLock: null, coveredGbSeconds: 3_600_000,
        coveredCost: '49.8000000000', unusedInWindow: '10.2000000000',
      }],
    });
    expect(rec('orders-api').explanation).toContain(`; in the cost window it was covered by Savings Plan ${SPL} for 3600000 of its 7200000 GB-seconds (50 %)`);
    const thumbnailer = rec('thumbnailer').commitment!;
    expect([thumbnailer.coveredShare, thumbnailer.coveredCost, thumbnailer.unusedInWindow, thumbnailer.freesCommitment]).toEqual([1, '99.6000000000', '0.0000000000', false]);
    expect(thumbnailer).toMatchObject({ coveredGbSeconds: 7_200_000, sources: [{ id: SPF, coveredGbSeconds: 7_200_000 }] });
    expect(thumbnailer).not.toHaveProperty('coveredHours');
    expect(thumbnailer.sources[0]).not.toHaveProperty('coveredHours');
    expect(thumbnailer.note).toBe(`covered by Savings Plan ${SPF} for 7200000 of its 7200000 GB-seconds (100 %); the commitment was fully used in the window, so the`
      + ' GB-seconds it stops covering here can cover other usage: the saving is priced at the effective rate and counted as cash');
    expect(rec('report-builder').commitment).toBeNull();
  });

  it('the table\'s headline counts cash only and names the freed commitment apart', async () => {
    const table = await costlens(db, 'rightsize', '--as-of', '2026-03-15');
    expect(table.code, table.stderr).toBe(0);
    // 75.74 + 30.41 + 13.31 = 119.46 of cash; 25.25 frees commitment.
    expect(table.stdout).toContain('3 recommendations, $119.46 a month saved on the bill');
    expect(table.stdout).toContain('$25.25 more frees commitment, not cash (1 covered by a commitment with unused hours)');
  });

  it('--detail: a function\'s saving line names its freed commitment, and its commitment line follows, as an instance\'s do', async () => {
    const detail = (await costlens(db, 'rightsize', '--as-of', '2026-03-15', '--detail')).stdout.split('\n');
    const at = detail.findIndex((l) => /^\d+\. /.test(l) && l.includes(`${fn('orders-api')} (`));
    expect(detail[at + 4]).toMatch(/^ {3}saving: {5}30\.41 a month from the bill and 25\.25 of freed commitment \(109\.80 of GB-seconds × 730\/720 × \(1 − 512 MB \/ 1024 MB\); /);
    expect(detail[at + 5]).toBe(`   commitment: ${rec('orders-api').commitment!.note}`);
    const plain = detail.findIndex((l) => /^\d+\. /.test(l) && l.includes(`${fn('report-builder')} (`));
    expect(detail[plain + 4]).toMatch(/^ {3}saving: {5}13\.31 a month from the bill \(30\.00 of GB-seconds × 730\/720/);
    expect(detail[plain + 5]).not.toMatch(/commitment:/);
  });
});
