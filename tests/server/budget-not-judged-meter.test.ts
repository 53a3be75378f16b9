/**
 * The Overview's budget card draws no meter for a budget not judged (days of its period are not in
 * the store): the spend of the days the store holds is not the period's, so it is not drawn as
 * progress against the budget; the Share cell says in words why, and a note under the table names
 * the days its actual covers, as `costlens budgets` does. Before, the annual budget of the demo
 * (1 Jan – 31 Aug 2026 not in the store) drew a meter of 21.4 % beside "not judged". A judged budget
 * keeps its meter. On the demo (charge days 1 Sep – 14 Nov 2026), figures by SQL on line_items; and
 * in Chromium, what a screen reader is given for the row (its accessibility tree: no meter, the reason).
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { analysisConfigSchema } from '../../src/analyze/config.ts';
import { loadConfig } from '../../src/config.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { axeViolations, describeWithChromium } from '../helpers/browser.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';
import { DEMO_NOW, demoConfigYaml, demoStore, launchChromium, watchedPage } from './page-helpers.ts';

const BUDGETS = [
  { name: 'm', amount: 40000 },
  { name: 'y', amount: 400000, period: 'annual' },
  { name: 'q', amount: 100000, period: 'quarterly' },
];

const MISSING = 'a day not in the store is missing data, not $0 of spend: no threshold is judged and no forecast made';

/** BilledCost charged on [from, to), exact, its days and its share of `amount` in percent to one decimal (half away from zero). */
async function spend(db: string, from: string, to: string, amount: number): Promise<{ total: string; days: string; share: string }> {
  const [row] = await sqlRows(db, `SELECT sum(BilledCost) AS total, count(DISTINCT CAST(ChargePeriodStart AS DATE)) AS days,
      CAST(round(sum(BilledCost) * 100 / ${amount}, 1) AS DOUBLE) AS share
    FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}'`);
  return { total: row.total!, days: row.days!, share: row.share! };
}

/** The card's row of a budget, and its Share cell (the fourth). */
function rowOf(html: string, name: string): { row: string; share: string } {
  const card = /id="budget-status">([^]*?)<\/section>/.exec(html)![1];
  const row = new RegExp(`<tr data-budget="${name}"[^]*?</tr>`).exec(card)![0];
  return { row, share: [...row.matchAll(/<td[^>]*>[^]*?<\/td>/g)][3][0] };
}

describe('the Overview\'s budget card: no meter for a budget not judged', () => {
  const { db } = tempStore();
  let app: CostlensApp;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_NOW, config: analysisConfigSchema.parse({ budgets: BUDGETS }) });
  }, 600_000);
  afterAll(() => app?.close());

  it('as of 14 Nov 2026: the annual budget (75 of its 365 days in the store) has no meter, says why, and the note under the table names its days', async () => {
    const html = await (await page(app, '/')).text();
    const year = await spend(db, '2026-01-01', '2026-11-15', 400000);
    expect([year.days, year.share]).toEqual(['75', '21.4']);
    const { row, share } = rowOf(html, 'y');
    expect(row).toContain('class="budget-not-judged"');
    expect(row).not.toContain('<meter');
    expect(share).toBe(`<td data-value="${year.share}" class="not-judged">${year.share}%<br><span class="note">not judged: 1 Jan – 31 Aug 2026 are not in the store</span></td>`);
    expect(/<td data-value="([^"]*)">/.exec(row)![1]).toBe(year.total);
    expect(/<ul class="note" id="budgets-not-judged">([^]*?)<\/ul>/.exec(html)![1].replaceAll('&#39;', "'")).toBe(
      `<li>y: 2026: ${year.days} of its 365 days in the store (1 Sep – 14 Nov 2026); 1 Jan – 31 Aug 2026 are not in the store: the store's billing data begins on 1 Sep 2026, and ${MISSING}.</li>`);
    // The month and the quarter are judged: each keeps its meter of the share, named for screen readers.
    const november = await spend(db, '2026-11-01', '2026-11-15', 40000);
    const q4 = await spend(db, '2026-10-01', '2026-11-15', 100000);
    expect(rowOf(html, 'm').share).toBe(`<td data-value="${november.share}"><meter min="0" max="100" low="80" high="99.9" optimum="0" value="${november.share}" aria-label="m: ${november.share}% of the budget spent"></meter> ${november.share}%</td>`);
    expect(rowOf(html, 'q').share).toBe(`<td data-value="${q4.share}"><meter min="0" max="100" low="80" high="99.9" optimum="0" value="${q4.share}" aria-label="q: ${q4.share}% of the budget spent"></meter> ${q4.share}%</td>`);
    expect([november.share, q4.share]).toEqual(['42.3', '52.1']);
  });

  it('as of 20 Sep 2026: the quarter (1 Jul – 31 Aug not in the store) is not judged either, and both notes are listed', async () => {
    const html = await (await page(app, '/?as_of=2026-09-20')).text();
    const q3 = await spend(db, '2026-07-01', '2026-09-21', 100000);
    const { row, share } = rowOf(html, 'q');
    expect(row).not.toContain('<meter');
    expect(share).toBe(`<td data-value="${q3.share}" class="not-judged">${q3.share}%<br><span class="note">not judged: 1 Jul – 31 Aug 2026 are not in the store</span></td>`);
    const notes = [.../<ul class="note" id="budgets-not-judged">([^]*?)<\/ul>/.exec(html)![1].matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1].replaceAll('&#39;', "'"));
    expect(notes).toEqual([
      `y: 2026: ${q3.days} of its 365 days in the store (1–20 Sep 2026); 1 Jan – 31 Aug 2026 are not in the store: the store's billing data begins on 1 Sep 2026, and ${MISSING}.`,
      `q: 2026-Q3: ${q3.days} of its 92 days in the store (1–20 Sep 2026); 1 Jul – 31 Aug 2026 are not in the store: the store's billing data begins on 1 Sep 2026, and ${MISSING}.`,
    ]);
    expect(q3.days).toBe('20');
    expect(rowOf(html, 'm').row).toContain('<meter');
  });
});

describeWithChromium('the budget card in Chromium: what a screen reader is given for a budget not judged', () => {
  const demo = inject('demoDir');
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const store = await demoStore(demo, ['cur2']);
    const configPath = join(store.dir, 'budgets.config.yaml');
    writeFileSync(configPath, `${demoConfigYaml(demo)}budgets:\n  - name: m\n    amount: 40000\n  - name: y\n    amount: 400000\n    period: annual\n`);
    server = await startServer({ storePath: store.db, host: '127.0.0.1', port: 0, clock: () => DEMO_NOW, config: loadConfig(configPath, {}, store.dir) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('no meter in the row\'s accessibility tree, the reason read in the Share cell; the judged month\'s meter is there; no axe violation', async () => {
    const { page: tab, problems } = await watchedPage(browser.context);
    await tab.goto(`${server.url}/`);
    const year = await tab.locator('tr[data-budget="y"]').ariaSnapshot();
    expect(year).not.toContain('meter');
    expect(year).toContain('cell "21.4% not judged: 1 Jan – 31 Aug 2026 are not in the store"');
    expect(await tab.locator('tr[data-budget="m"]').ariaSnapshot()).toContain('meter "m: 42.3% of the budget spent"');
    expect(await axeViolations(tab)).toEqual([]);
    expect(problems).toEqual([]);
    await tab.close();
  }, 120_000);
});
