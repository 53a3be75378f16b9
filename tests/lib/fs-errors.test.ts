import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeFsError, fsReason } from '../../src/lib/fs-errors.ts';

function errorOf(work: () => unknown): NodeJS.ErrnoException {
  try {
    work();
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error('expected an error');
}

describe('file-system errors in words', () => {
  it('names ENOENT in words, where a store folder under /proc said "ENOENT: ENOENT: no such file or directory, mkdir …"', () => {
    const error = Object.assign(new Error("ENOENT: no such file or directory, mkdir '/proc/costlens-x'"), { code: 'ENOENT', syscall: 'mkdir', path: '/proc/costlens-x' });
    const described = describeFsError(error, 'store');
    expect([described.code, described.message]).toEqual(['store', '/proc/costlens-x: cannot write (no such file or folder)']);
    expect(described.cause).toBe(error);
  });

  it('gives an unlisted code once, with Node\'s message', () => {
    const error = Object.assign(new Error("EBUSY: resource busy or locked, rmdir '/mnt'"), { code: 'EBUSY', syscall: 'rmdir' });
    expect(fsReason(error)).toBe("EBUSY: resource busy or locked, rmdir '/mnt'");
    expect(fsReason(Object.assign(new Error('odd'), { code: 'EODD', syscall: 'open' }))).toBe('EODD: odd');
  });

  it('a real ENOTDIR from mkdir reads as words', () => {
    const error = errorOf(() => mkdirSync('/dev/null/x'));
    expect([error.code, fsReason(error)]).toEqual(['ENOTDIR', 'a path through something that is not a folder']);
  });
});
