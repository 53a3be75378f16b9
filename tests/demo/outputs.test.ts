/**
 * The demo's outputs (tests/helpers/demo-outputs.ts: October and November 2026 to the 14th, half-size)
 * against its truth.json: the totals of the legacy CUR CSV and the CUR 2.0 Parquet (rows, BilledCost,
 * EffectiveCost, ListCost, by account and service), and the legacy CUR's delivery as AWS makes it
 * (manifests, a stale assembly, reservations and savings plans). CUR 2.0's delivery, the tag mess and
 * the planted waste: outputs-cur2-tags-evidence.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csv, dec, demoOutputsOfThisFile, firstLine, legacyLines, legacyManifestOf, parquet, periodFolder } from '../helpers/demo-outputs.ts';
import { CUR2_EFFECTIVE, LEGACY_EFFECTIVE } from './helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const demo = demoOutputsOfThisFile({ legacyLines: true });

describe('demo totals', () => {
  it('covers the requested billing periods', () => {
    expect(Object.keys(demo.truth.periods)).toEqual(['2026-10', '2026-11']);
    expect(demo.truth.generator).toMatchObject({ seed: 42, months: 2, scale: 0.5, asOf: '2026-11-15' });
    expect(demo.truth.usageWindow).toEqual({ start: '2026-10-01T00:00:00.000Z', end: '2026-11-15T00:00:00.000Z' });
  });

  it('legacy CUR CSV totals equal truth.json (rows, BilledCost, EffectiveCost, ListCost)', async () => {
    for (const [p, t] of Object.entries<any>(demo.truth.periods)) {
      const [r] = await demo.db.q<any>(`SELECT count(*) AS rows, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed,
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
    for (const [p, t] of Object.entries<any>(demo.truth.periods)) {
      const [r] = await demo.db.q<any>(`SELECT count(*) AS rows, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        CAST(sum(${CUR2_EFFECTIVE}) AS VARCHAR) AS effective FROM ${parquet(demo.cur2Files[p])}`);
      expect(Number(r.rows)).toBe(t.rows);
      expect(r.billed).toBe(t.billedCost);
      expect(r.effective).toBe(t.effectiveCost);
      const byAccount = await demo.db.q<any>(`SELECT line_item_usage_account_id AS k, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed
        FROM ${parquet(demo.cur2Files[p])} GROUP BY 1`);
      expect(Object.fromEntries(byAccount.map((a) => [a.k, a.billed]))).toEqual(
        Object.fromEntries(Object.entries<any>(t.byAccount).map(([k, v]) => [k, v.billedCost])));
      const legacyByService = await demo.db.q<any>(`SELECT "lineItem/ProductCode" AS k, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
        FROM ${legacyLines(p)} GROUP BY 1`);
      expect(Object.fromEntries(legacyByService.map((a) => [a.k, a.billed]))).toEqual(
        Object.fromEntries(Object.entries<any>(t.byService).map(([k, v]) => [k, v.billedCost])));
    }
  });

  it('money values carry at most 10 decimal places', async () => {
    const cols = ['lineItem/UnblendedCost', 'lineItem/UnblendedRate', 'lineItem/UsageAmount', 'pricing/publicOnDemandCost',
      'reservation/EffectiveCost', 'savingsPlan/SavingsPlanEffectiveCost', 'savingsPlan/UsedCommitment'];
    const checks = cols.map((c) => `count(*) FILTER (WHERE "${c}" IS NOT NULL AND CAST("${c}" AS DECIMAL(38,10)) <> CAST("${c}" AS DECIMAL(38,20)))`);
    const [r] = await demo.db.q<any>(`SELECT ${checks.map((c, i) => `${c} AS c${i}`).join(', ')} FROM ${legacyLines('2026-10')}`);
    expect(Object.values(r).map(Number)).toEqual(cols.map(() => 0));
  });
});

describe('legacy CUR delivery', () => {
  it('writes manifests with the fields AWS uses, matching the CSV header', () => {
    for (const p of Object.keys(demo.truth.periods)) {
      const m = legacyManifestOf(demo.out, p);
      expect(Object.keys(m)).toEqual(['assemblyId', 'account', 'columns', 'charset', 'compression', 'contentType', 'reportId',
        'reportName', 'billingPeriod', 'bucket', 'reportKeys', 'additionalArtifactKeys']);
      expect(m.account).toBe(demo.truth.payerAccount.id);
      expect(m).toMatchObject({ charset: 'UTF-8', compression: 'GZIP', contentType: 'text/csv', reportName: 'costlens-demo' });
      expect(m.billingPeriod.start).toMatch(/^\d{8}T000000\.000Z$/);
      expect(m.billingPeriod.start.slice(0, 6)).toBe(p.replace('-', ''));
      for (const key of m.reportKeys) expect(key).toMatch(new RegExp(`^reports/costlens-demo/${periodFolder(p)}/${m.assemblyId}/costlens-demo-\\d{5}\\.csv\\.gz$`));
      if (p === '2026-10') expect(m.reportKeys.length).toBeGreaterThanOrEqual(2);
      for (const c of m.columns) expect(Object.keys(c)).toEqual(['category', 'name', 'type']);
      const header = m.columns.map((c: any) => `${c.category}/${c.name}`).join(',');
      for (const f of demo.legacyFiles[p]) expect(firstLine(f)).toBe(header);
      // A copy of the manifest sits in the assembly folder.
      const copy = JSON.parse(readFileSync(join(demo.out, 'legacy-cur/reports/costlens-demo', periodFolder(p), m.assemblyId, 'costlens-demo-Manifest.json'), 'utf8'));
      expect(copy).toEqual(m);
    }
  });

  it('leaves a stale, older assembly that the current manifest does not reference', async () => {
    const stale = demo.truth.staleAssembly;
    expect(stale.period).toBe('2026-10');
    const current = legacyManifestOf(demo.out, stale.period);
    expect(stale.assemblyId).not.toBe(current.assemblyId);
    const folder = join(demo.out, 'legacy-cur/reports/costlens-demo', periodFolder(stale.period));
    const assemblies = readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(assemblies).toEqual([current.assemblyId, stale.assemblyId].sort());
    expect(current.reportKeys.some((k: string) => k.includes(stale.assemblyId))).toBe(false);
    const staleManifest = JSON.parse(readFileSync(join(demo.out, stale.manifest), 'utf8'));
    expect(staleManifest.assemblyId).toBe(stale.assemblyId);
    const files = staleManifest.reportKeys.map((k: string) => join(demo.out, 'legacy-cur', k));
    for (const f of files) expect(existsSync(f)).toBe(true);
    const [r] = await demo.db.q<any>(`SELECT count(*) AS rows, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM ${csv(files)}`);
    expect(Number(r.rows)).toBe(stale.rows);
    expect(Number(r.rows)).toBeLessThan(demo.truth.periods[stale.period].rows);
    expect(dec(r.billed)).toBeLessThan(dec(demo.truth.periods[stale.period].billedCost));
  });

  it('plants reservations and savings plans as AWS bills them', async () => {
    const rows = await demo.db.q<any>(`SELECT "lineItem/LineItemType" AS t, "bill/BillType" AS bt, count(*) AS n,
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
    // October's reservations: 3 of 744 hours each (2,232 hours), 744 of them unused.
    const [ri] = await demo.db.q<any>(`SELECT CAST("reservation/UnusedQuantity" AS DOUBLE) AS unused, "reservation/TotalReservedUnits" AS reserved FROM ${legacyLines('2026-10')} WHERE "lineItem/LineItemType" = 'RIFee'`);
    expect([ri.unused, ri.reserved]).toEqual([744, '2232']);
  });
});
