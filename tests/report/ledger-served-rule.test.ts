/**
 * One rule for "this recipient has been served this week" (src/report/ledger-state.ts): the plan a
 * `--send` run reads before building (ledger-plan.ts `servedAudiences`, outside the writer lock)
 * and the deliveries under the lock (deliver.ts `deliverPlanned`) say the same of every ledger —
 * rows in the store, rows of journals no run folded yet, a journal's last line cut short — with and
 * without `--resend-unknown` and `--force`. When the ledger cannot be read outside the lock (the
 * store held by a writer, a journal removed between listing and reading), the plan builds every
 * message; any other failure (not a store, a journal that cannot be read) is thrown, not swallowed.
 */
import { appendFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliverPlanned, type UnbuiltDelivery } from '../../src/report/deliver.ts';
import { createJournal, type NewJournalEvent } from '../../src/report/ledger-journal.ts';
import { servedAudiences, type PlannedAudience } from '../../src/report/ledger-plan.ts';
import { withLedger } from '../../src/report/ledger.ts';
import { ledgerVerdict, recipientState, type LedgerRow } from '../../src/report/ledger-state.ts';
import type { MailTransport } from '../../src/report/transport.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018 } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { holdStoreLock } from '../helpers/store-holder.ts';

const WEEK = '2026-W45';
const OPTIONS = { plain: { force: false, resendUnknown: false }, resendUnknown: { force: false, resendUnknown: true }, force: { force: true, resendUnknown: false } };
const RETRY = { attempts: 1, retryDelaysMs: [] };
/** No message is built here: an unbuilt delivery is only ever triaged, never handed to a server. */
const NO_TRANSPORT: MailTransport = {
  description: 'none',
  send: () => Promise.reject(new Error('this test sends nothing')),
  close: () => undefined,
};

let tick = 0;
const clock = () => new Date(Date.UTC(2026, 10, 16, 8, 0, tick++));
const address = (audience: string, n = 1) => `${audience}-${n}@acme.example`;
const key = (audience: string, n = 1) => ({ week: WEEK, audience, recipient: address(audience, n) });
const intent = (audience: string, n = 1): NewJournalEvent => ({ event: 'intent', ...key(audience, n), attempt: 1, subject: `Costs ${audience}`, forced: false });
const sent = (audience: string, n = 1): NewJournalEvent => ({ event: 'sent', ...key(audience, n), attempt: 1, messageId: `<${audience}-${n}@m>` });
const refused = (audience: string, n = 1): NewJournalEvent => ({ event: 'refused', ...key(audience, n), attempt: 1, reason: '450 4.2.1 try again later' });
const failed = (audience: string, n = 1): NewJournalEvent => ({ event: 'failed', ...key(audience, n), attempt: 1, reason: '550 5.1.1 mailbox unavailable' });

/** Writes one run's journal (each event a step of its own), left beside the store as a killed run leaves it. */
function journal(db: string, events: readonly NewJournalEvent[]): string {
  const run = createJournal(db, clock);
  for (const e of events) run.append([e]);
  run.close();
  return run.path;
}

/** Folds every journal beside the store into its ledger, as the next run's locked pass does first. */
const fold = (db: string) => withLedger(db, async () => undefined);

/** Which audiences the locked pass finds served: an unbuilt delivery with nobody to send to gets its result, the others null. */
async function lockedServed(db: string, audiences: readonly PlannedAudience[], options: { force: boolean; resendUnknown: boolean }): Promise<string[]> {
  const deliveries: UnbuiltDelivery[] = audiences.map((a) => ({ week: WEEK, audience: a.audience, recipients: [...a.recipients] }));
  const results = await deliverPlanned(db, deliveries, { transport: NO_TRANSPORT, from: 'finops@acme.example', ...options }, RETRY);
  return audiences.filter((_, i) => results[i] !== null).map((a) => a.audience);
}

/** The audiences the plan before the build finds served. */
async function planned(db: string, audiences: readonly PlannedAudience[], options: { force: boolean; resendUnknown: boolean }): Promise<string[]> {
  return [...(await servedAudiences(db, WEEK, audiences, options)).keys()];
}

/** `served` for each way of sending in {@link OPTIONS}, one after another. */
async function eachWay(served: (options: { force: boolean; resendUnknown: boolean }) => Promise<string[]>): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const [name, options] of Object.entries(OPTIONS)) found[name] = await served(options);
  return found;
}

describe('the served rule, row by row', () => {
  const row = (status: string, second: number, runId: string | null = null): LedgerRow => ({
    recipient: 'a@acme.example', status, at: Date.UTC(2026, 10, 16, 8, 0, second) * 1000, recorded: `2026-11-16 08:00:${String(second).padStart(2, '0')}`, error: `${status} at ${second}`, runId,
  });

  it('sent once any run delivered; otherwise the latest row decides (a later run wins a tie); no rows: no state', () => {
    expect([
      recipientState([]),
      recipientState([row('sent', 1), row('unknown', 2)]),
      recipientState([row('unknown', 1), row('failed', 2)]),
      recipientState([row('failed', 2), row('unknown', 1)]),
      recipientState([row('failed', 1), row('unknown', 2)]),
      recipientState([row('unknown', 3, 'run-b'), row('failed', 3, 'run-a')]),
    ]).toEqual([
      undefined,
      { status: 'sent' },
      { status: 'failed' },
      { status: 'failed' },
      { status: 'unknown', since: '2026-11-16 08:00:02 UTC', reason: 'unknown at 2' },
      { status: 'unknown', since: '2026-11-16 08:00:03 UTC', reason: 'unknown at 3' },
    ]);
  });

  it('skip the sent, hold back the unknown, send the rest; --resend-unknown resends the unknown, --force sends everyone', () => {
    const unknown = { status: 'unknown', since: 's', reason: 'r' } as const;
    const states = [undefined, { status: 'sent' }, { status: 'failed' }, unknown] as const;
    expect(Object.values(OPTIONS).map((options) => states.map((state) => ledgerVerdict(state, options)))).toEqual([
      ['send', 'skip', 'send', 'hold'],
      ['send', 'skip', 'send', 'resend'],
      ['send', 'send', 'send', 'resend'],
    ]);
  });
});

describe('the plan before the build and the locked pass agree', () => {
  it('on rows in the store, rows of unfolded journals and a journal cut short, for each way of sending', async () => {
    const { db } = await storeCopy([[REAL_OCT_2018]]);
    // Runs that ended, folded into the store's ledger.
    journal(db, [intent('sent'), sent('sent')]);
    journal(db, [intent('failed'), refused('failed'), failed('failed')]);
    journal(db, [intent('unknown-folded')]);
    journal(db, [intent('sent-then-unknown'), sent('sent-then-unknown')]);
    journal(db, [intent('unknown-then-failed')]);
    journal(db, [intent('failed-then-unknown'), refused('failed-then-unknown'), failed('failed-then-unknown')]);
    journal(db, [intent('two', 1), sent('two', 1)]);
    await fold(db);
    // Runs killed since, their journals beside the store.
    journal(db, [intent('unknown-journal')]);
    journal(db, [intent('sent-then-unknown'), intent('failed-then-unknown'), intent('two', 2)]);
    journal(db, [intent('unknown-then-failed'), refused('unknown-then-failed')]);
    const cut = journal(db, [intent('half-written')]);
    appendFileSync(cut, `{"event":"sent","week":"${WEEK}","audience":"half-wri`);

    const audiences: PlannedAudience[] = ['none', 'sent', 'failed', 'unknown-folded', 'unknown-journal', 'sent-then-unknown', 'unknown-then-failed', 'failed-then-unknown', 'half-written']
      .map((audience) => ({ audience, recipients: [address(audience).toUpperCase()] }));
    audiences.push({ audience: 'two', recipients: [address('two', 1), ` ${address('two', 2)} `, address('two', 1)] });
    const expected = {
      plain: ['sent', 'unknown-folded', 'unknown-journal', 'sent-then-unknown', 'failed-then-unknown', 'half-written', 'two'],
      resendUnknown: ['sent', 'sent-then-unknown'],
      force: [],
    };
    expect(await eachWay((options) => planned(db, audiences, options))).toEqual(expected);
    expect([...await servedAudiences(db, WEEK, audiences, OPTIONS.plain)]).toEqual(expected.plain.map((audience) => [audience, `Costs ${audience}`]));
    // The locked pass folds the journals first, then decides on the store's rows alone; the plan reads them there after.
    expect(await eachWay((options) => lockedServed(db, audiences, options))).toEqual(expected);
    expect(await eachWay((options) => planned(db, audiences, options))).toEqual(expected);
  });
});

describe('when the plan cannot read the ledger', () => {
  const everyoneServed = async () => {
    const { db } = await storeCopy([[REAL_OCT_2018]]);
    journal(db, [intent('finance'), sent('finance')]);
    await fold(db);
    return { db, audiences: [{ audience: 'finance', recipients: [address('finance')] }] };
  };

  it('the store held by a writer: every message is built (no wait), and the locked pass decides once it is free', async () => {
    const { db, audiences } = await everyoneServed();
    const holder = await holdStoreLock(db);
    let whileHeld: string[];
    const started = Date.now();
    try {
      whileHeld = await planned(db, audiences, OPTIONS.plain);
    } finally {
      await holder.release();
    }
    expect([whileHeld, Date.now() - started < 10_000]).toEqual([[], true]);
    expect(await lockedServed(db, audiences, OPTIONS.plain)).toEqual(['finance']);
    expect(await planned(db, audiences, OPTIONS.plain)).toEqual(['finance']);
  });

  it('a journal removed between listing and reading it (its run folded it): every message is built', async () => {
    const { db, audiences } = await everyoneServed();
    symlinkSync(join(scratchDir(), 'gone.journal'), `${db}.sends-20261116T090000000Z-1-00000000.journal`);
    expect(await planned(db, audiences, OPTIONS.plain)).toEqual([]);
  });

  it('a journal that cannot be read (a folder in its place) is a store error naming it, from the plan as from the locked pass', async () => {
    const { db, audiences } = await everyoneServed();
    const journal = `${db}.sends-20261116T090000000Z-1-00000000.journal`;
    mkdirSync(journal);
    const named = { name: 'CostlensError', code: 'store', message: `cannot read the send journal ${journal}: EISDIR: illegal operation on a directory, read`, cause: { code: 'EISDIR' } };
    await expect(servedAudiences(db, WEEK, audiences, OPTIONS.plain)).rejects.toMatchObject(named);
    await expect(lockedServed(db, audiences, OPTIONS.plain)).rejects.toMatchObject(named);
  });

  it('a path that is not a store is thrown (a store error naming it), not taken for a locked store', async () => {
    const db = join(scratchDir(), 'notes.duckdb');
    appendFileSync(db, 'hello\n');
    await expect(servedAudiences(db, WEEK, [{ audience: 'finance', recipients: [address('finance')] }], OPTIONS.plain))
      .rejects.toMatchObject({ name: 'CostlensError', code: 'store', message: `${db}: not a costlens store (it is not a DuckDB database file)` });
  });
});
