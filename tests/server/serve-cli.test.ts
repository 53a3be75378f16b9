import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_LEGACY_CSV, costlens } from '../helpers/cli.ts';
import { NAVIGATION } from '../../src/server/navigation.ts';
import { appOn, ingestedStore, page } from './helpers.ts';

const BIN = resolve(__dirname, '../../bin/costlens.js');

describe('costlens serve', () => {
  let db: string;
  beforeAll(async () => {
    ({ db } = await ingestedStore(REAL_LEGACY_CSV));
  });

  it('listens on 127.0.0.1, prints the URL on stdout, serves, and stops cleanly on SIGTERM', async () => {
    const env = { ...process.env };
    delete env.COSTLENS_TOKEN;
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const [line] = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
    expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const health = await fetch(`${line}healthz`);
    expect(health.status).toBe(200);
    expect((await health.json()).status).toBe('ok');
    const csv = await fetch(`${line}api/queries/store/spend_by_service?period=2023-11&format=csv`);
    const cli = await costlens(db, 'query', 'store/spend_by_service', '--param', 'period=2023-11', '--format', 'csv');
    expect(await csv.text()).toBe(cli.stdout);
    expect(stderr).toMatch(/read-only on http:\/\/127\.0\.0\.1:\d+\/; Ctrl-C stops/);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('rejects a bad port with a usage error: not a number, or past 65535', async () => {
    for (const port of ['http', '99999']) {
      const run = await costlens(db, 'serve', '--port', port);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`costlens: --port must be an integer from 0 to 65535; got "${port}"\n  hint: give a whole number from 0 to 65535, e.g. --port 8787 (the default)\n`);
    }
  });

  it('--help describes the flags and COSTLENS_TOKEN', async () => {
    const run = await costlens(db, 'serve', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('costlens serve [--host 127.0.0.1] [--port 8787] [--db FILE] [--config FILE]');
    expect(run.stdout).toContain('COSTLENS_TOKEN');
  });

  it('--help lists every page the server serves, each at its path, from the navigation itself (it named 4 dashboards of 8), and each of them answers', async () => {
    const run = await costlens(db, 'serve', '--help');
    const listed = run.stdout.slice(run.stdout.indexOf('the dashboards at these paths:\n')).split('\n').slice(1, 10);
    expect(listed).toEqual([
      '    /               Overview',
      '    /explore        Explore',
      '    /attribution    Attribution',
      '    /optimisation   Optimisation',
      '    /commitments    Commitments',
      '    /storage        Storage',
      '    /data-transfer  Data transfer',
      '    /kpi            KPIs',
      '    /resource       Resource (a detail view, linked from the other pages)',
    ]);
    expect(listed.map((line) => line.trim().split(/\s+/)[0])).toEqual(NAVIGATION.map((entry) => entry.path));
    const app = appOn(db);
    try {
      for (const path of ['/', '/explore', '/attribution', '/optimisation', '/commitments', '/storage', '/data-transfer', '/kpi']) {
        expect([200, 302], path).toContain((await page(app, path)).status);
      }
    } finally {
      await app.close();
    }
  });
});
