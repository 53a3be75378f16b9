/**
 * The server plans a query once per pooled connection: a query run again on the same generation
 * binds its new parameters to the statement prepared before, and every answer is still that of
 * its own parameters.
 */
import { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { appOn, ingestedStore } from './helpers.ts';

describe('prepared statements on the server', () => {
  let db: string;
  let total: { cost: string; lines: string; types: string };

  beforeAll(async () => {
    ({ db } = await ingestedStore(REAL_OCT_2018));
    const [row] = await sqlRows(db, `SELECT sum(BilledCost) AS cost, count(*) AS lines, count(DISTINCT x_UsageType) AS types FROM line_items`);
    total = { cost: row.cost!, lines: row.lines!, types: row.types! };
  });
  afterAll(() => vi.restoreAllMocks());

  it('explore/spend_by with top = 1 … 12: prepared once, each answer its own top groups and "Other (N more)", adding up to October\'s 4064.4831 over 119,307 lines', async () => {
    const prepare = vi.spyOn(DuckDBConnection.prototype, 'prepare');
    const app: CostlensApp = appOn(db);
    try {
      const asked = (top: number) => `/api/queries/explore/spend_by?dimension=usage_type&start=2018-10-01&end=2018-11-01&top=${top}`;
      await (await app.request(asked(12))).json();
      const before = prepare.mock.calls.length;
      for (let top = 1; top <= 11; top++) {
        const response = await app.request(asked(top));
        expect(response.status).toBe(200);
        expect(response.headers.get('x-costlens-cache')).not.toBe('hit');
        const rows = (await response.json()).rows as { value: string; cost: string; lines: string }[];
        expect(rows.length, `top=${top}`).toBe(top + 1);
        expect(rows.at(-1)!.value, `top=${top}`).toBe(`Other (${Number(total.types) - top} more)`);
        expect(rows.reduce((sum, r) => sum + BigInt(r.lines), 0n), `top=${top}`).toBe(BigInt(total.lines));
        const units = rows.reduce((sum, r) => sum + BigInt(r.cost.replace('.', '')), 0n);
        expect(units, `top=${top}`).toBe(BigInt(total.cost.replace('.', '')));
      }
      // DuckDB on the Parquet file itself: sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))), count(*), 180 usage types.
      expect(total).toEqual({ cost: '4064.4831315379', lines: '119307', types: '180' });
      // Eleven runs one after another on the same connection: no new plan.
      expect(prepare.mock.calls.length - before).toBe(0);
    } finally {
      app.close();
    }
  });
});
