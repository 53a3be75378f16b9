import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { processStartTime } from '../../src/store/writer-lock.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, costlens, sqlRows, tempStore, type CliRun } from '../helpers/cli.ts';
import { cachedParquetParts } from '../helpers/parquet-parts.ts';
import { ingestedFolder } from '../helpers/ingested-folder.ts';

const BIN = resolve(__dirname, '../../bin/costlens.js');

/** The store one `costlens ingest` of the real legacy CSV made, put back for each test that starts from it. */
const legacy = ingestedFolder(REAL_LEGACY_CSV);

/** A separate process that opens the store read-only (as the server does) and counts on request. */
function startReader(db: string) {
  const script = `
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(${JSON.stringify(db)}, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const count = async () => String((await connection.runAndReadAll('SELECT count(*) FROM line_items')).getRows()[0][0]);
    process.stdout.write(await count() + '\\n');
    for await (const line of (await import('node:readline')).createInterface({ input: process.stdin })) {
      if (line === 'count') process.stdout.write(await count() + '\\n');
      else break;
    }
    connection.closeSync(); instance.closeSync();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    next: async () => (await lines.next()).value as string,
    ask: async () => {
      child.stdin!.write('count\n');
      return (await lines.next()).value as string;
    },
    stop: () => new Promise((done) => {
      child.once('exit', done);
      child.stdin!.end('quit\n');
    }),
  };
}

describe('several processes, one store', () => {
  it('an ingest never waits for readers; a reader keeps its generation until it reopens', async () => {
    const { db } = await legacy.take();
    const reader = startReader(db);
    expect(await reader.next()).toBe('1281');
    const run = await costlens(db, 'ingest', REAL_FOCUS, '--wait', '0');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await reader.ask()).toBe('1281');
    await reader.stop();
    const [row] = await sqlRows(db, `SELECT count(*) AS n FROM line_items`);
    expect(row.n).toBe('2281');
  });

  it('two ingests take turns: the second waits (bounded) for the first and both land', async () => {
    const { db } = tempStore();
    const parts = await cachedParquetParts(REAL_NOV_2018, 6);
    const first = spawn(process.execPath, [BIN, 'ingest', parts, '--db', db, '--progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((started, failed) => {
      let stderr = '';
      first.stderr!.on('data', (chunk) => {
        stderr += String(chunk);
        if (stderr.includes('[1/6]')) started();
      });
      first.once('exit', (code) => failed(new Error(`first ingest ended early (${code}): ${stderr}`)));
    });
    const second = await costlens(db, 'ingest', REAL_FOCUS, '--wait', '120');
    expect(second.stderr).toMatch(/^waiting for another ingest into .* \(pid \d+\) to finish/);
    expect(second.code).toBe(0);
    const firstCode = first.exitCode ?? (await new Promise((done) => first.once('exit', done)));
    expect(firstCode).toBe(0);
    const rows = await sqlRows(db, `SELECT x_SourceFormat AS format, count(*) AS n FROM line_items GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([{ format: 'cur-athena', n: '124340' }, { format: 'focus', n: '1000' }]);
  });

  it('gives up after --wait seconds with a clear message, changing nothing', async () => {
    const { db } = await legacy.take();
    const parts = await cachedParquetParts(REAL_NOV_2018, 6);
    const first = spawn(process.execPath, [BIN, 'ingest', parts, '--db', db, '--progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const ended = new Promise((done) => first.once('exit', done));
    await new Promise<void>((started) => first.stderr!.on('data', (chunk) => String(chunk).includes('[1/6]') && started()));
    // Paused while the second waits: still a live writer holding the lock, without ingesting the parts its kill throws away.
    first.kill('SIGSTOP');
    let run: CliRun;
    try {
      run = await costlens(db, 'ingest', REAL_FOCUS, '--wait', '1');
    } finally {
      first.kill('SIGKILL');
      await ended;
    }
    expect(run.code).toBe(6);
    expect(run.stderr.split('\n').find((l) => l.startsWith('costlens:'))).toMatch(
      /^costlens: the store .* is being written by another costlens process \(pid \d+\); waited 1 s$/,
    );
    const [row] = await sqlRows(db, `SELECT count(*) AS n FROM line_items`);
    expect(row.n).toBe('1281');
    expect((await costlens(db, 'ingest', REAL_FOCUS, '--wait', '5')).code).toBe(0);
  });
});

/** A process that only waits (someone else's pid, alive), stopped by `stop()`: sleep(1), which costs less to start than Node. */
async function startSleeper(): Promise<ChildProcess & { stop: () => Promise<void> }> {
  const child = spawn('sleep', ['120'], { stdio: 'ignore' });
  await new Promise((started) => child.once('spawn', started));
  return Object.assign(child, {
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((done) => child.once('exit', done));
      }
    },
  });
}

function bootId(): string {
  return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
}

describe('the writer lock: stale only when its owner is provably gone, never waiting for itself', () => {
  const minuteAgo = () => new Date(Date.now() - 60_000);

  it('a lock of an older costlens naming a live but unrelated pid (a process started after the lock was written) is cleared', async () => {
    const { db } = tempStore();
    const sleeper = await startSleeper();
    try {
      writeFileSync(`${db}.lock`, String(sleeper.pid));
      utimesSync(`${db}.lock`, minuteAgo(), minuteAgo());
      const run = await costlens(db, 'ingest', REAL_FOCUS, '--wait', '0');
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(existsSync(`${db}.lock`)).toBe(false);
    } finally {
      await sleeper.stop();
    }
  });

  it('a lock naming a live pid whose process started at another time (pid reuse) is cleared', async () => {
    const { db } = tempStore();
    const sleeper = await startSleeper();
    try {
      const owner = { pid: sleeper.pid, token: 'f'.repeat(32), start: '1', boot: bootId(), host: hostname(), at: minuteAgo().toISOString() };
      writeFileSync(`${db}.lock`, JSON.stringify(owner));
      const run = await costlens(db, 'ingest', REAL_FOCUS, '--wait', '0');
      expect([run.code, run.stderr]).toEqual([0, '']);
    } finally {
      await sleeper.stop();
    }
  });

  it("a lock naming this process's own pid, which it never took, does not make it wait for itself", async () => {
    const { db } = tempStore();
    writeFileSync(`${db}.lock`, String(process.pid));
    expect((await costlens(db, 'ingest', REAL_FOCUS, '--wait', '0')).code).toBe(0);
    const owner = { pid: process.pid, token: 'e'.repeat(32), start: processStartTime(process.pid), boot: bootId(), host: hostname(), at: new Date().toISOString() };
    writeFileSync(`${db}.lock`, JSON.stringify(owner));
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV, '--wait', '0')).code).toBe(0);
    const [row] = await sqlRows(db, `SELECT count(*) AS n FROM line_items`);
    expect(row.n).toBe('2281');
  });

  it('a lock of a dead process is cleared; an empty lock of an older costlens is cleared once it is a few seconds old', async () => {
    const { db } = tempStore();
    const gone = await startSleeper();
    await gone.stop();
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: gone.pid, token: 'd'.repeat(32), start: '1', boot: bootId(), host: hostname(), at: new Date().toISOString() }));
    expect((await costlens(db, 'ingest', REAL_FOCUS, '--wait', '0')).code).toBe(0);
    writeFileSync(`${db}.lock`, '');
    utimesSync(`${db}.lock`, minuteAgo(), minuteAgo());
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV, '--wait', '0')).code).toBe(0);
  });

  it('a live writer\'s lock is waited for, bounded, and left as it was; so is an empty lock being written', async () => {
    const { db } = tempStore();
    const sleeper = await startSleeper();
    try {
      const owner = JSON.stringify({ pid: sleeper.pid, token: 'c'.repeat(32), start: processStartTime(sleeper.pid!), boot: bootId(), host: hostname(), at: new Date().toISOString() });
      writeFileSync(`${db}.lock`, owner);
      const run = await costlens(db, 'ingest', REAL_FOCUS, '--wait', '1');
      expect(run.code).toBe(6);
      expect(run.stderr.split('\n')).toEqual([
        `waiting for another ingest into ${db} (pid ${sleeper.pid}) to finish …`,
        `costlens: the store ${db} is being written by another costlens process (pid ${sleeper.pid}); waited 1 s`,
        '  hint: another ingest is running; retry when it finishes or raise --wait',
        '',
      ]);
      expect(readFileSync(`${db}.lock`, 'utf8')).toBe(owner);
      writeFileSync(`${db}.lock`, '');
      expect((await costlens(db, 'ingest', REAL_FOCUS, '--wait', '1')).code).toBe(6);
      expect(readFileSync(`${db}.lock`, 'utf8')).toBe('');
    } finally {
      await sleeper.stop();
    }
  });
});
