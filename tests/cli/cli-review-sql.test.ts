import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, costlens } from '../helpers/cli.ts';

/**
 * `costlens sql` given no statement (blanks, semicolons, a comment alone: DuckDB's parser said
 * "Error in native callback"), and SQL that starts with a comment, which the option parser read
 * as an unknown option. The real legacy CUR CSV: 1,281 lines.
 */
describe('costlens sql: no statement, and SQL that starts with a dash', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_LEGACY_CSV]]);
  });

  it.each(['', ' ', ';', ' ;; ', '-- a comment alone', '/* a comment */ ;'])('%j is "no SQL statement given" (exit 2)', async (text) => {
    const run = await costlens(db, 'sql', text);
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', 'costlens: no SQL statement given\n'
      + '  hint: the text holds only blanks, semicolons or comments: give a query, e.g. costlens sql "SELECT count(*) FROM line_items"\n']);
  });

  it('several statements are a usage error (exit 2), where only the last one\'s rows were printed; a write among them is still refused (exit 8)', async () => {
    const two = await costlens(db, 'sql', 'SELECT 1 AS a; SELECT 2 AS b', '--format', 'csv');
    expect([two.code, two.stdout, two.stderr]).toEqual([2, '', 'costlens: give one SQL statement; got 2\n'
      + '  hint: costlens sql prints one result: run each statement on its own, e.g. costlens sql "SELECT count(*) FROM line_items"\n']);
    const trailing = await costlens(db, 'sql', 'SELECT count(*) AS n FROM line_items; ;', '--format', 'csv');
    expect([trailing.code, trailing.stdout]).toEqual([0, 'n\r\n1281\r\n']);
    const write = await costlens(db, 'sql', 'SELECT 1; CREATE TABLE t (x INT)');
    expect([write.code, write.stderr.split('\n')[0]]).toEqual([8, 'costlens: refused: statement 2 is CREATE, and costlens sql only reads']);
  });

  it('an SQL error\'s hint names the tables and views the store holds (usage_daily, daily_spend, tag_sets… too), not the *_inline tables behind its views', async () => {
    const run = await costlens(db, 'sql', 'SELECT nope FROM line_items');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[1]).toBe('  hint: the store\'s tables: line_items, alert_sends, business_metrics, daily_spend, ingests, metrics, period_files, report_sends, '
      + 'resources, retired_files, schema_version, tag_sets, tag_spend_daily, usage_daily; `costlens sql "DESCRIBE line_items"` lists the columns (quote names such as "BilledCost")');
  });

  it('SQL that opens with a comment runs, before or after the options, and after --', async () => {
    const sql = '-- lines in the store\nSELECT count(*) AS n FROM line_items';
    for (const args of [[sql, '--format', 'csv'], ['--format', 'csv', sql], ['--format=csv', '--', sql], ['--format', 'csv', '--', '--no space\nSELECT count(*) AS n FROM line_items']]) {
      const run = await costlens(db, 'sql', ...args);
      expect([args, run.code, run.stderr, run.stdout]).toEqual([args, 0, '', 'n\r\n1281\r\n']);
    }
  });

  it('an unknown option still says so, with the did-you-mean, and hints -- for SQL that starts with a dash', async () => {
    const typo = await costlens(db, 'sql', 'SELECT 1', '--fromat', 'csv');
    expect([typo.code, ...typo.stderr.split('\n')]).toEqual([2, 'costlens: sql: unknown option --fromat',
      '  hint: did you mean --format? run `costlens sql --help` for its options; SQL text that starts with a dash goes after --: costlens sql --db FILE -- "-- top services"', '']);
    const dashed = await costlens(db, 'sql', '--x');
    expect(dashed.stderr.split('\n')[1]).toBe('  hint: run `costlens sql --help` for its options; SQL text that starts with a dash goes after --: costlens sql --db FILE -- "-- top services"');
    const after = await costlens(db, 'sql', '--', 'SELECT 1', '--format', 'csv');
    expect([after.code, ...after.stderr.split('\n')]).toEqual([2, 'costlens: sql: give exactly one SQL text (quote it); got 3', '  hint: options go before --: costlens sql --db FILE -- "SQL"', '']);
    const help = await costlens(db, 'sql', '--help');
    expect(help.stdout).toContain('costlens sql [options] -- "SQL"');
  });
});
