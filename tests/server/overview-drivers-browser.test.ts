/**
 * The Overview's drivers in Chromium at a phone's 390×844 and a laptop's 1,440×900 on the demo:
 * the "Why it changed" card and the top-driver column are on the page without sideways page
 * scroll, the change of each driver can be brought on screen (on a phone each row is a card), no
 * amount broken across lines, no resource id broken after its prefix (`i-` / its digits), no console error; a driver link opens its resource page. (axe-core checks this very
 * page at both widths in responsive-browser.test.ts.)
 * Screenshots (COSTLENS_TEST_SCREENSHOTS=1) go to tests/artifacts/overview-drivers-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import { ARTIFACTS, chartMarks, demoServedInChromium, navigated, watchedPage } from './page-helpers.ts';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

/** Whether each money cell of the drivers table, scrolled into view as a reader would, lies on screen and is what is shown there. */
async function hiddenChanges(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hidden: string[] = [];
    for (const cell of document.querySelectorAll<HTMLElement>('#drivers td[data-value], #top-services td.driver, #top-accounts td.driver')) {
      const region = cell.closest<HTMLElement>('.table-scroll');
      cell.scrollIntoView({ block: 'center', inline: 'nearest' });
      const first = cell.parentElement!.children[0];
      if (region && cell !== first) region.scrollLeft += cell.getBoundingClientRect().left - first.getBoundingClientRect().right;
      const box = cell.getBoundingClientRect();
      const shown = document.elementFromPoint(box.left + Math.min(box.width / 2, 20), box.top + box.height / 2);
      if (box.left < 0 || box.left > window.innerWidth || !shown || !cell.contains(shown)) hidden.push(cell.textContent ?? '');
      if (region) region.scrollLeft = 0;
    }
    window.scrollTo(0, 0);
    return hidden;
  });
}

/** The top-driver cells whose change (`volume −$0.66`) breaks across lines: "−" at one line's end, "$0.66" on the next. */
async function brokenAmounts(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#top-services td.driver, #top-accounts td.driver')].flatMap((cell) => {
    const text = [...cell.childNodes].flatMap((node) => (node.nodeType === Node.TEXT_NODE ? [node] : [...node.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE))).at(-1);
    const amount = /[+−]\$[\d,]+\.\d\d$/.exec(text?.textContent ?? '');
    if (!text || !amount) return [`${cell.textContent}: no amount`];
    const range = document.createRange();
    range.setStart(text, amount.index);
    range.setEnd(text, amount.index + amount[0].length);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size === 1 ? [] : [cell.textContent ?? ''];
  }));
}

/**
 * The driver links whose AWS resource id (`nat-00ab1b4409bbb8286`, after ` · `) breaks across lines:
 * at 390 px the reviewer saw "NatGateway-Bytes · nat-" on one line and "00ab1b4409bbb8286" on the next.
 */
async function brokenIds(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#drivers a[href^="/resource?"], #top-services td.driver a[href^="/resource?"], #top-accounts td.driver a[href^="/resource?"]')].flatMap((link) => {
    const text = link.textContent ?? '';
    const start = text.indexOf(' · ') + 3;
    if (start < 3) return [`${text}: no id`];
    // A name (a bucket, a function) may break at its hyphens; an AWS id (a prefix, a hyphen, hex digits) never.
    if (!/^[a-z][a-z\d]*-[\da-f]{8,}$/.test(text.slice(start))) return [];
    const range = document.createRange();
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent!.length;
      if (offset <= start && start < offset + length) range.setStart(node, start - offset);
      if (offset < text.length && text.length <= offset + length) range.setEnd(node, text.length - offset);
      offset += length;
    }
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size === 1 ? [] : [text];
  }));
}

describeWithChromium('the Overview\'s drivers at 390 and 1,440 px', () => {
  const demo = demoServedInChromium();

  for (const viewport of VIEWPORTS) {
    it(`${viewport.name} (${viewport.width}×${viewport.height}): the card and the driver column on screen, no sideways scroll, no console error, a driver opens its resource (axe: responsive-browser.test.ts checks this very page at both widths)`, async () => {
      const { page, problems } = await watchedPage(demo.browser.context);
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      expect((await page.goto(`${demo.server.url}/`))?.status()).toBe(200);
      await chartMarks(page);
      expect(await page.locator('#why-it-changed h2').textContent()).toBe('Why it changed');
      expect(await page.locator('#why-spans').textContent()).toContain('Usage 1–14 Nov 2026 (14 days) against 1–14 Oct 2026 (14 days)');
      expect(await page.locator('#drivers tbody tr[data-resource]').count()).toBe(5);
      expect(await page.locator('#top-services td.driver a').count()).toBe(6);
      expect(await page.locator('#top-accounts td.driver a').count()).toBe(10);
      const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(width[0]).toBeLessThanOrEqual(width[1]);
      expect(await hiddenChanges(page)).toEqual([]);
      // The Alerts sent card's how-to (the demo sent none) is a note, set as the other cards' notes are (it was body text, 16 px against 13.6).
      expect(await page.evaluate(() => [...document.querySelectorAll('#alerts-sent p, #charge-classes p.note, #why-it-changed p.note')]
        .filter((p) => p.matches('.note') || p.textContent!.includes('e-mails and posts')).map((p) => getComputedStyle(p).fontSize))).toEqual(['13.6px', '13.6px', '13.6px', '13.6px']);
      // On a phone, at every width from 360 px (a driver's text wraps at different words at each).
      const widths = viewport.width < 480 ? Array.from({ length: 11 }, (_, i) => 360 + 4 * i) : [viewport.width];
      for (const width of widths) {
        await page.setViewportSize({ width, height: viewport.height });
        expect(await brokenAmounts(page), `${width} px`).toEqual([]);
        expect(await brokenIds(page), `${width} px: an id broken after its prefix`).toEqual([]);
      }
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await saveScreenshot(page.locator('#why-it-changed'), { path: join(ARTIFACTS, `overview-drivers-${viewport.name}.png`) });

      const first = page.locator('#drivers tbody tr[data-resource] a').first();
      const resource = await page.locator('#drivers tbody tr[data-resource]').first().getAttribute('data-resource');
      await navigated(page, () => first.click(), 'id=');
      expect(await page.locator('#resource-id').textContent()).toBe(resource);
      expect(problems).toEqual([]);
      await page.close();
    });
  }
});
