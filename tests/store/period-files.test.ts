import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, inject, it } from 'vitest';
import { startServer } from '../../src/server/listen.ts';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { rebuildViewsWhereFilesAre } from '../../src/store/period-files.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { storeReader } from '../helpers/read-only-sql-session.ts';
import { ingestedFolder } from '../helpers/ingested-folder.ts';

/** Runs `sql` on the store file itself, read-write (what no costlens reader does). */
async function onCatalogue(db: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Rows of `sql` read from the store file itself, as DuckDB stores them (no view is bound). */
async function sqlRowsOfCatalogue(db: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Rows of a read-only statement, as sqlRows returns them. */
type Rows = (sql: string) => Promise<Record<string, string | null>[]>;

/** Runs `work` with the store opened once for its statements (as sqlRows reads it), and closed before anything writes to it again. */
async function reading<T>(db: string, work: (rows: Rows) => Promise<T>): Promise<T> {
  const store = storeReader(db);
  try {
    return await work((sql) => store.rows(sql));
  } finally {
    await store.close();
  }
}

/** The store one `costlens ingest` of the real legacy CSV made, put back for each test that starts from it (the first test's own ingest, kept). */
const legacy = ingestedFolder(REAL_LEGACY_CSV);

/** A store that ingested the real legacy CSV, then moved with its folder to `<dir>/moved/` (the old paths gone). */
async function ingestedThenMoved(): Promise<{ dir: string; moved: string }> {
  const { dir, db } = await legacy.take();
  const moved = join(dir, 'moved', 'store.duckdb');
  mkdirSync(join(dir, 'moved'));
  renameSync(db, moved);
  renameSync(`${db}.periods`, `${moved}.periods`);
  return { dir, moved };
}

describe('period files: one Parquet set per (source, billing period) beside the store', () => {
  it('an ingest writes its period under <store>.periods; a re-ingest retires it and the next writer deletes it once retired long enough', async () => {
    const { dir, db } = tempStore();
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    legacy.keep(dir); // the store as this first ingest left it, for the tests below
    const [first] = await sqlRows(db, `SELECT count(*) AS files, min(ingest_id) AS ingest FROM period_files`);
    expect(first.files).toBe('4');
    expect(readdirSync(`${db}.periods`)).toEqual([first.ingest]);

    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    expect(await sqlRows(db, `SELECT count(*) AS n, sum(BilledCost) AS billed FROM line_items`)).toEqual([{ n: '1281', billed: '1.6823086974' }]);
    expect(await sqlRows(db, `SELECT count(*) AS retired FROM retired_files`)).toEqual([{ retired: '4' }]);
    expect(readdirSync(`${db}.periods`)).toHaveLength(2); // the replaced files stay for readers of the previous generation

    await onCatalogue(db, `UPDATE retired_files SET retired_at = retired_at - INTERVAL 1 HOUR`);
    mkdirSync(join(`${db}.periods`, 'ing-killed'));
    writeFileSync(join(`${db}.periods`, 'ing-killed', 'lines-0.parquet'), 'a killed writer left this');
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    const [{ ingest }] = await sqlRows(db, `SELECT min(ingest_id) AS ingest FROM period_files`);
    const [{ retired }] = await sqlRows(db, `SELECT min(split_part(path, '/', -2)) AS retired FROM retired_files`);
    expect(readdirSync(`${db}.periods`).sort()).toEqual([retired, ingest].sort());
    expect(existsSync(join(`${db}.periods`, first.ingest!))).toBe(false);
  });

  it('readers are confined to the files their generation lists', async () => {
    const { dir, db } = await legacy.take();
    const [{ path }] = await sqlRows(db, `SELECT path FROM period_files WHERE relation = 'line_items'`);
    const listed = await costlens(db, 'sql', `SELECT count(*) AS n FROM read_parquet('${path}')`, '--format', 'csv');
    expect([listed.code, listed.stdout]).toEqual([0, 'n\r\n1281\r\n']);
    const other = await costlens(db, 'sql', `SELECT count(*) FROM read_csv('${REAL_LEGACY_CSV}')`);
    expect(other.code).toBe(8);
    expect(other.stderr).toContain('Permission Error');
    expect(readdirSync(dir)).toContain('store.duckdb.periods');
    // The files never change at their path: a reader keeps their footers rather than reading them for every query.
    expect(await costlens(db, 'sql', `SELECT current_setting('parquet_metadata_cache') AS cached`, '--format', 'csv')).toEqual({ code: 0, stdout: 'cached\r\ntrue\r\n', stderr: '' });
  });

  it('a column the mapping leaves NULL on every line is not written, yet line_items has every column in its stored type', async () => {
    await reading((await legacy.take()).db, async (rows) => {
      const [{ path }] = await rows(`SELECT path FROM period_files WHERE relation = 'line_items'`);
      const written = (await rows(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`)).map((r) => r.column_name);
      expect(written).toHaveLength(80);
      expect(written).not.toContain('BillingAccountName');
      expect(written).not.toContain('x_ReservationArn');
      const describe = (relation: string) => rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation})`);
      const columns = await describe('line_items');
      expect(columns).toHaveLength(124);
      expect(columns).toEqual(await describe('line_items_inline'));
      expect(await rows(`SELECT count(*) AS n, count(BillingAccountName) AS names, count(x_ReservationArn) AS arns, sum(BilledCost) AS billed FROM line_items`))
        .toEqual([{ n: '1281', names: '0', arns: '0', billed: '1.6823086974' }]);
    });
  });

  it('the views read the period files alone, naming every stored column; lines a store kept inline from before version 12 are still read', async () => {
    const { db } = await legacy.take();
    const viewSql = async (rows: Rows) => (await rows(`SELECT sql FROM duckdb_views() WHERE view_name = 'line_items'`))[0].sql!;
    const columns = (rows: Rows, relation: string) => rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation})`);
    const totals = (rows: Rows) => rows(`SELECT count(*) AS n, sum(BilledCost) AS billed FROM line_items`);
    // One file, one schema: read as it is, without the inline table or a union by name.
    await reading(db, async (rows) => {
      expect(await viewSql(rows)).not.toMatch(/line_items_inline|union_by_name|UNION/);
      expect(await columns(rows, 'line_items')).toEqual(await columns(rows, 'line_items_inline'));
      expect(await totals(rows)).toEqual([{ n: '1281', billed: '1.6823086974' }]);
    });
    // Files of two schemas (a legacy CUR and a FOCUS file): read by name, still every stored column in its type.
    expect((await costlens(db, 'ingest', REAL_FOCUS)).code).toBe(0);
    await reading(db, async (rows) => {
      expect(await viewSql(rows)).toContain('union_by_name');
      expect(await viewSql(rows)).not.toContain('line_items_inline');
      expect(await columns(rows, 'line_items')).toEqual(await columns(rows, 'line_items_inline'));
      expect(await totals(rows)).toEqual([{ n: '2281', billed: '22.2025354263' }]);
    });
    // A line in the inline table (how stores before version 12 kept their lines) is read beside the files after the next ingest.
    await onCatalogue(db, `INSERT INTO line_items_inline SELECT * REPLACE ('inline-kept' AS x_Source) FROM line_items WHERE x_Source IS NOT NULL LIMIT 1`);
    expect((await costlens(db, 'ingest', REAL_FOCUS)).code).toBe(0);
    await reading(db, async (rows) => {
      expect(await viewSql(rows)).toContain('line_items_inline');
      expect(await columns(rows, 'line_items')).toEqual(await columns(rows, 'line_items_inline'));
      const [kept] = await rows(`SELECT BilledCost + 22.2025354263 AS billed FROM line_items_inline`);
      expect(await totals(rows)).toEqual([{ n: '2282', billed: kept.billed }]);
    });
  });

  it('after a migration the views are rebuilt where the listed files are (a column added to an inline table reaches its view); a moved store keeps its views until it is pointed at its own folder', async () => {
    const { db } = await legacy.take();
    const rebuildOn = async (path: string, before: string) => {
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      try {
        await connection.run(before);
        return await rebuildViewsWhereFilesAre(connection);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    };
    expect(await rebuildOn(db, 'ALTER TABLE line_items_inline ADD COLUMN x_Future VARCHAR')).toBe(true);
    expect(await sqlRows(db, `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM line_items) WHERE column_name = 'x_Future'`))
      .toEqual([{ column_name: 'x_Future', column_type: 'VARCHAR' }]);
    expect(await sqlRows(db, `SELECT count(*) AS n, count(x_Future) AS future, sum(BilledCost) AS billed FROM line_items`)).toEqual([{ n: '1281', future: '0', billed: '1.6823086974' }]);

    const { moved } = await ingestedThenMoved();
    const views = `SELECT sql FROM duckdb_views() WHERE NOT internal ORDER BY view_name`;
    const before = await sqlRowsOfCatalogue(moved, views);
    expect(await rebuildOn(moved, 'ALTER TABLE line_items_inline ADD COLUMN x_Future VARCHAR')).toBe(false);
    expect(await sqlRowsOfCatalogue(moved, views)).toEqual(before);
    expect((await costlens(moved, 'migrate')).code).toBe(0);
    expect(await sqlRows(moved, `SELECT count(*) AS n, count(x_Future) AS future, sum(BilledCost) AS billed FROM line_items`)).toEqual([{ n: '1281', future: '0', billed: '1.6823086974' }]);
  });

  it("each rollup's period file holds exactly its *_inline table's columns, in order and in their stored types, one file per rollup and billing period", async () => {
    await reading(await cachedDemoStore(inject('demoDir'), ['cur2']), async (rows) => { // one ingest of three billing periods
      const columns = async (relation: string) => (await rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation})`))
        .map((r) => `${r.column_name} ${r.column_type}`);
      for (const rollup of ['usage_daily', 'daily_spend', 'tag_spend_daily']) {
        const files = await rows(`SELECT x_BillingPeriod AS period, path FROM period_files WHERE relation = '${rollup}' ORDER BY 1`);
        expect(files.map((f) => f.period), rollup).toEqual(['2026-09', '2026-10', '2026-11']);
        const stored = await columns(`${rollup}_inline`);
        expect(stored.length, rollup).toBeGreaterThan(10);
        for (const file of files) expect(await columns(`read_parquet('${file.path}')`), `${rollup} ${file.period}`).toEqual(stored);
      }
    });
  });

  it('a store moved or copied with its folder: readers refuse it naming `costlens migrate`, which points it at its own folder; an ingest does the same first', async () => {
    const { dir, db } = await legacy.take();
    const figures = `SELECT count(*) AS n, sum(BilledCost) AS billed FROM line_items`;
    const held = [{ n: '1281', billed: '1.6823086974' }];
    expect(await sqlRows(db, figures)).toEqual(held);

    // Copied: the copy's reader would read the original's files; it is refused until migrated.
    const copy = join(dir, 'copy', 'store.duckdb');
    mkdirSync(join(dir, 'copy'));
    cpSync(db, copy);
    cpSync(`${db}.periods`, `${copy}.periods`, { recursive: true });
    const refused = await costlens(copy, 'status');
    expect([refused.code, refused.stderr.split('\n')[0]]).toEqual([7, `costlens: ${copy} was moved or copied with its folder of period files: its catalogue still names 4 files under ${db}.periods`]);
    expect(refused.stderr).toContain(`hint: run \`costlens migrate --db ${copy}\` once to point it at ${copy}.periods`);
    const migrated = await costlens(copy, 'migrate');
    expect([migrated.code, migrated.stdout, migrated.stderr]).toEqual([0, `the store ${copy} is up to date (schema version ${SCHEMA_VERSION})\npointed 4 period files at the store's own folder ${copy}.periods (the store was moved or copied with it)\n`, '']);
    expect(await sqlRows(copy, `SELECT count(*) FILTER (WHERE starts_with(path, '${copy}.periods/')) AS own, count(*) AS files FROM period_files`)).toEqual([{ own: '4', files: '4' }]);
    expect(await sqlRows(copy, figures)).toEqual(held);
    const again = await costlens(copy, 'migrate');
    expect([again.code, again.stdout, again.stderr]).toEqual([0, `the store ${copy} is up to date (schema version ${SCHEMA_VERSION})\n`, '']);

    // Moved (the old folder gone): the next ingest repoints it first and deletes none of its files.
    const moved = join(dir, 'moved', 'store.duckdb');
    mkdirSync(join(dir, 'moved'));
    renameSync(db, moved);
    renameSync(`${db}.periods`, `${moved}.periods`);
    expect((await costlens(moved, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    expect(await sqlRows(moved, figures)).toEqual(held);
    expect(await sqlRows(moved, `SELECT count(*) FILTER (WHERE starts_with(path, '${moved}.periods/')) AS own, count(*) AS files FROM (SELECT path FROM period_files UNION ALL SELECT path FROM retired_files)`)).toEqual([{ own: '8', files: '8' }]);
    expect(readdirSync(`${moved}.periods`)).toHaveLength(2); // the retired period stays for readers of the previous generation
  });

  it('a partial copy (a file cut short) is repointed where the copy is whole; the rest is still read from the original, and migrate says so', async () => {
    const { dir, db } = await legacy.take();
    const copy = join(dir, 'copy', 'store.duckdb');
    mkdirSync(join(dir, 'copy'));
    cpSync(db, copy);
    cpSync(`${db}.periods`, `${copy}.periods`, { recursive: true });
    const [{ path: cut }] = await sqlRows(db, `SELECT path FROM period_files WHERE relation = 'daily_spend'`);
    const copied = cut!.replace(`${db}.periods`, `${copy}.periods`);
    truncateSync(copied, 100);
    const migrated = await costlens(copy, 'migrate');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`pointed 3 period files at the store's own folder ${copy}.periods`);
    expect(migrated.stderr).toContain(`note: 1 period file is still read from outside ${copy}.periods (e.g. ${cut})`);
    expect(await sqlRows(copy, `SELECT count(*) AS n, sum(BilledCost) AS billed FROM line_items`)).toEqual([{ n: '1281', billed: '1.6823086974' }]);
    expect(await sqlRows(copy, `SELECT sum(billed_cost) AS billed FROM daily_spend`)).toEqual([{ billed: '1.6823086974' }]);
  });

  it('one store reached through a symbolic link and through its real folder is one store: never refused, never relocated, nothing deleted', async () => {
    const { dir } = tempStore();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    const viaLink = join(dir, 'link', 'store.duckdb');
    const viaReal = join(dir, 'real', 'store.duckdb');
    expect((await costlens(viaLink, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    const listed = `SELECT path FROM period_files ORDER BY path`;
    const named = await sqlRows(viaLink, listed);
    expect((await costlens(viaReal, 'status')).code).toBe(0);
    const migrated = await costlens(viaReal, 'migrate');
    expect([migrated.code, migrated.stdout, migrated.stderr]).toEqual([0, `the store ${viaReal} is up to date (schema version ${SCHEMA_VERSION})\n`, '']);
    expect(await sqlRows(viaReal, listed)).toEqual(named);
    expect((await costlens(viaReal, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    expect((await costlens(viaLink, 'status')).code).toBe(0);
    expect(readdirSync(join(dir, 'real', 'store.duckdb.periods'))).toHaveLength(2);
    expect(await sqlRows(viaLink, `SELECT count(*) AS n FROM line_items`)).toEqual([{ n: '1281' }]);
  });

  it('the server refuses a moved store (503) with the command that repoints it', async () => {
    const { moved } = await ingestedThenMoved();
    const server = await startServer({ storePath: moved, host: '127.0.0.1', port: 0 });
    try {
      const response = await fetch(`${server.url}/api/queries/invoice/by_charge_class?billing_from=2023-11-01&billing_to=2023-12-01`);
      expect(response.status).toBe(503);
      const body = await response.text();
      expect(body).toContain(`was moved or copied with its folder of period files`);
      expect(body).toContain(`costlens migrate --db ${moved}`);
    } finally {
      await server.close();
    }
  });

  it('`costlens start` on a moved store reuses it, repointed, instead of seeding the demo into it', async () => {
    const { dir, moved } = await ingestedThenMoved();
    const run = await costlens(moved, 'start', '--no-serve', '--demo-dir', join(dir, 'demo'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`reusing the store`);
    expect(run.stderr).toContain('pointed 4 period files at its own folder');
    expect(existsSync(join(dir, 'demo'))).toBe(false);
    expect(await sqlRows(moved, `SELECT count(*) AS n, sum(BilledCost) AS billed FROM line_items`)).toEqual([{ n: '1281', billed: '1.6823086974' }]);
  });
});
