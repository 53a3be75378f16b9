/**
 * The Overview and Explore pages on the real October and November 2018 files (the cached store of
 * one `costlens ingest` each, only read), as of 15 November 2018: each figure as line_items sums it,
 * the days compared and those not in the store named, filters kept in the URL, bad ones refused with a
 * 400; and the page shell (no inline script or style, the navigation, user text escaped). The charts on
 * the same store: dashboards-charts.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { storeReader, type StoreReader } from '../helpers/read-only-sql-session.ts';
import { realFilesStore } from '../helpers/real-2018-store.ts';
import { appOn, dashboardLinks, expectSecurityHeaders, navigationOf, page } from './helpers.ts';

function dataValue(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"[^]*?class="figure[^"]*" data-value="([^"]*)"`).exec(html)?.[1];
}

/** Usage, restated from the CUR line item types: usage lines whose charge period is at most a day (the RIFee lines are month-long). */
const USAGE = `x_LineItemType IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY`;

describe('charts and pages on the real October and November 2018 files, as of 15 November 2018', () => {
  let app: CostlensApp;
  /** The store opened once for the file's SQL (nothing writes to it). */
  let store: StoreReader;
  const sqlRows = (sql: string) => store.rows(sql);

  beforeAll(async () => {
    const db = await realFilesStore();
    app = appOn(db);
    store = storeReader(db);
  });
  afterAll(async () => {
    app.close();
    await store?.close();
  });

  /** `$1,234.57` from exact decimal text, rounded by DuckDB (independently of the server's formatting). */
  async function dollars(value: string): Promise<string> {
    const [row] = await sqlRows(`SELECT CAST(round(CAST('${value}' AS DECIMAL(38,10)), 2) AS VARCHAR) AS v`);
    const [whole, cents] = row.v!.replace('-', '').split('.');
    return `${row.v!.startsWith('-') ? '−' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(cents ?? '').padEnd(2, '0')}`;
  }

  describe('Overview', () => {
    it('month to date: usage on the same complete days of the two months (1–30 Nov against 1–30 Oct), as of the data horizon, not the clock', async () => {
      const response = await page(app, '/');
      expect(response.status).toBe(200);
      expectSecurityHeaders(response);
      const html = await response.text();
      const [expected] = await sqlRows(`SELECT
          sum(CASE WHEN ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01' THEN BilledCost END) AS current_cost,
          sum(CASE WHEN ChargePeriodStart >= TIMESTAMP '2018-10-01' AND ChargePeriodStart < TIMESTAMP '2018-10-31' THEN BilledCost END) AS previous_cost
        FROM line_items WHERE ${USAGE}`);
      expect(dataValue(html, 'mtd-current')).toBe(expected.current_cost);
      expect(dataValue(html, 'mtd-previous')).toBe(expected.previous_cost);
      expect(html).toContain(`>${await dollars(expected.current_cost!)}<`);
      expect(html).toContain(`>${await dollars(expected.previous_cost!)}<`);
      const [change] = await sqlRows(`SELECT CAST(round(100 * (CAST('${expected.current_cost}' AS DOUBLE) - CAST('${expected.previous_cost}' AS DOUBLE)) / CAST('${expected.previous_cost}' AS DOUBLE), 2) AS VARCHAR) AS pct`);
      expect(html).toContain(`${change.pct!.replace('-', '−')}% on the same days`);
      expect(html).toContain('As of 30 Nov 2018, the last complete day in the store.');
      expect(html).toContain('<strong id="mtd-days">1–30 Nov 2018 (30 days)</strong> against <strong>1–30 Oct 2018 (30 days)</strong>');
      // The RI fees post once a month: listed as their own class, with October's whole month beside November's.
      const [fees] = await sqlRows(`SELECT sum(BilledCost) FILTER (WHERE x_BillingPeriod = '2018-11') AS nov, sum(BilledCost) FILTER (WHERE x_BillingPeriod = '2018-10') AS oct
        FROM line_items WHERE x_LineItemType = 'RIFee'`);
      expect(html).toMatch(new RegExp(`<tr data-class="recurring"><td>[^<]*</td><td data-value="${fees.nov}">[^<]*</td><td data-value="${fees.oct}">`));
    });

    it('labels freshness: the last charge day, the last ingest and the provisional period (November, the current month)', async () => {
      const html = await (await page(app, '/')).text();
      const [ingest] = await sqlRows(`SELECT CAST(max(finished_at) AS VARCHAR) AS at FROM ingests`);
      expect(html).toContain('Complete through <strong data-value="2018-11-30">30 Nov 2018</strong>');
      expect(html).toContain(`last ingest ${ingest.at!.slice(0, 16)} UTC`);
      expect(html).toContain('243,647 line items');
      expect(html).toMatch(/id="provisional">Provisional, will change until invoiced:\s*<span data-period="2018-11">2018-11 \(aws\/836060457634: current month\)<\/span><\/p>/);
      expect(html).not.toContain('data-period="2018-10"');
    });

    it('top services and accounts, usage month to date, each figure as line_items sums it', async () => {
      const html = await (await page(app, '/')).text();
      const services = await sqlRows(`SELECT ServiceName AS service, sum(BilledCost) AS cost FROM line_items
        WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01' AND ${USAGE} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`);
      const table = /<table class="numbers stack" id="top-services">([^]*?)<\/table>/.exec(html)![1];
      // CloudWatch Events ($0.000572) reads <$0.01, its exact amount in a title too.
      const shown = [...table.matchAll(/<tr><td>([^<]*)<\/td><td data-value="([^"]*)"(?: title="[^"]*")?>/g)].map((m) => ({ service: m[1], cost: m[2] }));
      expect(shown).toEqual(services);
      const accounts = /<table class="numbers stack" id="top-accounts">([^]*?)<\/table>/.exec(html)![1];
      expect([...accounts.matchAll(/<tr><td>(\d+)<\/td><td class="text"><\/td><td data-value="([^"]*)">/g)].map((m) => [m[1], m[2]])).toEqual(
        (await sqlRows(`SELECT SubAccountId AS a, sum(BilledCost) AS c FROM line_items
          WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01' AND ${USAGE} GROUP BY 1 ORDER BY 2 DESC`)).map((r) => [r.a, r.c]),
      );
    });

    it('as_of and cost stay in the URL: effective cost as of 31 October, whose 31 days before (31 Aug – 30 Sep: September has no 31st) precede the data, so nothing is compared', async () => {
      const html = await (await page(app, '/?as_of=2018-10-31&cost=effective')).text();
      const [expected] = await sqlRows(`SELECT sum(EffectiveCost) AS c FROM line_items WHERE x_BillingPeriod = '2018-10' AND ${USAGE}`);
      expect(dataValue(html, 'mtd-current')).toBe(expected.c);
      // September is not in the store: no data, not $0.00, and no change or explanation made of it.
      expect(dataValue(html, 'mtd-previous')).toBe('');
      expect(html).toMatch(/id="mtd-previous">\s*<h2>Usage, the 31 days before<\/h2>\s*<p class="figure" data-value="">no data<\/p>\s*<p class="range">31 Aug – 30 Sep 2018 \(31 days\): before the store&#39;s billing data<\/p>/);
      expect(dataValue(html, 'mtd-change')).toBe('');
      expect(html).toContain('This month&#39;s complete days and as many days just before it (last month has fewer days): <strong id="mtd-days">1–31 Oct 2018 (31 days)</strong> against <strong>31 Aug – 30 Sep 2018 (31 days)</strong>.');
      expect(html).toContain('<span id="before-data">The store&#39;s billing data begins on 1 Oct 2018, so the 31 days before are not in it and usage is not compared.</span>');
      expect(html).toContain('No explanation: the 31 days before (31 Aug – 30 Sep 2018) are not in the store: the store&#39;s billing data begins on 1 Oct 2018.');
      expect(html).not.toContain('data-chart="month_to_date_by_service"');
      expect(/<table class="numbers stack" id="top-services">\s*<thead><tr><th>Service<\/th><th>This month<\/th><th>Share<\/th><\/tr><\/thead>/.test(html)).toBe(true);
      expect(html).toContain("<span id=\"previous-month-partial\">The store&#39;s billing data begins on 1 Oct 2018, so Sep 2018 is not in it.</span>");
      expect(/<tr data-class="total"><th>Total<\/th><td data-value="[^"]*">[^<]*<\/td><td data-value="">no data<\/td><\/tr>/.test(html)).toBe(true);
      expect(html).toMatch(/data-chart="daily_spend_by_service" data-params="start=2018-09-01&amp;end=2018-11-01&amp;[^"]*cost=effective"/);
      expect(html).toContain('<input type="date" name="as_of" value="2018-10-31" required>');
      expect(html).toContain('<option value="effective" selected>');
    });

    it('a bad as_of is a 400 page with the message and the security headers', async () => {
      const response = await page(app, '/?as_of=2018-02-30');
      expect(response.status).toBe(400);
      expectSecurityHeaders(response);
      expect(await response.text()).toContain('as_of must be a date YYYY-MM-DD; got &quot;2018-02-30&quot;');
    });
  });

  describe('Explore', () => {
    it('a URL without filters is redirected to one that spells out the defaults (the last 30 complete days, as the preset)', async () => {
      const response = await page(app, '/explore');
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/explore?dimension=service&preset=last_30_days&cost=billed');
      const tagged = await page(app, '/explore?dimension=tag&tag_key=cost_center');
      expect(tagged.headers.get('location')).toBe('/explore?dimension=tag&tag_key=cost_center&preset=last_30_days&cost=billed');
    });

    it('groups October by the cost_center tag: table, total and charts from the same filters', async () => {
      const response = await page(app, '/explore?dimension=tag&tag_key=cost_center&start=2018-10-01&end=2018-11-01&cost=billed');
      expect(response.status).toBe(200);
      const html = await response.text();
      // Each value links to its drill-down (the services of that cost centre): the link's text is the value.
      const rows = [...html.matchAll(/<tr><td>(?:<a class="drill" href="[^"]*"[^>]*>)?([^<]*)(?:<\/a>)?<\/td><td data-value="([^"]*)">([^<]*)<\/td>/g)].map((m) => [m[1], m[2], m[3]]);
      expect(rows).toEqual([
        ['(untagged)', '3682.9708968519', '$3,682.97'],
        ['Cost001', '174.8049056859', '$174.80'],
        ['Cost002', '149.3873981614', '$149.39'],
        ['Cost006', '37.2359982298', '$37.24'],
        ['Cost005', '14.1495820005', '$14.15'],
        ['Cost004', '5.9343506084', '$5.93'],
      ]);
      expect(html).toContain('<span class="figure" id="explore-total" data-value="4064.4831315379">$4,064.48</span>');
      expect(html).toContain('119,307 line items, 1–31 Oct 2018, by tag cost_center');
      // A tag key keeps the bill's spelling in the sentences (it was lower-cased: "by tag name" for Name).
      const byName = await (await page(app, '/explore?dimension=tag&tag_key=Name&start=2018-10-01&end=2018-11-01&cost=billed')).text();
      expect(byName).toContain('119,307 line items, 1–31 Oct 2018, by tag Name');
      expect(byName).toContain('Select a value of tag Name in a chart, its legend or the table to see its services.');
      expect(html).toContain('data-chart="explore_daily" data-params="dimension=tag&amp;tag_key=cost_center&amp;start=2018-10-01&amp;end=2018-11-01&amp;cost=billed&amp;top=8"');
      expect(html).toContain('<option value="cost_center" selected>cost_center</option>');
      expect(html).toContain('href="/api/analyses/explore/spend_by?dimension=tag&amp;tag_key=cost_center&amp;start=2018-10-01&amp;end=2018-11-01&amp;cost=billed&amp;top=500&amp;format=csv"');
    });

    it('a compared span before the store\'s billing data (from 1 Oct 2018) is no data, not $0.00; one that starts before it is not compared either, and names the days not in the store', async () => {
      const none = await (await page(app, '/explore?dimension=service&start=2018-10-01&end=2018-10-11&cost=billed&compare=previous')).text();
      const summary = (html: string) => /<p class="summary compare" id="explore-compare">([^]*?)<\/p>/.exec(html)![1].replace(/\s+/g, ' ').trim();
      expect(summary(none)).toBe('<span>Previous period (same length): 21–30 Sep 2018:</span> <span class="figure" data-value="">no data</span> <span class="change-line">not compared: the store&#39;s billing data begins on 1 Oct 2018</span>');
      expect(none).not.toMatch(/>Compared<\/th>/);
      const part = await (await page(app, '/explore?dimension=service&start=2018-10-05&end=2018-10-15&cost=billed&compare=previous')).text();
      const [before] = await sqlRows(`SELECT sum(BilledCost) AS c FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2018-09-25' AND ChargePeriodStart < TIMESTAMP '2018-10-05'`);
      expect(summary(part)).toContain(`<span class="figure" data-value="${before.c}">`);
      expect(part).not.toMatch(/>Compared<\/th>/);
      expect(summary(part)).toContain('<span class="change-line">not compared</span>');
      expect(summary(part)).toContain('<span class="note" id="explore-compare-partial">(the store&#39;s billing data begins on 1 Oct 2018: 25–30 Sep 2018 are not in it, and a day not in the store is not a day of no spend)</span>');
    });

    it('changing a filter changes the figures: effective cost of the same range', async () => {
      const html = await (await page(app, '/explore?dimension=account&start=2018-10-01&end=2018-11-01&cost=effective')).text();
      const expected = await sqlRows(`SELECT SubAccountId AS a, sum(EffectiveCost) AS c FROM line_items WHERE x_BillingPeriod = '2018-10' GROUP BY 1 ORDER BY 2 DESC`);
      const rows = [...html.matchAll(/<tr><td><a class="drill" href="[^"]*"[^>]*>(\d+)<\/a><\/td><td>[^<]*<\/td><td data-value="([^"]*)">/g)].map((m) => ({ a: m[1], c: m[2] }));
      expect(rows).toEqual(expected);
      expect(html).toContain('<p class="note" id="explore-drill-hint">Select an account in a chart, its legend or the table to see its services.</p>');
      const byUsageType = await (await page(app, '/explore?dimension=usage_type&start=2018-10-01&end=2018-11-01&cost=billed')).text();
      expect(byUsageType).toMatch(/Select a usage type in a chart, its legend or the table to see /);
      const [total] = await sqlRows(`SELECT sum(EffectiveCost) AS c FROM line_items WHERE x_BillingPeriod = '2018-10'`);
      expect(html).toContain(`id="explore-total" data-value="${total.c}"`);
      expect(total.c).toBe('4195.9571093179');
    });

    it('refuses filters that make no sense with a 400 page naming the problem', async () => {
      const cases: [string, string][] = [
        ['/explore?dimension=service&start=2018-11-01&end=2018-10-01&cost=billed', 'start (2018-11-01) must be before end (2018-10-01); end is exclusive'],
        ['/explore?dimension=tag&start=2018-10-01&end=2018-11-01&cost=billed', 'grouping by tag needs a tag key'],
        ['/explore?dimension=tag&tag_key=-&start=2018-10-01&end=2018-11-01&cost=billed', 'grouping by tag needs a tag key'],
        ['/explore?dimension=colour&start=2018-10-01&end=2018-11-01&cost=billed', 'parameter &quot;dimension&quot; of explore/spend_by must be one of service, account, region, usage_type, tag'],
        ['/explore?dimension=service&start=2015-01-01&end=2018-11-01&cost=billed', 'the range is 1400 days; at most 1096 are shown'],
        ['/explore?dimension=service&start=2018-10-01&end=2018-11-01&cost=list', 'parameter &quot;cost&quot; of explore/spend_by must be one of billed, effective'],
        ['/explore?dimension=service&dimension=region&start=2018-10-01&end=2018-11-01&cost=billed', '&quot;dimension&quot; is given 2 times'],
        ['/explore?dimension=service&start=2018-10-01&end=2018-11-31&cost=billed', 'end must be a date YYYY-MM-DD; got &quot;2018-11-31&quot;'],
      ];
      for (const [path, message] of cases) {
        const response = await page(app, path);
        expect(response.status, path).toBe(400);
        expectSecurityHeaders(response);
        expect(await response.text(), path).toContain(message);
      }
    });
  });

  describe('page shell', () => {
    it('no inline script or style anywhere: scripts are external files, no on* handlers, no style attributes', async () => {
      for (const path of ['/', '/explore?dimension=service&start=2018-10-01&end=2018-11-01&cost=billed']) {
        const html = await (await page(app, path)).text();
        const scripts = [...html.matchAll(/<script([^>]*)>([^]*?)<\/script>/g)];
        expect(scripts.map((m) => m[1].trim())).toEqual([
          'src="/vendor/vega.js" defer', 'src="/vendor/vega-lite.js" defer', 'src="/vendor/vega-embed.js" defer', 'src="/assets/filters.js" defer', 'src="/assets/app.js" type="module"',
        ]);
        expect(scripts.every((m) => m[2] === '')).toBe(true);
        expect(html).not.toMatch(/\son[a-z]+=/i);
        expect(html).not.toMatch(/\sstyle=/i);
        expect(html).not.toContain('<style');
      }
    });

    it('the navigation links Overview, Explore, Attribution, Optimisation and Commitments; no greyed slot is left', async () => {
      const html = await (await page(app, '/explore?dimension=service&start=2018-10-01&end=2018-11-01&cost=billed')).text();
      expect(navigationOf(html)).toEqual({ links: dashboardLinks('/explore'), hasSlot: false });
      expect((await page(app, '/attribution')).status).toBe(302);
    });

    it('user text is escaped: a tag key with markup comes back inert', async () => {
      const html = await (await page(app, '/explore?dimension=tag&tag_key=%3Cscript%3Ealert(1)%3C%2Fscript%3E&start=2018-10-01&end=2018-11-01&cost=billed')).text();
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  });
});
