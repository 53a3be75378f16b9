/**
 * `costlens serve` on a store without daily usage: a CUR at monthly time granularity, made by
 * DuckDB from the real Oct and Nov 2018 CURs (tests/helpers/monthly-store-fixture.ts), whose usage
 * lines each span their month. The store has no data horizon. The Overview said "Complete through
 * 1 Nov 2018 (the last complete charge day of usage)" and compared 1 Nov against 1 Oct as $0.00 of
 * usage; it now says what the store holds (whole monthly bills through Nov 2018, billSpan's last
 * day, with the whole-bills note) and shows the whole bills, to the cent of DuckDB on the files.
 * Explore defaulted to 3 Oct – 1 Nov (November's whole bill and none of October's) and now to
 * the last complete bill; Attribution and Commitments said "the store holds no billing data" and
 * now default to it, with figures DuckDB restates from the files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billSpan } from '../../src/analyze/billing-calendar.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { fileSums, monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { riFeeStoreNovNotInvoiced } from '../helpers/monthly-store-not-invoiced.ts';
import { exactOf } from '../helpers/shown-cents-rule.ts';
import { apiRows, appOn, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';
import { codePointOrder } from '../../src/lib/order.ts';

/** A card's figure: its exact data-value and the text shown. */
function card(html: string, id: string): [string, string] {
  const m = new RegExp(`id="${id}">\\s*<h2>[^<]*</h2>\\s*<p class="figure[^"]*" data-value="([^"]*)">([^<]*)</p>`).exec(html);
  return [m![1], m![2]];
}

const units = (rows: Record<string, string | null>[], column: string) => rows.reduce((sum, r) => sum + exactOf(r[column]!), 0n);

describe('the pages on a monthly CUR (the real Oct and Nov 2018 bills, every usage line spanning its month)', () => {
  let app: CostlensApp;
  let files: { oct: string; nov: string };
  let db: string;

  beforeAll(async () => {
    const store = await monthlyStore();
    ({ db } = store);
    files = { oct: store.oct, nov: store.nov };
    app = appOn(db);
  }, 300_000);
  afterAll(() => app?.close());

  it('the Overview says what the store holds: whole monthly bills through Nov 2018 (billSpan\'s last day), not "complete through 1 Nov 2018"', async () => {
    const span = await withEngine(db, (engine) => billSpan(engine));
    expect([span.lastDay, span.wholeBillsOnly?.kind, span.wholeBillsOnly?.periods]).toEqual(['2018-11-30', 'monthly', ['2018-10', '2018-11']]);
    const html = await (await page(app, '/')).text();
    expect(html).toContain(`Whole monthly bills through <strong data-value="${span.lastDay.slice(0, 7)}">Nov 2018</strong> (the last complete bill)`);
    expect(textOf(/<p class="note" id="whole-bills">[^]*?<\/p>/.exec(html)![0])).toBe('The store holds no daily usage: its CUR is monthly, every usage line spanning its month, '
      + 'so only whole monthly bills compare, and the charge classes count its usage as recurring (a charge period longer than a day).');
    for (const absent of ['Complete through', 'last complete charge day of usage', 'Usage, month to date', 'id="mtd-current"', 'id="anomaly-events"']) expect(html).not.toContain(absent);
    // Each billing period covers its whole month (its lines span it), not 1 Oct – 1 Oct, in daySpan's words (it read "2018-10-01 – 2018-10-31").
    expect(html).toContain('<td>1–31 Oct 2018 (the whole month)</td>');
  });

  it('its cards are the bills of Nov and Oct 2018 and their change, to the cent of DuckDB on the files; by invoice class each bill adds up to them', async () => {
    const sums = await fileSums([files.oct, files.nov]);
    expect([sums['2018-10'].billed, sums['2018-11'].billed]).toEqual(['4064.4831315379', '3505.3269681268']);
    const html = await (await page(app, '/')).text();
    expect(card(html, 'bill-current')).toEqual([sums['2018-11'].billed, '$3,505.33']);
    expect(card(html, 'bill-previous')).toEqual([sums['2018-10'].billed, '$4,064.48']);
    expect(card(html, 'bill-change')).toEqual(['-559.1561634111', '−$559.15']);
    expect(textOf(/id="bill-change">([^]*?)<\/div>/.exec(html)![1])).toContain('−13.76% against the bill of Oct 2018');
    const classes = await duckdbRows(`SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period,
        CASE WHEN line_item_line_item_type = 'RIFee' THEN 'commitment-fees' ELSE 'usage' END AS class,
        CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed
      FROM read_parquet([$oct, $nov]) GROUP BY 1, 2 ORDER BY 2 DESC, 1 DESC`, files);
    const table = /id="bill-classes">([^]*?)<\/table>/.exec(html)![1];
    const rows = [...table.matchAll(/<tr data-class="([^"]*)">\s*<t[dh]>[^<]*<\/t[dh]>\s*<td data-value="([^"]*)">([^<]*)<\/td>\s*<td data-value="([^"]*)">([^<]*)<\/td>/g)].map((m) => m.slice(1));
    // Each column's rows add up to its total as shown (largest remainder, as `costlens invoice` prints
    // a bill): November's 3357.9429… and 147.384 floor to 3357.94 + 147.38 = 3505.32, a cent short of
    // 3505.33, which goes to the larger remainder (0.40 of a cent against 0.30): 147.39; October's
    // 3914.7077… and 149.7753… floor to 4064.47, and its cent goes to usage (0.78 against 0.54).
    expect(rows).toEqual([
      ['usage', classes[0].billed, '$3,357.94', classes[1].billed, '$3,914.71'],
      ['commitment-fees', classes[2].billed, '$147.39', classes[3].billed, '$149.77'],
      ['total', sums['2018-11'].billed, '$3,505.33', sums['2018-10'].billed, '$4,064.48'],
    ]);
    expect(classes.map((c) => c.billed)).toEqual(['3357.9429681268', '3914.7077525379', '147.3840000000', '149.7753790000']);
    // At amortised cost, the bills are the files' EffectiveCost (RI fees at their unused share).
    const effective = await (await page(app, '/?cost=effective')).text();
    expect([card(effective, 'bill-current')[0], card(effective, 'bill-previous')[0]]).toEqual([sums['2018-11'].effective, sums['2018-10'].effective]);
  });

  it('refuses an as-of day inside a month (a bill is not cut at a day), and reads no data for a month the store does not hold', async () => {
    const inside = await page(app, '/?as_of=2018-11-15');
    expect(inside.status).toBe(400);
    expect(textOf(await inside.text())).toContain('Nothing is shown until the marked field is fixed: as_of 2018-11-15 is a day inside Nov 2018, but the store holds no daily usage '
      + '(its CUR is monthly, every usage line spanning its month), so the Overview shows whole monthly bills');
    const october = await (await page(app, '/?as_of=2018-10-31')).text();
    expect(card(october, 'bill-current')).toEqual([(await fileSums([files.oct]))['2018-10'].billed, '$4,064.48']);
    expect(card(october, 'bill-previous')).toEqual(['', 'no data']);
    expect(textOf(/id="bill-change">([^]*?)<\/div>/.exec(october)![1])).toBe('Change not compared Sep 2018 is not in the store');
  });

  it('Explore defaults to the last complete bill, 1–30 Nov 2018 (it took 3 Oct – 1 Nov: November\'s whole bill and none of October\'s), its total the file\'s', async () => {
    const response = await app.request('/explore', { headers: { accept: 'text/html' } });
    expect([response.status, response.headers.get('location')]).toEqual([302, '/explore?dimension=service&preset=last_month&cost=billed']);
    const opened = await (await app.request(response.headers.get('location')!, { headers: { accept: 'text/html' } })).text();
    expect(textOf(/<span class="note" id="explore-preset">([^]*?)<\/span>/.exec(opened)![1])).toBe('(Last month: the whole bill of Nov 2018, the last complete bill; the store holds no daily usage)');
    const rows = await apiRows(await app.request('/api/analyses/explore/spend_by?start=2018-11-01&end=2018-12-01&top=500'));
    expect(units(rows, 'cost')).toBe(exactOf((await fileSums([files.nov]))['2018-11'].billed));
  });

  it('Attribution defaults to the last complete bill (it said "the store holds no billing data"): cost_center\'s values as DuckDB sums them on the file', async () => {
    const response = await app.request('/attribution?tag=cost_center', { headers: { accept: 'text/html' } });
    expect([response.status, response.headers.get('location')]).toEqual([302, '/attribution?tag=cost_center&period=2018-11&cost=billed']);
    const byValue = await duckdbRows(`SELECT coalesce(nullif(resource_tags_user_cost_center, ''), '(untagged)') AS value,
        CAST(round(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))), 2) AS VARCHAR) AS billed
      FROM read_parquet($nov) GROUP BY 1 ORDER BY 1`, { nov: files.nov });
    const rows = await apiRows(await app.request('/api/analyses/attribution/allocation?tag=cost_center'));
    expect(rows.map((r) => [r.period, r.value, r.billed_cost]).sort((a, b) => codePointOrder(String(a[1]), String(b[1])))).toEqual(byValue.map((v) => ['2018-11', v.value, v.billed]).sort((a, b) => codePointOrder(String(a[1]), String(b[1]))));
    expect(units(rows, 'billed_cost')).toBe(350533n * 10n ** 8n);
  });

  it('Commitments default to the last complete bill (it said "the store holds no billing data"): unused RI cost as DuckDB sums the RI fee lines', async () => {
    const response = await app.request('/commitments', { headers: { accept: 'text/html' } });
    expect([response.status, response.headers.get('location')]).toEqual([302, '/commitments?period=2018-11']);
    const [unused] = await duckdbRows(`SELECT CAST(sum(CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10))
        + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10))) AS VARCHAR) AS cost FROM read_parquet($nov) WHERE line_item_line_item_type = 'RIFee'`, { nov: files.nov });
    expect(unused.cost).toBe('43.2164383600');
    const rows = await apiRows(await app.request('/api/analyses/commitments/by_commitment'));
    expect([rows.length, units(rows, 'unused_cost')]).toEqual([9, exactOf(unused.cost!)]);
    const html = textOf(await (await page(app, '/commitments?period=2018-11')).text());
    expect(html).toContain("no purchase advice: it replays each hour's on-demand spend, and the store holds no daily usage (its CUR is monthly, every usage line spanning its month)");
  });
});

describe('the Overview on a store of RI fee lines whose November bill is not invoiced yet', () => {
  let app: CostlensApp;
  let store: { db: string; file: string };

  beforeAll(async () => {
    store = await riFeeStoreNovNotInvoiced();
    app = appOn(store.db);
  }, 120_000);
  afterAll(() => app?.close());

  it('judged on 1 Jun 2019, November\'s bill is still provisional, not yet invoiced, as costlens status has it (the page said "Every billing period shown is final (invoiced)" beside "2018-11 … not invoiced yet")', async () => {
    // By DuckDB on the file: October's lines carry an InvoiceId, none of November's; one payer.
    const invoiced = await duckdbRows(`SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period, count(bill_invoice_id) AS invoiced, string_agg(DISTINCT bill_payer_account_id) AS payer
      FROM read_parquet($file) GROUP BY 1 ORDER BY 1`, { file: store.file });
    expect(invoiced.map((r) => [r.period, r.invoiced === '0', r.payer])).toEqual([['2018-10', false, '836060457634'], ['2018-11', true, '836060457634']]);
    const status = JSON.parse((await costlens(store.db, 'status', '--format', 'json', '--today', '2019-06-01')).stdout) as Record<string, string>[];
    expect(status.map((r) => [r.billingPeriod, r.provisional])).toEqual([['2018-10', 'no'], ['2018-11', 'yes: not yet invoiced']]);
    const later = appOn(store.db, { clock: () => new Date('2019-06-01T12:00:00Z') });
    try {
      const html = await (await page(later, '/')).text();
      expect(html).not.toContain('final (invoiced)');
      expect(html).toMatch(/<p class="provisional" id="provisional">Provisional, will change until invoiced:\s*<span data-period="2018-11">2018-11 \(aws\/836060457634: not yet invoiced\)<\/span><\/p>/);
      // Why is said once, in the whole-bills note (invoice's note gives the same words).
      expect(html).toContain('<span id="incomplete-bill">2018-11 is the latest bill in the store and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change.</span>');
      expect(html).not.toContain('id="incomplete-periods"');
    } finally {
      later.close();
    }
  });

  it('says its bills are whole through Oct 2018 and that November\'s may still change; as of the end of November it shows that bill, not complete', async () => {
    const html = await (await page(app, '/')).text();
    expect(html).toContain('Whole monthly bills through <strong data-value="2018-10">Oct 2018</strong> (the last complete bill)');
    expect(textOf(/<p class="note" id="whole-bills">[^]*?<\/p>/.exec(html)![0])).toBe('The store holds no daily usage: it holds fees but no usage lines (recurring fees, billing periods 2018-10 to 2018-11), so only whole monthly bills compare. '
      + '2018-11 is the latest bill in the store and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change.');
    expect(card(html, 'bill-current')).toEqual(['149.7753790000', '$149.78']);
    const november = await (await page(app, '/?as_of=2018-11-30')).text();
    expect(card(november, 'bill-current')).toEqual(['147.3840000000', '$147.38']);
    expect(textOf(/id="bill-current">([^]*?)<\/div>/.exec(november)![1])).toBe('Bill, Nov 2018 $147.38 not complete yet (not invoiced)');
    expect(textOf(/id="why-it-changed-bills">([^]*?)<\/section>/.exec(november)![1])).toBe('Why it changed No explanation yet: 2018-11 is the latest bill in the store and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change.');
  });
});
