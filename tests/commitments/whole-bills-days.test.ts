/**
 * The days `costlens commitments` covers on a store of whole monthly bills, which has no data
 * horizon (README, "Time"): the real Oct and Nov 2018 CURs at monthly time granularity
 * (tests/helpers/monthly-store-fixture.ts), and the same with November's InvoiceId removed
 * (tests/helpers/monthly-store-not-invoiced.ts). `--period 2018-11` on the latter said "1–30 Nov
 * 2018, after the data horizon: no day of it is complete yet" and then gave November's full
 * figures; an open range said "to the data horizon; lines dated up to 1 Nov 2018 are counted too".
 * Now the bills are named as the store holds them ("Nov 2018, not invoiced yet, so it may still
 * change", "to the latest bill in the store"). The note under the headline was explain's "so only
 * whole monthly bills compare", which says nothing of commitments: it says how commitments read the
 * bills. Unused commitment cost: DuckDB on the monthly files' RI fee lines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { monthlyStore, unusedRiCost } from '../helpers/monthly-store-fixture.ts';
import { monthlyStoreNovNotInvoiced } from '../helpers/monthly-store-not-invoiced.ts';

const NOTE = 'The store holds no daily usage: its CUR is monthly, every usage line spanning its month, so commitments are read bill by bill: '
  + 'utilisation and coverage over each whole monthly bill, expiry counted from the end of the last complete bill';
const NOV_OPEN = 'Nov 2018, not invoiced yet, so it may still change';

/** `costlens commitments ARGS --format json` on `db`: its report. */
async function report(db: string, ...args: string[]) {
  const run = await costlens(db, 'commitments', ...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('commitments on whole monthly bills name the bills, not a data horizon', () => {
  let open: { db: string; oct: string; nov: string };
  let whole: { db: string; oct: string; nov: string };

  beforeAll(async () => {
    [open, whole] = [await monthlyStoreNovNotInvoiced(), await monthlyStore()];
  }, 300_000);

  it('--period 2018-11, the latest bill not invoiced yet: "Nov 2018, not invoiced yet" (it said "after the data horizon: no day of it is complete yet"), its figures the bill\'s', async () => {
    const r = await report(open.db, '--period', '2018-11');
    expect(r.days).toEqual({ first: '2018-11-01', last: '2018-11-30', count: 30, complete: false, description: NOV_OPEN });
    expect([r.unusedCost, r.horizon, r.wholeBills]).toEqual([await unusedRiCost(open.nov), '2018-10-31', NOTE]);
    expect(r.unusedCost).toBe('43.2164383600');
    const table = await costlens(open.db, 'commitments', '--period', '2018-11');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n').slice(0, 2)).toEqual([
      `Commitments 2018-11 (${NOV_OPEN}; complete bills through Oct 2018): 9 Reserved Instances, 0 Savings Plans`,
      `  ${NOTE}`,
    ]);
    expect(table.stdout).not.toContain('data horizon');
  });

  it('a range over both bills names November not invoiced yet; an open range runs to the latest bill (it said "to the data horizon")', async () => {
    const both = await report(open.db, '--from', '2018-10-01', '--to', '2018-12-01');
    expect(both.days).toEqual({ first: '2018-10-01', last: '2018-11-30', count: 61, complete: false, description: `1 Oct – 30 Nov 2018; ${NOV_OPEN}` });
    expect(both.unusedCost).toBe(await unusedRiCost(open.oct, open.nov));
    expect(both.unusedCost).toBe('92.2119991500'); // 43.2164383600 of November and 48.9955607900 of October
    const openEnd = await report(open.db, '--from', '2018-10-01');
    expect([openEnd.days.description, openEnd.unusedCost]).toEqual([`1 Oct – 30 Nov 2018, to the latest bill in the store; ${NOV_OPEN}`, both.unusedCost]);
    const invoiced = await report(whole.db, '--from', '2018-10-01');
    expect(invoiced.days).toEqual({ first: '2018-10-01', last: '2018-11-30', count: 61, complete: true, description: '1 Oct – 30 Nov 2018, to the latest bill in the store' });
    expect(invoiced.unusedCost).toBe(await unusedRiCost(whole.oct, whole.nov));
  });

  it('a complete bill is said complete; days before the store\'s first bill are named; the note is commitments\' own, explain keeps its own', async () => {
    const october = await report(open.db);
    expect([october.period, october.days.description, october.days.complete, october.unusedCost]).toEqual(['2018-10', '1–31 Oct 2018, complete', true, await unusedRiCost(open.oct)]);
    const before = await report(whole.db, '--from', '2018-09-01', '--to', '2018-11-01');
    expect([before.days.first, before.days.count, before.days.complete, before.days.description])
      .toEqual(['2018-10-01', 31, false, "1–31 Oct 2018; 1–30 Sep 2018 are not in the store (the store's billing data begins on 1 Oct 2018)"]);
    expect(before.unusedCost).toBe(await unusedRiCost(whole.oct));
    expect(october.wholeBills).not.toContain('only whole monthly bills compare');
    const explain = await costlens(whole.db, 'explain', '--from', '2018-10', '--to', '2018-11', '--format', 'json');
    expect(explain.code, explain.stderr).toBe(0);
    expect(JSON.parse(explain.stdout).wholeBills).toContain('so only whole monthly bills compare');
  });
});
