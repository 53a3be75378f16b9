/**
 * `costlens status` and the Overview's billing periods on a store whose latest billing period begins after a gap: the
 * real October 2018 CUR beside the November 2018 CUR's lines of 14–16 Nov only (cut with DuckDB, as
 * tests/report/default-week.test.ts cuts it). 2018-11 is incomplete (its data ends on 16 Nov); its note named the days
 * "1–16 Nov 2018" though the store holds only 14–16 Nov of them. It names the days held and those in the gap, in
 * lib/store-days.ts's words (as `commitments --period 2018-11` names them): "2018-11: 14–16 Nov 2018 (…): the bill of
 * the days the store holds, not complete; 1–13 Nov 2018 are not in the store (the store holds no billing data on 1–13 Nov
 * 2018)". The JSON's `firstDay` and `lastDay` were the days held already (14 and 16 Nov).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { appOn, page } from './helpers.ts';

/** Invoice's note of 2018-11 on this store, with the days of the gap. */
const NOTE = '2018-11: 14–16 Nov 2018 (the data ends on 16 Nov 2018, the data horizon): the bill of the days the store holds, not complete; '
  + '1–13 Nov 2018 are not in the store (the store holds no billing data on 1–13 Nov 2018)';

describe('status on the real Oct 2018 CUR beside the Nov 2018 CUR\'s lines of 14–16 Nov: 2018-11 is said to hold 14–16 Nov, 1–13 Nov not in the store', () => {
  let nov: string;
  let db: string;

  beforeAll(async () => {
    // The cut of tests/report/default-week.test.ts (the same file, one cache): the lines whose usage starts on 14–16 Nov.
    const name = 'cur-2018-11-14.parquet';
    ({ [name]: nov } = await derivedFiles([{
      name,
      sql: 'SELECT * FROM read_parquet($source) WHERE line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)',
      params: { source: REAL_NOV_2018, from: '2018-11-14', to: '2018-11-17' },
    }]));
    db = await cachedStore([[REAL_OCT_2018, nov]]);
  }, 600_000);

  it('the table and its note: 2018-11\'s rows, money and days by DuckDB on the cut file; the note names 14–16 Nov and the gap before them (it read "1–16 Nov 2018")', async () => {
    const [file] = await duckdbRows(`SELECT CAST(count(*) AS VARCHAR) AS n, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        CAST(min(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS first, CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS last FROM read_parquet($file)`, { file: nov });
    expect(file).toEqual({ n: '13054', billed: '500.0635439402', first: '2018-11-14', last: '2018-11-16' });
    const run = await costlens(db, 'status', '--today', '2024-01-01', '--wide');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[4]).toMatch(/^aws\/836060457634 +cur-athena +2018-11 +13054 +\$500\.06 +\$523\.20 +2018-11-14 +2018-11-16 +\S+ \S+ +yes: incomplete$/);
    expect(run.stdout).toContain(`\n(2 rows)\n${NOTE}\n\nOther tables\n`);
    expect(run.stdout).not.toContain('1–16 Nov');
  }, 300_000);

  it('--format json: firstDay and lastDay are the days held (README: the charge-day range), the note on stderr as under the table', async () => {
    const run = await costlens(db, 'status', '--today', '2024-01-01', '--format', 'json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, string | number>[];
    // Each file's lines, BilledCost and charge days by DuckDB.
    const files = await duckdbRows(`SELECT CAST(count(*) AS INTEGER) AS n, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        CAST(min(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS first, CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS last
      FROM read_parquet([$oct, $nov], filename = true) GROUP BY filename ORDER BY first`, { oct: REAL_OCT_2018, nov });
    expect(files.map((f) => [f.n, f.billed, f.first, f.last])).toEqual([['119307', '4064.4831315379', '2018-10-01', '2018-10-31'], ['13054', '500.0635439402', '2018-11-14', '2018-11-16']]);
    expect(rows.map((r) => [r.billingPeriod, String(r.rows), r.billedCost, r.firstDay, r.lastDay, r.provisional])).toEqual([
      ['2018-10', files[0].n, files[0].billed, files[0].first, files[0].last, 'no'],
      ['2018-11', files[1].n, files[1].billed, files[1].first, files[1].last, 'yes: incomplete'],
    ]);
    expect(run.stderr).toBe(`${NOTE}\n`);
  }, 300_000);

  it('the Overview, judged after the month, notes 2018-11 in the same words as status', async () => {
    const app = appOn(db, { clock: () => new Date('2024-01-01T12:00:00Z') });
    const html = await (await page(app, '/')).text();
    expect(/<p class="note" id="incomplete-periods">([^<]*)<\/p>/.exec(html)?.[1]).toBe(NOTE);
  }, 300_000);
});
