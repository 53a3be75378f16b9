/**
 * What a page looks like in Chromium at a given width, measured in the page: its sideways scroll,
 * each chart's width against its card's, whether each money column can be brought on screen, the
 * table cells that leave their card, and the filter panel folded on a phone
 * (tests/server/responsive-browser.test.ts).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A browser window's size. */
export interface Viewport {
  name: string;
  width: number;
  height: number;
}

/** What one page looks like in the browser, measured in the page. */
export interface Layout {
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
export async function measure(page: Page): Promise<Layout> {
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

/**
 * The cells of the tables `selectors` that do not lie wholly inside their card as the page opens
 * (nothing scrolled: a reader should not scroll each row sideways to see its money), or whose text
 * runs past the cell: `#top-accounts row 1 column 3: $1,195.53 (at 344–420 px, card 12–378 px)`.
 * At 390 px the tables scrolled inside their cards, the money column starting at the card's edge.
 */
export async function cellsOffCard(page: Page, selectors: string[]): Promise<string[]> {
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
export async function checkFilterPanel(page: Page, path: string, viewport: Viewport): Promise<void> {
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
