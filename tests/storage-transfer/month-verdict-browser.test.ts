/**
 * The Storage chart beside a delivery that has ended inside November (the Nov 2018 CUR cut after 13 Nov beside FOCUS of
 * 1–30 Nov: tests/helpers/ended-delivery-files.ts), in Chromium at 390 px: November's bars are drawn lighter and their
 * tooltip names where the CUR's data ends, as the table and the caption say (it drew November full strength, "30 of 30");
 * the tooltip, wider than the room beside the pointer on a phone, stays on the screen (vega-tooltip put it partly past
 * the left edge: src/server/assets/app.js keeps it inside). Month verdicts by DuckDB: month-verdict.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium } from '../helpers/browser.ts';
import { curCutBesideFocusStore } from '../helpers/ended-delivery-files.ts';
import { chartMarks, launchChromium, watchedPage } from '../server/page-helpers.ts';

const NOT_WHOLE = '30 of 30; not a whole month of the storage lines of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018)';

describeWithChromium('Storage beside a delivery that has ended inside November, in Chromium at 390 px', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    server = await startServer({ storePath: (await curCutBesideFocusStore()).db, host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('November\'s bars lighter, October\'s full; hovering November\'s tallest bar shows its days and the CUR\'s end, the tooltip inside the screen', async () => {
    const { page: tab, problems } = await watchedPage(browser.context);
    await tab.setViewportSize({ width: 390, height: 844 });
    await tab.goto(`${server.url}/storage?months=3`);
    expect((await chartMarks(tab)).storage_cost_by_class).not.toBeNull();
    await tab.locator('[data-chart="storage_cost_by_class"]').scrollIntoViewIfNeeded();
    const bars = await tab.$$eval('[data-chart="storage_cost_by_class"] svg .mark-rect.role-mark path', (paths) => paths.map((p) => {
      const box = p.getBoundingClientRect();
      return { month: /Month: (\w+ \d{4})/.exec(p.getAttribute('aria-label') ?? '')?.[1], opacity: p.getAttribute('opacity'), x: box.x + box.width / 2, y: box.y + box.height / 2, height: box.height };
    }));
    expect([...new Set(bars.map((b) => `${b.month} ${b.opacity}`))].sort()).toEqual(['Nov 2018 0.45', 'Oct 2018 1']);
    const tallest = bars.filter((b) => b.month === 'Nov 2018').sort((a, b) => b.height - a.height)[0];
    await tab.mouse.move(tallest.x, tallest.y);
    await tab.waitForSelector('#vg-tooltip-element.visible');
    const tip = await tab.$eval('#vg-tooltip-element', (element) => {
      const box = element.getBoundingClientRect();
      const days = [...element.querySelectorAll('tr')].find((row) => row.querySelector('td.key')?.textContent === 'Days');
      return { days: days?.querySelector('td.value')?.textContent, left: box.left, right: box.right, width: document.documentElement.clientWidth };
    });
    expect(tip.days).toBe(NOT_WHOLE);
    expect([tip.left >= 0, tip.right <= tip.width], JSON.stringify(tip)).toEqual([true, true]);
    expect(await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(problems).toEqual([]);
    await tab.close();
  });
});
