/**
 * The days `costlens commitments` says its figures cover, at the store's two edges (README,
 * "Commitments"):
 * - a store whose data begins on 10 Nov 2018 (the real November CUR from the 10th,
 *   tests/helpers/derived-files.ts): `--period 2018-11` said "1–30 Nov 2018, complete" and counted
 *   30 days, though the store holds none of 1–9 Nov. Now it names the days the store holds and the
 *   ones it does not, as `forecast` and the weekly e-mail do (forecast's daysBeforeStoreData);
 * - a store cut at 20 Nov 2018 12:00 (data horizon 19 Nov): a charge range reaching past the horizon
 *   counts the lines of 20 Nov, but said only that the data ends on 19 Nov; now it says they are
 *   counted, in the billing period's words. The hours they add are summed by DuckDB on the file.
 */
import { describe, expect, it } from 'vitest';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { useNovemberEdgeStores } from '../helpers/november-edge-stores.ts';

const BEFORE = "the store's billing data begins on 10 Nov 2018";
/** `days.notInStore` of days from `first` to 9 Nov 2018, before the store's data. */
const beforeData = (first: string, days: number) => ({ days, runs: [{ first, last: '2018-11-09' }], why: BEFORE });
const ENDS = 'the data ends on 19 Nov 2018, the data horizon; lines dated up to 20 Nov 2018 are counted too';

/** `costlens commitments ARGS --format json` on `db`: its report. */
async function report(db: string, ...args: string[]) {
  const run = await costlens(db, 'commitments', ...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('commitments names the days of the store its figures cover', () => {
  const edges = useNovemberEdgeStores();

  it('the file from the 10th holds 21 charge days, 10–30 Nov 2018 (DuckDB on the file)', async () => {
    expect(await duckdbRows(`SELECT CAST(min(d) AS VARCHAR) AS first, CAST(max(d) AS VARCHAR) AS last, CAST(count(DISTINCT d) AS VARCHAR) AS days
      FROM (SELECT CAST(line_item_usage_start_date AS DATE) AS d FROM read_parquet($file))`, { file: edges.from10 })).toEqual([{ first: '2018-11-10', last: '2018-11-30', days: '21' }]);
  });

  it('--period 2018-11 on the store from the 10th: 10–30 Nov 2018, 21 days, 1–9 Nov named as not in the store', async () => {
    const description = `10–30 Nov 2018, complete; 1–9 Nov 2018 are not in the store (${BEFORE})`;
    expect((await report(edges.from10Db, '--period', '2018-11')).days).toEqual({
      first: '2018-11-10', last: '2018-11-30', count: 21, complete: true, description, notInStore: beforeData('2018-11-01', 9),
    });
    const table = await costlens(edges.from10Db, 'commitments', '--period', '2018-11');
    expect(table.stdout.split('\n')[0]).toBe(`Commitments 2018-11 (${description}; data horizon 30 Nov 2018): 8 Reserved Instances, 0 Savings Plans`);
    expect(table.stdout).not.toContain('1–30 Nov 2018');
  });

  it('a range from 5 Nov on the store from the 10th: its days from the 10th, 5–9 Nov named, closed or open', async () => {
    expect((await report(edges.from10Db, '--from', '2018-11-05', '--to', '2018-11-20')).days).toEqual({
      first: '2018-11-10', last: '2018-11-19', count: 10, complete: true, description: `10–19 Nov 2018; 5–9 Nov 2018 are not in the store (${BEFORE})`,
      notInStore: beforeData('2018-11-05', 5),
    });
    expect((await report(edges.from10Db, '--from', '2018-11-05')).days).toEqual({
      first: '2018-11-10', last: '2018-11-30', count: 21, complete: true, description: `10–30 Nov 2018, to the data horizon; 5–9 Nov 2018 are not in the store (${BEFORE})`,
      notInStore: beforeData('2018-11-05', 5),
    });
  });

  it('the file cut at 20 Nov 12:00 holds lines dated 20 Nov: 300 eligible instance hours, 71.25 of them covered (DuckDB on the file)', async () => {
    expect(await duckdbRows(`SELECT CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS last,
        CAST(sum(line_item_usage_amount) AS VARCHAR) AS eligible,
        CAST(sum(CASE WHEN line_item_line_item_type = 'DiscountedUsage' THEN line_item_usage_amount ELSE 0 END) AS VARCHAR) AS covered
      FROM read_parquet($file)
      WHERE CAST(line_item_usage_start_date AS DATE) = DATE '2018-11-20' AND line_item_line_item_type IN ('Usage', 'DiscountedUsage')
        AND (line_item_usage_type LIKE '%BoxUsage%' OR line_item_usage_type LIKE '%InstanceUsage%' OR line_item_usage_type LIKE '%Multi-AZUsage%')`, { file: edges.to20 }))
      .toEqual([{ last: '2018-11-20', eligible: '300.0', covered: '71.25' }]);
  });

  it('a range past the horizon (19 Nov) counts the lines of 20 Nov and says so, as the billing period does; one ending on the 19th does not', async () => {
    const toThe20th = await report(edges.to20Db, '--from', '2018-11-15', '--to', '2018-11-20');
    const toThe25th = await report(edges.to20Db, '--from', '2018-11-15', '--to', '2018-11-25');
    const open = await report(edges.to20Db, '--from', '2018-11-15');
    expect(toThe20th.days).toEqual({ first: '2018-11-15', last: '2018-11-19', count: 5, complete: true, description: '15–19 Nov 2018' });
    expect(toThe25th.days).toEqual({ first: '2018-11-15', last: '2018-11-19', count: 5, complete: false, description: `15–19 Nov 2018, not complete (${ENDS}): the range runs to 24 Nov 2018` });
    expect(open.days.description).toBe('15–19 Nov 2018, to the data horizon; lines dated up to 20 Nov 2018 are counted too');
    expect((await report(edges.to20Db, '--period', '2018-11')).days.description).toBe(`1–19 Nov 2018, not complete (${ENDS})`);
    // The figures count them: the 20th's hours by DuckDB above.
    const hours = (r: { coverage: { eligibleHours: number; coveredHours: number } }) => [r.coverage.eligibleHours, r.coverage.coveredHours];
    expect(hours(toThe25th).map((h, i) => Number((h - hours(toThe20th)[i]).toFixed(6)))).toEqual([300, 71.25]);
    expect(hours(open)).toEqual(hours(toThe25th));
  });
});
