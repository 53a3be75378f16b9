import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUR2_COLUMNS, cur2DuckDbType } from '../../src/cur-columns/cur2-columns.ts';
import { cachedDemo } from '../helpers/cached-demo.ts';
import { CUR2_EFFECTIVE, duck, LEGACY_EFFECTIVE, lit, litList } from './helpers.ts';

// Two billing periods (a full October, November up to the 14th), half-size organisation.
const OPTIONS = { seed: 42, months: 2, scale: 0.5, asOf: '2026-11-15', partRows: 25_000 };

/* eslint-disable @typescript-eslint/no-explicit-any */
let out: string;
let truth: any;
let db: Awaited<ReturnType<typeof duck>>;
const legacyFiles: Record<string, string[]> = {};
const cur2Files: Record<string, string[]> = {};

const periodFolder = (p: string) => {
  const [y, m] = p.split('-').map(Number);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${y}${pad(m)}01-${m === 12 ? y + 1 : y}${pad(m === 12 ? 1 : m + 1)}01`;
};
const legacyManifest = (p: string) => JSON.parse(readFileSync(join(out, 'legacy-cur/reports/costlens-demo', periodFolder(p), 'costlens-demo-Manifest.json'), 'utf8'));
const cur2Manifest = (p: string) => JSON.parse(readFileSync(join(out, `cur2/exports/costlens-demo-cur2/metadata/BILLING_PERIOD=${p}/costlens-demo-cur2-Manifest.json`), 'utf8'));
const csv = (files: string[]) => `read_csv(${litList(files)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
/** The table holding `csv(legacyFiles[p])` (read once in beforeAll: most tests ask several questions of one period's CSV). */
const legacyLines = (p: string) => `legacy_${p.replace('-', '_')}`;
/** The table holding metrics.csv as `read_csv` reads it (read once in beforeAll, asked about each idle and busy resource). */
const METRICS = 'metrics';
// hive_partitioning off: the BILLING_PERIOD= folder is not a column of the files.
const parquet = (files: string[]) => `read_parquet(${litList(files)}, hive_partitioning = false)`;
/** Exact decimal strings to scaled BigInt (10 decimals). */
const dec = (s: string) => {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(i) * 10n ** 10n + BigInt((f + '0000000000').slice(0, 10));
  return neg ? -v : v;
};
const firstLine = (gz: string) => gunzipSync(readFileSync(gz)).toString('utf8').split('\n', 1)[0];

beforeAll(async () => {
  out = await cachedDemo(OPTIONS);
  truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
  db = await duck();
  for (const p of Object.keys(truth.periods)) {
    legacyFiles[p] = legacyManifest(p).reportKeys.map((k: string) => join(out, 'legacy-cur', k));
    cur2Files[p] = cur2Manifest(p).dataFiles.map((u: string) => join(out, 'cur2', u.replace(/^s3:\/\/[^/]+\//, '')));
    await db.q(`CREATE TABLE ${legacyLines(p)} AS SELECT * FROM ${csv(legacyFiles[p])}`);
  }
  await db.q(`CREATE TABLE ${METRICS} AS SELECT * FROM read_csv(${lit(join(out, 'metrics.csv'))})`);
});

afterAll(async () => {
  db?.close();
});

describe('demo totals', () => {
  it('covers the requested billing periods', () => {
    expect(Object.keys(truth.periods)).toEqual(['2026-10', '2026-11']);
    expect(truth.generator).toMatchObject({ seed: 42, months: 2, scale: 0.5, asOf: '2026-11-15' });
    expect(truth.usageWindow).toEqual({ start: '2026-10-01T00:00:00.000Z', end: '2026-11-15T00:00:00.000Z' });
  });

  it('legacy CUR CSV totals equal truth.json (rows, BilledCost, EffectiveCost, ListCost)', async () => {
    for (const [p, t] of Object.entries<any>(truth.periods)) {
      const [r] = await db.q<any>(`SELECT count(*) AS rows, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        CAST(sum(${LEGACY_EFFECTIVE}) AS VARCHAR) AS effective,
        CAST(coalesce(sum(CAST("pricing/publicOnDemandCost" AS DECIMAL(38,10))), 0) AS VARCHAR) AS list,
        count(DISTINCT "identity/LineItemId") AS ids FROM ${legacyLines(p)}`);
      expect(Number(r.rows)).toBe(t.rows);
      expect(Number(r.ids)).toBe(t.rows);
      expect(r.billed).toBe(t.billedCost);
      expect(r.effective).toBe(t.effectiveCost);
      expect(r.list).toBe(t.listCost);
    }
  });

  it('CUR 2.0 Parquet totals equal truth.json and the legacy CSV, per account and service', async () => {
    for (const [p, t] of Object.entries<any>(truth.periods)) {
      const [r] = await db.q<any>(`SELECT count(*) AS rows, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        CAST(sum(${CUR2_EFFECTIVE}) AS VARCHAR) AS effective FROM ${parquet(cur2Files[p])}`);
      expect(Number(r.rows)).toBe(t.rows);
      expect(r.billed).toBe(t.billedCost);
      expect(r.effective).toBe(t.effectiveCost);
      const byAccount = await db.q<any>(`SELECT line_item_usage_account_id AS k, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed
        FROM ${parquet(cur2Files[p])} GROUP BY 1`);
      expect(Object.fromEntries(byAccount.map((a) => [a.k, a.billed]))).toEqual(
        Object.fromEntries(Object.entries<any>(t.byAccount).map(([k, v]) => [k, v.billedCost])));
      const legacyByService = await db.q<any>(`SELECT "lineItem/ProductCode" AS k, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
        FROM ${legacyLines(p)} GROUP BY 1`);
      expect(Object.fromEntries(legacyByService.map((a) => [a.k, a.billed]))).toEqual(
        Object.fromEntries(Object.entries<any>(t.byService).map(([k, v]) => [k, v.billedCost])));
    }
  });

  it('money values carry at most 10 decimal places', async () => {
    const cols = ['lineItem/UnblendedCost', 'lineItem/UnblendedRate', 'lineItem/UsageAmount', 'pricing/publicOnDemandCost',
      'reservation/EffectiveCost', 'savingsPlan/SavingsPlanEffectiveCost', 'savingsPlan/UsedCommitment'];
    const checks = cols.map((c) => `count(*) FILTER (WHERE "${c}" IS NOT NULL AND CAST("${c}" AS DECIMAL(38,10)) <> CAST("${c}" AS DECIMAL(38,20)))`);
    const [r] = await db.q<any>(`SELECT ${checks.map((c, i) => `${c} AS c${i}`).join(', ')} FROM ${legacyLines('2026-10')}`);
    expect(Object.values(r).map(Number)).toEqual(cols.map(() => 0));
  });
});

describe('legacy CUR delivery', () => {
  it('writes manifests with the fields AWS uses, matching the CSV header', () => {
    for (const p of Object.keys(truth.periods)) {
      const m = legacyManifest(p);
      expect(Object.keys(m)).toEqual(['assemblyId', 'account', 'columns', 'charset', 'compression', 'contentType', 'reportId',
        'reportName', 'billingPeriod', 'bucket', 'reportKeys', 'additionalArtifactKeys']);
      expect(m.account).toBe(truth.payerAccount.id);
      expect(m).toMatchObject({ charset: 'UTF-8', compression: 'GZIP', contentType: 'text/csv', reportName: 'costlens-demo' });
      expect(m.billingPeriod.start).toMatch(/^\d{8}T000000\.000Z$/);
      expect(m.billingPeriod.start.slice(0, 6)).toBe(p.replace('-', ''));
      for (const key of m.reportKeys) expect(key).toMatch(new RegExp(`^reports/costlens-demo/${periodFolder(p)}/${m.assemblyId}/costlens-demo-\\d{5}\\.csv\\.gz$`));
      if (p === '2026-10') expect(m.reportKeys.length).toBeGreaterThanOrEqual(2);
      for (const c of m.columns) expect(Object.keys(c)).toEqual(['category', 'name', 'type']);
      const header = m.columns.map((c: any) => `${c.category}/${c.name}`).join(',');
      for (const f of legacyFiles[p]) expect(firstLine(f)).toBe(header);
      // A copy of the manifest sits in the assembly folder.
      const copy = JSON.parse(readFileSync(join(out, 'legacy-cur/reports/costlens-demo', periodFolder(p), m.assemblyId, 'costlens-demo-Manifest.json'), 'utf8'));
      expect(copy).toEqual(m);
    }
  });

  it('leaves a stale, older assembly that the current manifest does not reference', async () => {
    const stale = truth.staleAssembly;
    expect(stale.period).toBe('2026-10');
    const current = legacyManifest(stale.period);
    expect(stale.assemblyId).not.toBe(current.assemblyId);
    const folder = join(out, 'legacy-cur/reports/costlens-demo', periodFolder(stale.period));
    const assemblies = readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(assemblies).toEqual([current.assemblyId, stale.assemblyId].sort());
    expect(current.reportKeys.some((k: string) => k.includes(stale.assemblyId))).toBe(false);
    const staleManifest = JSON.parse(readFileSync(join(out, stale.manifest), 'utf8'));
    expect(staleManifest.assemblyId).toBe(stale.assemblyId);
    const files = staleManifest.reportKeys.map((k: string) => join(out, 'legacy-cur', k));
    for (const f of files) expect(existsSync(f)).toBe(true);
    const [r] = await db.q<any>(`SELECT count(*) AS rows, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM ${csv(files)}`);
    expect(Number(r.rows)).toBe(stale.rows);
    expect(Number(r.rows)).toBeLessThan(truth.periods[stale.period].rows);
    expect(dec(r.billed)).toBeLessThan(dec(truth.periods[stale.period].billedCost));
  });

  it('plants reservations and savings plans as AWS bills them', async () => {
    const rows = await db.q<any>(`SELECT "lineItem/LineItemType" AS t, "bill/BillType" AS bt, count(*) AS n,
        CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        count(*) FILTER (WHERE "reservation/ReservationARN" IS NOT NULL) AS ri,
        count(*) FILTER (WHERE CAST("savingsPlan/TotalCommitmentToDate" AS DOUBLE) > CAST("savingsPlan/UsedCommitment" AS DOUBLE)) AS unused
      FROM ${legacyLines('2026-10')} GROUP BY 1, 2 ORDER BY 1, 2`);
    const by = Object.fromEntries(rows.map((r) => [`${r.t}/${r.bt}`, r]));
    expect(dec(by['DiscountedUsage/Anniversary'].billed)).toBe(0n);
    expect(Number(by['DiscountedUsage/Anniversary'].ri)).toBe(Number(by['DiscountedUsage/Anniversary'].n));
    expect(Number(by['RIFee/Anniversary'].n)).toBe(1);
    expect(by['Fee/Purchase'].ri).toBe('1');
    expect(dec(by['SavingsPlanNegation/Anniversary'].billed)).toBe(-dec(by['SavingsPlanCoveredUsage/Anniversary'].billed));
    expect(Number(by['SavingsPlanRecurringFee/Anniversary'].n)).toBe(31 * 24);
    expect(Number(by['SavingsPlanRecurringFee/Anniversary'].unused)).toBe(31 * 24);
    expect(Number(by['Tax/Anniversary'].n)).toBeGreaterThan(10);
    const [ri] = await db.q<any>(`SELECT CAST("reservation/UnusedQuantity" AS DOUBLE) AS unused FROM ${legacyLines('2026-10')} WHERE "lineItem/LineItemType" = 'RIFee'`);
    expect(ri.unused).toBeGreaterThan(0);
  });
});

describe('CUR 2.0 delivery', () => {
  it('has exactly the documented CUR 2.0 columns and types', async () => {
    for (const p of Object.keys(truth.periods)) {
      for (const f of cur2Files[p]) {
        const cols = await db.q<any>(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${parquet([f])})`);
        expect(cols.map((c) => [c.column_name, c.column_type])).toEqual(CUR2_COLUMNS.map((c) => [c.name, cur2DuckDbType(c.type)]));
      }
    }
  });

  it('writes Data Exports manifests with full S3 URIs', () => {
    for (const p of Object.keys(truth.periods)) {
      const m = cur2Manifest(p);
      expect(m.executionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(m.exportArn).toMatch(new RegExp(`^arn:aws:bcm-data-exports:us-east-1:${truth.payerAccount.id}:export/costlens-demo-cur2-`));
      expect(m.columns).toEqual(CUR2_COLUMNS.map((c) => ({ name: c.name, type: c.type })));
      expect(m.billingPeriod.start).toBe(`${p}-01T00:00:00.000Z`);
      for (const u of m.dataFiles) expect(u).toMatch(new RegExp(`^s3://[a-z0-9-]+/exports/costlens-demo-cur2/data/BILLING_PERIOD=${p}/costlens-demo-cur2-\\d{5}\\.snappy\\.parquet$`));
      for (const f of cur2Files[p]) expect(existsSync(f)).toBe(true);
      expect(Array.isArray(m.additionalOutputFiles)).toBe(true);
    }
  });

  it('keys resource_tags the CUR 2.0 way and folds case variants of a key together', async () => {
    const keys = await db.q<any>(`SELECT DISTINCT unnest(map_keys(resource_tags)) AS k FROM ${parquet(cur2Files['2026-11'])} ORDER BY 1`);
    expect(keys.map((k) => k.k)).toEqual(['aws_created_by', 'user_cost_center', 'user_environment', 'user_team']);
    const [cc] = await db.q<any>(`SELECT DISTINCT unnest(map_keys(cost_category)) AS k FROM ${parquet(cur2Files['2026-11'])}`);
    expect(cc.k).toBe('business_unit');
    const [pm] = await db.q<any>(`SELECT product['product_name'] AS n, product['region'] AS r FROM ${parquet(cur2Files['2026-11'])}
      WHERE line_item_usage_type LIKE '%BoxUsage:%' LIMIT 1`);
    expect(pm.n).toBe('Amazon Elastic Compute Cloud');
    expect(pm.r).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
  });
});

describe('tag mess', () => {
  it('has case, space and typo variants of team keys and values', () => {
    const t = truth.periods['2026-11'].tags.byKey;
    for (const key of ['team', 'Team', 'TEAM', 'cost-center', 'CostCenter', 'environment', 'aws:createdBy']) expect(t[key]).toBeDefined();
    const values = new Set([...Object.keys(t.team), ...Object.keys(t.Team), ...Object.keys(t.TEAM)]);
    for (const v of truth.tagging.teamAliases.payments) expect(values.has(v)).toBe(true);
    expect(values.has('payments ')).toBe(true);
    expect(values.has('paymnets')).toBe(true);
  });

  it('adds the CostCenter tag column only from the second billing period on', () => {
    expect(firstLine(legacyFiles['2026-10'][0])).not.toContain('resourceTags/user:CostCenter');
    expect(firstLine(legacyFiles['2026-11'][0])).toContain('resourceTags/user:CostCenter');
    expect(firstLine(legacyFiles['2026-11'][0])).toContain('resourceTags/user:cost-center');
  });

  it('reads tag values back exactly, trailing space included', async () => {
    // DuckDB renames headers that differ only by case (user:Team → user:Team_1), so read by position.
    const headers = legacyManifest('2026-11').columns.map((c: any) => `${c.category}/${c.name}`);
    const at = (h: string) => `column${String(headers.indexOf(h)).padStart(String(headers.length - 1).length, '0')}`;
    const [r] = await db.q<any>(`SELECT count(*) FILTER (WHERE ${at('resourceTags/user:team')} = 'payments '
        OR ${at('resourceTags/user:Team')} = 'payments ' OR ${at('resourceTags/user:TEAM')} = 'payments ') AS n,
      CAST(sum(CAST(${at('lineItem/UnblendedCost')} AS DECIMAL(38,10))) FILTER (WHERE ${at('resourceTags/user:team')} = 'payments ') AS VARCHAR) AS billed
      FROM read_csv(${litList(legacyFiles['2026-11'])}, header = false, skip = 1, all_varchar = true)`);
    expect(Number(r.n)).toBeGreaterThan(0);
    expect(r.billed).toBe(truth.periods['2026-11'].tags.byKey.team['payments ']?.billedCost ?? null);
  });

  it('leaves 20–30 % of spend untagged, and canonical teams plus untagged sum to the total', () => {
    for (const t of Object.values<any>(truth.periods)) {
      const share = Number(t.tags.untagged.share);
      expect(share).toBeGreaterThanOrEqual(0.2);
      expect(share).toBeLessThanOrEqual(0.3);
      const teams = Object.values<any>(t.tags.byCanonicalTeam).reduce((s, c) => s + dec(c.billedCost), 0n);
      expect(teams + dec(t.tags.untagged.billedCost)).toBe(dec(t.billedCost));
      expect(Object.keys(t.tags.byCanonicalTeam).sort()).toEqual(Object.keys(truth.tagging.teamAliases).sort());
    }
  });
});

describe('waste and evidence', () => {
  const inventory = () => {
    const lines = readFileSync(join(out, 'inventory.csv'), 'utf8').trim().split('\n');
    return { header: lines[0], ids: new Map(lines.slice(1).map((l) => [l.split(',')[0], l])) };
  };

  it('writes metrics, inventory and business metrics with the exact headers', () => {
    const head = (f: string) => readFileSync(join(out, f), 'utf8').split('\n', 1)[0];
    expect(head('metrics.csv')).toBe('resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit');
    expect(head('inventory.csv')).toBe('resource_id,account_id,region,service,resource_type,instance_type,state,attached_to,tags_json,observed_at');
    expect(head('business-metrics.csv')).toBe('date,metric,value');
  });

  it('has every planted idle resource in the inventory and, with no activity, in the metrics', async () => {
    const inv = inventory();
    const kinds = new Set(truth.idle.map((i: any) => i.kind));
    expect([...kinds].sort()).toEqual(['idle-elastic-ip', 'idle-load-balancer', 'idle-nat-gateway', 'idle-rds-instance', 'unattached-ebs-volume']);
    const activity: Record<string, [string, string]> = {
      'unattached-ebs-volume': ['VolumeReadOps', 'Sum'], 'idle-load-balancer': ['RequestCount', 'Sum'],
      'idle-rds-instance': ['DatabaseConnections', 'Maximum'], 'idle-nat-gateway': ['BytesOutToDestination', 'Sum'],
    };
    for (const idle of truth.idle) {
      expect(inv.ids.has(idle.resourceId)).toBe(true);
      expect(dec(idle.effectiveCostLast30Days)).toBeGreaterThan(0n);
      if (idle.kind === 'unattached-ebs-volume') expect(inv.ids.get(idle.resourceId)).toContain(',available,,');
      if (idle.kind === 'idle-elastic-ip') expect(inv.ids.get(idle.resourceId)).toContain(',unassociated,,');
      const a = activity[idle.kind];
      if (!a) continue;
      const [m] = await db.q<any>(`SELECT count(*) AS days, max(value) AS peak FROM ${METRICS}
        WHERE resource_id = ${lit(idle.resourceId)} AND metric_name = ${lit(a[0])} AND statistic = ${lit(a[1])}`);
      expect(Number(m.days)).toBeGreaterThanOrEqual(14);
      expect(Number(m.peak)).toBe(0);
    }
  });

  it('reports the idle cost of the last 30 days as the bill shows it', async () => {
    const files = Object.values(legacyFiles).flat();
    const ids = truth.idle.map((i: any) => i.resourceId);
    const rows = await db.q<any>(`SELECT "lineItem/ResourceId" AS id, CAST(sum(${LEGACY_EFFECTIVE}) AS VARCHAR) AS c FROM ${csv(files)}
      WHERE list_contains(${litList(ids)}, "lineItem/ResourceId") AND "lineItem/UsageStartDate" >= ${lit(truth.idleWindow.start.replace('.000Z', 'Z'))}
      GROUP BY 1`);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.c]))).toEqual(
      Object.fromEntries(truth.idle.map((i: any) => [i.resourceId, i.effectiveCostLast30Days])));
  });

  it('shows oversized instances at low CPU and busy resources at high load', async () => {
    expect(truth.oversized.length).toBe(4);
    for (const o of truth.oversized) {
      expect(o.cpuAverage).toBeGreaterThanOrEqual(2);
      expect(o.cpuAverage).toBeLessThanOrEqual(9);
      expect(o.cpuMaximum).toBeLessThan(30);
      expect(inventory().ids.get(o.resourceId)).toContain(o.instanceType);
    }
    for (const id of truth.busy.filter((b: string) => b.startsWith('i-'))) {
      const [m] = await db.q<any>(`SELECT avg(value) AS v FROM ${METRICS} WHERE resource_id = ${lit(id)} AND metric_name = 'CPUUtilization' AND statistic = 'Average'`);
      expect(m.v).toBeGreaterThan(60);
    }
    const busyNat = truth.busy.find((b: string) => b.includes(':natgateway/'));
    const [n] = await db.q<any>(`SELECT min(value) AS v FROM ${METRICS} WHERE resource_id = ${lit(busyNat)} AND metric_name = 'BytesOutToDestination'`);
    expect(n.v).toBeGreaterThan(1e11);
    const idleIds = new Set(truth.idle.map((i: any) => i.resourceId));
    for (const id of truth.busy) expect(idleIds.has(id)).toBe(false);
  });

  it('writes inventory tags as JSON objects with the raw keys', () => {
    const lines = readFileSync(join(out, 'inventory.csv'), 'utf8').trim().split('\n').slice(1);
    const keys = new Set<string>();
    for (const l of lines) {
      const json = l.slice(l.indexOf('"{'), l.lastIndexOf('}"') + 2);
      const tags = JSON.parse(json.slice(1, -1).replace(/""/g, '"'));
      Object.keys(tags).forEach((k) => keys.add(k));
    }
    for (const k of ['Name', 'team', 'Team', 'TEAM', 'cost-center', 'CostCenter', 'environment', 'aws:createdBy']) expect(keys.has(k)).toBe(true);
  });
});
