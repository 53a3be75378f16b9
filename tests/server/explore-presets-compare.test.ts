/**
 * Explore as a console (issue 14), its spans: date presets that end at the data horizon, and a
 * compared span with the change beside each figure, every compare table adding up in cents. On the
 * demo organisation (as of 15 Nov 2026: tests/helpers/explore-demo.ts); every expected figure is SQL
 * written here, run on the same store. Filters, grain, drill-down, colours and a bad request's form:
 * explore-filters-drilldown.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { attr, days, exploreDemoPerFile, total, units } from '../helpers/explore-demo.ts';
import { page } from './helpers.ts';
import { tableRows } from './page-helpers.ts';

/** The demo's data horizon: its last complete day of usage (checked against the store below). */
const HORIZON = '2026-11-14';

describe('Explore on the demo organisation: presets up to the data horizon, and compared spans that add up', () => {
  const demo = exploreDemoPerFile();
  const { sqlRows, sum } = demo;

  it(`the data horizon is ${HORIZON}: the last day whose usage lines reach midnight`, async () => {
    const [row] = await sqlRows(`SELECT CAST(max(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS d FROM line_items WHERE x_ChargeClass = 'usage' AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY`);
    expect(row.d).toBe(HORIZON);
  });

  it('every preset shows the complete days up to the data horizon, not the clock, and the URL keeps the preset (not its days)', async () => {
    const expected: Record<string, [string, string, string]> = {
      last_7_days: ['2026-11-08', '2026-11-15', 'Last 7 days'],
      last_30_days: ['2026-10-16', '2026-11-15', 'Last 30 days'],
      month_to_date: ['2026-11-01', '2026-11-15', 'Month to date'],
      last_month: ['2026-10-01', '2026-11-01', 'Last month'],
      last_3_months: ['2026-08-01', '2026-11-01', 'Last 3 months'],
      last_6_months: ['2026-05-01', '2026-11-01', 'Last 6 months'],
      last_12_months: ['2025-11-01', '2026-11-01', 'Last 12 months'],
    };
    expect((await page(demo.app, '/explore?preset=last_7_days')).headers.get('location')).toBe('/explore?dimension=service&preset=last_7_days&cost=billed');
    // Opened bare, Explore's default range is a preset too (it was start=2026-10-16&end=2026-11-15, days
    // pinned in a bookmark, with "Custom range" in the Range field beside "(Last 30 days, …)").
    const opened = await page(demo.app, '/explore?dimension=region');
    expect([opened.status, opened.headers.get('location')]).toEqual([302, '/explore?dimension=region&preset=last_30_days&cost=billed']);
    const bare = await (await page(demo.app, opened.headers.get('location')!)).text();
    expect(bare).toContain('<option value="last_30_days" data-start="2026-10-16" data-end="2026-11-15" selected>Last 30 days</option>');
    expect(bare).toContain('<option value="">Custom range</option>');
    expect(bare).toContain('(Last 30 days, up to the data horizon 14 Nov 2026)');
    for (const [preset, [start, end, label]] of Object.entries(expected)) {
      const response = await page(demo.app, `/explore?dimension=service&preset=${preset}&cost=billed`);
      expect(response.status, preset).toBe(200);
      const html = await response.text();
      expect(total(html), preset).toBe(await sum(days(start, end)));
      // The option carries its days, for app.js to show in From and To as soon as it is picked (before Apply).
      expect(html, preset).toContain(`<option value="${preset}" data-start="${start}" data-end="${end}" selected>${label}</option>`);
      expect(html, preset).toContain(`(${label}, up to the data horizon 14 Nov 2026)`);
      expect(html, preset).toContain(`<input type="date" name="start" value="${start}"`);
      expect(html, preset).toContain(`data-params="dimension=service&amp;tag_key=-&amp;start=${start}&amp;end=${end}&amp;cost=billed&amp;top=8"`);
    }
    // The same days given as From/To are a pinned range: "Custom range", with the preset it matches named.
    const pinned = await (await page(demo.app, '/explore?dimension=service&start=2026-11-08&end=2026-11-15&cost=billed')).text();
    expect(pinned).toContain('<option value="" selected>Custom range</option>');
    expect(pinned).toContain('(Last 7 days, up to the data horizon 14 Nov 2026)');
  });

  it('what a compare table shows adds up in cents: each column\'s rows to its total, each row\'s change to its two figures\' difference, the changes to the total\'s', async () => {
    /** A cell as shown ("$1,234.56", "−$25.90"; "–" for none: 0) in cents; null for a cell that is not money. */
    const cents = (inner: string) => {
      const text = inner.replace(/<[^>]*>/g, '').trim();
      if (text === '–') return 0n;
      const m = /^([+−-]?)\$([\d,]+)\.(\d\d)$/.exec(text);
      return m ? (m[1] === '−' || m[1] === '-' ? -1n : 1n) * BigInt(m[2].replaceAll(',', '') + m[3]) : null;
    };
    const cells = (row: string) => [...row.matchAll(/<t[dh][^>]*>([^]*?)<\/t[dh]>/g)].map(([, inner]) => inner);
    let rows = 0;
    let comparedRows = 0;
    let unchangedRows = 0;
    let postedRows = 0;
    for (const [dimension, preset, compare] of [['service', 'last_7_days', 'previous'], ['usage_type', 'month_to_date', 'last_month'],
      ['account', 'last_30_days', 'previous'], ['region', 'last_month', 'previous'], ['resource', 'last_7_days', 'previous']]) {
      const html = await (await page(demo.app, `/explore?dimension=${dimension}&preset=${preset}&cost=billed&compare=${compare}`)).text();
      const table = /<table[^>]*id="explore-table"[^>]*>([^]*?)<\/table>/.exec(html)![1];
      const heads = [.../<thead>([^]*?)<\/thead>/.exec(table)![1].matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
      const money = ['Cost', 'Compared', 'Change', 'Usage', 'Usage compared', 'Usage change'].filter((h) => heads.includes(h));
      const pick = (row: string) => money.map((h) => cents(cells(row)[heads.indexOf(h)]));
      const trs = [.../<tbody>([^]*?)<\/tbody>/.exec(table)![1].matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].map((m) => m[1]);
      const body = trs.map(pick);
      const foot = pick(/<tfoot>([^]*?)<\/tfoot>/.exec(table)![1]);
      const where = `${dimension} ${preset} ${compare}`;
      expect(body.flat().filter((c) => c === null), where).toEqual([]);
      expect(foot.map((_, column) => body.reduce((s, r) => s + r[column]!, 0n)), where).toEqual(foot);
      // The change shown: of the cost (Change) or, with fees in the view, of usage (Usage change); each the difference of the two figures before it.
      const [now, then, delta] = heads.includes('Usage change') ? ['Usage', 'Usage compared', 'Usage change'] : ['Cost', 'Compared', 'Change'];
      if (heads.includes(delta)) {
        const at = (h: string) => money.indexOf(h);
        expect(body.filter((r) => r[at(delta)] !== r[at(now)]! - r[at(then)]!), where).toEqual([]);
        expect(foot[at(delta)], where).toBe(foot[at(now)]! - foot[at(then)]!);
        // The headline says the footer's change; a row whose compared amount did not change shows no change.
        const headline = /<span class="change-figure" data-value="[^"]*">([^<]*)<\/span>/.exec(html)![1];
        expect(cents(headline), where).toBe(foot[at(delta)]);
        const exactChanges = trs.map((tr) => /<td class="change" data-value="([^"]*)">/.exec(tr)![1]);
        expect(body.filter((r, i) => units(exactChanges[i]) === 0n && r[at(delta)] !== 0n), where).toEqual([]);
        unchangedRows += exactChanges.filter((c) => units(c) === 0n).length;
        postedRows += trs.filter((tr) => tr.includes('class="change posted"')).length;
        comparedRows += body.length;
      }
      rows += body.length;
    }
    // Four of the five views are compared; October's previous 31 days start on 31 Aug, before the store's first day.
    // Unchanged: a row whose exact change is zero; the rows of fees only ("posted") among them, whose usage, none, did not change.
    expect([rows, comparedRows, unchangedRows, postedRows]).toEqual([77, 73, 18, 6]);
  });

  it('compare with the previous period: each row has the earlier cost, both spans\' usage and the exact change of usage; the Other row and the total add up', async () => {
    const html = await (await page(demo.app, '/explore?dimension=service&preset=last_7_days&cost=billed&compare=previous')).text();
    const bySpan = async (start: string, end: string, where = 'true') => new Map((await sqlRows(`SELECT ServiceName AS v, CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days(start, end)} AND ${where} GROUP BY 1`)).map((r) => [r.v, r.c]));
    const now = await bySpan('2026-11-08', '2026-11-15');
    const before = await bySpan('2026-11-01', '2026-11-08');
    const [usageNow, usageBefore] = [await bySpan('2026-11-08', '2026-11-15', "x_ChargeClass = 'usage'"), await bySpan('2026-11-01', '2026-11-08', "x_ChargeClass = 'usage'")];
    const table = tableRows(html, 'explore-table');
    // The service billed in the previous 7 days only (AWS Support, its fee posted on the 1st) makes one last row, so the Compared column adds up.
    const onlyBefore = [...before.keys()].filter((v) => !now.has(v));
    expect(onlyBefore).toEqual(['AWS Support (Business)']);
    const last = table.at(-1)!;
    expect([last[0], units(last[1]), units(last[2])]).toEqual(['Only in the compared span (1 value)', 0n,
      units((await sqlRows(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days('2026-11-01', '2026-11-08')} AND ServiceName NOT IN (${[...now.keys()].map((v) => `'${v}'`).join(', ')})`))[0].c)]);
    const rows = table.slice(0, -1);
    expect(rows.length).toBe(now.size);
    expect(table.reduce((s, r) => s + units(r[2]), 0n)).toBe(units(await sum(days('2026-11-01', '2026-11-08'))));
    // [value, cost, compared, usage, usage compared, usage change, change %]: fees post on 1 Nov, so usage is compared alone.
    for (const [value, cost, compared, usage, usageCompared, change, pct] of rows) {
      const [then, used, usedThen] = [units(before.get(value) ?? '0'), units(usageNow.get(value) ?? '0'), units(usageBefore.get(value) ?? '0')];
      expect([units(cost), units(compared), units(usage), units(usageCompared)], value).toEqual([units(now.get(value)!), then, used, usedThen]);
      expect(units(change), value).toBe(used - usedThen);
      if (usedThen !== 0n && used !== 0n) expect(Math.abs(Number(pct) - Number(used - usedThen) * 100 / Math.abs(Number(usedThen))), value).toBeLessThan(0.0051);
      else expect(pct, value).toBe('');
    }
    const beforeTotal = await sum(days('2026-11-01', '2026-11-08'));
    expect(attr(html, 'explore-compare', 'data-value') ?? /id="explore-compare"[^]*?data-value="([^"]*)"/.exec(html)?.[1]).toBe(beforeTotal);
    expect(html).toContain('Previous period (same length): 1–7 Nov 2026');
    // The note under the chart says postings count on the day they are dated, with a link to the same view on usage alone.
    const fees = /<p class="note" id="explore-chart-fees">([^]*?)<\/p>/.exec(html)![1];
    expect(fees).toContain('Compare usage only');
    const usageLink = new URL(/href="([^"]*)"/.exec(fees)![1].replaceAll('&amp;', '&'), 'http://x');
    expect(usageLink.searchParams.getAll('charge_class')).toEqual(['usage']);
    const usageHtml = await (await page(demo.app, `${usageLink.pathname}${usageLink.search}`)).text();
    expect(usageHtml).toContain('Previous period (same length): 1–7 Nov 2026');
    expect(usageHtml).not.toContain('id="explore-chart-fees"');
    expect(attr(usageHtml, 'explore-compare', 'data-value') ?? /id="explore-compare"[^]*?data-value="([^"]*)"/.exec(usageHtml)?.[1])
      .toBe(await sum(`${days('2026-11-01', '2026-11-08')} AND x_ChargeClass = 'usage'`));
    const foot = /<tfoot>([^]*?)<\/tfoot>/.exec(html)![1];
    expect(foot).toContain(`data-value="${beforeTotal}"`);
    const usageTotal = async (start: string, end: string) => sum(`${days(start, end)} AND x_ChargeClass = 'usage'`);
    expect(foot).toContain(`data-value="${(await sqlRows(`SELECT CAST(${await usageTotal('2026-11-08', '2026-11-15')} - ${await usageTotal('2026-11-01', '2026-11-08')} AS DECIMAL(38,10)) AS d`))[0].d}"`);

    // Same days last month: month to date (1–14 Nov) against 1–14 Oct; "Other (N more)" gets the rest of the compared total.
    const mtd = await (await page(demo.app, '/explore?dimension=usage_type&preset=month_to_date&cost=effective&compare=last_month')).text();
    expect(mtd).toContain('Same days last month: 1–14 Oct 2026');
    const octTotal = await sum(days('2026-10-01', '2026-10-15'), 'EffectiveCost');
    expect(/id="explore-compare"[^]*?data-value="([^"]*)"/.exec(mtd)?.[1]).toBe(octTotal);
    const comparedColumn = tableRows(mtd, 'explore-table').map((r) => units(r[2]));
    expect(tableRows(mtd, 'explore-table').at(-1)![0]).toMatch(/^Other \(\d+ more\)$/);
    expect(comparedColumn.reduce((s, v) => s + v, 0n)).toBe(units(octTotal));
  });

  it('"same days last month" of a whole month is the whole month before, and says when their lengths differ: October against 1–30 Sep (30 days against 31)', async () => {
    const explore = await (await page(demo.app, '/explore?dimension=service&preset=last_month&cost=billed&compare=last_month')).text();
    expect(explore).toContain('Same days last month: 1–30 Sep 2026 (30 days against 31)');
    expect(/id="explore-compare"[^]*?data-value="([^"]*)"/.exec(explore)?.[1]).toBe(await sum(days('2026-09-01', '2026-10-01')));
    const previous = await (await page(demo.app, '/explore?dimension=service&preset=last_month&cost=billed&compare=previous')).text();
    expect(previous).toContain('Previous period (same length): 31 Aug – 30 Sep 2026');
    expect(previous).not.toContain('days against');
  });
});
