import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV } from '../helpers/cli.ts';

const BIN = resolve(__dirname, '../../bin/costlens.js');
/** Root reads every file whatever its mode: as root, the CLI runs as `nobody`, as anyone else, as itself. */
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function costlensUnprivileged(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { ...AS_NOBODY, cwd, env: { ...process.env, HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.once('error', fail);
    child.once('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('permission errors name the path and exit 4 (what is read) or 7 (where costlens writes), not 1 "this is a bug"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'costlens-perm-'));
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
    const run = await costlensUnprivileged(writable, ['ingest', closed, '--db', db]);
    expect([run.code, run.stderr]).toEqual([4, `costlens: ${closed}: cannot read (permission denied)\n  hint: make the file and its folders readable by this user\n`]);
  });

  it('a store in a folder this user cannot write', async () => {
    const readOnly = join(dir, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const store = join(readOnly, 'store.duckdb');
    const run = await costlensUnprivileged(writable, ['ingest', REAL_FOCUS, '--db', store]);
    expect([run.code, run.stderr]).toEqual([7, `costlens: cannot take the writer lock ${store}.lock (permission denied)\n  hint: the folder of the store must be writable by this user\n`]);
  });
});
