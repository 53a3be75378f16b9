/**
 * The send journal: an append-only file beside the store, one per report run
 * (`<store>.sends-<run>.journal`), where each recipient's send *intent* is written and fsynced
 * before the message is handed to the mail server, and its *outcome* right after the server
 * answers. A run killed at any instant leaves a journal from which the next run knows, for every
 * recipient, whether the message was accepted (sent), refused (to send again), or handed over
 * without a recorded answer (unknown: never resent without `--resend-unknown`). Journals are folded
 * into the store's ledger (report_sends) in one store generation per run, then deleted.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { CostlensError, messageOf } from '../errors.ts';

/** Which week's report for which audience went (or was to go) to whom. */
export interface SendKey {
  week: string;
  audience: string;
  /** Lower case. */
  recipient: string;
}

/** One line of the journal after its header. */
export type JournalEvent = SendKey & { at: string; attempt: number } & (
  | { event: 'intent'; subject: string; forced: boolean }
  | { event: 'sent'; messageId: string | null }
  | { event: 'refused'; reason: string }
  | { event: 'failed'; reason: string }
  | { event: 'unknown'; reason: string }
);

/** An event as a caller writes it: the time is added on append. */
export type NewJournalEvent = JournalEvent extends infer E ? (E extends JournalEvent ? Omit<E, 'at'> : never) : never;

/** A ledger row as a journal folds to it (report_sends, with run_id and intent_at). */
export interface FoldedRow extends SendKey {
  status: 'sent' | 'failed' | 'unknown';
  attempts: number;
  messageId: string | null;
  subject: string;
  error: string | null;
  forced: boolean;
  recordedAt: string;
  intentAt: string | null;
  runId: string;
}

/** A journal file as read back. */
export interface JournalFile {
  path: string;
  runId: string;
  pid: number | null;
  startedAt: string | null;
  events: JournalEvent[];
}

/** A failure to write the journal: the run must stop, since an unrecorded send could be repeated. */
export class SendJournalError extends CostlensError {}

const SUFFIX = '.journal';
const infix = (storePath: string) => `${basename(storePath)}.sends-`;

/** The journal files beside the store, oldest run first. */
export function listJournals(storePath: string): string[] {
  const prefix = infix(storePath);
  return readdirSync(dirname(storePath))
    .filter((name) => name.startsWith(prefix) && name.endsWith(SUFFIX))
    .sort()
    .map((name) => join(dirname(storePath), name));
}

/** Reads a journal; a line cut short by a kill (always the last one written) is ignored. */
export function readJournal(path: string): JournalFile {
  const name = basename(path);
  const runId = name.slice(name.indexOf('.sends-') + '.sends-'.length, -SUFFIX.length);
  const file: JournalFile = { path, runId, pid: null, startedAt: null, events: [] };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
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
      file.events.push(record as unknown as JournalEvent);
    }
  }
  return file;
}

/** An open journal of the running report. */
export interface SendJournal {
  readonly path: string;
  readonly runId: string;
  /** Appends the events and fsyncs them: when this returns they survive a kill or a power cut. */
  append(events: readonly NewJournalEvent[]): void;
  close(): void;
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

/** Creates this run's journal beside the store (its name orders runs by start time). */
export function createJournal(storePath: string, now: () => Date = () => new Date()): SendJournal {
  const started = now();
  const runId = `${started.toISOString().replace(/[-:.]/g, '')}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const path = join(dirname(storePath), `${infix(storePath)}${runId}${SUFFIX}`);
  const fail = (error: unknown): never => {
    throw new SendJournalError('store', `cannot write the send journal ${path}: ${messageOf(error)}`, {
      hint: 'costlens records every send before and after it happens, and stops rather than send without a record; free disk space or fix the folder\'s permissions, then rerun (the ledger keeps what was sent)',
      cause: error,
    });
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
    close() {
      closeSync(fd);
    },
  };
}

/** Removes journals once the store holds what they recorded. */
export function removeJournals(paths: readonly string[]): void {
  for (const path of paths) rmSync(path, { force: true });
}

interface KeyState {
  key: SendKey;
  subject: string;
  forced: boolean;
  attempt: number;
  intentAt: string | null;
  last: JournalEvent;
}

/**
 * What a journal says happened to each recipient, as ledger rows (one per week, audience and
 * recipient the run handled): the last event decides. An intent without an answer is `unknown`;
 * a refusal the run did not get to retry is `failed` (nothing was delivered: the next run sends).
 */
export function foldJournal(journal: JournalFile): FoldedRow[] {
  const states = new Map<string, KeyState>();
  for (const e of journal.events) {
    const id = `${e.week}\u0000${e.audience}\u0000${e.recipient}`;
    const state = states.get(id) ?? { key: { week: e.week, audience: e.audience, recipient: e.recipient }, subject: '', forced: false, attempt: e.attempt, intentAt: null, last: e };
    if (e.event === 'intent') {
      state.subject = e.subject;
      state.forced = e.forced;
      state.intentAt = e.at;
    }
    state.attempt = e.attempt;
    state.last = e;
    states.set(id, state);
  }
  const run = `run ${journal.runId}${journal.pid !== null ? ` (pid ${journal.pid})` : ''}`;
  return [...states.values()].map((s): FoldedRow => {
    const row = { ...s.key, attempts: s.attempt, messageId: null, subject: s.subject, forced: s.forced, recordedAt: s.last.at, intentAt: s.intentAt, runId: journal.runId };
    const e = s.last;
    switch (e.event) {
      case 'sent':
        return { ...row, status: 'sent', messageId: e.messageId, error: null };
      case 'failed':
        return { ...row, status: 'failed', error: e.reason };
      case 'unknown':
        return { ...row, status: 'unknown', error: e.reason };
      case 'refused':
        return { ...row, status: 'failed', error: `${run} stopped before retrying; attempt ${e.attempt}: ${e.reason}` };
      case 'intent':
        return {
          ...row, status: 'unknown',
          error: `${run} stopped after its send intent (${e.at}, attempt ${e.attempt}) and before the server's answer was recorded: the message may or may not have been delivered`,
        };
    }
  });
}
