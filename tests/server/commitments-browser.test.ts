import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import { ARTIFACTS, chartMarks, cli, applyFilters, launchChromium, servedDemo, watchedPage } from './page-helpers.ts';

interface Truth {
  commitments: { reservedInstance: { arn: string }; savingsPlan: { arn: string } };
  periods: Record<string, { commitments: { unusedCost: string; coverage: { coveragePercent: number }; reservedInstance: { unusedCost: string }; savingsPlan: { unusedCost: string } } }>;
}

describeWithChromium('the Commitments page in Chromium, on the demo organisation', () => {
  const demo = inject('demoDir');
  const truth = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8')) as Truth;
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

  it('shows what `costlens commitments` reports, draws its three charts without a console error, and follows the period filter', async () => {
    const { page, problems } = await watchedPage(browser.context);
    await page.goto(`${server.url}/commitments`);
    // The default follows the data: the last complete month up to the horizon (14 Nov 2026), as the CLI picks it.
    expect(new URL(page.url()).search).toBe('?period=2026-10');
    expect(await page.textContent('#period-days')).toBe('Billing period 2026-10: 1–31 Oct 2026, complete (data through 14 Nov 2026, the data horizon).');
    let marks = await chartMarks(page);
    expect(marks.commitments_over_time!.lines).toBe(3);
    expect(marks.commitments_unused!.bars).toBe(2);
    expect(marks.commitments_expiry!.points).toBe(2);
    // The screen readers' sentence names each measure of a period apart, as the chart draws its rows (utilisation and coverage are not added up).
    const drawn = (await (await fetch(`${server.url}/api/charts/commitments_over_time`)).json()).data.values as { period: string; measure: string; percent: number }[];
    const periods = [...new Set(drawn.map((r) => r.period))].sort();
    expect(periods.length).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('#chart-commitments_over_time-summary')).toBe(`Commitment utilisation and coverage per billing period: ${periods
      .map((p) => `${p}: ${drawn.filter((r) => r.period === p).map((r) => `${r.measure} ${Number(r.percent).toFixed(2)}%`).join(', ')}`).join('; ')}.`);

    const value = (id: string) => page.getAttribute(`#${id} .figure`, 'data-value');
    const rows = () => page.$$eval('#commitments tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-arn'), tr.lastElementChild!.getAttribute('data-value')]));
    for (const period of ['2026-10', '2026-11']) {
      if (period === '2026-11') {
        await applyFilters(page, () => page.selectOption('select[name="period"]', period), `period=${period}`);
        marks = await chartMarks(page);
        expect(marks.commitments_unused!.bars).toBe(2);
        expect(await page.textContent('#period-days')).toBe('Billing period 2026-11: 1–14 Nov 2026, not complete (the data ends on 14 Nov 2026, the data horizon).');
      }
      const report = JSON.parse(await cli(db, 'commitments', '--period', period, '--format', 'json', '--config', configPath));
      const t = truth.periods[period].commitments;
      expect(await value('commitments-utilisation')).toBe(String(report.utilisationPercent));
      expect(await value('commitments-unused')).toBe(t.unusedCost);
      expect(await value('commitments-coverage')).toBe(String(t.coverage.coveragePercent));
      expect(await value('commitments-esr')).toBe(String(report.effectiveSavingsRate));
      expect(Object.fromEntries(await rows())).toEqual({
        [truth.commitments.reservedInstance.arn]: t.reservedInstance.unusedCost,
        [truth.commitments.savingsPlan.arn]: t.savingsPlan.unusedCost,
      });
      const advice = await page.$$eval('#advice tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-term'), tr.querySelector('[data-source]')!.getAttribute('data-source')]));
      expect(advice).toEqual(report.recommendations.map((r: { term: string; rateSource: string }) => [r.term, r.rateSource]));
      for (const [by, id] of [['account', 'coverage-by-account'], ['family', 'coverage-by-family']]) {
        const grouped = JSON.parse(await cli(db, 'commitments', '--period', period, '--by', by, '--format', 'json', '--config', configPath));
        const shown = await page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [tr.getAttribute('data-key'), tr.children[4].getAttribute('data-value')]));
        expect(Object.fromEntries(shown), `${period} by ${by}`).toEqual(Object.fromEntries(grouped.groups.map((g: { key: string; onDemandCost: string }) => [g.key, g.onDemandCost])));
      }
      expect(await page.textContent('#expiring-none')).toContain('No commitment ends within the expiry windows after 14 Nov 2026, the data horizon.');
      await saveScreenshot(page, { path: join(ARTIFACTS, `commitments-${period}.png`), fullPage: true });
    }

    // Rightsizing and idle findings on covered resources (their evidence names the commitment) are one link away.
    await Promise.all([page.waitForURL((url) => url.pathname === '/optimisation'), page.click('main a[href="/optimisation"]')]);
    await chartMarks(page); // the page is whole (its chart drawn) before going back, so no request of it is cut short
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/commitments');
    await chartMarks(page); // likewise its charts, fetched again unless the page came back from the cache, before the reload below

    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.reload();
      await chartMarks(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${width} px: no horizontal page scroll`).toBe(0);
      await saveScreenshot(page, { path: join(ARTIFACTS, `commitments-${width}.png`), fullPage: true });
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 360_000); // seven CLI runs and two periods of charts: minutes on a loaded 2-core machine

  it('a bad period is a 400 page naming it', async () => {
    const response = await fetch(`${server.url}/commitments?period=2026-13`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('period must be YYYY-MM; got &quot;2026-13&quot;');
  });
});
