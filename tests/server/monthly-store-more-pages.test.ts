/**
 * More pages on a store without daily usage: a CUR at monthly time granularity made by DuckDB from
 * the real Oct and Nov 2018 CURs (tests/helpers/monthly-store-fixture.ts). The Optimisation page
 * was a 404 of the whole page ("no daily usage"); Storage and Data transfer showed $0.00 ("usage
 * lines only", up to "the data horizon 30 Nov 2018"); each now says what the store holds and what
 * it needs in place of its figures. Attribution's and Explore's start/end cut inside a month took
 * the month's whole bill as the days given (Explore's 5 Nov – 1 Dec was all of November's bill):
 * refused on `start`; month bounds still read the files' bills to the cent. Commitments said "data
 * horizon 30 Nov 2018" and "Purchase advice From – up to – (0 hours, $0.00 …)": it says what the
 * store holds, and why there is no advice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { duckdbRows } from '../helpers/cli.ts';
import { monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { exactOf } from '../helpers/shown-cents-rule.ts';
import { apiRows, appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

const HOLDS = "no daily usage: the store's CUR is monthly (every usage line spans its month)";
const HINT = 're-export the CUR at daily or hourly time granularity (the time granularity of the Cost and Usage Report or Data Export) and ingest it; '
  + 'whole monthly bills compare: costlens explain --from 2018-10 --to 2018-11.';
const NOTE = 'The store holds no daily usage: its CUR is monthly, every usage line spanning its month, so only whole monthly bills compare, '
  + 'and the charge classes count its usage as recurring (a charge period longer than a day).';
const CUT = 'cuts a month into days, but the store holds no daily usage: its CUR is monthly, every usage line spanning its month, '
  + 'so its lines are dated to the first of their month and only whole billing periods add up';
const units = (rows: Record<string, string | null>[], column: string) => rows.reduce((sum, r) => sum + exactOf(r[column]!), 0n);

describe('more pages on a monthly CUR (the real Oct and Nov 2018 bills, every usage line spanning its month)', () => {
  let app: CostlensApp;
  let files: { oct: string; nov: string };

  beforeAll(async () => {
    const store = await monthlyStore();
    files = { oct: store.oct, nov: store.nov };
    app = appOn(store.db);
  }, 300_000);
  afterAll(() => app?.close());

  const section = (html: string, id: string) => textOf(new RegExp(`<p class="note" id="${id}">[^]*?</p>`).exec(html)![0]);

  it('Optimisation says what the store holds and what the findings need, in place of the worklist (it was a 404 of the whole page)', async () => {
    for (const path of ['/optimisation', '/optimisation?as_of=2018-11-15&owner_key=-']) {
      const response = await page(app, path);
      const html = await response.text();
      expect(response.status, path).toBe(200);
      expect(section(html, 'no-daily-usage')).toBe(`Nothing to show: ${HOLDS}; idle and rightsizing findings read each resource's cost day by day, so they need a daily or hourly CUR.`);
      expect(section(html, 'no-daily-usage-hint')).toBe(`To find idle resources, rightsizing and modernisation: ${HINT}`);
      expect(section(html, 'whole-bills')).toBe(NOTE);
      expect(html).not.toContain('id="findings"');
    }
    expect((await page(app, '/optimisation?rule=nope')).status).toBe(400);
  });

  it('Storage and Data transfer say the store has no usage line to sum (they showed $0.00 up to "the data horizon 30 Nov 2018")', async () => {
    for (const [path, needs, hintFor] of [
      ['/storage', 'storage figures sum usage lines by month and by resource, so they need', 'To see storage by class, bucket and volume'],
      ['/data-transfer', 'data transfer compares days of usage month to date, so it needs', 'To see data transfer by type and source'],
    ]) {
      const response = await page(app, path);
      const html = await response.text();
      expect(response.status, path).toBe(200);
      expect(section(html, 'no-daily-usage')).toBe(`Nothing to show: ${HOLDS}; ${needs} a daily or hourly CUR.`);
      expect(section(html, 'no-daily-usage-hint')).toBe(`${hintFor}: ${HINT}`);
      expect(section(html, 'whole-bills')).toBe(NOTE);
      for (const absent of ['$0.00', 'data horizon', 'usage lines only']) expect(textOf(html), `${path}: ${absent}`).not.toContain(absent);
    }
  });

  it('Attribution refuses start/end cut inside a month on start; on month bounds its rows are the files\' two bills', async () => {
    const cut = await page(app, '/attribution?tag=cost_center&start=2018-10-15&end=2018-11-15&cost=billed');
    expect(cut.status).toBe(400);
    const text = textOf(await cut.text());
    expect(text).toContain(`Nothing is shown until the marked field is fixed: the range start 2018-10-15, end 2018-11-15 ${CUT}`);
    expect(text).toContain('give start and end on the first of a month (start 2018-10-01, end 2018-12-01), or period 2018-10 to 2018-11 one at a time');
    const api = await app.request('/api/analyses/attribution/allocation?tag=cost_center&start=2018-11-05&end=2018-12-01');
    expect(api.status).toBe(400);
    const rows = await apiRows(await app.request('/api/analyses/attribution/allocation?tag=cost_center&start=2018-10-01&end=2018-12-01'));
    // Each bill's rows are its cents (largest remainder), as DuckDB rounds the file's BilledCost.
    const bills = await duckdbRows(`SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period,
        CAST(round(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))), 2) AS VARCHAR) AS billed FROM read_parquet([$oct, $nov]) GROUP BY 1 ORDER BY 1`, files);
    expect(bills.map((b) => [b.period, b.billed])).toEqual([['2018-10', '4064.48'], ['2018-11', '3505.33']]);
    for (const bill of bills) expect(units(rows.filter((r) => r.period === bill.period), 'billed_cost'), bill.period!).toBe(exactOf(bill.billed!));
  });

  it('Explore refuses a custom range cut inside a month on start (5 Nov – 1 Dec read all of November\'s bill); month bounds read the files\' bills', async () => {
    const cut = await page(app, '/explore?dimension=service&start=2018-11-05&end=2018-12-01&cost=billed');
    expect(cut.status).toBe(400);
    expect(textOf(await cut.text())).toContain(`the range start 2018-11-05, end 2018-12-01 ${CUT} (give start and end on the first of a month (start 2018-11-01, end 2018-12-01))`);
    expect((await app.request('/api/analyses/explore/spend_by?start=2018-11-05&end=2018-12-01')).status).toBe(400);
    const [both] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet([$oct, $nov])`, files);
    expect(both.billed).toBe('7569.8100996647');
    const rows = await apiRows(await app.request('/api/analyses/explore/spend_by?start=2018-10-01&end=2018-12-01&top=500'));
    expect(units(rows, 'cost')).toBe(exactOf(both.billed!));
    expect((await page(app, '/explore?dimension=service&start=2018-10-01&end=2018-12-01&cost=billed')).status).toBe(200);
  });

  it('Commitments say what the store holds (not "data horizon 30 Nov 2018") and why there is no purchase advice (not "From – up to –")', async () => {
    const html = await (await page(app, '/commitments?period=2018-11')).text();
    const text = textOf(html);
    expect(textOf(/<p class="as-of" id="period-days">[^]*?<\/p>/.exec(html)![0])).toBe('Billing period 2018-11: 1–30 Nov 2018, complete (complete bills through Nov 2018).');
    expect(section(html, 'whole-bills')).toBe('The store holds no daily usage: its CUR is monthly, every usage line spanning its month, so commitments are read bill by bill: '
      + 'utilisation and coverage over each whole monthly bill, expiry counted from the end of the last complete bill.');
    expect(text).toContain('Expiry (after 30 Nov 2018, the end of the last complete bill)');
    expect(text).toContain('No commitment ends within the expiry windows after 30 Nov 2018, the end of the last complete bill.');
    expect(textOf(/<h2>Purchase advice<\/h2>([^]*?)<p class="range">Rightsizing/.exec(html)![1])).toBe("no purchase advice: it replays each hour's on-demand spend, "
      + 'and the store holds no daily usage (its CUR is monthly, every usage line spanning its month).');
    for (const absent of ['data horizon', 'From – up to', 'id="advice"']) expect(html).not.toContain(absent);
    const [unused] = await duckdbRows(`SELECT CAST(sum(CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10))
        + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10))) AS VARCHAR) AS cost FROM read_parquet($nov) WHERE line_item_line_item_type = 'RIFee'`, { nov: files.nov });
    expect(/id="commitments-unused">[^]*?data-value="([^"]*)">([^<]*)</.exec(html)!.slice(1)).toEqual([unused.cost, '$43.22']);
  });
});
