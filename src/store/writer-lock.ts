/**
 * The writer lock `<store>.lock`: one writer of a store at a time, across processes.
 *
 * A writer puts its owner record (pid, a random token, its process start time, boot id, host) in a
 * temporary file and hard-links it to the lock path: link() fails if the lock exists, so the lock
 * is never seen empty or half written. A lock is stale only when its owner is provably gone: the
 * machine restarted, the pid is dead, the pid now belongs to a process that started at another time
 * (pid reuse, e.g. in containers), or the pid is this process but the token is not one it holds.
 * A stale lock is cleared by one process at a time (under `<store>.lock.break`), by renaming it
 * aside and removing it only if it is still the record judged stale; anything else is put back.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, readdirSync, renameSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CostlensError, messageOf } from '../errors.ts';
import { fsReason, isFsError } from '../lib/fs-errors.ts';

/** What a lock file says about its owner. */
export interface LockOwner {
  pid: number;
  token: string;
  /** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), where /proc exists. */
  start?: string;
  /** /proc/sys/kernel/random/boot_id, where it exists. */
  boot?: string;
  host: string;
  at: string;
}

/** A lock file as read: its exact text (compared before removal) and the owner it names. */
interface LockRecord {
  raw: string;
  owner?: LockOwner;
  /** A lock of an older costlens: a bare pid, or empty. */
  legacyPid?: number;
  modifiedMs: number;
}

export interface WriterLock {
  path: string;
  token: string;
  /** True while the lock file still carries this writer's token. */
  held(): boolean;
  release(): void;
}

/** Tokens of the locks this process holds now (another task of this process may be their owner); shared by every copy of this module in the process. */
const heldTokens: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for('costlens.writerLockTokens')] ??= new Set<string>()) as Set<string>;
/** An old costlens wrote the pid right after creating the file: an empty lock younger than this is being written. */
const LEGACY_EMPTY_GRACE_MS = 5_000;
/** Temporary and set-aside files of killed writers are removed once this old. */
const LEFTOVER_AGE_MS = 10 * 60_000;

/** Start time of `pid` (clock ticks since boot), or undefined where /proc is not readable. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** When `pid` started (ms since the epoch), from /proc (clock ticks of 1/100 s since boot); undefined elsewhere. */
function processStartedAtMs(pid: number): number | undefined {
  const ticks = Number(processStartTime(pid));
  try {
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && bootSeconds > 0 ? bootSeconds * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockRecord | undefined {
  let raw: string;
  let modifiedMs: number;
  try {
    raw = readFileSync(path, 'utf8');
    modifiedMs = statSync(path).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw lockError(path, error);
  }
  try {
    const owner = JSON.parse(raw) as LockOwner;
    if (Number.isInteger(owner.pid) && typeof owner.token === 'string') return { raw, owner, modifiedMs };
  } catch {
    // an older costlens's lock: a bare pid, or nothing yet
  }
  const pid = Number(raw.trim() || NaN);
  return { raw, legacyPid: Number.isInteger(pid) ? pid : undefined, modifiedMs };
}

/** Why the record's owner is gone, or undefined while it may still be writing. */
function staleReason(record: LockRecord, now = Date.now()): string | undefined {
  const owner = record.owner;
  if (!owner) {
    if (record.legacyPid === undefined) return now - record.modifiedMs > LEGACY_EMPTY_GRACE_MS ? 'an empty lock left by an older costlens' : undefined;
    if (record.legacyPid === process.pid) return `pid ${record.legacyPid} is this process, which did not take the lock`;
    if (!processIsAlive(record.legacyPid)) return `process ${record.legacyPid} is gone`;
    const started = processStartedAtMs(record.legacyPid);
    return started !== undefined && started > record.modifiedMs + 1_000 ? `pid ${record.legacyPid} belongs to a process that started after the lock was written` : undefined;
  }
  if (heldTokens.has(owner.token)) return undefined;
  if (owner.host !== hostname()) return undefined;
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return 'the machine restarted since it was taken';
  if (owner.pid === process.pid) return `pid ${owner.pid} is this process, which did not take the lock`;
  if (!processIsAlive(owner.pid)) return `process ${owner.pid} is gone`;
  const start = processStartTime(owner.pid);
  if (owner.start && start && owner.start !== start) return `pid ${owner.pid} now belongs to another process`;
  return undefined;
}

function describeHolder(record: LockRecord): string {
  const owner = record.owner;
  if (!owner) return record.legacyPid === undefined ? 'an older costlens' : `pid ${record.legacyPid}`;
  return owner.host === hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.host}`;
}

function lockError(path: string, error: unknown): CostlensError {
  if (isFsError(error)) {
    return new CostlensError('store', `cannot take the writer lock ${path} (${fsReason(error)})`, { hint: 'the folder of the store must be writable by this user', cause: error });
  }
  return new CostlensError('store', `cannot take the writer lock ${path}: ${messageOf(error)}`, {
    hint: 'costlens writes this lock file beside the store while it writes: check that folder (permissions, free space), then run the command again',
    cause: error,
  });
}

/** Removes `path` if it still holds exactly `raw`: renamed aside first, anything else is put back. */
function removeIfUnchanged(path: string, raw: string, token: string): void {
  const aside = `${path}.stale-${token}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw lockError(path, error);
  }
  const moved = readLock(aside);
  if (moved && moved.raw !== raw) {
    try {
      linkSync(aside, path);
    } catch {
      // a new lock is already in place: the one set aside lost its race anyway
    }
  }
  rmSync(aside, { force: true });
}

/**
 * Clears the stale lock `seen`, one process at a time. Returns false when another process is
 * clearing it right now (the caller waits a moment), true otherwise.
 */
function clearStaleLock(path: string, seen: LockRecord, ownRecord: string, token: string): boolean {
  const breaker = `${path}.break`;
  try {
    linkSync(ownRecord, breaker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(breaker, error);
    const other = readLock(breaker);
    if (!other) return true;
    if (staleReason(other) === undefined) return false;
    removeIfUnchanged(breaker, other.raw, token);
    return true;
  }
  try {
    const now = readLock(path);
    if (now && now.raw === seen.raw) removeIfUnchanged(path, seen.raw, token);
  } finally {
    if (readLock(breaker)?.owner?.token === token) rmSync(breaker, { force: true });
  }
  return true;
}

function removeLeftovers(path: string): void {
  const prefix = `${basename(path)}.`;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix) || !/\.(tmp|stale-[0-9a-f]+)$/.test(name)) continue;
    const full = join(dirname(path), name);
    try {
      if (Date.now() - statSync(full).mtimeMs > LEFTOVER_AGE_MS) rmSync(full, { force: true });
    } catch {
      // gone already
    }
  }
}

/** Resolves when the lock file changes (inotify and the like) or after `ms`, whichever comes first. */
function lockChange(path: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let watcher: ReturnType<typeof watch> | undefined;
    const done = () => {
      clearTimeout(timer);
      watcher?.close();
      resolve();
    };
    const timer = setTimeout(done, ms);
    try {
      watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
        if (name === basename(path)) done();
      });
      watcher.on('error', done);
    } catch {
      // no change notification here: the timer alone paces the wait
    }
  });
}

/**
 * Takes `<store>.lock`, clearing a stale one (see the module comment) and waiting, bounded by
 * `waitMs`, while a live writer holds it. Throws `store_locked` naming the holder when time runs out.
 */
export async function acquireWriterLock(storePath: string, waitMs: number, onWait?: (message: string) => void): Promise<WriterLock> {
  const path = `${storePath}.lock`;
  const token = randomBytes(16).toString('hex');
  const owner: LockOwner = { pid: process.pid, token, start: processStartTime(process.pid), boot: bootId(), host: hostname(), at: new Date().toISOString() };
  const ownRecord = `${path}.${token}.tmp`;
  const writeOwnRecord = () => {
    try {
      writeFileSync(ownRecord, JSON.stringify(owner));
    } catch (error) {
      throw lockError(path, error);
    }
  };
  writeOwnRecord();
  const deadline = Date.now() + waitMs;
  let delay = 10;
  let announced = false;
  try {
    for (;;) {
      try {
        linkSync(ownRecord, path);
        heldTokens.add(token);
        removeLeftovers(path);
        return {
          path,
          token,
          held: () => readLock(path)?.owner?.token === token,
          release: () => {
            heldTokens.delete(token);
            if (readLock(path)?.owner?.token === token) rmSync(path, { force: true });
          },
        };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          writeOwnRecord();
          continue;
        }
        if (code !== 'EEXIST') throw lockError(path, error);
      }
      const current = readLock(path);
      if (!current) continue;
      if (staleReason(current) !== undefined) {
        if (!clearStaleLock(path, current, ownRecord, token)) await sleep(1);
        continue;
      }
      if (Date.now() + delay > deadline) {
        throw new CostlensError('store_locked', `the store ${storePath} is being written by another costlens process (${describeHolder(current)}); waited ${Math.round(waitMs / 1000)} s`, {
          hint: 'another ingest is running; retry when it finishes or raise --wait',
        });
      }
      if (!announced) {
        onWait?.(`waiting for another ingest into ${storePath} (${describeHolder(current)}) to finish …`);
        announced = true;
      }
      await lockChange(path, delay * (0.5 + Math.random()));
      delay = Math.min(delay * 2, 500);
    }
  } finally {
    rmSync(ownRecord, { force: true });
  }
}
