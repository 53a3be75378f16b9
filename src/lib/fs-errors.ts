import { CostlensError, type ErrorCode } from '../errors.ts';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'a folder, not a file',
  ENOTDIR: 'a path through something that is not a folder',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EIO: 'an input/output error',
  ENOENT: 'no such file or folder',
};

/** True for a Node file-system error (it carries an errno code and, usually, the path). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined;
}

/** What went wrong, in words: `permission denied`, `no space left on the device` … */
export function fsReason(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  return REASONS[code] ?? (error.message.startsWith(`${code}: `) ? error.message : `${code}: ${error.message}`);
}

/**
 * A file-system error as a CostlensError naming the path and the reason: `input` (exit 4) for
 * the files being read, `store` (exit 7) for where costlens writes (the store, TMPDIR).
 */
export function describeFsError(error: NodeJS.ErrnoException, code: Extract<ErrorCode, 'input' | 'store'>, fallbackPath?: string): CostlensError {
  const path = error.path ?? fallbackPath ?? '(unknown path)';
  const reason = fsReason(error);
  const denied = error.code === 'EACCES' || error.code === 'EPERM';
  const hint = code === 'input'
    ? (denied ? 'make the file and its folders readable by this user' : 'check the path')
    : (denied || error.code === 'EROFS' ? 'costlens must be able to write beside the store and in TMPDIR; check their permissions' : 'check the store folder and TMPDIR');
  return new CostlensError(code, `${path}: cannot ${code === 'input' ? 'read' : 'write'} (${reason})`, { hint, cause: error });
}
