import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';

/**
 * Business metrics (`date,metric,value`) that give one date and metric twice were loaded with one
 * of the lines dropped silently (SELECT DISTINCT ON), a negative count was loaded (unit cost went
 * negative), and a bad date was "not a valid number". Each is now refused, naming the file, the
 * line(s) and the column, and the store keeps what it held.
 */
describe('business metrics: duplicates, negative counts and bad dates are refused, the store untouched', () => {
  const { dir, db } = tempStore();
  const file = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${['date,metric,value', ...lines].join('\n')}\n`);
    return path;
  };
  const held = () => sqlRows(db, `SELECT CAST(date AS VARCHAR) AS date, metric, CAST(value AS VARCHAR) AS value FROM business_metrics ORDER BY 1, 2`);
  const refused = async (paths: string[], message: string, hint = 'fix or re-export the file; nothing was written to the store') => {
    const run = await costlens(db, 'ingest', ...paths);
    expect([run.code, run.stdout, run.stderr]).toEqual([4, '', `costlens: ${message}\n  hint: ${hint}\n`]);
    expect(await held()).toEqual([{ date: '2018-11-01', metric: 'orders', value: '5.0' }]);
  };

  beforeAll(async () => {
    const first = await costlens(db, 'ingest', file('good.csv', ['2018-11-01,orders,5']));
    expect(first.code, first.stderr).toBe(0);
  });

  it('two lines of one file for the same date and metric: the file and both lines', async () => {
    const path = file('dup.csv', ['2018-11-01,orders,10', '2018-11-02,orders,4', '2018-11-01,orders,20']);
    await refused([path], `${path}: lines 2 and 4 both give metric "orders" on 2018-11-01 (10 and 20): a business metric has one value per date and metric`,
      'keep one line per date and metric (add them up first if both count); fix or re-export the file; nothing was written to the store');
  });

  it('the same date and metric in two files of one ingest: each file and line', async () => {
    const a = file('a.csv', ['2018-11-03,orders,7', '2018-11-01,orders,10']);
    const b = file('b.csv', ['2018-11-01,requests,1', '2018-11-03,orders,2']);
    await refused([a, b], `${a}:2 and ${b}:3 both give metric "orders" on 2018-11-03 (7 and 2): a business metric has one value per date and metric`,
      'keep one line per date and metric (add them up first if both count); fix or re-export the file; nothing was written to the store');
  });

  it('a negative or non-finite count: the file, line and column', async () => {
    const negative = file('negative.csv', ['2018-11-01,orders,10', '2018-11-02,orders,-5']);
    await refused([negative], `${negative}:3: column "value": "-5" is negative (metric "orders" on 2018-11-02): a business metric counts units (orders, requests), 0 or more`);
    const nan = file('nan.csv', ['2018-11-02,orders,nan']);
    await refused([nan], `${nan}:2: column "value": "nan" is not a finite number (metric "orders" on 2018-11-02): a business metric counts units (orders, requests), 0 or more`);
  });

  it('a day that is not a calendar day is not a valid date, not "not a valid number"', async () => {
    const bad = file('bad-date.csv', ['2018-11-02,orders,1', '2023-11-31,orders,10']);
    await refused([bad], `${bad}:3: column "date": "2023-11-31" is not a valid date (YYYY-MM-DD)`);
  });

  it('a good file still loads, replacing the stored day (0 is a count)', async () => {
    const run = await costlens(db, 'ingest', file('next.csv', ['2018-11-01,orders,6', '2018-11-02,orders,0']));
    expect(run.code, run.stderr).toBe(0);
    expect(await held()).toEqual([{ date: '2018-11-01', metric: 'orders', value: '6.0' }, { date: '2018-11-02', metric: 'orders', value: '0.0' }]);
  });
});
