/**
 * Cheaper waits and axe runs for the browser tests (tests/server/*-browser.test.ts): the same
 * conditions and the same axe-core run as tests/server/page-helpers.ts and tests/helpers/browser.ts,
 * with less work in Chromium per page.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * Waits until every chart of the page is drawn, failed or empty (the condition `chartMarks` of
 * tests/server/page-helpers.ts polls on every animation frame), watching the charts' `data-state`
 * with a MutationObserver instead: no frame is asked for while the charts are fetched and drawn
 * (about a tenth of Chromium's work per page load).
 */
export async function chartsSettled(page: Page, timeout = 60_000): Promise<void> {
  await page.evaluate((ms) => new Promise<void>((resolve, reject) => {
    const settled = () => [...document.querySelectorAll('[data-chart]')].every((e) => ['drawn', 'error', 'empty'].includes(e.getAttribute('data-state') ?? ''));
    if (settled()) {
      resolve();
      return;
    }
    const observer = new MutationObserver(() => {
      if (!settled()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`charts not settled after ${ms} ms: ${[...document.querySelectorAll('[data-chart]')].map((e) => `${e.getAttribute('data-chart')}=${e.getAttribute('data-state')}`).join(', ')}`));
    }, ms);
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  }), timeout);
}

const AXE = resolve(__dirname, '../../node_modules/axe-core/axe.min.js');

/**
 * Has every page of the context load axe-core as it is created (a DevTools init script, as
 * `axeViolations` of tests/helpers/browser.ts injects it through the protocol: the page's CSP stays
 * on), so the 500 kB script is sent to Chromium once, not once per page checked.
 */
export async function preloadAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: readFileSync(AXE, 'utf8') });
}

/**
 * axe-core's violations on the page, one line each (rule, help, first targets), exactly as
 * `axeViolations` of tests/helpers/browser.ts reports them, on a page of a context given
 * `preloadAxe` (fails when axe is not there).
 */
export async function preloadedAxeViolations(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe?: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    if (!axe) throw new Error(`axe-core is not loaded in ${location.href}: call preloadAxe(context) before opening the page`);
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
}
