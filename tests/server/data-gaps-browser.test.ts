/**
 * A month-to-date chart as of a day whose spans hold days the store does not says so under its
 * title (`{text, subtitle}`: src/server/chart-span-labels.ts); in Chromium, at 390 and 1,280 px, on
 * the store with gaps (tests/helpers/data-gaps-store.ts): its screen-reader summary
 * (src/server/assets/chart-summary.js) read only a plain-text title, so it opened ": Amazon Simple
 * Storage Service: …" without its title or what the subtitle says; now it reads both. The title and
 * subtitle are drawn whole (wrapped, not cut with an ellipsis) inside the chart's card on a phone.
 * No page draws this chart as of such a day (the Overview shows it only when both spans are held
 * whole), so the test adds it to the Storage page as a page would: `<figure class="chart">` with
 * `data-chart="month_to_date_by_service"`, drawn by app.js from /api/charts/month_to_date_by_service.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium } from '../helpers/browser.ts';
import { REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { GAP_2024, storeWithGaps } from '../helpers/data-gaps-store.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { chartTextOutsideCards } from './chart-text-bounds.ts';
import { chartMarks, launchChromium, watchedPage } from './page-helpers.ts';

const FIGURE = '<figure class="chart"><div class="vega" data-chart="month_to_date_by_service" data-params="as_of=2023-12-10&amp;cost=billed" role="img"'
  + ' aria-label="Usage by service, 1–10 Dec 2023 against 1–10 Nov 2023"></div></figure>';
const TITLE = 'By service: 1–10 Dec 2023 against 1–10 Nov 2023';
const SUBTITLE = `No data for 1–10 Dec 2023. ${GAP_2024.replace('the store', 'The store')}.`;

describeWithChromium('a month-to-date chart as of a day in a gap, in Chromium: its summary reads its title and subtitle', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  /** The services' usage of 1–10 Nov 2023, the 7 largest and then the rest as "Other (N more)", by DuckDB on the legacy CUR (the compared span; December is in the gap). */
  let november: Record<string, string | null>[];
  beforeAll(async () => {
    server = await startServer({ storePath: await storeWithGaps(), host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    november = await duckdbRows(`SELECT "product/ProductName" AS service, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS cost
      FROM read_csv($csv, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' AND "lineItem/UsageStartDate" < '2023-11-11'
      GROUP BY 1 ORDER BY sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) DESC, 1`, { csv: REAL_LEGACY_CSV });
    const rest = november.slice(7).reduce((sum, r) => sum + toUnits(r.cost!), 0n);
    november = [...november.slice(0, 7), { service: `Other (${november.length - 7} more)`, cost: fromUnits(rest) }];
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of [390, 1280]) {
    it(`at ${width} px: "${TITLE}: …", each service's November figure, then what the subtitle says; title and subtitle drawn whole inside the card`, async () => {
      const { page: tab, problems } = await watchedPage(browser.context);
      await tab.setViewportSize({ width, height: 900 });
      await tab.route(`${server.url}/storage`, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: (await response.text()).replace('</main>', `${FIGURE}</main>`) });
      });
      await tab.goto(`${server.url}/storage`);
      expect((await chartMarks(tab)).month_to_date_by_service).not.toBeNull();
      const money = (cost: string | null) => `$${Number(cost).toFixed(2)}`;
      // December's bars, null, are not drawn: each service names November's figure, and the subtitle says December holds no data.
      const figures = november.map((r) => `${r.service}: 1–10 Nov 2023 ${money(r.cost)}`).join('; ');
      expect(await tab.textContent('#chart-month_to_date_by_service-summary')).toBe(`${TITLE}: ${figures}. ${SUBTITLE}`);
      expect(november[0]).toEqual({ service: 'Amazon Simple Storage Service', cost: '0.9111830921' });
      // Drawn: the title's lines and the subtitle's, read in order, are the whole text (none cut with "…"), each inside the card.
      const drawn = await tab.$$eval('[data-chart="month_to_date_by_service"] svg', ([svg]) => ['.role-title-text text', '.role-title-subtitle text']
        .map((selector) => [...svg.querySelectorAll(selector)].flatMap((t) => (t.children.length ? [...t.children] : [t]).map((line) => line.textContent)).join(' ')));
      expect(drawn).toEqual([TITLE, SUBTITLE]);
      expect(await chartTextOutsideCards(tab)).toEqual([]);
      expect(await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      expect(problems).toEqual([]);
      await tab.close();
    });
  }
});
