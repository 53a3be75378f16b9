import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { REAL_LEGACY_CSV, costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { changedFiles, keptBytes } from '../helpers/file-bytes.ts';
import { legacyTruth } from '../helpers/ingest-checks.ts';
import { writeNewGeneration } from '../../src/store/generation.ts';
import { acquireWriterLock } from '../../src/store/writer-lock.ts';

/** Writes a DuckDB database at `path` by running `statements` (none: an empty database, as `duckdb FILE` leaves it). */
async function duckdbFile(path: string, statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  for (const statement of statements) await connection.run(statement);
  connection.closeSync();
  instance.closeSync();
}

const foreignError = (path: string) => `costlens: ${path}: not a costlens store (it is a DuckDB database without costlens's tables)\n`
  + '  hint: point --db (or COSTLENS_DB) at a store costlens wrote; `costlens ingest FILES --db FILE` creates one\n';

/**
 * `costlens ingest FILE --db other.duckdb`, other.duckdb a DuckDB database another program wrote
 * (its own tables, no `schema_version`), added costlens's tables to it and swapped it in: exit 0,
 * the other program's file rewritten. Readers and `migrate` refused such a file; the write path now
 * does too (exit 7, the same message), and leaves the file byte-identical. An empty DuckDB database
 * (nothing of its own) holds nothing to lose: the ingest makes it a store.
 */
describe('ingest into a DuckDB database costlens did not write', () => {
  const { dir } = tempStore();

  it('refuses a database with anything of its own (a table, a view, a macro, a schema) and leaves it byte-identical', async () => {
    const databases: [string, string[]][] = [
      ['orders.duckdb', ['CREATE TABLE orders (id INTEGER, amount DECIMAL(10,2))', 'INSERT INTO orders VALUES (1, 12.50), (2, 7.25)']],
      ['view-only.duckdb', ['CREATE VIEW answer AS SELECT 42 AS n']],
      ['macro-only.duckdb', ['CREATE MACRO twice(x) AS x * 2']],
      ['schema-only.duckdb', ['CREATE SCHEMA sales']],
      ['other-schema-table.duckdb', ['CREATE SCHEMA sales', 'CREATE TABLE sales.orders (id INTEGER)']],
    ];
    for (const [name, statements] of databases) await duckdbFile(join(dir, name), statements);
    const listing = readdirSync(dir).sort();
    const kept = keptBytes(databases.map(([name]) => join(dir, name)));
    for (const [name] of databases) {
      const path = join(dir, name);
      const run = await costlens(path, 'ingest', REAL_LEGACY_CSV);
      expect([name, run.code, run.stdout, run.stderr]).toEqual([name, 7, '', foreignError(path)]);
    }
    expect(readdirSync(dir).sort()).toEqual(listing);
    expect(changedFiles(kept)).toEqual([]);
  });

  it('is refused by the ingest before it reads its inputs, and by every writer of a new generation (the check on the copy)', async () => {
    const path = join(dir, 'ledger-of-another.duckdb');
    await duckdbFile(path, ['CREATE TABLE ledger (id INTEGER)']);
    const kept = keptBytes([path]);
    const run = await costlens(path, 'ingest', join(dir, 'no-such-input.csv'));
    expect([run.code, run.stdout, run.stderr]).toEqual([7, '', foreignError(path)]);
    let ran = false;
    const written = writeNewGeneration(path, {}, async () => {
      ran = true;
    });
    await expect(written).rejects.toThrow(`${path}: not a costlens store (it is a DuckDB database without costlens's tables)`);
    expect(ran).toBe(false);
    expect(changedFiles(kept)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.startsWith('ledger-of-another'))).toEqual(['ledger-of-another.duckdb']);
  });

  it('a store that does not exist yet is judged new under the writer lock, not before it: a database another program writes there meanwhile is refused, untouched', async () => {
    // DuckDB cannot lock a file that does not exist, but a file can appear while a writer waits for its turn: whether the
    // store is new (no check for a foreign database, writer's open of its pid's own copy, open.ts newFile) is decided once the lock is taken.
    const path = join(dir, 'appears-while-waiting.duckdb');
    const held = await acquireWriterLock(path, 1_000);
    let ran = false;
    let waited = '';
    const written = writeNewGeneration(path, { waitMs: 30_000, onWait: (message) => { waited = message; } }, async () => {
      ran = true;
    });
    await duckdbFile(path, ['CREATE TABLE ledger (id INTEGER)']);
    const kept = keptBytes([path]);
    held.release();
    await expect(written).rejects.toThrow(`${path}: not a costlens store (it is a DuckDB database without costlens's tables)`);
    expect([ran, waited.startsWith('waiting for another ingest into')]).toEqual([false, true]);
    expect(changedFiles(kept)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.startsWith('appears-while-waiting'))).toEqual(['appears-while-waiting.duckdb']);
  });

  it('makes an empty DuckDB database a store: every line and cent of the file, and readers then open it', async () => {
    const empty = join(dir, 'empty.duckdb');
    await duckdbFile(empty, []);
    const before = await costlens(empty, 'status');
    expect([before.code, before.stderr]).toEqual([7, foreignError(empty)]);
    const run = await costlens(empty, 'ingest', REAL_LEGACY_CSV);
    expect([run.code, run.stderr.includes('not a costlens store')]).toEqual([0, false]);
    const [lines, billed] = await legacyTruth();
    const [stored] = await sqlRows(empty, 'SELECT count(*) AS n, CAST(sum(BilledCost) AS VARCHAR) AS billed FROM line_items');
    expect(stored).toEqual({ n: String(lines), billed });
    expect((await costlens(empty, 'status')).code).toBe(0);
  });
});
