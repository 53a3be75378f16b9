import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { ARTIFACTS, chartMarks, cli, DEMO_NOW, demoStore, launchChromium, navigated, watchedPage } from './page-helpers.ts';

interface Truth {
  commitments: { reservedInstance: { arn: string }; savingsPlan: { arn: string } };
  periods: Record<string, { commitments: { unusedCost: string; coverage: { coveragePercent: number }; reservedInstance: { unusedCost: string }; savingsPlan: { unusedCost: string } } }>;
}

describe('the Commitments page in Chromium, on the demo organisation', () => {
  const demo = inject('demoDir');
  const truth = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8')) as Truth;
  let db: string;
  let configPath: string;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const store = await demoStore(demo, ['cur2']);
    ({ db, configPath } = store);
    server = await startServer({ storePath: db, host: '127.0.0.1', port: 0, clock: () => DEMO_NOW, config: store.config });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows what `costlens commitments` reports, draws its three charts without a console error, and follows the period filter', async () => {
    const { page, problems } = await watchedPage(browser.context);
    await page.goto(`${server.url}/commitments`);
    expect(new URL(page.url()).search).toBe('?period=2026-11');
    let marks = await chartMarks(page);
    expect(marks.commitments_over_time!.lines).toBe(3);
    expect(marks.commitments_unused!.bars).toBe(2);
    expect(marks.commitments_expiry!.points).toBe(2);

    const report = JSON.parse(await cli(db, 'commitments', '--period', '2026-11', '--format', 'json', '--config', configPath));
    const value = (id: string) => page.getAttribute(`#${id} .figure`, 'data-value');
    expect(await value('commitments-utilisation')).toBe(String(report.utilisationPercent));
    expect(await value('commitments-unused')).toBe(truth.periods['2026-11'].commitments.unusedCost);
    expect(await value('commitments-coverage')).toBe(String(truth.periods['2026-11'].commitments.coverage.coveragePercent));
    expect(await value('commitments-esr')).toBe(String(report.effectiveSavingsRate));
    const rows = () => page.$$eval('#commitments tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-arn'), tr.children[10].getAttribute('data-value')]));
    expect(Object.fromEntries(await rows())).toEqual({
      [truth.commitments.reservedInstance.arn]: truth.periods['2026-11'].commitments.reservedInstance.unusedCost,
      [truth.commitments.savingsPlan.arn]: truth.periods['2026-11'].commitments.savingsPlan.unusedCost,
    });
    const advice = await page.$$eval('#advice tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-term'), tr.querySelector('[data-source]')!.getAttribute('data-source')]));
    expect(advice).toEqual(report.recommendations.map((r: { term: string; rateSource: string }) => [r.term, r.rateSource]));
    const byAccount = JSON.parse(await cli(db, 'commitments', '--period', '2026-11', '--by', 'account', '--format', 'json', '--config', configPath));
    const accounts = await page.$$eval('#coverage-by-account tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-key'), tr.children[4].getAttribute('data-value')]));
    expect(Object.fromEntries(accounts)).toEqual(Object.fromEntries(byAccount.groups.map((g: { key: string; onDemandCost: string }) => [g.key, g.onDemandCost])));
    expect(await page.textContent('#expiring-none')).toContain('No commitment ends within the expiry windows after 14 Nov 2026');
    await page.screenshot({ path: join(ARTIFACTS, 'commitments.png'), fullPage: true });

    await navigated(page, () => page.selectOption('select[name="period"]', '2026-10'), 'period=2026-10');
    marks = await chartMarks(page);
    expect(marks.commitments_unused!.bars).toBe(2);
    expect(await value('commitments-unused')).toBe(truth.periods['2026-10'].commitments.unusedCost);
    expect(await value('commitments-coverage')).toBe(String(truth.periods['2026-10'].commitments.coverage.coveragePercent));

    await page.setViewportSize({ width: 360, height: 800 });
    await page.reload();
    await chartMarks(page);
    await page.screenshot({ path: join(ARTIFACTS, 'commitments-360.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a bad period is a 400 page naming it', async () => {
    const response = await fetch(`${server.url}/commitments?period=2026-13`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('the Commitments page: period must be YYYY-MM; got');
  });
});
