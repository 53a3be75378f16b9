/**
 * The server without a store (503, and the page says to ingest first) and on a store with no
 * billing lines yet, metrics only (it answers: the Overview says so, charts render empty). The query
 * API on billing data: api.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costlens, tempStore } from '../helpers/cli.ts';
import { TODAY, apiRows, appOn } from './helpers.ts';

describe('without a store', () => {
  it('healthz and the API answer 503 with a message, and the page says to ingest first', async () => {
    const app = appOn('/nonexistent/costlens/store.duckdb');
    try {
      const health = await app.request('/healthz');
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'unavailable', reason: 'no store at the store file' });
      const api = await app.request('/api/queries/store/spend_by_service?period=2018-10');
      expect(api.status).toBe(503);
      expect((await api.json()).error.message).toBe('no store at /nonexistent/costlens/store.duckdb');
      const html = await app.request('/', { headers: { accept: 'text/html' } });
      expect(html.status).toBe(503);
      expect(await html.text()).toContain('ingest something first');
    } finally {
      await app.close();
    }
  });
});

describe('a store with no billing lines yet (metrics only)', () => {
  it('answers: healthz ok, the overview says so, charts render empty, month to date has no cost (the store holds no billing day; it read 0.0000000000)', async () => {
    const { dir, db } = tempStore();
    const metrics = join(dir, 'metrics.csv');
    writeFileSync(metrics, 'resource_id,namespace,metric_name,statistic,period_s,timestamp,value,unit\ni-0abc,AWS/EC2,CPUUtilization,Average,3600,2018-11-01 00:00:00,1.5,Percent\n');
    expect((await costlens(db, 'ingest', metrics)).code).toBe(0);
    const app = appOn(db);
    try {
      expect((await app.request('/healthz')).status).toBe(200);
      const html = await (await app.request('/', { headers: { accept: 'text/html' } })).text();
      expect(html).toContain('The store holds no billing data yet');
      expect(html).toContain('No spend in this month yet.');
      const [mtd] = await apiRows(await app.request(`/api/queries/overview/month_to_date?as_of=${TODAY}`));
      expect([mtd.current_cost, mtd.previous_cost, mtd.previous_period_cost, mtd.change, mtd.change_pct]).toEqual([null, null, null, null, null]);
      for (const name of ['daily_spend_by_service', 'explore_totals']) expect((await app.request(`/charts/${name}.svg`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
