/**
 * The Attribution page on the real October and November 2018 files (the cached store of one
 * `costlens ingest` each, only read) without a config: it starts with the raw key that looks like an
 * owner, and its page and CSV are `costlens attribute --format csv`'s, reconciled to the line items.
 * On the demo organisation with its config: attribution.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { sqlRows } from '../helpers/cli.ts';
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
