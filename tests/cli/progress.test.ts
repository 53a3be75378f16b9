import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressReporter } from '../../src/cli/progress.ts';
import { REAL_LEGACY_CSV, costlens, tempStore } from '../helpers/cli.ts';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(new Writable({ write(chunk, _e, done) { chunks.push(String(chunk)); done(); } }), { isTTY });
  return { stream, text: () => chunks.join('') };
}

const BIN = resolve(__dirname, '../../bin/costlens.js');

describe('progress for people: a bar on a terminal, a line every 10 s otherwise', () => {
  it('on a TTY the state is redrawn in place with its phase, bar, bytes, rate and rows; a logged line clears it first', () => {
    let now = 0;
    const out = sink(true);
    const progress = new ProgressReporter(out.stream, { tty: true, name: 'ingest', now: () => now });
    progress.update({ phase: 'map', item: 'big.parquet', index: 1, count: 2, bytes: 640e6 });
    now = 20_000;
    progress.update({ phase: 'parse', item: 'big.parquet', index: 1, count: 2, bytes: 640e6, percent: 0 });
    now = 30_000;
    progress.update({ phase: 'parse', item: 'big.parquet', index: 1, count: 2, bytes: 640e6, percent: 50, rows: 1000 });
    progress.log('[1/2] big.parquet: 2,000 rows');
    progress.finish();
    expect(out.text().split('\r\x1b[K')).toEqual([
      '',
      'ingest: map [1/2] big.parquet: 640.0 MB, 0 s in map, 0 s in all',
      `ingest: parse [1/2] big.parquet ${'░'.repeat(20)}: 0 % of 640.0 MB, 0 s in parse, 20 s in all`,
      // 320 MB in the 10 s since the parse phase began: 32.0 MB/s.
      `ingest: parse [1/2] big.parquet ${'█'.repeat(10)}${'░'.repeat(10)}: 50 % of 640.0 MB, 32.0 MB/s, 1,000 rows so far, 10 s in parse, 30 s in all`,
      '[1/2] big.parquet: 2,000 rows\n',
      `ingest: parse [1/2] big.parquet ${'█'.repeat(10)}${'░'.repeat(10)}: 50 % of 640.0 MB, 32.0 MB/s, 1,000 rows so far, 10 s in parse, 30 s in all`,
      '',
    ]);
  });

  it('without a TTY nothing is redrawn: a plain line every interval while the work lasts, and logged lines as they come', async () => {
    const out = sink(false);
    const progress = new ProgressReporter(out.stream, { tty: false, name: 'ingest', intervalMs: 40 });
    progress.update({ phase: 'rollups' });
    await new Promise((r) => setTimeout(r, 150));
    progress.log('done');
    progress.finish();
    const lines = out.text().split('\n');
    expect(out.text()).not.toContain('\r');
    const periodic = lines.filter((l) => /^ingest: rollups: \d+ s in rollups, \d+ s in all$/.test(l));
    expect(periodic.length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-2)).toBe('done');
    const settled = out.text();
    await new Promise((r) => setTimeout(r, 100));
    expect(out.text()).toBe(settled);
  });

  it.runIf(existsSync('/usr/bin/script'))('a real ingest on a pseudo-TTY shows the phases map, parse, rollups and commit, then the summary', () => {
    const { db } = tempStore();
    const command = `${process.execPath} ${BIN} ingest ${REAL_LEGACY_CSV} --db ${db}`;
    const output = execFileSync('/usr/bin/script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '200' }, timeout: 240_000 });
    for (const phase of ['unpack', 'map [1/1] cur-legacy-anonymous-2023-11.csv', 'parse [1/1] cur-legacy-anonymous-2023-11.csv', 'rollups', 'commit']) {
      expect(output).toContain(`\r\x1b[Kingest: ${phase}`);
    }
    expect(output).toMatch(/\[1\/1\] cur-legacy-anonymous-2023-11\.csv: 1,281 rows, [\d.]+ MB in [\d.]+ s/);
    expect(output).toMatch(/aws\/123412340534 +cur +2023-11 +1281 +\$1\.68/);
  }, 300_000);

  it('without a TTY, --progress prints a line per file loaded and no redraws; by default nothing', async () => {
    const { db } = tempStore();
    const run = await costlens(db, 'ingest', REAL_LEGACY_CSV, '--progress');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).toMatch(/^\[1\/1\] cur-legacy-anonymous-2023-11\.csv: 1,281 rows, [\d.]+ MB in [\d.]+ s/m);
    const quiet = await costlens(tempStore().db, 'ingest', REAL_LEGACY_CSV);
    expect(quiet.stderr).toBe('');
  }, 300_000);
});
