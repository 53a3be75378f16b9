/**
 * Every page of the navigation (and the resource view; on the demo also the KPI page by team) at a
 * phone's 390×844 and a laptop's 1,440×900, on the demo organisation and on an empty store: no
 * sideways page scroll, no console error or warning, no axe-core violation, charts as wide as their
 * container (±5 %), every money column reachable on screen, the Overview's tables read without
 * scrolling a row sideways (one card per row on a phone). The pages come from NAVIGATION, so a
 * page added there is covered without touching this file. Screenshots (COSTLENS_TEST_SCREENSHOTS=1)
 * go to tests/artifacts/responsive/. The measurements in the page: tests/helpers/page-layout.ts.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { NAVIGATION } from '../../src/server/navigation.ts';
import { openStore } from '../../src/store/open.ts';
import { describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import { chartsSettled, preloadAxe, preloadedAxeViolations as axeViolations } from '../helpers/browser-page-checks.ts';
import { cellsOffCard, checkFilterPanel, measure } from '../helpers/page-layout.ts';
import { brokenText, unreadableEvidence } from '../helpers/text-layout-checks.ts';
import { tempStore } from '../helpers/cli.ts';
import { ARTIFACTS, cli, DEMO_NOW, launchChromium, openFilters, parseCsv, servedDemo, watchedPage, type ServedDemo } from './page-helpers.ts';

const SHOTS = join(ARTIFACTS, 'responsive');
const MORE_MONEY_COLUMNS = new Set(['storage', 'data-transfer', 'kpi', 'kpi-by-team']);
/** Views of the demo no navigation link opens, checked like the pages: the KPI page by team (tables only, no chart). */
const EXTRA_DEMO_VIEWS = [{ name: 'kpi-by-team', path: '/kpi?by=team' }];
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

/** The Overview's tables that turn into one card per row on a phone (table.stack): the reviewer found each cut at 390 px. */
const OVERVIEW_CARD_TABLES = ['#top-services', '#top-accounts', '#drivers', '#anomaly-events table'];
/**
 * The other pages' tables read as cards on a phone (table.stack), every cell inside its card as the page opens: the reviewer
 * found their money columns starting off screen at 390 px (the resource view's Monthly saving; Attribution's shared costs and
 * chargeback), and the worklist's evidence under its sticky first column. (The Overview's Budgets: budget-status-browser.test.ts.)
 */
const CARD_TABLES: Record<string, string[]> = {
  resource: ['#resource-findings table'],
  attribution: ['#shared-pools', '#shared-split', '#attribution-table'],
  optimisation: ['#findings', '#modernisation-findings'],
};
/** The tables whose first finding's evidence is opened and read: each figure on one line beside its label (at least this wide), on screen. */
const EVIDENCE_TABLES: Record<string, string[]> = { resource: ['#resource-findings table'], optimisation: ['#findings', '#modernisation-findings'] };
const EVIDENCE_LABEL_MIN_PX = 96;


describeWithChromium('every page at 390 and 1,440 px wide, on the demo organisation and on an empty store', () => {
  let demo: ServedDemo;
  let servers: Record<'demo' | 'empty', RunningServer>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await servedDemo();
    const empty = tempStore();
    (await openStore(empty.db)).close();
    servers = {
      demo: demo.server,
      empty: await startServer({ storePath: empty.db, host: '127.0.0.1', port: 0, clock: () => DEMO_NOW }),
    };
    browser = await launchChromium();
    await preloadAxe(browser.context);
  });
  afterAll(async () => {
    await browser?.close();
    await servers?.empty.close();
  });

  /** The pages to visit (looked up once per store, for both widths): each entry of the navigation; a detail view through the first link to it. */
  const pathLists = new Map<'demo' | 'empty', Promise<{ name: string; path: string }[]>>();
  function paths(store: 'demo' | 'empty'): Promise<{ name: string; path: string }[]> {
    if (!pathLists.has(store)) pathLists.set(store, findPaths(store));
    return pathLists.get(store)!;
  }
  async function findPaths(store: 'demo' | 'empty'): Promise<{ name: string; path: string }[]> {
    const list: { name: string; path: string }[] = [];
    for (const entry of NAVIGATION.filter((e) => e.page)) {
      const name = entry.path === '/' ? 'overview' : entry.path.slice(1);
      if (!entry.hidden) {
        list.push({ name, path: entry.path });
        continue;
      }
      // A detail view: reached from a link on another page (the resource view from Optimisation).
      const html = store === 'demo' ? await (await fetch(`${servers.demo.url}/optimisation`, { headers: { accept: 'text/html' } })).text() : '';
      const link = new RegExp(`href="(${entry.path.replace('/', '\\/')}\\?[^"]+)"`).exec(html)?.[1]?.replaceAll('&amp;', '&');
      list.push({ name, path: link ?? `${entry.path}?id=i-0123456789abcdef0` });
    }
    return store === 'demo' ? [...list, ...EXTRA_DEMO_VIEWS] : list;
  }

  for (const store of ['demo', 'empty'] as const) {
    for (const viewport of VIEWPORTS) {
      it(`${store} store, ${viewport.name} (${viewport.width}×${viewport.height}): no sideways scroll, no console error, no axe violation, charts fill their card, money on screen`, async () => {
        const visited: string[] = [];
        const { page, problems } = await watchedPage(browser.context);
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        for (const { name, path } of await paths(store)) {
          problems.length = 0;
          const response = await page.goto(`${servers[store].url}${path}`);
          expect(response?.status(), path).toBe(200);
          await chartsSettled(page);
          const layout = await measure(page);
          expect(layout.scrollWidth, `${path}: page width`).toBeLessThanOrEqual(layout.clientWidth);
          for (const chart of layout.charts) {
            if (store === 'empty') expect(chart.state, `${path} ${chart.name}`).toBe('empty');
            else {
              expect(chart.state, `${path} ${chart.name}`).toBe('drawn');
              expect(Math.abs(chart.svgWidth - chart.boxWidth) / chart.boxWidth, `${path} ${chart.name}: ${chart.svgWidth} px in ${chart.boxWidth} px`).toBeLessThanOrEqual(0.05);
              expect(chart.titleLines, `${path} ${chart.name}: its title`).toBeGreaterThanOrEqual(1);
              expect(chart.titleOutside, `${path} ${chart.name}: its title runs past the chart`).toBeLessThanOrEqual(1);
            }
          }
          expect(layout.hiddenMoney, path).toEqual([]);
          // The Overview's tables read at any width without scrolling a row sideways: on a phone each row is a card.
          if (store === 'demo' && name === 'overview') expect(await cellsOffCard(page, OVERVIEW_CARD_TABLES), path).toEqual([]);
          if (store === 'demo' && CARD_TABLES[name]) expect(await cellsOffCard(page, CARD_TABLES[name]), path).toEqual([]);
          // No amount breaks after its sign ("−" at a line's end), no resource id over several lines.
          expect(await brokenText(page), path).toEqual([]);
          // At laptop width every table fits its card: long text wraps (drivers, moves, ARNs) instead of hiding columns off to the right.
          if (viewport.width >= 1440) expect(layout.wideTables, `${path}: tables wider than their card`).toEqual([]);
          if (name === 'kpi-by-team') expect(layout.charts, `${path}: a page of tables, no chart`).toEqual([]);
          // Storage, Data transfer and the KPI pages show money in more than one column.
          if (store === 'demo' && name !== 'resource') expect(layout.moneyColumns, `${path}: money columns found`).toBeGreaterThan(MORE_MONEY_COLUMNS.has(name) ? 1 : 0);
          if (store === 'empty' && name !== 'overview') expect(await page.textContent('#empty-store'), path).toContain('costlens ingest');
          if (store === 'demo' && name === 'kpi') {
            // The month the KPI cards measure is a heading a reader sees over them, not only the section's aria-label.
            expect(await page.locator('#kpi-cards-heading').count(), path).toBe(1);
            const [heading, card] = [await page.locator('#kpi-cards-heading').boundingBox(), await page.locator('.kpi').first().boundingBox()];
            expect(await page.locator('#kpi-cards-heading').innerText(), path).toBe('Nov 2026 (1–14 Nov, so far), all accounts together');
            expect([heading!.height > 0, heading!.x + heading!.width <= viewport.width, heading!.y + heading!.height <= card!.y], path).toEqual([true, true, true]);
          }
          expect(await axeViolations(page), path).toEqual([]);
          expect(await page.locator('main h1').count(), `${path}: one h1`).toBe(1);
          await saveScreenshot(page, { path: join(SHOTS, `${store}-${viewport.name}-${name}.png`), fullPage: true });
          // A finding's Why, opened: its figures readable at both widths (they were 13 px wide, "14" over two lines, cut under the sticky column at 390 px).
          if (store === 'demo' && EVIDENCE_TABLES[name]) expect(await unreadableEvidence(page, EVIDENCE_TABLES[name], EVIDENCE_LABEL_MIN_PX), path).toEqual([]);
          await checkFilterPanel(page, path, viewport);
          expect(problems, path).toEqual([]);
          visited.push(name);
        }
        await page.close();
        expect(visited).toEqual([
          ...NAVIGATION.filter((e) => e.page).map((e) => (e.path === '/' ? 'overview' : e.path.slice(1))),
          ...(store === 'demo' ? EXTRA_DEMO_VIEWS.map((v) => v.name) : []),
        ]);
      });
    }
  }

  it('Explore at 390 px: From after To is explained beside the form, nothing is submitted, and the form stays', async () => {
    const { page, problems } = await watchedPage(browser.context);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${servers.demo.url}/explore`);
    await chartsSettled(page);
    const before = page.url();
    await openFilters(page);
    const end = await page.inputValue('input[name="end"]');
    await page.fill('input[name="start"]', end);
    await page.waitForSelector('.form-error:not(:empty)');
    expect(await page.textContent('.form-error')).toBe(`To (exclusive) (${end}) must be after From (${end}): the range is start to end, end exclusive.`);
    expect(await page.getAttribute('input[name="end"]', 'aria-invalid')).toBe('true');
    await page.click('#filters button[type="submit"]');
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    expect(await page.locator('#filters').count()).toBe(1);
    await saveScreenshot(page, { path: join(SHOTS, 'demo-phone-explore-invalid-range.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Optimisation: the worklist sorts by any column from the keyboard, and its downloads are what the CLI prints', async () => {
    const { page, problems } = await watchedPage(browser.context);
    await page.goto(`${servers.demo.url}/optimisation`);
    await chartsSettled(page);
    const asOf = new URL(page.url()).searchParams.get('as_of')!;
    const column = (index: number) => page.$$eval('#findings tbody tr', (rows, i) => rows.map((r) => (r.children[i] as HTMLElement).dataset.value ?? ''), index);
    const savings = await column(1);
    expect(savings.length).toBeGreaterThan(10);
    expect(await page.getAttribute('#findings th:nth-child(2)', 'aria-sort')).toBe('descending');
    // Monthly cost (column 9): Enter on its header button sorts largest first, again smallest first.
    await page.focus('#findings th:nth-child(9) button');
    await page.keyboard.press('Enter');
    const costs = (await column(8)).map(Number);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(await page.getAttribute('#findings th:nth-child(9)', 'aria-sort')).toBe('descending');
    expect(await page.getAttribute('#findings th:nth-child(2)', 'aria-sort')).toBeNull();
    await page.keyboard.press('Enter');
    expect((await column(8)).map(Number)).toEqual([...costs].sort((a, b) => a - b));
    // Account (text): ascending by name then id.
    await page.click('#findings th:nth-child(6) button');
    await page.click('#findings th:nth-child(6) button');
    const accounts = await page.$$eval('#findings tbody tr', (rows) => rows.map((r) => (r.children[5].textContent ?? '').trim().toLowerCase()));
    expect(accounts).toEqual([...accounts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // The evidence opens in place.
    await page.click('#findings tbody tr:first-child details.evidence summary');
    expect(await page.isVisible('#findings tbody tr:first-child dl.evidence-figures')).toBe(true);
    // Account names, not bare ids, in the table and the chart's legend.
    const names = await page.$$eval('#findings tbody tr', (rows) => rows.map((r) => r.children[5].childNodes[0]?.textContent ?? ''));
    expect(names.every((n) => /[a-z]/.test(n))).toBe(true);
    const legend = await page.$$eval('[data-chart="optimisation_savings"] svg .role-legend-label text', (texts) => texts.map((t) => t.textContent ?? ''));
    expect(legend.length).toBeGreaterThan(0);
    expect(legend.every((l) => /^[a-z][\w-]* \(\d{12}\)$/.test(l))).toBe(true);
    // Downloads: byte for byte `costlens idle|rightsize --as-of DAY --format csv|json`.
    for (const command of ['idle', 'rightsize'] as const) {
      for (const format of ['csv', 'json'] as const) {
        const href = await page.getAttribute(`#${command}-${format}`, 'href');
        expect(href).toBe(`/optimisation/${command}.${format}?as_of=${asOf}`);
        const served = await (await fetch(`${servers.demo.url}${href}`)).text();
        expect(served, href!).toBe(await cli(demo.db, command, '--as-of', asOf, '--format', format, '--config', demo.configPath));
        if (format === 'csv') expect(parseCsv(served).length, href!).toBeGreaterThan(0);
      }
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
