import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import type { RunningServer } from '../../src/server/listen.ts';
import { ARTIFACTS, chartMarks, cli, applyFilters, launchChromium, parseCsv, servedDemo, watchedPage } from './page-helpers.ts';

describeWithChromium('the Attribution page in Chromium, on the demo organisation', () => {
  let db: string;
  let configPath: string;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    ({ db, configPath, server } = await servedDemo(['cur2']));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const csvOf = async (...flags: string[]) => cli(db, 'attribute', ...flags, '--config', configPath, '--format', 'csv');
  const columnSum = (csv: string, column: string) => {
    const [header, ...rows] = parseCsv(csv);
    return rows.reduce((s, r) => s + BigInt(r[header.indexOf(column)].replace('.', '')), 0n);
  };
  const cents = (text: string | null) => BigInt((text ?? '').replace('.', ''));

  it('loads without a console error, draws its charts from the allocation, and every filter change reloads with new figures; the CSV link downloads the CLI\'s export', async () => {
    const { page, problems } = await watchedPage(browser.context);
    await page.goto(`${server.url}/attribution`);
    expect(new URL(page.url()).search).toBe('?tag=team&period=2026-10&cost=billed');
    let marks = await chartMarks(page);
    let csv = await csvOf('--tag', 'team', '--period', '2026-10');
    const [header, ...rows] = parseCsv(csv);
    const nonZero = (column: string) => rows.filter((r) => Number(r[header.indexOf(column)]) !== 0).length;
    expect(marks.attribution_by_value).toEqual({ bars: nonZero('billed_direct') + nonZero('billed_shared'), points: 0, lines: 0 });
    expect(marks.attribution_coverage, 'one point per billing period up to October: September and October').toEqual({ bars: 0, points: 2, lines: 1 });
    const shares = await page.$$eval('#shared-split tbody tr', (trs) => trs.length);
    expect(shares).toBeGreaterThan(10);
    expect(marks.attribution_shared).toEqual({ bars: shares, points: 0, lines: 0 });
    const total = () => page.getAttribute('#attribution-total .figure', 'data-value');
    expect(cents(await total())).toBe(columnSum(csv, 'billed_cost'));
    // The screen readers' sentence adds each value's direct and shared parts (the spec folds them) up to the CSV's total.
    const dollars = (units: bigint) => (Number(units) / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
    expect((await page.textContent('#chart-attribution_by_value-summary'))!.endsWith(`. Total ${dollars(columnSum(csv, 'billed_cost'))}.`)).toBe(true);
    expect(await page.$$eval('#attribution-table tbody tr td:nth-child(2)', (cells) => cells.map((c) => c.textContent))).toEqual(rows.map((r) => r[1]));
    expect(await page.textContent('#attribution-table tbody tr.untagged td:nth-child(2)')).toBe('(untagged)');
    await saveScreenshot(page, { path: join(ARTIFACTS, 'attribution.png'), fullPage: true });

    await applyFilters(page, () => page.selectOption('select[name="cost"]', 'effective'), 'cost=effective');
    await chartMarks(page);
    csv = await csvOf('--tag', 'team', '--period', '2026-10', '--cost', 'effective');
    expect(cents(await total())).toBe(columnSum(csv, 'effective_cost'));
    expect(columnSum(csv, 'effective_cost')).not.toBe(columnSum(csv, 'billed_cost'));

    await applyFilters(page, () => page.selectOption('select[name="period"]', '2026-11'), 'period=2026-11');
    await chartMarks(page);
    expect(new URL(page.url()).search).toBe('?tag=team&period=2026-11&cost=effective');
    csv = await csvOf('--tag', 'team', '--period', '2026-11', '--cost', 'effective');
    expect(cents(await total())).toBe(columnSum(csv, 'effective_cost'));

    // A date range instead of the period: From clears the period, nothing is sent until Apply, then both dates replace the period.
    await page.fill('input[name="start"]', '2026-10-05');
    expect(await page.inputValue('select[name="period"]')).toBe('');
    expect(new URL(page.url()).search).toBe('?tag=team&period=2026-11&cost=effective');
    await applyFilters(page, () => page.fill('input[name="end"]', '2026-11-10'), 'end=2026-11-10');
    marks = await chartMarks(page);
    expect(new URL(page.url()).search).toBe('?tag=team&start=2026-10-05&end=2026-11-10&cost=effective');
    csv = await csvOf('--tag', 'team', '--from', '2026-10-05', '--to', '2026-11-10', '--cost', 'effective');
    expect(cents(await total())).toBe(columnSum(csv, 'effective_cost'));
    expect(marks.attribution_by_value!.bars).toBeGreaterThan(15);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#attribution-csv')]);
    expect(download.suggestedFilename()).toBe('attribution-team-2026-10-05_2026-11-10-effective.csv');
    expect(readFileSync((await download.path())!)).toEqual(Buffer.from(csv));

    await applyFilters(page, () => page.selectOption('select[name="tag"]', 'cost_center'), 'tag=cost_center');
    await chartMarks(page);
    csv = await csvOf('--tag', 'cost_center', '--from', '2026-10-05', '--to', '2026-11-10', '--cost', 'effective');
    expect(await page.$$eval('#attribution-table tbody tr td:nth-child(2)', (cells) => cells.map((c) => c.textContent))).toEqual(parseCsv(csv).slice(1).map((r) => r[1]));
    await saveScreenshot(page, { path: join(ARTIFACTS, 'attribution-range.png'), fullPage: true });

    // The URL alone reproduces the view.
    const { page: again, problems: againProblems } = await watchedPage(browser.context);
    await again.goto(page.url());
    await chartMarks(again);
    expect(await again.getAttribute('#attribution-total .figure', 'data-value')).toBe(await total());
    expect([...problems, ...againProblems]).toEqual([]);
    await page.close();
    await again.close();
  });
});
