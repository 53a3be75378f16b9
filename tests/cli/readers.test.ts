import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_OCT_2018, costlens, duckdbRows, tempStore } from '../helpers/cli.ts';

describe('costlens sql, query and status read the store and never write it', () => {
  const { db } = tempStore();
  beforeAll(async () => {
    copyFileSync(await cachedStore([[REAL_OCT_2018, REAL_LEGACY_CSV]]), db);
  });

  it('sql --format csv prints a header and RFC 4180 rows, nothing else', async () => {
    const run = await costlens(db, 'sql', `SELECT x_BillingPeriod AS period, sum(BilledCost) AS billed, 'a "quoted", text' AS note
      FROM line_items GROUP BY 1 ORDER BY 1`, '--format', 'csv');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe([
      'period,billed,note',
      '2018-10,4064.4831315379,"a ""quoted"", text"',
      '2023-11,1.6823086974,"a ""quoted"", text"',
      '',
    ].join('\r\n'));
  });

  it('sql refuses any statement that writes, naming it', async () => {
    for (const [statement, type] of [
      ['DELETE FROM line_items', 'DELETE'],
      ['UPDATE line_items SET BilledCost = 0', 'UPDATE'],
      ['DROP TABLE line_items', 'DROP'],
      ["COPY line_items TO '/tmp/out.csv'", 'COPY'],
      ['SELECT 1; CREATE TABLE t AS SELECT 1', 'CREATE'],
    ]) {
      const run = await costlens(db, 'sql', statement);
      expect(run.code).toBe(8);
      expect(run.stderr).toMatch(new RegExp(`^costlens: refused: statement \\d is ${type}, and costlens sql only reads`));
    }
    const count = await costlens(db, 'sql', 'SELECT count(*) AS n FROM line_items', '--format', 'csv');
    expect(count.stdout).toBe('n\r\n120588\r\n');
  });

  it('query runs a file from queries/ with a bound parameter; bad parameters are usage errors', async () => {
    const run = await costlens(db, 'query', 'store/spend_by_service', '--param', 'period=2023-11', '--format', 'json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { ServiceName: string; billed_cost: string }[];
    const total = rows.reduce((sum, r) => sum + BigInt(r.billed_cost.replace('.', '')), 0n);
    expect(total).toBe(16823086974n);
    // Not a billing period (its pattern= rule): refused before any SQL runs, nothing printed.
    const injected = await costlens(db, 'query', 'spend_by_service', '--param', "period=2023-11' OR '1'='1", '--format', 'json');
    expect([injected.code, injected.stdout]).toEqual([2, '']);
    expect(injected.stderr).toContain('parameter "period" of store/spend_by_service must be text matching [0-9]{4}-(0[1-9]|1[0-2])');
    const unknown = await costlens(db, 'query', 'spend_by_service', '--param', 'month=2023-11');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/has no parameter "month"/);
    const missing = await costlens(db, 'query', 'spend_by_service');
    expect(missing.stderr).toMatch(/needs parameter "period"/);
    expect(missing.stderr.split('\n')[1]).toBe("  hint: give it as --param period=VALUE (the API: ?period=VALUE); costlens query --list lists each query's parameters");
    const nope = await costlens(db, 'query', 'no_such_query');
    expect(nope.code).toBe(5);
  });

  it('query: a parameter given without --param, given twice or misspelt is a usage error naming it (exit 2), before the store opens', async () => {
    const run = async (...args: string[]) => {
      const r = await costlens(db, 'query', ...args);
      return [r.code, r.stdout, ...r.stderr.split('\n').slice(0, 2)];
    };
    // It said "give one query name", with no word of --param.
    expect(await run('store/spend_by_service', 'period=2023-11')).toEqual([2, '',
      'costlens: query: "period=2023-11" is not a query name: give parameters with --param', '  hint: costlens query store/spend_by_service --param period=2023-11']);
    // The last value was used: the rows of 2023-11, exit 0.
    expect(await run('spend_by_service', '--param', 'period=2018-10', '--param', 'period=2023-11')).toEqual([2, '',
      'costlens: --param period is given twice ("2018-10", then "2023-11")', '  hint: give each parameter once: --param period=2018-10 or --param period=2023-11']);
    // Query names got a "did you mean"; parameter names did not.
    expect(await run('spend_by_service', '--param', 'perod=2023-11')).toEqual([2, '',
      'costlens: query store/spend_by_service has no parameter "perod"', '  hint: did you mean --param period=2023-11? its parameters: period']);
  });

  it('status shows each source and period with its totals and whether it is provisional', async () => {
    const run = await costlens(db, 'status', '--format', 'json', '--today', '2023-12-03');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout);
    expect(rows.map((r: Record<string, string | number>) => [r.source, r.billingPeriod, r.rows, r.billedCost, r.provisional])).toEqual([
      ['aws/836060457634', '2018-10', 119307, '4064.4831315379', 'no'],
      ['aws/123412340534', '2023-11', 1281, '1.6823086974', 'yes: not yet invoiced'],
    ]);
    // Judged on 15 Oct 2018, 2023-11 is a month after today's: not yet begun (it said "yes: current month").
    const before = JSON.parse((await costlens(db, 'status', '--format', 'json', '--today', '2018-10-15')).stdout);
    expect(before.map((r: Record<string, string>) => [r.billingPeriod, r.provisional])).toEqual([['2018-10', 'yes: current month'], ['2023-11', 'yes: not yet begun']]);
  });

  it('status calls a period whose data does not reach its end incomplete, as invoice calls its bill not complete (it said "no", final), with invoice\'s note; csv gives the last ingest as ISO 8601 UTC, as json does', async () => {
    // The legacy CUR, by DuckDB on the file: its usage ends at 04:00 on 14 Nov 2023 (13 Nov the last complete day), and no line carries an InvoiceId.
    const [file] = await duckdbRows(`SELECT max("lineItem/UsageEndDate") AS usage_end, count("bill/InvoiceId") AS invoiced
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`, { file: REAL_LEGACY_CSV });
    expect(file).toEqual({ usage_end: '2023-11-14T04:00:00.000Z', invoiced: '0' });
    const note = '2023-11: 1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too): the bill of the days the store holds, not complete';
    expect((await costlens(db, 'invoice', '--period', '2023-11')).stdout.trimEnd().split('\n').at(-1)).toBe(note);
    // Judged on 1 Jun 2024, 2023-11 is neither the current month nor the previous one: the calendar alone called it final.
    const json = JSON.parse((await costlens(db, 'status', '--format', 'json', '--today', '2024-06-01')).stdout) as Record<string, string>[];
    expect(json.map((r) => [r.billingPeriod, r.provisional])).toEqual([['2018-10', 'no'], ['2023-11', 'yes: incomplete']]);
    const table = await costlens(db, 'status', '--today', '2024-06-01', '--wide');
    expect(table.stdout).toMatch(/\naws\/123412340534 +cur +2023-11 +1281 .* {2}yes: incomplete\n\(2 rows\)\n/);
    expect(table.stdout).toContain(`(2 rows)\n${note}\n\nOther tables`);
    // csv: the last ingest as json gives it (it printed DuckDB's `2026-12-07 03:23:34.315365`), invoice's note on stderr.
    const csv = await costlens(db, 'status', '--format', 'csv', '--today', '2024-06-01');
    expect(csv.stderr).toBe(`${note}\n`);
    const rows = csv.stdout.split('\r\n').slice(1, -1).map((line) => line.split(','));
    expect(rows.map((r) => [r[2], r[8], r[9]])).toEqual(json.map((r) => [r.billingPeriod, r.lastIngest, r.provisional]));
    for (const r of rows) expect(r[8]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it('a missing store is a clear error, not a new empty file', async () => {
    const run = await costlens('/nonexistent/dir/store.duckdb', 'status');
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^costlens: no store at \/nonexistent\/dir\/store\.duckdb/);
  });

  it('--help lists every command', async () => {
    const run = await costlens(db, '--help');
    for (const command of ['ingest', 'status', 'sql', 'query']) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });
});
