/**
 * `costlens budgets` on a store without daily usage. It refused such a store (exit 5, "budgets judge
 * actual spend as of a complete day … so they need a daily or hourly CUR"); finance users of a
 * monthly CUR still want to know whether each complete month (quarter, year) was over or under its
 * budget. Now a period is judged on its whole monthly bills once every one of them is complete: the
 * actual is the bills' spend in scope in the budget's measure, to the unit (restated here by SQL on
 * the store's line items of those billing periods, and by `costlens invoice`); there is no forecast
 * ("no forecast: the store holds no daily usage"); a period with a bill not in the store (2018-Q4
 * without December, 2018 without January to September) or not complete yet (a November not invoiced)
 * is not judged, naming those bills. By default the period judged is the last complete bill's.
 * Stores: the real Oct and Nov 2018 CURs at monthly time granularity (tests/helpers/monthly-store-fixture.ts),
 * and their RI fee lines with November's InvoiceId removed (tests/helpers/monthly-store-not-invoiced.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { fileSums, monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { riFeeStoreNovNotInvoiced } from '../helpers/monthly-store-not-invoiced.ts';

const GLUE_NOV = '2005.3829312000';
const RULE = 'and a period is judged on whole monthly bills once every bill of it is complete (a bill missing or not complete is not $0 of spend): no threshold is judged';
const NO_FORECAST = 'no forecast: the store holds no daily usage';
const MONTHLY_NOTE = 'The store holds no daily usage: its CUR is monthly, every usage line spanning its month, so budgets judge whole monthly bills: a period once every bill of it is complete, its actual the bills\' spend in scope, with no forecast.';
const NOV_OPEN = '2018-11 is the latest bill in the store and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';

interface Threshold { id: string; crossed: boolean | null; since: string | null }
interface BudgetJson {
  name: string; periodLabel: string; asOf: string; daysToAsOf: number; daysCounted: number; daysInPeriod: number; complete: boolean; judged: boolean;
  notJudged: string | null; coverage: string | null; notInStore: { days: number; runs: { first: string; last: string }[]; why: string } | null;
  actual: string | null; sharePercent: number | null; forecast: string | null; forecastSharePercent: number | null; forecastBasis: string;
  thresholds: Threshold[]; bills: { period: string; state: string; actual: string | null }[] | null;
}

/** The sum of `measure` over the line items of billing periods [from, to) where `where` holds, as DuckDB prints it. */
async function billSum(db: string, measure: string, from: string, to: string, where = 'true'): Promise<string> {
  const [row] = await sqlRows(db, `SELECT sum(${measure}) AS total FROM line_items
    WHERE BillingPeriodStart >= TIMESTAMP '${from}' AND BillingPeriodStart < TIMESTAMP '${to}' AND ${where}`);
  return row.total!;
}

function configFile(budgets: unknown): string {
  const path = join(tempStore().dir, 'costlens.config.json');
  writeFileSync(path, JSON.stringify({ budgets }));
  return path;
}

async function budgetsOf(db: string, config: string, ...args: string[]): Promise<{ asOf: string; asOfReason: string; wholeBills: string | null; byName: Map<string, BudgetJson> }> {
  const run = await costlens(db, 'budgets', '--config', config, '--format', 'json', ...args);
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout);
  return { ...report, byName: new Map((report.budgets as BudgetJson[]).map((b) => [b.name, b])) };
}

const idsOf = (b: BudgetJson) => b.thresholds.map((t) => [t.id, t.crossed, t.since]);

describe('budgets on a monthly CUR (the real Oct and Nov 2018 bills, every usage line spanning its month)', () => {
  let db: string;
  let files: { oct: string; nov: string };
  let config: string;

  beforeAll(async () => {
    ({ db, ...files } = await monthlyStore());
    config = configFile([
      { name: 'all', amount: 3000 },
      { name: 'glue', amount: '2005.38', scope: { services: ['AWS Glue'] }, thresholds: [{ percent: 100 }] },
      { name: 'glue-cent-more', amount: '2005.39', scope: { services: ['AWS Glue'] }, thresholds: [{ percent: 100 }] },
      { name: 'small', amount: 100, cost: 'effective', scope: { accounts: ['011254002932'] } },
      { name: 'net', amount: 4000, cost: 'net', thresholds: [{ percent: 90 }] },
      { name: 'q', amount: 10000, period: 'quarterly' },
      { name: 'y', amount: 50000, period: 'annual', thresholds: [{ percent: 10 }] },
    ]);
  }, 300_000);

  it('judges the last complete bill\'s month (Nov 2018): the actual is its bill in scope to the unit, thresholds crossed since its last day, no forecast', async () => {
    const { asOf, asOfReason, wholeBills, byName } = await budgetsOf(db, config);
    expect([asOf, asOfReason, wholeBills]).toEqual(['2018-11-30', 'the last day of Nov 2018, the last complete bill', MONTHLY_NOTE.slice(0, -1)]);
    const all = byName.get('all')!;
    expect(all.actual).toBe(await billSum(db, 'BilledCost', '2018-11-01', '2018-12-01'));
    expect(all.actual).toBe((await fileSums([files.nov]))['2018-11'].billed);
    expect([all.periodLabel, all.asOf, all.daysToAsOf, all.daysCounted, all.daysInPeriod, all.complete, all.judged, all.notJudged, all.coverage, all.notInStore])
      .toEqual(['2018-11', '2018-11-30', 30, 30, 30, true, true, null, null, null]);
    expect([all.sharePercent, all.forecast, all.forecastSharePercent, all.forecastBasis]).toEqual([116.8, null, null, NO_FORECAST]);
    expect(idsOf(all)).toEqual([['actual:50', true, '2018-11-30'], ['actual:80', true, '2018-11-30'], ['actual:100', true, '2018-11-30'], ['forecast:100', null, null]]);
    expect(all.bills).toEqual([{ period: '2018-11', state: 'complete', actual: all.actual }]);
    // A scope and a measure: the service's bill, compared with the amount exactly (2005.3829312 is at 2005.38, a cent short of 2005.39).
    const glue = byName.get('glue')!;
    expect([glue.actual, await billSum(db, 'BilledCost', '2018-11-01', '2018-12-01', "ServiceName = 'AWS Glue'")]).toEqual([GLUE_NOV, GLUE_NOV]);
    expect(idsOf(glue)).toEqual([['actual:100', true, '2018-11-30']]);
    expect(idsOf(byName.get('glue-cent-more')!)).toEqual([['actual:100', false, null]]);
    const small = byName.get('small')!;
    expect(small.actual).toBe(await billSum(db, 'EffectiveCost', '2018-11-01', '2018-12-01', "SubAccountId = '011254002932'"));
    expect([small.actual, small.sharePercent, idsOf(small)]).toEqual(['68.9817473337', 69.0, [['actual:50', true, '2018-11-30'], ['actual:80', false, null], ['actual:100', false, null], ['forecast:100', null, null]]]);
    // Net: the net amortised total of `costlens invoice` for the whole bill.
    const invoice = await costlens(db, 'invoice', '--period', '2018-11', '--format', 'json');
    expect(byName.get('net')!.actual).toBe(JSON.parse(invoice.stdout)[0].total.netAmortisedCost);
  });

  it('a quarter and a year missing months are not judged: their actuals are the complete bills\', the missing bills named', async () => {
    const { byName } = await budgetsOf(db, config);
    const [oct, nov] = [await billSum(db, 'BilledCost', '2018-10-01', '2018-11-01'), await billSum(db, 'BilledCost', '2018-11-01', '2018-12-01')];
    const q = byName.get('q')!;
    expect(q.actual).toBe(await billSum(db, 'BilledCost', '2018-10-01', '2018-12-01'));
    expect(q.actual).toBe('7569.8100996647');
    expect([q.periodLabel, q.asOf, q.daysToAsOf, q.daysCounted, q.daysInPeriod, q.complete, q.judged, q.sharePercent, q.forecast, q.forecastBasis])
      .toEqual(['2018-Q4', '2018-11-30', 61, 61, 92, false, false, 75.7, null, NO_FORECAST]);
    expect(q.coverage).toBe('2018-Q4: 2 of its 3 monthly bills counted (Oct – Nov 2018)');
    expect(q.notJudged).toBe(`Dec 2018 is not in the store: the store's bills end with Nov 2018, ${RULE}`);
    expect(q.notInStore).toEqual({ days: 31, runs: [{ first: '2018-12-01', last: '2018-12-31' }], why: "the store's bills end with Nov 2018" });
    expect(q.bills).toEqual([
      { period: '2018-10', state: 'complete', actual: oct }, { period: '2018-11', state: 'complete', actual: nov }, { period: '2018-12', state: 'not in the store', actual: null },
    ]);
    expect(idsOf(q)).toEqual([['actual:50', null, null], ['actual:80', null, null], ['actual:100', null, null], ['forecast:100', null, null]]);
    const y = byName.get('y')!;
    expect([y.actual, y.daysToAsOf, y.daysCounted, y.coverage]).toEqual([q.actual, 334, 61, '2018: 2 of its 12 monthly bills counted (Oct – Nov 2018)']);
    expect(y.notJudged).toBe(`Jan – Sep 2018 and Dec 2018 are not in the store: the store's bills run from Oct 2018 to Nov 2018, ${RULE}`);
    expect(y.notInStore).toEqual({ days: 304, runs: [{ first: '2018-01-01', last: '2018-09-30' }, { first: '2018-12-01', last: '2018-12-31' }], why: "the store's bills run from Oct 2018 to Nov 2018" });
    // 10 % of 50,000 is below the two bills counted: still not said crossed (nor not crossed).
    expect(idsOf(y)).toEqual([['actual:10', null, null]]);
  });

  it('--period 2018-10 judges October\'s bill; the quarter holding it counts October alone, November being after as-of', async () => {
    const { asOf, asOfReason, byName } = await budgetsOf(db, config, '--period', '2018-10');
    expect([asOf, asOfReason]).toEqual(['2018-10-31', 'the last day of 2018-10']);
    const all = byName.get('all')!;
    expect([all.periodLabel, all.judged, all.actual]).toEqual(['2018-10', true, await billSum(db, 'BilledCost', '2018-10-01', '2018-11-01')]);
    expect(idsOf(all).slice(0, 3)).toEqual([['actual:50', true, '2018-10-31'], ['actual:80', true, '2018-10-31'], ['actual:100', true, '2018-10-31']]);
    const q = byName.get('q')!;
    expect([q.actual, q.daysToAsOf, q.daysCounted, q.judged]).toEqual([all.actual, 31, 31, false]);
    expect(q.notJudged).toBe(`Nov 2018 is after as-of (31 Oct 2018); Dec 2018 is not in the store: the store's bills end with Nov 2018, ${RULE}`);
    expect(q.bills!.map((b) => b.state)).toEqual(['complete', 'after as-of', 'not in the store']);
  });

  it('the table and its notes; a period with no bill in the store, or after them, is refused naming the bills held', async () => {
    const run = await costlens(db, 'budgets', '--config', config, '--wide');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Budgets as of 30 Nov 2018, the last day of Nov 2018, the last complete bill');
    expect(lines.find((l) => l.startsWith('all '))!.split(/\s{2,}/)).toEqual(['all', '2018-11', '1/1 bill', 'billed', '$3,000.00', '$3,505.33', '116.8',
      'actual:50 since 2018-11-30; actual:80 since 2018-11-30; actual:100 since 2018-11-30; forecast:100 not judged', 'the whole bill']);
    expect(lines.find((l) => l.startsWith('q '))!.split(/\s{2,}/)).toEqual(['q', '2018-Q4', '2/3 bills', 'billed', '$10,000.00', '$7,569.81', '75.7', 'not judged', 'the whole bill']);
    const notes = run.stdout.slice(run.stdout.indexOf('(7 rows)\n') + '(7 rows)\n'.length).split('\n');
    expect(notes[0]).toBe(MONTHLY_NOTE);
    expect(notes).toContain(`all: ${NO_FORECAST}; forecast:100 is not judged.`);
    expect(notes).toContain(`q: 2018-Q4: 2 of its 3 monthly bills counted (Oct – Nov 2018); Dec 2018 is not in the store: the store's bills end with Nov 2018, ${RULE}.`);
    for (const [period, message, hint] of [
      ['2019-01', "--period 2019-01 starts after the bills in the store (the bills of Oct – Nov 2018; the store holds no daily usage: its CUR is monthly, every usage line spanning its month)",
        'give a period up to 2018-11, or leave --period out for 2018-11, the last complete bill'],
      ['2018-Q3', '--period 2018-Q3 ends before the bills in the store (the bills of Oct – Nov 2018)', 'give a period from 2018-10 on, or ingest the earlier billing files'],
    ]) {
      const refused = await costlens(db, 'budgets', '--config', config, '--period', period);
      expect([refused.code, refused.stdout, refused.stderr]).toEqual([2, '', `costlens: ${message}\n  hint: ${hint}\n`]);
    }
  });
});

describe('budgets on whole bills whose latest (Nov 2018) is not invoiced yet: the real RI fee lines, November\'s InvoiceId removed', () => {
  let db: string;
  let config: string;

  beforeAll(async () => {
    ({ db } = await riFeeStoreNovNotInvoiced());
    config = configFile([{ name: 'ri', amount: 140 }, { name: 'q', amount: 500, period: 'quarterly' }]);
  }, 120_000);

  it('by default judges October, the last complete bill; November alone (--period) is not judged, its actual the bill so far (it was null), saying why', async () => {
    const byDefault = await budgetsOf(db, config);
    expect([byDefault.asOf, byDefault.asOfReason]).toEqual(['2018-10-31', 'the last day of Oct 2018, the last complete bill']);
    const ri = byDefault.byName.get('ri')!;
    expect([ri.periodLabel, ri.judged, ri.actual, ri.sharePercent]).toEqual(['2018-10', true, await billSum(db, 'BilledCost', '2018-10-01', '2018-11-01'), 107.0]);
    expect(ri.actual).toBe('149.7753790000');
    expect(byDefault.byName.get('q')!.notJudged).toBe(`Nov 2018 is not complete: ${NOV_OPEN}; Dec 2018 is not in the store: the store's bills end with Nov 2018, ${RULE}`);
    const november = (await budgetsOf(db, config, '--period', '2018-11')).byName.get('ri')!;
    expect(november.actual).toBe(await billSum(db, 'BilledCost', '2018-11-01', '2018-12-01'));
    expect([november.periodLabel, november.judged, november.complete, november.actual, november.sharePercent, november.daysCounted, november.coverage])
      .toEqual(['2018-11', false, false, '147.3840000000', 105.3, 30, '2018-11: its bill so far, not invoiced yet']);
    expect(november.notJudged).toBe(`Nov 2018 is not complete: ${NOV_OPEN}, ${RULE}`);
    expect(november.bills).toEqual([{ period: '2018-11', state: 'not complete', actual: '147.3840000000' }]);
    expect(idsOf(november).every(([, crossed]) => crossed === null)).toBe(true);
  });
});
