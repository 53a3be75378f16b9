/**
 * Explore refuses a custom range that holds no day of the billing data (a mistyped year) with a 400
 * naming it and the store's days, as Attribution and `costlens attribute --from/--to` refuse it,
 * where it showed "$0.00 billed cost over 0 line items". A range reaching into the data still shows.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';

describe('Explore: a range outside the billing data', () => {
  let app: CostlensApp;
  let db: string;
  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    app = appOn(db);
  }, 600_000);
  afterAll(() => app?.close());

  it('January 2019 on the demo (charge days 2026-09-01 to 2026-11-14) is a 400 naming the range and the store\'s days', async () => {
    const [days] = await sqlRows(db, `SELECT CAST(min(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS first, CAST(max(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS last FROM line_items`);
    expect([days.first, days.last]).toEqual(['2026-09-01', '2026-11-14']);
    const response = await page(app, '/explore?dimension=service&start=2019-01-01&end=2019-02-01&cost=billed');
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('the range start 2019-01-01, end 2019-02-01 (1–31 Jan 2019) is outside the billing data in the store (1 Sep – 14 Nov 2026)');
    expect(body).not.toContain('billed cost over 0 line items');
  });

  it('the explore analyses refuse it as the page does (they answered 200 with no row), while a page whose compared span precedes the data still shows', async () => {
    for (const name of ['spend_by', 'daily_spend_by', 'daily_postings']) {
      const response = await app.request(`/api/analyses/explore/${name}?start=2025-01-01&end=2025-02-01`);
      expect(response.status, name).toBe(400);
      expect((await response.json()).error, name).toMatchObject({
        code: 'usage',
        message: 'the range start 2025-01-01, end 2025-02-01 (1–31 Jan 2025) is outside the billing data in the store (1 Sep – 14 Nov 2026)',
        hint: 'give days from 2026-09-01 to 2026-11-14 (end is exclusive: at most 2026-11-15), or pick a preset range',
      });
    }
    // September compared with August: the compared span holds no day of the data, and is not compared, as before.
    const compared = await page(app, '/explore?dimension=service&start=2026-09-01&end=2026-10-01&cost=billed&compare=last_month');
    expect(compared.status).toBe(200);
  });

  it('a range from before the data into it still shows its days with data', async () => {
    const response = await page(app, '/explore?dimension=service&start=2026-08-25&end=2026-09-03&cost=billed');
    expect(response.status).toBe(200);
    const [truth] = await sqlRows(db, `SELECT count(*) AS n FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-08-25' AND ChargePeriodStart < TIMESTAMP '2026-09-03'`);
    expect(await response.text()).toContain(`over ${Number(truth.n).toLocaleString('en-US')} line items`);
  });
});
