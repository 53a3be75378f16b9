import { Hono } from 'hono';
import { CostlensError } from '../../errors.ts';
import { renderSvg } from '../../lib/chart-svg.ts';
import { CHART_NAME, boundSpec, chartParams, type ChartDefinition } from '../charts.ts';
import { listedTitle } from '../chart-span-labels.ts';
import { reportContext, storeDaysOf } from '../context.ts';
import type { StoreDays } from '../../lib/store-days.ts';
import { validateParams } from '../params.ts';
import type { QueryResult } from '../query-service.ts';
import type { ServerServices } from '../services.ts';
import { refuseQueryWithoutDailyUsage } from './without-daily-usage-queries.ts';

/**
 * Charts of `dashboards/`, fed by their named queries (or analyses, see analysis-service.ts):
 * - GET /api/charts: the charts with their query and default parameters;
 * - GET /api/charts/:name?param=…: the Vega-Lite spec with the rows inlined (what the browser
 *   draws with vega-embed);
 * - GET /charts/:name.svg?param=…: the chart rendered on the server (for e-mail and no-script
 *   pages), cached per store generation and parameters.
 * Query-string parameters override the chart's own and are validated like the query API's. On a
 * store without daily usage, a chart is refused as the query API refuses its query
 * (without-daily-usage-queries.ts): one that reads days of usage (daily spend, month to date, a
 * resource's daily cost, Storage, Data transfer) with its page's message (404), not drawn at $0.00;
 * one whose range of charge days cuts a month (400). A chart fed by an analysis is refused by it.
 * A month-to-date chart as of a day whose spans hold days the store does not (in a gap between its
 * billing periods, before or after its data) says so under its title, "No data for …" and why
 * (chart-span-labels.ts), rather than leaving their bars out unsaid.
 */
export function chartRoutes(services: ServerServices): Hono {
  const app = new Hono();

  const find = (name: string): ChartDefinition => {
    const chart = CHART_NAME.test(name) ? services.charts.get(name) : undefined;
    if (!chart) throw new CostlensError('not_found', `no chart named "${name.slice(0, 64)}"`, { hint: 'GET /api/charts lists them' });
    return chart;
  };

  /**
   * Runs the chart's query (or analysis) on one generation with the context-filled parameters; with
   * the days that generation's store holds, so a chart can say which of its days it holds no data of.
   */
  const feed = (chart: ChartDefinition, request: Record<string, string[]>): Promise<{ result: QueryResult; store: StoreDays | undefined }> =>
    services.analyses.withSession(async (analyses) => {
      const context = await reportContext(analyses, services.clock());
      const params = chartParams(chart, context, request);
      const store = storeDaysOf(context);
      if (chart.source === 'query' && context.whole_bills) {
        // A bad parameter is named first, as the query API names it.
        const query = services.queries.find(chart.query);
        validateParams(query, params);
        refuseQueryWithoutDailyUsage(query, params, context.whole_bills.bills);
      }
      if (chart.source === 'query') return { result: await analyses.run(chart.query, params), store };
      const filters = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
      return { result: (await analyses.source(chart.query, filters)).result, store };
    });

  // Titles as the pages show them: a month-to-date chart's spans named as of the store's context (chart-span-labels.ts).
  app.get('/api/charts', async (c) => {
    // Without a store yet, the listing still answers, its spans in words.
    const context = await services.analyses.withSession((analyses) => reportContext(analyses, services.clock()))
      .catch((error: unknown) => { if (error instanceof CostlensError && error.code === 'store') return null; throw error; });
    return c.json({
      charts: [...services.charts.values()].map((chart) => ({
        name: chart.name, title: listedTitle(chart.title, context ? chartParams(chart, context, {}) : {}), query: chart.query, source: chart.source, params: chart.params,
      })),
    });
  });

  app.get('/api/charts/:name', async (c) => {
    const chart = find(c.req.param('name'));
    const { result, store } = await feed(chart, c.req.queries());
    c.header('Cache-Control', 'private, no-cache');
    c.header('X-Costlens-Generation', result.generation);
    return c.json(boundSpec(chart, result, store));
  });

  app.get('/charts/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.svg')) throw new CostlensError('not_found', 'charts are served as /charts/NAME.svg');
    const chart = find(file.slice(0, -'.svg'.length));
    const { result, store } = await feed(chart, c.req.queries());
    const { value: svg, hit } = await services.svgCache.get(result.generation, `${chart.name}\u0000${JSON.stringify(result.params)}`, async () => {
      const svg = await renderSvg(boundSpec(chart, result, store));
      return { value: svg, bytes: svg.length * 2 };
    });
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    c.header('Cache-Control', 'private, no-cache');
    c.header('X-Costlens-Generation', result.generation);
    c.header('X-Costlens-Cache', hit ? 'hit' : 'miss');
    return c.body(svg);
  });

  return app;
}
