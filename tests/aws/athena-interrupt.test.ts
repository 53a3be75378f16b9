/**
 * A long Athena run is visible and interruptible: while a query stays QUEUED or RUNNING a progress
 * line goes to stderr every aws.athena.progressSeconds (none for a quick query), and SIGINT or
 * SIGTERM sends StopQueryExecution for every query the run started that is still running, prints
 * what was stopped and scanned, and exits 130 or 143. Against the fake Athena on 127.0.0.1; the
 * signal tests run the CLI as a child process.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../src/engine/athena.ts';
import type { AthenaProgress } from '../../src/engine/athena-client.ts';
import type { CostlensError } from '../../src/errors.ts';
import { costlens, tempStore } from '../helpers/cli.ts';
import { FAKE_ATHENA_CONFIG as ATHENA, useFakeAthena } from '../helpers/fake-athena.ts';
import { fastAwsConfig, writeConfig } from './helpers.ts';

const BIN = resolve(__dirname, '../../bin/costlens.js');

/** 1.2 GB scanned so far by the query that never finishes. */
const SCANNED = 1_200_000_000;
const aws = useFakeAthena({ states: ['QUEUED', 'RUNNING'], scannedWhileRunning: SCANNED });
const { athena } = aws;

/** calendar/data_horizon's columns (@returns). */
const HORIZON_COLUMNS = [['first_day', 'date'], ['last_usage_day', 'date'], ['last_usage_end', 'timestamp'], ['horizon', 'date'], ['last_charge_day', 'date'], ['last_usage_period', 'varchar']]
  .map(([name, type]) => ({ name, type }));

/** Polls `done` every 20 ms until it holds; fails after `ms`. */
async function until(what: string, done: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The first query that is not the view's DDL: the one that stays RUNNING. */
const dataQuery = () => athena.executions.find((e) => !e.sql.startsWith('CREATE OR REPLACE VIEW'));

describe('an Athena run interrupted by a signal', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s stops the running query (StopQueryExecution with its id), says so with the scan so far, and exits %i', async (signal, exitCode) => {
    const { db } = tempStore();
    const config = writeConfig({ aws: { athena: ATHENA } });
    const child = spawn(process.execPath, [BIN, 'forecast', '--engine', 'athena', '--config', config, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const closed = new Promise<[number | null, string | null]>((done) => child.once('close', (code, sig) => done([code, sig])));
    try {
      await until('a GetQueryExecution of the running query', () => aws.fake.calls('athena', 'GetQueryExecution').some((c) => c.params.QueryExecutionId === dataQuery()?.id));
      child.kill(signal);
      const outcome = await Promise.race([closed, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`the CLI did not exit after ${signal}: ${stderr}`)), 30_000))]);
      const id = dataQuery()!.id;
      expect(outcome).toEqual([exitCode, null]);
      expect(aws.fake.calls('athena', 'StopQueryExecution').map((c) => c.params.QueryExecutionId)).toEqual([id]);
      expect(athena.executions.map((e) => e.stopped)).toEqual([false, true]);
      expect(aws.fake.calls('athena', 'StartQueryExecution')).toHaveLength(2);
      expect(stdout).toBe('');
      expect(stderr.split('\n').filter((line) => !/ (QUEUED|RUNNING) for /.test(line))).toEqual([
        `athena: ${signal} received, stopping the queries this run started`,
        `athena: stopped query ${id} (interrupted)`,
        // 1.2e9 bytes = 1.12 GiB, at $5/TB (TiB) $0.0055.
        'athena: 1 query, 1.12 GiB scanned, $0.0055 (interrupted; scanned so far)',
        '',
      ]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await closed;
    }
  });
});

describe('progress of a long Athena query', () => {
  it('the CLI prints a line every progressSeconds while a query is QUEUED/RUNNING, with the data scanned so far; the signal handlers are removed afterwards', async () => {
    const { db } = tempStore();
    const config = writeConfig({ aws: { athena: { ...ATHENA, timeoutSeconds: 2, progressSeconds: 0.4 } } });
    const listeners = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const run = await costlens(db, 'forecast', '--engine', 'athena', '--config', config);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(listeners);
    const id = dataQuery()!.id;
    expect(run.code).toBe(9);
    const lines = run.stderr.split('\n');
    const progress = lines.filter((line) => line.startsWith('athena: calendar/'));
    // 0.4, 0.8, 1.2, 1.6 s (the first at min(5 s, progressSeconds)); the timeout stops the query at 2 s.
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.length).toBeLessThanOrEqual(5);
    for (const line of progress) expect(line).toMatch(/^athena: calendar\/data_horizon (QUEUED|RUNNING) for \d+ s, 1\.2 GB scanned so far$/);
    expect(lines.find((line) => line.startsWith('costlens: '))).toBe(`costlens: athena query ${id} did not finish within 2 s; it was stopped`);
    expect(aws.fake.calls('athena', 'StopQueryExecution').map((c) => c.params.QueryExecutionId)).toEqual([id]);
  });

  it('a quick query reports no progress and leaves nothing running; an interrupted engine stops what runs and starts nothing more', async () => {
    // A query that finishes before progressSeconds reports nothing: 5 s, which the two polls of a quick query never
    // reach, even on a machine busy with other work (at 0.05 s a loaded machine reported the quick query QUEUED).
    const quickSeen: AthenaProgress[] = [];
    const quick = AthenaEngine.fromConfig({ aws: fastAwsConfig({ athena: { ...ATHENA, createView: false, progressSeconds: 5 } }), env: process.env, onProgress: (p) => quickSeen.push(p) });
    try {
      athena.scripts = [{ match: /./, states: ['QUEUED', 'SUCCEEDED'], columns: HORIZON_COLUMNS, rows: [HORIZON_COLUMNS.map(() => null)], dataScannedBytes: 10 }];
      await quick.run('calendar/data_horizon');
      expect(quickSeen).toEqual([]);
      expect(quick.running()).toEqual([]);
    } finally {
      await quick.close();
    }
    const seen: AthenaProgress[] = [];
    const engine = AthenaEngine.fromConfig({ aws: fastAwsConfig({ athena: { ...ATHENA, createView: false, progressSeconds: 0.05 } }), env: process.env, onProgress: (p) => seen.push(p) });
    try {

      athena.scripts = [{ match: /./, states: ['RUNNING'], scannedWhileRunning: SCANNED }];
      const running = engine.run('calendar/data_horizon').then(() => undefined, (e: unknown) => e as CostlensError);
      await until('the progress of the running query', () => seen.length >= 2, 10_000);
      const id = athena.executions.at(-1)!.id;
      expect(seen.slice(0, 2).map((p) => [p.queryExecutionId, p.label, p.dataScannedBytes])).toEqual([[id, 'calendar/data_horizon', SCANNED], [id, 'calendar/data_horizon', SCANNED]]);
      expect(engine.running()).toEqual([{ queryExecutionId: id, label: 'calendar/data_horizon', state: 'RUNNING', dataScannedBytes: SCANNED }]);
      const stopped = await engine.interrupt();
      expect(stopped).toEqual([{ query: 'calendar/data_horizon', label: 'calendar/data_horizon', queryExecutionId: id, dataScannedBytes: SCANNED, costUsd: (SCANNED / 1024 ** 4) * 5 }]);
      expect(aws.fake.calls('athena', 'StopQueryExecution').map((c) => c.params.QueryExecutionId)).toEqual([id]);
      expect((await running)?.message).toBe(`athena query ${id} cancelled: Query was cancelled by user`);
      expect(engine.running()).toEqual([]);
      const refused = await engine.run('calendar/data_horizon').catch((e: unknown) => e) as CostlensError;
      expect(refused.message).toBe('the Athena run was interrupted; no further query is started');
      expect(athena.executions).toHaveLength(2);
    } finally {
      await engine.close();
    }
  });
});
