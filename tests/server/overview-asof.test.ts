/**
 * The Overview as of an earlier day follows that day everywhere, on the demo (usage complete
 * through 14 Nov 2026): as of 10 Oct 2026 its net view counts October's charge days 1–10 Oct (the
 * days of "Every charge class, month to date"), not the whole of October, and says so; the budget
 * card is as of 10 Oct too. Every figure is restated by SQL on line_items over the stated days
 * (charge day: ChargePeriodStart, UTC). And the Overview refuses a parameter it does not take
 * (`?asof=` for `?as_of=`, `?period=`) with a 400 naming it, as Data transfer does.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { analysisConfigSchema } from '../../src/analyze/config.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { sqlRows, tempStore } from '../helpers/cli.ts';
import { appOn, expectSecurityHeaders, page } from './helpers.ts';
import { textOf } from './page-helpers.ts';

const DEMO_TODAY = new Date('2026-11-15T09:00:00Z');

/**
 * Net amortised as README's "The invoice (net view)" defines it, for a bill without net columns
 * (the demo has none, checked below): each line falls back to its gross figure, so RI and Savings
 * Plan lines are at their amortised cost, negations, SP upfront fees and RI upfront fees at 0,
 * everything else at BilledCost.
 */
const NET_WITHOUT_NET_COLUMNS = `CASE
    WHEN x_LineItemType IN ('SavingsPlanCoveredUsage', 'SavingsPlanRecurringFee', 'DiscountedUsage', 'RIFee') THEN EffectiveCost
    WHEN x_LineItemType IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') OR (x_LineItemType = 'Fee' AND x_ReservationArn IS NOT NULL) THEN 0
    ELSE BilledCost END`;

/** The net view's rows: billing period, label, billed, amortised, net amortised (data-value: exact). */
function netViewRows(html: string): string[][] {
  const table = /id="net-view">([^]*?)<\/table>/.exec(html)![1];
  return [...table.matchAll(/<tr data-billing-period="([^"]*)"><td>([^<]*)<\/td>\s*<td data-value="([^"]*)">[^<]*<\/td><td data-value="([^"]*)">[^<]*<\/td><td data-value="([^"]*)">/g)]
    .map((m) => m.slice(1));
}

describe('the Overview as of 10 Oct 2026 on the demo: every card covers the days up to as-of', () => {
  const { db } = tempStore();
  let app: CostlensApp;
  let budgetsApp: CostlensApp;
  let html: string;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_TODAY });
    budgetsApp = appOn(db, { clock: () => DEMO_TODAY, config: analysisConfigSchema.parse({ budgets: [{ name: 'organisation', amount: 40000 }] }) });
    const response = await page(app, '/?as_of=2026-10-10');
    expect(response.status).toBe(200);
    html = await response.text();
  }, 600_000);
  afterAll(() => {
    app?.close();
    budgetsApp?.close();
  });

  it('the net view counts October\'s lines charged 1–10 Oct (billed $13,578.41, not the whole month\'s $35,187.20) and September whole, to the last decimal', async () => {
    const [columns] = await sqlRows(db, `SELECT count(x_NetUnblendedCost) + count(x_SavingsPlanNetEffectiveCost) + count(x_ReservationNetEffectiveCost) AS net_cells FROM line_items`);
    expect(columns.net_cells).toBe('0');
    const sums = await sqlRows(db, `SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, sum(BilledCost) AS billed, sum(EffectiveCost) AS amortised, sum(${NET_WITHOUT_NET_COLUMNS}) AS net
      FROM line_items
      WHERE (BillingPeriodStart = TIMESTAMP '2026-10-01' AND ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-10-11')
         OR (BillingPeriodStart = TIMESTAMP '2026-09-01' AND ChargePeriodStart < TIMESTAMP '2026-10-11')
      GROUP BY 1 ORDER BY 1 DESC`);
    expect(sums.map((s) => s.billed)).toEqual(['13578.4139284138', '33603.8446324883']);
    expect(netViewRows(html)).toEqual([
      ['2026-10', 'Oct 2026 (so far)', sums[0].billed, sums[0].amortised, sums[0].net],
      ['2026-09', 'Sep 2026', sums[1].billed, sums[1].amortised, sums[1].net],
    ]);
    const netView = /id="net-view">([^]*?)<\/section>/.exec(html)![1];
    expect(netView).toContain('<td data-value="13578.4139284138">$13,578.41</td>');
    expect(netView).not.toContain('$35,187.20');
    // The same days as "Every charge class, month to date": its total is the net view's billed, to the last decimal.
    const [all] = await sqlRows(db, `SELECT sum(BilledCost) AS billed FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-10-11'`);
    expect(/<tr data-class="total"><th>Total<\/th><td data-value="([^"]*)">/.exec(html)![1]).toBe(all.billed);
    expect(all.billed).toBe(sums[0].billed);
  });

  it('the net view says which days it covers, and which of them the store does not hold', async () => {
    const days = (body: string) => textOf(/<p class="range" id="net-view-days">([^<]*)<\/p>/.exec(body)![1]);
    expect(days(html)).toBe(
      'Oct 2026 (so far): the lines of its billing period charged 1–10 Oct 2026, the days of “Every charge class, month to date”. Sep 2026: its whole billing period. Nothing charged after 10 Oct 2026 is counted.');
    expect(days(await (await page(app, '/?as_of=2026-11-20')).text())).toBe(
      "Nov 2026 (so far): the lines of its billing period charged 1–20 Nov 2026, the days of “Every charge class, month to date” (15–20 Nov 2026 are not in the store: the store's billing data ends on 14 Nov 2026). Oct 2026: its whole billing period. Nothing charged after 20 Nov 2026 is counted.");
  });

  it('the budget card is as of 10 Oct 2026 too: the whole bill\'s actual is 1–10 Oct\'s BilledCost', async () => {
    const earlier = await (await page(budgetsApp, '/?as_of=2026-10-10')).text();
    const card = /id="budget-status">([^]*?)<\/section>/.exec(earlier)![1];
    expect(card).toContain('<h2>Budgets, as of 10 Oct 2026</h2>');
    const [all] = await sqlRows(db, `SELECT sum(BilledCost) AS billed FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-10-01' AND ChargePeriodStart < TIMESTAMP '2026-10-11'`);
    expect(/<tr data-budget="organisation"[^]*?<td data-value="([^"]*)">([^<]*)<\/td>/.exec(card)!.slice(1)).toEqual([all.billed, '$13,578.41']);
    expect(card).toContain('2026-10, 10 of 31 days');
    expect(textOf(card)).toContain('Actual: spend in scope on the complete days of the period up to 10 Oct 2026 (the as-of day of this page).');
    // Without as_of, as of the data horizon: 1–14 Nov.
    const horizon = /id="budget-status">([^]*?)<\/section>/.exec(await (await page(budgetsApp, '/')).text())![1];
    expect(horizon).toContain('<h2>Budgets, as of 14 Nov 2026</h2>');
    const [november] = await sqlRows(db, `SELECT sum(BilledCost) AS billed FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`);
    expect(/<tr data-budget="organisation"[^]*?<td data-value="([^"]*)">([^<]*)<\/td>/.exec(horizon)!.slice(1)).toEqual([november.billed, '$16,913.28']);
    // Past the horizon the budgets stay as of the horizon, and the card says so.
    const later = textOf(/id="budget-status">([^]*?)<\/section>/.exec(await (await page(budgetsApp, '/?as_of=2026-11-20')).text())![1]);
    expect(later).toContain('Budgets, as of 14 Nov 2026');
    expect(later).toContain('up to 14 Nov 2026 (the data horizon, the last complete day in the store: this page\'s as-of day, 20 Nov 2026, is after it).');
    // Before the store's data: no figures, rather than $0.00 for days it does not hold.
    const before = textOf(/id="budget-status">([^]*?)<\/section>/.exec(await (await page(budgetsApp, '/?as_of=2026-01-10')).text())![1]);
    expect(before.trim()).toBe("Budgets, as of 10 Jan 2026 No budget figures: the store's billing data begins on 1 Sep 2026, and a day not in the store is not a day of no spend (choose an as-of day the store holds).");
  });
});

describe('the Overview refuses a parameter it does not take, as Data transfer does', () => {
  const { db } = tempStore();
  let app: CostlensApp;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => DEMO_TODAY });
  }, 600_000);
  afterAll(() => app?.close());

  it.each([
    ['/?asof=2026-10-10', 'the Overview page takes no parameter &quot;asof&quot; (its parameters: as_of, cost)'],
    ['/?period=2026-10', 'the Overview page takes no parameter &quot;period&quot; (its parameters: as_of, cost)'],
    ['/?as_of=2026-10-10&cost=effective&colour=red', 'the Overview page takes no parameter &quot;colour&quot; (its parameters: as_of, cost)'],
    ['/?cost=amortised', 'cost must be one of billed, effective; got &quot;amortised&quot;'],
    ['/?as_of=2026-10-10&as_of=2026-10-11', '&quot;as_of&quot; is given 2 times; give it once'],
  ])('%s answers 400 with the Overview\'s form and the message', async (path, message) => {
    const response = await page(app, path);
    expect(response.status).toBe(400);
    expectSecurityHeaders(response);
    const body = await response.text();
    expect(body).toContain(message);
    expect(body).toContain('<form class="filters"');
    expect(body).toContain('action="/"');
    expect(body).toMatch(/<input [^>]*type="date" name="as_of"/);
  });

  it('Data transfer answers the same typo the same way', async () => {
    const response = await page(app, '/data-transfer?asof=2026-10-10');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('the Data transfer page takes no parameter &quot;asof&quot; (its parameters: as_of, cost)');
  });

  it('the parameters it takes still work, an empty as_of (a form\'s "none") counting as absent', async () => {
    for (const path of ['/', '/?as_of=2026-10-10&cost=effective', '/?as_of=&cost=billed']) expect((await page(app, path)).status, path).toBe(200);
    expect(await (await page(app, '/?as_of=')).text()).toContain('As of 14 Nov 2026, the last complete day in the store');
  });
});
