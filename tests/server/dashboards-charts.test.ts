/**
 * The charts on the real October and November 2018 files (the cached store of one `costlens ingest`
 * each, only read), as of 15 November 2018: /api/charts lists the dashboards/ specs and their
 * queries, a spec comes with its query's rows inlined, /charts/NAME.svg renders it on the server, and
 * a spec naming no query stops the server from starting. The pages on the same store: dashboards.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { CostlensError } from '../../src/errors.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { moneyAxisLabels } from './axis-labels.ts';
import { apiRows, appOn, realFilesApp } from './helpers.ts';

describe('charts and pages on the real October and November 2018 files, as of 15 November 2018', () => {
  const real = realFilesApp();
  const sqlRows = real.sqlRows;

  describe('charts', () => {
    it('GET /api/charts lists the dashboards/ specs and the query feeding each', async () => {
      const { charts } = await (await real.app.request('/api/charts')).json();
      expect(charts.map((c: { name: string; query: string; source: string }) => [c.name, c.query, c.source])).toEqual([
        ['attribution_by_value', 'attribution/allocation', 'analysis'],
        ['attribution_coverage', 'attribution/coverage', 'analysis'],
        ['attribution_shared', 'attribution/shared', 'analysis'],
        ['commitments_expiry', 'commitments/term_ends', 'analysis'],
        ['commitments_over_time', 'commitments/over_time', 'analysis'],
        ['commitments_unused', 'commitments/by_commitment', 'analysis'],
        ['daily_spend_by_service', 'overview/daily_spend_by_service', 'query'],
        ['data_transfer_by_type', 'data_transfer/monthly_cost_by_type', 'query'],
        ['explore_daily', 'explore/daily_spend_by', 'analysis'],
        ['explore_monthly', 'explore/daily_spend_by', 'analysis'],
        ['explore_totals', 'explore/spend_by', 'analysis'],
        ['month_by_service', 'overview/top_services', 'query'],
        ['month_to_date_by_service', 'overview/top_services', 'query'],
        ['optimisation_savings', 'optimisation/findings', 'analysis'],
        ['resource_daily_cost', 'resource/daily_cost', 'query'],
        ['resource_metrics', 'resource/daily_metrics', 'query'],
        ['storage_cost_by_class', 'storage/monthly_cost_by_class', 'query'],
      ]);
    });

    it('GET /api/charts lists the month-to-date chart\'s title with its spans filled as the chart names them (it listed {{current_days}} against {{previous_days}})', async () => {
      const { charts } = await (await real.app.request('/api/charts')).json();
      const listed = charts.find((c: { name: string }) => c.name === 'month_to_date_by_service').title;
      expect(listed).toBe('By service: 1–30 Nov 2018 against 1–30 Oct 2018');
      expect((await (await real.app.request('/api/charts/month_to_date_by_service')).json()).title).toBe(listed);
      expect(charts.filter((c: { title: string }) => c.title.includes('{{'))).toEqual([]);
    });

    it('a chart spec comes with its query rows inlined as numbers, parameters filled from the context and the request', async () => {
      const response = await real.app.request('/api/charts/daily_spend_by_service?start=2018-10-30&end=2018-11-02&top=3&first_provisional_day=2018-11-01');
      expect(response.status).toBe(200);
      const spec = await response.json();
      expect(spec.mark).toEqual({ type: 'bar' });
      expect(spec.usermeta.costlens.params).toEqual({ start: '2018-10-30', end: '2018-11-02', first_provisional_day: '2018-11-01', top: '3', cost: 'billed', charges: 'usage' });
      const rows = await apiRows(await real.app.request('/api/queries/overview/daily_spend_by_service?start=2018-10-30&end=2018-11-02&first_provisional_day=2018-11-01&top=3'));
      expect(spec.data.values).toEqual(rows.map((r) => ({ day: r.day, service: r.service, cost: Number(r.cost), provisional: r.provisional === 'true' })));
      expect(spec.data.values.map((v: { day: string; provisional: boolean }) => [v.day, v.provisional])).toEqual([
        ['2018-10-30', false], ['2018-10-30', false], ['2018-10-30', false], ['2018-10-30', false],
        ['2018-10-31', false], ['2018-10-31', false], ['2018-10-31', false], ['2018-10-31', false],
        ['2018-11-01', true], ['2018-11-01', true], ['2018-11-01', true], ['2018-11-01', true],
      ]);
      // Usage only by default: the RI fees posted on 1 Nov are not daily spend; charges=all counts every line on its day.
      const perDay = async (where: string) => sqlRows(`SELECT CAST(ChargePeriodStart AS DATE) AS day, sum(BilledCost) AS cost FROM line_items
        WHERE ChargePeriodStart >= TIMESTAMP '2018-10-30' AND ChargePeriodStart < TIMESTAMP '2018-11-02' AND ${where} GROUP BY 1 ORDER BY 1`);
      const every = await apiRows(await real.app.request('/api/queries/overview/daily_spend_by_service?start=2018-10-30&end=2018-11-02&top=3&charges=all'));
      for (const [shown, where] of [[rows, "x_ChargeClass = 'usage'"], [every, 'TRUE']] as const) {
        for (const { day, cost } of await perDay(where)) {
          const exact = shown.filter((r) => r.day === day).reduce((sum, r) => sum + BigInt(r.cost!.replace('.', '')), 0n);
          expect(exact, `${day} ${where}`).toBe(BigInt(cost!.replace('.', '')));
        }
      }
      const [fees] = await sqlRows(`SELECT sum(BilledCost) AS fees FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-11-02' AND x_ChargeClass <> 'usage'`);
      expect(Number(fees.fees)).toBeGreaterThan(100);
    });

    it('/charts/NAME.svg renders on the server with vega: one bar per row of the query', async () => {
      const response = await real.app.request('/charts/explore_totals.svg?dimension=region&start=2018-10-01&end=2018-11-01');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      const svg = await response.text();
      expect(svg.startsWith('<svg')).toBe(true);
      const bars = /<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg)![1].match(/<path /g)!.length;
      const [regions] = await sqlRows(`SELECT count(DISTINCT RegionId) AS n FROM line_items WHERE x_BillingPeriod = '2018-10'`);
      expect(regions.n).toBe('17');
      expect(bars).toBe(13); // the top 12 regions and "Other (5 more)"
      expect(svg).toContain('Other (5 more)');
      expect(svg).toContain('us-east-1');
      const again = await real.app.request('/charts/explore_totals.svg?dimension=region&start=2018-10-01&end=2018-11-01');
      expect(again.headers.get('x-costlens-cache')).toBe('hit');
      expect(await again.text()).toBe(svg);
    });

    it('every chart renders to SVG with its defaults (month to date of the latest data): one bar per row of its data, one legend symbol per series', async () => {
      // What each chart's defaults draw, by SQL on the store: daily_spend_by_service 1 Oct–30 Nov 2018 (usage), a bar a day for each of the
      // 8 services with the most usage and one "Other" for a day with any other's; explore_daily the same over 1–30 Nov, every charge class;
      // month_to_date_by_service the 8 services with the most usage in 1–30 Nov, this month and last; explore_totals Nov's 12 largest and "Other".
      const [store] = await sqlRows(`WITH lines AS (SELECT CAST(ChargePeriodStart AS DATE) AS day, coalesce(ServiceName, '(none)') AS service, BilledCost AS cost, x_ChargeClass = 'usage' AS usage FROM line_items),
        two_months AS (FROM lines WHERE usage AND day >= DATE '2018-10-01' AND day < DATE '2018-12-01'),
        november AS (FROM lines WHERE day >= DATE '2018-11-01' AND day < DATE '2018-12-01'),
        top_two_months AS (SELECT service FROM two_months GROUP BY 1 ORDER BY sum(cost) DESC, 1 LIMIT 8),
        top_november AS (SELECT service FROM november GROUP BY 1 ORDER BY sum(cost) DESC, 1 LIMIT 8)
        SELECT (SELECT count(DISTINCT (day, service)) FROM two_months WHERE service IN (FROM top_two_months))
            + (SELECT count(DISTINCT day) FROM two_months WHERE service NOT IN (FROM top_two_months)) AS daily_bars,
          (SELECT count(DISTINCT (day, service)) FROM november WHERE service IN (FROM top_november))
            + (SELECT count(DISTINCT day) FROM november WHERE service NOT IN (FROM top_november)) AS explore_daily_bars,
          (SELECT count(DISTINCT service) FROM november WHERE usage) AS november_usage_services,
          (SELECT count(DISTINCT service) FROM november) AS november_services`);
      expect(store).toEqual({ daily_bars: '537', explore_daily_bars: '266', november_usage_services: '17', november_services: '17' });
      const marks: Record<string, [number, number]> = {};
      for (const name of ['daily_spend_by_service', 'month_to_date_by_service', 'explore_daily', 'explore_totals']) {
        const response = await real.app.request(`/charts/${name}.svg`);
        expect(response.status, name).toBe(200);
        const svg = await response.text();
        expect(svg.match(/class="mark-rect role-mark/g)?.length, name).toBe(1);
        // The bars and the legend's symbols; the SVG's other paths draw Vega's groups (frame, axes, legend, title), not the data.
        const paths = (group: string) => [...svg.matchAll(new RegExp(`<g class="${group}[^"]*"[^>]*>(.*?)</g>`, 'gs'))].reduce((n, m) => n + (m[1].match(/<path /g)?.length ?? 0), 0);
        marks[name] = [paths('mark-rect role-mark'), paths('mark-symbol role-legend-symbol')];
      }
      expect(marks).toEqual({
        daily_spend_by_service: [537, 9], // the 8 services and Other
        month_to_date_by_service: [16, 2], // 8 services × this month and last; the legend's two spans
        explore_daily: [266, 9], // the 8 services and Other
        explore_totals: [13, 0], // 12 of Nov's 17 services and "Other (5 more)", no legend
      });
    });

    it('a money axis of cents reads in cents: Data transfer over Oct–Nov 2018 (inter-AZ $0.0133… and $0.0050…, by DuckDB on the files) runs $0.00 to $0.014 in one precision ($0.010 among $0.012, never $0.01), where whole dollars drew "$0" eight times', async () => {
      const cost = async (file: string) => (await duckdbRows(`SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS c FROM read_parquet($file)
        WHERE line_item_line_item_type = 'Usage' AND line_item_usage_type LIKE '%DataTransfer%'`, { file }))[0].c;
      expect([await cost(REAL_OCT_2018), await cost(REAL_NOV_2018)]).toEqual(['0.0133413119', '0.0049764299']);
      const svg = await (await real.app.request('/charts/data_transfer_by_type.svg?from=2018-10-01&to=2018-12-01')).text();
      expect(moneyAxisLabels(svg)).toEqual([['$0.00', '$0.002', '$0.004', '$0.006', '$0.008', '$0.010', '$0.012', '$0.014']]);
    });

    it('unknown charts are 404, bad chart parameters 400', async () => {
      expect((await real.app.request('/charts/nope.svg')).status).toBe(404);
      expect((await real.app.request('/api/charts/nope')).status).toBe(404);
      expect((await real.app.request('/charts/explore_totals.png')).status).toBe(404);
      const bad = await real.app.request('/charts/explore_totals.svg?dimension=colour');
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toMatch(/parameter "dimension" of explore\/spend_by must be one of/);
      expect((await real.app.request('/api/charts/explore_totals?unknown=1')).status).toBe(400);
    });

    it('a spec naming a query that does not exist stops the server from starting, naming the file', () => {
      const dir = scratchDir();
      writeFileSync(join(dir, 'broken.vl.json'), JSON.stringify({ usermeta: { costlens: { query: 'overview/nope' } }, mark: 'bar' }));
      expect(() => appOn(real.db, { dashboardsDir: dir })).toThrow(CostlensError);
      expect(() => appOn(real.db, { dashboardsDir: dir })).toThrow(/no query named "overview\/nope"/);
      writeFileSync(join(dir, 'broken.vl.json'), JSON.stringify({ usermeta: { costlens: { query: 'explore/spend_by', params: { start: '{{yesterday}}' } } } }));
      expect(() => appOn(real.db, { dashboardsDir: dir })).toThrow(/broken\.vl\.json: usermeta\.costlens\.params\.start: unknown \{\{yesterday\}\}/);
    });
  });
});
