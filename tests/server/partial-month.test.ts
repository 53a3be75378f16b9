/**
 * A store whose billing data begins inside a month (the real October 2018 CUR from the 10th, then
 * the whole of November): the Overview as of 15 Nov compares 1–15 Nov with 1–15 Oct, of which
 * 1–9 Oct are not in the store. It shows last month's figure for the days it holds, names the days
 * missing, and compares nothing: a day not in the store is not a day of no spend. Its chart by service draws this
 * month's bars alone, saying nothing is compared (it drew no chart).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { appOn, page } from './helpers.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';

/** Usage BilledCost (unblended cost of Usage lines) charged from `from` up to `to`, by DuckDB on the Parquet file. */
const USAGE_ON_FILE = `SELECT CAST(sum(line_item_unblended_cost) AS VARCHAR) AS c FROM read_parquet($file)
  WHERE line_item_line_item_type = 'Usage' AND line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)`;

describe('the Overview on a store that begins on 10 Oct 2018', () => {
  let app: CostlensApp;

  beforeAll(async () => {
    // October from the 10th, written once per machine (tests/helpers/derived-files.ts); the store of it and
    // November (two ingests) built once per machine (tests/helpers/cached-stores.ts) and only read.
    const name = 'cur-athena-parquet-2018-10.snappy.parquet';
    const { [name]: october } = await derivedFiles([{ name, sql: "SELECT * FROM read_parquet($file) WHERE line_item_usage_start_date >= TIMESTAMP '2018-10-10'", params: { file: REAL_OCT_2018 } }]);
    app = appOn(await cachedStore([[october], [REAL_NOV_2018]]));
  });
  afterAll(() => app?.close());

  it('as of 15 Nov: last month\'s same days are partly in the store, so its figure covers the days it holds, the missing ones are named, and nothing is compared or explained', async () => {
    const [before] = await duckdbRows(USAGE_ON_FILE, { file: REAL_OCT_2018, from: '2018-10-10', to: '2018-10-16' });
    const [now] = await duckdbRows(USAGE_ON_FILE, { file: REAL_NOV_2018, from: '2018-11-01', to: '2018-11-16' });
    const html = await (await page(app, '/?as_of=2018-11-15')).text();
    // Each span is named by the days the store holds of it (it read "The same complete days of both months: … against 1–15 Oct 2018 (15 days)").
    expect(html).toContain('The complete days of both months the store holds: <strong id="mtd-days">1–15 Nov 2018 (15 days)</strong> against <strong>10–15 Oct 2018 (6 days)</strong>.');
    expect(html).toContain('<span id="before-data">The store&#39;s billing data begins on 10 Oct 2018, so 1–9 Oct 2018 are not in it last month.</span>');
    expect(html).toContain('<span id="not-compared">Usage is not compared: a day not in the store is not a day of no spend.</span>');
    const figure = (id: string) => new RegExp(`id="${id}">\\s*<h2>[^<]*</h2>\\s*<p class="figure[^"]*" data-value="([^"]*)">`).exec(html)![1];
    expect(Number(before.c) > 0 && Number(now.c) > 0).toBe(true);
    expect(Number(figure('mtd-previous'))).toBeCloseTo(Number(before.c), 8);
    expect(Number(figure('mtd-current'))).toBeCloseTo(Number(now.c), 8);
    expect(html).toMatch(/id="mtd-change">\s*<h2>Change in usage<\/h2>\s*<p class="figure" data-value="">not compared<\/p>\s*<p class="range">last month&#39;s days are not all in the store<\/p>/);
    expect(html).toContain('No explanation: last month&#39;s days (1–15 Oct 2018) are not all in the store: the store&#39;s billing data begins on 10 Oct 2018.');
    expect(html).not.toContain('month_to_date_by_service');
  });

  it('as of 15 Nov: the chart by service draws 1–15 Nov alone, its caption saying nothing is compared, its title naming no day of October (it drew nothing)', async () => {
    const html = await (await page(app, '/?as_of=2018-11-15')).text();
    const figure = /<div class="vega" data-chart="month_by_service" data-params="([^"]*)"[^]*?<figcaption>([^<]*)<\/figcaption>/.exec(html);
    expect(figure![1]).toBe('as_of=2018-11-15&amp;cost=billed');
    expect(figure![2]).toBe('Usage month to date by service, 1–15 Nov 2018 (billed cost). Not compared, as the cards above: a day not in the store is not a day of no spend.');
    const spec = await (await page(app, '/api/charts/month_by_service?as_of=2018-11-15&cost=billed')).json() as { title: unknown; data: { values: { service: string; current_cost: number }[] } };
    // It draws November's bars only: nothing said of October's days not in the store, which it does not draw.
    expect(spec.title).toBe('By service: 1–15 Nov 2018');
    // Every service with usage lines (a DiscountedUsage line bills $0.00), the 7 largest drawn by name and the rest summed as one bar, "Other (N more)".
    const services = await duckdbRows(`SELECT service, CAST(cost AS VARCHAR) AS c FROM (SELECT coalesce(product_product_name, line_item_product_code) AS service, sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS cost
      FROM read_parquet($file) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND line_item_usage_start_date < TIMESTAMP '2018-11-16' GROUP BY 1) ORDER BY cost DESC, service`, { file: REAL_NOV_2018 });
    expect(services[0]).toEqual({ service: 'AWS Glue', c: '1501.2822198000' });
    const rest = services.slice(7).reduce((sum, r) => sum + toUnits(r.c!), 0n);
    expect(spec.data.values.map((v) => [v.service, v.current_cost])).toEqual([...services.slice(0, 7).map((r) => [r.service, Number(r.c)]), [`Other (${services.length - 7} more)`, Number(fromUnits(rest))]]);
  });

  it('as of 30 Nov, against 1–30 Oct (every day from the 10th in the store), the same: not compared', async () => {
    const html = await (await page(app, '/?as_of=2018-11-30')).text();
    expect(html).toMatch(/id="mtd-change">\s*<h2>Change in usage<\/h2>\s*<p class="figure" data-value="">not compared<\/p>/);
  });
});
