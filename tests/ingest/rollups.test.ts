import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';

/**
 * The rollups (usage_daily, daily_spend, tag_spend_daily) hold every line once: per billing
 * period their line counts and sums equal line_items', after an ingest and after the other
 * format of the same bill replaces it.
 */
describe('rollups reconcile to the line items, to the last decimal', () => {
  const demo = inject('demoDir');
  const { db } = tempStore();
  const totals = (table: string, billed: string, effective: string) => sqlRows(db,
    `SELECT x_BillingPeriod AS period, sum(lines) AS lines, ${billed} AS billed, sum(${effective}) AS effective FROM ${table} GROUP BY 1 ORDER BY 1`);
  const lineTotals = () => sqlRows(db,
    `SELECT x_BillingPeriod AS period, count(*) AS lines, sum(BilledCost) AS billed, sum(EffectiveCost) AS effective FROM line_items GROUP BY 1 ORDER BY 1`);

  async function expectReconciled() {
    const lines = await lineTotals();
    expect(lines).toHaveLength(3);
    expect(await totals('daily_spend', 'sum(billed_cost)', 'effective_cost')).toEqual(lines);
    expect(await totals('tag_spend_daily', 'sum(billed_cost)', 'effective_cost')).toEqual(lines);
    expect(await totals('usage_daily', 'NULL', 'effective_cost')).toEqual(lines.map((l) => ({ ...l, billed: null })));
  }

  beforeAll(async () => {
    expect((await costlens(db, 'ingest', join(demo, 'cur2'))).code).toBe(0);
  });

  it('after ingesting the CUR 2.0 export', async () => {
    await expectReconciled();
  });

  it('after the legacy CUR of the same bill replaces it (no row of the first ingest is left)', async () => {
    expect((await costlens(db, 'ingest', join(demo, 'legacy-cur'))).code).toBe(0);
    await expectReconciled();
    const ingests = await sqlRows(db, `SELECT count(DISTINCT x_IngestId) AS n FROM (
      SELECT x_IngestId FROM usage_daily UNION ALL SELECT x_IngestId FROM daily_spend UNION ALL SELECT x_IngestId FROM tag_spend_daily)`);
    expect(ingests).toEqual([{ n: '1' }]);
  });
});
