/**
 * The send journal: an append-only file beside the store, one per report run
 * (`<store>.sends-<run>.journal`), where each recipient's send *intent* is written and fsynced
 * before the message is handed to the mail server, and its *outcome* right after the server
 * answers. A run killed at any instant leaves a journal from which the next run knows, for every
 * recipient, whether the message was accepted (sent), refused (to send again), or handed over
 * without a recorded answer (unknown: never resent without `--resend-unknown`). Journals are folded
 * into the store's ledger (report_sends) in one store generation per run, then deleted.
 */
import { createRunJournal, listRunJournals, readRunJournal, removeRunJournals, type JournalKind, type RunJournal, type RunJournalFile } from './journal-file.ts';

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

const SENDS: JournalKind = {
  word: 'sends',
  label: 'send journal',
  hint: 'costlens records every send before and after it happens, and stops rather than send without a record; free disk space or fix the folder\'s permissions, then rerun (the ledger keeps what was sent)',
};

/** A send journal as read back. */
export type JournalFile = RunJournalFile<JournalEvent>;

/** An open journal of the running report. */
export type SendJournal = RunJournal<NewJournalEvent>;

/** The send journals beside the store, oldest run first. */
export const listJournals = (storePath: string): string[] => listRunJournals(storePath, SENDS);

/** Reads a send journal; a line cut short by a kill is ignored. */
export const readJournal = (path: string): JournalFile => readRunJournal<JournalEvent>(path, SENDS);

/** Creates this run's send journal beside the store (its name orders runs by start time). */
export const createJournal = (storePath: string, now?: () => Date): SendJournal => createRunJournal<NewJournalEvent>(storePath, SENDS, now);

/** Removes journals once the store holds what they recorded. */
export const removeJournals = removeRunJournals;

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
