/**
 * The KPI page by team (`/kpi?by=team`, a view no navigation link opens) in Chromium at a phone's
 * 390×844 and a laptop's 1,440×900 on the demo organisation: no sideways page scroll, no console
 * error, no axe-core violation, no chart (a page of tables), and every money
 * column of every table reachable on screen (scrolled inside its card, right of the sticky first
 * column). The Storage, Data transfer and KPI pages themselves get the same checks, at the same
 * widths on the same demo, with every page of the navigation (tests/server/responsive-browser.test.ts).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations, describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import { ARTIFACTS, chartMarks, demoServedInChromium, watchedPage } from '../server/page-helpers.ts';

const PAGES = ['/kpi?by=team'];
const VIEWPORTS = [{ width: 390, height: 844 }, { width: 1440, height: 900 }];

interface Measured {
  scrollWidth: number;
  clientWidth: number;
  charts: { name: string; state: string; svgWidth: number; boxWidth: number }[];
  moneyColumns: number;
  hiddenMoney: string[];
}

/** Scrolls each money column's first cell into view (inside its table's region) and checks it is the element shown there. */
function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    const MONEY = /^[+−-]?\$[\d,]+\.\d\d$/;
    const hiddenMoney: string[] = [];
    let moneyColumns = 0;
    for (const table of document.querySelectorAll('table')) {
      const region = table.closest<HTMLElement>('.table-scroll');
      const seen = new Set<number>();
      for (const row of [...table.querySelectorAll('tbody tr, tfoot tr')].slice(0, 8)) {
        [...row.children].forEach((cell, column) => {
          if (seen.has(column) || !MONEY.test((cell.textContent ?? '').trim())) return;
          seen.add(column);
          moneyColumns += 1;
          cell.scrollIntoView({ block: 'center', inline: 'nearest' });
          if (region && column > 0) region.scrollLeft += cell.getBoundingClientRect().left - row.children[0].getBoundingClientRect().right;
          const box = cell.getBoundingClientRect();
          const shown = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          if (box.left < 0 || box.right > window.innerWidth + 0.5 || !shown || !cell.contains(shown)) hiddenMoney.push(`${table.id} column ${column + 1}`);
        });
      }
      if (region) region.scrollLeft = 0;
    }
    window.scrollTo(0, 0);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      charts: [...document.querySelectorAll<HTMLElement>('[data-chart]')].map((e) => ({
        name: e.dataset.chart ?? '', state: e.dataset.state ?? '', svgWidth: Number(e.querySelector('svg')?.getAttribute('width') ?? 0), boxWidth: e.clientWidth,
      })),
      moneyColumns,
      hiddenMoney,
    };
  });
}

describeWithChromium('the KPI page by team at 390 and 1,440 px on the demo organisation', () => {
  const demo = demoServedInChromium();

  for (const viewport of VIEWPORTS) {
    it(`${viewport.width} px: no sideways scroll, no console error, no axe violation, tables only, money on screen`, async () => {
      for (const path of PAGES) {
        const { page, problems } = await watchedPage(demo.browser.context);
        await page.setViewportSize(viewport);
        const response = await page.goto(`${demo.server.url}${path}`);
        expect(response?.status(), path).toBe(200);
        await chartMarks(page);
        const layout = await measure(page);
        expect(layout.scrollWidth, `${path}: page width`).toBeLessThanOrEqual(layout.clientWidth);
        expect(layout.charts, `${path}: a page of tables, no chart`).toEqual([]);
        expect(layout.moneyColumns, `${path}: money columns`).toBeGreaterThan(1);
        expect(layout.hiddenMoney, path).toEqual([]);
        expect(await axeViolations(page), path).toEqual([]);
        expect(await page.locator('main h1').count(), path).toBe(1);
        await saveScreenshot(page, { path: join(ARTIFACTS, `storage-transfer-${viewport.width}-${path.slice(1).replace(/\W/g, '-')}.png`), fullPage: true });
        expect(problems, path).toEqual([]);
        await page.close();
      }
    });
  }
});
