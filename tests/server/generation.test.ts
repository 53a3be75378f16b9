import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { appOn, ingestedStore } from './helpers.ts';

const BIN = resolve(__dirname, '../../bin/costlens.js');

/** Files this process holds open that have been deleted or replaced (Linux /proc). */
function openDeletedFiles(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.endsWith(' (deleted)') ? [target] : [];
    } catch {
      return [];
    }
  });
}

interface Observation {
  status: number;
  lines: number;
  generation: string | null;
  /** When the request was sent and when its answer was complete (performance.now()). */
  sent: number;
  done: number;
}

describe('the server and an ingest running at the same time', () => {
  let db: string;
  let app: CostlensApp;

  beforeAll(async () => {
    ({ db } = await ingestedStore(REAL_OCT_2018));
    app = appOn(db);
  });
  afterAll(() => app.close());

  it('keeps answering from the previous generation while the ingest runs, and switches as soon as it has finished', async () => {
    let top = 1;
    const ask = async (): Promise<Observation> => {
      const sent = performance.now();
      // A different `top` each time: a cache miss, so every request really reads the store.
      const response = await app.request(`/api/queries/explore/spend_by?dimension=usage_type&start=2018-10-01&end=2018-12-01&top=${(top++ % 400) + 1}`);
      const body = response.status === 200 ? await response.json() : { rows: [] };
      const lines = body.rows.reduce((n: number, r: { lines: string }) => n + Number(r.lines), 0);
      return { status: response.status, lines, generation: response.headers.get('x-costlens-generation'), sent, done: performance.now() };
    };
    const before = await ask();
    expect(before).toMatchObject({ status: 200, lines: 119307 });

    const ingest = spawn(process.execPath, [BIN, 'ingest', REAL_NOV_2018, '--db', db, '--wait', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    ingest.stderr.on('data', (chunk) => (stderr += String(chunk)));
    let exited = false;
    const exitCode = new Promise<number | null>((done) => ingest.once('exit', (code) => {
      exited = true;
      done(code);
    }));

    const observations: Observation[] = [];
    const client = async () => {
      while (!exited) observations.push(await ask());
    };
    await Promise.all([client(), client(), client(), client()]);
    expect(await exitCode, stderr).toBe(0);
    expect(stderr).not.toMatch(/waiting/);
    const after = await ask();

    expect(observations.every((o) => o.status === 200)).toBe(true);
    expect(new Set(observations.map((o) => o.lines))).toEqual(new Set(observations.some((o) => o.lines === 243647) ? [119307, 243647] : [119307]));
    const old = observations.filter((o) => o.lines === 119307);
    expect(old.length).toBeGreaterThanOrEqual(10); // served from the old generation while the ingest ran
    expect(new Set(old.map((o) => o.generation))).toEqual(new Set([before.generation]));
    // Requests already running finish on the generation they started with; but once any answer
    // showed the new data, no request sent after it sees the old data again.
    const firstNewAnswer = Math.min(...observations.filter((o) => o.lines === 243647).map((o) => o.done));
    expect(old.filter((o) => o.sent > firstNewAnswer)).toEqual([]);

    expect(after).toMatchObject({ status: 200, lines: 243647 });
    expect(after.generation).not.toBe(before.generation);
    const [store] = await sqlRows(db, `SELECT count(*) AS n FROM line_items`);
    expect(store.n).toBe('243647');
    const health = await (await app.request('/healthz')).json();
    expect(health.generation).toBe(after.generation);
    // The previous generation was closed once its last request finished: this process holds no
    // descriptor of the replaced (deleted) file, so its disk space is freed.
    expect(openDeletedFiles().filter((target) => target.startsWith(db))).toEqual([]);
  });

  it('drops the previous generation\'s cached results when it switches', async () => {
    const url = '/api/queries/overview/data_range';
    const first = await app.request(url);
    expect((await first.json()).rows[0].lines).toBe('243647');
    expect((await app.request(url)).headers.get('x-costlens-cache')).toBe('hit');
    expect(app.services.pool.generation).toBe(first.headers.get('x-costlens-generation'));
  });
});
