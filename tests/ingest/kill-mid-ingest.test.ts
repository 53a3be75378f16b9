import { spawn } from 'node:child_process';
import { readdirSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ORPHAN_QUIET_MS } from '../../src/lib/work-dirs.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, sqlRows } from '../helpers/cli.ts';
import { cachedParquetParts } from '../helpers/parquet-parts.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

const BIN = resolve(__dirname, '../../bin/costlens.js');

describe('a process killed mid-ingest leaves the previous data intact', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('SIGKILL after two of eight files loaded: the store reopens with exactly the earlier ingest; the next ingest removes the work folder the killed one left', async () => {
    // A private copy of the store of the real October, ingested once per machine (tests/helpers/cached-stores.ts).
    const { db } = await storeCopy([[REAL_OCT_2018]]);
    const tmp = scratchDir();
    const before = await sqlRows(db, `SELECT count(*) AS n, sum(BilledCost) AS billed, (SELECT count(*) FROM ingests) AS ingests FROM line_items`);

    const parts = await cachedParquetParts(REAL_NOV_2018, 8);

    const child = spawn(process.execPath, [BIN, 'ingest', parts, REAL_OCT_2018, '--db', db, '--progress'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
    let stderr = '';
    const killed = await new Promise<boolean>((resolveKill, reject) => {
      const timer = setTimeout(() => reject(new Error(`ingest never reached the second file: ${stderr}`)), 60_000);
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
        if (/\[2\/9\] part-2\.snappy\.parquet: [\d,]+ rows/.test(stderr) && !child.killed) {
          clearTimeout(timer);
          resolveKill(child.kill('SIGKILL'));
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (!child.killed) reject(new Error(`ingest finished (exit ${code}) before it could be killed: ${stderr}`));
      });
    });
    expect(killed).toBe(true);
    await new Promise((done) => child.once('close', done));

    expect(await sqlRows(db, `SELECT count(*) AS n, sum(BilledCost) AS billed, (SELECT count(*) FROM ingests) AS ingests FROM line_items`)).toEqual(before);
    const workDirs = () => readdirSync(tmp).filter((name) => name.startsWith('costlens-'));
    const left = workDirs();
    expect(left).toEqual([expect.stringMatching(new RegExp(`^costlens-ingest-${child.pid}-[A-Za-z0-9]{6}$`))]);
    // Quiet for an hour (as if), its process gone: the next ingest into any store removes it.
    const anHourAgo = new Date(Date.now() - ORPHAN_QUIET_MS - 60_000);
    utimesSync(join(tmp, left[0]), anHourAgo, anHourAgo);
    vi.stubEnv('TMPDIR', tmp);
    const again = await costlens(db, 'ingest', parts, '--json');
    expect(again.code).toBe(0);
    expect(workDirs()).toEqual([]);
    const periods = await sqlRows(db, `SELECT x_BillingPeriod AS period, count(*) AS n FROM line_items GROUP BY 1 ORDER BY 1`);
    expect(periods).toEqual([{ period: '2018-10', n: '119307' }, { period: '2018-11', n: '124340' }]);
  });
});
