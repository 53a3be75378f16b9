/**
 * Tap targets (WCAG 2.2, 2.5.8 Target Size (Minimum): 24 × 24 CSS px) on every page of the
 * navigation and the resource view, on the real October and November 2018 CURs, in one Chromium
 * context at a phone's 390 px and a laptop's 1,280 px: every visible link, button, input, select
 * and summary, with every <details> opened (the folded filter panel, a finding's Why), is at least
 * 24 px tall and wide; a checkbox or radio counts as its label when a label wraps it (the label is
 * what a finger taps). A link that wraps over lines is measured line by line. A review at 390 px
 * found Explore's "Raw tags" checkbox 253×13 px, the worklist's sort buttons 19 px tall, the CSV
 * and JSON downloads 16–19 px tall and the footer's links 16 px. At 1,280 px the page still does
 * not scroll sideways (nor at 390 px, as the pages open).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { NAVIGATION } from '../../src/server/navigation.ts';
import { describeWithChromium } from '../helpers/browser.ts';
import { chartsSettled } from '../helpers/browser-page-checks.ts';
import { realFilesStore } from '../helpers/real-2018-store.ts';
import { launchChromium, watchedPage } from './page-helpers.ts';

const MIN_PX = 24;

/**
 * The page's tap targets smaller than `min` px either way, or whose `min`-px square around their centre a finger cannot
 * tap them in everywhere (the browser's hit test gives another element at one of its corners: a neighbour's box laid over
 * it, or padding that does not take taps), each as `a#id.class "text" W×H`, with every <details> opened first. A
 * checkbox or radio inside a <label> is measured both alone and as the label.
 */
async function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((least) => {
    for (const details of document.querySelectorAll('details')) details.open = true;
    const targets = new Set<Element>();
    for (const element of document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')) {
      targets.add(element);
      const wrapping = element.matches('input[type="checkbox"], input[type="radio"]') ? element.closest('label') : null;
      if (wrapping) targets.add(wrapping);
    }
    const name = (element: Element) => {
      const id = element.id ? `#${element.id}` : '';
      const kind = element.className && typeof element.className === 'string' ? `.${element.className.split(' ')[0]}` : '';
      const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40) || (element as HTMLInputElement).name || '';
      return `${element.tagName.toLowerCase()}${id}${kind} "${text}"`;
    };
    const found = [...targets].flatMap((element) => {
      if (!element.checkVisibility()) return [];
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) return [];
      // A link wrapped over lines: each line's piece is what a finger taps.
      const height = Math.min(...[...element.getClientRects()].map((r) => r.height));
      if (height < least - 0.01 || box.width < least - 0.01) return [`${name(element)} ${Math.round(box.width)}×${Math.round(height)}`];
      // The square around the centre of its widest piece (a label: its whole box), on screen as a reader scrolls to it.
      element.scrollIntoView({ block: 'center', inline: 'center' });
      const piece = element.tagName === 'LABEL' ? element.getBoundingClientRect() : [...element.getClientRects()].reduce((a, b) => (b.width > a.width ? b : a));
      if (piece.right < 0 || piece.left > window.innerWidth) return []; // placed off screen until focused (the skip link)
      const [x, y, half] = [piece.left + piece.width / 2, piece.top + piece.height / 2, least / 2 - 0.5];
      const corners = [[x - half, y - half], [x + half, y - half], [x - half, y + half], [x + half, y + half]];
      const missed = corners.filter(([cx, cy]) => {
        const hit = document.elementFromPoint(cx, cy);
        return !hit || !(element.contains(hit) || (element.tagName === 'LABEL' && hit.closest('label') === element));
      });
      return missed.length === 0 ? [] : [`${name(element)} ${Math.round(box.width)}×${Math.round(height)}, but at ${missed.map(([cx, cy]) => {
        const hit = document.elementFromPoint(cx, cy);
        return `(${Math.round(cx - piece.left)}, ${Math.round(cy - piece.top)}) ${hit ? name(hit).slice(0, 50) : 'nothing'}`;
      }).join('; ')}`];
    });
    window.scrollTo(0, 0);
    return found;
  }, min);
}

describeWithChromium('tap targets of at least 24 × 24 px on every page, on the real 2018 CURs', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const pages: { name: string; path: string }[] = [];

  beforeAll(async () => {
    server = await startServer({ storePath: await realFilesStore(), host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    for (const entry of NAVIGATION.filter((e) => e.page && !e.hidden)) pages.push({ name: entry.title, path: entry.path });
    // The resource view, through the first link to it on Optimisation or else Data transfer (its top sources).
    for (const from of ['/optimisation', '/data-transfer']) {
      const body = await (await fetch(`${server.url}${from}`, { headers: { accept: 'text/html' } })).text();
      const link = /href="(\/resource\?[^"]+)"/.exec(body)?.[1]?.replaceAll('&amp;', '&');
      if (link) {
        pages.push({ name: 'Resource', path: link });
        break;
      }
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('at 390 px every link, button, field, checkbox label and summary is at least 24 × 24 px; at 1,280 px too; no page scrolls sideways at either', async () => {
    expect(pages.map((p) => p.name)).toEqual([...NAVIGATION.filter((e) => e.page && !e.hidden).map((e) => e.title), 'Resource']);
    const { page, problems } = await watchedPage(browser.context);
    const small: string[] = [];
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const { path } of pages) {
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status(), path).toBe(200);
        await chartsSettled(page);
        const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        expect(scrollWidth, `${path} at ${width} px: page width`).toBeLessThanOrEqual(clientWidth);
        small.push(...(await smallTargets(page, MIN_PX)).map((target) => `${width} px ${path}: ${target}`));
      }
    }
    expect(small, `tap targets under ${MIN_PX}×${MIN_PX} px`).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
