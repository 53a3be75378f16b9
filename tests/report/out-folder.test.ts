/**
 * `report weekly --out PATH` takes a folder: it is created before anything is built, and a path that
 * cannot be one — an existing file, or a path through a file — is a usage error (exit 2) naming
 * --out and the path, before the store is opened (the store here does not exist). Before, the
 * report was built first and then failed with "unexpected error: EEXIST … this is a bug".
 * A folder under /proc was worse: Node's recursive mkdir retries it forever at full CPU (as root),
 * so that run is a child process killed if it has not ended in time — no timer of this process
 * could stop the loop, which never returns to the event loop.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { REAL_LEGACY_CSV } from '../helpers/cli.ts';
import { reportCli } from './helpers.ts';

const BIN = resolve(__dirname, '../../bin/costlens.js');
const HINT = '  hint: give a folder, existing or not (it is created); the e-mails are written into it as <week>-<audience>.eml and .html\n';

describe('report weekly --out: a folder, or a usage error naming it before anything is built', () => {
  it('an existing file is refused with exit 2, naming --out and the path', async () => {
    const file = join(scratchDir(), 'notes.txt');
    writeFileSync(file, 'kept\n');
    const run = await reportCli(join(scratchDir(), 'no-store.duckdb'), {}, 'weekly', '--out', file);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toBe(`costlens: report: --out ${file} cannot be the folder for the e-mails: EEXIST: file already exists, mkdir '${file}'\n${HINT}`);
    expect(statSync(file).isFile()).toBe(true);
  });

  it('a path through a file is refused the same way (ENOTDIR)', async () => {
    const file = join(scratchDir(), 'notes.txt');
    writeFileSync(file, 'kept\n');
    const run = await reportCli(join(scratchDir(), 'no-store.duckdb'), {}, 'weekly', '--out', join(file, 'week'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`costlens: report: --out ${join(file, 'week')} cannot be the folder for the e-mails: ENOTDIR: not a directory, mkdir '${join(file, 'week')}'\n${HINT}`);
  });

  it('a relative --out is made in the command\'s working folder, as a relative --db is read from it (it was the process\'s)', async () => {
    const cwd = scratchDir();
    const err: string[] = [];
    const sink = (into: string[]) => new Writable({ write(chunk, _encoding, done) { into.push(String(chunk)); done(); } });
    const code = await main(['report', 'weekly', '--out', 'mail/w'], { stdout: sink([]), stderr: sink(err), env: { ...process.env, COSTLENS_DB: 'no-store.duckdb' }, cwd });
    expect([code, err.join('')]).toEqual([5, `costlens: no store at ${join(cwd, 'no-store.duckdb')}\n  hint: ingest something first (\`costlens ingest PATH\`), or point --db / COSTLENS_DB at an existing store\n`]);
    expect([statSync(join(cwd, 'mail', 'w')).isDirectory(), existsSync(resolve('mail'))]).toEqual([true, false]);
  });

  it('a folder that does not exist is created with its parents before the store is read', async () => {
    const out = join(scratchDir(), 'reports', '2026');
    const run = await reportCli(join(scratchDir(), 'no-store.duckdb'), {}, 'weekly', '--out', out);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^costlens: no store at /);
    expect(existsSync(out) && statSync(out).isDirectory()).toBe(true);
  });

  it.skipIf(!existsSync('/proc'))('a folder mkdir cannot make (/proc/costlens-x) ends at once with exit 2 naming --out and the reason, not a spin forever', async () => {
    const out = '/proc/costlens-x';
    const reason = thrownMessage(() => mkdirSync(out));
    expect(reason).toMatch(/^E[A-Z]+: .*, mkdir '\/proc\/costlens-x'$/);
    const run = await childCli(['report', 'weekly', '--out', out, '--db', join(scratchDir(), 'no-store.duckdb')], 15_000);
    expect(run).toEqual({ code: 2, signal: null, stdout: '', stderr: `costlens: report: --out ${out} cannot be the folder for the e-mails: ${reason}\n${HINT}` });
    expect(existsSync(out)).toBe(false);
  }, 20_000);

  it.skipIf(!existsSync('/proc'))('a store under /proc (ingest --db /proc/costlens-x/s.duckdb) ends at once with a store error naming the folder (it spun too)', async () => {
    const run = await childCli(['ingest', '--db', '/proc/costlens-x/s.duckdb', REAL_LEGACY_CSV], 15_000);
    expect(run).toEqual({ code: 7, signal: null, stdout: '', stderr: 'costlens: /proc/costlens-x: cannot write (no such file or folder)\n  hint: check the store folder and TMPDIR\n' });
  }, 20_000);
});

/** The message of the error `fn` throws. */
function thrownMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('it did not throw');
}

/** Runs bin/costlens.js in a child process, killed (signal SIGKILL) if it has not ended within `ms`. */
function childCli(args: string[], ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { timeout: ms, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      done({ code, signal: error?.signal ?? null, stdout, stderr });
    });
  });
}
