import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { REAL_LEGACY_CSV, REAL_OCT_2018, costlens, tempStore } from '../helpers/cli.ts';
import { changedFiles, keptBytes } from '../helpers/file-bytes.ts';
import { appOn } from '../server/helpers.ts';

const WHERE_STORES_ARE = '--db (or COSTLENS_DB) names the store file `costlens ingest` writes (default data/costlens.duckdb)';

/** Writes a DuckDB database that costlens did not write: a table of its own, no schema_version. */
async function foreignDuckDB(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run('CREATE TABLE orders (id INTEGER)');
  connection.closeSync();
  instance.closeSync();
}

/**
 * `costlens status --db some-file.csv` printed DuckDB's "Catalog Error: Cannot launch in-memory
 * database in read-only mode!" (DuckDB reads a `.csv` or `.parquet` path as a data file), and an
 * ingest into such a path named the scratch copy it made (`….next-PID`) with DuckDB's "not a valid
 * DuckDB database file". Every command that opens a store now says `<path>: not a costlens store
 * (why)` with a hint (exit 7), before DuckDB tries, and leaves the file and its folder as they were.
 */
describe('a path that is not a costlens store: "<path>: not a costlens store (why)" and a hint, from every command', () => {
  const { dir } = tempStore();

  it('a CSV, a truncated Parquet file, an empty file, a folder, a DuckDB file of another program', async () => {
    const csv = join(dir, 'some-file.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    const parquet = join(dir, 'part.parquet');
    writeFileSync(parquet, readFileSync(REAL_OCT_2018).subarray(0, 5000));
    const empty = join(dir, 'empty.duckdb');
    writeFileSync(empty, '');
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const foreign = join(dir, 'orders.duckdb');
    await foreignDuckDB(foreign);
    const notDuckDB = `not a costlens store (it is not a DuckDB database file)\n  hint: ${WHERE_STORES_ARE}; billing files are loaded with \`costlens ingest FILE\`\n`;
    const expected: [string, string][] = [
      [csv, notDuckDB],
      [parquet, notDuckDB],
      [empty, `not a costlens store (it is an empty file)\n  hint: remove the empty file; \`costlens ingest FILES --db ${empty}\` then creates the store there\n`],
      [folder, `not a costlens store (it is a folder)\n  hint: ${WHERE_STORES_ARE}: give the file, e.g. ${folder}/costlens.duckdb\n`],
    ];
    const foreignError = `costlens: ${foreign}: not a costlens store (it is a DuckDB database without costlens's tables)\n`
      + '  hint: point --db (or COSTLENS_DB) at a store costlens wrote; `costlens ingest FILES --db FILE` creates one\n';
    const commands = [['status'], ['sql', 'SELECT 1'], ['attribute', '--tag', 'team'], ['invoice', '--period', '2023-11'], ['migrate'], ['ingest', REAL_LEGACY_CSV]];
    const listing = readdirSync(dir).sort();
    const kept = keptBytes([csv, parquet, empty, foreign]);
    for (const [path, error] of expected) {
      for (const args of commands) {
        const run = await costlens(path, ...args);
        expect([path, args, run.code, run.stdout, run.stderr]).toEqual([path, args, 7, '', `costlens: ${path}: ${error}`]);
      }
    }
    for (const args of commands) {
      const run = await costlens(foreign, ...args);
      expect([args, run.code, run.stdout, run.stderr]).toEqual([args, 7, '', foreignError]);
    }
    expect(readdirSync(dir).sort()).toEqual(listing);
    expect(readdirSync(folder)).toEqual([]);
    expect(changedFiles(kept)).toEqual([]);
  });

  it('`serve` and `start` refuse such a file before listening or generating the demo, and a running server answers 503 naming it', async () => {
    const csv = join(dir, 'served.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    const error = `costlens: ${csv}: not a costlens store (it is not a DuckDB database file)\n  hint: ${WHERE_STORES_ARE}; billing files are loaded with \`costlens ingest FILE\`\n`;
    for (const args of [['serve', '--port', '0'], ['start', '--port', '0', '--demo-dir', join(dir, 'demo-not-made')]]) {
      const run = await costlens(csv, ...args);
      expect([args, run.code, run.stdout, run.stderr]).toEqual([args, 7, '', error]);
    }
    expect(readdirSync(dir)).not.toContain('demo-not-made');
    const app = appOn(csv);
    try {
      const response = await app.request('/', { headers: { accept: 'text/html' } });
      expect(response.status).toBe(503);
      expect(await response.text()).toContain(`${csv}: not a costlens store (it is not a DuckDB database file)`);
    } finally {
      app.close();
    }
  });

  it('a missing store: readers say there is none, and how to make one', async () => {
    const missing = join(dir, 'missing', 'store.duckdb');
    for (const args of [['status'], ['sql', 'SELECT 1']]) {
      const run = await costlens(missing, ...args);
      expect([args, run.code, run.stderr]).toEqual([args, 5, `costlens: no store at ${missing}\n`
        + '  hint: ingest something first (`costlens ingest PATH`), or point --db / COSTLENS_DB at an existing store\n']);
    }
  });
});
