/**
 * The Commitments page's expiry timeline on the real files: the 2018 workshop CUR states each
 * Reserved Instance's term end (reservation_end_time), the FOCUS sample states none for its two
 * Savings Plans. The timeline draws the commitments whose end the bill states, each at its end as
 * DuckDB reads it from the Parquet; a period whose commitments state none gets a sentence instead
 * of a chart (it drew an empty plot and Vega warned "Infinite extent for field end"). The page writes
 * the RIs' hours as `costlens commitments` does, two decimals at most with the unit (`530.32 h`; it
 * showed `530.320,278`, thousands separators in the fraction). At 390 px every chart's text lies inside
 * its card. On the same store in Chromium at
 * 390 px, the notes of what the analyses could not judge wrap within the page: rightsizing's
 * instances without CPU metrics (November 2018, a bill without metrics) and the AWS usage lines
 * without a usage type (September 2024, the FOCUS sample) on the Optimisation and KPI pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium } from '../helpers/browser.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { appOn, page } from './helpers.ts';
import { chartTextOutsideCards } from './chart-text-bounds.ts';
import { chartMarks, launchChromium, watchedPage } from './page-helpers.ts';
import { hoursShown } from '../helpers/text-table-rows.ts';

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

  it('October 2018: each RI\'s purchased, used and unused hours and the coverage gaps\' eligible hours as `costlens commitments` writes them, two decimals at most with the unit, as DuckDB reads the Parquet', async () => {
    const html = await (await page(app, '/commitments?period=2018-10')).text();
    const cells = (id: string, from: number, to: number) => {
      const table = new RegExp(`<table id="${id}"[^]*?</table>`).exec(html)![0];
      return [...table.matchAll(/<tr data-(?:arn|key)="([^"]*)">([^]*?)<\/tr>/g)]
        .map((m) => [m[1], ...[...m[2].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].slice(from, to).map((c) => c[1].trim())]);
    };
    const onFile = await duckdbRows(`SELECT reservation_reservation_a_r_n AS arn, printf('%.2f', round(line_item_usage_amount, 2)) AS purchased,
        printf('%.2f', round(line_item_usage_amount - reservation_unused_quantity, 2)) AS used, printf('%.2f', round(reservation_unused_quantity, 2)) AS unused
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: REAL_OCT_2018 });
    expect(cells('commitments', 4, 7).sort((a, b) => a[0].localeCompare(b[0]))).toEqual(onFile.map((r) => [r.arn, hoursShown(r.purchased!), hoursShown(r.used!), hoursShown(r.unused!)]));
    // The Windows t2.micro RI bought on 9 October: 530.320278 hours, 195 used (it showed "530.320,278" and "335.320,278": thousands separators in the fraction).
    expect(cells('commitments', 4, 7).find((r) => r[0].includes('/2dbc59ec-'))!.slice(1)).toEqual(['530.32 h', '195 h', '335.32 h']);
    const eligible = await duckdbRows(`SELECT line_item_usage_account_id AS account, printf('%.2f', round(sum(line_item_usage_amount), 2)) AS hours
      FROM read_parquet($file) WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')
        AND (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%InstanceUsage%' OR line_item_usage_type LIKE '%Multi-AZUsage%')
      GROUP BY 1 ORDER BY 1`, { file: REAL_OCT_2018 });
    expect(eligible.map((r) => [r.account, r.hours])).toEqual([['011254002932', '2673.77'], ['836060457634', '14226.21']]);
    // It showed "2,673.766,388" and "14,226.21,417".
    expect(cells('coverage-by-account', 1, 2).sort((a, b) => a[0].localeCompare(b[0]))).toEqual(eligible.map((r) => [r.account, hoursShown(r.hours!)]));
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

  it('at 390 px: nine points in November 2018, every chart\'s text inside its card, no expiry chart in September 2024, and no console warning in either', async () => {
    const { page: tab, problems } = await watchedPage(browser.context);
    await tab.setViewportSize({ width: 390, height: 844 });
    await tab.goto(`${server.url}/commitments?period=2018-11`);
    expect((await chartMarks(tab)).commitments_expiry!.points).toBe(9);
    // Nine RIs' ids and both legends of the expiry chart, each chart's text inside its card (the size legend ran past it).
    expect(await chartTextOutsideCards(tab)).toEqual([]);
    await tab.goto(`${server.url}/commitments?period=2024-09`);
    const marks = await chartMarks(tab);
    expect(Object.keys(marks).sort()).toEqual(['commitments_over_time', 'commitments_unused']);
    expect(await tab.isVisible('#expiry-unstated')).toBe(true);
    expect(await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(problems).toEqual([]);
    await tab.close();
  });

  it('at 390 px the notes of what the analyses could not judge wrap within the page: rightsizing\'s instances without CPU metrics, the lines without a usage type', async () => {
    const { page: tab, problems } = await watchedPage(browser.context);
    await tab.setViewportSize({ width: 390, height: 844 });
    const notes = [
      ['/optimisation?as_of=2018-12-01&owner_key=-', 'rightsizing-without-cpu', 'Rightsizing: 96 EC2 instances and 3 RDS instances billed in the look-back have no CPU metrics'],
      ['/optimisation?as_of=2024-10-01&owner_key=-', 'modernisation-without-usage-type', 'Not judged: 941 AWS usage lines charged from 2024-09-01 to 2024-09-30'],
      ['/kpi?months=1', 'kpi-not-classified', 'Not classified: 941 AWS usage lines charged from 2024-09-01 to 2024-09-30'],
    ] as const;
    for (const [path, id, opening] of notes) {
      await tab.goto(`${server.url}${path}`);
      const note = await tab.evaluate((noteId) => {
        const element = document.getElementById(noteId);
        if (!element) return null;
        const box = element.getBoundingClientRect();
        return {
          text: element.textContent ?? '', left: box.left, right: box.right, overflow: element.scrollWidth - element.clientWidth,
          rows: box.height / Number.parseFloat(getComputedStyle(element).fontSize), page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      }, id);
      expect(note?.text.startsWith(opening), `${path}: ${note?.text}`).toBe(true);
      // Inside the viewport, nothing cut off or scrolled sideways, and over several lines (each about 1.2 font sizes high).
      expect([note!.left >= 0, note!.right <= 390, note!.overflow, note!.page], path).toEqual([true, true, 0, 0]);
      expect(note!.rows, path).toBeGreaterThan(5);
    }
    expect(problems).toEqual([]);
    await tab.close();
  });
});
