/**
 * The alert journal: an append-only file beside the store, one per `alerts check` run
 * (`<store>.alerts-<run>.journal`), as the weekly report's send journal is (ledger-journal.ts):
 * each alert's send *intent* on a channel is written and fsynced before the e-mail or the webhook
 * POST leaves, its *outcome* right after the answer. A run killed at any instant leaves a journal
 * from which the next run knows, for every (alert, channel), whether it went out (sent), did not
 * (failed: sent again), or left without a recorded answer (unknown: never sent again without
 * `--resend-unknown`, and reported). Journals are folded into the ledger (alert_sends), then deleted.
 */
import { createRunJournal, listRunJournals, readRunJournal, removeRunJournals, type JournalKind, type RunJournal, type RunJournalFile } from './journal-file.ts';

/** One alert on one channel: `email:ops@example.com`, `webhook:slack-finops`. */
export interface AlertKey {
  kind: string;
  subjectKey: string;
  threshold: string;
  channel: string;
}

/** One line of the journal after its header. */
export type AlertEvent = AlertKey & { at: string } & (
  | { event: 'intent'; title: string }
  | { event: 'sent'; detail: string | null }
  | { event: 'failed'; reason: string }
  | { event: 'unknown'; reason: string }
);

export type NewAlertEvent = AlertEvent extends infer E ? (E extends AlertEvent ? Omit<E, 'at'> : never) : never;

/** A ledger row as a journal folds to it (alert_sends). */
export interface AlertRow extends AlertKey {
  status: 'sent' | 'failed' | 'unknown';
  attempts: number;
  title: string;
  detail: string | null;
  error: string | null;
  runId: string;
  intentAt: string | null;
  recordedAt: string;
}

const ALERTS: JournalKind = {
  word: 'alerts',
  label: 'alert journal',
  hint: 'costlens records every alert before and after it is sent, and stops rather than send without a record; free disk space or fix the folder\'s permissions, then rerun',
};

/** An alert journal as read back. */
export type AlertJournalFile = RunJournalFile<AlertEvent>;

/** An open journal of the running check. */
export type AlertJournal = RunJournal<NewAlertEvent>;

/** The alert journals beside the store, oldest run first. */
export const listAlertJournals = (storePath: string): string[] => listRunJournals(storePath, ALERTS);

/** Reads an alert journal; a line cut short by a kill is ignored. */
export const readAlertJournal = (path: string): AlertJournalFile => readRunJournal<AlertEvent>(path, ALERTS);

/** Creates this run's journal beside the store; a failure to write it stops the run (a send without a record could repeat). */
export const createAlertJournal = (storePath: string): AlertJournal => createRunJournal<NewAlertEvent>(storePath, ALERTS);

/** Removes journals once the ledger holds them. */
export const removeAlertJournals = removeRunJournals;

/** The key of an alert on a channel as one string. */
export function alertKeyId(k: AlertKey): string {
  return JSON.stringify([k.kind, k.subjectKey, k.threshold, k.channel]);
}

/**
 * What a journal says happened to each (alert, channel): the last event decides; an intent
 * without an answer is unknown (the alert may have gone out).
 */
export function foldAlertJournal(journal: AlertJournalFile): AlertRow[] {
  const rows = new Map<string, AlertRow>();
  for (const e of journal.events) {
    const id = alertKeyId(e);
    const row = rows.get(id) ?? {
      kind: e.kind, subjectKey: e.subjectKey, threshold: e.threshold, channel: e.channel, status: 'unknown', attempts: 0, title: '', detail: null, error: null,
      runId: journal.runId, intentAt: null, recordedAt: e.at,
    };
    row.recordedAt = e.at;
    if (e.event === 'intent') {
      Object.assign(row, { title: e.title, intentAt: e.at, attempts: row.attempts + 1, status: 'unknown', detail: null });
      row.error = `run ${journal.runId}${journal.pid !== null ? ` (pid ${journal.pid})` : ''} stopped after its send intent (${e.at}) and before the answer was recorded: the alert may or may not have gone out`;
    } else if (e.event === 'sent') Object.assign(row, { status: 'sent', detail: e.detail, error: null });
    else Object.assign(row, { status: e.event, error: e.reason });
    rows.set(id, row);
  }
  return [...rows.values()];
}
