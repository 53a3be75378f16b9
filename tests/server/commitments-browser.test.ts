import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { RunningServer } from '../../src/server/listen.ts';
import { describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import { sqlRows } from '../helpers/cli.ts';
import { chartTextOutsideCards } from './chart-text-bounds.ts';
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
    const drawn = (await (await fetch(`${server.url}/api/charts/commitments_over_time`)).json()).data.values as { period: string; label: string; measure: string; percent: number }[];
    const periods = [...new Set(drawn.map((r) => r.period))].sort();
    // The month the data horizon cuts (1–14 Nov) is named with its days, not drawn as a whole month unmarked; so says the caption.
    expect(periods.map((p) => drawn.find((r) => r.period === p)!.label)).toEqual(['Sep 2026', 'Oct 2026', 'Nov 2026 (1–14 Nov)']);
    expect(await page.textContent('#chart-commitments_over_time-summary')).toBe(`Commitment utilisation and coverage per billing period: ${periods
      .map((p) => `${drawn.find((r) => r.period === p)!.label}: ${drawn.filter((r) => r.period === p).map((r) => `${r.measure} ${Number(r.percent).toFixed(2)}%`).join(', ')}`).join('; ')}.`);
    expect(await page.textContent('figure:has([data-chart="commitments_over_time"]) figcaption')).toBe(
      "Utilisation and coverage per billing period; Nov 2026 (1–14 Nov) holds only those days of the month (the store's billing data runs 1 Sep – 14 Nov 2026, to the data horizon)");

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

    // September 2026 on a phone. Every chart's text lies inside its card: at 390 px the axis title "Unused commitment cost, USD" was
    // cut to "…US" by the chart's edge (the commitment ids kept their 240 px, leaving the plot narrower than its title), and the
    // expiry chart's size legend ("USD a month", 0 to 1,500) ran past the card, drawn beside the type legend.
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${server.url}/commitments?period=2026-09`);
      expect(await chartMarks(page)).toMatchObject({ commitments_unused: { bars: 2 }, commitments_expiry: { points: 2 } });
      expect(await chartTextOutsideCards(page), `${width} px`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${width} px: no horizontal page scroll`).toBe(0);
      await saveScreenshot(page, { path: join(ARTIFACTS, `commitments-${width}.png`), fullPage: true });
    }
    // The unused cost per commitment is written with one set of cents on the whole page: the table's, the largest-remainder
    // shares of the headline, which the chart draws and its description states (it said $187.83, each rounded alone, beside the
    // table's $187.84). By SQL on the store: the plan's 1,753.92 − 1,566.0864 = 187.8336 and the RI's unused fees 41.5923287760,
    // 229.4259287760 in all, $229.43; rounded down 187.83 + 41.59 = 229.42, and the cent left goes to the larger remainder,
    // the plan's 0.36 of a cent against the RI's 0.23: $187.84 and $41.59.
    const unused = await sqlRows(db, `SELECT CommitmentDiscountId AS arn,
        CAST(sum(coalesce(x_SavingsPlanTotalCommitmentToDate - x_SavingsPlanUsedCommitment, x_ReservationUnusedRecurringFee + x_ReservationUnusedAmortizedUpfrontFee)) AS VARCHAR) AS unused
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-09-01' AND x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee') GROUP BY 1`);
    const [plan, reservation] = [truth.commitments.savingsPlan.arn, truth.commitments.reservedInstance.arn];
    expect(Object.fromEntries(unused.map((r) => [r.arn, r.unused]))).toEqual({ [plan]: '187.8336000000', [reservation]: '41.5923287760' });
    expect(await value('commitments-unused')).toBe('229.4259287760');
    expect(await page.$$eval('#commitments tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-arn'), tr.lastElementChild!.textContent]))).toEqual([
      [plan, '$187.84'], [reservation, '$41.59'],
    ]);
    const id = (arn: string) => arn.split('/').pop();
    expect(await page.textContent('#chart-commitments_unused-summary')).toBe(`Unused commitment cost by commitment: ${id(plan)} $187.84; ${id(reservation)} $41.59. Total $229.43.`);
    const bars = (await (await fetch(`${server.url}/api/charts/commitments_unused?period=2026-09`)).json()).data.values as { arn: string; unused_cost: number; unused_cost_shown: number }[];
    expect(bars.map((r) => [r.arn, r.unused_cost, r.unused_cost_shown])).toEqual([[plan, 187.8336, 187.84], [reservation, 41.592328776, 41.59]]);
    expect(problems).toEqual([]);
    await page.close();
  }, 360_000); // seven CLI runs and three periods of charts: minutes on a loaded 2-core machine

  it('a bad period is a 400 page naming it', async () => {
    const response = await fetch(`${server.url}/commitments?period=2026-13`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('period must be YYYY-MM; got &quot;2026-13&quot;');
  });
});
