import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

const BIN = resolve(__dirname, '../../bin/costlens.js');
/** Root reads every file whatever its mode: as root, the CLI runs as `nobody`, as anyone else, as itself. */
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** The first folder above `path` that others cannot enter (no o+x), if any: `nobody` could not run the CLI from there. */
function closedToOthers(path: string): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

/** As root, the checkout must be reachable by `nobody` (a clone inside `mktemp -d`, mode 0700, is not). */
const CLOSED = process.getuid?.() === 0 ? closedToOthers(BIN) : undefined;
if (CLOSED) {
  console.warn(`SKIPPED tests/ingest/permissions.test.ts: it runs the CLI as nobody, who cannot enter ${CLOSED} (mode ${(statSync(CLOSED).mode & 0o777).toString(8)}); clone where others may enter (e.g. chmod o+x ${CLOSED}) to run it`);
}

/**
 * Runs the CLI as `nobody` (as root) in `cwd`, which is also its HOME and, through a sticky
 * world-writable `tmp` inside it, its TMPDIR: the runner's TMPDIR (a `mktemp -d` folder, say) need
 * not be writable by `nobody`, and a failure to write there is not the error under test.
 */
function costlensUnprivileged(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const tmp = join(cwd, 'tmp');
  mkdirSync(tmp, { recursive: true });
  chmodSync(tmp, 0o1777);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { ...AS_NOBODY, cwd, env: { ...process.env, HOME: cwd, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.once('error', fail);
    child.once('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe.skipIf(CLOSED !== undefined)('permission errors name the path and exit 4 (what is read) or 7 (where costlens writes), not 1 "this is a bug"', () => {
  const dir = scratchDir();
  chmodSync(dir, 0o755);
  const writable = join(dir, 'store');
  mkdirSync(writable);
  chmodSync(writable, 0o777);
  const db = join(writable, 'store.duckdb');

  it('an unreadable CSV, and an unreadable .gz', async () => {
    const csv = join(dir, 'unreadable.csv');
    copyFileSync(REAL_LEGACY_CSV, csv);
    chmodSync(csv, 0o000);
    const gz = join(dir, 'unreadable.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(REAL_FOCUS)));
    chmodSync(gz, 0o000);
    for (const path of [csv, gz]) {
      const run = await costlensUnprivileged(writable, ['ingest', path, '--db', db]);
      expect([run.code, run.stderr]).toEqual([4, `costlens: ${path}: cannot read (permission denied)\n  hint: make the file and its folders readable by this user\n`]);
    }
  });

  it('a folder that cannot be listed', async () => {
    const closed = join(dir, 'closed');
    mkdirSync(closed);
    copyFileSync(REAL_FOCUS, join(closed, 'focus.csv'));
    chmodSync(closed, 0o000);
    const run = await costlensUnprivileged(writable, ['ingest', closed, '--db', db]).finally(() => chmodSync(closed, 0o755));
    expect([run.code, run.stderr]).toEqual([4, `costlens: ${closed}: cannot read (permission denied)\n  hint: make the file and its folders readable by this user\n`]);
  });

  it('a store in a folder this user cannot write', async () => {
    const readOnly = join(dir, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const store = join(readOnly, 'store.duckdb');
    const focus = join(dir, 'focus.csv');
    copyFileSync(REAL_FOCUS, focus);
    chmodSync(focus, 0o644);
    const run = await costlensUnprivileged(writable, ['ingest', focus, '--db', store]);
    expect([run.code, run.stderr]).toEqual([7, `costlens: cannot take the writer lock ${store}.lock (permission denied)\n  hint: the folder of the store must be writable by this user\n`]);
  });
});
