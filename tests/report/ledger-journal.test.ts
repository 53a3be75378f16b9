/** The send journal on its own: what a run killed at each step leaves, and what the next run reads from it. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJournal, foldJournal, listJournals, readJournal } from '../../src/report/ledger-journal.ts';

describe('the send journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'costlens-journal-'));
  const store = join(dir, 'store.duckdb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const key = (recipient: string) => ({ week: '2026-W45', audience: 'finance', recipient });
  let tick = 0;
  const clock = () => new Date(Date.UTC(2026, 10, 16, 8, 0, 0, tick++));

  it('folds each recipient to its last step: sent, refused then stopped (failed: send it), intent without answer (unknown), given up (failed)', () => {
    const journal = createJournal(store, clock);
    journal.append([
      { event: 'intent', ...key('cfo@acme.example'), attempt: 1, subject: 'S', forced: false },
      { event: 'intent', ...key('flaky@acme.example'), attempt: 1, subject: 'S', forced: false },
    ]);
    journal.append([{ event: 'sent', ...key('cfo@acme.example'), attempt: 1, messageId: '<m1@acme.example>' }]);
    journal.append([{ event: 'refused', ...key('flaky@acme.example'), attempt: 1, reason: '450 4.2.1 try again later' }]);
    journal.append([{ event: 'intent', ...key('ctl@acme.example'), attempt: 1, subject: 'S', forced: true }]);
    journal.append([
      { event: 'intent', ...key('bounce@acme.example'), attempt: 3, subject: 'S', forced: false },
      { event: 'refused', ...key('bounce@acme.example'), attempt: 3, reason: '550 5.1.1 mailbox unavailable' },
      { event: 'failed', ...key('bounce@acme.example'), attempt: 3, reason: '550 5.1.1 mailbox unavailable' },
    ]);
    journal.close();
    appendFileSync(journal.path, '{"event":"sent","week":"2026-W45","audience":"fin');

    expect(listJournals(store)).toEqual([journal.path]);
    expect(basename(journal.path)).toMatch(new RegExp(`^store\\.duckdb\\.sends-20261116T080000000Z-${process.pid}-[0-9a-f]{8}\\.journal$`));
    const read = readJournal(journal.path);
    expect([read.runId, read.pid, read.startedAt, read.events.length]).toEqual([journal.runId, process.pid, '2026-11-16T08:00:00.000Z', 8]);
    const run = `run ${journal.runId} (pid ${process.pid})`;
    expect(foldJournal(read).map((r) => [r.recipient, r.status, r.attempts, r.messageId, r.forced, r.intentAt, r.recordedAt, r.error])).toEqual([
      ['cfo@acme.example', 'sent', 1, '<m1@acme.example>', false, '2026-11-16T08:00:00.001Z', '2026-11-16T08:00:00.002Z', null],
      ['flaky@acme.example', 'failed', 1, null, false, '2026-11-16T08:00:00.001Z', '2026-11-16T08:00:00.003Z', `${run} stopped before retrying; attempt 1: 450 4.2.1 try again later`],
      ['ctl@acme.example', 'unknown', 1, null, true, '2026-11-16T08:00:00.004Z', '2026-11-16T08:00:00.004Z',
        `${run} stopped after its send intent (2026-11-16T08:00:00.004Z, attempt 1) and before the server's answer was recorded: the message may or may not have been delivered`],
      ['bounce@acme.example', 'failed', 3, null, false, '2026-11-16T08:00:00.005Z', '2026-11-16T08:00:00.005Z', '550 5.1.1 mailbox unavailable'],
    ]);
  });

  it('writes whole lines, each fsynced batch ending in a newline, and never reuses a file', () => {
    const [path] = listJournals(store);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('{"event":"sent","week":"2026-W45","audience":"fin');
    expect(lines.slice(0, -1).every((l) => JSON.parse(l))).toBe(true);
    const second = createJournal(store);
    second.close();
    expect(listJournals(store)).toHaveLength(2);
    expect(foldJournal(readJournal(second.path))).toEqual([]);
  });
});
