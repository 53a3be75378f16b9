import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing.ts';
import { lookupInstanceType } from '../../src/catalogue/ec2.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
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
    const full = await costlens(db, 'ingest', join(out, 'cur2'), join(out, 'metrics.csv'), join(out, 'inventory.csv'));
    expect(full.code).toBe(0);
    const bill = await costlens(billOnly, 'ingest', join(out, 'cur2'));
    expect(bill.code).toBe(0);
    findings = await jsonOf<IdleFinding[]>(db, 'idle');
  });

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
      expect([f!.accountId, f!.region, f!.monthlyCost], planted.resourceId).toEqual([planted.accountId, planted.region, planted.effectiveCostLast30Days]);
      expect(RULES_FOR_KIND[planted.kind], planted.resourceId).toContain(f!.rule);
    }
  });

  it('reports nothing but the planted ones (so nothing busy)', () => {
    expect(findings.map((f) => f.resourceId).sort()).toEqual(truth.idle.map((p) => p.resourceId).sort());
    const busy = new Set([...truth.busy, ...truth.busyVolumes]);
    expect(findings.filter((f) => busy.has(f.resourceId ?? ''))).toEqual([]);
  });

  it('from the bill alone (no metrics, no inventory): the idle addresses, NAT gateway and load balancer, at the truth\'s cost', async () => {
    const fromBill = await jsonOf<IdleFinding[]>(billOnly, 'idle');
    const expected = truth.idle.filter((p) => ['idle-elastic-ip', 'idle-nat-gateway', 'idle-load-balancer'].includes(p.kind));
    expect(fromBill.map((f) => [f.resourceId, f.monthlyCost]).sort()).toEqual(expected.map((p) => [p.resourceId, p.effectiveCostLast30Days]).sort());
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
      expect([r!.monthlyCost, r!.monthlySavingBill], planted.resourceId).toEqual([bill.cost, bill.saving]);
    }
    expect(recs.filter((r) => truth.busy.includes(r.resourceId))).toEqual([]);
  });
});
