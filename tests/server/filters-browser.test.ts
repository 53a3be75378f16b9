/**
 * Filter forms apply only on Apply (issue #14), in Chromium on the demo organisation (data horizon
 * 14 Nov 2026): a change is checked inline and said to wait, the URL stays and no request leaves
 * the page until Apply is pressed (or Enter in a field); an Explore preset shows its days in From
 * and To without navigating; a half-given date range is explained beside the field on Apply; on a
 * phone the folded panel opens and applies from the keyboard; Optimisation's owner choices wait for
 * their owner tag.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeWithChromium } from '../helpers/browser.ts';
import { chartsSettled } from '../helpers/browser-page-checks.ts';
import { demoServedInChromium, navigated, watchedPage } from './page-helpers.ts';

/**
 * Records every request the page makes from now on, except the favicon: Chromium fetches that on
 * its own schedule, sometimes after the page has settled, and it carries no filter.
 */
function requestsOf(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/assets/favicon.svg') return;
    seen.push(`${request.method()} ${request.url()}`);
  });
  return seen;
}

describeWithChromium('filter forms apply only on Apply', () => {
  const demo = demoServedInChromium();

  it('Overview: changing a field sends nothing (URL unchanged, no request) and says it waits; Apply sends it', async () => {
    const { page, problems } = await watchedPage(demo.browser.context);
    await page.goto(`${demo.server.url}/`);
    await chartsSettled(page);
    const before = page.url();
    const requests = requestsOf(page);
    await page.selectOption('select[name="cost"]', 'effective');
    await page.fill('input[name="as_of"]', '2026-11-10');
    await page.waitForTimeout(800);
    expect(page.url()).toBe(before);
    expect(requests).toEqual([]);
    expect(await page.textContent('#filters .pending-note')).toBe('Not applied yet: press Apply to show these filters.');
    expect(await page.textContent('#filters summary')).toBe('Filters: as of 14 Nov 2026 · billed cost');
    await navigated(page, () => page.click('#filters button[type="submit"]'), 'cost=effective');
    expect(new URL(page.url()).search).toBe('?as_of=2026-11-10&cost=effective');
    await chartsSettled(page);
    expect(await page.textContent('#filters summary')).toBe('Filters: as of 10 Nov 2026 · effective (amortised) cost');
    expect(await page.textContent('#filters .pending-note')).toBe('');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Explore: a preset shows its days in From and To without navigating; Enter in a field applies it', async () => {
    const { page, problems } = await watchedPage(demo.browser.context);
    await page.goto(`${demo.server.url}/explore?dimension=service&preset=last_month&cost=billed`);
    await chartsSettled(page);
    expect(await page.textContent('#filters summary')).toBe('Filters: by service · Last month · billed cost · daily');
    const before = page.url();
    const requests = requestsOf(page);
    await page.selectOption('select[name="preset"]', 'last_7_days');
    await page.selectOption('select[name="region"]', 'eu-west-1');
    await page.waitForTimeout(800);
    expect(page.url()).toBe(before);
    expect(requests).toEqual([]);
    expect([await page.inputValue('input[name="start"]'), await page.inputValue('input[name="end"]')]).toEqual(['2026-11-08', '2026-11-15']);
    await page.focus('input[name="end"]');
    await navigated(page, () => page.keyboard.press('Enter'), 'preset=last_7_days');
    expect(new URL(page.url()).search).toBe('?dimension=service&preset=last_7_days&cost=billed&region=eu-west-1');
    await chartsSettled(page);
    expect(await page.textContent('#filters summary')).toBe('Filters (1 active): by service · Last 7 days · billed cost · daily · Region: eu-west-1');

    // Grouping by tag without a key: explained beside the tag key on Apply, nothing sent.
    const here = page.url();
    await page.selectOption('select[name="dimension"]', 'tag');
    await page.click('#filters button[type="submit"]');
    await page.waitForTimeout(500);
    expect(page.url()).toBe(here);
    expect(await page.textContent('label:has(select[name="tag_key"]) .field-error')).toBe('Tag key: choose the tag key to group by.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('tag_key');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Attribution: "(date range)" without days is explained beside From on Apply, and nothing is sent', async () => {
    const { page, problems } = await watchedPage(demo.browser.context);
    await page.goto(`${demo.server.url}/attribution?tag=team&period=2026-10&cost=billed`);
    await chartsSettled(page);
    const before = page.url();
    const requests = requestsOf(page);
    await page.selectOption('select[name="period"]', '');
    await page.click('#filters button[type="submit"]');
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(requests).toEqual([]);
    expect(await page.textContent('label:has(input[name="start"]) .field-error')).toBe('From: needed for (date range).');
    expect(await page.getAttribute('input[name="start"]', 'aria-invalid')).toBe('true');
    // From alone: To is asked for.
    await page.fill('input[name="start"]', '2026-10-05');
    await page.click('#filters button[type="submit"]');
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    expect(await page.textContent('label:has(input[name="end"]) .field-error')).toBe('To (exclusive): needed with From (2026-10-05).');
    await page.fill('input[name="end"]', '2026-11-10');
    await navigated(page, () => page.click('#filters button[type="submit"]'), 'end=2026-11-10');
    expect(new URL(page.url()).search).toBe('?tag=team&start=2026-10-05&end=2026-11-10&cost=billed');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Optimisation: another owner tag disables the owner choices (they are the shown key\'s) until Apply or until it is put back', async () => {
    const { page, problems } = await watchedPage(demo.browser.context);
    await page.goto(`${demo.server.url}/optimisation?as_of=2026-11-15&owner_key=team`);
    await chartsSettled(page);
    const before = page.url();
    const requests = requestsOf(page);
    expect(await page.isDisabled('select[name="owner"]')).toBe(false);
    await page.selectOption('select[name="owner_key"]', '-');
    expect(await page.isDisabled('select[name="owner"]')).toBe(true);
    await page.selectOption('select[name="owner_key"]', 'team');
    expect(await page.isDisabled('select[name="owner"]')).toBe(false);
    await page.selectOption('select[name="owner"]', 'payments');
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(requests).toEqual([]);
    await navigated(page, () => page.click('#filters button[type="submit"]'), 'owner=payments');
    expect(new URL(page.url()).search).toBe('?as_of=2026-11-15&owner_key=team&owner=payments');
    expect(await page.textContent('#filters summary')).toBe('Filters (1 active): as of 15 Nov 2026 (days up to 14 Nov 2026) · owner tag team · Owner: payments');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a phone: the folded panel opens, changes and applies from the keyboard alone', async () => {
    const { page, problems } = await watchedPage(demo.browser.context);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${demo.server.url}/storage`);
    await chartsSettled(page);
    expect(await page.evaluate(() => document.querySelector<HTMLDetailsElement>('#filters details')!.open)).toBe(false);
    const before = page.url();
    await page.focus('#filters summary');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('months');
    await page.selectOption('select[name="months"]', '3');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Apply');
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    await navigated(page, () => page.keyboard.press('Enter'), 'months=3');
    await chartsSettled(page);
    expect(await page.textContent('#filters summary')).toBe('Filters: 3 months · billed cost');
    expect(problems).toEqual([]);
    await page.close();
  });
});
