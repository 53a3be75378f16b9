/**
 * `report weekly --out PATH` takes a folder: it is created before anything is built, and a path that
 * cannot be one — an existing file, or a path through a file — is a usage error (exit 2) naming
 * --out and the path, before the store is opened (the store here does not exist). Before, the
 * report was built first and then failed with "unexpected error: EEXIST … this is a bug".
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';

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

  it('a folder that does not exist is created with its parents before the store is read', async () => {
    const out = join(scratchDir(), 'reports', '2026');
    const run = await reportCli(join(scratchDir(), 'no-store.duckdb'), {}, 'weekly', '--out', out);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^costlens: no store at /);
    expect(existsSync(out) && statSync(out).isDirectory()).toBe(true);
  });
});
