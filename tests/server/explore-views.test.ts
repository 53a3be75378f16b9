/**
 * Explore as a console (issue 14): date presets that end at the data horizon, a compared span
 * with the change beside each figure, a monthly grain, filters for account, service, region,
 * usage type, charge class and tag value, drill-down links, one colour per series name on every
 * chart, and a 400 that keeps the form (on every page with filters). On the demo organisation
 * (as of 15 Nov 2026: tests/helpers/explore-demo.ts); every expected figure is SQL written here,
 * run on the same store.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { attr, days, exploreOnDemo, links, total, units } from '../helpers/explore-demo.ts';
import type { StoreReader } from '../helpers/read-only-sql-session.ts';
import { page } from './helpers.ts';
import { tableRows } from './page-helpers.ts';

/** The demo's data horizon: its last complete day of usage (checked against the store below). */
const HORIZON = '2026-11-14';

describe('Explore on the demo organisation: presets, compare, grain, filters, drill-down, colours, and forms that survive a bad request', () => {
  let app: CostlensApp;
  /** The store opened once for the file's SQL (nothing writes to it). */
  let store: StoreReader;
  const sqlRows = (sql: string) => store.rows(sql);
  /** SQL: a line's team as the config normalises it (truth.json's spellings), or (untagged). */
  let team: string;

  beforeAll(async () => {
    ({ app, store, team } = await exploreOnDemo(inject('demoDir')));
  });
  afterAll(async () => {
    app?.close();
    await store?.close();
  });

  const sum = async (where: string, cost = 'BilledCost') => (await sqlRows(`SELECT CAST(sum(${cost}) AS VARCHAR) AS c FROM line_items WHERE ${where}`))[0].c;

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
    expect((await page(app, '/explore?preset=last_7_days')).headers.get('location')).toBe('/explore?dimension=service&preset=last_7_days&cost=billed');
    // Opened bare, Explore's default range is a preset too (it was start=2026-10-16&end=2026-11-15, days
    // pinned in a bookmark, with "Custom range" in the Range field beside "(Last 30 days, …)").
    const opened = await page(app, '/explore?dimension=region');
    expect([opened.status, opened.headers.get('location')]).toEqual([302, '/explore?dimension=region&preset=last_30_days&cost=billed']);
    const bare = await (await page(app, opened.headers.get('location')!)).text();
    expect(bare).toContain('<option value="last_30_days" data-start="2026-10-16" data-end="2026-11-15" selected>Last 30 days</option>');
    expect(bare).toContain('<option value="">Custom range</option>');
    expect(bare).toContain('(Last 30 days, up to the data horizon 14 Nov 2026)');
    for (const [preset, [start, end, label]] of Object.entries(expected)) {
      const response = await page(app, `/explore?dimension=service&preset=${preset}&cost=billed`);
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
    const pinned = await (await page(app, '/explore?dimension=service&start=2026-11-08&end=2026-11-15&cost=billed')).text();
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
      const html = await (await page(app, `/explore?dimension=${dimension}&preset=${preset}&cost=billed&compare=${compare}`)).text();
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
    const html = await (await page(app, '/explore?dimension=service&preset=last_7_days&cost=billed&compare=previous')).text();
    const bySpan = async (start: string, end: string, where = 'true') => new Map((await sqlRows(`SELECT ServiceName AS v, CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days(start, end)} AND ${where} GROUP BY 1`)).map((r) => [r.v, r.c]));
    const now = await bySpan('2026-11-08', '2026-11-15');
    const before = await bySpan('2026-11-01', '2026-11-08');
    const [usageNow, usageBefore] = [await bySpan('2026-11-08', '2026-11-15', "x_ChargeClass = 'usage'"), await bySpan('2026-11-01', '2026-11-08', "x_ChargeClass = 'usage'")];
    const table = tableRows(html, 'explore-table');
    // Services billed in the previous 7 days only (support, tax on the 1st) make one last row, so the Compared column adds up.
    const onlyBefore = [...before.keys()].filter((v) => !now.has(v));
    expect(onlyBefore.length).toBeGreaterThan(0);
    const last = table.at(-1)!;
    expect([last[0], units(last[1]), units(last[2])]).toEqual([`Only in the compared span (${onlyBefore.length} ${onlyBefore.length === 1 ? 'value' : 'values'})`, 0n,
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
    const usageHtml = await (await page(app, `${usageLink.pathname}${usageLink.search}`)).text();
    expect(usageHtml).toContain('Previous period (same length): 1–7 Nov 2026');
    expect(usageHtml).not.toContain('id="explore-chart-fees"');
    expect(attr(usageHtml, 'explore-compare', 'data-value') ?? /id="explore-compare"[^]*?data-value="([^"]*)"/.exec(usageHtml)?.[1])
      .toBe(await sum(`${days('2026-11-01', '2026-11-08')} AND x_ChargeClass = 'usage'`));
    const foot = /<tfoot>([^]*?)<\/tfoot>/.exec(html)![1];
    expect(foot).toContain(`data-value="${beforeTotal}"`);
    const usageTotal = async (start: string, end: string) => sum(`${days(start, end)} AND x_ChargeClass = 'usage'`);
    expect(foot).toContain(`data-value="${(await sqlRows(`SELECT CAST(${await usageTotal('2026-11-08', '2026-11-15')} - ${await usageTotal('2026-11-01', '2026-11-08')} AS DECIMAL(38,10)) AS d`))[0].d}"`);

    // Same days last month: month to date (1–14 Nov) against 1–14 Oct; "Other (N more)" gets the rest of the compared total.
    const mtd = await (await page(app, '/explore?dimension=usage_type&preset=month_to_date&cost=effective&compare=last_month')).text();
    expect(mtd).toContain('Same days last month: 1–14 Oct 2026');
    const octTotal = await sum(days('2026-10-01', '2026-10-15'), 'EffectiveCost');
    expect(/id="explore-compare"[^]*?data-value="([^"]*)"/.exec(mtd)?.[1]).toBe(octTotal);
    const comparedColumn = tableRows(mtd, 'explore-table').map((r) => units(r[2]));
    expect(tableRows(mtd, 'explore-table').at(-1)![0]).toMatch(/^Other \(\d+ more\)$/);
    expect(comparedColumn.reduce((s, v) => s + v, 0n)).toBe(units(octTotal));
  });

  it('"same days last month" of a whole month is the whole month before, and says when their lengths differ: October against 1–30 Sep (30 days against 31)', async () => {
    const explore = await (await page(app, '/explore?dimension=service&preset=last_month&cost=billed&compare=last_month')).text();
    expect(explore).toContain('Same days last month: 1–30 Sep 2026 (30 days against 31)');
    expect(/id="explore-compare"[^]*?data-value="([^"]*)"/.exec(explore)?.[1]).toBe(await sum(days('2026-09-01', '2026-10-01')));
    const previous = await (await page(app, '/explore?dimension=service&preset=last_month&cost=billed&compare=previous')).text();
    expect(previous).toContain('Previous period (same length): 31 Aug – 30 Sep 2026');
    expect(previous).not.toContain('days against');
  });

  it('filters narrow every figure: service, charge class, region, two accounts, and a tag value read as attribution reads it', async () => {
    const ec2 = 'Amazon Elastic Compute Cloud';
    const [a1, a2] = (await sqlRows(`SELECT SubAccountId AS a FROM line_items GROUP BY 1 ORDER BY sum(BilledCost) DESC LIMIT 2`)).map((r) => r.a);
    const cases: [string, string, string][] = [
      [`dimension=region&preset=last_month&cost=effective&service=${encodeURIComponent(ec2)}&charge_class=usage`, `ServiceName = '${ec2}' AND x_ChargeClass = 'usage'`, 'EffectiveCost'],
      [`dimension=service&preset=last_month&cost=billed&region=eu-west-1&account=${a1}&account=${a2}`, `RegionId = 'eu-west-1' AND SubAccountId IN ('${a1}', '${a2}')`, 'BilledCost'],
      [`dimension=service&preset=last_month&cost=billed&charge_class=tax&charge_class=recurring`, `x_ChargeClass IN ('tax', 'recurring')`, 'BilledCost'],
      [`dimension=account&preset=last_month&cost=billed&tag_key=team&tag_value=payments`, `${team} = 'payments'`, 'BilledCost'],
      [`dimension=service&preset=last_month&cost=billed&tag_key=team&tag_value=(untagged)`, `${team} = '(untagged)'`, 'BilledCost'],
    ];
    for (const [query, where, cost] of cases) {
      const response = await page(app, `/explore?${query}`);
      expect(response.status, query).toBe(200);
      const html = await response.text();
      const expected = await sum(`${days('2026-10-01', '2026-11-01')} AND ${where}`, cost);
      expect(units(expected), query).toBeGreaterThan(0n);
      expect(total(html), query).toBe(expected);
      // The chart and the CSV link carry the same filters as bound list parameters.
      expect(html, query).toMatch(/data-chart="explore_daily" data-params="[^"]*(accounts|services|regions|charge_classes|tag_filter)=/);
    }
    const html = await (await page(app, `/explore?${cases[1][0]}`)).text();
    expect(html).toContain('<ul class="chips" id="explore-filters" aria-label="Filters in force">');
    expect(html).toContain('Region: <strong>eu-west-1</strong>');
    expect(html).toContain(`<select name="account" multiple size="4">`);
    const removeRegion = /Region: <strong>eu-west-1<\/strong>\s*<a href="([^"]*)"/.exec(html)![1].replaceAll('&amp;', '&');
    expect(removeRegion).toBe(`/explore?dimension=service&preset=last_month&cost=billed&account=${a1}&account=${a2}`);
  });

  it('the monthly grain sums each calendar month of the range', async () => {
    const chart = await (await app.request('/api/charts/explore_monthly?dimension=account&start=2026-09-15&end=2026-11-15&cost=billed&top=30')).json() as { data: { values: { day: number | string; value: string; cost: number }[] } };
    const byMonth = new Map<string, number>();
    for (const v of chart.data.values) {
      const month = new Date(v.day).toISOString().slice(0, 7);
      byMonth.set(month, (byMonth.get(month) ?? 0) + v.cost);
    }
    const expected = await sqlRows(`SELECT strftime(ChargePeriodStart, '%Y-%m') AS m, CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days('2026-09-15', '2026-11-15')} GROUP BY 1 ORDER BY 1`);
    expect([...byMonth.keys()].sort()).toEqual(expected.map((r) => r.m));
    for (const r of expected) expect(Math.abs(byMonth.get(r.m!)! - Number(r.c)), r.m!).toBeLessThan(1e-6);
    // 15 Sep – 14 Nov holds part of September and of November: drawn lighter, their days in the tooltip.
    const spans = new Map(chart.data.values.map((v) => [new Date(v.day).toISOString().slice(0, 7), [(v as unknown as { days: number }).days, (v as unknown as { bucket_days: number }).bucket_days]]));
    expect(Object.fromEntries(spans)).toEqual({ '2026-09': [16, 30], '2026-10': [31, 31], '2026-11': [14, 30] });
    const html = await (await page(app, '/explore?dimension=service&preset=last_3_months&cost=billed&grain=month')).text();
    expect(html).toContain('data-chart="explore_monthly"');
    expect(html).toContain('<option value="month" selected>Monthly</option>');
  });

  it('drill-down: service → usage type → resource → the resource page, each a link whose view adds up to the row it came from', async () => {
    const top = await (await page(app, '/explore?dimension=service&preset=last_month&cost=billed')).text();
    expect(top).toContain('data-drill-href="/explore?dimension=usage_type&amp;preset=last_month&amp;cost=billed" data-drill-param="service"');
    const [service] = links(top);
    const serviceCost = tableRows(top, 'explore-table')[0][1];
    expect(service.href).toBe(`/explore?dimension=usage_type&preset=last_month&cost=billed&service=${encodeURIComponent(service.text).replaceAll('%20', '+')}`);
    const usageTypes = await (await page(app, service.href)).text();
    expect(total(usageTypes)).toBe(serviceCost);
    expect(total(usageTypes)).toBe(await sum(`${days('2026-10-01', '2026-11-01')} AND ServiceName = '${service.text}'`));
    const [usageType] = links(usageTypes);
    const usageCost = tableRows(usageTypes, 'explore-table')[0][1];
    expect(usageType.href).toContain('dimension=resource');
    const resources = await (await page(app, usageType.href)).text();
    expect(total(resources)).toBe(usageCost);
    const [resource] = links(resources);
    expect(resource.href).toBe(`/resource?start=2026-10-01&end=2026-11-01&id=${encodeURIComponent(resource.text)}`);
    expect(resources).toContain('data-drill-param="id"');
    expect((await page(app, resource.href)).status).toBe(200);
    // Account → service; "Other" and "(none)" are no links.
    const accounts = await (await page(app, '/explore?dimension=account&preset=last_month&cost=billed')).text();
    expect(links(accounts)[0].href).toMatch(/^\/explore\?dimension=service&preset=last_month&cost=billed&account=\d{12}$/);
    expect(links(resources).some((l) => /^Other|^\(none\)$/.test(l.text))).toBe(false);
  });

  it('one colour per name on every chart: the daily, monthly and total charts of Explore agree, and the Overview on the names whose larger names are the same; legends list the marks', async () => {
    type Channel = { field: string; type: string };
    type Spec = { data: { values: Record<string, unknown>[] }; encoding: { x: Channel; y: Channel; color: Channel & { scale: { domain: string[]; range: string[] } } } };
    /** The chart's names largest first by their total of its quantity (the order they claim colours in). */
    const ranked = (spec: Spec) => {
      const quantity = [spec.encoding.y, spec.encoding.x].find((c) => c.type === 'quantitative')!.field;
      const totals = new Map<string, number>();
      for (const row of spec.data.values) totals.set(String(row[spec.encoding.color.field]), (totals.get(String(row[spec.encoding.color.field])) ?? 0) + Number(row[quantity]));
      return [...totals].sort((a, b) => Math.round(b[1] * 1e6) - Math.round(a[1] * 1e6) || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
    };
    const orders = new Map<string, string[]>();
    const colours = async (path: string) => {
      const spec = await (await app.request(path)).json() as Spec;
      const { domain, range } = spec.encoding.color.scale;
      expect(new Set(range).size, path).toBe(range.length); // no two names of one chart share a colour
      orders.set(path, ranked(spec));
      return new Map(domain.map((name, i) => [name, range[i]]));
    };
    const view = 'dimension=service&start=2026-10-01&end=2026-11-15&cost=billed';
    const daily = await colours(`/api/charts/explore_daily?${view}&top=8`);
    const monthly = await colours(`/api/charts/explore_monthly?${view}&top=8`);
    const totals = await colours(`/api/charts/explore_totals?${view}&top=12`);
    const overview = await colours('/api/charts/daily_spend_by_service');
    // "Other" is grey wherever it appears (three services named, the rest summed).
    expect((await colours(`/api/charts/explore_daily?${view}&top=3`)).get('Other')).toBe('#8d949b');
    for (const [name, colour] of daily) {
      if (name === 'Other') continue;
      expect(monthly.get(name), name).toBe(colour);
      expect(totals.get(name), name).toBe(colour);
    }
    // The Overview ranks usage alone, Explore every charge: where the two rankings part, the names after may take other colours
    // (a chart's ten largest share ten hues); up to there, the names are the same and so are their colours.
    const [explore, usage] = [orders.get(`/api/charts/explore_daily?${view}&top=8`)!, orders.get('/api/charts/daily_spend_by_service')!];
    const parting = explore.findIndex((name, i) => usage[i] !== name);
    const agreed = parting < 0 ? explore : explore.slice(0, parting);
    expect(agreed.length).toBeGreaterThanOrEqual(2);
    for (const name of agreed) expect(overview.get(name), name).toBe(daily.get(name));
    // The legend's entries are the names the marks carry, in the order the rows name them.
    const spec = await (await app.request(`/api/charts/explore_daily?${view}&top=8`)).json() as Spec;
    expect(spec.encoding.color.scale.domain).toEqual([...new Set(spec.data.values.map((v) => v.value as string))]);
  });

  it('a bad filter answers 400 with the page, its form, the values as given and the error beside the field (Explore, Attribution, Optimisation, Commitments)', async () => {
    const cases: { path: string; field: string; value: string; message: string }[] = [
      { path: '/explore?dimension=service&start=2026-11-10&end=2026-11-01&cost=billed', field: 'end', value: '2026-11-01', message: 'start (2026-11-10) must be before end (2026-11-01); end is exclusive' },
      { path: '/explore?dimension=service&start=2026-10-01&end=2026-11-31&cost=billed', field: 'end', value: '2026-11-31', message: 'end must be a date YYYY-MM-DD; got &quot;2026-11-31&quot;' },
      { path: '/explore?dimension=service&preset=last_7_days&start=2026-10-01&end=2026-11-01&cost=billed', field: 'preset', value: 'last_7_days', message: 'give a preset or a From/To range, not both' },
      { path: '/explore?dimension=service&preset=last_month&cost=billed&charge_class=fees', field: 'charge_class', value: 'fees', message: 'charge_class must be one of usage, recurring, one-time, tax, credit; got &quot;fees&quot;' },
      { path: '/explore?dimension=colour&preset=last_month&cost=billed', field: 'dimension', value: 'colour', message: 'parameter &quot;dimension&quot; of explore/spend_by must be one of' },
      { path: '/explore?dimension=tag&tag_key=-&preset=last_month&cost=billed', field: 'tag_key', value: '-', message: 'grouping by tag needs a tag key' },
      { path: '/attribution?tag=team&start=2026-11-10&end=2026-11-01&cost=billed', field: 'end', value: '2026-11-01', message: 'start (2026-11-10) must be before end (2026-11-01)' },
      { path: '/attribution?tag=team&period=2026-11&start=2026-10-01&end=2026-11-01&cost=billed', field: 'period', value: '2026-11', message: 'give period or start/end, not both' },
      { path: '/optimisation?as_of=2026-02-30', field: 'as_of', value: '2026-02-30', message: 'as_of must be a date YYYY-MM-DD; got &quot;2026-02-30&quot;' },
      { path: '/commitments?period=2026-13', field: 'period', value: '2026-13', message: 'period must be YYYY-MM; got &quot;2026-13&quot;' },
    ];
    for (const { path, field, value, message } of cases) {
      const response = await page(app, path);
      expect(response.status, path).toBe(400);
      const html = await response.text();
      const form = /<form class="filters"[^>]*>([^]*?)<\/form>/.exec(html)?.[1];
      expect(form, path).toBeDefined();
      // The field keeps the value given, is marked invalid and described by the message right beside it (in its label).
      const label = new RegExp(`<label>[^<]*<(input|select) aria-invalid="true" aria-describedby="${field}-error"[^>]*name="${field}"[^]*?</label>`).exec(form!)?.[0];
      expect(label, path).toBeDefined();
      expect(label!.includes(`value="${value}"`), path).toBe(true);
      expect(label, path).toContain(`<span class="form-error field-error" id="${field}-error" role="alert">`);
      expect(label, path).toContain(message);
      expect(html, path).toContain('id="invalid-request"');
      // The panel stays open, and its summary line says nothing is applied (not the defaults the form was rendered from).
      expect(form, path).toContain('<details class="filter-panel" open>');
      expect(form, path).toContain('<summary><span class="filter-heading">Filters</span><span class="filter-summary">: not applied, fix the marked field and press Apply</span></summary>');
    }
    // Attribution: with a date range given, the billing period shows "(date range)", not a default period.
    const attribution = await (await page(app, cases.find((c) => c.path.startsWith('/attribution'))!.path)).text();
    expect(attribution).toContain('<option value="" selected>(date range)</option>');
  });
});
