/**
 * The days `costlens commitments` covers on a daily store with a month missing in the middle: the
 * real October 2018 CUR and the real November one re-dated to December, no November. days.ts
 * looked only at the store's first day: `--from 2018-10-01 --to 2019-01-01` said "1 Oct – 29 Dec
 * 2018, not complete (…)", 90 days, as if November were in the store. Now it reads the store's
 * billing-period days (queries/calendar/billing_period_days.sql, with data_horizon, in horizon.ts)
 * and names the gap in lib/store-days.ts's words ("1–30 Nov 2018 are not in the store (the store
 * holds no billing data on 1–30 Nov 2018)"), counting 60 days (31 of October, 29 of
 * December up to the horizon), with `days.notInStore` in the JSON. The purchase advice's look-back
 * (30 Nov – 29 Dec) no longer replays 30 Nov as 24 hours without spend: its 696 hours and its
 * advice are those of the December file alone. Stores without gaps print what they did.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { coveredDays } from '../../src/analyze/commitments/index.ts';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';
import { dailyStoreWithoutNovember } from '../helpers/stores-without-november.ts';

const WHY = 'the store holds no billing data on 1–30 Nov 2018';
const ENDS = 'the data ends on 29 Dec 2018, the data horizon; lines dated up to 30 Dec 2018 are counted too';

async function report(db: string, ...args: string[]) {
  const run = await costlens(db, 'commitments', ...args, '--format', 'json');
  expect([run.code, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout);
}

describe('commitments on a daily store name the month missing between October and December', () => {
  let december: string;
  let db: string;
  /** `commitments --period 2018-12 --format json` on the store, run once: three tests read it (the store is only read). */
  let decemberRun: ReturnType<typeof report> | undefined;
  const decemberReport = () => (decemberRun ??= report(db, '--period', '2018-12'));

  beforeAll(async () => {
    ({ db, december } = await dailyStoreWithoutNovember());
  }, 300_000);

  it('the files hold 1–31 Oct and 1–30 Dec 2018, no November: 60 charge days up to 29 Dec (DuckDB on the files)', async () => {
    expect(await duckdbRows(`SELECT strftime(d, '%Y-%m') AS month, CAST(min(d) AS VARCHAR) AS first, CAST(max(d) AS VARCHAR) AS last, CAST(count(DISTINCT d) AS VARCHAR) AS days
      FROM (SELECT CAST(line_item_usage_start_date AS DATE) AS d FROM read_parquet([$oct, $dec])) GROUP BY 1 ORDER BY 1`, { oct: REAL_OCT_2018, dec: december }))
      .toEqual([{ month: '2018-10', first: '2018-10-01', last: '2018-10-31', days: '31' }, { month: '2018-12', first: '2018-12-01', last: '2018-12-30', days: '30' }]);
  });

  it('--from 2018-10-01 --to 2019-01-01 names November and counts 60 days (it said 90 and nothing of November)', async () => {
    const description = `1 Oct – 29 Dec 2018, not complete (${ENDS}): the range runs to 31 Dec 2018; 1–30 Nov 2018 are not in the store (${WHY})`;
    expect((await report(db, '--from', '2018-10-01', '--to', '2019-01-01')).days).toEqual({
      first: '2018-10-01', last: '2018-12-29', count: 31 + 29, complete: false, description,
      notInStore: { days: 30, runs: [{ first: '2018-11-01', last: '2018-11-30' }], why: WHY },
    });
    const table = await costlens(db, 'commitments', '--from', '2018-10-01', '--to', '2019-01-01');
    expect(table.stdout.split('\n')[0]).toBe(`Commitments 2018-10-01/2019-01-01 (${description}): 9 Reserved Instances, 0 Savings Plans`);
  });

  it('an open range, and ranges that begin or end inside the gap, name the gap and count the days held', async () => {
    expect((await report(db, '--from', '2018-10-15')).days).toEqual({
      first: '2018-10-15', last: '2018-12-29', count: 17 + 29, complete: true,
      description: `15 Oct – 29 Dec 2018, to the data horizon; lines dated up to 30 Dec 2018 are counted too; 1–30 Nov 2018 are not in the store (${WHY})`,
      notInStore: { days: 30, runs: [{ first: '2018-11-01', last: '2018-11-30' }], why: WHY },
    });
    expect((await report(db, '--from', '2018-10-01', '--to', '2018-11-15')).days).toEqual({
      first: '2018-10-01', last: '2018-10-31', count: 31, complete: true, description: `1–31 Oct 2018; 1–14 Nov 2018 are not in the store (${WHY})`,
      notInStore: { days: 14, runs: [{ first: '2018-11-01', last: '2018-11-14' }], why: WHY },
    });
    expect((await report(db, '--from', '2018-11-10', '--to', '2018-12-11')).days).toEqual({
      first: '2018-12-01', last: '2018-12-10', count: 10, complete: true, description: `1–10 Dec 2018; 10–30 Nov 2018 are not in the store (${WHY})`,
      notInStore: { days: 21, runs: [{ first: '2018-11-10', last: '2018-11-30' }], why: WHY },
    });
  });

  it('a period the store holds whole is told as before: --period 2018-10 and 2018-12', async () => {
    const october = await report(db, '--period', '2018-10');
    expect(october.days).toEqual({ first: '2018-10-01', last: '2018-10-31', count: 31, complete: true, description: '1–31 Oct 2018, complete' });
    expect((await decemberReport()).days).toEqual({
      first: '2018-12-01', last: '2018-12-29', count: 29, complete: false, description: `1–29 Dec 2018, not complete (${ENDS})`,
    });
  });

  it('the advice leaves 30 Nov out of its look-back: 696 hours, the advice of the December file alone (it replayed 720)', async () => {
    const withOctober = (await decemberReport()).advice;
    const alone = await report(await cachedStore([[december]]), '--period', '2018-12');
    expect(withOctober).toEqual({
      ...alone.advice, lookbackFrom: '2018-11-30', hours: 29 * 24,
      notes: [`30 Nov 2018 is not in the store (${WHY}): its hours are left out of the look-back`],
    });
    expect(alone.advice).toMatchObject({ lookbackFrom: '2018-12-01', lookbackTo: '2018-12-30', hours: 696, notes: [] });
    expect((await decemberReport()).recommendations).toEqual(alone.recommendations);
  });

  it('coveredDays takes the gaps: one day missing inside a range, and a range of only missing days', () => {
    const store = { firstDay: '2026-10-01', gaps: [{ first: '2026-10-05', last: '2026-10-05' }] };
    expect(coveredDays({ chargeFrom: '2026-10-01', chargeTo: '2026-10-08' }, '2026-10-20', store)).toEqual({
      first: '2026-10-01', last: '2026-10-07', count: 6, complete: true,
      description: '1–7 Oct 2026; 5 Oct 2026 is not in the store (the store holds no billing data on 5 Oct 2026)',
      notInStore: { days: 1, runs: [{ first: '2026-10-05', last: '2026-10-05' }], why: 'the store holds no billing data on 5 Oct 2026' },
    });
    expect(coveredDays({ chargeFrom: '2026-10-05', chargeTo: '2026-10-06' }, '2026-10-20', store)).toMatchObject({
      first: null, last: null, count: 0, description: '5 Oct 2026 is not in the store (the store holds no billing data on 5 Oct 2026)',
    });
  });
});

describe('stores without gaps print what they did', () => {
  it('the real October and November 2018 CURs: the default, each period and a range past the horizon', async () => {
    const db = await cachedStore([[REAL_OCT_2018], [REAL_NOV_2018]]);
    const november = { first: '2018-11-01', last: '2018-11-30', count: 30, complete: true, description: '1–30 Nov 2018, complete' };
    for (const [args, days] of [
      [[], november],
      [['--period', '2018-11'], november],
      [['--period', '2018-10'], { first: '2018-10-01', last: '2018-10-31', count: 31, complete: true, description: '1–31 Oct 2018, complete' }],
      [['--from', '2018-10-01', '--to', '2019-01-01'], {
        first: '2018-10-01', last: '2018-11-30', count: 61, complete: false,
        description: '1 Oct – 30 Nov 2018, not complete (the data ends on 30 Nov 2018, the data horizon): the range runs to 31 Dec 2018',
      }],
      [['--from', '2018-10-15'], { first: '2018-10-15', last: '2018-11-30', count: 47, complete: true, description: '15 Oct – 30 Nov 2018, to the data horizon' }],
    ] as const) {
      const r = await (args.length ? report(db, ...args) : costlens(db, 'commitments', '--format', 'json').then((run) => JSON.parse(run.stdout)));
      expect(r.days).toEqual(days);
      expect([r.advice.hours, r.advice.notes]).toEqual([720, []]);
    }
  }, 300_000);

  it('the demo: the default (Oct 2026) and an open range', async () => {
    const db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const october = await costlens(db, 'commitments', '--format', 'json');
    expect(JSON.parse(october.stdout).days).toEqual({ first: '2026-10-01', last: '2026-10-31', count: 31, complete: true, description: '1–31 Oct 2026, complete' });
    const open = await report(db, '--from', '2026-09-10');
    expect(open.days).toEqual({ first: '2026-09-10', last: '2026-11-14', count: 66, complete: true, description: '10 Sep – 14 Nov 2026, to the data horizon' });
    expect([open.advice.hours, open.advice.notes]).toEqual([720, []]);
  }, 300_000);
});
