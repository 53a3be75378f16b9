/**
 * Defects a review of the server pages found, each restated from SQL on the shared demo (as of
 * 15 Nov 2026: charge days 1 Sep – 14 Nov 2026, data horizon 14 Nov):
 * - Explore's daily chart drew a month's fees and tax as one tall bar with no word of it unless a
 *   comparison was on; it now says what the days shown hold of fees, tax and credits.
 * - Explore's total over days the store does not hold named them only with a comparison on.
 * - The resource view showed $0.00 and "no finding" for days outside the store (a 400 now, as on
 *   Explore and Optimisation), and answered a missing or unknown id without its form.
 * - Data transfer's top sources rounded each change on its own, not as the difference of the two
 *   figures shown beside it.
 * - The KPI page named the month in progress like the whole months beside it.
 * - Explore's CSV left out the comparison the page showed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { sqlRows } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { exactOf, roundCents, usd } from '../helpers/shown-cents-rule.ts';
import { page } from './helpers.ts';
import { demoApp, tableRows, textOf } from './page-helpers.ts';

const days = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;

/** An exact decimal text rounded once to whole cents (half away from zero). */
const cents = (decimal: string | null | undefined) => roundCents(exactOf(decimal ?? '0'));

describe('pages review on the demo organisation', () => {
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    ({ db, app } = await demoApp());
  }, 600_000);
  afterAll(() => app?.close());

  const one = async (sql: string) => (await sqlRows(db, sql))[0];

  it('the store holds 1 Sep – 14 Nov 2026 (its first charge day and data horizon, by SQL)', async () => {
    const row = await one(`SELECT CAST(min(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS first,
      CAST(max(CAST(ChargePeriodStart AS DATE)) FILTER (WHERE x_ChargeClass = 'usage' AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY) AS VARCHAR) AS horizon FROM line_items`);
    expect([row.first, row.horizon]).toEqual(['2026-09-01', '2026-11-14']);
  });

  describe('Explore', () => {
    it('the daily chart says what the days shown hold of postings (charge periods longer than a day), and the day with the most, without a comparison', async () => {
      // Last 30 days: 16 Oct – 14 Nov 2026. 1 Nov holds the month's fees and tax (tests/server/dups-explore-postings.test.ts checks the note's whole text).
      const POSTED = 'ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY';
      const html = await (await page(app, '/explore?dimension=service&preset=last_30_days&cost=billed')).text();
      const posted = await one(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days('2026-10-16', '2026-11-15')} AND ${POSTED}`);
      const byDay = await sqlRows(db, `SELECT CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS d, CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items
        WHERE ${days('2026-10-16', '2026-11-15')} AND ${POSTED} GROUP BY 1 ORDER BY abs(sum(BilledCost)) DESC, 1 LIMIT 2`);
      const usage = await one(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days('2026-11-01', '2026-11-02')} AND x_ChargeClass = 'usage'`);
      expect(byDay[0].d).toBe('2026-11-01');
      // The spike: 1 Nov's postings are more than a day and a half of usage ($1,025.10 that day).
      expect(exactOf(byDay[0].c!) * 2n).toBeGreaterThan(3n * exactOf(usage.c!));
      const note = /<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html);
      expect(note, 'the postings note under the daily chart').not.toBeNull();
      expect(textOf(note![1]).replace(/\( | \)| \./g, (m) => m.trim())).toContain(`: ${usd(cents(posted.c))} of these days' cost, the most on 1 Nov 2026 (${usd(cents(byDay[0].c))}), so a day can stand far above the others. Show usage only`);
      expect(note![1]).toContain(`data-value="${posted.c}"`);
      const usageOnly = new URL(/href="([^"]*)"/.exec(note![1])![1].replaceAll('&amp;', '&'), 'http://x');
      expect(usageOnly.searchParams.getAll('charge_class')).toEqual(['usage']);
      // The same note after the chart with a comparison; none for usage alone or a monthly chart.
      expect(await (await page(app, '/explore?dimension=service&preset=last_30_days&cost=billed&compare=previous')).text()).toContain('id="explore-chart-fees"');
      for (const query of ['charge_class=usage', 'grain=month']) {
        expect(await (await page(app, `/explore?dimension=service&preset=last_30_days&cost=billed&${query}`)).text(), query).not.toContain('id="explore-chart-fees"');
      }
      // A charge-class filter keeps only its classes: tax alone is 1 Nov's tax, a posting for the month.
      const tax = await one(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days('2026-10-16', '2026-11-15')} AND x_ChargeClass = 'tax'`);
      const taxHtml = await (await page(app, '/explore?dimension=service&preset=last_30_days&cost=billed&charge_class=tax')).text();
      expect(textOf(/id="explore-chart-fees">([^]*?)<\/p>/.exec(taxHtml)![1]).replace(/\( | \)/g, (m) => m.trim())).toContain(`${usd(cents(tax.c))} of these days' cost, the most on 1 Nov 2026 (${usd(cents(tax.c))})`);
    });

    it('a range reaching before the store names the days it does not hold, with or without a comparison', async () => {
      // Last 3 months as of 14 Nov: 1 Aug – 31 Oct 2026; the store begins on 1 Sep.
      const html = await (await page(app, '/explore?dimension=service&preset=last_3_months&cost=billed')).text();
      const total = await one(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days('2026-08-01', '2026-11-01')}`);
      expect(/id="explore-total" data-value="([^"]*)"/.exec(html)![1]).toBe(total.c);
      expect(textOf(/<p class="summary" id="explore-summary">([^]*?)<\/p>/.exec(html)![1])).toContain('1 Aug – 31 Oct 2026, by service (Last 3 months, up to the data horizon 14 Nov 2026) '
        + "(the store's billing data begins on 1 Sep 2026: 1–31 Aug 2026 are not in it, so the figures are of the days it holds; a day not in the store is not a day of no spend)");
      const compared = await (await page(app, '/explore?dimension=service&preset=last_3_months&cost=billed&compare=previous')).text();
      expect(compared).toContain('id="explore-not-in-store"');
      expect(compared).toContain('not compared: the store&#39;s billing data begins on 1 Sep 2026');
      // A range wholly in the store says nothing of the kind.
      expect(await (await page(app, '/explore?dimension=service&preset=last_month&cost=billed')).text()).not.toContain('id="explore-not-in-store"');
    });

    it('with a comparison, the CSV is the compare table: both spans\' cost and usage, the change of usage and its %, exact, adding up to both totals', async () => {
      const html = await (await page(app, '/explore?dimension=service&preset=last_7_days&cost=billed&compare=previous')).text();
      const href = /<a href="([^"]*)" id="explore-csv"/.exec(html)![1].replaceAll('&amp;', '&');
      expect(href.startsWith('/api/analyses/explore/spend_compared?')).toBe(true);
      const response = await app.request(href);
      expect(response.status).toBe(200);
      const [header, ...rows] = parseCsvRecords(await response.text());
      expect(header).toEqual(['value', 'name', 'cost', 'compared_cost', 'change', 'change_pct', 'share_pct', 'lines', 'rank', 'usage_cost', 'compared_usage_cost', 'compared_on']);
      // The page's table, row for row: value, cost and compared cost (the cells' exact data-values).
      const table = tableRows(html, 'explore-table');
      expect(rows.map((r) => [r[0], exactOf(r[2]), exactOf(r[3])])).toEqual(table.map((r) => [r[0], exactOf(r[1]), exactOf(r[2])]));
      // Against SQL: 8–14 Nov against 1–7 Nov, each service's own, the rest in one row; usage (x_ChargeClass usage) is what a span of days compares.
      const bySpan = async (start: string, end: string, where = 'true') => new Map((await sqlRows(db, `SELECT ServiceName AS v, CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days(start, end)} AND ${where} GROUP BY 1`)).map((r) => [r.v, r.c!]));
      const [now, before] = [await bySpan('2026-11-08', '2026-11-15'), await bySpan('2026-11-01', '2026-11-08')];
      const [usageNow, usageBefore] = [await bySpan('2026-11-08', '2026-11-15', "x_ChargeClass = 'usage'"), await bySpan('2026-11-01', '2026-11-08', "x_ChargeClass = 'usage'")];
      const onlyBefore = [...before.keys()].filter((v) => !now.has(v));
      expect(rows.length).toBe(now.size + 1);
      for (const [value, , cost, comparedCost, change, pct, , , , usage, comparedUsage, comparedOn] of rows.slice(0, -1)) {
        expect(exactOf(cost), value).toBe(exactOf(now.get(value)!));
        expect(exactOf(comparedCost), value).toBe(exactOf(before.get(value) ?? '0'));
        expect([exactOf(usage), exactOf(comparedUsage)], value).toEqual([exactOf(usageNow.get(value) ?? '0'), exactOf(usageBefore.get(value) ?? '0')]);
        expect(exactOf(change), value).toBe(exactOf(usage) - exactOf(comparedUsage));
        const then = exactOf(comparedUsage);
        if (comparedOn === 'posted') expect([pct, exactOf(usage) === 0n || then === 0n], value).toEqual(['', true]);
        else expect(Math.abs(Number(pct) - Number(exactOf(change) * 1_000_000n / then) / 10_000), value).toBeLessThanOrEqual(0.005);
      }
      const last = rows.at(-1)!;
      expect(last[0]).toBe(`Only in the compared span (${onlyBefore.length} ${onlyBefore.length === 1 ? 'value' : 'values'})`);
      expect(exactOf(last[3])).toBe(onlyBefore.reduce((s, v) => s + exactOf(before.get(v)!), 0n));
      const [totals] = await sqlRows(db, `SELECT CAST(sum(BilledCost) FILTER (WHERE ${days('2026-11-08', '2026-11-15')}) AS VARCHAR) AS now,
        CAST(sum(BilledCost) FILTER (WHERE ${days('2026-11-01', '2026-11-08')}) AS VARCHAR) AS then FROM line_items`);
      expect(rows.reduce((s, r) => s + exactOf(r[2]), 0n)).toBe(exactOf(totals.now!));
      expect(rows.reduce((s, r) => s + exactOf(r[3]), 0n)).toBe(exactOf(totals.then!));
      expect(rows.reduce((s, r) => s + exactOf(r[9]), 0n)).toBe([...usageNow.values()].reduce((s, v) => s + exactOf(v), 0n));
      expect(rows.reduce((s, r) => s + exactOf(r[10]), 0n)).toBe([...usageBefore.values()].reduce((s, v) => s + exactOf(v), 0n));
      // Without a comparison the CSV stays explore/spend_by's.
      const plain = await (await page(app, '/explore?dimension=service&preset=last_7_days&cost=billed')).text();
      expect(/<a href="([^"]*)" id="explore-csv"/.exec(plain)![1]).toMatch(/^\/api\/analyses\/explore\/spend_by\?/);
    });

    it('explore/spend_compared refuses a span with days the store does not hold, naming compare', async () => {
      const response = await app.request('/api/analyses/explore/spend_compared?dimension=service&start=2026-09-05&end=2026-09-12&compare=previous');
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toBe("not compared: the store's billing data begins on 1 Sep 2026, so 29–31 Aug 2026 are not in it (Previous period (same length): 29 Aug – 4 Sep 2026), and a day not in the store is not a day of no spend");
    });
  });

  describe('the resource view', () => {
    const id = 'i-06ed77da38103e0dd';

    it('a range holding no day of the billing data is a 400 naming start and the store\'s days, not $0.00 and "no finding"', async () => {
      const response = await page(app, `/resource?id=${id}&start=2019-01-01&end=2019-02-01`);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(textOf(/<p class="note" id="invalid-request">([^]*?)<\/p>/.exec(html)![1])).toBe('Nothing is shown until the marked field is fixed: the range start 2019-01-01, end 2019-02-01 (1–31 Jan 2019) is outside the billing data in the store (1 Sep – 14 Nov 2026)');
      expect(html).toMatch(/<input aria-invalid="true" aria-describedby="start-error" type="date" name="start" value="2019-01-01"/);
      expect(html).not.toContain('No idle or rightsizing rule fires');
      expect(html).not.toContain('id="resource-effective"');
    });

    it('a range partly before the store shows what it holds and names the days it does not', async () => {
      const response = await page(app, `/resource?id=${id}&start=2026-08-25&end=2026-09-03`);
      expect(response.status).toBe(200);
      const html = await response.text();
      const cost = await one(`SELECT CAST(sum(EffectiveCost) AS VARCHAR) AS c FROM line_items WHERE ResourceId = '${id}' AND ${days('2026-08-25', '2026-09-03')}`);
      expect(/id="resource-effective">[^]*?data-value="([^"]*)"/.exec(html)![1]).toBe(cost.c);
      expect(textOf(/<p class="note" id="resource-not-in-store">([^]*?)<\/p>/.exec(html)![1]))
        .toBe("The store's billing data begins on 1 Sep 2026: 25–31 Aug 2026 are not in it, so the cost below is of the days it holds (a day not in the store is not a day of no spend).");
      expect(await (await page(app, `/resource?id=${id}&start=2026-10-01&end=2026-11-01`)).text()).not.toContain('id="resource-not-in-store"');
    });

    it('without an id, or with one the store does not know, it answers 400 with its form (the id field marked), whatever the client accepts', async () => {
      const cases: [string, string, string][] = [
        ['/resource', '', 'which resource? give its id: /resource?id=…'],
        ['/resource?id=i-0000000000000000&start=2026-10-01&end=2026-11-01', 'i-0000000000000000', 'the store knows no resource "i-0000000000000000": no line item, metric or inventory entry has that id'],
      ];
      for (const [path, value, message] of cases) {
        for (const accept of ['text/html', '*/*']) {
          const response = await app.request(path, { headers: { accept } });
          expect([response.status, response.headers.get('content-type')], `${path} ${accept}`).toEqual([400, 'text/html; charset=UTF-8']);
          const html = await response.text();
          expect(html, path).toContain('<form class="filters" id="filters" method="get" action="/resource">');
          expect(html, path).toContain(`<input aria-invalid="true" aria-describedby="id-error" type="text" name="id" value="${value}" required`);
          expect(textOf(/<p class="note" id="invalid-request">([^]*?)<\/p>/.exec(html)![1]), path).toBe(`Nothing is shown until the marked field is fixed: ${message}`);
          expect(html, path).not.toContain('class="error"');
        }
      }
    });

    it('an instance whose rightsizing move saves nothing says the move was judged and left out, with rightsizing\'s reason (it said "No idle or rightsizing rule fires")', async () => {
      const burstable = 'i-032431a590821e6e0';
      // By SQL: its m5 reservation covered all 720 h of it in the cost window 16 Oct – 14 Nov 2026, 41.59 (to the cent) of its 41.59;
      // t3a.large at 0.0752 an hour over those hours: 0.0752 × 720 = 54.144.
      const covered = await one(`SELECT CAST(sum(x_UsageAmount) AS VARCHAR) AS hours, CAST(round(sum(EffectiveCost), 2) AS VARCHAR) AS covered,
          CAST(round(sum(EffectiveCost) FILTER (WHERE x_LineItemType = 'DiscountedUsage'), 2) AS VARCHAR) AS reserved
        FROM line_items WHERE ResourceId = '${burstable}' AND x_ChargeClass = 'usage' AND ${days('2026-10-16', '2026-11-15')}`);
      expect(covered).toEqual({ hours: '720.0', covered: '41.59', reserved: '41.59' });
      const html = await (await page(app, `/resource?id=${burstable}&start=2026-10-16&end=2026-11-15`)).text();
      expect(html).not.toContain('No idle or rightsizing rule fires');
      // The note says once that the move saves nothing, money in dollars (the sentence and the note each said it, and '41.59', '0.00', '54.14').
      expect(textOf(/<p class="note" id="resource-no-finding">([^]*?)<\/p>/.exec(html)![1])).toBe('No idle or rightsizing finding for this resource as of 15 Nov 2026:'
        + ' rightsizing judged a move and left it out (below).');
      expect([...html.matchAll(/<p class="note rightsizing-nothing-to-save" data-rule="([^"]*)">([^]*?)<\/p>/g)].map((m) => [m[1], textOf(m[2])])).toEqual([['rightsize-burstable',
        'Rightsizing left out rightsize-burstable, m5.large → t3a.large (or m6g.medium), as the move saves nothing on the bill: a commitment that does not follow'
        + ` the move to t3a.large or m6g.medium covered $${covered.reserved} of its $${covered.covered} over 16 Oct – 14 Nov 2026; moved before the commitment is taken up`
        + ' or ends, the 720 h it covered would run on-demand while it keeps billing (t3a.large about $54.14 over the window).']]);
      // A resource with no finding and nothing left out (an S3 bucket: no idle or rightsizing rule reads S3) keeps the sentence.
      const bucket = await one(`SELECT min(ResourceId) AS id FROM line_items WHERE x_ProductCode = 'AmazonS3' AND ResourceId <> '' AND ${days('2026-10-16', '2026-11-15')}`);
      expect(textOf(/<p class="note" id="resource-no-finding">([^]*?)<\/p>/.exec(await (await page(app, `/resource?id=${encodeURIComponent(bucket.id!)}&start=2026-10-16&end=2026-11-15`)).text())![1]))
        .toBe('No idle or rightsizing rule fires for this resource as of 15 Nov 2026.');
    });
  });

  it('Data transfer: each top source\'s change is the difference of its two figures as shown (1–14 Nov against 1–14 Oct)', async () => {
    const html = await (await page(app, '/data-transfer')).text();
    expect(html).toContain('<strong>1–14 Nov 2026</strong> against the same days of the month before, <strong>1–14 Oct 2026</strong>');
    /** A table's body and foot rows: each cell's data-value and text. */
    const cellsOf = (id: string, part: 'tbody' | 'tfoot', row = 'tr') => {
      const table = html.slice(html.indexOf(`<table id="${id}"`), html.indexOf('</table>', html.indexOf(`<table id="${id}"`)));
      const body = new RegExp(`<${part}>([^]*?)</${part}>`).exec(table)![1];
      return [...body.matchAll(new RegExp(`<${row}[^>]*data-(?:source|type)="([^"]*)">([^]*?)</${row}>`, 'g'))].map(([, key, cells]) => ({
        key: key.replaceAll('&amp;', '&'),
        cells: [...cells.matchAll(/<td data-value="([^"]*)">([^<]*)<\/td>/g)].map(([, value, text]) => ({ value, text })),
      }));
    };
    const transfer = `x_ChargeClass = 'usage' AND (x_UsageType LIKE '%DataTransfer%' OR x_UsageType LIKE '%NatGateway-Bytes' OR x_UsageType LIKE '%-AWS-Out-Bytes'
      OR x_UsageType LIKE '%-AWS-In-Bytes' OR x_UsageType LIKE '%TransitGateway-Bytes' OR x_UsageType LIKE '%VpcEndpoint-Bytes' OR (x_ProductCode = 'AmazonCloudFront' AND x_UsageType LIKE '%Bytes%'))`;
    let differs = 0;
    for (const [id, key] of [['top-transfer-resources', `coalesce(NULLIF(ResourceId, ''), '(no resource id)')`], ['top-transfer-accounts', `coalesce(SubAccountId, '(none)')`]] as const) {
      const shown = cellsOf(id, 'tbody');
      expect(shown.length, id).toBe(10);
      const sums = new Map((await sqlRows(db, `SELECT ${key} AS s,
          CAST(coalesce(sum(BilledCost) FILTER (WHERE ${days('2026-11-01', '2026-11-15')}), 0) AS VARCHAR) AS now,
          CAST(coalesce(sum(BilledCost) FILTER (WHERE ${days('2026-10-01', '2026-10-15')}), 0) AS VARCHAR) AS then
        FROM line_items WHERE ${transfer} GROUP BY 1`)).map((r) => [r.s, r]));
      for (const { key: source, cells } of shown) {
        const [now, then, change] = cells;
        const sql = sums.get(source)!;
        expect([exactOf(now.value), exactOf(then.value)], source).toEqual([exactOf(sql.now!), exactOf(sql.then!)]);
        expect(exactOf(change.value), source).toBe(exactOf(sql.now!) - exactOf(sql.then!));
        const shownChange = cents(sql.now) - cents(sql.then);
        expect([now.text, then.text, change.text], source).toEqual([usd(cents(sql.now)), usd(cents(sql.then)), usd(shownChange, true)]);
        if (shownChange !== roundCents(exactOf(sql.now!) - exactOf(sql.then!))) differs += 1;
      }
    }
    // Rows whose exact change rounded alone reads a cent off (i-022bb4759f65fa974: $243.29 against $112.08 is +$131.21, not +$131.20).
    expect(differs).toBe(5);
    // The table by type adds up as shown: down each money column to its total, and along each row (change = now − before).
    const shownCents = (text: string) => BigInt(text.replace(/[^\d]/g, '')) * (text.startsWith('−') ? -1n : 1n);
    const types = cellsOf('transfer-by-type', 'tbody').map((r) => r.cells.map((c) => c.text));
    const [total] = cellsOf('transfer-by-type', 'tfoot').map((r) => r.cells.map((c) => c.text));
    expect(types.length).toBeGreaterThan(1);
    for (const column of [0, 1, 2]) expect(types.reduce((s, r) => s + shownCents(r[column]), 0n), `column ${column}`).toBe(shownCents(total[column]));
    for (const row of [...types, total]) expect(shownCents(row[2]), row.join(' ')).toBe(shownCents(row[0]) - shownCents(row[1]));
  });

  it('KPIs: the month in progress is marked with the days it holds, in the heading and the table by month; whole months are not', async () => {
    const html = await (await page(app, '/kpi')).text();
    expect(html).toContain('<section class="kpis" aria-label="KPIs, Nov 2026 (1–14 Nov, so far)">');
    expect(html).toContain('<h2 id="kpi-group-heading">Nov 2026 (1–14 Nov, so far) by account</h2>');
    const months = [...html.slice(html.indexOf('<table id="kpi-by-month"')).matchAll(/<tr data-group="(\d{4}-\d{2})"><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(months).toEqual([['2026-09', 'Sep 2026'], ['2026-10', 'Oct 2026'], ['2026-11', 'Nov 2026 (1–14 Nov, so far)']]);
  });

  it('the analysis API refuses a tag dimension or tag filter without tag_key (400 naming it), as the page does, not "(untagged) 100 %"', async () => {
    for (const [query, needs] of [
      ['dimension=tag&start=2026-10-01&end=2026-11-01', 'dimension=tag: give the tag key to group by'],
      [`dimension=service&tag_filter=${encodeURIComponent('["payments"]')}&start=2026-10-01&end=2026-11-01`, 'tag_filter: give the tag key whose values tag_filter lists'],
      ['dimension=tag&tag_key=-&start=2026-10-01&end=2026-11-01', 'dimension=tag: give the tag key to group by'],
    ]) {
      for (const name of ['spend_by', 'daily_spend_by', 'spend_compared']) {
        const response = await app.request(`/api/analyses/explore/${name}?${query}${name === 'spend_compared' ? '&compare=previous' : ''}`);
        expect(response.status, `${name} ${query}`).toBe(400);
        expect((await response.json()).error.message, `${name} ${query}`).toBe(`parameter "tag_key" of explore/${name} is needed with ${needs}`);
      }
    }
    const page400 = await page(app, '/explore?dimension=tag&start=2026-10-01&end=2026-11-01&cost=billed');
    expect(page400.status).toBe(400);
    const tagged = await app.request('/api/analyses/explore/spend_by?dimension=tag&tag_key=team&start=2026-10-01&end=2026-11-01');
    expect(tagged.status).toBe(200);
  });

  it('the query API refuses a malformed period (400 naming it), as `costlens query` does; a month 01–12 is read', async () => {
    for (const period of ['2026-13', '2026-00', '2026-1', '202611', '2026-11-01']) {
      const response = await app.request(`/api/queries/store/spend_by_service?period=${period}`);
      expect(response.status, period).toBe(400);
      expect((await response.json()).error.message, period).toBe(`parameter "period" of store/spend_by_service must be text matching [0-9]{4}-(0[1-9]|1[0-2]); got "${period}"`);
    }
    const november = await app.request('/api/queries/store/spend_by_service?period=2026-11');
    const rows = (await november.json()).rows as { billed_cost: string }[];
    const total = await one(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE x_BillingPeriod = '2026-11'`);
    expect(rows.reduce((s, r) => s + exactOf(r.billed_cost), 0n)).toBe(exactOf(total.c!));
  });
});
