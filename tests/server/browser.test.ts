import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium, launchChromium as launch, saveScreenshot } from '../helpers/browser.ts';
import { REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { CLOCK, ingestedStore } from './helpers.ts';

const ARTIFACTS = resolve(__dirname, '../artifacts');
const TOKEN = '5f0c0a7e9b2d4c1e8a3f6b7d9e0c1a2b';

/** A page that records console errors, uncaught exceptions and failed requests. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, problems };
}

/** Waits until every chart of the page is drawn (or failed), and returns each chart's bar count. */
async function chartsDrawn(page: Page): Promise<Record<string, number>> {
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-chart]')].every((e) => ['drawn', 'error', 'empty'].includes(e.getAttribute('data-state') ?? '')),
    null,
    { timeout: 60_000 },
  );
  return page.$$eval('[data-chart]', (elements) =>
    Object.fromEntries(elements.map((e) => [e.getAttribute('data-chart'), e.getAttribute('data-state') === 'drawn' ? e.querySelectorAll('svg .mark-rect path').length : -1])),
  );
}

/** Changes the filters with `action`, presses Apply (nothing is sent before) and waits for the URL to show `urlPart`. */
async function submitted(page: Page, action: () => Promise<unknown>, urlPart: string): Promise<void> {
  await action();
  await Promise.all([page.waitForURL((url) => url.search.includes(urlPart), { timeout: 30_000 }), page.click('form.filters button[type="submit"]')]);
}

describeWithChromium('the dashboards in Chromium', () => {
  let db: string;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launch>>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ db } = await ingestedStore(REAL_OCT_2018, REAL_NOV_2018));
    server = await startServer({ storePath: db, host: '127.0.0.1', port: 0, clock: CLOCK });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Rows of a query, through the server's JSON API. */
  async function rows(query: string, params: Record<string, string>): Promise<Record<string, string>[]> {
    return (await (await fetch(`${server.url}/api/queries/${query}?${new URLSearchParams(params)}`)).json()).rows;
  }

  it('Overview loads without a console error, and each chart draws one bar per row of its query', async () => {
    const { page, problems } = await watchedPage(browser.context);
    await page.goto(`${server.url}/`);
    const bars = await chartsDrawn(page);
    const [{ horizon }] = await rows('calendar/data_horizon', {});
    expect(horizon).toBe('2018-11-30');
    const daily = await rows('overview/daily_spend_by_service', { start: '2018-10-01', end: '2018-12-01', top: '8' });
    const services = await rows('overview/top_services', { as_of: horizon, top: '7', other: 'yes' }); // the 7 largest, then "Other (10 more)"
    expect(daily.length).toBeGreaterThan(300);
    expect(bars).toEqual({ daily_spend_by_service: daily.length, month_to_date_by_service: 2 * services.length });
    expect(await page.textContent('#mtd-current .figure')).toBe('$3,357.94');
    expect(await page.textContent('#mtd-previous .figure')).toBe('$3,764.03');
    expect(await page.textContent('#provisional span')).toBe('2018-11 (aws/836060457634: current month)');
    // The screen readers' sentence under a chart states what its bars draw: this month and the days
    // before side by side for each service (the spec folds the two columns), never added together.
    const usd = (text: string) => Number(text).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
    // Each series names its days (it read "days of this month" and "as many days before"): as of 30 Nov 2018, 1–30 Nov against 1–30 Oct.
    expect(await page.textContent('#chart-month_to_date_by_service-summary')).toBe(`By service: 1–30 Nov 2018 against 1–30 Oct 2018: ${services.slice(0, 8)
      .map((s) => `${s.service}: 1–30 Nov 2018 ${usd(s.current_cost)}, 1–30 Oct 2018 ${usd(s.previous_cost)}`).join('; ')}${services.length > 8 ? `; and ${services.length - 8} more` : ''}.`);
    await saveScreenshot(page, { path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Explore: every filter change, applied, reloads with the filters in the URL and new figures; the URL alone reproduces the view', async () => {
    const { page, problems } = await watchedPage(browser.context);
    await page.goto(`${server.url}/explore`);
    expect(new URL(page.url()).search).toBe('?dimension=service&preset=last_30_days&cost=billed');
    let bars = await chartsDrawn(page);
    const firstColumn = () => page.$$eval('#explore-table tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    const total = () => page.getAttribute('#explore-total', 'data-value');
    const services = await rows('explore/spend_by', { dimension: 'service', start: '2018-11-01', end: '2018-12-01', top: '12' });
    expect(bars.explore_totals).toBe(services.length);
    expect(bars.explore_daily).toBe((await rows('explore/daily_spend_by', { dimension: 'service', start: '2018-11-01', end: '2018-12-01' })).length);
    const [billed] = await sqlRows(db, `SELECT sum(BilledCost) AS c FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01'`);
    expect(await total()).toBe(billed.c);
    expect((await firstColumn())[0]).toBe('AWS Glue');
    await saveScreenshot(page, { path: join(ARTIFACTS, 'explore-service.png'), fullPage: true });

    await submitted(page, () => page.selectOption('select[name="dimension"]', 'region'), 'dimension=region');
    bars = await chartsDrawn(page);
    const regions = await sqlRows(db, `SELECT RegionId AS r FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01'
      GROUP BY RegionId ORDER BY sum(BilledCost) DESC, RegionId`);
    expect(await firstColumn()).toEqual(regions.map((r) => r.r));
    expect(bars.explore_totals).toBe(Math.min(regions.length, 12) + (regions.length > 12 ? 1 : 0));
    expect(await total()).toBe(billed.c);

    await submitted(page, () => page.selectOption('select[name="cost"]', 'effective'), 'cost=effective');
    await chartsDrawn(page);
    const [effective] = await sqlRows(db, `SELECT sum(EffectiveCost) AS c FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2018-11-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01'`);
    expect(await total()).toBe(effective.c);
    expect(effective.c).not.toBe(billed.c);

    await submitted(page, () => page.fill('input[name="start"]', '2018-10-01'), 'start=2018-10-01');
    await chartsDrawn(page);
    const [wider] = await sqlRows(db, `SELECT sum(EffectiveCost) AS c FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2018-10-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01'`);
    expect(await total()).toBe(wider.c);

    await submitted(page, () => page.selectOption('select[name="tag_key"]', 'cost_center'), 'tag_key=cost_center');
    bars = await chartsDrawn(page);
    expect(new URL(page.url()).search).toBe('?dimension=tag&tag_key=cost_center&start=2018-10-01&end=2018-12-01&cost=effective');
    const tagged = await sqlRows(db, `SELECT coalesce(Tags['cost_center'], '(untagged)') AS v FROM line_items
      WHERE ChargePeriodStart >= TIMESTAMP '2018-10-01' AND ChargePeriodStart < TIMESTAMP '2018-12-01' GROUP BY 1 ORDER BY sum(EffectiveCost) DESC, 1`);
    expect(await firstColumn()).toEqual(tagged.map((r) => r.v));
    expect(bars.explore_totals).toBe(tagged.length);
    await saveScreenshot(page, { path: join(ARTIFACTS, 'explore-tag.png'), fullPage: true });

    const link = page.url();
    const shownTotal = await total();
    const { page: again, problems: againProblems } = await watchedPage(browser.context);
    await again.goto(link);
    await chartsDrawn(again);
    expect(await again.getAttribute('#explore-total', 'data-value')).toBe(shownTotal);
    expect(await again.$$eval('#explore-table tbody tr td:first-child', (cells) => cells.map((c) => c.textContent))).toEqual(tagged.map((r) => r.v));
    expect([...problems, ...againProblems]).toEqual([]);
    await page.close();
    await again.close();
  });
});

describeWithChromium('the dashboards in Chromium behind a token', () => {
  it('sends the browser to /login; after entering the token once, pages and charts load with the session cookie', async () => {
    const { db } = await ingestedStore(REAL_OCT_2018);
    const server = await startServer({ storePath: db, host: '127.0.0.1', port: 0, clock: CLOCK, token: TOKEN });
    const browser = await launch();
    try {
      const { page, problems } = await watchedPage(browser.context);
      await page.goto(`${server.url}/explore?dimension=region&start=2018-10-01&end=2018-11-01&cost=billed`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('input[name="token"]', TOKEN);
      await Promise.all([page.waitForURL((url) => url.pathname === '/explore'), page.click('button[type="submit"]')]);
      expect(new URL(page.url()).search).toBe('?dimension=region&start=2018-10-01&end=2018-11-01&cost=billed');
      const bars = await chartsDrawn(page);
      expect(bars.explore_totals).toBe(13);
      const cookies = await browser.context.cookies();
      expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([['costlens_session', true, 'Strict']]);
      await saveScreenshot(page, { path: join(ARTIFACTS, 'explore-after-login.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
