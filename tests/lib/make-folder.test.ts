/**
 * makeFolder (src/lib/make-folder.ts): `mkdir -p` one system call per step, never Node's recursive
 * mkdir (which spins forever under /proc as root: tests/report/out-folder.test.ts runs that in a
 * child it can kill). It makes what is missing, refuses a file with the OS's own error for the
 * path as given, and says what it made first.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolders } from '../../src/ingest/new-folders.ts';
import { makeFolder } from '../../src/lib/make-folder.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/** The error `fn` throws, as its code, syscall, path and message. */
function thrown(fn: () => unknown): Pick<NodeJS.ErrnoException, 'code' | 'syscall' | 'path' | 'message'> {
  try {
    fn();
  } catch (error) {
    const { code, syscall, path, message } = error as NodeJS.ErrnoException;
    return { code, syscall, path, message };
  }
  throw new Error('it did not throw');
}

describe('makeFolder', () => {
  it('makes the folder and its missing parents, returning the first it made; a folder already there is left as it is', () => {
    const root = scratchDir();
    const out = join(root, 'reports', '2026', 'W45');
    expect(makeFolder(out)).toBe(join(root, 'reports'));
    expect(statSync(out).isDirectory()).toBe(true);
    writeFileSync(join(out, 'kept.eml'), 'kept\n');
    expect(makeFolder(out)).toBeUndefined();
    expect(makeFolder(`${out}/`)).toBeUndefined();
    expect(readdirSync(out)).toEqual(['kept.eml']);
  });

  it('returns a relative path as given (Node\'s recursive mkdir does), and undoing an ingest\'s folders keeps an empty parent that was there (it removed it)', () => {
    const root = scratchDir();
    mkdirSync(join(root, 'keep'));
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect(makeFolder(join('keep', 'store', 'periods'))).toBe(join('keep', 'store'));
      expect(makeFolder('keep')).toBeUndefined();
      const undo = makeFolders(join('keep', 'other', './x'));
      expect(statSync(join('keep', 'other', 'x')).isDirectory()).toBe(true);
      undo();
      expect([existsSync(join('keep', 'other')), readdirSync('keep').sort()]).toEqual([false, ['store']]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('takes a link to a folder as that folder', () => {
    const root = scratchDir();
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'link'));
    expect(makeFolder(join(root, 'link'))).toBeUndefined();
    expect(makeFolder(join(root, 'link', 'inner'))).toBe(join(root, 'link', 'inner'));
    expect(statSync(join(root, 'real', 'inner')).isDirectory()).toBe(true);
  });

  it('refuses an existing file with EEXIST and a path through one with ENOTDIR, each naming the path as given, as Node says it', () => {
    const root = scratchDir();
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'kept\n');
    expect(thrown(() => makeFolder(file))).toEqual({ code: 'EEXIST', syscall: 'mkdir', path: file, message: `EEXIST: file already exists, mkdir '${file}'` });
    const deep = join(file, 'a', 'b');
    expect(thrown(() => makeFolder(deep))).toEqual({ code: 'ENOTDIR', syscall: 'mkdir', path: deep, message: `ENOTDIR: not a directory, mkdir '${deep}'` });
    // Node's recursive mkdir says the very same for both.
    expect(thrown(() => mkdirSync(file, { recursive: true })).message).toBe(`EEXIST: file already exists, mkdir '${file}'`);
    expect(thrown(() => mkdirSync(deep, { recursive: true })).message).toBe(`ENOTDIR: not a directory, mkdir '${deep}'`);
    expect(readFileSync(file, 'utf8')).toBe('kept\n');
  });

  it('stops at the first mkdir that fails and throws its error: a dangling link where a parent should be', () => {
    const root = scratchDir();
    symlinkSync(join(root, 'gone'), join(root, 'dangling'));
    const out = join(root, 'dangling', 'week');
    expect(thrown(() => makeFolder(out))).toEqual({
      code: 'EEXIST', syscall: 'mkdir', path: join(root, 'dangling'), message: `EEXIST: file already exists, mkdir '${join(root, 'dangling')}'`,
    });
    expect(existsSync(join(root, 'gone'))).toBe(false);
  });
});
