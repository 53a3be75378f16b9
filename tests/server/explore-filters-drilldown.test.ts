/**
 * Explore as a console (issue 14), narrowing and following a view: filters for account, service,
 * region, charge class and tag value, a monthly grain, drill-down links, one colour per series name
 * on every chart, and a 400 that keeps the form (on every page with filters). On the demo
 * organisation (as of 15 Nov 2026: tests/helpers/explore-demo.ts); every expected figure is SQL
 * written here, run on the same store. Presets and compared spans: explore-presets-compare.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { days, exploreDemoPerFile, links, total } from '../helpers/explore-demo.ts';
import { page } from './helpers.ts';
import { tableRows } from './page-helpers.ts';

describe('Explore on the demo organisation: filters, grain, drill-down, colours, and forms that survive a bad request', () => {
  const demo = exploreDemoPerFile();
  const { sqlRows, sum } = demo;

  it('filters narrow every figure: service, charge class, region, two accounts, and a tag value read as attribution reads it', async () => {
    const ec2 = 'Amazon Elastic Compute Cloud';
    const [a1, a2] = (await sqlRows(`SELECT SubAccountId AS a FROM line_items GROUP BY 1 ORDER BY sum(BilledCost) DESC LIMIT 2`)).map((r) => r.a);
    // Each case: the query, its lines in SQL, the cost summed, and that sum over October by DuckDB on the store (exact).
    const cases: [string, string, string, string][] = [
      [`dimension=region&preset=last_month&cost=effective&service=${encodeURIComponent(ec2)}&charge_class=usage`, `ServiceName = '${ec2}' AND x_ChargeClass = 'usage'`, 'EffectiveCost', '23166.8703070795'],
      [`dimension=service&preset=last_month&cost=billed&region=eu-west-1&account=${a1}&account=${a2}`, `RegionId = 'eu-west-1' AND SubAccountId IN ('${a1}', '${a2}')`, 'BilledCost', '4335.6072526339'],
      [`dimension=service&preset=last_month&cost=billed&charge_class=tax&charge_class=recurring`, `x_ChargeClass IN ('tax', 'recurring')`, 'BilledCost', '5745.8180000000'],
      [`dimension=account&preset=last_month&cost=billed&tag_key=team&tag_value=payments`, `${demo.team} = 'payments'`, 'BilledCost', '6349.4755641298'],
      [`dimension=service&preset=last_month&cost=billed&tag_key=team&tag_value=(untagged)`, `${demo.team} = '(untagged)'`, 'BilledCost', '8425.0475031111'],
    ];
    for (const [query, where, cost, october] of cases) {
      const response = await page(demo.app, `/explore?${query}`);
      expect(response.status, query).toBe(200);
      const html = await response.text();
      const expected = await sum(`${days('2026-10-01', '2026-11-01')} AND ${where}`, cost);
      expect(expected, query).toBe(october);
      expect(total(html), query).toBe(expected);
      // The chart and the CSV link carry the same filters as bound list parameters.
      expect(html, query).toMatch(/data-chart="explore_daily" data-params="[^"]*(accounts|services|regions|charge_classes|tag_filter)=/);
    }
    const html = await (await page(demo.app, `/explore?${cases[1][0]}`)).text();
    expect(html).toContain('<ul class="chips" id="explore-filters" aria-label="Filters in force">');
    expect(html).toContain('Region: <strong>eu-west-1</strong>');
    expect(html).toContain(`<select name="account" multiple size="4">`);
    const removeRegion = /Region: <strong>eu-west-1<\/strong>\s*<a href="([^"]*)"/.exec(html)![1].replaceAll('&amp;', '&');
    expect(removeRegion).toBe(`/explore?dimension=service&preset=last_month&cost=billed&account=${a1}&account=${a2}`);
  });

  it('the monthly grain sums each calendar month of the range', async () => {
    const chart = await (await demo.app.request('/api/charts/explore_monthly?dimension=account&start=2026-09-15&end=2026-11-15&cost=billed&top=30')).json() as { data: { values: { day: number | string; value: string; cost: number }[] } };
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
    const html = await (await page(demo.app, '/explore?dimension=service&preset=last_3_months&cost=billed&grain=month')).text();
    expect(html).toContain('data-chart="explore_monthly"');
    expect(html).toContain('<option value="month" selected>Monthly</option>');
  });

  it('drill-down: service → usage type → resource → the resource page, each a link whose view adds up to the row it came from', async () => {
    const top = await (await page(demo.app, '/explore?dimension=service&preset=last_month&cost=billed')).text();
    expect(top).toContain('data-drill-href="/explore?dimension=usage_type&amp;preset=last_month&amp;cost=billed" data-drill-param="service"');
    const [service] = links(top);
    const serviceCost = tableRows(top, 'explore-table')[0][1];
    expect(service.href).toBe(`/explore?dimension=usage_type&preset=last_month&cost=billed&service=${encodeURIComponent(service.text).replaceAll('%20', '+')}`);
    const usageTypes = await (await page(demo.app, service.href)).text();
    expect(total(usageTypes)).toBe(serviceCost);
    expect(total(usageTypes)).toBe(await sum(`${days('2026-10-01', '2026-11-01')} AND ServiceName = '${service.text}'`));
    const [usageType] = links(usageTypes);
    const usageCost = tableRows(usageTypes, 'explore-table')[0][1];
    expect(usageType.href).toContain('dimension=resource');
    const resources = await (await page(demo.app, usageType.href)).text();
    expect(total(resources)).toBe(usageCost);
    const [resource] = links(resources);
    expect(resource.href).toBe(`/resource?start=2026-10-01&end=2026-11-01&id=${encodeURIComponent(resource.text)}`);
    expect(resources).toContain('data-drill-param="id"');
    expect((await page(demo.app, resource.href)).status).toBe(200);
    // Account → service; "Other" and "(none)" are no links.
    const accounts = await (await page(demo.app, '/explore?dimension=account&preset=last_month&cost=billed')).text();
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
      const spec = await (await demo.app.request(path)).json() as Spec;
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
    const spec = await (await demo.app.request(`/api/charts/explore_daily?${view}&top=8`)).json() as Spec;
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
      const response = await page(demo.app, path);
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
    const attribution = await (await page(demo.app, cases.find((c) => c.path.startsWith('/attribution'))!.path)).text();
    expect(attribution).toContain('<option value="" selected>(date range)</option>');
  });
});
