/**
 * Budgets on a store of whole monthly bills whose latest bill is not invoiced yet: the real Oct and
 * Nov 2018 CURs at monthly time granularity, November's InvoiceId removed
 * (tests/helpers/monthly-store-not-invoiced.ts). `budgets --period 2018-11` showed `0/30` days and
 * no actual (JSON `actual: null`) though the store holds November's bill: the bill is now shown as
 * it stands so far, marked not invoiced yet, and not judged. On a store of whole bills the table's
 * days column counted days (`61/92`) while its note counted bills (`2 of its 3 monthly bills`): it
 * counts bills (`2/3 bills`), in CSV too, and the JSON says `billsCounted` / `billsInPeriod`. The
 * reasons a period is not judged are given in month order (`Nov 2018 …; Dec 2018 …`; December was
 * named first). Figures: SQL on the store's line items, and DuckDB on the monthly files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisConfigSchema } from '../../src/analyze/config.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { fileSums } from '../helpers/monthly-store-fixture.ts';
import { monthlyStoreNovNotInvoiced } from '../helpers/monthly-store-not-invoiced.ts';
import { appOn, page } from '../server/helpers.ts';

const BUDGETS = [{ name: 'all', amount: 3000 }, { name: 'q', amount: 10000, period: 'quarterly' }, { name: 'y', amount: 50000, period: 'annual' }];
const RULE = 'and a period is judged on whole monthly bills once every bill of it is complete (a bill missing or not complete is not $0 of spend): no threshold is judged';
const NOV_OPEN = 'Nov 2018 is not complete: 2018-11 is the latest bill in the store and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';

interface BudgetJson {
  name: string; periodLabel: string; judged: boolean; complete: boolean; actual: string | null; sharePercent: number | null; daysCounted: number;
  billsCounted: number | null; billsInPeriod: number | null; coverage: string | null; notJudged: string | null;
  thresholds: { crossed: boolean | null }[]; bills: { period: string; state: string; actual: string | null }[];
}

/** The store's BilledCost of the billing periods [from, to), as DuckDB prints the sum. */
async function billed(db: string, from: string, to: string): Promise<string> {
  const [row] = await sqlRows(db, `SELECT sum(BilledCost) AS total FROM line_items WHERE BillingPeriodStart >= TIMESTAMP '${from}' AND BillingPeriodStart < TIMESTAMP '${to}'`);
  return row.total!;
}

describe('budgets on whole bills whose latest, Nov 2018, is not invoiced yet', () => {
  let db: string;
  let files: { oct: string; nov: string };
  const config = join(tempStore().dir, 'costlens.config.json');
  const sums = { oct: '', nov: '', both: '' };

  beforeAll(async () => {
    ({ db, ...files } = await monthlyStoreNovNotInvoiced());
    writeFileSync(config, JSON.stringify({ budgets: BUDGETS }));
    [sums.oct, sums.nov, sums.both] = [await billed(db, '2018-10-01', '2018-11-01'), await billed(db, '2018-11-01', '2018-12-01'), await billed(db, '2018-10-01', '2018-12-01')];
  }, 300_000);

  async function budgets(...args: string[]): Promise<Map<string, BudgetJson>> {
    const run = await costlens(db, 'budgets', '--config', config, '--format', 'json', ...args);
    expect(run.code, run.stderr).toBe(0);
    return new Map((JSON.parse(run.stdout).budgets as BudgetJson[]).map((b) => [b.name, b]));
  }

  it('--period 2018-11 shows November\'s bill so far, not judged (it showed 0/30 days and no actual); the quarter counts October and November so far', async () => {
    const fromFiles = await fileSums([files.oct, files.nov]);
    expect([sums.oct, sums.nov, sums.both]).toEqual([fromFiles['2018-10'].billed, fromFiles['2018-11'].billed, '7569.8100996647']);
    expect(sums.nov).toBe('3505.3269681268');
    const byName = await budgets('--period', '2018-11');
    const all = byName.get('all')!;
    expect([all.periodLabel, all.judged, all.complete, all.actual, all.sharePercent, all.daysCounted, all.billsCounted, all.billsInPeriod])
      .toEqual(['2018-11', false, false, sums.nov, 116.8, 30, 1, 1]);
    expect([all.coverage, all.notJudged]).toEqual(['2018-11: its bill so far, not invoiced yet', `${NOV_OPEN}, ${RULE}`]);
    expect(all.bills).toEqual([{ period: '2018-11', state: 'not complete', actual: sums.nov }]);
    expect(all.thresholds.map((t) => t.crossed)).toEqual([null, null, null, null]);
    const q = byName.get('q')!;
    expect([q.actual, q.sharePercent, q.daysCounted, q.billsCounted, q.billsInPeriod, q.judged]).toEqual([sums.both, 75.7, 61, 2, 3, false]);
    expect(q.coverage).toBe('2018-Q4: 2 of its 3 monthly bills counted (Oct – Nov 2018; Nov 2018 so far, not invoiced yet)');
    expect(q.notJudged).toBe(`${NOV_OPEN}; Dec 2018 is not in the store: the store's bills end with Nov 2018, ${RULE}`);
    expect(q.bills).toEqual([
      { period: '2018-10', state: 'complete', actual: sums.oct }, { period: '2018-11', state: 'not complete', actual: sums.nov }, { period: '2018-12', state: 'not in the store', actual: null },
    ]);
    // The year: its reasons in month order, Jan – Sep before November before December.
    expect(byName.get('y')!.notJudged).toBe(`Jan – Sep 2018 are not in the store: the store's bills begin with Oct 2018; ${NOV_OPEN}; Dec 2018 is not in the store: the store's bills end with Nov 2018, ${RULE}`);
  });

  it('by default (as of October, the last complete bill) November is not counted: the quarter\'s actual is October\'s, its reasons in month order', async () => {
    const q = (await budgets()).get('q')!;
    expect([q.actual, q.daysCounted, q.billsCounted, q.billsInPeriod, q.coverage]).toEqual([sums.oct, 31, 1, 3, '2018-Q4: 1 of its 3 monthly bills counted (Oct 2018)']);
    expect(q.bills.map((b) => [b.state, b.actual])).toEqual([['complete', sums.oct], ['not complete', null], ['not in the store', null]]);
    expect(q.notJudged).toBe(`${NOV_OPEN}; Dec 2018 is not in the store: the store's bills end with Nov 2018, ${RULE}`);
  });

  it('the table and the CSV count bills in the days column, marking the bill not invoiced yet', async () => {
    const table = await costlens(db, 'budgets', '--config', config, '--period', '2018-11', '--wide');
    expect(table.code, table.stderr).toBe(0);
    const row = (name: string) => table.stdout.split('\n').find((l) => l.startsWith(`${name} `))!.split(/\s{2,}/);
    expect(row('all')).toEqual(['all', '2018-11', '1/1 bill, Nov 2018 not invoiced yet', 'billed', '$3,000.00', '$3,505.33', '116.8', 'not judged', 'the whole bill']);
    expect(row('q')).toEqual(['q', '2018-Q4', '2/3 bills, Nov 2018 not invoiced yet', 'billed', '$10,000.00', '$7,569.81', '75.7', 'not judged', 'the whole bill']);
    expect(table.stdout).toContain('all: 2018-11: its bill so far, not invoiced yet; Nov 2018 is not complete: ');
    const csv = await costlens(db, 'budgets', '--config', config, '--period', '2018-11', '--format', 'csv');
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n').join('\n').split('\n').slice(0, 4)).toEqual([
      'budget,period,days,cost,amount,actual,share_pct,forecast,forecast_pct,crossed,scope',
      `all,2018-11,"1/1 bill, Nov 2018 not invoiced yet",billed,3000.00,${sums.nov},116.8,,,not judged,the whole bill`,
      `q,2018-Q4,"2/3 bills, Nov 2018 not invoiced yet",billed,10000.00,${sums.both},75.7,,,not judged,the whole bill`,
      `y,2018,"2/12 bills, Nov 2018 not invoiced yet",billed,50000.00,${sums.both},15.1,,,not judged,the whole bill`,
    ]);
  });

  describe('the Overview\'s budget card as of November', () => {
    let app: CostlensApp;
    beforeAll(() => { app = appOn(db, { config: analysisConfigSchema.parse({ budgets: BUDGETS }) }); });
    afterAll(() => app?.close());

    it('shows November\'s bill so far, labelled not invoiced yet, not judged (it showed – with "0 of 1 bill")', async () => {
      const card = /id="budget-status">([^]*?)<\/section>/.exec(await (await page(app, '/?as_of=2018-11-30')).text())![1];
      const all = /<tr data-budget="all"[^]*?<\/tr>/.exec(card)![0];
      expect(all).toContain('2018-11, 1 of 1 bill, Nov 2018 not invoiced yet · billed · the whole bill');
      expect(/<td data-value="([^"]*)">\$3,505\.33<\/td>/.exec(all)![1]).toBe(sums.nov);
      expect(all).toContain('<td>not judged</td>');
      const q = /<tr data-budget="q"[^]*?<\/tr>/.exec(card)![0];
      expect(q).toContain('2018-Q4, 2 of 3 bills, Nov 2018 not invoiced yet · billed · the whole bill');
      expect(q).toContain('<span class="note">not judged: Nov 2018 not complete; Dec 2018 not in the store</span>');
      expect(card).toContain('the latest as it stands so far, not invoiced yet; a period is judged once every bill of it is complete.');
    });
  });
});
