/**
 * A delivery of fees only (no usage line: a file of RI fees) in a store of several deliveries
 * (src/analyze/source-spans.ts, src/analyze/fees-delivery.ts): it holds nothing back and completes no
 * month, its bills judged as a store of its files alone judges them, complete once invoiced, and its
 * latest bill without an InvoiceId is said "not invoiced yet" by every command that judges it
 * (status, invoice, commitments, budgets, explain), never "after the data horizon": such a delivery
 * has none, the day before that bill being only where its complete bills end. Pure tests on the rows
 * of calendar/data_horizon_by_source, and commands on small cached stores of real lines.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetsAsOf } from '../../src/analyze/budgets/evaluate.ts';
import { budgetsSpan, judgedReason } from '../../src/analyze/budgets/judged-span.ts';
import { ownSpanOf, periodsNotComplete } from '../../src/analyze/commitments/horizon.ts';
import { coveredDays } from '../../src/analyze/commitments/days.ts';
import { invoiceDaysOfBill } from '../../src/analyze/invoice-days.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { riFeesFile } from '../helpers/fees-delivery-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { row, sourceRows, storeSpan } from '../helpers/source-span-rows.ts';
import { appOn, page } from './helpers.ts';
import { type BillingDaySpan, billingDaySpan, storeDays } from '../../src/analyze/billing-calendar.ts';
import { defaultCommitmentsPeriod } from '../../src/analyze/commitments/days.ts';
import { defaultPeriod, defaultPeriodOf, lastCompleteMonthOf } from '../../src/analyze/default-period.ts';
import { resolveSpans } from '../../src/analyze/explain/spans.ts';
import { defaultBillPeriod } from '../../src/analyze/whole-bills-period.ts';
import { commitmentsPeriod } from '../../src/report/commitments-section.ts';
import { isoWeek } from '../../src/lib/calendar.ts';
import { heldBackSpan, readSourceSpans, sourceSpansOf } from '../../src/analyze/source-spans.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';

/** The path of a config of one quarterly budget of $1,000 over the whole bill (budgets' --period picks the quarter or refuses the month), written once per file. */
let budgetsConfig: string | undefined;
const quarterlyBudget = () => {
  if (budgetsConfig === undefined) {
    budgetsConfig = join(scratchDir(), 'costlens.config.json');
    writeFileSync(budgetsConfig, JSON.stringify({ budgets: [{ name: 'q', amount: 1000, period: 'quarterly' }] }));
  }
  return budgetsConfig;
};

describe('one usage source beside a delivery of fees only (no usage line) of another account: its bills judged on their own, complete once invoiced, holding nothing back and completing no month', () => {
  let apart: string;
  let pending: string;
  let sharing: string;
  let fees: Record<string, string>;
  beforeAll(async () => {
    // The legacy CUR (usage of 1–14 Nov 2023, account 123412340534) with the fees of 2023-11 of another account, in one ingest; the same
    // with those fees not invoiced and another account's fees of 2023-12 not invoiced; and with the fees of 2023-12 of its own account (its own ingest).
    fees = await derivedFiles([riFeesFile('fees-2023-11-other.parquet', 60, '111122223333'), riFeesFile('fees-2023-12-same.parquet', 61, '123412340534'),
      riFeesFile('fees-2023-11-other-pending.parquet', 60, '111122223333', false), riFeesFile('fees-2023-12-third-pending.parquet', 61, '444455556666', false)]);
    [apart, pending, sharing] = await Promise.all([cachedStore([[REAL_LEGACY_CSV, fees['fees-2023-11-other.parquet']]]),
      cachedStore([[REAL_LEGACY_CSV, fees['fees-2023-11-other-pending.parquet'], fees['fees-2023-12-third-pending.parquet']]]), cachedStore([[REAL_LEGACY_CSV], [fees['fees-2023-12-same.parquet']]])]);
  }, 120_000);

  it('the fees files (by DuckDB): 9 lines each, spanning its month, 147.384 billed; the pending ones with no InvoiceId', async () => {
    const sums = (file: string) => duckdbRows(`SELECT count(*) AS n, count(bill_invoice_id) AS invoiced, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) AS billed,
        CAST(min(line_item_usage_start_date) AS VARCHAR) AS first, CAST(max(line_item_usage_end_date) AS VARCHAR) AS last FROM read_parquet($file)`, { file });
    expect(await sums(fees['fees-2023-11-other.parquet'])).toEqual([{ n: '9', invoiced: '9', billed: '147.3840000000', first: '2023-11-01 00:00:00', last: '2023-11-30 23:59:59' }]);
    expect(await sums(fees['fees-2023-11-other-pending.parquet'])).toEqual([{ n: '9', invoiced: '0', billed: '147.3840000000', first: '2023-11-01 00:00:00', last: '2023-11-30 23:59:59' }]);
    expect(await sums(fees['fees-2023-12-third-pending.parquet'])).toEqual([{ n: '9', invoiced: '0', billed: '147.3840000000', first: '2023-12-01 00:00:00', last: '2023-12-30 23:59:59' }]);
  });

  it('sharing no account: the horizon stays the legacy CUR\'s 13 Nov 2023 (nothing held back), 2023-11 is not complete for it, the fees\' invoiced bill is (it read "yes: incomplete"), and the bill is both files\' lines', async () => {
    const status = JSON.parse((await costlens(apart, 'status', '--format', 'json', '--today', '2024-06-01')).stdout) as Record<string, string>[];
    expect(status.map((r) => [r.source, r.billingPeriod, r.provisional])).toEqual([['aws/111122223333', '2023-11', 'no'], ['aws/123412340534', '2023-11', 'yes: incomplete']]);
    expect((await costlens(apart, 'status')).stdout).not.toContain('held back');
    const [invoice] = JSON.parse((await costlens(apart, 'invoice', '--period', '2023-11', '--format', 'json')).stdout) as { complete: boolean; covers: string; total: { billedCost: string } }[];
    const [legacyBilled] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 10))) AS VARCHAR) AS billed FROM read_csv($file, header = true, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    expect(legacyBilled.billed).toBe('1.6823086974');
    expect([invoice.complete, invoice.covers, invoice.total.billedCost])
      .toEqual([false, '1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too)', '149.0663086974']);
  });

  it('sharing no account, the fees not invoiced: status, invoice and commitments say so, as beside two usage sources (status read "yes: incomplete", invoice and commitments "1–31 Dec 2023, after the data horizon (13 Nov 2023)": judged on the legacy CUR\'s data)', async () => {
    const status = JSON.parse((await costlens(pending, 'status', '--format', 'json')).stdout) as Record<string, string>[];
    expect(status.map((r) => [r.source, r.billingPeriod, r.billedCost, r.provisional])).toEqual([['aws/111122223333', '2023-11', '147.3840000000', 'yes: not yet invoiced'],
      ['aws/123412340534', '2023-11', '1.6823086974', 'yes: incomplete'], ['aws/444455556666', '2023-12', '147.3840000000', 'yes: not yet invoiced']]);
    const why = '2023-12 is the latest bill of aws/444455556666 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';
    const [invoice] = JSON.parse((await costlens(pending, 'invoice', '--period', '2023-12', '--format', 'json')).stdout) as { complete: boolean; covers: string; total: { billedCost: string } }[];
    expect([invoice.complete, invoice.covers, invoice.total.billedCost]).toEqual([false, `Dec 2023 not complete yet (${why})`, '147.3840000000']);
    expect((await costlens(pending, 'commitments', '--period', '2023-12')).stdout.split('\n')[0]).toBe('Commitments 2023-12 (Dec 2023, not invoiced yet, so it may still change; '
      + 'judged on the data of aws/444455556666, its source (the store\'s latest ends on 13 Nov 2023)): 9 Reserved Instances, 0 Savings Plans');
    // explain refuses Dec 2023 in the same words (it read "runs past the data horizon 13 Nov 2023 (the last complete day in the store)").
    const explain = await costlens(pending, 'explain', '--from', '2023-12', '--to', '2024-01');
    expect([explain.code, explain.stderr]).toEqual([2, `costlens: --from Dec 2023 (full bill, 31 days) is not complete: ${why}\n`
      + '  hint: compare months their own data completes (costlens status marks the others incomplete or not yet invoiced), or ingest the bill again once it is invoiced\n']);
  });

  it('a range from the legacy CUR\'s 2023-11 into the fees\' 2023-12 is told from the store\'s first day (it read "1–30 Nov 2023 are not in the store (the store\'s billing data begins on 1 Dec 2023)"), 2023-11 named as its own delivery judges it', async () => {
    // By DuckDB: the legacy CUR's first charge day; the fees' bill ends on 31 Dec 2023; another account's fees cover Nov 2023, so no day is missing.
    const [days] = await duckdbRows(`SELECT CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) AS first, (SELECT CAST(max(bill_billing_period_end_date) AS DATE) - 1 FROM read_parquet($fees)) AS last
      FROM read_csv($legacy, header = true, all_varchar = true)`, { legacy: REAL_LEGACY_CSV, fees: fees['fees-2023-12-third-pending.parquet'] });
    expect([String(days.first), String(days.last)]).toEqual(['2023-11-01', '2023-12-31']);
    // 2023-11 named once per delivery keeping it from being complete (it read only the legacy CUR's words): its data ends on 13 Nov, the other account's RI fees are not invoiced.
    const words = '1 Nov – 31 Dec 2023; Dec 2023, not invoiced yet, so it may still change; judged on the data of aws/444455556666, its source (the store\'s latest ends on 13 Nov 2023); '
      + '2023-11 is not complete: the data of aws/123412340534 ends on 13 Nov 2023; '
      + '2023-11 is the latest bill of aws/111122223333 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';
    expect((await costlens(pending, 'commitments', '--from', '2023-11-01', '--to', '2024-01-01')).stdout.split('\n')[0]).toBe(`Commitments 2023-11-01/2024-01-01 (${words}): 9 Reserved Instances, 0 Savings Plans`);
    const json = JSON.parse((await costlens(pending, 'commitments', '--from', '2023-11-01', '--to', '2024-01-01', '--format', 'json')).stdout) as { days: Record<string, unknown> };
    expect([json.days.first, json.days.last, json.days.count, json.days.complete, json.days.notInStore]).toEqual(['2023-11-01', '2023-12-31', 61, false, undefined]);
  });

  it('budgets: --period 2023-12 is not complete, in invoice\'s words (it read "starts after the data horizon 30 Nov 2023 (the last complete day in the store)"); 2023-Q4 is as of the legacy CUR\'s 13 Nov 2023 (it read 30 Nov 2023, "the data horizon of aws/444455556666", 30 days counted, the partial 14 Nov among them)', async () => {
    const why = '2023-12 is the latest bill of aws/444455556666 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';
    const december = await costlens(pending, 'budgets', '--config', quarterlyBudget(), '--period', '2023-12');
    expect([december.code, december.stdout, december.stderr]).toEqual([2, '', `costlens: --period 2023-12 is not complete: ${why}\n  hint: give a period up to 2023-11, or see its bill as it stands: costlens invoice --period 2023-12\n`]);
    // By DuckDB: the legacy CUR's lines before 14 Nov 2023 (usage to 13 Nov, tax dated 1 Nov) and the other account's fees of 2023-11, not invoiced yet.
    const [sums] = await duckdbRows(`SELECT (SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 10))) AS VARCHAR) FROM read_csv($legacy, header = true, all_varchar = true)
        WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-14') AS legacy, (SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) FROM read_parquet($fees)) AS fees`,
    { legacy: REAL_LEGACY_CSV, fees: fees['fees-2023-11-other-pending.parquet'] });
    expect(sums).toEqual({ legacy: '1.6732411158', fees: '147.3840000000' });
    const quarter = JSON.parse((await costlens(pending, 'budgets', '--config', quarterlyBudget(), '--period', '2023-Q4', '--format', 'json')).stdout) as { asOf: string; asOfReason: string; budgets: Record<string, unknown>[] };
    const [q] = quarter.budgets;
    expect([quarter.asOf, quarter.asOfReason, q.daysCounted, q.actual, q.judged]).toEqual(['2023-11-13', 'the data horizon, the last complete day in the store, inside 2023-Q4', 13, '149.0572411158', false]);
    // The actual counts the fees of 2023-11 not invoiced yet (it said nothing of them): the note names their 147.384 alone, in cents as the table's actual ($147.38; it read $147.384), not the
    // 149.0572411158 of all of billing period 2023-11 (it read that: the legacy CUR's 1.6732411158 is its own delivery's lines).
    const text = (await costlens(pending, 'budgets', '--config', quarterlyBudget(), '--period', '2023-Q4')).stdout;
    expect(text.split('\n').filter((line) => line.includes('not invoiced'))).toEqual(['q: 2023-Q4: the actual counts $147.38 of billing period 2023-11, not complete: '
      + '2023-11 is the latest bill of aws/111122223333 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change.']);
  });

  it('2023-11, the legacy CUR\'s data ending on 13 Nov beside another account\'s RI fees not invoiced: invoice and commitments name both deliveries (they named the legacy CUR\'s data only)', async () => {
    const why = '2023-11 is the latest bill of aws/111122223333 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';
    const invoice = await costlens(pending, 'invoice', '--period', '2023-11');
    expect(invoice.stdout.trimEnd().split('\n').at(-1)).toBe('2023-11: 1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too): '
      + `the bill of the days the store holds, not complete; ${why}`);
    expect((await costlens(pending, 'commitments', '--period', '2023-11')).stdout.split('\n')[0]).toBe('Commitments 2023-11 (1–13 Nov 2023, not complete (the data ends on 13 Nov 2023, the data horizon; '
      + `lines dated up to 14 Nov 2023 are counted too); judged on the data of aws/123412340534, its source (the store's latest); ${why}): 9 Reserved Instances, 0 Savings Plans`);
    // With no --period, the horizon's month names the other account's bill too (it named the legacy CUR's days only).
    expect((await costlens(pending, 'invoice')).stderr).toBe('period 2023-11, 1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; 2023-12 is not complete yet); '
      + `${why}: the store holds no complete month yet\n`);
    const calendar = { span: storeSpan, spans: sourceSpansOf([...sourceRows, { ...row('aws/111122223333', '2023-11', 'fees.parquet', ['2023-11-01', null, null, '2023-11-01', null]), lines: 9, lines_without_invoice: 9 }], storeSpan) };
    const period = { billingFrom: '2023-11-01', billingTo: '2023-12-01' };
    expect(periodsNotComplete(calendar, period, ownSpanOf(calendar, period)!)).toEqual([why]);
  });

  it('the real Nov 2018 CUR beside its RI fees re-billed to another account without an InvoiceId: 2018-11 is not complete, as status said (invoice read "complete": true, commitments "1–30 Nov 2018, complete")', async () => {
    const file = (await derivedFiles([riFeesFile('fees-2018-11-other-pending.parquet', 0, '111122223333', false)]))['fees-2018-11-other-pending.parquet'];
    // By DuckDB: the CUR's 9 RIFee lines, 147.384 billed, none with an InvoiceId; the bill is the CUR's 3505.3269681268 and those fees.
    expect(await duckdbRows(`SELECT count(*) AS n, count(bill_invoice_id) AS invoiced, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) AS billed,
        (SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) FROM read_parquet($cur)) AS cur FROM read_parquet($file)`, { file, cur: REAL_NOV_2018 }))
      .toEqual([{ n: '9', invoiced: '0', billed: '147.3840000000', cur: '3505.3269681268' }]);
    const db = await cachedStore([[REAL_NOV_2018, file]]);
    const why = '2018-11 is the latest bill of aws/111122223333 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';
    expect((await costlens(db, 'status')).stdout).toContain(`\n2018-11: 1–30 Nov 2018, ${why}\n`);
    // Its days and dates are the CUR's, complete to 30 Nov (they read "Nov 2018 not complete yet", dataThrough 2018-10-31, the day before the fees' bill); the fees' bill keeps it not complete.
    const [invoice] = JSON.parse((await costlens(db, 'invoice', '--period', '2018-11', '--format', 'json')).stdout) as { complete: boolean; covers: string; dataThrough: string | null; total: { billedCost: string } }[];
    expect([invoice.complete, invoice.covers, invoice.dataThrough, invoice.total.billedCost]).toEqual([false, '1–30 Nov 2018', null, '3652.7109681268']);
    expect((await costlens(db, 'invoice', '--period', '2018-11')).stdout.trimEnd().split('\n').at(-1)).toBe(`2018-11: 1–30 Nov 2018, ${why}`);
    // Judged on the CUR's data, aws/836060457634 (it read "judged on the data of aws/111122223333", an account with no usage, horizon 2018-10-31).
    expect((await costlens(db, 'commitments', '--period', '2018-11')).stdout.split('\n')[0]).toBe('Commitments 2018-11 (1–30 Nov 2018, not complete; '
      + `judged on the data of aws/836060457634, its source (the store's latest); ${why}): 9 Reserved Instances, 0 Savings Plans`);
    const commitments = JSON.parse((await costlens(db, 'commitments', '--period', '2018-11', '--format', 'json')).stdout) as { days: Record<string, unknown>; periodData: unknown };
    expect([commitments.days.complete, commitments.days.description, commitments.periodData]).toEqual([false, '1–30 Nov 2018, not complete', { horizon: '2018-11-30', sources: ['aws/836060457634'], notComplete: [why] }]);
    // The weekly e-mail of 2018-W48 (26 Nov – 2 Dec 2018): its commitments period is 1–30 Nov 2018, the CUR's days (it read "no complete day from
    // 1 Nov 2018 (the data ends on 31 Oct 2018, the data horizon …)" beside "Data in the store: 1 Nov 2018 to 30 Nov 2018"), not complete for the fees' bill.
    const chargeback = await withEngine(db, async (engine) => {
      const span = await billingDaySpan(engine);
      return commitmentsPeriod(span, await storeDays(engine, span), isoWeek('2018-W48')!, await readSourceSpans(engine, span));
    });
    expect(chargeback).toEqual({ period: '2018-11', complete: false, covers: `1–30 Nov 2018; ${why}: no billing period is complete up to 30 Nov 2018` });
    // The e-mail prints it as is: `Billing period 2018-11 (1–30 Nov 2018; …: no billing period …): …` and `No chargeback attached: billing period 2018-11 is not complete by the report week's end (…).`
    // A range's days are the CUR's, complete to 30 Nov; the range is not complete while the month it reaches is not, as --period says
    // (it read "1–30 Nov 2018; data horizon 30 Nov 2018 (…)", complete in JSON, beside the month named as not complete).
    expect((await costlens(db, 'commitments', '--from', '2018-11-01', '--to', '2018-12-01')).stdout.split('\n')[0]).toBe('Commitments 2018-11-01/2018-12-01 (1–30 Nov 2018, not complete; '
      + `judged on the data of aws/836060457634, its source (the store's latest); ${why}): 9 Reserved Instances, 0 Savings Plans`);
    // With no --period, the default is not "the last complete month" (it read "period 2018-11, the last complete month (data through 30 Nov 2018, …)"):
    // the store holds none, Nov 2018 said not complete, with why.
    const chosen = `period 2018-11, 1–30 Nov 2018 (the data ends on 30 Nov 2018, the data horizon); ${why}: the store holds no complete month yet`;
    expect((await costlens(db, 'commitments')).stderr).toBe(`${chosen}, following the store's latest data: that of aws/836060457634\n`);
    for (const args of [['invoice'], ['attribute', '--tag', 'user:Name']]) expect([args[0], (await costlens(db, ...args)).stderr]).toEqual([args[0], `${chosen}\n`]);
    // The Attribution page's default period is not called the last complete month either (it read "Billing period 2018-11, the last complete month; …").
    const app = appOn(db);
    try {
      const chosenPage = await page(app, '/attribution?tag=user:Name');
      expect([chosenPage.status, chosenPage.headers.get('location')]).toEqual([302, '/attribution?tag=user%3AName&period=2018-11&cost=billed']);
      const body = await (await page(app, chosenPage.headers.get('location')!)).text();
      expect(/<p class="as-of" id="as-of">([^<]*)/.exec(body)?.[1]).toBe('Billing period 2018-11; data complete through 30 Nov 2018, the last complete day in the store.');
    } finally {
      await app.close();
    }
  }, 120_000);

  it('sharing its account, in a later billing period: the fee dated 1 Dec 2023 is after the data horizon, no day of 2023-12 complete; the default is the horizon\'s month, 2023-12 said not complete', async () => {
    const invoice = await costlens(sharing, 'invoice', '--period', '2023-12');
    expect(invoice.stdout.trimEnd().split('\n').at(-1)).toBe('2023-12: 1–31 Dec 2023, after the data horizon (13 Nov 2023): no day of it is complete');
    expect((await costlens(sharing, 'commitments')).stderr).toBe('period 2023-11, 1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; 2023-12 is not complete yet): the store holds no complete month yet\n');
  });
});

describe('a delivery of fees only beside two usage deliveries is judged as whole bills, as a store of its file alone: not complete until invoiced', () => {
  const feesRow = { ...row('aws/111122223333', '2023-12', 'fees.parquet', ['2023-12-01', null, null, '2023-12-01', null]), lines: 9, lines_without_invoice: 9 };
  const WHY = '2023-12 is the latest bill of aws/111122223333 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';

  it('2023-12, its lines without an InvoiceId, was complete on the others\' data (to 2024-09-30); it is not invoiced yet; invoiced, it is complete; it holds nothing back and is no default\'s', () => {
    const spans = sourceSpansOf([...sourceRows, feesRow], storeSpan);
    const charged = new Map([['2023-12', { first: '2023-12-01', last: '2023-12-01' }]]);
    const days = invoiceDaysOfBill('2023-12', { kind: 'period', period: '2023-12' }, spans, charged);
    expect([days.complete, days.covers]).toEqual([false, `Dec 2023 not complete yet (${WHY})`]);
    expect([spans.ofSource('aws/111122223333').lastDay, spans.sourcesOf(spans.ofPeriod('2023-12'))]).toEqual(['2023-11-30', ['aws/111122223333']]);
    expect(invoiceDaysOfBill('2023-12', { kind: 'period', period: '2023-12' }, sourceSpansOf([...sourceRows, { ...feesRow, lines_without_invoice: 0 }], storeSpan), charged).complete).toBe(true);
    expect([heldBackSpan([...sourceRows, feesRow], storeSpan), spans.latest()?.sources, spans.holding('2023-12')]).toEqual([storeSpan, ['aws/1234567890123'], []]);
  });

  it('the default period steps back past a month whose fees are not invoiced yet: 2024-08, the last complete month, naming 2024-09 (it was 2024-09, "the last complete month"), for invoice, commitments, the weekly e-mail, the pages and explain\'s --to alike', () => {
    const september = { ...row('aws/111122223333', '2024-09', 'fees.parquet', ['2024-09-01', null, null, '2024-09-01', null]), lines: 9, lines_without_invoice: 9 };
    const why = WHY.replaceAll('2023-12', '2024-09');
    const spans = sourceSpansOf([...sourceRows, september], storeSpan);
    const days = { firstDay: storeSpan.firstDay, gaps: [], lastDay: storeSpan.lastDay };
    expect(defaultBillPeriod(storeSpan, sourceSpansOf(sourceRows, storeSpan))).toEqual(defaultPeriod(storeSpan));
    expect(defaultPeriod(storeSpan).period).toBe('2024-09');
    const chosen = { period: '2024-08', reason: `2024-08, the last complete month (data through 30 Sep 2024, the last complete day in the store; ${why})` };
    expect([defaultBillPeriod(storeSpan, spans), defaultCommitmentsPeriod(storeSpan, days, spans), lastCompleteMonthOf(storeSpan.lastDay, spans)]).toEqual([chosen, chosen, { month: '2024-08', open: [why] }]);
    expect(commitmentsPeriod(storeSpan, days, isoWeek('2024-W40')!, spans).period).toBe('2024-08');
    // Its days and completeness too, on rows whose FOCUS delivery begins with its Aug 2024 bill (the rows' focus-aug.csv keeps the sample's first day, 1 Sep 2024).
    const fromAugust = sourceSpansOf([...sourceRows.map((r) => (r.file === 'focus-aug.csv' || r.file === 'focus.csv' ? { ...r, first_day: '2024-08-01' } : r)), september], storeSpan);
    expect(commitmentsPeriod(storeSpan, days, isoWeek('2024-W40')!, fromAugust)).toEqual({ period: '2024-08', complete: true, covers: '1–31 Aug 2024, the last complete billing period up to 30 Sep 2024' });
    expect(resolveSpans('2024-07', undefined, storeSpan, days, spans).new.label).toBe('Aug 2024 (full bill, 31 days)');
  });

  it('stepping back, it says what defaultPeriod says of the store, then the fees not invoiced: a line of 2024-10 in the store (a fee posted on the 1st) adds "2024-10 is not complete yet" (it was left out)', () => {
    const september = { ...row('aws/111122223333', '2024-09', 'fees.parquet', ['2024-09-01', null, null, '2024-09-01', null]), lines: 9, lines_without_invoice: 9 };
    const why = WHY.replaceAll('2023-12', '2024-09');
    const feeOnFirst: BillingDaySpan = { ...storeSpan, lastChargeDay: '2024-10-01' };
    const through = 'data through 30 Sep 2024, the last complete day in the store; 2024-10 is not complete yet';
    expect(defaultPeriod(feeOnFirst)).toEqual({ period: '2024-09', reason: `2024-09, the last complete month (${through})` });
    expect(defaultPeriodOf(feeOnFirst, sourceSpansOf([...sourceRows, september], feeOnFirst))).toEqual({ period: '2024-08', reason: `2024-08, the last complete month (${through}; ${why})` });
  });

  it('commitments --from/--to over a month only the fees delivery holds is judged on its span, as --period (it was the store\'s, complete to 2024-09-30); a range names every period it reaches that its own delivery does not complete', () => {
    const calendar = { span: storeSpan, spans: sourceSpansOf([...sourceRows, feesRow], storeSpan) };
    const december = ownSpanOf(calendar, { chargeFrom: '2023-12-01', chargeTo: '2024-01-01' });
    expect([december?.lastDay, december?.wholeBillsOnly?.incomplete?.why]).toEqual(['2023-11-30', WHY]);
    expect(coveredDays({ chargeFrom: '2023-12-01', chargeTo: '2024-01-01' }, december!.lastDay, { firstDay: storeSpan.firstDay, gaps: [], lastChargeDay: december!.lastChargeDay, bills: december!.wholeBillsOnly }).complete).toBe(false);
    // From the 2018 CUR to the FOCUS sample: 2023-11 (the legacy CUR's data ends on 13 Nov) and 2023-12 (not invoiced) are named, as invoice names them; 2018-11 and 2024-09 are complete.
    const range = { chargeFrom: '2018-11-01', chargeTo: '2024-09-30' };
    const own = ownSpanOf(calendar, range)!;
    expect(own.lastDay).toBe('2024-09-30');
    expect(periodsNotComplete(calendar, range, own)).toEqual(['2023-11 is not complete: the data of aws/123412340534 ends on 13 Nov 2023', WHY]);
    const plain = { span: storeSpan, spans: sourceSpansOf(sourceRows, storeSpan) };
    expect(periodsNotComplete(plain, range, ownSpanOf(plain, range)!)).toEqual(['2023-11 is not complete: the data of aws/123412340534 ends on 13 Nov 2023']);
    // A range inside one month, a billing period: nothing else to name.
    const november = { chargeFrom: '2023-11-01', chargeTo: '2023-11-15' };
    expect(periodsNotComplete(plain, november, ownSpanOf(plain, november)!)).toEqual([]);
    const period = { billingFrom: '2023-11-01', billingTo: '2023-12-01' };
    expect(periodsNotComplete(plain, period, ownSpanOf(plain, period)!)).toEqual([]);
  });

  it('on the legacy CUR, the FOCUS sample and the real RI fees re-dated to 2023-12 without an InvoiceId (by DuckDB: 147.384 billed): status, invoice, commitments, budgets and explain say it is not invoiced yet (budgets read "starts after the data horizon 30 Nov 2023 (the last complete day in the store)", explain "runs past the data horizon of its source, 2023-11-30")', async () => {
    const fees = await derivedFiles([riFeesFile('fees-2023-12-not-invoiced.parquet', 61, '111122223333', false)]);
    const file = fees['fees-2023-12-not-invoiced.parquet'];
    expect(await duckdbRows(`SELECT count(*) AS n, count(bill_invoice_id) AS invoiced, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) AS billed FROM read_parquet($file)`, { file }))
      .toEqual([{ n: '9', invoiced: '0', billed: '147.3840000000' }]);
    const db = await cachedStore([[REAL_LEGACY_CSV, REAL_FOCUS, file]]);
    const status = JSON.parse((await costlens(db, 'status', '--format', 'json')).stdout) as Record<string, string>[];
    expect(status.filter((r) => r.billingPeriod === '2023-12').map((r) => [r.source, r.provisional])).toEqual([['aws/111122223333', 'yes: not yet invoiced']]);
    const invoice = await costlens(db, 'invoice', '--period', '2023-12');
    expect(invoice.stdout.trimEnd().split('\n').at(-1)).toBe(`2023-12: Dec 2023 not complete yet (${WHY})`);
    const [json] = JSON.parse((await costlens(db, 'invoice', '--period', '2023-12', '--format', 'json')).stdout) as { complete: boolean; total: { billedCost: string } }[];
    expect([json.complete, json.total.billedCost]).toEqual([false, '147.3840000000']);
    expect((await costlens(db, 'commitments', '--period', '2023-12')).stdout.split('\n')[0]).toBe('Commitments 2023-12 (Dec 2023, not invoiced yet, so it may still change; '
      + 'judged on the data of aws/111122223333, its source (the store\'s latest ends on 30 Sep 2024)): 9 Reserved Instances, 0 Savings Plans');
    // A range from the legacy CUR's Nov 2023 into the fees' Dec 2023 is told from the store's first day, 1 Nov 2023 (it read "1–30 Nov 2023 are not in the store (the store's
    // billing data begins on 1 Dec 2023)"): by DuckDB, the legacy CUR's usage runs from 1 Nov to 14 Nov 2023, so 15–30 Nov (16 days) hold no line; 61 − 16 = 45 days.
    const [usage] = await duckdbRows(`SELECT CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS VARCHAR) AS first, CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS VARCHAR) AS last
      FROM read_csv($file, header = true, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`, { file: REAL_LEGACY_CSV });
    expect(usage).toEqual({ first: '2023-11-01 00:00:00', last: '2023-11-14 03:00:00' });
    const range = JSON.parse((await costlens(db, 'commitments', '--from', '2023-11-01', '--to', '2024-01-01', '--format', 'json')).stdout) as { days: Record<string, unknown>; periodData: unknown };
    const gap = 'the store holds no billing data on 15–30 Nov 2023';
    expect(range.days).toEqual({ first: '2023-11-01', last: '2023-12-31', count: 45, complete: false,
      description: `1 Nov – 31 Dec 2023; Dec 2023, not invoiced yet, so it may still change; 15–30 Nov 2023 are not in the store (${gap})`, notInStore: { days: 16, runs: [{ first: '2023-11-15', last: '2023-11-30' }], why: gap } });
    expect(range.periodData).toEqual({ horizon: '2023-11-30', sources: ['aws/111122223333'], notComplete: ['2023-11 is not complete: the data of aws/123412340534 ends on 13 Nov 2023'] });
    const budgets = await costlens(db, 'budgets', '--config', quarterlyBudget(), '--period', '2023-12');
    expect([budgets.code, budgets.stderr]).toEqual([2, `costlens: --period 2023-12 is not complete: ${WHY}\n  hint: give a period up to 2023-11, or see its bill as it stands: costlens invoice --period 2023-12\n`]);
    const explain = await costlens(db, 'explain', '--from', '2023-12', '--to', '2024-09');
    expect([explain.code, explain.stderr]).toEqual([2, `costlens: --from Dec 2023 (full bill, 31 days) is not complete: ${WHY}\n`
      + '  hint: compare months their own data completes (costlens status marks the others incomplete or not yet invoiced), or ingest the bill again once it is invoiced\n']);
  }, 120_000);

  it('budgets as of a report\'s day in 2023-12: the day before the fees\' bill, in invoice\'s words (it read "the data horizon of aws/111122223333, where its data ends")', () => {
    const spans = sourceSpansOf([...sourceRows, feesRow], storeSpan);
    const span = budgetsSpan(storeSpan, spans, { asOf: '2023-12-15' });
    const judged = budgetsAsOf(span, undefined);
    expect(judgedReason(judged, span, storeSpan, spans, undefined)).toEqual({ asOf: '2023-11-30', reason: `the last day before Dec 2023, not complete: ${WHY} (the store's runs to 30 Sep 2024)` });
  });
});
