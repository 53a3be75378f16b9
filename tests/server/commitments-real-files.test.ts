/**
 * The Commitments page's expiry timeline on the real files: the 2018 workshop CUR states each
 * Reserved Instance's term end (reservation_end_time), the FOCUS sample states none for its two
 * Savings Plans. The timeline draws the commitments whose end the bill states, each at its end as
 * DuckDB reads it from the Parquet; a period whose commitments state none gets a sentence instead
 * of a chart (it drew an empty plot and Vega warned "Infinite extent for field end").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium } from '../helpers/browser.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { appOn, page } from './helpers.ts';
import { chartMarks, launchChromium, watchedPage } from './page-helpers.ts';

/** The store tests/commitments/invoice.test.ts reads too: both 2018 CURs, the legacy CUR and the FOCUS sample. */
const INGESTS = [[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]] as const;

interface ChartBody { usermeta: { costlens: { query: string; params: Record<string, string> } }; data: { values: { arn: string; end: string; monthly_value: number | null }[] } }

describe('the expiry timeline on the real files', () => {
  let db: string;
  let app: CostlensApp;
  beforeAll(async () => {
    db = await cachedStore(INGESTS);
    app = appOn(db);
  });
  afterAll(() => app?.close());

  const chart = async (period: string) => (await (await app.request(`/api/charts/commitments_expiry?period=${period}`)).json()) as ChartBody;

  it('November 2018: each of the nine Reserved Instances at the end of its term, as reservation_end_time says, sized by its monthly value', async () => {
    const body = await chart('2018-11');
    expect(body.usermeta.costlens).toMatchObject({ query: 'commitments/term_ends', params: { period: '2018-11' } });
    const onFile = await duckdbRows(`SELECT reservation_reservation_a_r_n AS arn, strftime(CAST(reservation_end_time AS TIMESTAMP), '%Y-%m-%d %H:%M:%S') AS end_time
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: REAL_NOV_2018 });
    expect(onFile).toHaveLength(9);
    expect(body.data.values.map((v) => ({ arn: v.arn, end_time: v.end })).sort((a, b) => a.arn.localeCompare(b.arn))).toEqual(onFile);
    const cli = JSON.parse((await costlens(db, 'commitments', '--period', '2018-11', '--format', 'json')).stdout) as { commitments: { arn: string; monthlyValue: string }[] };
    expect(Object.fromEntries(body.data.values.map((v) => [v.arn, v.monthly_value]))).toEqual(Object.fromEntries(cli.commitments.map((c) => [c.arn, Number(c.monthlyValue)])));
    expect(await (await page(app, '/commitments?period=2018-11')).text()).toContain('data-chart="commitments_expiry" data-params="period=2018-11"');
  });

  it('September 2024 (FOCUS): no commitment states its end, so no rows for the chart and a sentence in its place', async () => {
    expect((await chart('2024-09')).data.values).toEqual([]);
    const html = await (await page(app, '/commitments?period=2024-09')).text();
    expect(html).not.toContain('data-chart="commitments_expiry"');
    expect(html).toContain('<p id="expiry-unstated">The bill states no term end for any of the 2 commitments of 2024-09 (FOCUS data carries none; a CUR states it in its reservation and Savings Plan end times), so there is no expiry timeline.</p>');
    // The commitments themselves are still listed, with no end.
    expect(html.match(/<tr data-arn="arn:aws:savingsplans::[^"]+">/g)).toHaveLength(2);
  });
});

describeWithChromium('the Commitments page on the real files in Chromium', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    server = await startServer({ storePath: await cachedStore(INGESTS), host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('at 390 px: nine points in November 2018, no expiry chart in September 2024, and no console warning in either', async () => {
    const { page: tab, problems } = await watchedPage(browser.context);
    await tab.setViewportSize({ width: 390, height: 844 });
    await tab.goto(`${server.url}/commitments?period=2018-11`);
    expect((await chartMarks(tab)).commitments_expiry!.points).toBe(9);
    await tab.goto(`${server.url}/commitments?period=2024-09`);
    const marks = await chartMarks(tab);
    expect(Object.keys(marks).sort()).toEqual(['commitments_over_time', 'commitments_unused']);
    expect(await tab.isVisible('#expiry-unstated')).toBe(true);
    expect(await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(problems).toEqual([]);
    await tab.close();
  });
});
