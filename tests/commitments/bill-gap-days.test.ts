/**
 * The days `costlens commitments` counts on a store of whole monthly bills with a month missing
 * between two bills (the real October 2018 CUR at monthly time granularity and the November one
 * re-dated to December, as tests/commitments/missing-bill-month.test.ts builds it): as on a daily
 * store (tests/commitments/gap-days-daily-store.test.ts), the missing month is not counted, `first`
 * and `last` are days a bill holds, and `days.notInStore` gives its days, runs and why. bill-days.ts
 * counted every day from the range's first held day to its last (92 for 1 Oct – 31 Dec 2018; 62 now),
 * gave `first: 2018-11-01` to a range beginning in November, and had no `notInStore`. Nothing on this
 * path is computed per day (utilisation and coverage are whole bills', the purchase advice is not
 * read): the figures are the held bills' (DuckDB on the files' RI fee lines).
 * Stores of monthly bills without a missing month print what they did; a range reaching outside
 * their bills, whose days the text already named as not in the store, gains `notInStore` in the JSON.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { coveredDays } from '../../src/analyze/commitments/index.ts';
import { costlens } from '../helpers/cli.ts';
import { monthlyStore, unusedRiCost } from '../helpers/monthly-store-fixture.ts';
import { monthlyStoreNovNotInvoiced } from '../helpers/monthly-store-not-invoiced.ts';
import { monthlyStoreWithoutNovember } from '../helpers/stores-without-november.ts';

const WHY = 'the store holds no billing data on 1–30 Nov 2018';
const NOVEMBER = { days: 30, runs: [{ first: '2018-11-01', last: '2018-11-30' }], why: WHY };
const NOVEMBER_MISSING = `1–30 Nov 2018 are not in the store (${WHY})`;

/** `costlens commitments ARGS --format json` on `db`: its report (stderr names the default period when none is given). */
async function report(db: string, ...args: string[]) {
  const run = await costlens(db, 'commitments', ...args, '--format', 'json');
  expect([run.code, args.length ? run.stderr : '']).toEqual([0, '']);
  return JSON.parse(run.stdout);
}

describe('commitments on monthly bills without November count the days the bills hold', () => {
  let db: string;
  let oct: string;
  let december: string;

  beforeAll(async () => {
    ({ db, oct, december } = await monthlyStoreWithoutNovember());
  }, 300_000);

  it('1 Oct – 31 Dec 2018: 62 days (it counted 92), November in notInStore, the headline as before, the figures both bills\'', async () => {
    const description = `1 Oct – 31 Dec 2018; ${NOVEMBER_MISSING}`;
    const r = await report(db, '--from', '2018-10-01', '--to', '2019-01-01');
    expect(r.days).toEqual({ first: '2018-10-01', last: '2018-12-31', count: 31 + 31, complete: false, description, notInStore: NOVEMBER });
    expect(r.unusedCost).toBe(await unusedRiCost(oct, december));
    expect(r.unusedCost).toBe('92.2119991500');
    expect([r.advice.hours, r.advice.hoursSource]).toEqual([0, 'not read']);
    const table = await costlens(db, 'commitments', '--from', '2018-10-01', '--to', '2019-01-01');
    expect(table.stdout.split('\n')[0]).toBe(`Commitments 2018-10-01/2019-01-01 (${description}; complete bills through Dec 2018): 9 Reserved Instances, 0 Savings Plans`);
    expect((await report(db, '--from', '2018-10-01')).days).toEqual({
      first: '2018-10-01', last: '2018-12-31', count: 62, complete: false, description: `1 Oct – 31 Dec 2018, to the latest bill in the store; ${NOVEMBER_MISSING}`, notInStore: NOVEMBER,
    });
  });

  it('a range beginning or ending in November runs from or to a billed day (it said "1 Nov – 31 Dec 2018", 61 days, and "1 Oct – 30 Nov 2018", 61)', async () => {
    const fromNovember = await report(db, '--from', '2018-11-01', '--to', '2019-01-01');
    expect(fromNovember.days).toEqual({ first: '2018-12-01', last: '2018-12-31', count: 31, complete: false, description: `1–31 Dec 2018; ${NOVEMBER_MISSING}`, notInStore: NOVEMBER });
    expect(fromNovember.unusedCost).toBe(await unusedRiCost(december));
    expect((await report(db, '--from', '2018-11-01')).days).toEqual({
      first: '2018-12-01', last: '2018-12-31', count: 31, complete: false, description: `1–31 Dec 2018, to the latest bill in the store; ${NOVEMBER_MISSING}`, notInStore: NOVEMBER,
    });
    const toNovember = await report(db, '--from', '2018-10-01', '--to', '2018-12-01');
    expect(toNovember.days).toEqual({ first: '2018-10-01', last: '2018-10-31', count: 31, complete: false, description: `1–31 Oct 2018; ${NOVEMBER_MISSING}`, notInStore: NOVEMBER });
    expect(toNovember.unusedCost).toBe(await unusedRiCost(oct));
  });

  it('November alone holds no billed day: refused by the command; coveredDays gives no day, as on a daily store', async () => {
    const run = await costlens(db, 'commitments', '--period', '2018-11');
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([2, `costlens: --period 2018-11 (1–30 Nov 2018) is not in the store: ${WHY}`]);
    const bills = { kind: 'monthly' as const, holds: '', reason: '', periods: ['2018-10', '2018-12'], incomplete: null };
    expect(coveredDays({ billingFrom: '2018-11-01', billingTo: '2018-12-01' }, '2018-12-31', { firstDay: '2018-10-01', bills })).toEqual({
      first: null, last: null, count: 0, complete: false, description: NOVEMBER_MISSING, notInStore: NOVEMBER,
    });
  });
});

describe('stores of monthly bills without a missing month print what they did', () => {
  it('Oct + Nov 2018, invoiced and with November not invoiced: the same days, headlines and no notInStore for every selection inside the bills', async () => {
    const [whole, open] = [(await monthlyStore()).db, (await monthlyStoreNovNotInvoiced()).db];
    const october = { first: '2018-10-01', last: '2018-10-31', count: 31, complete: true, description: '1–31 Oct 2018, complete' };
    const openNov = 'Nov 2018, not invoiced yet, so it may still change';
    for (const [db, args, days] of [
      [whole, [], { first: '2018-11-01', last: '2018-11-30', count: 30, complete: true, description: '1–30 Nov 2018, complete' }],
      [whole, ['--period', '2018-10'], october],
      [whole, ['--from', '2018-10-01'], { first: '2018-10-01', last: '2018-11-30', count: 61, complete: true, description: '1 Oct – 30 Nov 2018, to the latest bill in the store' }],
      [whole, ['--from', '2018-10-01', '--to', '2018-12-01'], { first: '2018-10-01', last: '2018-11-30', count: 61, complete: true, description: '1 Oct – 30 Nov 2018' }],
      [open, [], october],
      [open, ['--period', '2018-11'], { first: '2018-11-01', last: '2018-11-30', count: 30, complete: false, description: openNov }],
      [open, ['--from', '2018-10-01', '--to', '2018-12-01'], { first: '2018-10-01', last: '2018-11-30', count: 61, complete: false, description: `1 Oct – 30 Nov 2018; ${openNov}` }],
    ] as const) {
      expect((await report(db, ...args)).days).toEqual(days);
    }
    const table = await costlens(whole, 'commitments', '--from', '2018-10-01');
    expect(table.stdout.split('\n')[0]).toBe('Commitments 2018-10-01/… (1 Oct – 30 Nov 2018, to the latest bill in the store; complete bills through Nov 2018): 9 Reserved Instances, 0 Savings Plans');
  }, 300_000);

  it('a range reaching outside the bills: the text and count as before, its days not in the store now in notInStore too', async () => {
    const { db } = await monthlyStore();
    const september = "1–30 Sep 2018 are not in the store (the store's billing data begins on 1 Oct 2018)";
    expect((await report(db, '--from', '2018-09-01', '--to', '2018-11-01')).days).toEqual({
      first: '2018-10-01', last: '2018-10-31', count: 31, complete: false, description: `1–31 Oct 2018; ${september}`,
      notInStore: { days: 30, runs: [{ first: '2018-09-01', last: '2018-09-30' }], why: "the store's billing data begins on 1 Oct 2018" },
    });
    const december = "1–31 Dec 2018 are not in the store (the store's billing data ends on 30 Nov 2018)";
    expect((await report(db, '--from', '2018-10-01', '--to', '2019-01-01')).days).toEqual({
      first: '2018-10-01', last: '2018-11-30', count: 61, complete: false, description: `1 Oct – 30 Nov 2018; ${december}`,
      notInStore: { days: 31, runs: [{ first: '2018-12-01', last: '2018-12-31' }], why: "the store's billing data ends on 30 Nov 2018" },
    });
    const table = await costlens(db, 'commitments', '--from', '2018-09-01', '--to', '2018-11-01');
    expect(table.stdout.split('\n')[0]).toBe(`Commitments 2018-09-01/2018-11-01 (1–31 Oct 2018; ${september}; complete bills through Nov 2018): 9 Reserved Instances, 0 Savings Plans`);
  });
});
