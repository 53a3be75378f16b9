/**
 * Explore in Chromium at a phone's 390×844 and a laptop's 1,440×900, on the demo organisation (as
 * of 15 Nov 2026, data horizon 14 Nov): a preset, a comparison, a filter (and its removal from the
 * keyboard), the monthly grain, drill-down by clicking a bar, a legend entry and (keyboard) a table
 * link, inline validation beside the field, and the 400 page a bad URL gets. After every step: no
 * sideways scroll, no console error, no axe-core violation, money axes with no two labels alike and
 * their shown labels evenly stepped, at least 200 px of plot in "Spend in the range" beside its labels, and the figures are SQL sums on the same store. Screenshots (COSTLENS_TEST_SCREENSHOTS=1) go to tests/artifacts/explore/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import { chartsSettled, preloadAxe, preloadedAxeViolations as axeViolations } from '../helpers/browser-page-checks.ts';
import { sqlRows } from '../helpers/cli.ts';
import { labelAmounts } from './axis-labels.ts';
import { ARTIFACTS, applyFilters, launchChromium, navigated, openFilters, servedDemo, watchedPage } from './page-helpers.ts';

const SHOTS = join(ARTIFACTS, 'explore');
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

const days = (start: string, end: string) => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;

/** Page width, axe violations and chart states, after the charts are drawn. */
async function check(page: Page, what: string): Promise<void> {
  await chartsSettled(page);
  const { scrollWidth, clientWidth, charts } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    charts: [...document.querySelectorAll<HTMLElement>('[data-chart]')].map((e) => ({
      state: e.dataset.state, svg: Number(e.querySelector('svg')?.getAttribute('width') ?? 0), box: e.clientWidth,
    })),
  }));
  expect(scrollWidth, `${what}: page width`).toBeLessThanOrEqual(clientWidth);
  for (const chart of charts) {
    expect(chart.state, what).toBe('drawn');
    expect(Math.abs(chart.svg - chart.box) / chart.box, `${what}: chart ${chart.svg} px in ${chart.box} px`).toBeLessThanOrEqual(0.05);
  }
  expect(await axeViolations(page), what).toEqual([]);
  // "Spend in the range" keeps at least 200 px of plot beside its labels: at 390 px its spec's 240-px label limit left about 100 (the FOCUS sample: 108 of 345).
  const plot = await page.$$eval('[data-chart="explore_totals"] svg .role-axis-domain', (domains) => Math.max(0, ...domains.map((d) => d.getBoundingClientRect().width)));
  if (charts.length > 0) expect(plot, `${what}: the totals chart's plot width`).toBeGreaterThanOrEqual(200);
  // Money axes: no two labels alike, and the labels shown step evenly (overlapping ones are dropped every other one, not where they collide).
  const moneyAxes = await page.$$eval('[data-chart] svg .role-axis', (axes) => axes
    .map((axis) => [...axis.querySelectorAll('.role-axis-label text')].filter((t) => getComputedStyle(t).opacity !== '0' && t.getAttribute('opacity') !== '0').map((t) => t.textContent ?? ''))
    .filter((labels) => labels.some((label) => label.includes('$'))));
  if (charts.length > 0) expect(moneyAxes.length, what).toBeGreaterThan(0);
  for (const labels of moneyAxes) {
    const amounts = labelAmounts(labels).sort((a, b) => a - b);
    expect(new Set(labels).size, `${what}: ${labels.join(' ')}`).toBe(labels.length);
    expect(new Set(amounts.slice(1).map((amount, i) => Math.round((amount - amounts[i]) * 1e6))).size, `${what}: ${labels.join(' ')}`).toBeLessThanOrEqual(1);
  }
}

describeWithChromium('Explore in Chromium: presets, compare, filters, drill-down and inline validation at 390 and 1,440 px', () => {
  let db: string;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  // The store is only read: a query both widths ask is run once.
  const queried = new Map<string, Promise<Record<string, string | null>[]>>();
  const rows = (sql: string) => {
    if (!queried.has(sql)) queried.set(sql, sqlRows(db, sql));
    return queried.get(sql)!;
  };
  const sum = async (where: string) => (await rows(`SELECT CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${where}`))[0].c;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ db, server } = await servedDemo());
    browser = await launchChromium();
    await preloadAxe(browser.context);
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`${viewport.name} (${viewport.width}×${viewport.height})`, async () => {
      const { page, problems } = await watchedPage(browser.context);
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      const total = () => page.getAttribute('#explore-total', 'data-value');
      const shot = (name: string) => saveScreenshot(page, { path: join(SHOTS, `${viewport.name}-${name}.png`), fullPage: true });

      await page.goto(`${server.url}/explore?dimension=service&preset=last_month&cost=billed`);
      await check(page, 'last month');
      expect(await total()).toBe(await sum(days('2026-10-01', '2026-11-01')));

      // A preset: the URL names it (not its days), the figures are the last 7 complete days up to the horizon.
      await applyFilters(page, () => page.selectOption('select[name="preset"]', 'last_7_days'), 'preset=last_7_days');
      expect(new URL(page.url()).search).toBe('?dimension=service&preset=last_7_days&cost=billed');
      await check(page, 'last 7 days');
      expect(await total()).toBe(await sum(days('2026-11-08', '2026-11-15')));

      // Compare with the previous 7 days: the compared total and a Compared column that can be seen.
      await applyFilters(page, () => page.selectOption('select[name="compare"]', 'previous'), 'compare=previous');
      await check(page, 'compare');
      expect(await page.getAttribute('#explore-compare .figure', 'data-value')).toBe(await sum(days('2026-11-01', '2026-11-08')));
      expect(await page.textContent('#explore-table thead')).toContain('Compared');
      const compared = page.locator('#explore-table tbody tr:first-child td:nth-child(3)');
      await compared.scrollIntoViewIfNeeded();
      expect(await compared.isVisible()).toBe(true);
      await shot('compare');

      // A filter: eu-west-1 only; then removed again from its chip, with the keyboard.
      await applyFilters(page, () => page.selectOption('select[name="region"]', 'eu-west-1'), 'region=eu-west-1');
      await check(page, 'region filter');
      expect(await total()).toBe(await sum(`${days('2026-11-08', '2026-11-15')} AND RegionId = 'eu-west-1'`));
      await page.focus('#explore-filters a');
      await Promise.all([page.waitForURL((url) => !url.search.includes('region=')), page.keyboard.press('Enter')]);
      await chartsSettled(page);
      expect(await total()).toBe(await sum(days('2026-11-08', '2026-11-15')));

      // Monthly grain over the last 3 months.
      await applyFilters(page, () => page.selectOption('select[name="preset"]', 'last_3_months'), 'preset=last_3_months');
      await chartsSettled(page); // let this view's charts arrive before the next change navigates away
      await applyFilters(page, () => page.selectOption('select[name="grain"]', 'month'), 'grain=month');
      await check(page, 'monthly');
      const months = await page.$$eval('[data-chart="explore_monthly"] svg .role-axis-label text', (texts) => texts.map((t) => t.textContent));
      // The demo starts in September: August (the first of the three months) has no bar.
      const expectedMonths = (await rows(`SELECT DISTINCT strftime(ChargePeriodStart, '%b %Y') AS m FROM line_items WHERE ${days('2026-08-01', '2026-11-01')}`)).map((r) => r.m);
      expect(expectedMonths.sort()).toEqual(['Oct 2026', 'Sep 2026']);
      expect(months.filter((m) => /^[A-Z][a-z]{2} \d{4}$/.test(m ?? '')).sort()).toEqual(expectedMonths);
      await shot('monthly');

      // Drill down: a click on the largest service's bar opens its usage types.
      const [top] = await rows(`SELECT ServiceName AS s, CAST(sum(BilledCost) AS VARCHAR) AS c FROM line_items WHERE ${days('2026-08-01', '2026-11-01')} GROUP BY 1 ORDER BY sum(BilledCost) DESC LIMIT 1`);
      const bar = page.locator('[data-chart="explore_totals"] svg .mark-rect.role-mark path').first();
      await bar.scrollIntoViewIfNeeded();
      await navigated(page, () => bar.click(), 'dimension=usage_type');
      expect(new URL(page.url()).searchParams.getAll('service')).toEqual([top.s]);
      await check(page, 'drilled to usage types');
      expect(await total()).toBe(top.c);
      await shot('drill-usage-types');

      // The keyboard: the first usage type's link opens its resources.
      const usageType = (await page.textContent('#explore-table tbody tr:first-child a.drill'))!;
      await page.focus('#explore-table tbody tr:first-child a.drill');
      await Promise.all([page.waitForURL((url) => url.searchParams.get('dimension') === 'resource'), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).searchParams.getAll('usage_type')).toEqual([usageType]);
      await check(page, 'drilled to resources');
      expect(await total()).toBe(await sum(`${days('2026-08-01', '2026-11-01')} AND ServiceName = '${top.s}' AND x_UsageType = '${usageType}'`));

      // A legend entry drills too: account view, click the first legend entry → that account's services.
      await page.goto(`${server.url}/explore?dimension=account&preset=last_month&cost=billed`);
      await chartsSettled(page);
      const entry = page.locator('[data-chart="explore_daily"] svg .role-legend-label text').first();
      const account = (await entry.textContent())!;
      await entry.scrollIntoViewIfNeeded();
      await navigated(page, () => entry.click(), 'dimension=service');
      expect(new URL(page.url()).searchParams.getAll('account')).toEqual([account]);
      await check(page, 'legend drill');
      expect(await total()).toBe(await sum(`${days('2026-10-01', '2026-11-01')} AND SubAccountId = '${account}'`));

      // Inline validation: From after To is explained beside To, and nothing is sent.
      const before = page.url();
      await openFilters(page);
      const end = await page.inputValue('input[name="end"]');
      await page.fill('input[name="start"]', end);
      await page.waitForSelector('label .field-error');
      expect(await page.textContent('label:has(input[name="end"]) .field-error')).toBe(`To (exclusive) (${end}) must be after From (${end}): the range is start to end, end exclusive.`);
      expect(await page.getAttribute('input[name="end"]', 'aria-invalid')).toBe('true');
      await page.click('#filters button[type="submit"]');
      await page.waitForTimeout(300);
      expect(page.url()).toBe(before);
      await check(page, 'inline error');
      await shot('inline-error');

      expect(problems).toEqual([]);

      // A bad URL still gets the page: 400, the form with the values as given, the message beside the field.
      const bad = `${server.url}/explore?dimension=service&start=2026-11-10&end=2026-11-01&cost=billed`;
      const response = await page.goto(bad);
      expect(response?.status()).toBe(400);
      expect(await page.inputValue('input[name="start"]')).toBe('2026-11-10');
      expect(await page.textContent('label:has(input[name="end"]) .field-error')).toBe('start (2026-11-10) must be before end (2026-11-01); end is exclusive');
      await check(page, '400 page');
      await shot('bad-request');
      // Fixing the field clears the message at once, before anything is sent.
      await page.fill('input[name="end"]', '2026-11-12');
      await page.waitForSelector('label:has(input[name="end"]) .field-error', { state: 'detached' });

      // The only problems: the 400 itself, as the watcher and Chromium's console report a document answered 400.
      expect([...problems].sort()).toEqual(['HTTP 400: ' + bad, 'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)'].sort());
      await page.close();
    });
  }
});
