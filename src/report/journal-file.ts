/**
 * Append-only run journals beside the store (`<store>.<kind>-<run>.journal`), shared by the
 * weekly report's send journal and the alert journal: one file per run, a `start` header line,
 * then event lines, each append fsynced (and the folder once, so the new name survives a power
 * cut) before the caller acts on it. Reading ignores a last line cut short by a kill.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { CostlensError, messageOf } from '../errors.ts';

/** A failure to write a journal: the run must stop, since an unrecorded send could be repeated. */
export class SendJournalError extends CostlensError {}

/** Which journal: its file-name word, how errors name it, and the hint they give. */
export interface JournalKind {
  /** `sends` or `alerts`: the file is `<store>.<word>-<run>.journal`. */
  word: string;
  /** `send journal`, `alert journal`. */
  label: string;
  hint: string;
}

/** A journal as read back: its run, the header's pid and start time, and its events in order. */
export interface RunJournalFile<E> {
  path: string;
  runId: string;
  pid: number | null;
  startedAt: string | null;
  events: E[];
}

/** An open journal of the running process. */
export interface RunJournal<N> {
  readonly path: string;
  readonly runId: string;
  /** Appends the events (stamped with the time) and fsyncs them: when this returns they survive a kill or a power cut. */
  append(events: readonly N[]): void;
  close(): void;
}

const SUFFIX = '.journal';
const infix = (storePath: string, kind: JournalKind) => `${basename(storePath)}.${kind.word}-`;

/** The journals of this kind beside the store, oldest run first (names order runs by start time). */
export function listRunJournals(storePath: string, kind: JournalKind): string[] {
  const prefix = infix(storePath, kind);
  return readdirSync(dirname(storePath))
    .filter((name) => name.startsWith(prefix) && name.endsWith(SUFFIX))
    .sort()
    .map((name) => join(dirname(storePath), name));
}

/** Reads a journal; a line cut short by a kill (always the last one written) is ignored. */
export function readRunJournal<E>(path: string, kind: JournalKind): RunJournalFile<E> {
  const name = basename(path);
  const marker = `.${kind.word}-`;
  const file: RunJournalFile<E> = { path, runId: name.slice(name.indexOf(marker) + marker.length, -SUFFIX.length), pid: null, startedAt: null, events: [] };
  for (const line of readJournalText(path, kind).split('\n')) {
    if (!line) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (record.event === 'start') {
      file.pid = typeof record.pid === 'number' ? record.pid : null;
      file.startedAt = typeof record.at === 'string' ? record.at : null;
    } else if (typeof record.event === 'string') {
      file.events.push(record as unknown as E);
    }
  }
  return file;
}

/**
 * A journal's text. A journal gone (ENOENT: its run folded and removed it since it was listed) is
 * thrown as it is, for the caller to skip; any other failure is a `store` error naming the journal.
 */
function readJournalText(path: string, kind: JournalKind): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    throw new CostlensError('store', `cannot read the ${kind.label} ${path}: ${messageOf(error)}`, {
      hint: 'a costlens run writes it beside the store and folds it into the store when it ends; move aside whatever is in its place and rerun',
      cause: error,
    });
  }
}

function fsyncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot open or fsync a folder; the file's own fsync still holds its content.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Creates this run's journal beside the store; a failure to write it throws {@link SendJournalError}. */
export function createRunJournal<N extends object>(storePath: string, kind: JournalKind, now: () => Date = () => new Date()): RunJournal<N> {
  const started = now();
  const runId = `${started.toISOString().replace(/[-:.]/g, '')}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const path = join(dirname(storePath), `${infix(storePath, kind)}${runId}${SUFFIX}`);
  const fail = (error: unknown): never => {
    throw new SendJournalError('store', `cannot write the ${kind.label} ${path}: ${messageOf(error)}`, { hint: kind.hint, cause: error });
  };
  let fd: number;
  try {
    fd = openSync(path, 'wx');
    writeSync(fd, `${JSON.stringify({ event: 'start', run: runId, pid: process.pid, at: started.toISOString() })}\n`);
    fsyncSync(fd);
  } catch (error) {
    return fail(error);
  }
  fsyncFolder(dirname(path));
  return {
    path,
    runId,
    append(events) {
      if (events.length === 0) return;
      const at = now().toISOString();
      try {
        writeSync(fd, events.map((e) => `${JSON.stringify({ ...e, at })}\n`).join(''));
        fsyncSync(fd);
      } catch (error) {
        fail(error);
      }
    },
    close: () => closeSync(fd),
  };
}

/** Removes journals once the store holds what they recorded. */
export function removeRunJournals(paths: readonly string[]): void {
  for (const path of paths) rmSync(path, { force: true });
}
