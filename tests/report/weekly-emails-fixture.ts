/**
 * The weekly report of the shared demo (as of 2026-11-15), delivered to a real SMTP server on
 * loopback, for the weekly-emails-*.test.ts specifications: each file runs the report once in its
 * beforeAll ({@link deliveredDemoWeek}) and checks one aspect of the e-mails received against
 * `costlens sql` (and the analysers' own CLIs) on the same store, computed from the line items and
 * the documented rounding rules. The checks of the first run's e-mails only read the store
 * (read-only opens, as `costlens sql` does), so they run side by side.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { smtpTransport } from '../../src/report/transport.ts';
import { runWeeklyReport, type WeeklyRunResult } from '../../src/report/weekly.ts';
import { costlens, sqlRows as cliSqlRows } from '../helpers/cli.ts';
import { storeReader, type StoreReader } from '../helpers/read-only-sql-session.ts';
import { sectionText, textRow, textTables } from './text-tables.ts';
import {
  CHARGE_CLASS_OF_LINE, USAGE_LINE, addLedgerTable, centsOf, demoConfigs, demoStore, largestRemainder, pct, readTruth, settled, startSmtp, unitsOf, usd,
  type DemoTruth, type Received, type TestSmtp,
} from './helpers.ts';

const FROM = 'costlens <finops@acme.example>';
const ROUTING = {
  audiences: {
    finance: ['finance@acme.example'],
    engineering: ['platform@acme.example'],
    teams: { payments: ['payments-lead@acme.example', 'payments-oncall@acme.example'], ml: ['ml@acme.example'] },
  },
};
/** The report week: the last complete ISO week before the demo's last billing day (Saturday 14 Nov). */
export const W = { label: '2026-W45', start: '2026-11-02', end: '2026-11-09' };
export const PREV = { start: '2026-10-26', end: '2026-11-02' };
/** The four weeks before the report week (W44 … W41), whose mean is the 4-week average. */
const FOUR_BEFORE = [['2026-10-26', '2026-11-02'], ['2026-10-19', '2026-10-26'], ['2026-10-12', '2026-10-19'], ['2026-10-05', '2026-10-12']];

export const signed = (cents: bigint) => (cents > 0n ? `+${usd(cents)}` : usd(cents));
export const share = (part: bigint, whole: bigint) => {
  const t = (2n * part * 1000n + whole) / (2n * whole);
  return `${t / 10n}.${t % 10n}%`;
};

/** The `index`th plain-text table of a section (text-tables.ts): header cells, row cells, and the total row if any. */
export function tableAfter(text: string, title: string, index = 0): { header: string[]; rows: string[][]; total: string[] | null } {
  const section = sectionText(text, title);
  expect(section, `a section "${title}"`).toBeDefined();
  const table = textTables(section!)[index];
  return { header: table.header, rows: table.rows, total: table.footer };
}

/** The cells of the first plain-text table row (or total row) whose first cell is `first` (text-tables.ts). */
export function row(text: string, first: string): string[] {
  const cells = textRow(text, first);
  expect(cells, `a row "${first}"`).toBeDefined();
  return cells!;
}

/**
 * The charge classes, restated from the CUR line item types: tax; RI and SP recurring fees and
 * AWS Support fees (recurring); other fees (one-time); credits, refunds and discounts; usage.
 */
export const CLASS = CHARGE_CLASS_OF_LINE;
export const USAGE = USAGE_LINE;
export const COST_CENTRE = `coalesce(upper(Tags['cost_center']), '(untagged)')`;
export const SERVICE = `coalesce(ServiceName, x_ProductCode, '(none)')`;

/** The team of a line as attribution reads it (the demo's value aliases), as SQL. */
export function teamCase(truth: DemoTruth): string {
  const whens = Object.entries(truth.tagging.teamAliases).flatMap(([team, spellings]) =>
    [...new Set(spellings.map((s) => s.trim().toLowerCase()))].map((s) => `WHEN '${s}' THEN '${team}'`));
  return `CASE WHEN Tags['team'] IS NULL THEN '(untagged)' ELSE CASE lower(trim(Tags['team'])) ${whens.join(' ')} END END`;
}

/** Cents of a week's BilledCost and EffectiveCost, each rounded once, and the exact sums (units of 1e-10) they round. */
type Sums = { billed: bigint; effective: bigint; exact: { billed: bigint; effective: bigint } };
/** A measure's cents this week, the week before and each of the four weeks before. */
type WeekTotals = { now: Sums; before: Sums; earlier: Sums[] };
/** A saving as the report lists it: cash cents, commitment freed (cents) and the action. */
type Kept = { cents: bigint; commitment: bigint; action: string };

/** The delivered week of one test file, filled in by its beforeAll. */
export interface DeliveredWeek {
  truth: DemoTruth;
  /** A private copy of the demo store (with the send ledger table) and its attribution config. */
  store: { dir: string; db: string; config: string };
  smtp: TestSmtp;
  /** The first run's result. */
  first: WeeklyRunResult;
  /** The first run's messages as received, by audience (`finance`, `engineering`, `team:payments`, `team:ml`). */
  mail: Record<string, Received>;
  /** Every charge class's cents, and usage's. */
  totals: WeekTotals;
  usage: WeekTotals;
  /** Runs the report again on the store, sending to the same SMTP server (`force`: past the send ledger). */
  run(force?: boolean): Promise<WeeklyRunResult>;
  /** `costlens sql`'s rows (helpers/cli.ts sqlRows), through the open reader when there is one for `db`. */
  sqlRows(db: string, sql: string): Promise<Record<string, string | null>[]>;
  /** The cents of a week's BilledCost and EffectiveCost, each summed exactly and rounded once, by SQL. */
  weekSum(db: string, from: string, to: string, where?: string): Promise<Sums>;
  /** Exact sums (units) by an SQL expression over a week. */
  cutExact(db: string, expression: string, from: string, to: string, measure?: 'BilledCost' | 'EffectiveCost', where?: string): Promise<Map<string, bigint>>;
  /** Exact sums by an SQL expression over a week, then largest remainder to the week's cents. */
  cut(db: string, expression: string, from: string, to: string, measure?: 'BilledCost' | 'EffectiveCost', where?: string): Promise<Map<string, bigint>>;
  /**
   * Every saving as costlens idle and rightsize price it (each resource once, its larger cash saving, then
   * its larger commitment freed) and each resource's owner from its bill; asked of the CLIs once, for every
   * test that needs it. `best` holds the cash savings; `freed` every resource whose kept finding frees
   * commitment, and a finding that frees commitment and saves no cash is in `freed` only.
   */
  savingsFromClis(): Promise<{ best: Map<string, Kept>; freed: Map<string, Kept>; owners: Map<string, string> }>;
  /**
   * The week's top movers on the store by `expression` (its cents this week and last by {@link cut}),
   * as an e-mail's movers table lists them: the five largest changes, then by key, the unchanged left
   * out; each row its `label`, both weeks, the change and its percentage (`new` when last week had none).
   */
  movers(expression: string, label: (key: string) => string, where?: string): Promise<string[][]>;
  /** Closes the read-only session on the store, before a run that writes to it. */
  closeReader(): Promise<void>;
}

/**
 * Registers, in the calling `describe`, the beforeAll that delivers the report week on a private
 * copy of the demo store (every audience, over SMTP on loopback) and the afterAll that cleans up;
 * returns the week, whose fields the tests read once the beforeAll has run.
 */
export function deliveredDemoWeek(): DeliveredWeek {
  const demoDir = inject('demoDir');
  /**
   * The store the checks of the first run's e-mails read, opened once while they run (they only read;
   * helpers/read-only-sql-session.ts); null before the first run and once a test closes it to write.
   */
  let reader: { db: string; sql: StoreReader } | null = null;
  /**
   * `costlens sql` on the store, each statement run once: the tests read only the line items, which
   * no run of the report changes (the runs add ledger rows), so a repeated statement has one answer.
   */
  const answers = new Map<string, Promise<Record<string, string | null>[]>>();
  const lineItemRows = (db: string, sql: string) => {
    const key = `${db}\u0000${sql}`;
    if (!answers.has(key)) answers.set(key, week.sqlRows(db, sql));
    return answers.get(key)!;
  };
  let savingsOnce: ReturnType<DeliveredWeek['savingsFromClis']> | undefined;

  const week: DeliveredWeek = {
    run(force = false) {
      const transport = smtpTransport(week.smtp.url);
      return runWeeklyReport({
        storePath: week.store.db, configs: demoConfigs(week.truth, ROUTING), catalogue: loadInstanceCatalogue(), audience: 'all',
        send: { transport, from: FROM, force },
      }).finally(() => transport.close());
    },
    sqlRows: (db, sql) => (reader?.db === db ? reader.sql.rows(sql) : cliSqlRows(db, sql)),
    async weekSum(db, from, to, where = 'TRUE') {
      const [r] = await lineItemRows(db, `SELECT CAST(round(coalesce(sum(BilledCost), 0), 2) AS VARCHAR) AS b, CAST(round(coalesce(sum(EffectiveCost), 0), 2) AS VARCHAR) AS e,
          CAST(coalesce(sum(BilledCost), 0) AS VARCHAR) AS xb, CAST(coalesce(sum(EffectiveCost), 0) AS VARCHAR) AS xe
        FROM line_items WHERE ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}' AND ${where}`);
      return { billed: centsOf(r.b), effective: centsOf(r.e), exact: { billed: unitsOf(r.xb), effective: unitsOf(r.xe) } };
    },
    async cutExact(db, expression, from, to, measure = 'BilledCost', where = 'TRUE') {
      const rows = await lineItemRows(db, `SELECT ${expression} AS k, CAST(sum(${measure}) AS VARCHAR) AS v FROM line_items
        WHERE ChargePeriodStart >= TIMESTAMP '${from}' AND ChargePeriodStart < TIMESTAMP '${to}' AND ${where} GROUP BY 1`);
      return new Map(rows.map((r) => [r.k!, unitsOf(r.v)]));
    },
    async cut(db, expression, from, to, measure = 'BilledCost', where = 'TRUE') {
      const total = await week.weekSum(db, from, to, where);
      return largestRemainder(await week.cutExact(db, expression, from, to, measure, where), measure === 'BilledCost' ? total.billed : total.effective);
    },
    savingsFromClis: () => (savingsOnce ??= readSavings()),
    async movers(expression, label, where = 'TRUE') {
      const a = await week.cut(week.store.db, expression, W.start, W.end, 'BilledCost', where);
      const b = await week.cut(week.store.db, expression, PREV.start, PREV.end, 'BilledCost', where);
      // Percentages of the exact amounts (src/lib/percent-change.ts), the cents those amounts' largest-remainder roundings.
      const [xa, xb] = [await week.cutExact(week.store.db, expression, W.start, W.end, 'BilledCost', where), await week.cutExact(week.store.db, expression, PREV.start, PREV.end, 'BilledCost', where)];
      const keys = [...new Set([...a.keys(), ...b.keys()])].map((k) => ({ k, now: a.get(k) ?? 0n, before: b.get(k) ?? 0n, nowExact: xa.get(k) ?? 0n, beforeExact: xb.get(k) ?? 0n }))
        .filter((x) => x.now !== x.before)
        .sort((x, y) => {
          const [dx, dy] = [x.now - x.before, y.now - y.before].map((d) => (d < 0n ? -d : d));
          return dx > dy ? -1 : dx < dy ? 1 : x.k < y.k ? -1 : 1;
        }).slice(0, 5);
      return keys.map((x) => [label(x.k), usd(x.now), usd(x.before), signed(x.now - x.before), x.before > 0n ? pct(x.nowExact, x.beforeExact) : 'new']);
    },
    async closeReader() {
      const open = reader;
      reader = null;
      await open?.sql.close();
    },
  } as DeliveredWeek;

  const readSavings = async () => {
    const { store, truth } = week;
    type Found = { resourceId: string; monthlySavingCommitment: string; action: string };
    const idle = JSON.parse((await costlens(store.db, 'idle', '--as-of', W.end, '--format', 'json')).stdout) as (Found & { monthlySaving: string })[];
    const rightsize = JSON.parse((await costlens(store.db, 'rightsize', '--as-of', W.end, '--format', 'json')).stdout) as (Found & { monthlySavingBill: string })[];
    const findings = [...idle.map((f) => [f.resourceId, f.monthlySaving, f.monthlySavingCommitment, f.action]),
      ...rightsize.map((r) => [r.resourceId, r.monthlySavingBill, r.monthlySavingCommitment, r.action])];
    // Each amount rounded to cents by DuckDB, all in one statement (row i is finding i).
    const rounded = findings.length === 0 ? [] : await week.sqlRows(store.db, `SELECT CAST(round(CAST(a AS DECIMAL(38,10)), 2) AS VARCHAR) AS v,
      CAST(round(CAST(c AS DECIMAL(38,10)), 2) AS VARCHAR) AS c
      FROM (VALUES ${findings.map(([, amount, commitment], i) => `(${i}, '${amount}', '${commitment}')`).join(', ')}) AS t(i, a, c) ORDER BY i`);
    const kept = new Map<string, Kept>();
    findings.forEach(([id, , , action], i) => {
      const [cents, commitment] = [centsOf(rounded[i].v), centsOf(rounded[i].c)];
      const k = kept.get(id);
      if (!k || cents > k.cents || (cents === k.cents && commitment > k.commitment)) kept.set(id, { cents, commitment, action });
    });
    const best = new Map([...kept].filter(([, x]) => x.cents > 0n || x.commitment === 0n));
    const freed = new Map([...kept].filter(([, x]) => x.commitment > 0n));
    const owners = new Map((await lineItemRows(store.db, `SELECT ResourceId AS id, arg_max(t, c) AS owner FROM (
        SELECT ResourceId, ${teamCase(truth)} AS t, sum(EffectiveCost) AS c FROM line_items
        WHERE ChargePeriodStart >= TIMESTAMP '2026-10-10' AND ChargePeriodStart < TIMESTAMP '${W.end}' AND ResourceId IS NOT NULL AND Tags['team'] IS NOT NULL GROUP BY 1, 2)
      GROUP BY 1`)).map((r) => [r.id!, r.owner!]));
    return { best, freed, owners };
  };

  beforeAll(async () => {
    week.truth = readTruth(demoDir);
    week.store = await demoStore(demoDir);
    await addLedgerTable(week.store.db);
    week.smtp = await startSmtp();
    week.first = await week.run();
    const received = await settled(week.smtp, 4);
    reader = { db: week.store.db, sql: storeReader(week.store.db) };
    week.mail = Object.fromEntries(received.map((m) => [String(m.mail.headers.get('x-costlens-report')).split(' ').at(-1), m]));
    const db = week.store.db;
    const sums = (where?: string) => Promise.all([
      week.weekSum(db, W.start, W.end, where), week.weekSum(db, PREV.start, PREV.end, where), Promise.all(FOUR_BEFORE.map(([a, b]) => week.weekSum(db, a, b, where))),
    ]).then(([now, before, earlier]) => ({ now, before, earlier }));
    [week.totals, week.usage] = await Promise.all([sums(), sums(USAGE)]);
  });

  afterAll(async () => {
    await week.closeReader();
    await week.smtp?.close();
    if (week.store) rmSync(week.store.dir, { recursive: true, force: true });
  });

  return week;
}
