import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore, cachedIngestRuns, cachedStore } from '../helpers/cached-stores.ts';
import { costlens, tempStore } from '../helpers/cli.ts';
import { storeReader, type StoreReader } from '../helpers/read-only-sql-session.ts';
import { demoFolderHint, demoFolderHolding } from '../../src/ingest/demo-folder.ts';
import { codePointOrder } from '../../src/lib/order.ts';

interface TruthPeriod { rows: number; billedCost: string; effectiveCost: string; listCost: string; byAccount: Record<string, { billedCost: string; effectiveCost: string }> }

describe('the demo organisation: legacy CUR and CUR 2.0 ingest to identical totals that match truth.json', () => {
  const demo = inject('demoDir');
  const truth = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8')) as { periods: Record<string, TruthPeriod> };
  let legacy: StoreReader;
  let cur2: StoreReader;
  let legacySummary: { periods: { billingPeriod: string; rows: number; billedCost: string; effectiveCost: string }[]; ignoredFiles: string[] };

  // Each format's `costlens ingest --json` into an empty store: the shared cached stores (one
  // ingest each, read here as they came out of it) and what those ingests printed. Each store is
  // opened once for the file's statements (helpers/read-only-sql-session.ts).
  beforeAll(async () => {
    legacy = storeReader(await cachedDemoStore(demo, ['legacy-cur']));
    const [a] = await cachedIngestRuns([[join(demo, 'legacy-cur')]]);
    expect(a.stderr).toBe('');
    legacySummary = JSON.parse(a.stdout);
    cur2 = storeReader(await cachedDemoStore(demo, ['cur2']));
    const [b] = await cachedIngestRuns([[join(demo, 'cur2')]]);
    expect(b.stderr).toBe('');
  });
  afterAll(async () => {
    await legacy?.close();
    await cur2?.close();
  });

  const totals = (db: StoreReader) => db.rows(`SELECT x_BillingPeriod AS period, count(*) AS rows, sum(BilledCost) AS billed,
      sum(EffectiveCost) AS effective, sum(ListCost) AS list FROM line_items GROUP BY 1 ORDER BY 1`);

  it('per billing period: rows, BilledCost, EffectiveCost and ListCost equal truth.json exactly, in both formats', async () => {
    const expected = Object.entries(truth.periods).map(([period, p]) => ({
      period, rows: String(p.rows), billed: p.billedCost, effective: p.effectiveCost, list: p.listCost,
    }));
    expect(await totals(legacy)).toEqual(expected);
    expect(await totals(cur2)).toEqual(expected);
  });

  it('per account, both formats agree with truth.json', async () => {
    for (const db of [legacy, cur2]) {
      const rows = await db.rows(`SELECT x_BillingPeriod AS period, SubAccountId AS account, sum(BilledCost) AS billed, sum(EffectiveCost) AS effective
        FROM line_items GROUP BY 1, 2 ORDER BY 1, 2`);
      const expected = Object.entries(truth.periods).flatMap(([period, p]) =>
        Object.entries(p.byAccount).sort(([a], [b]) => codePointOrder(a, b)).map(([account, t]) => ({ period, account, billed: t.billedCost, effective: t.effectiveCost })));
      expect(rows).toEqual(expected);
    }
  });

  it('tags keep each source\'s raw keys, without the prefix and without empty values', async () => {
    const keysOf = async (db: StoreReader) =>
      (await db.rows(`SELECT DISTINCT unnest(map_keys(Tags)) AS k FROM line_items ORDER BY 1`)).map((r) => r.k);
    expect(await keysOf(legacy)).toEqual(['CostCenter', 'TEAM', 'Team', 'aws:createdBy', 'cost-center', 'environment', 'team']);
    // CUR 2.0 writes resource_tags keys snake-cased (user:Team → user_team): costlens keeps them as written.
    expect(await keysOf(cur2)).toEqual(['aws:created_by', 'cost_center', 'environment', 'team']);
    for (const db of [legacy, cur2]) {
      const [empty] = await db.rows(`SELECT count(*) AS n FROM line_items WHERE list_contains(map_values(Tags), '')`);
      expect(empty.n).toBe('0');
    }
  });

  it('the team spend is the same in both formats once legacy keys are read as CUR 2.0 spells them', async () => {
    const legacyTeams = await legacy.rows(`SELECT coalesce(Tags['team'], Tags['Team'], Tags['TEAM']) AS v, sum(BilledCost) AS b
      FROM line_items GROUP BY 1 ORDER BY 1 NULLS FIRST`);
    const cur2Teams = await cur2.rows(`SELECT Tags['team'] AS v, sum(BilledCost) AS b FROM line_items GROUP BY 1 ORDER BY 1 NULLS FIRST`);
    expect(legacyTeams.length).toBeGreaterThan(5);
    expect(cur2Teams).toEqual(legacyTeams);
  });

  it('the Reserved Instance and Savings Plan columns are the same from either format', async () => {
    const commitments = (db: StoreReader) => db.rows(`SELECT x_BillingPeriod AS period, x_LineItemType AS type, count(*) AS n,
        count(DISTINCT coalesce(x_ReservationArn, x_SavingsPlanArn)) AS arns, min(x_ReservationEndTime) AS ri_end, min(x_SavingsPlanEndTime) AS sp_end,
        sum(x_ReservationUnusedQuantity) AS unused_hours, sum(x_ReservationUnusedNormalizedUnitQuantity) AS unused_units,
        sum(x_ReservationTotalReservedNormalizedUnits) AS reserved_units, sum(x_ReservationUnusedRecurringFee) AS unused_recurring,
        sum(x_ReservationUnusedAmortizedUpfrontFee) AS unused_upfront, sum(x_SavingsPlanTotalCommitmentToDate) AS commitment,
        sum(x_SavingsPlanUsedCommitment) AS used, sum(x_SavingsPlanEffectiveCost) AS sp_effective, sum(x_NormalizedUsageAmount) AS normalized
      FROM line_items WHERE x_ReservationArn IS NOT NULL OR x_SavingsPlanArn IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`);
    const fromLegacy = await commitments(legacy);
    expect(fromLegacy.map((r) => r.type)).toContain('RIFee');
    expect(fromLegacy.find((r) => r.type === 'RIFee')!.reserved_units).not.toBeNull();
    expect(fromLegacy.find((r) => r.type === 'SavingsPlanRecurringFee')!.commitment).not.toBeNull();
    expect(await commitments(cur2)).toEqual(fromLegacy);
  });

  it('the stale older assembly is ignored', () => {
    expect(legacySummary.ignoredFiles.filter((f) => /\.csv\.gz \(not in its period's current manifest\)$/.test(f))).toHaveLength(1);
  });

  it('ingesting the other format of the same periods replaces them: nothing counted twice', async () => {
    // The CUR 2.0 store above with the legacy CUR ingested into it by a second `costlens ingest --json`:
    // a cached store too (helpers/cached-stores.ts), with what that second ingest printed.
    const ingests = [[join(demo, 'cur2')], [join(demo, 'legacy-cur')]];
    const replaced = storeReader(await cachedStore(ingests));
    try {
      const [, run] = await cachedIngestRuns(ingests);
      const summary = JSON.parse(run.stdout) as { periods: { rows: number; replacedRows: number }[] };
      expect(summary.periods.map((p) => p.replacedRows)).toEqual(summary.periods.map((p) => p.rows));
      expect(await totals(replaced)).toEqual(await totals(legacy));
    } finally {
      await replaced.close();
    }
  });

  it('legacy CUR and CUR 2.0 of the same periods in one command are refused; of the demo folder itself (`demo --out DIR` then `ingest DIR`), the hint gives the command that works, costlens start\'s (src/cli/start.ts, demoIngestPaths)', async () => {
    const { db } = tempStore();
    const run = await costlens(db, 'ingest', demo);
    expect(run.code).toBe(4);
    const [refusal, hint] = run.stderr.split('\n');
    expect(refusal).toMatch(/^costlens: billing period 2026-09 of aws\/\d{12} appears in both .*Manifest\.json and .*Manifest\.json$/);
    // It said only "ingest one of them: they describe the same charges, …", with no word of which or how.
    expect(hint).toBe(`  hint: ${demo} is a costlens demo folder: its legacy-cur/ and cur2/ hold the same charges in two formats, so ingest one of them;`
      + ` to ingest the demo as costlens start does (its CUR 2.0 export, metrics, inventory and business metrics): costlens ingest ${['cur2', 'metrics.csv', 'inventory.csv', 'business-metrics.csv'].map((name) => join(demo, name)).join(' ')}`);
  });

  it('the demo folder is found among the paths given or their parents (`ingest DIR/legacy-cur DIR/cur2`), never for another folder', () => {
    const [legacyManifest, cur2Manifest] = [join(demo, 'legacy-cur', 'm.json'), join(demo, 'cur2', 'm.json')];
    expect(demoFolderHolding([join(demo, 'legacy-cur'), join(demo, 'cur2')], [legacyManifest, cur2Manifest])).toBe(demo);
    expect(demoFolderHolding([join(demo, 'cur2')], [legacyManifest, cur2Manifest])).toBe(demo);
    expect(demoFolderHolding([join(demo, 'cur2', 'exports')], [legacyManifest, cur2Manifest])).toBeUndefined();
    expect(demoFolderHolding([join(demo, 'legacy-cur')], [legacyManifest, '/elsewhere/m.json'])).toBeUndefined();
    expect(demoFolderHint('my demo')).toMatch(/: costlens ingest 'my demo\/cur2' 'my demo\/metrics\.csv' 'my demo\/inventory\.csv' 'my demo\/business-metrics\.csv'$/);
  });
});
