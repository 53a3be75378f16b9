import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, sqlRows, tempStore } from '../helpers/cli.ts';

/** Starts a separate process that holds the store open (read-only, as a server would) for `ms`. */
function holdStore(db: string, ms: number): Promise<ChildProcess> {
  const script = `
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(${JSON.stringify(db)}, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    await connection.run('SELECT count(*) FROM line_items');
    process.stdout.write('holding\\n');
    setTimeout(() => { connection.closeSync(); instance.closeSync(); process.exit(0); }, ${ms});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
  });
}

describe('an ingest while another process holds the store', () => {
  it('waits for its turn (bounded) and then succeeds', async () => {
    const { db } = tempStore();
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    const holder = await holdStore(db, 2_500);
    const run = await costlens(db, 'ingest', REAL_FOCUS, '--wait', '60');
    expect(run.stderr).toMatch(/waiting for the store .*locked by another process/);
    expect(run.code).toBe(0);
    await new Promise((done) => (holder.exitCode === null ? holder.once('exit', done) : done(null)));
    const [row] = await sqlRows(db, `SELECT count(*) AS n FROM line_items`);
    expect(row.n).toBe('2281');
  });

  it('gives up after --wait seconds with a clear message, changing nothing', async () => {
    const { db } = tempStore();
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    const holder = await holdStore(db, 6_000);
    const run = await costlens(db, 'ingest', REAL_FOCUS, '--wait', '1');
    expect(run.code).not.toBe(0);
    expect(run.stderr.split('\n')[1]).toMatch(/^costlens: the store .* is locked by another process \(pid \d+\); waited 1 s$/);
    holder.kill();
    await new Promise((done) => holder.once('exit', done));
    const [row] = await sqlRows(db, `SELECT count(*) AS n FROM line_items`);
    expect(row.n).toBe('1281');
  });
});
