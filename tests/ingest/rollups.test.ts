import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cachedIngestRuns, cachedStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { focusCsv } from '../optimisation/fixtures.ts';

/**
 * The rollups (usage_daily, daily_spend, tag_spend_daily) hold every line once: per billing
 * period their line counts and sums equal line_items', after an ingest and after the other
 * format of the same bill replaces it.
 */
describe('rollups reconcile to the line items, to the last decimal', () => {
  const demo = inject('demoDir');
  // The CUR 2.0 export ingested into an empty store, then the legacy CUR of the same bill ingested
  // into it: the stores after each `costlens ingest`, built once per source (helpers/cached-stores.ts)
  // and only read here, and what each ingest returned.
  const CUR2 = [join(demo, 'cur2')];
  const THEN_LEGACY = [CUR2, [join(demo, 'legacy-cur')]];
  const totals = (db: string, table: string, billed: string, effective: string) => sqlRows(db,
    `SELECT x_BillingPeriod AS period, sum(lines) AS lines, ${billed} AS billed, sum(${effective}) AS effective FROM ${table} GROUP BY 1 ORDER BY 1`);
  const lineTotals = (db: string) => sqlRows(db,
    `SELECT x_BillingPeriod AS period, count(*) AS lines, sum(BilledCost) AS billed, sum(EffectiveCost) AS effective FROM line_items GROUP BY 1 ORDER BY 1`);

  async function expectReconciled(db: string) {
    const lines = await lineTotals(db);
    expect(lines).toHaveLength(3);
    expect(await totals(db, 'daily_spend', 'sum(billed_cost)', 'effective_cost')).toEqual(lines);
    expect(await totals(db, 'tag_spend_daily', 'sum(billed_cost)', 'effective_cost')).toEqual(lines);
    expect(await totals(db, 'usage_daily', 'NULL', 'effective_cost')).toEqual(lines.map((l) => ({ ...l, billed: null })));
  }

  it('after ingesting the CUR 2.0 export', async () => {
    await expectReconciled(await cachedStore([CUR2]));
  });

  it('after the legacy CUR of the same bill replaces it (no row of the first ingest is left)', async () => {
    const db = await cachedStore(THEN_LEGACY);
    expect((await cachedIngestRuns(THEN_LEGACY))[1].code).toBe(0);
    await expectReconciled(db);
    const ingests = await sqlRows(db, `SELECT count(DISTINCT x_IngestId) AS n FROM (
      SELECT x_IngestId FROM usage_daily UNION ALL SELECT x_IngestId FROM daily_spend UNION ALL SELECT x_IngestId FROM tag_spend_daily)`);
    expect(ingests).toEqual([{ n: '1' }]);
  });
});

describe('rollups and lines without a charge period start', () => {
  it('ingest keeps such a line in line_items and daily_spend (not run-rate) and reconciles the rest', async () => {
    const { dir, db } = tempStore();
    const csv = focusCsv([
      { start: '2026-03-01', account: '111111111111', region: 'us-east-1', resourceId: 'i-0a', usageType: 'BoxUsage:m5.large', quantity: 24, cost: '2.304' },
      { start: '2026-03-02', account: '111111111111', region: 'us-east-1', resourceId: 'i-0a', usageType: 'BoxUsage:m5.large', quantity: 24, cost: '2.304' },
    ]).replace('2026-03-02T00:00:00Z,2026-03-03T00:00:00Z', ',2026-03-03T00:00:00Z');
    writeFileSync(join(dir, 'focus.csv'), csv);
    const run = await costlens(db, 'ingest', join(dir, 'focus.csv'));
    expect([run.code, run.stderr.includes('costlens:')]).toEqual([0, false]);
    expect(await sqlRows(db, `SELECT count(*) AS n, count(ChargePeriodStart) AS with_start FROM line_items`)).toEqual([{ n: '2', with_start: '1' }]);
    expect(await sqlRows(db, `SELECT day, run_rate, billed_cost FROM daily_spend ORDER BY day NULLS LAST`)).toEqual([
      { day: '2026-03-01', run_rate: 'true', billed_cost: '2.3040000000' },
      { day: null, run_rate: 'false', billed_cost: '2.3040000000' },
    ]);
    expect(await sqlRows(db, `SELECT sum(lines) AS lines, sum(effective_cost) AS cost FROM usage_daily`)).toEqual([{ lines: '1', cost: '2.3040000000' }]);
  });
});
