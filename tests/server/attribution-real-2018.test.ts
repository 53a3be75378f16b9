/**
 * The Attribution page on the real October and November 2018 files (the cached store of one
 * `costlens ingest` each, only read) without a config: it starts with the raw key that looks like an
 * owner, and its page and CSV are `costlens attribute --format csv`'s, reconciled to the line items.
 * On the demo organisation with its config: attribution-figures.test.ts and attribution-api-refusals-notes.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import type { QueryResult } from '../../src/server/query-service.ts';
import { coverageRangeOf, heldPeriodsOf } from '../../src/server/features/attribution/view.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { realFilesStore } from '../helpers/real-2018-store.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { appOn, page } from './helpers.ts';
import { cli, figure, parseCsv, tableRows, textOf } from './page-helpers.ts';

describe('the Attribution page on the real October and November 2018 files, without a config', () => {
  let db: string;
  let configPath: string;
  let app: CostlensApp;

  beforeAll(async () => {
    db = await realFilesStore();
    configPath = join(scratchDir(), 'empty.config.json');
    writeFileSync(configPath, '{}\n');
    app = appOn(db);
  });
  afterAll(() => app?.close());

  it('starts with the raw key that looks like an owner (cost_center) and the latest period', async () => {
    const response = await page(app, '/attribution');
    expect(response.headers.get('location')).toBe('/attribution?tag=cost_center&period=2018-11&cost=billed');
  });

  it('page and CSV equal `costlens attribute --format csv`, and October reconciles to the line items', async () => {
    const selections: [string, string[]][] = [
      ['tag=cost_center&period=2018-10&cost=billed', ['--tag', 'cost_center', '--period', '2018-10', '--cost', 'billed']],
      ['tag=cost_center&start=2018-10-15&end=2018-11-15&cost=effective', ['--tag', 'cost_center', '--from', '2018-10-15', '--to', '2018-11-15', '--cost', 'effective']],
    ];
    for (const [query, flags] of selections) {
      const expected = await cli(db, 'attribute', ...flags, '--config', configPath, '--format', 'csv');
      expect(await (await app.request(`/attribution.csv?${query}`)).text(), query).toBe(expected);
      const html = await (await page(app, `/attribution?${query}`)).text();
      expect(tableRows(html, 'attribution-table'), query).toEqual(parseCsv(expected).slice(1));
    }
    const html = await (await page(app, '/attribution?tag=cost_center&period=2018-10&cost=billed')).text();
    const [october] = await sqlRows(db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS c FROM line_items WHERE x_BillingPeriod = '2018-10'`);
    expect(figure(html, 'attribution-total')).toBe(october.c);
    expect(figure(html, 'attribution-total')).toBe('4064.48');
    expect(tableRows(html, 'attribution-table').map((r) => r[1])).toEqual(['Cost001', 'Cost002', 'Cost006', 'Cost005', 'Cost004', '(untagged)']);
    expect(html).toContain('No shared-cost rules are configured');
    // The card said "$0.00 · no shared-cost rule matched" above that note: with no rule configured, it says so, and claims no split.
    const card = /<div class="kpi" id="attribution-shared">([^]*?)<\/div>/.exec(html)![1];
    expect(figure(html, 'attribution-shared')).toBe('');
    expect(textOf(card).replace(/\s+/g, ' ').trim()).toBe('Shared costs split none configured no shared-cost rule is configured ( attribution.sharedCosts ; below): nothing is split');
  });
});

describe('the Attribution page on a store of every real file: the coverage trend is the 12 latest billing periods holding data, not 12 calendar months', () => {
  let app: CostlensApp;
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
    app = appOn(db);
  }, 120_000);
  afterAll(() => app?.close());

  it('up to 2024-09 it shows 2018-10 and 2018-11 too (it showed only 2023-11 and 2024-09, the months since Oct 2023); the chart\'s analysis alike', async () => {
    // By DuckDB on the files: 2018 sum(line_item_unblended_cost) FILTER (WHERE resource_tags_user_cost_center <> '') and in all,
    // the legacy CSV's sum("lineItem/UnblendedCost"), the FOCUS sample's sum(BilledCost) of BillingPeriodStart 2024-09-01
    // FILTER (WHERE Tags LIKE '%"CostCenter"%') and in all; coverage = tagged ÷ total.
    const expected = [
      ['2018-10', '381.51', '0.00', '0.00', '3682.97', '4064.48', '9.39'],
      ['2018-11', '321.41', '0.00', '0.00', '3183.92', '3505.33', '9.17'],
      ['2023-11', '0.00', '0.00', '0.00', '1.68', '1.68', '0.00'],
      ['2024-09', '1.76', '0.00', '0.00', '18.52', '20.28', '8.66'],
    ];
    const query = 'tag=CostCenter&period=2024-09&cost=billed';
    const html = await (await page(app, `/attribution?${query}`)).text();
    expect(tableRows(html, 'coverage-table')).toEqual(expected);
    expect(html).toContain('Tag coverage of CostCenter per billing period up to 2024-09, at most the 12 latest the store holds (billed cost).');
    // The period choices are every billing period of the line items, latest first (the FOCUS sample's Oracle line of 2024-10 among them), read with the trend's periods.
    const select = /<select name="period"[^>]*>([^]*?)<\/select>/.exec(html)![1];
    const choices = [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    const stored = await sqlRows(db, 'SELECT DISTINCT x_BillingPeriod AS p FROM line_items ORDER BY p DESC');
    expect(choices).toEqual(['', ...stored.map((r) => r.p)]);
    expect(choices).toEqual(['', '2024-10', '2024-09', '2023-11', '2018-11', '2018-10']);
    const api = await (await app.request(`/api/analyses/attribution/coverage?${query}`)).json() as { rows: Record<string, string>[] };
    expect(api.rows.map((r) => Object.values(r))).toEqual(expected);
    // Up to 2023-11: the periods before it, not the one after.
    const november = await (await page(app, '/attribution?tag=CostCenter&period=2023-11&cost=billed')).text();
    expect(tableRows(november, 'coverage-table').map((r) => r[0])).toEqual(['2018-10', '2018-11', '2023-11']);
  });
});

describe('coverageRangeOf: the trend\'s range starts at the 12th latest billing period holding data up to the selection\'s last', () => {
  // calendar/billing_period_days rows: two sources, a period in runs of days, a year with no data between.
  const held = ['2016-03', '2016-04', '2017-01', '2017-02', '2017-03', '2017-04', '2017-05', '2017-06', '2017-07', '2017-08', '2017-09', '2017-10', '2017-11', '2018-02'];
  const rows = [...held.map((p) => ['aws/1', p]), ['aws/2', '2017-11'], ['aws/1', '2017-11'], ['aws/1', '2018-05']];
  const analyses = { run: async () => ({ columns: ['source', 'billing_period'], rows }) as unknown as QueryResult };
  const selection = { tag: 'team', cost: 'billed' as const };

  it('14 periods held up to 2018-02: from 2017-01 (12 periods, Dec 2017 and Jan 2018 holding none); a later period is left out; days select by their last day\'s period', async () => {
    // Each period once, earliest first, whatever its sources and runs of days: the page's choices and the trend's alike.
    const periods = await heldPeriodsOf(analyses);
    expect(periods).toEqual([...held, '2018-05']);
    expect(coverageRangeOf({ ...selection, period: '2018-02' }, periods)).toEqual({ billingFrom: '2017-01-01', billingTo: '2018-03-01' });
    expect(coverageRangeOf({ ...selection, period: '2017-03' }, periods)).toEqual({ billingFrom: '2016-03-01', billingTo: '2017-04-01' });
    expect(coverageRangeOf({ ...selection, start: '2017-12-15', end: '2018-02-02' }, periods)).toEqual({ billingFrom: '2017-01-01', billingTo: '2018-03-01' });
    // A period before any the store holds: just itself.
    expect(coverageRangeOf({ ...selection, period: '2015-01' }, periods)).toEqual({ billingFrom: '2015-01-01', billingTo: '2015-02-01' });
  });
});
