import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';

const BIN = resolve(__dirname, '../../bin/costlens.js');

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

async function novemberParts(dir: string): Promise<string> {
  const parts = join(dir, 'nov-parts');
  mkdirSync(parts);
  for (let i = 1; i <= 6; i++) {
    await duckdbRows(`COPY (SELECT * FROM read_parquet('${REAL_NOV_2018}') WHERE hash(identity_line_item_id, line_item_usage_start_date) % 6 = ${i - 1})
      TO '${join(parts, `part-${i}.snappy.parquet`)}' (FORMAT parquet)`);
  }
  return parts;
}

describe('several processes, one store', () => {
  it('an ingest never waits for readers; a reader keeps its generation until it reopens', async () => {
    const { db } = tempStore();
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
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
    const { dir, db } = tempStore();
    const parts = await novemberParts(dir);
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
    const { dir, db } = tempStore();
    expect((await costlens(db, 'ingest', REAL_LEGACY_CSV)).code).toBe(0);
    const parts = await novemberParts(dir);
    const first = spawn(process.execPath, [BIN, 'ingest', parts, '--db', db, '--progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((started) => first.stderr!.on('data', (chunk) => String(chunk).includes('[1/6]') && started()));
    const run = await costlens(db, 'ingest', REAL_FOCUS, '--wait', '1');
    expect(run.code).toBe(6);
    expect(run.stderr.split('\n').find((l) => l.startsWith('costlens:'))).toMatch(
      /^costlens: the store .* is being written by another costlens process \(pid \d+\); waited 1 s$/,
    );
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    const [row] = await sqlRows(db, `SELECT count(*) AS n FROM line_items`);
    expect(row.n).toBe('1281');
    expect((await costlens(db, 'ingest', REAL_FOCUS, '--wait', '5')).code).toBe(0);
  });
});
