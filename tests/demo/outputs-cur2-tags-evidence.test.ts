/**
 * The demo's outputs (tests/helpers/demo-outputs.ts: October and November 2026 to the 14th, half-size):
 * CUR 2.0's delivery as Data Exports makes it (its documented columns and types, manifests, tags),
 * the tag mess of keys and values, and the planted waste with its evidence (metrics, inventory, the
 * idle cost as the bill shows it). The totals and the legacy CUR's delivery: outputs.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUR2_COLUMNS, cur2DuckDbType } from '../../src/cur-columns/cur2-columns.ts';
import { csv, cur2ManifestOf, dec, demoOutputsOfThisFile, firstLine, legacyManifestOf, METRICS, parquet } from '../helpers/demo-outputs.ts';
import { LEGACY_EFFECTIVE, lit, litList } from './helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const demo = demoOutputsOfThisFile({ metrics: true });

describe('CUR 2.0 delivery', () => {
  it('has exactly the documented CUR 2.0 columns and types', async () => {
    for (const p of Object.keys(demo.truth.periods)) {
      for (const f of demo.cur2Files[p]) {
        const cols = await demo.db.q<any>(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${parquet([f])})`);
        expect(cols.map((c) => [c.column_name, c.column_type])).toEqual(CUR2_COLUMNS.map((c) => [c.name, cur2DuckDbType(c.type)]));
      }
    }
  });

  it('writes Data Exports manifests with full S3 URIs', () => {
    for (const p of Object.keys(demo.truth.periods)) {
      const m = cur2ManifestOf(demo.out, p);
      expect(m.executionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(m.exportArn).toMatch(new RegExp(`^arn:aws:bcm-data-exports:us-east-1:${demo.truth.payerAccount.id}:export/costlens-demo-cur2-`));
      expect(m.columns).toEqual(CUR2_COLUMNS.map((c) => ({ name: c.name, type: c.type })));
      expect(m.billingPeriod.start).toBe(`${p}-01T00:00:00.000Z`);
      for (const u of m.dataFiles) expect(u).toMatch(new RegExp(`^s3://[a-z0-9-]+/exports/costlens-demo-cur2/data/BILLING_PERIOD=${p}/costlens-demo-cur2-\\d{5}\\.snappy\\.parquet$`));
      for (const f of demo.cur2Files[p]) expect(existsSync(f)).toBe(true);
      expect(Array.isArray(m.additionalOutputFiles)).toBe(true);
    }
  });

  it('keys resource_tags the CUR 2.0 way and folds case variants of a key together', async () => {
    const keys = await demo.db.q<any>(`SELECT DISTINCT unnest(map_keys(resource_tags)) AS k FROM ${parquet(demo.cur2Files['2026-11'])} ORDER BY 1`);
    expect(keys.map((k) => k.k)).toEqual(['aws_created_by', 'user_cost_center', 'user_environment', 'user_team']);
    const [cc] = await demo.db.q<any>(`SELECT DISTINCT unnest(map_keys(cost_category)) AS k FROM ${parquet(demo.cur2Files['2026-11'])}`);
    expect(cc.k).toBe('business_unit');
    const [pm] = await demo.db.q<any>(`SELECT product['product_name'] AS n, product['region'] AS r FROM ${parquet(demo.cur2Files['2026-11'])}
      WHERE line_item_usage_type LIKE '%BoxUsage:%' LIMIT 1`);
    expect(pm.n).toBe('Amazon Elastic Compute Cloud');
    expect(pm.r).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
  });
});

describe('tag mess', () => {
  it('has case, space and typo variants of team keys and values', () => {
    const t = demo.truth.periods['2026-11'].tags.byKey;
    for (const key of ['team', 'Team', 'TEAM', 'cost-center', 'CostCenter', 'environment', 'aws:createdBy']) expect(t[key]).toBeDefined();
    const values = new Set([...Object.keys(t.team), ...Object.keys(t.Team), ...Object.keys(t.TEAM)]);
    for (const v of demo.truth.tagging.teamAliases.payments) expect(values.has(v)).toBe(true);
    expect(values.has('payments ')).toBe(true);
    expect(values.has('paymnets')).toBe(true);
  });

  it('adds the CostCenter tag column only from the second billing period on', () => {
    expect(firstLine(demo.legacyFiles['2026-10'][0])).not.toContain('resourceTags/user:CostCenter');
    expect(firstLine(demo.legacyFiles['2026-11'][0])).toContain('resourceTags/user:CostCenter');
    expect(firstLine(demo.legacyFiles['2026-11'][0])).toContain('resourceTags/user:cost-center');
  });

  it('reads tag values back exactly, trailing space included', async () => {
    // DuckDB renames headers that differ only by case (user:Team → user:Team_1), so read by position.
    const headers = legacyManifestOf(demo.out, '2026-11').columns.map((c: any) => `${c.category}/${c.name}`);
    const at = (h: string) => `column${String(headers.indexOf(h)).padStart(String(headers.length - 1).length, '0')}`;
    const [r] = await demo.db.q<any>(`SELECT count(*) FILTER (WHERE ${at('resourceTags/user:team')} = 'payments '
        OR ${at('resourceTags/user:Team')} = 'payments ' OR ${at('resourceTags/user:TEAM')} = 'payments ') AS n,
      CAST(sum(CAST(${at('lineItem/UnblendedCost')} AS DECIMAL(38,10))) FILTER (WHERE ${at('resourceTags/user:team')} = 'payments ') AS VARCHAR) AS billed
      FROM read_csv(${litList(demo.legacyFiles['2026-11'])}, header = false, skip = 1, all_varchar = true)`);
    expect(Number(r.n)).toBe(364);
    expect(r.billed).toBe(demo.truth.periods['2026-11'].tags.byKey.team['payments ']?.billedCost ?? null);
  });

  it('leaves 20–30 % of spend untagged, and canonical teams plus untagged sum to the total', () => {
    for (const t of Object.values<any>(demo.truth.periods)) {
      const share = Number(t.tags.untagged.share);
      expect(share).toBeGreaterThanOrEqual(0.2);
      expect(share).toBeLessThanOrEqual(0.3);
      const teams = Object.values<any>(t.tags.byCanonicalTeam).reduce((s, c) => s + dec(c.billedCost), 0n);
      expect(teams + dec(t.tags.untagged.billedCost)).toBe(dec(t.billedCost));
      expect(Object.keys(t.tags.byCanonicalTeam).sort()).toEqual(Object.keys(demo.truth.tagging.teamAliases).sort());
    }
  });
});

describe('waste and evidence', () => {
  const inventory = () => {
    const lines = readFileSync(join(demo.out, 'inventory.csv'), 'utf8').trim().split('\n');
    return { header: lines[0], ids: new Map(lines.slice(1).map((l) => [l.split(',')[0], l])) };
  };

  it('writes metrics, inventory and business metrics with the exact headers', () => {
    const head = (f: string) => readFileSync(join(demo.out, f), 'utf8').split('\n', 1)[0];
    expect(head('metrics.csv')).toBe('resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit');
    expect(head('inventory.csv')).toBe('resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at');
    expect(head('business-metrics.csv')).toBe('date,metric,value');
  });

  it('has every planted idle resource in the inventory and, with no activity, in the metrics', async () => {
    const inv = inventory();
    const kinds = new Set(demo.truth.idle.map((i: any) => i.kind));
    expect([...kinds].sort()).toEqual(['idle-elastic-ip', 'idle-load-balancer', 'idle-nat-gateway', 'idle-rds-instance', 'unattached-ebs-volume']);
    const activity: Record<string, [string, string]> = {
      'unattached-ebs-volume': ['VolumeReadOps', 'Sum'], 'idle-load-balancer': ['RequestCount', 'Sum'],
      'idle-rds-instance': ['DatabaseConnections', 'Maximum'], 'idle-nat-gateway': ['BytesOutToDestination', 'Sum'],
    };
    // Each one's cost of the last 30 days (the bill's, tests below): an ALB 0.0252 × 720 h, three volumes, two addresses 0.005 × 720 h, a NAT gateway 0.045 × 720 h, a database.
    expect(demo.truth.idle.map((i: any) => [i.kind, i.effectiveCostLast30Days])).toEqual([
      ['idle-load-balancer', '18.1440000000'], ['unattached-ebs-volume', '49.1397849466'], ['unattached-ebs-volume', '78.6236559146'],
      ['unattached-ebs-volume', '19.6559139786'], ['idle-elastic-ip', '3.6000000000'], ['idle-elastic-ip', '3.6000000000'],
      ['idle-nat-gateway', '32.4000000000'], ['idle-rds-instance', '202.2350537622'],
    ]);
    for (const idle of demo.truth.idle) {
      expect(inv.ids.has(idle.resourceId)).toBe(true);
      if (idle.kind === 'unattached-ebs-volume') expect(inv.ids.get(idle.resourceId)).toContain(',available,,');
      if (idle.kind === 'idle-elastic-ip') expect(inv.ids.get(idle.resourceId)).toContain(',unassociated,,');
      const a = activity[idle.kind];
      if (!a) continue;
      const [m] = await demo.db.q<any>(`SELECT count(*) AS days, max(value) AS peak FROM ${METRICS}
        WHERE resource_id = ${lit(idle.resourceId)} AND metric_name = ${lit(a[0])} AND statistic = ${lit(a[1])}`);
      expect(Number(m.days)).toBeGreaterThanOrEqual(14);
      expect(Number(m.peak)).toBe(0);
    }
  });

  it('reports the idle cost of the last 30 days as the bill shows it', async () => {
    const files = Object.values(demo.legacyFiles).flat();
    const ids = demo.truth.idle.map((i: any) => i.resourceId);
    const rows = await demo.db.q<any>(`SELECT "lineItem/ResourceId" AS id, CAST(sum(${LEGACY_EFFECTIVE}) AS VARCHAR) AS c FROM ${csv(files)}
      WHERE list_contains(${litList(ids)}, "lineItem/ResourceId") AND "lineItem/UsageStartDate" >= ${lit(demo.truth.idleWindow.start.replace('.000Z', 'Z'))}
      GROUP BY 1`);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.c]))).toEqual(
      Object.fromEntries(demo.truth.idle.map((i: any) => [i.resourceId, i.effectiveCostLast30Days])));
  });

  it('shows oversized instances at low CPU and busy resources at high load', async () => {
    expect(demo.truth.oversized.length).toBe(4);
    for (const o of demo.truth.oversized) {
      expect(o.cpuAverage).toBeGreaterThanOrEqual(2);
      expect(o.cpuAverage).toBeLessThanOrEqual(9);
      expect(o.cpuMaximum).toBeLessThan(30);
      expect(inventory().ids.get(o.resourceId)).toContain(o.instanceType);
    }
    for (const id of demo.truth.busy.filter((b: string) => b.startsWith('i-'))) {
      const [m] = await demo.db.q<any>(`SELECT avg(value) AS v FROM ${METRICS} WHERE resource_id = ${lit(id)} AND metric_name = 'CPUUtilization' AND statistic = 'Average'`);
      expect(m.v).toBeGreaterThan(60);
    }
    const busyNat = demo.truth.busy.find((b: string) => b.includes(':natgateway/'));
    const [n] = await demo.db.q<any>(`SELECT min(value) AS v FROM ${METRICS} WHERE resource_id = ${lit(busyNat)} AND metric_name = 'BytesOutToDestination'`);
    expect(n.v).toBeGreaterThan(1e11);
    const idleIds = new Set(demo.truth.idle.map((i: any) => i.resourceId));
    for (const id of demo.truth.busy) expect(idleIds.has(id)).toBe(false);
  });

  it('writes inventory tags as JSON objects with the raw keys', () => {
    const lines = readFileSync(join(demo.out, 'inventory.csv'), 'utf8').trim().split('\n').slice(1);
    const keys = new Set<string>();
    for (const l of lines) {
      const json = l.slice(l.indexOf('"{'), l.lastIndexOf('}"') + 2);
      const tags = JSON.parse(json.slice(1, -1).replace(/""/g, '"'));
      Object.keys(tags).forEach((k) => keys.add(k));
    }
    for (const k of ['Name', 'team', 'Team', 'TEAM', 'cost-center', 'CostCenter', 'environment', 'aws:createdBy']) expect(keys.has(k)).toBe(true);
  });
});
