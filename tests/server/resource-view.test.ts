/**
 * The resource view (`/resource?id=&start=&end=`) on the demo organisation, against SQL on the store
 * and `costlens idle` and `costlens rightsize`: its daily EffectiveCost and metrics as charts (also
 * rendered on the server), the findings about the resource, and its link to all the findings, which
 * answers 200 whatever the range's end: a range ending where the Optimisation page refuses the as-of
 * day (its rules would look back on days after the data horizon only) linked to that refusal (400),
 * and from 16 days past the horizon the view itself answered 400 (rightsizing run on a look-back
 * after its counted days); its findings and link are now as of the page's default, which a note says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { storeReader, type StoreReader } from '../helpers/read-only-sql-session.ts';
import { unitTitle } from '../../src/server/unit-panels.ts';
import { text, units } from './exact-units.ts';
import { expectSecurityHeaders, page } from './helpers.ts';
import { cli, demoApp, figure, textOf } from './page-helpers.ts';

describe('the resource view on the demo organisation, against SQL, `costlens idle` and `costlens rightsize`', () => {
  let app: CostlensApp;
  let idle: IdleFinding[];
  let rightsize: RightsizingRecommendation[];
  /** The store opened once for the statements the tests check the view against (nothing writes to it). */
  let store: StoreReader;

  beforeAll(async () => {
    const demo = await demoApp();
    app = demo.app;
    store = storeReader(demo.db);
    idle = JSON.parse(await cli(demo.db, 'idle', '--format', 'json', '--config', demo.configPath));
    rightsize = JSON.parse(await cli(demo.db, 'rightsize', '--format', 'json', '--config', demo.configPath));
  }, 600_000);
  afterAll(async () => {
    app?.close();
    await store?.close();
  });

  it('the resource view: daily EffectiveCost from line_items and metrics per day, as charts, with the findings about it', async () => {
    // Each resource and the one finding about it: a rightsizing of the instance, the volume unattached, the database without connections.
    const findingsAbout: Record<string, string[]> = {
      'i-06ed77da38103e0dd': ['rightsize-downsize'], 'vol-08a50dcafde4866ec': ['ebs-unattached'], 'arn:aws:rds:us-west-2:455360545966:db:experiments-db': ['rds-no-connections'],
    };
    for (const id of Object.keys(findingsAbout)) {
      const bare = await page(app, `/resource?${new URLSearchParams({ id })}`);
      expect(bare.status).toBe(302);
      const location = bare.headers.get('location')!;
      expect(location).toBe(`/resource?${new URLSearchParams({ id, start: '2026-09-16', end: '2026-11-15' })}`);
      const response = await page(app, location);
      expect(response.status, id).toBe(200);
      expectSecurityHeaders(response);
      const html = await response.text();
      const [sums] = await store.rows(`SELECT sum(EffectiveCost) AS effective, sum(BilledCost) AS billed FROM line_items
        WHERE ResourceId = '${id}' AND ChargePeriodStart >= TIMESTAMP '2026-09-16' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
      expect(figure(html, 'resource-effective'), id).toBe(sums.effective);
      expect(figure(html, 'resource-billed'), id).toBe(sums.billed);
      const params = new URLSearchParams({ id, start: '2026-09-16', end: '2026-11-15' }).toString();
      expect(html).toContain(`data-chart="resource_daily_cost" data-params="${params.replaceAll('&', '&amp;')}"`);
      expect(html).toContain(`data-chart="resource_metrics" data-params="${params.replaceAll('&', '&amp;')}"`);

      const cost = await (await app.request(`/api/charts/resource_daily_cost?${params}`)).json();
      const daily = await store.rows(`SELECT CAST(ChargePeriodStart AS DATE) AS day, sum(EffectiveCost) AS cost FROM line_items
        WHERE ResourceId = '${id}' AND ChargePeriodStart >= TIMESTAMP '2026-09-16' AND ChargePeriodStart < TIMESTAMP '2026-11-15' GROUP BY 1 ORDER BY 1`);
      expect(daily.length).toBe(60);
      const perDay = new Map<string, bigint>();
      for (const v of (await (await app.request(`/api/queries/resource/daily_cost?${params}`)).json()).rows as { day: string; effective_cost: string }[]) {
        perDay.set(v.day, (perDay.get(v.day) ?? 0n) + units(v.effective_cost));
      }
      expect([...perDay].map(([day, c]) => ({ day, cost: text(c) }))).toEqual(daily);
      expect(cost.data.values.reduce((s: number, v: { effective_cost: number }) => s + v.effective_cost, 0)).toBeCloseTo(Number(sums.effective), 6);

      const metrics = await (await app.request(`/api/charts/resource_metrics?${params}`)).json();
      const expected = await store.rows(`SELECT CAST(timestamp AS DATE) AS day, metric_name || ' (' || statistic || ')' AS series, value FROM metrics
        WHERE resource_id = '${id}' AND timestamp >= TIMESTAMP '2026-09-16' AND timestamp < TIMESTAMP '2026-11-15' ORDER BY namespace, metric_name, statistic, timestamp`);
      expect(expected.length).toBeGreaterThan(25);
      expect(metrics.data.values.map((v: { day: string; series: string; value: number }) => [v.day, v.series, v.value])).toEqual(expected.map((r) => [r.day, r.series, Number(r.value)]));

      const about = [...idle.filter((f) => f.resourceId === id).map((f) => f.rule), ...rightsize.filter((r) => r.resourceId === id).map((r) => r.rule)];
      expect(about, id).toEqual(findingsAbout[id]);
      const section = /id="resource-findings">([^]*?)<\/section>/.exec(html)![1];
      expect([...section.matchAll(/<tr data-rule="([^"]*)">/g)].map((m) => m[1]), id).toEqual(about);
    }
  });

  it('the resource view\'s charts render on the server too (no-script fallback)', async () => {
    const params = new URLSearchParams({ id: 'i-06ed77da38103e0dd', start: '2026-10-16', end: '2026-11-15' });
    const cost = await (await app.request(`/charts/resource_daily_cost.svg?${params}`)).text();
    expect(cost.match(/<path /g)!.length).toBeGreaterThan(30);
    const metrics = await (await app.request(`/charts/resource_metrics.svg?${params}`)).text();
    expect(metrics).toContain('CPUUtilization (p99.5)');
    const savings = await app.request('/charts/optimisation_savings.svg?as_of=2026-11-15&owner_key=team');
    expect(savings.status).toBe(200);
    expect(await savings.text()).toContain('rightsize-downsize');
  });

  it('each metric\'s panel titles its y axis with the metric\'s unit (bytes, %), and the facts and spans read as on every page', async () => {
    const id = 'i-06ed77da38103e0dd';
    const params = new URLSearchParams({ id, start: '2026-10-16', end: '2026-11-15' });
    // By SQL: the units the store gives each series (CloudWatch's names), as the axis says them.
    const units = await store.rows(`SELECT metric_name || ' (' || statistic || ')' AS series, unit FROM metrics
      WHERE resource_id = '${id}' AND timestamp >= TIMESTAMP '2026-10-16' AND timestamp < TIMESTAMP '2026-11-15'
      GROUP BY ALL ORDER BY min(namespace), min(metric_name), min(statistic)`);
    expect(units.map((r) => [r.series, r.unit])).toEqual([
      ['CPUUtilization (Average)', 'Percent'], ['CPUUtilization (Maximum)', 'Percent'], ['CPUUtilization (p99.5)', 'Percent'],
      ['NetworkIn (Sum)', 'Bytes'], ['NetworkOut (Sum)', 'Bytes'], ['mem_used_percent (Average)', 'Percent'],
    ]);
    // The panels had no axis title: "150G" of what, CPU 0–100 of what.
    const spec = await (await app.request(`/api/charts/resource_metrics?${params}`)).json();
    expect(spec.vconcat.map((panel: { title: { text: string }; encoding: { y: { title: string } } }) => [panel.title.text, panel.encoding.y.title])).toEqual([
      ['CPUUtilization (Average)', '%'], ['CPUUtilization (Maximum)', '%'], ['CPUUtilization (p99.5)', '%'],
      ['NetworkIn (Sum)', 'bytes'], ['NetworkOut (Sum)', 'bytes'], ['mem_used_percent (Average)', '%'],
    ]);
    const svg = await (await app.request(`/charts/resource_metrics.svg?${params}`)).text();
    expect([...svg.matchAll(/role-axis-title[^]*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((t) => t !== '')).toEqual(['%', '%', '%', 'bytes', 'bytes', '%']);
    expect(unitTitle('Count')).toBe('count');
    expect(unitTitle('None')).toBeNull();

    // Spans and days as the pages write them (it said "16 Oct 2026 – 14 Nov 2026" and "inventory of 2026-11-15 00:00:00").
    const html = await (await page(app, `/resource?${params}`)).text();
    const [facts] = await store.rows(`SELECT (SELECT CAST(max(observed_at) AS VARCHAR) FROM resources WHERE resource_id = '${id}') AS observed,
      (SELECT CAST(count(*) AS VARCHAR) FROM line_items WHERE ResourceId = '${id}' AND ChargePeriodStart >= TIMESTAMP '2026-10-16' AND ChargePeriodStart < TIMESTAMP '2026-11-15') AS lines`);
    expect(facts.observed).toBe('2026-11-15 00:00:00');
    expect(textOf(html)).toContain('(inventory of 15 Nov 2026)');
    expect(html).toContain(`<p class="range">16 Oct – 14 Nov 2026, ${Number(facts.lines).toLocaleString('en-US')} line items</p>`);
    expect(html).toContain(`CloudWatch metrics of ${id} per day, 16 Oct – 14 Nov 2026: one panel per metric and statistic.`);
    expect(html).toContain('<dt>State</dt><dd>running (inventory of 15 Nov 2026)</dd>');
    // Billed over every day of the store that holds a line of it, metrics over those of its points: one span each.
    const [all] = await store.rows(`SELECT (SELECT CAST(min(ChargePeriodStart)::DATE AS VARCHAR) || '/' || CAST(max(ChargePeriodStart)::DATE AS VARCHAR) || '/' || CAST(count(*) AS VARCHAR) FROM line_items WHERE ResourceId = '${id}') AS billed,
      (SELECT CAST(min(timestamp)::DATE AS VARCHAR) || '/' || CAST(max(timestamp)::DATE AS VARCHAR) FROM metrics WHERE resource_id = '${id}') AS metrics`);
    expect([all.billed!.replace(/\/\d+$/, ''), all.metrics]).toEqual(['2026-09-01/2026-11-14', '2026-10-16/2026-11-14']);
    expect(html).toContain(`<dt>Billed</dt><dd>1 Sep – 14 Nov 2026, ${Number(all.billed!.split('/')[2]).toLocaleString('en-US')} line items</dd>`);
    expect(html).toContain('<dt>Metrics</dt><dd>6 series, 16 Oct – 14 Nov 2026</dd>');
  });

  it('a range ending past the data horizon (14 Nov 2026): the findings and the link to all of them are as of a day the Optimisation page takes, and the link answers 200', async () => {
    const id = 'vol-08a50dcafde4866ec';
    const volume = idle.find((f) => f.resourceId === id)!;
    expect([volume.rule, volume.monthlySaving]).toEqual(['ebs-unattached', '80.00']);
    // 18 Nov: idle's 7 days (11–17 Nov) hold 11–14 Nov, so the page takes it. 25 Nov and 1 Dec: their 7 days (18–24 Nov, 24–30 Nov) hold no
    // complete day, so the page refuses them (the link answered 400; from 30 Nov on the view itself did), and the view takes its default, 15 Nov.
    for (const [end, asOf, shown] of [['2026-11-18', '2026-11-18', '18 Nov 2026'], ['2026-11-25', '2026-11-15', '15 Nov 2026'], ['2026-12-01', '2026-11-15', '15 Nov 2026']]) {
      const response = await page(app, `/resource?${new URLSearchParams({ id, start: '2026-11-01', end })}`);
      expect(response.status, end).toBe(200);
      const html = await response.text();
      const link = /<a [^>]*href="(\/optimisation\?[^"]*)">(All findings[^<]*)<\/a>/.exec(html);
      expect([link?.[1], link?.[2]], end).toEqual([`/optimisation?as_of=${asOf}`, `All findings as of ${shown}`]);
      const followed = await page(app, link![1]);
      expect([followed.status, followed.headers.get('location')], end).toEqual([302, `/optimisation?as_of=${asOf}&owner_key=team`]);
      expect((await page(app, followed.headers.get('location')!)).status, end).toBe(200);
      // The findings are those of that day: the volume idle finds unattached as of 15 Nov (the CLI's default) saves its 80.00 a month.
      const section = /id="resource-findings">([^]*?)<\/section>/.exec(html)![1];
      expect(textOf(/<h2>([^<]*)<\/h2>/.exec(section)![1]), end).toBe(`Findings as of ${shown}`);
      expect([...section.matchAll(/<tr data-rule="([^"]*)">/g)].map((m) => m[1]), end).toEqual(['ebs-unattached']);
      if (asOf === '2026-11-15') expect(section, end).toContain(`<td data-value="${volume.monthlySaving}">$80.00</td>`);
      const note = /<p class="note" id="resource-findings-day">([^]*?)<\/p>/.exec(section)?.[1];
      if (asOf === end) {
        expect(note, end).toBeUndefined();
        continue;
      }
      // The note gives the Optimisation page's own refusal of the end.
      const refused = await page(app, `/optimisation?as_of=${end}&owner_key=team`);
      expect(refused.status, end).toBe(400);
      const message = textOf(/<p class="note" id="invalid-request">([^]*?)<\/p>/.exec(await refused.text())![1]).replace('Nothing is shown until the marked field is fixed: ', '');
      expect(message, end).toMatch(new RegExp(`^as_of ${end} is outside the billing data: the 7 days its shortest rule looks back on \\(${end === '2026-11-25' ? '18–24 Nov 2026' : '24–30 Nov 2026'}\\) must hold a complete day from 1 Sep to 14 Nov 2026$`));
      expect(textOf(note!), end).toBe(`Not as of ${end === '2026-11-25' ? '25 Nov 2026' : '1 Dec 2026'}, the end of the range: as of the Optimisation page's default, the day after the data horizon, since the page refuses the end (${message}).`);
    }
  });
});
