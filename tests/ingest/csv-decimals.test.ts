import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateCsvError, moneyFromText } from '../../src/ingest/csv-decimals.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { csvRelation } from '../../src/ingest/readers.ts';
import { duckdbRows } from '../helpers/cli.ts';

const EDGES = [
  '0', '1', '-1', '+1', '.5', '5.', '-.5', '-0', '1e5', '1E-7', '1e+3', '1E+008', '1.5e-11', '2.5e-10', '0.00000000005', '-0.00000000005',
  '0.000000000049999', '0.00000000015', '1.23456789012345', '3.14159265358979323846', '99999999.9999999999', '99999999.99999999995',
  '-99999999.99999999995', '100000000', '12345678901234567890.123', '1e20', '1e27', '999999999999999999999999999.9999999999',
  '00000000000000000000001.5', ' 1.5', '1.5 ', '1_000', '-1705060.357558074265484e2', '1524.510203456644888e5', '1e-400',
];

/** Each value as DECIMAL(38,10) text, directly and through moneyFromText (TRY_CAST: a bad value is NULL in both). */
async function bothWays(from: string): Promise<Record<string, string | null>[]> {
  const fast = moneyFromText('v').replaceAll('CAST(', 'TRY_CAST(').replaceAll('TRY_TRY_CAST(', 'TRY_CAST(');
  return duckdbRows(`SELECT v, CAST(TRY_CAST(v AS DECIMAL(38,10)) AS VARCHAR) AS direct, CAST(${fast} AS VARCHAR) AS fast FROM ${from}`);
}

describe('money columns of a CSV: read as text and converted in the SELECT, to the same digits', () => {
  it('edge cases: rounding at 10 decimals, 18 digits and beyond, exponents, signs, spaces', async () => {
    const rows = await bothWays(`(SELECT unnest([${EDGES.map((e) => `'${e}'`).join(', ')}]) AS v)`);
    expect(rows.filter((r) => r.direct !== r.fast)).toEqual([]);
    expect(rows.find((r) => r.v === '99999999.99999999995')?.fast).toBe('100000000.0000000000');
    expect(rows.find((r) => r.v === '-1705060.357558074265484e2')?.fast).toBe('-170506035.7558074265');
  });

  it('50,000 random numbers of up to 22 integer and 30 decimal digits, a fifth with an exponent', async () => {
    const random = `(SELECT (CASE WHEN random() < 0.3 THEN '-' ELSE '' END)
      || substr(CAST(CAST(random() * 1e18 AS UBIGINT) AS VARCHAR) || CAST(CAST(random() * 1e18 AS UBIGINT) AS VARCHAR), 1, CAST(floor(random() * 23) AS INT))
      || CASE WHEN random() < 0.85 THEN '.' || substr(lpad(CAST(CAST(random() * 1e18 AS UBIGINT) AS VARCHAR), 18, '0')
           || lpad(CAST(CAST(random() * 1e18 AS UBIGINT) AS VARCHAR), 18, '0'), 1, CAST(floor(random() * 31) AS INT)) ELSE '' END
      || CASE WHEN random() < 0.2 THEN 'e' || CASE WHEN random() < 0.5 THEN '-' ELSE '' END || CAST(CAST(floor(random() * 25) AS INT) AS VARCHAR) ELSE '' END AS v
      FROM range(50000))`;
    const [row] = await duckdbRows(`SELECT count(*) AS n, count(direct) AS valid, count(*) FILTER (WHERE direct IS DISTINCT FROM fast) AS differ
      FROM (SELECT TRY_CAST(v AS DECIMAL(38,10)) AS direct, ${moneyFromText('v').replaceAll('CAST(', 'TRY_CAST(').replaceAll('TRY_TRY_CAST(', 'TRY_CAST(')} AS fast FROM ${random})`);
    expect(Number(row.valid)).toBeGreaterThan(40_000);
    expect(row.differ).toBe('0');
  });

  it('a bad value fails the relation; the check re-reads the file and names its line and column', async () => {
    const dir = scratchDir();
    const path = join(dir, 'costs.csv');
    writeFileSync(path, 'name,cost\na,1.5\nb,2\nc,twelve\n');
    const relation = csvRelation(['name', 'cost'], (h) => (h === 'cost' ? 'DECIMAL(38,10)' : undefined));
    let failure: unknown;
    await duckdbRows(`SELECT sum(cost) FROM ${relation.sql}`, { path }).catch((error: unknown) => (failure = error));
    expect(String(failure)).toMatch(/Conversion Error/);
    const located = await locateCsvError(relation.check, path, failure);
    expect(String(located)).toMatch(/CSV Error on Line: 4/);
    expect(await duckdbRows(`SELECT CAST(sum(cost) AS VARCHAR) AS total FROM ${relation.sql} WHERE name <> 'c'`, { path })).toEqual([{ total: '3.5000000000' }]);
  });
});
