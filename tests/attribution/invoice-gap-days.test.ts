/**
 * `costlens invoice`, `attribute` and `status` of a billing period with days missing inside it (README, "Days in the
 * store": a gap, "not in the store"). On both real 2018 CURs without the November lines of 10–12 Nov, `invoice --period
 * 2018-11 --format json` said `"complete": true, "covers": "1–30 Nov 2018"` ($3,049.08, no note) and status `no`; on the
 * real Oct 2018 CUR beside the Nov 2018 CUR's lines of 14–16 Nov, `invoice` and `attribute` named 2018-11 "1–16 Nov 2018".
 * Each names the days held and the gap, as `status` names the second store's (tests/server/status-gap-days.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles, realCursWithout10To12NovStore } from '../helpers/derived-files.ts';

const HOLE_NOTE = '2018-11: 1–9 Nov 2018 and 13–30 Nov 2018: the bill of the days the store holds, not complete; '
  + '10–12 Nov 2018 are not in the store (the store holds no billing data on 10–12 Nov 2018)';

describe('both real 2018 CURs without 10–12 Nov: 2018-11 holds 27 of its 30 days, not complete', () => {
  let nov: string;
  let db: string;

  beforeAll(async () => {
    ({ nov, db } = await realCursWithout10To12NovStore());
  }, 600_000);

  it('by DuckDB on the cut file: 27 usage days (none of 10–12 Nov), usage 2901.6962651465, the bill 3049.0802651465', async () => {
    const [file] = await duckdbRows(`SELECT CAST(count(DISTINCT CAST(line_item_usage_start_date AS DATE)) FILTER (WHERE line_item_line_item_type = 'Usage') AS VARCHAR) AS days,
        CAST(count(*) FILTER (WHERE CAST(line_item_usage_start_date AS DATE) BETWEEN DATE '2018-11-10' AND DATE '2018-11-12') AS VARCHAR) AS gap_lines,
        CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FILTER (WHERE line_item_line_item_type = 'Usage') AS VARCHAR) AS usage,
        CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file)`, { file: nov });
    expect(file).toEqual({ days: '27', gap_lines: '0', usage: '2901.6962651465', billed: '3049.0802651465' });
  }, 300_000);

  it('invoice --period 2018-11 --format json: complete false, covers the days held (it read complete, "1–30 Nov 2018"); the money unchanged', async () => {
    const run = await costlens(db, 'invoice', '--period', '2018-11', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [period] = JSON.parse(run.stdout) as { from: string; to: string; wholeBill: boolean; complete: boolean; dataThrough: string | null; covers: string; total: { billedCost: string } }[];
    expect([period.from, period.to, period.wholeBill, period.complete, period.dataThrough, period.covers, period.total.billedCost])
      .toEqual(['2018-11-01', '2018-11-30', true, false, null, '1–9 Nov 2018 and 13–30 Nov 2018', '3049.0802651465']);
  }, 300_000);

  it('invoice\'s table, attribute and status note the gap (status: yes: incomplete, where it read no); 2018-10 stays complete', async () => {
    const invoice = await costlens(db, 'invoice', '--period', '2018-11');
    expect(invoice.stdout).toMatch(/\n2018-11 +total +111589 +\$3,049\.08 /);
    expect(invoice.stdout.endsWith(`\n\n${HOLE_NOTE}\n`)).toBe(true);
    const attribute = await costlens(db, 'attribute', '--tag', 'environment', '--period', '2018-11');
    expect(attribute.code, attribute.stderr).toBe(0);
    expect(attribute.stdout).toContain('\n2018-11: the rows cover 1–9 Nov 2018 and 13–30 Nov 2018: the bill of the days the store holds, not complete; 10–12 Nov 2018 are not in the store');
    const status = await costlens(db, 'status', '--today', '2024-01-01', '--wide');
    expect(status.stdout).toMatch(/\n\S+ +cur-athena +2018-11 +111589 +\$3,049\.08 .* yes: incomplete\n/);
    expect(status.stdout).toMatch(/\n\S+ +cur-athena +2018-10 +119307 .* no\n/);
    expect(status.stdout).toContain(`\n(2 rows)\n${HOLE_NOTE}\n`);
    const october = JSON.parse((await costlens(db, 'invoice', '--period', '2018-10', '--format', 'json')).stdout) as { complete: boolean; covers: string }[];
    expect(october.map((p) => [p.complete, p.covers])).toEqual([[true, '1–31 Oct 2018']]);
  }, 300_000);
});

describe('the real Oct 2018 CUR beside the Nov 2018 CUR\'s lines of 14–16 Nov: invoice and attribute name 14–16 Nov, not 1–16 Nov', () => {
  let db: string;
  const note = '14–16 Nov 2018 (the data ends on 16 Nov 2018, the data horizon): the bill of the days the store holds, not complete; '
    + '1–13 Nov 2018 are not in the store (the store holds no billing data on 1–13 Nov 2018)';

  beforeAll(async () => {
    // The cut of tests/report/default-week.test.ts and tests/server/status-gap-days.test.ts (one cache).
    const name = 'cur-2018-11-14.parquet';
    const { [name]: nov } = await derivedFiles([{
      name,
      sql: 'SELECT * FROM read_parquet($source) WHERE line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)',
      params: { source: REAL_NOV_2018, from: '2018-11-14', to: '2018-11-17' },
    }]);
    db = await cachedStore([[REAL_OCT_2018, nov]]);
  }, 600_000);

  it('invoice --period 2018-11: the note and the JSON name the days held ($500.06, 13,054 lines: tests/server/status-gap-days.test.ts by DuckDB)', async () => {
    const table = await costlens(db, 'invoice', '--period', '2018-11');
    expect(table.stdout).toMatch(/\n2018-11 +total +13054 +\$500\.06 /);
    expect(table.stdout.endsWith(`\n\n2018-11: ${note}\n`)).toBe(true);
    const [period] = JSON.parse((await costlens(db, 'invoice', '--period', '2018-11', '--format', 'json')).stdout) as { from: string; complete: boolean; dataThrough: string; covers: string }[];
    expect([period.from, period.complete, period.dataThrough, period.covers]).toEqual(['2018-11-14', false, '2018-11-16', '14–16 Nov 2018 (the data ends on 16 Nov 2018, the data horizon)']);
  }, 300_000);

  it('attribute --period 2018-11: the rows cover 14–16 Nov 2018 (it read "1–16 Nov 2018")', async () => {
    const run = await costlens(db, 'attribute', '--tag', 'environment', '--period', '2018-11');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`\n2018-11: the rows cover ${note}`);
    expect(run.stdout).not.toContain('1–16 Nov');
  }, 300_000);
});
