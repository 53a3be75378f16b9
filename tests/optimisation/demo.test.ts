import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { lookupInstanceType } from '../../src/catalogue/ec2.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';
import { jsonOf } from './fixtures.ts';

/** The planted facts of the demo organisation (src/demo/truth.ts). */
interface Truth {
  idleWindow: { start: string; end: string };
  idle: { kind: string; resourceId: string; accountId: string; region: string; effectiveCostLast30Days: string }[];
  oversized: { resourceId: string; accountId: string; region: string; instanceType: string; cpuP995: number }[];
  busy: string[];
  busyVolumes: string[];
}

/** Which rules may report each planted kind. */
const RULES_FOR_KIND: Record<string, string[]> = {
  'unattached-ebs-volume': ['ebs-unattached'],
  'idle-elastic-ip': ['eip-idle-address'],
  'idle-load-balancer': ['lb-no-healthy-targets', 'lb-low-requests'],
  'idle-rds-instance': ['rds-no-connections'],
  'idle-nat-gateway': ['nat-no-traffic'],
};

describe('the demo organisation: idle and rightsizing find what was planted', () => {
  const { dir, db } = tempStore();
  const billOnly = join(dir, 'bill-only.duckdb');
  /** The shared demo (tests/global-setup.ts): seed 42, 3 months, scale 1, as-of 2026-11-15. */
  const out = inject('demoDir');
  let truth: Truth;
  let findings: IdleFinding[];

  beforeAll(async () => {
    truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    copyFileSync(await cachedDemoStore(out, ['cur2', 'metrics.csv', 'inventory.csv']), db);
    copyFileSync(await cachedDemoStore(out, ['cur2']), billOnly);
    findings = await jsonOf<IdleFinding[]>(db, 'idle');
  }, 600_000); // two cached stores, each possibly being built by another file first (files run two at a time)

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('as-of defaults to the demo as-of, and the cost window is the truth\'s idle window', () => {
    expect(truth.idleWindow).toEqual({ start: '2026-10-16T00:00:00.000Z', end: '2026-11-15T00:00:00.000Z' });
    expect(new Set(findings.map((f) => JSON.stringify(f.costWindow)))).toEqual(new Set([JSON.stringify({ start: '2026-10-16', end: '2026-11-15' })]));
  });

  it('finds every planted idle resource, by an expected rule, with the truth\'s account, region and 30-day EffectiveCost', () => {
    expect(truth.idle.length).toBe(8);
    for (const planted of truth.idle) {
      const f = findings.find((x) => x.resourceId === planted.resourceId);
      expect(f, planted.resourceId).toBeDefined();
      expect([f!.accountId, f!.region, f!.windowCost], planted.resourceId).toEqual([planted.accountId, planted.region, planted.effectiveCostLast30Days]);
      expect(RULES_FOR_KIND[planted.kind], planted.resourceId).toContain(f!.rule);
    }
  });

  it('each idle resource\'s monthly saving is its run-rate: its cost on the last day (2026-11-14) / 24 h × 730 h, a GB-month charge\'s × the 30 days of November, from the CUR 2.0 files', async () => {
    const gbMonth = ['%VolumeUsage%', '%VolumeP-IOPS%', '%VolumeP-Throughput%', '%SnapshotUsage%', '%TimedStorage%', '%RDS:%-Storage', '%RDS:StorageUsage']
      .map((p) => `line_item_usage_type LIKE '${p}'`).join(' OR ');
    const rates = await duckdbRows(`SELECT line_item_resource_id AS id,
        CAST(round(sum(line_item_unblended_cost * CASE WHEN ${gbMonth} THEN 30 ELSE 730 / 24 END), 2) AS DECIMAL(38, 2)) AS saving
      FROM read_parquet('${cur2Files(out)}') WHERE line_item_usage_start_date >= TIMESTAMP '2026-11-14' AND line_item_usage_start_date < TIMESTAMP '2026-11-15'
      GROUP BY 1`);
    const expected = new Map(rates.map((r) => [r.id, r.saving]));
    expect(findings.map((f) => [f.resourceId, f.monthlySaving])).toEqual(findings.map((f) => [f.resourceId, expected.get(f.resourceId!)]));
    // Whole days of every planted resource here, so the run-rate exceeds the 30-day cost only by 730 / 720 or month-length proration.
    expect(findings.find((f) => f.rule === 'eip-idle-address')!.monthlySaving).toBe('3.65');
  });

  it('reports nothing but the planted ones (so nothing busy)', () => {
    expect(findings.map((f) => f.resourceId).sort()).toEqual(truth.idle.map((p) => p.resourceId).sort());
    const busy = new Set([...truth.busy, ...truth.busyVolumes]);
    expect(findings.filter((f) => busy.has(f.resourceId ?? ''))).toEqual([]);
  });

  it('from the bill alone (no metrics, no inventory): the idle addresses, NAT gateway and load balancer, at the truth\'s cost', async () => {
    const fromBill = await jsonOf<IdleFinding[]>(billOnly, 'idle');
    const expected = truth.idle.filter((p) => ['idle-elastic-ip', 'idle-nat-gateway', 'idle-load-balancer'].includes(p.kind));
    expect(fromBill.map((f) => [f.resourceId, f.windowCost]).sort()).toEqual(expected.map((p) => [p.resourceId, p.effectiveCostLast30Days]).sort());
    expect(fromBill.map((f) => f.rule).sort()).toEqual(['bill-lb-without-traffic', 'bill-nat-without-traffic', 'eip-idle-address', 'eip-idle-address']);
  });

  it('rightsizes every planted oversized instance within its family, priced from its own bill; none of the busy ones', async () => {
    const recs = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize');
    expect(truth.oversized.length).toBe(4);
    for (const planted of truth.oversized) {
      const r = recs.find((x) => x.resourceId === planted.resourceId);
      expect(r, planted.resourceId).toBeDefined();
      const current = lookupInstanceType(planted.instanceType)!;
      const target = lookupInstanceType(r!.recommendedType!)!;
      expect([r!.rule, r!.instanceType, target.family, target.vcpu < current.vcpu], planted.resourceId)
        .toEqual(['rightsize-downsize', planted.instanceType, current.family, true]);
      // The percentile over 14 days never exceeds the highest daily p99.5, and the projection keeps 20 % headroom.
      expect(r!.evidence.cpuPercentile as number).toBeLessThanOrEqual(planted.cpuP995);
      expect(r!.evidence.projectedCpuPercent as number).toBeLessThanOrEqual(80);
      // Bill-based saving, computed by DuckDB from the instance-hour lines and the catalogue prices.
      const oldPrice = current.prices[planted.region as 'us-east-1']!;
      const newPrice = target.prices[planted.region as 'us-east-1']!;
      const [bill] = await sqlRows(db, `SELECT CAST(sum(EffectiveCost) AS DECIMAL(38,10)) AS cost,
          CAST(round(sum(EffectiveCost) * (1 - CAST('${newPrice}' AS DECIMAL(38,10)) / CAST('${oldPrice}' AS DECIMAL(38,10))), 2) AS DECIMAL(38,2)) AS saving
        FROM line_items WHERE ResourceId = '${planted.resourceId}' AND x_UsageType LIKE '%BoxUsage%'
          AND ChargePeriodStart >= TIMESTAMP '2026-10-16' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
      const effectiveSaving = (Number(r!.monthlySavingBill) + Number(r!.monthlySavingCommitment)).toFixed(2);
      expect([r!.windowCost, effectiveSaving], planted.resourceId).toEqual([bill.cost, bill.saving]);
    }
    expect(recs.filter((r) => truth.busy.includes(r.resourceId))).toEqual([]);
  });

  it('Savings-Plan-covered recommendations say so and free commitment, not cash, while the plan had unused commitment (CUR 2.0 files)', async () => {
    const recs = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize');
    const files = cur2Files(out);
    const window = `line_item_usage_start_date >= TIMESTAMP '2026-10-16' AND line_item_usage_start_date < TIMESTAMP '2026-11-15'`;
    const covered = await duckdbRows(`SELECT line_item_resource_id AS id, savings_plan_savings_plan_a_r_n AS arn, any_value(savings_plan_offering_type) AS offering, sum(line_item_usage_amount) AS hours,
        CAST(sum(savings_plan_savings_plan_effective_cost) AS DECIMAL(38, 10)) AS cost
      FROM read_parquet('${files}') WHERE line_item_line_item_type = 'SavingsPlanCoveredUsage' AND ${window} GROUP BY 1, 2`);
    const [plan] = await duckdbRows(`SELECT savings_plan_savings_plan_a_r_n AS arn,
        CAST(sum(savings_plan_total_commitment_to_date - savings_plan_used_commitment) AS DECIMAL(38, 10)) AS unused
      FROM read_parquet('${files}') WHERE line_item_line_item_type = 'SavingsPlanRecurringFee' AND ${window} GROUP BY 1`);
    expect(Number(plan.unused)).toBeGreaterThan(0);
    const byId = new Map(covered.map((c) => [c.id, c]));
    const withPlan = recs.filter((r) => byId.has(r.resourceId));
    // i-0f7cde7a62b36f824 (r5.large, average CPU 17.51 %, busiest day 19.2 % ≤ 24 %, 80 % of t3a.large's 30 % baseline) is the burstable move.
    expect(withPlan.map((r) => r.resourceId).sort()).toEqual(['i-01df986291f4266c6', 'i-01f07a6d24fdf454a', 'i-07a97dc2174c8b8aa', 'i-0f7cde7a62b36f824']);
    for (const r of withPlan) {
      const c = byId.get(r.resourceId)!;
      const [saving] = await duckdbRows(`SELECT CAST(round(CAST('${c.cost}' AS DECIMAL(38, 10)) * (1 - CAST('${r.recommendedHourlyPrice}' AS DECIMAL(38, 10))
        / CAST('${r.currentHourlyPrice}' AS DECIMAL(38, 10))), 2) AS DECIMAL(38, 2)) AS freed`);
      expect([r.hoursRun, r.monthlySavingBill, r.monthlySavingCommitment, r.commitment?.coveredShare, r.commitment?.freesCommitment, r.commitment?.sources], r.resourceId)
        .toEqual([Number(c.hours), '0.00', saving.freed, 1, true,
          [{ type: 'Savings Plan', id: c.arn, lineType: 'SavingsPlanCoveredUsage', offeringType: c.offering, sizeLock: null, coveredHours: Number(c.hours), coveredCost: c.cost, unusedInWindow: plan.unused }]]);
      // A Compute Savings Plan follows the burstable move to t3a too.
      expect(c.offering).toBe('ComputeSavingsPlans');
      expect(r.commitment!.note).toContain(`the commitment had ${Number(plan.unused).toFixed(2)} unused in the window, so the covered part of the saving frees commitment, not cash`);
    }
    // 65.32 + 49.77 + 44.06 + 26.33 of commitment (r5.large → t3a.large: 65.3184 covered × (1 − 0.0752/0.126) = 26.33472), not counted among
    // the cash savings of the table's total: the table names 185.48 freed on 4 instances.
    expect(withPlan.map((r) => r.monthlySavingCommitment)).toEqual(['65.32', '49.77', '44.06', '26.33']);
    const table = await costlens(db, 'rightsize');
    const cash = recs.reduce((sum, r) => sum + Math.round(Number(r.monthlySavingBill) * 100), 0) / 100;
    expect(table.stdout.split('\n')[0]).toContain(`$${cash.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} a month saved on the bill (EffectiveCost 2026-10-16 to 2026-11-15); $185.48 more frees commitment, not cash (4 covered`);
    // The standard m5 reservation's m5.large (i-032431a590821e6e0) moves to t3a.large, another family the reservation does not cover: its
    // hours (all of them) would run on-demand there while the reservation keeps billing, so the move saves neither cash nor commitment.
    const reserved = recs.find((r) => r.resourceId === 'i-032431a590821e6e0')!;
    expect([reserved.recommendedType, reserved.monthlySavingBill, reserved.monthlySavingCommitment, reserved.commitment?.sources.map((c) => c.type)])
      .toEqual(['t3a.large', '0.00', '0.00', ['Reserved Instance']]);
    // Moved before the reservation is taken up or ends, t3a.large would cost 0.0752 × 720 = 54.144 on top.
    expect(reserved.explanation).toContain('covering 720 h of the window applies to the m5 family only, not to t3a.large or m6g.medium: there those hours'
      + ' would run on-demand while the commitment keeps billing, so the saving of those moves leaves them out, in cash and in commitment.');
    expect(reserved.explanation).toContain('they would cost on top (t3a.large about 54.14, m6g.medium about');
    const detail = await costlens(db, 'rightsize', '--detail');
    expect(detail.stdout).toContain('saving:     0.00 a month from the bill ((41.59 − 41.59 a commitment that does not follow the move to t3a.large covered) over 720 h');
    expect(reserved.commitment!.note).toMatch(/ \(within the family; a commitment here does not apply to t3a\.large, so that move leaves its hours out: see the explanation\)$/);
  });

  it('hours run are the instance-hour quantity of the window without the Savings Plan negations, and no saving exceeds its window cost', async () => {
    const recs = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize');
    const hours = await duckdbRows(`SELECT line_item_resource_id AS id, sum(line_item_usage_amount) AS hours FROM read_parquet('${cur2Files(out)}')
      WHERE line_item_usage_type LIKE '%BoxUsage%' AND line_item_line_item_type <> 'SavingsPlanNegation'
        AND line_item_usage_start_date >= TIMESTAMP '2026-10-16' AND line_item_usage_start_date < TIMESTAMP '2026-11-15' GROUP BY 1`);
    const byId = new Map(hours.map((h) => [h.id, Number(h.hours)]));
    expect(recs.map((r) => [r.resourceId, r.hoursRun])).toEqual(recs.map((r) => [r.resourceId, byId.get(r.resourceId)]));
    // The t3.large that ran 252 h: 20.97 billed, 10.48 saved, 10.48 at list for the hours it ran (30.37 only per 730 h).
    const partial = recs.find((r) => r.hoursRun === 252)!;
    expect([partial.instanceType, partial.windowCost, partial.monthlySavingBill, partial.listSavingForHoursRun, partial.listSavingPer730h])
      .toEqual(['t3.large', '20.9664000000', '10.48', '10.48', '30.37']);
    for (const r of recs) expect(Number(r.monthlySavingBill) + Number(r.monthlySavingCommitment), r.resourceId).toBeLessThanOrEqual(Number(r.windowCost) + 0.005);
  });
});

/** The CUR 2.0 data files of the demo, as a read_parquet glob. */
function cur2Files(demoDir: string): string {
  return join(demoDir, 'cur2', 'exports', 'costlens-demo-cur2', 'data', '*', '*.parquet');
}
