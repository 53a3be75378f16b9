/**
 * A child process holding DuckDB's read-write lock on a store, as an ingest writing it does, until
 * released: for the tests of what a reader, a writer or the send plan does with a locked store.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Starts the holder and waits until it holds the lock; `release` ends it and waits for it to exit. */
export async function holdStoreLock(db: string): Promise<{ pid: number; release: () => Promise<void> }> {
  const script = `const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(${JSON.stringify(db)});
    const connection = await instance.connect();
    process.stdout.write('ready\\n');
    for await (const line of (await import('node:readline')).createInterface({ input: process.stdin })) break;
    connection.closeSync(); instance.closeSync();`;
  const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  const release = () => new Promise<void>((done) => {
    holder.once('exit', () => done());
    holder.stdin!.end('quit\n');
  });
  const first = await createInterface({ input: holder.stdout! })[Symbol.asyncIterator]().next();
  if (first.value !== 'ready') {
    await release();
    throw new Error(`the store holder did not start: it printed ${JSON.stringify(first.value)}`);
  }
  return { pid: holder.pid!, release };
}
