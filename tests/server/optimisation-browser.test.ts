import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import { unreadableEvidence } from '../helpers/text-layout-checks.ts';
import type { RunningServer } from '../../src/server/listen.ts';
import { sqlRows } from '../helpers/cli.ts';
import { ARTIFACTS, chartMarks, cli, applyFilters, launchChromium, servedDemo, watchedPage } from './page-helpers.ts';

describeWithChromium('the Optimisation page and the resource view in Chromium, on the demo organisation', () => {
  let db: string;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let idle: IdleFinding[];
  let rightsize: RightsizingRecommendation[];

  /**
   * The Optimisation page as `/optimisation` first opens it at the context's 1,280 × 900 px (redirected
   * to the analysers' as-of day and the owner tag), loaded once for the two tests that start from it:
   * the first reads its worklist and then applies filters on it; the widths of its tables and the
   * actions' breaks, read by the second, are measured as soon as it has loaded, before anything changes it.
   */
  let firstView: Promise<{ page: Page; problems: string[]; loadedUrl: string; tableWidths: string[]; pairBreaks: boolean[]; evidence: string[] }> | undefined;
  const optimisationAsLoaded = () => firstView ??= (async () => {
    const { page, problems } = await watchedPage(browser.context);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/optimisation`);
    const tableWidths = await page.$$eval('#findings, #modernisation-findings', (tables) => tables.map((t) => `${t.id} ${t.scrollWidth} in ${t.parentElement!.clientWidth}`));
    // Every action naming the pair may break after its slash (a <wbr>), which the text alone would not show.
    const pairBreaks = await page.$$eval('#modernisation-findings td.action', (tds) => tds
      .filter((td) => td.textContent!.includes('VolumeReadBytes/VolumeWriteBytes'))
      .map((td) => td.innerHTML.includes('VolumeReadBytes/<wbr>VolumeWriteBytes')));
    // The first finding's Why, opened (and closed again): at 1,280 px its figures were 13 px wide ("14" over two lines).
    const evidence = await unreadableEvidence(page, ['#findings', '#modernisation-findings'], 96);
    return { page, problems, loadedUrl: page.url(), tableWidths, pairBreaks, evidence };
  })();

  beforeAll(async () => {
    const store = await servedDemo();
    ({ db, server } = store);
    browser = await launchChromium();
    idle = JSON.parse(await cli(db, 'idle', '--format', 'json', '--config', store.configPath));
    rightsize = JSON.parse(await cli(db, 'rightsize', '--format', 'json', '--config', store.configPath));
  });
  afterAll(async () => {
    await (await firstView?.catch(() => undefined))?.page.close();
    await browser?.close();
  });

  it('loads without a console error with its savings chart drawn; filters reload with the figures they select; a finding links to its resource, whose charts draw', async () => {
    const { page, problems } = await optimisationAsLoaded();
    expect(new URL(page.url()).search).toBe('?as_of=2026-11-15&owner_key=team');
    let marks = await chartMarks(page);
    const rowsOf = () => page.$$eval('#findings tbody tr', (trs) => trs.map((tr) => ({
      id: tr.getAttribute('data-resource') ?? '',
      rule: tr.getAttribute('data-rule') ?? '',
      account: tr.children[5].getAttribute('data-value') ?? '',
      owner: tr.children[4].textContent ?? '',
      saving: tr.children[1].getAttribute('data-value') ?? '',
    })));
    let rows = await rowsOf();
    expect(rows.length).toBe(idle.length + rightsize.length);
    expect(marks.optimisation_savings!.bars).toBe(new Set(rows.map((r) => `${r.rule} ${r.account}`)).size);
    const saving = () => page.getAttribute('#optimisation-saving .figure', 'data-value');
    const all = await saving();
    expect(await page.getAttribute('#optimisation-rightsizing .figure', 'data-value'))
      .toBe((rightsize.reduce((s, r) => s + Math.round(Number(r.monthlySavingBill) * 100), 0) / 100).toFixed(2));
    await saveScreenshot(page, { path: join(ARTIFACTS, 'optimisation.png'), fullPage: true });

    const account = '730604943011';
    await applyFilters(page, () => page.selectOption('select[name="account"]', account), `account=${account}`);
    marks = await chartMarks(page);
    expect(new URL(page.url()).search).toBe(`?as_of=2026-11-15&account=${account}&owner_key=team`);
    rows = await rowsOf();
    expect(rows.length).toBe([...idle, ...rightsize].filter((f) => f.accountId === account).length);
    expect(rows.every((r) => r.account === account)).toBe(true);
    expect(await saving()).not.toBe(all);
    expect(marks.optimisation_savings!.bars).toBe(new Set(rows.map((r) => r.rule)).size);

    const inAccount = rows;
    await applyFilters(page, () => page.selectOption('select[name="owner"]', 'payments'), 'owner=payments');
    await chartMarks(page);
    rows = await rowsOf();
    // The account's findings owned by payments: its 5 rightsize-downsize recommendations (tests/server/optimisation-page-filters.test.ts).
    expect(rows).toEqual(inAccount.filter((r) => r.owner === 'payments'));
    expect(rows.length).toBe(5);
    await saveScreenshot(page, { path: join(ARTIFACTS, 'optimisation-filtered.png'), fullPage: true });

    // The top finding's link opens its resource view.
    const first = rows[0];
    await Promise.all([page.waitForURL((url) => url.pathname === '/resource', { timeout: 30_000 }), page.click('#findings tbody tr:first-child a.resource')]);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ id: first.id, start: '2026-09-16', end: '2026-11-15' });
    marks = await chartMarks(page);
    const costDays = await sqlRows(db, `SELECT count(DISTINCT (CAST(ChargePeriodStart AS DATE), coalesce(x_UsageType, ChargeDescription, '(none)'))) AS n FROM line_items
      WHERE ResourceId = '${first.id}' AND ChargePeriodStart >= TIMESTAMP '2026-09-16' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect(marks.resource_daily_cost).toEqual({ bars: Number(costDays[0].n), points: 0, lines: 0 });
    const [series] = await sqlRows(db, `SELECT count(*) AS points, count(DISTINCT (namespace, metric_name, statistic)) AS series FROM metrics
      WHERE resource_id = '${first.id}' AND timestamp >= TIMESTAMP '2026-09-16' AND timestamp < TIMESTAMP '2026-11-15'`);
    expect(Number(series.series)).toBeGreaterThan(2);
    expect(marks.resource_metrics).toEqual({ bars: 0, points: Number(series.points), lines: Number(series.series) });
    expect(await page.getAttribute('#resource-findings tr[data-rule] td:last-child', 'data-value')).toBe(first.saving);
    await saveScreenshot(page, { path: join(ARTIFACTS, 'resource.png'), fullPage: true });

    // A narrower range on the resource view keeps the id and redraws.
    await applyFilters(page, () => page.fill('input[name="start"]', '2026-11-01'), 'start=2026-11-01');
    marks = await chartMarks(page);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ id: first.id, start: '2026-11-01', end: '2026-11-15' });
    expect(marks.resource_daily_cost!.bars).toBe(14);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('at 1,280 px the worklist and the modernisation table fit their cards: rule names break at hyphens, metric pairs after their slash; a Why opened reads each figure on one line', async () => {
    const { loadedUrl, problems, tableWidths: widths, pairBreaks: pairs, evidence } = await optimisationAsLoaded();
    expect(evidence).toEqual([]);
    expect(new URL(loadedUrl).search).toBe('?as_of=2026-11-15&owner_key=team');
    expect(widths.length).toBe(2);
    for (const w of widths) {
      const [, table, card] = /^\S+ (\d+) in (\d+)$/.exec(w)!.map(Number);
      expect(table, w).toBeLessThanOrEqual(card);
    }
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.filter((breaks) => !breaks)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('an idle volume\'s resource view: cost per day and its I/O metrics', async () => {
    const volume = idle.find((f) => f.rule === 'ebs-unattached')!;
    const { page, problems } = await watchedPage(browser.context);
    await page.goto(`${server.url}/optimisation?as_of=2026-11-15&owner_key=team&rule=ebs-unattached`);
    await chartMarks(page);
    await Promise.all([page.waitForURL((url) => url.pathname === '/resource'), page.click(`#findings a.resource[href*="${volume.resourceId}"]`)]);
    const marks = await chartMarks(page);
    expect(marks.resource_daily_cost!.bars).toBe(60);
    expect(marks.resource_metrics!.lines).toBe(2);
    expect(await page.textContent('#resource-findings')).toContain(volume.explanation);
    await saveScreenshot(page, { path: join(ARTIFACTS, 'resource-volume.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
