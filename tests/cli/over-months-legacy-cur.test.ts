/**
 * The default period of a store that holds no complete month is said by the days it holds and
 * where its data ends, in one set of words for `attribute`, `commitments` and `invoice`
 * (src/analyze/default-period.ts, defaultPeriod), never "to date" or "so far": on the real legacy
 * CUR of November 2023 (lines from 1 Nov to 14 Nov 03:00, data horizon 13 Nov 2023), the three
 * said "period 2023-11 to date: the store holds no complete month yet", and `invoice` "Nov 2023 to
 * date … the bill so far", of a month that ended in 2023. The invoice's total stays the file's.
 * Its JSON reads the month as its bill (`wholeBill: true`), not complete (`complete: false`), and
 * the note under the table says the same: "the bill of the days the store holds, not complete"
 * (it said "not the month's whole bill", against `wholeBill: true`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens, duckdbRows } from '../helpers/cli.ts';

const REASON = 'period 2023-11, 1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too): the store holds no complete month yet';

describe('the default period of the real legacy CUR (1–13 Nov 2023 complete, part of 14 Nov): its days, not "to date"', () => {
  let db: string;
  let file: { billed: string; lines: string; firstStart: string; lastStart: string };

  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV]]);
    [file] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed, CAST(count(*) AS VARCHAR) AS lines,
        min("lineItem/UsageStartDate") AS firstStart, max("lineItem/UsageStartDate") AS lastStart
      FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV }) as typeof file[];
  }, 600_000);

  it('the file: 1,281 lines, $1.6823086974, charged from 1 Nov 2023 to 14 Nov 2023 03:00 (a partial day)', () => {
    expect(file).toEqual({ billed: '1.6823086974', lines: '1281', firstStart: '2023-11-01T00:00:00.000Z', lastStart: '2023-11-14T03:00:00.000Z' });
  });

  it('attribute, commitments and invoice say the same reason on stderr: the 14 Nov lines "are counted too", as their totals count them (it said "are in the store too")', async () => {
    const [partial] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true)
      WHERE "lineItem/UsageStartDate" >= '2023-11-14'`, { file: REAL_LEGACY_CSV });
    expect(partial.billed).toBe('0.0090675816');
    // attribute's total is the file's, 14 Nov's lines in it.
    expect(JSON.parse((await costlens(db, 'attribute', '--tag', 'team', '--format', 'json')).stdout)[0].billedExact).toBe(file.billed);
    for (const args of [['attribute', '--tag', 'team'], ['commitments'], ['invoice']]) {
      const run = await costlens(db, ...args);
      expect(run.stderr.split('\n')[0], args[0]).toBe(REASON);
      expect(run.stderr, args[0]).not.toMatch(/to date|so far/);
    }
  });

  it('attribute --tag team, a key the file does not have: said once, under the table with its hint (it was said there and again on stderr); with csv, on stderr', async () => {
    const absent = 'no line item in 2023-11 carries the tag key "team" under any spelling\n  hint: no line item in 2023-11 carries a tag\n';
    const table = await costlens(db, 'attribute', '--tag', 'team');
    expect([table.code, table.stderr]).toEqual([0, `${REASON}\n`]);
    expect(table.stdout.split('(1 row)\n')[1]).toBe(`\n${absent}2023-11: 1281 line items, BilledCost 1.68 (1.6823086974), EffectiveCost 1.68 (1.6823086974); the rows add up to both to the cent\n`);
    const csv = await costlens(db, 'attribute', '--tag', 'team', '--format', 'csv');
    expect([csv.code, csv.stdout.split('\r\n')[1], csv.stderr]).toEqual([0, `2023-11,(untagged),untagged,1.68,0.00,1.68,1.68,0.00,1.68,100.00,100.00`, `${REASON}\nattribute: ${absent}`]);
  });

  it('invoice: the bill of the file to the last decimal, named by its days up to the horizon, the partial day counted too', async () => {
    const json = await costlens(db, 'invoice', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const [p] = JSON.parse(json.stdout);
    expect([p.period, p.wholeBill, p.complete, p.dataThrough, String(p.total.lines), p.total.billedCost]).toEqual(['2023-11', true, false, '2023-11-13', file.lines, file.billed]);
    expect(p.covers).toBe('1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too)');
    const table = await costlens(db, 'invoice');
    expect(table.stdout.split('\n').slice(-2)).toEqual([
      '2023-11: 1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too): the bill of the days the store holds, not complete', '']);
    expect(table.stdout).toContain('2023-11  total          1281   $1.68');
  });

  it('invoice --from 2023-11-05 --to 2023-11-20: the range\'s days up to the horizon, and where the data ends', async () => {
    const run = await costlens(db, 'invoice', '--from', '2023-11-05', '--to', '2023-11-20');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2023-11: 5–13 Nov 2023 (--from 2023-11-05 --to 2023-11-20, --to excluded; the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too): '
      + 'the daily spend of these days by charge class, its total their sum.');
    expect(run.stdout).not.toMatch(/to date|so far/);
  });
});
