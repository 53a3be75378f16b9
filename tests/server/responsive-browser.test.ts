/**
 * Every page of the navigation (and the resource view; on the demo also the KPI page by team) at a
 * phone's 390×844 and a laptop's 1,440×900, on the demo organisation and on an empty store: no
 * sideways page scroll, no console error or warning, no axe-core violation, charts as wide as their
 * container (±5 %), every money column reachable on screen, the Overview's tables read without
 * scrolling a row sideways (one card per row on a phone). The pages come from NAVIGATION, so a
 * page added there is covered without touching this file. Screenshots (COSTLENS_TEST_SCREENSHOTS=1)
 * go to tests/artifacts/responsive/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { NAVIGATION } from '../../src/server/navigation.ts';
import { openStore } from '../../src/store/open.ts';
import { describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import { chartsSettled, preloadAxe, preloadedAxeViolations as axeViolations } from '../helpers/browser-page-checks.ts';
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

/** What one page looks like in the browser, measured in the page. */
interface Layout {
  scrollWidth: number;
  clientWidth: number;
  /** Per chart: the drawn SVG's width and its container's, or its state when nothing was drawn. */
  charts: { name: string; state: string; svgWidth: number; boxWidth: number; titleLines: number; titleOutside: number }[];
  /** Money columns (cells reading $…) that cannot be brought on screen. */
  hiddenMoney: string[];
  moneyColumns: number;
  /** Tables wider than the card they scroll in: `id: table px > card px`. */
  wideTables: string[];
}

/**
 * Measures the page: its scroll width, each chart's width against its container's, and whether
 * each money column of each table can be seen: the first money cell of the column is scrolled
 * into view (inside its table's scroll region, as a user would) and must then lie inside the
 * viewport and be the element actually shown at its centre (not under the sticky first column).
 */
async function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const MONEY = /^[+−-]?\$[\d,]+\.\d\d$/;
    const hiddenMoney: string[] = [];
    let moneyColumns = 0;
    const wideTables = [...document.querySelectorAll('table')].filter((t) => t.checkVisibility()).flatMap((table) => {
      const region = table.closest<HTMLElement>('.table-scroll, .wide');
      return region && table.scrollWidth > region.clientWidth + 1
        ? [`${table.id || table.closest('section')?.id || 'table'}: ${table.scrollWidth} px > ${region.clientWidth} px`] : [];
    });
    for (const table of document.querySelectorAll('table')) {
      if (!table.checkVisibility()) continue; // inside a closed <details>
      const region = table.closest<HTMLElement>('.table-scroll');
      const rows = [...table.querySelectorAll('tbody tr, tfoot tr')];
      const checked = new Set<number>();
      for (const row of rows.slice(0, 8)) {
        [...row.children].forEach((cell, column) => {
          if (checked.has(column) || !MONEY.test((cell.textContent ?? '').trim())) return;
          checked.add(column);
          moneyColumns += 1;
          cell.scrollIntoView({ block: 'center', inline: 'nearest' });
          if (region && column > 0) {
            // As a reader would: scroll the table until the cell sits just right of the sticky first column.
            region.scrollLeft += cell.getBoundingClientRect().left - row.children[0].getBoundingClientRect().right;
          }
          const box = cell.getBoundingClientRect();
          const shown = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          const inside = box.left >= 0 && box.right <= window.innerWidth + 0.5;
          if (!inside || !shown || !cell.contains(shown)) hiddenMoney.push(`${table.id || table.closest('section')?.id || 'table'} column ${column + 1}: ${cell.textContent} (at ${Math.round(box.left)}–${Math.round(box.right)} px; shown there: ${shown ? `${shown.tagName.toLowerCase()}${shown.id ? `#${shown.id}` : ''}${shown.className ? `.${String(shown.className).split(' ')[0]}` : ''}` : 'nothing'})`);
        });
      }
    }
    window.scrollTo(0, 0);
    for (const region of document.querySelectorAll('.table-scroll')) region.scrollLeft = 0;
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      charts: [...document.querySelectorAll<HTMLElement>('[data-chart]')].map((element) => ({
        name: element.dataset.chart ?? '',
        state: element.dataset.state ?? '',
        svgWidth: Number(element.querySelector('svg')?.getAttribute('width') ?? 0),
        boxWidth: element.clientWidth,
        // The title's lines, and how far they reach past the chart's drawing in pixels (0: every line fits).
        titleLines: element.querySelectorAll('svg .role-title-text text').length,
        titleOutside: (() => {
          const svg = element.querySelector('svg')?.getBoundingClientRect();
          const lines = [...element.querySelectorAll('svg .role-title-text text')].map((t) => t.getBoundingClientRect());
          return svg ? Math.max(0, ...lines.map((r) => Math.max(svg.left - r.left, r.right - svg.right))) : 0;
        })(),
      })),
      hiddenMoney,
      moneyColumns,
      wideTables,
    };
  });
}

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

/**
 * The cells of the tables `selectors` that do not lie wholly inside their card as the page opens
 * (nothing scrolled: a reader should not scroll each row sideways to see its money), or whose text
 * runs past the cell: `#top-accounts row 1 column 3: $1,195.53 (at 344–420 px, card 12–378 px)`.
 * At 390 px the tables scrolled inside their cards, the money column starting at the card's edge.
 */
async function cellsOffCard(page: Page, selectors: string[]): Promise<string[]> {
  return page.evaluate((list) => list.flatMap((selector) => {
    const table = document.querySelector<HTMLTableElement>(selector);
    if (!table) return [`${selector}: not on the page`];
    const card = table.closest('section')!.getBoundingClientRect();
    return [...table.tBodies[0].rows].flatMap((row, r) => [...row.cells].flatMap((cell, c) => {
      const box = cell.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) return []; // an empty cell a stacked row leaves out
      const inside = box.left >= card.left - 0.5 && box.right <= card.right + 0.5 && cell.scrollWidth <= cell.clientWidth + 1;
      return inside ? [] : [`${selector} row ${r + 1} column ${c + 1}: ${(cell.textContent ?? '').trim().slice(0, 40)} (at ${Math.round(box.left)}–${Math.round(box.right)} px, card ${Math.round(card.left)}–${Math.round(card.right)} px)`];
    }));
  }), selectors);
}

/**
 * The filter panel: folded on a phone (its summary line names the filters in force) with the first
 * chart or card on the first screen, and opening it (from the keyboard) shows the fields; open on a
 * laptop. Pages without a filter form (an empty store's) pass.
 */
async function checkFilterPanel(page: Page, path: string, viewport: (typeof VIEWPORTS)[number]): Promise<void> {
  const state = await page.evaluate(() => {
    const panel = document.querySelector<HTMLDetailsElement>('form.filters details.filter-panel');
    const first = document.querySelector('main :is(figure.chart, .kpi, .top-table, .freshness, .summary, .empty-state)');
    return {
      present: panel !== null,
      open: panel?.open ?? false,
      summary: panel?.querySelector('summary')?.textContent ?? '',
      first: first ? `${first.tagName.toLowerCase()}.${first.className} at ${Math.round(first.getBoundingClientRect().top + window.scrollY)} px` : 'none',
      firstTop: first ? first.getBoundingClientRect().top + window.scrollY : Infinity,
    };
  });
  if (!state.present) return;
  expect(state.summary, `${path}: summary line`).toMatch(/^Filters( \(\d+ active\))?: \S/);
  if (viewport.width >= 480) {
    expect(state.open, `${path}: filter panel open at ${viewport.width} px`).toBe(true);
    return;
  }
  expect(state.open, `${path}: filter panel folded at ${viewport.width} px`).toBe(false);
  expect(state.firstTop + 48, `${path}: first chart or card (${state.first}) on the first screen`).toBeLessThanOrEqual(viewport.height);
  expect(await page.locator('form.filters .filter-fields').isVisible(), path).toBe(false);
  await page.focus('form.filters summary');
  await page.keyboard.press('Enter');
  expect(await page.locator('form.filters .filter-fields label').first().isVisible(), `${path}: fields shown once opened`).toBe(true);
  expect(await page.locator('form.filters button[type="submit"]').isVisible(), path).toBe(true);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(widths[0], `${path}: opened panel's page width`).toBeLessThanOrEqual(widths[1]);
}

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
