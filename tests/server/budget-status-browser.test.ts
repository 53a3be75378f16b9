/**
 * The Overview's budget card in Chromium on the demo organisation (data through 14 Nov 2026), at
 * a phone's 390 px and a laptop's 1,440 px: the figures `costlens budgets --format json` gives,
 * no sideways page scroll, no console error, no axe-core violation, every money column on
 * screen; and without budgets, the card that says how to add one, its example's lines unwrapped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { shortDay } from '../../src/lib/calendar.ts';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { axeViolations, describeWithChromium, saveScreenshot } from '../helpers/browser.ts';
import { ARTIFACTS, cli, DEMO_NOW, demoConfigYaml, demoStore, launchChromium, watchedPage } from './page-helpers.ts';

const BUDGETS_YAML = `budgets:
  - name: organisation
    amount: 40000
  - name: payments-prod
    amount: 3000
    scope: { accounts: ["730604943011"] }
    thresholds: [{ percent: 25 }, { percent: 50 }, { percent: 100, basis: forecast }]
  - name: data platform quarterly
    amount: 40000
    period: quarterly
    cost: effective
    scope: { costCategory: { name: business_unit, values: [Data] } }
`;

/** Money cells of the budget table that cannot be brought on screen (scrolled into view as a reader would). */
async function hiddenMoney(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hidden: string[] = [];
    const table = document.querySelector('#budget-table')!;
    const region = table.closest<HTMLElement>('.table-scroll');
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((cell, column) => {
        if (!/^\$[\d,]+\.\d\d/.test((cell.textContent ?? '').trim())) return;
        cell.scrollIntoView({ block: 'center', inline: 'nearest' });
        if (region && column > 0) region.scrollLeft += cell.getBoundingClientRect().left - row.children[0].getBoundingClientRect().right;
        const box = cell.getBoundingClientRect();
        const shown = document.elementFromPoint(box.left + Math.min(box.width / 2, 20), box.top + box.height / 2);
        if (box.left < 0 || box.right > window.innerWidth + 0.5 || !shown || !cell.contains(shown)) hidden.push(`${row.getAttribute('data-budget')} column ${column + 1}`);
      });
      if (region) region.scrollLeft = 0;
    }
    return hidden;
  });
}

/**
 * The budget table's cells not wholly inside the card as the page opens, nothing scrolled (on a phone each budget is a card:
 * its Share, Forecast and Crossed were off screen at 390 px, the meter cut at the card's edge): `payments column 5 (at 402–478 px)`.
 */
async function cellsOffCard(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const card = document.querySelector('#budget-status')!.getBoundingClientRect();
    return [...document.querySelectorAll('#budget-table tbody tr')].flatMap((row) => [...row.children].flatMap((cell, column) => {
      const box = cell.getBoundingClientRect();
      const inside = box.left >= card.left - 0.5 && box.right <= card.right + 0.5 && [...cell.querySelectorAll('meter')].every((m) => m.getBoundingClientRect().right <= card.right + 0.5);
      return inside ? [] : [`${row.getAttribute('data-budget')} column ${column + 1} (at ${Math.round(box.left)}–${Math.round(box.right)} px, card to ${Math.round(card.right)} px)`];
    }));
  });
}

describeWithChromium('the Overview\'s budget card in Chromium', () => {
  const demo = inject('demoDir');
  let db: string;
  let configPath: string;
  let servers: { budgets: RunningServer; none: RunningServer };
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const store = await demoStore(demo, ['cur2']);
    db = store.db;
    configPath = join(store.dir, 'budgets.config.yaml');
    writeFileSync(configPath, `${demoConfigYaml(demo)}${BUDGETS_YAML}`);
    servers = {
      budgets: await startServer({ storePath: db, host: '127.0.0.1', port: 0, clock: () => DEMO_NOW, config: loadConfig(configPath, {}, store.dir) }),
      none: await startServer({ storePath: db, host: '127.0.0.1', port: 0, clock: () => DEMO_NOW, config: store.config }),
    };
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await servers?.budgets.close();
    await servers?.none.close();
  });

  it('shows each budget as `costlens budgets` does, readable at 390 and 1,440 px, without an axe violation', async () => {
    const report = JSON.parse(await cli(db, 'budgets', '--config', configPath, '--format', 'json'));
    for (const width of [390, 1440]) {
      const { page, problems } = await watchedPage(browser.context);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${servers.budgets.url}/`);
      expect(await page.textContent('#budget-status h2')).toBe('Budgets, as of 14 Nov 2026');
      const rows = await page.$$eval('#budget-table tbody tr', (trs) => trs.map((tr) => ({
        name: tr.getAttribute('data-budget'),
        values: [...tr.querySelectorAll('td[data-value]')].map((td) => td.getAttribute('data-value')),
        crossed: [...tr.querySelectorAll('span.crossed')].map((span) => span.textContent).join('; ') || tr.children[5].textContent!.trim(),
      })));
      expect(rows).toEqual(report.budgets.map((b: { name: string; actual: string; amount: string; sharePercent: number; forecast: string; thresholds: { crossed: boolean; percent: number; basis: string; since: string }[] }) => ({
        name: b.name,
        values: [b.actual, b.amount, String(b.sharePercent), b.forecast],
        crossed: b.thresholds.filter((t) => t.crossed).map((t) => `${t.percent}% ${t.basis} since ${shortDay(t.since, true)}`).join('; ') || 'none',
      })));
      // payments-prod, by DuckDB on the demo's CUR 2.0 Parquet (account 730604943011, lines starting 1–14 Nov 2026, line_item_unblended_cost
      // as DECIMAL(38,10)): actual 3012.4162051909 (usage 2813.0262051909, RI fee 83.52, tax 115.87), 100.4% of $3,000. Its usage summed by
      // start day, running: 611.89 on 3 Nov, 798.69 on 4 Nov (≥ $750), 1396.02 on 7 Nov, 1604.86 on 8 Nov (≥ $1,500); the RI fee and tax, posted
      // for the month, count on as-of (else 25% on 3 Nov). Usage ran $179–$230 a day in October, so the month's forecast tops $3,000 from the 1st.
      // In the pages' formats, as the Share column writes "18.2%" (it said "25 % actual since 2026-11-03").
      expect(rows[1]).toEqual({ name: 'payments-prod', values: ['3012.4162051909', '3000.00', '100.4', report.budgets[1].forecast],
        crossed: '25% actual since 4 Nov 2026; 50% actual since 8 Nov 2026; 100% forecast since 1 Nov 2026' });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${width} px: no sideways page scroll`).toBe(0);
      expect(await cellsOffCard(page), `${width} px: every figure inside the card without scrolling`).toEqual([]);
      expect(await hiddenMoney(page), `${width} px: money columns on screen`).toEqual([]);
      expect(await axeViolations(page), `${width} px`).toEqual([]);
      await saveScreenshot(page, { path: join(ARTIFACTS, `overview-budgets-${width}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 240_000);

  it('without budgets the card says how to add one, at 390 px, without an axe violation', async () => {
    const { page, problems } = await watchedPage(browser.context);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${servers.none.url}/`);
    expect(await page.textContent('#budget-status p')).toBe('No budget is configured. Add one under budgets: in costlens.config.yaml, for example:');
    expect(await page.textContent('#budget-status pre')).toContain('amount: 25000');
    // Each line of the example on one line, whole on screen at 390 px: its comments wrapped onto lines of their own, leaving "#" alone at a line's end.
    const example = await page.evaluate(() => {
      const pre = document.querySelector('#budget-status pre')!;
      const text = pre.firstChild!;
      let at = 0;
      const lines = (text.textContent ?? '').split('\n').map((line) => {
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + line.length);
        at += line.length + 1;
        return { line, boxes: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
      });
      return { lines, scrolls: pre.scrollWidth > pre.clientWidth };
    });
    expect(example.lines.filter((l) => l.boxes !== 1).map((l) => l.line)).toEqual([]);
    expect(example.lines.map((l) => l.line)).toEqual(['budgets:', '  - name: platform', '    amount: 25000', '    # monthly, quarterly or annual', '    period: monthly',
      '    # billed, effective or net', '    cost: billed', '    scope:', '      accounts: ["123456789012"]']);
    expect(example.scrolls).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
