/**
 * The days `costlens commitments` covers on a store of whole monthly bills with a month missing
 * between two bills: the real October 2018 CUR at monthly time granularity and the November one
 * re-dated to December (tests/helpers/monthly-store-fixture.ts), no November. bill-days.ts took the
 * bills for one run of months: `--from 2018-10-01 --to 2019-01-01` said "1 Oct – 31 Dec 2018",
 * complete, over 92 days, as if November were in the store; now it names the missing month as the
 * daily path names the days before the store's data ("…; 1–30 Nov 2018 are not in the store (the
 * store holds no billing data on 1–30 Nov 2018)"), counts the 62 days the bills hold
 * (31 of October, 31 of December; it counted 92) and gives them in `days.notInStore`, as the daily
 * path does (tests/commitments/bill-gap-days.test.ts has the rest).
 *
 * And the days of the daily path come from src/lib/store-days.ts alone: days.ts no longer imports
 * forecast's daysBeforeStoreData (the wording is the same: tests/commitments/covered-days-store-edges.test.ts).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { coveredDays } from '../../src/analyze/commitments/index.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { monthlyCurFiles } from '../helpers/monthly-store-fixture.ts';
import { monthlyStoreWithoutNovember } from '../helpers/stores-without-november.ts';

const NOVEMBER_MISSING = '1–30 Nov 2018 are not in the store (the store holds no billing data on 1–30 Nov 2018)';

async function report(db: string, ...args: string[]) {
  const run = await costlens(db, 'commitments', ...args, '--format', 'json');
  expect([run.code, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout);
}

describe('commitments on whole monthly bills name a month missing between two bills', () => {
  let db: string;
  let december: string;

  beforeAll(async () => {
    ({ db, december } = await monthlyStoreWithoutNovember());
  }, 300_000);

  it('the store holds the October and December bills (DuckDB on the files)', async () => {
    const periods = await duckdbRows(`SELECT DISTINCT strftime(bill_billing_period_start_date, '%Y-%m') AS period FROM read_parquet([$oct, $dec]) ORDER BY 1`,
      { oct: (await monthlyCurFiles()).oct, dec: december });
    expect(periods.map((p) => p.period)).toEqual(['2018-10', '2018-12']);
  });

  it('--from 2018-10-01 --to 2019-01-01 names November as not in the store, not complete, and counts 62 days (it said "1 Oct – 31 Dec 2018", complete, 92 days)', async () => {
    const r = await report(db, '--from', '2018-10-01', '--to', '2019-01-01');
    expect(r.days).toEqual({
      first: '2018-10-01', last: '2018-12-31', count: 31 + 31, complete: false, description: `1 Oct – 31 Dec 2018; ${NOVEMBER_MISSING}`,
      notInStore: { days: 30, runs: [{ first: '2018-11-01', last: '2018-11-30' }], why: 'the store holds no billing data on 1–30 Nov 2018' },
    });
    expect(r.commitments.map((c: { periods: string[] }) => c.periods.join(' ')).sort()[0]).toBe('2018-10 2018-12');
  });

  it('an open range from October names it too, and a range of one bill does not', async () => {
    expect((await report(db, '--from', '2018-10-01')).days.description).toBe(`1 Oct – 31 Dec 2018, to the latest bill in the store; ${NOVEMBER_MISSING}`);
    expect((await report(db, '--from', '2018-12-01', '--to', '2019-01-01')).days).toMatchObject({ complete: true, description: '1–31 Dec 2018' });
    expect((await report(db, '--period', '2018-10')).days).toMatchObject({ complete: true, description: '1–31 Oct 2018, complete' });
  });
});

describe('the daily path\'s days before the store\'s data', () => {
  it('come from lib/store-days.ts (daysNotInStore), not forecast', () => {
    const source = readFileSync(new URL('../../src/analyze/commitments/days.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from '\.\.\/forecast\//);
    expect(coveredDays({ billingFrom: '2018-11-01', billingTo: '2018-12-01' }, '2018-11-30', { firstDay: '2018-11-10' })).toEqual({
      first: '2018-11-10', last: '2018-11-30', count: 21, complete: true,
      description: "10–30 Nov 2018, complete; 1–9 Nov 2018 are not in the store (the store's billing data begins on 10 Nov 2018)",
      notInStore: { days: 9, runs: [{ first: '2018-11-01', last: '2018-11-09' }], why: "the store's billing data begins on 10 Nov 2018" },
    });
  });
});
