import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_OCT_2018, costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { holdStoreLock } from '../helpers/store-holder.ts';

/**
 * `costlens migrate` on a file that is not a store, a folder or a store another process holds gave
 * "unexpected error … this is a bug" (exit 1): it now gives the errors `status` gives ("not a
 * costlens store": tests/store/ingest-errors-not-a-store.test.ts). A store
 * whose period file was deleted failed every reader with DuckDB's "Permission Error: Cannot access
 * file …/**\/*.parquet" while `migrate` said it was up to date: every reader and `migrate` now name
 * the missing file and the ingest that writes it again, and that ingest repairs the store.
 */
describe('store errors: not a store, busy, period files missing', () => {
  it('migrate on a file that is not a DuckDB store, or a folder: "not a costlens store" (exit 7), as status says', async () => {
    const dir = scratchDir();
    const notAStore = join(dir, 'notes.duckdb');
    writeFileSync(notAStore, 'hello\n');
    const folder = join(dir, 'folder.duckdb');
    mkdirSync(folder);
    const where = '--db (or COSTLENS_DB) names the store file `costlens ingest` writes (default data/costlens.duckdb)';
    for (const [path, reason, hint] of [
      [notAStore, 'it is not a DuckDB database file', `${where}; billing files are loaded with \`costlens ingest FILE\``],
      [folder, 'it is a folder', `${where}: give the file, e.g. ${folder}/costlens.duckdb`],
    ]) {
      const migrate = await costlens(path, 'migrate');
      const status = await costlens(path, 'status');
      expect([migrate.code, migrate.stdout, migrate.stderr]).toEqual([7, '', `costlens: ${path}: not a costlens store (${reason})\n  hint: ${hint}\n`]);
      expect([status.code, status.stderr]).toEqual([migrate.code, migrate.stderr]);
    }
  });

  it('migrate on a store another process holds: busy (exit 6) once --wait runs out', async () => {
    const { db } = await storeCopy([[REAL_OCT_2018]]);
    const holder = await holdStoreLock(db);
    try {
      const run = await costlens(db, 'migrate', '--wait', '0');
      expect(run.code).toBe(6);
      expect(run.stderr).toMatch(new RegExp(`^costlens: the store ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is locked by another process \\(pid ${holder.pid}\\); waited 0 s\\n`
        + '  hint: another costlens ingest is probably running; retry when it finishes or raise --wait\\n$'));
    } finally {
      await holder.release();
    }
  });

  it('a deleted period file: readers and migrate name it and the ingest to run again (exit 7); that ingest repairs the store', async () => {
    const { db } = tempStore();
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    const folder = join(`${db}.periods`, readdirSync(`${db}.periods`)[0]);
    const deleted = join(folder, 'lines-0.parquet');
    rmSync(deleted);
    const message = `costlens: the store ${db} is missing 1 of the period files its catalogue lists: ${deleted} (the line_items of aws/123412340534 2023-11); `
      + 'its figures for that billing period cannot be read\n'
      + `  hint: ingest the billing period again to write it anew (costlens ingest ${REAL_LEGACY_CSV} --db ${db}); a copied store needs its whole .periods folder\n`;
    for (const args of [['invoice', '--period', '2023-11'], ['status'], ['sql', 'SELECT 1']]) {
      const run = await costlens(db, ...args);
      expect([args, run.code, run.stdout, run.stderr]).toEqual([args, 7, '', message]);
    }
    const migrate = await costlens(db, 'migrate');
    expect([migrate.code, migrate.stdout, migrate.stderr]).toEqual([7, `the store ${db} is up to date (schema version ${SCHEMA_VERSION})\n`, message]);

    const again = await costlens(db, 'ingest', REAL_LEGACY_CSV);
    expect(again.code, again.stderr).toBe(0);
    const [file] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    expect(file.billed).toBe('1.6823086974');
    const invoice = JSON.parse((await costlens(db, 'invoice', '--period', '2023-11', '--format', 'json')).stdout) as { total: { billedCost: string } }[];
    expect(invoice[0].total.billedCost).toBe(file.billed);
    expect((await costlens(db, 'status')).code).toBe(0);
  });
});
