/**
 * The 400 page of a URL that gives a date field text that is not a date (`start=2026-13-01`), in
 * Chromium: the field used to be written as `<input type="date" value="2026-13-01">`, which Chromium
 * empties with a console warning ("does not conform to the required format"), so the text the
 * message beside it is about was gone. It is now a text field that keeps it, and fixing it clears
 * the message before anything is sent. The resource view without an id answers 400 with its own
 * form (the id field marked, wide enough to read an id), not a bare error page. On the shared demo (as of 15 Nov 2026).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium } from '../helpers/browser.ts';
import { preloadAxe, preloadedAxeViolations } from '../helpers/browser-page-checks.ts';
import { launchChromium, servedDemo, watchedPage } from './page-helpers.ts';

/** What Chromium reports for a document answered 400 (the watcher's own line and the console's). */
const ANSWERED_400 = (url: string) => ['HTTP 400: ' + url, 'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)'].sort();

describeWithChromium('the 400 pages in Chromium: a date that is not one stays in view; the resource view keeps its form', () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    ({ server } = await servedDemo());
    browser = await launchChromium();
    await preloadAxe(browser.context);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Explore with start=2026-13-01: the text stays in the From field, beside its message, with no console warning; fixing it clears the message', async () => {
    const { page, problems } = await watchedPage(browser.context);
    const bad = `${server.url}/explore?start=2026-13-01&end=2026-12-01`;
    const response = await page.goto(bad);
    expect(response?.status()).toBe(400);
    expect(await page.inputValue('input[name="start"]')).toBe('2026-13-01');
    expect(await page.textContent('label:has(input[name="start"]) .field-error')).toBe('start must be a date YYYY-MM-DD; got "2026-13-01"');
    expect(await page.getAttribute('input[name="start"]', 'aria-invalid')).toBe('true');
    // The other end, a real date, is still a date field.
    expect(await page.getAttribute('input[name="end"]', 'type')).toBe('date');
    expect(await page.inputValue('input[name="end"]')).toBe('2026-12-01');
    expect(await preloadedAxeViolations(page)).toEqual([]);
    expect([...problems].sort()).toEqual(ANSWERED_400(bad));

    await page.fill('input[name="start"]', '2026-11-01');
    await page.waitForSelector('label:has(input[name="start"]) .field-error', { state: 'detached' });
    expect(page.url()).toBe(bad);
    await page.close();
  });

  it('/resource without an id: 400 with its form, the id field marked and described by the message', async () => {
    const { page, problems } = await watchedPage(browser.context);
    const bad = `${server.url}/resource`;
    const response = await page.goto(bad);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('label:has(input[name="id"]) .field-error')).toContain('which resource? give its id: /resource?id=…');
    expect(await page.getAttribute('input[name="id"]', 'aria-describedby')).toBe('id-error');
    expect(await page.isVisible('input[name="id"]')).toBe(true);
    // The id field is wide enough to read an id: 40 digits' width on a laptop, the form's whole width on a phone (it was 184 px
    // at 1,280 and 157 at 390, cutting `i-0bc5bec372e2c4079` and any ARN).
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 800 });
      const field = await page.$eval('input[name="id"]', (input) => {
        const style = getComputedStyle(input);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontSize} ${style.fontFamily}`;
        const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { inner, digits40: context.measureText('0'.repeat(40)).width, id: context.measureText('i-0bc5bec372e2c4079').width, fields: input.closest('.filter-fields')!.clientWidth, box: input.getBoundingClientRect().width };
      });
      expect(field.inner, `${width} px`).toBeGreaterThan(field.id);
      if (width === 1280) expect(field.inner).toBeGreaterThanOrEqual(Math.floor(field.digits40));
      else expect(Math.abs(field.box - field.fields), `${field.box} px of ${field.fields}`).toBeLessThan(1);
    }
    expect(await preloadedAxeViolations(page)).toEqual([]);
    expect([...problems].sort()).toEqual(ANSWERED_400(bad));
    await page.close();
  });
});
