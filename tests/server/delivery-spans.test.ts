/**
 * The leftovers of judging a store of several deliveries per delivery (src/analyze/source-spans.ts):
 * a range of days is judged on the data of the delivery it reaches, as a billing period is; a period
 * a lagging delivery holds back names it where its data ends; a month a delivery that has ended stops
 * inside compares on the others' data and says so (explain); and a delivery of fees only (no usage
 * line) holds nothing back and completes no month, its bills judged as a store of its files alone
 * judges them (complete once invoiced). Pure tests on the rows of
 * calendar/data_horizon_by_source, and a few commands on small stores of real lines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BillingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { ownSpanOf, periodsNotComplete } from '../../src/analyze/commitments/horizon.ts';
import { coveredDays } from '../../src/analyze/commitments/days.ts';
import { judgedOnSources } from '../../src/analyze/explain/source-horizon.ts';
import { resolveSpans } from '../../src/analyze/explain/spans.ts';
import { invoiceDaysOfBill, incompleteBillNote, invoiceDays } from '../../src/analyze/invoice-days.ts';
import { judgeOnData } from '../../src/analyze/provisional-periods.ts';
import { heldBackSpan, sourceSpansOf, storeWideSpans } from '../../src/analyze/source-spans.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';

/** A row of calendar/data_horizon_by_source: a source's billing period, its file and days (first, last usage day, its end, last charge day, last usage period). */
const row = (source: string, period: string, file: string | null, days: [string, string | null, string | null, string, string | null]) => {
  const [first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period] = days;
  return { source, billing_period: period, file, first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period };
};

// calendar/data_horizon_by_source on the store of the 2018 CURs, the legacy CUR and the FOCUS sample (file names shortened).
const aws2018 = ['2018-10-01', '2018-11-30', '2018-12-01 00:00:00', '2018-11-30', '2018-11'] as const;
const focusDays = ['2024-09-01', '2024-09-30', '2024-10-01 00:00:00', '2024-09-30', '2024-09'] as const;
const rows = [
  row('aws/123412340534', '2023-11', 'legacy.csv', ['2023-11-01', '2023-11-14', '2023-11-14 04:00:00', '2023-11-14', '2023-11']),
  row('aws/1234567890123', '2024-08', 'focus-aug.csv', [...focusDays]),
  row('aws/1234567890123', '2024-09', 'focus.csv', [...focusDays]),
  row('aws/836060457634', '2018-10', 'oct.parquet', [...aws2018]),
  row('aws/836060457634', '2018-11', 'nov.parquet', [...aws2018]),
];
const store: BillingDaySpan = { firstDay: '2018-10-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-09' };
const legacy = { firstDay: '2023-11-01', lastDay: '2023-11-13', lastChargeDay: '2023-11-14', lastUsagePeriod: '2023-11' };
const noGaps = { firstDay: store.firstDay, gaps: [] };

describe('commitments --from/--to: a range of days is judged on the data of the delivery it reaches, as --period judges a period', () => {
  const calendar = { span: store, spans: sourceSpansOf(rows, store) };

  it('a range reaching 2023-11 is judged on the legacy CUR\'s data (to 13 Nov 2023), not the store\'s 30 Sep 2024; one reaching no period a delivery holds, one with an open end, or a store of one delivery: the store\'s', () => {
    expect(ownSpanOf(calendar, { chargeFrom: '2023-11-01', chargeTo: '2023-11-15' })).toEqual(legacy);
    // From the 2018 CUR's data into the legacy CUR's: the latest period it reaches.
    expect(ownSpanOf(calendar, { chargeFrom: '2018-11-10', chargeTo: '2023-11-10' })).toEqual(legacy);
    // Ending in December 2023 (no delivery holds it): the latest period before it, 2023-11.
    expect(ownSpanOf(calendar, { chargeFrom: '2023-11-01', chargeTo: '2023-12-31' })).toEqual(legacy);
    expect(ownSpanOf(calendar, { chargeTo: '2018-11-20' })?.lastDay).toBe('2018-11-30');
    expect(ownSpanOf(calendar, { chargeFrom: '2019-01-01', chargeTo: '2019-03-01' })).toBeNull();
    expect(ownSpanOf(calendar, { chargeFrom: '2023-11-01' })).toBeNull();
    expect(ownSpanOf({ span: store, spans: storeWideSpans(store) }, { chargeFrom: '2023-11-01', chargeTo: '2023-11-15' })).toBeNull();
    // The same words as the period: its days up to the legacy CUR's horizon, told from the store's first day.
    expect(coveredDays({ chargeFrom: '2023-11-01', chargeTo: '2023-11-15' }, legacy.lastDay, { firstDay: store.firstDay, gaps: [], lastChargeDay: legacy.lastChargeDay }).description)
      .toBe('1–13 Nov 2023, not complete (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too): the range runs to 14 Nov 2023');
  });

  it('on the store of the real files: 1–14 Nov 2023 read complete against the data horizon 2024-09-30; now as --period 2023-11 reads it', async () => {
    const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
    const first = async (...args: string[]) => (await costlens(db, 'commitments', ...args)).stdout.split('\n')[0];
    expect(await first('--from', '2023-11-01', '--to', '2023-11-15')).toBe('Commitments 2023-11-01/2023-11-15 (1–13 Nov 2023, not complete (the data ends on 13 Nov 2023, the data horizon; '
      + 'lines dated up to 14 Nov 2023 are counted too): the range runs to 14 Nov 2023; judged on the data of aws/123412340534, its source (the store\'s latest ends on 2024-09-30)): 0 Reserved Instances, 0 Savings Plans');
    expect(await first('--from', '2018-11-10', '--to', '2018-11-20')).toBe('Commitments 2018-11-10/2018-11-20 (10–19 Nov 2018; data horizon 2018-11-30 (the data of aws/836060457634, its source; '
      + 'the store\'s latest ends on 2024-09-30)): 9 Reserved Instances, 0 Savings Plans');
    const json = JSON.parse((await costlens(db, 'commitments', '--from', '2023-11-01', '--to', '2023-11-15', '--format', 'json')).stdout) as { horizon: string; days: { last: string; complete: boolean }; periodData: unknown };
    expect([json.horizon, json.days.last, json.days.complete, json.periodData]).toEqual(['2024-09-30', '2023-11-13', false, { horizon: '2023-11-13', sources: ['aws/123412340534'] }]);
  }, 120_000);
});

describe('a period a lagging delivery holds back names it where its data ends (invoice, commitments), in heldBackWords\' words', () => {
  // A CUR complete to the end of 18 Sep 2024 beside a FOCUS export complete to 20 Sep: the CUR holds the store's horizon back to 18 Sep.
  const september: BillingDaySpan = { firstDay: '2024-09-01', lastDay: '2024-09-20', lastChargeDay: '2024-09-20', lastUsagePeriod: '2024-09' };
  const held = [
    row('aws/1234567890123', '2024-09', 'focus.csv', ['2024-09-01', '2024-09-20', '2024-09-21 00:00:00', '2024-09-20', '2024-09']),
    row('aws/999999999999', '2024-09', 'cur.parquet', ['2024-09-01', '2024-09-18', '2024-09-19 00:00:00', '2024-09-18', '2024-09']),
  ];
  const span = heldBackSpan(held, september);
  const words = 'the data ends on 18 Sep 2024, the data horizon, held back by aws/999999999999 (its data ends at the end of 18 Sep 2024; other sources run to 20 Sep 2024)';

  it('the holder\'s span says it, so invoice\'s note and commitments\' days do (they read "the data ends on 18 Sep 2024, the data horizon")', () => {
    expect(span.lastDay).toBe('2024-09-18');
    const own = sourceSpansOf(held, span).ofPeriod('2024-09');
    expect(own).toEqual({ firstDay: '2024-09-01', lastDay: '2024-09-18', lastChargeDay: '2024-09-18', lastUsagePeriod: '2024-09', heldBack: span.heldBack });
    // The FOCUS export's own span holds nothing back.
    expect(sourceSpansOf(held, span).ofSource('aws/1234567890123').heldBack).toBeUndefined();
    const charged = new Map([['2024-09', { first: '2024-09-01', last: '2024-09-20' }]]);
    expect(invoiceDays('2024-09', { kind: 'period', period: '2024-09' }, own, charged).covers).toBe(`1–18 Sep 2024 (${words})`);
    const edges = { firstDay: own.firstDay, lastChargeDay: own.lastChargeDay, heldBack: own.heldBack };
    expect(coveredDays({ billingFrom: '2024-09-01', billingTo: '2024-10-01' }, own.lastDay, edges).description).toBe(`1–18 Sep 2024, not complete (${words})`);
    expect(coveredDays({ chargeFrom: '2024-09-10', chargeTo: '2024-09-21' }, own.lastDay, edges).description).toBe(`10–18 Sep 2024, not complete (${words}): the range runs to 20 Sep 2024`);
  });
});

describe('explain: a month that a delivery which has ended (more than 7 days behind the store\'s latest) stops inside compares on the others\' data, and says so', () => {
  // A CUR whose data ends on 20 Sep 2024, 10 days before the FOCUS sample's 30 Sep: ended, it holds the store's horizon nowhere.
  const ended = row('aws/999999999999', '2024-09', 'other.csv', ['2024-08-01', '2024-09-20', '2024-09-21 00:00:00', '2024-09-20', '2024-09']);
  const withEnded = [...rows, ended, { ...ended, billing_period: '2024-08' }];
  const endedWords = '; Sep 2024 holds the data of aws/999999999999 only through 2024-09-20, where it ends (more than 7 days before the store\'s latest data: that delivery has ended)';

  it('the default, Sep 2024 (the last complete month by the store\'s horizon), was refused ("runs past the data horizon of its source, 2024-09-20"); it compares, naming where the ended delivery stops; so does --to 2024-09', () => {
    expect(heldBackSpan(withEnded, store)).toBe(store);
    const spans = sourceSpansOf(withEnded, store);
    expect(judgedOnSources(resolveSpans(undefined, undefined, store, noGaps), store, spans, {}).covers)
      .toBe(`Aug 2024 (full bill, 31 days) → Sep 2024 (full bill, 30 days): the full bills of 31 and 30 days, data through 2024-09-30 (the data of aws/1234567890123)${endedWords}`);
    expect(judgedOnSources(resolveSpans('2024-08', '2024-09', store, noGaps), store, spans, { from: '2024-08', to: '2024-09' }).covers).toMatch(new RegExp(`${endedWords.replace(/[()]/g, '\\$&')}$`));
  });

  it('a month no delivery completes is still refused: the legacy CUR\'s Nov 2023, alone, or beside a delivery of fees only, whose dates complete no month', () => {
    const fees = row('aws/111122223333', '2023-11', 'fees.parquet', ['2023-11-01', null, null, '2023-11-01', null]);
    for (const held of [rows, [...rows, fees]]) {
      expect(() => judgedOnSources(resolveSpans('2023-10', '2023-11', store, noGaps), store, sourceSpansOf(held, store), { from: '2023-10', to: '2023-11' }))
        .toThrow('--to Nov 2023 (full bill, 30 days) runs past the data horizon of its source, 2023-11-13 (the data of aws/123412340534): its full bill is not all in the store');
    }
  });

  it('a delivery 7 days behind is lagging, not ended: it holds the horizon back, and Sep 2024 is not the default month', () => {
    const lagging = row('aws/999999999999', '2024-09', 'other.csv', ['2024-08-01', '2024-09-23', '2024-09-24 00:00:00', '2024-09-23', '2024-09']);
    const span = heldBackSpan([...rows, lagging], store);
    expect(span.lastDay).toBe('2024-09-23');
    expect(resolveSpans(undefined, undefined, span, noGaps).new.label).toBe('Aug 2024 (full bill, 31 days)');
  });
});

describe('one usage source beside a delivery of fees only (no usage line) of another account: its bills judged on their own, complete once invoiced, holding nothing back and completing no month', () => {
  let apart: string;
  let pending: string;
  let sharing: string;
  let fees: Record<string, string>;
  /** The real Nov 2018 CUR's 9 RIFee lines (monthly-dated, no usage), moved `months` months and billed to `payer`; `invoiced` false: without an InvoiceId. */
  const riFees = (name: string, months: number, payer: string, invoiced = true) => ({
    name,
    sql: `SELECT * REPLACE ($payer AS bill_payer_account_id, $payer AS line_item_usage_account_id, ${invoiced ? 'bill_invoice_id' : 'CAST(NULL AS VARCHAR)'} AS bill_invoice_id,
        bill_billing_period_start_date + INTERVAL (${months}) MONTH AS bill_billing_period_start_date, bill_billing_period_end_date + INTERVAL (${months}) MONTH AS bill_billing_period_end_date,
        line_item_usage_start_date + INTERVAL (${months}) MONTH AS line_item_usage_start_date, line_item_usage_end_date + INTERVAL (${months}) MONTH AS line_item_usage_end_date)
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'`,
    params: { file: REAL_NOV_2018, payer },
  });

  beforeAll(async () => {
    // The legacy CUR (usage of 1–14 Nov 2023, account 123412340534) with the fees of 2023-11 of another account, in one ingest; the same
    // with those fees not invoiced and another account's fees of 2023-12 not invoiced; and with the fees of 2023-12 of its own account (its own ingest).
    fees = await derivedFiles([riFees('fees-2023-11-other.parquet', 60, '111122223333'), riFees('fees-2023-12-same.parquet', 61, '123412340534'),
      riFees('fees-2023-11-other-pending.parquet', 60, '111122223333', false), riFees('fees-2023-12-third-pending.parquet', 61, '444455556666', false)]);
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
      + 'judged on the data of aws/444455556666, its source (the store\'s latest ends on 2023-11-13)): 9 Reserved Instances, 0 Savings Plans');
  });

  it('a range from the legacy CUR\'s 2023-11 into the fees\' 2023-12 is told from the store\'s first day (it read "1–30 Nov 2023 are not in the store (the store\'s billing data begins on 1 Dec 2023)"), 2023-11 named as its own delivery judges it', async () => {
    // By DuckDB: the legacy CUR's first charge day; the fees' bill ends on 31 Dec 2023; another account's fees cover Nov 2023, so no day is missing.
    const [days] = await duckdbRows(`SELECT CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) AS first, (SELECT CAST(max(bill_billing_period_end_date) AS DATE) - 1 FROM read_parquet($fees)) AS last
      FROM read_csv($legacy, header = true, all_varchar = true)`, { legacy: REAL_LEGACY_CSV, fees: fees['fees-2023-12-third-pending.parquet'] });
    expect([String(days.first), String(days.last)]).toEqual(['2023-11-01', '2023-12-31']);
    const words = '1 Nov – 31 Dec 2023; Dec 2023, not invoiced yet, so it may still change; judged on the data of aws/444455556666, its source (the store\'s latest ends on 2023-11-13); '
      + '2023-11 is not complete: the data of aws/123412340534 ends on 2023-11-13';
    expect((await costlens(pending, 'commitments', '--from', '2023-11-01', '--to', '2024-01-01')).stdout.split('\n')[0]).toBe(`Commitments 2023-11-01/2024-01-01 (${words}): 9 Reserved Instances, 0 Savings Plans`);
    const json = JSON.parse((await costlens(pending, 'commitments', '--from', '2023-11-01', '--to', '2024-01-01', '--format', 'json')).stdout) as { days: Record<string, unknown> };
    expect([json.days.first, json.days.last, json.days.count, json.days.complete, json.days.notInStore]).toEqual(['2023-11-01', '2023-12-31', 61, false, undefined]);
  });

  it('sharing its account, in a later billing period: the fee dated 1 Dec 2023 is after the data horizon, no day of 2023-12 complete; the default is the horizon\'s month, 2023-12 said not complete', async () => {
    const invoice = await costlens(sharing, 'invoice', '--period', '2023-12');
    expect(invoice.stdout.trimEnd().split('\n').at(-1)).toBe('2023-12: 1–31 Dec 2023, after the data horizon (13 Nov 2023): no day of it is complete');
    expect((await costlens(sharing, 'commitments')).stderr).toBe('period 2023-11, 1–13 Nov 2023 (the data ends on 13 Nov 2023, the data horizon; 2023-12 is not complete yet): the store holds no complete month yet\n');
  });
});

describe('a month a delivery that has ended stops inside, another\'s data completing it: invoice, attribute and status judge it as explain does, and say where the ended delivery stops', () => {
  // The real Nov 2018 CUR (to 30 Nov) beside the FOCUS sample moved back 70 months to Nov 2018 and cut at 10 Nov: its data ends on 9 Nov, 21 days behind.
  const focusNov = ['2018-11-01', '2018-11-09', '2018-11-10 00:00:00', '2018-11-09', '2018-11'] as const;
  const novRows = [
    row('aws/1234567890123', '2018-11', 'focus-nov.parquet', [...focusNov]),
    row('aws/836060457634', '2018-11', 'nov.parquet', ['2018-11-01', '2018-11-30', '2018-12-01 00:00:00', '2018-11-30', '2018-11']),
    row('oracle/20209880', '2018-11', 'focus-nov.parquet', ['2018-11-03', '2018-11-03', '2018-11-03 01:00:00', '2018-11-03', '2018-11']),
  ];
  const november: BillingDaySpan = { firstDay: '2018-11-01', lastDay: '2018-11-30', lastChargeDay: '2018-11-30', lastUsagePeriod: '2018-11' };
  const charged = new Map([['2018-11', { first: '2018-11-01', last: '2018-11-30' }]]);
  const ENDED = 'Nov 2018 holds the data of aws/1234567890123, oracle/20209880 only through 2018-11-09, where it ends (more than 7 days before the store\'s latest data: that delivery has ended)';
  const NOTE = `2018-11: 1–30 Nov 2018, judged on the data of aws/836060457634 (data through 2018-11-30); ${ENDED}`;

  it('2018-11\'s bill is complete on the CUR\'s data, naming where the FOCUS delivery ends (invoice said "1–9 Nov 2018 (the data ends on 9 Nov 2018, …): not complete" under "the last complete month"); status\'s note is invoice\'s', () => {
    expect(heldBackSpan(novRows, november)).toBe(november);
    const spans = sourceSpansOf(novRows, november);
    const days = invoiceDaysOfBill('2018-11', { kind: 'period', period: '2018-11' }, spans, charged);
    expect([days.complete, days.covers, incompleteBillNote('2018-11', days)]).toEqual([true, '1–30 Nov 2018', NOTE]);
    // The ended delivery's own rows stay incomplete, with invoice's note of the month.
    const periods = { columns: ['source', 'billing_period', 'provisional'], rows: [['aws/1234567890123', '2018-11', 'no'], ['aws/836060457634', '2018-11', 'no'], ['oracle/20209880', '2018-11', 'no']] };
    const judged = judgeOnData(periods, november, charged, spans);
    expect([judged.periods.rows.map((r) => r[2]), judged.notes]).toEqual([['yes: incomplete', 'no', 'yes: incomplete'], [NOTE]]);
    // A range of days in the month is judged on the CUR's data too; a delivery 7 days behind would still hold the month back.
    expect(spans.ofRange('2018-11-10', '2018-11-19').lastDay).toBe('2018-11-30');
    const lagging = novRows.map((r) => (r.file === 'focus-nov.parquet' && r.source.startsWith('aws') ? { ...r, last_usage_day: '2018-11-23', last_usage_end: '2018-11-24 00:00:00', last_charge_day: '2018-11-23' } : r));
    expect(sourceSpansOf(lagging, november).ofBill('2018-11').lastDay).toBe('2018-11-23');
  });

  it('a move from one delivery to another (the old ended 9 Nov, its data 1–9 Nov; the new from 10 Nov): the bill\'s days are 1–30 Nov 2018, as its total is (they read "10–30 Nov 2018")', () => {
    const moved = [
      row('aws/old', '2018-11', 'old.csv', ['2018-11-01', '2018-11-09', '2018-11-10 00:00:00', '2018-11-09', '2018-11']),
      row('aws/new', '2018-11', 'new.parquet', ['2018-11-10', '2018-11-30', '2018-12-01 00:00:00', '2018-11-30', '2018-11']),
    ];
    const spans = sourceSpansOf(moved, november);
    const days = invoiceDaysOfBill('2018-11', { kind: 'period', period: '2018-11' }, spans, charged);
    expect([days.from, days.to, days.complete, days.covers]).toEqual(['2018-11-01', '2018-11-30', true, '1–30 Nov 2018']);
    expect(incompleteBillNote('2018-11', days)).toBe('2018-11: 1–30 Nov 2018, judged on the data of aws/new (data through 2018-11-30); Nov 2018 holds the data of aws/old only through 2018-11-09, '
      + 'where it ends (more than 7 days before the store\'s latest data: that delivery has ended)');
    expect(spans.ofBill('2018-11')).toEqual({ firstDay: '2018-11-01', lastDay: '2018-11-30', lastChargeDay: '2018-11-30', lastUsagePeriod: '2018-11' });
    expect(spans.ofBill('2018-11')).toBe(spans.ofBill('2018-11'));
  });

  it('on the store of the real files (by DuckDB: the CUR 3505.3269681268, the FOCUS lines 1.0315413595): invoice\'s default and its note agree, as attribute\'s and status\'s', async () => {
    const moved = await derivedFiles([{
      name: 'focus-2018-11-to-10.parquet',
      sql: `SELECT * REPLACE (BillingPeriodStart - INTERVAL (70) MONTH AS BillingPeriodStart, BillingPeriodEnd - INTERVAL (70) MONTH AS BillingPeriodEnd,
        ChargePeriodStart - INTERVAL (70) MONTH AS ChargePeriodStart, ChargePeriodEnd - INTERVAL (70) MONTH AS ChargePeriodEnd) FROM read_csv($file, header = true, nullstr = 'NULL')
        WHERE ChargePeriodStart < CAST($before AS TIMESTAMP)`,
      params: { file: REAL_FOCUS, before: '2024-09-10' },
    }]);
    const focus = moved['focus-2018-11-to-10.parquet'];
    const [sums] = await duckdbRows(`SELECT (SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS VARCHAR) FROM read_parquet($cur)) AS cur,
        (SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38, 10))) AS VARCHAR) FROM read_parquet($focus)) AS focus,
        (SELECT CAST(max(ChargePeriodEnd) AS VARCHAR) FROM read_parquet($focus) WHERE ChargeCategory = 'Usage') AS focusEnd`, { cur: REAL_NOV_2018, focus });
    expect(sums).toEqual({ cur: '3505.3269681268', focus: '1.0315413595', focusEnd: '2018-11-10 00:00:00' });
    const db = await cachedStore([[REAL_NOV_2018, focus]]);
    const full = NOTE.replace('aws/1234567890123, oracle/20209880', 'aws/1234567890123, microsoft//providers/Microsoft.Billing/billingAccounts/8611537, oracle/20209880');
    const invoice = await costlens(db, 'invoice');
    expect(invoice.stderr).toBe('period 2018-11, the last complete month (data through 30 Nov 2018, the last complete day in the store)\n');
    expect(invoice.stdout.trimEnd().split('\n').at(-1)).toBe(full);
    const [json] = JSON.parse((await costlens(db, 'invoice', '--format', 'json')).stdout) as { complete: boolean; covers: string; total: { billedCost: string } }[];
    expect([json.complete, json.covers, json.total.billedCost]).toEqual([true, '1–30 Nov 2018', '3506.3585094863']);
    expect((await costlens(db, 'status')).stdout).toContain(`\n${full}\n`);
    const attribute = await costlens(db, 'attribute', '--tag', 'name');
    expect(attribute.stdout.trimEnd().split('\n').at(-1)).toBe(full.replace('2018-11: ', '2018-11: the rows cover '));
    const rows = JSON.parse((await costlens(db, 'attribute', '--tag', 'name', '--format', 'json')).stdout) as { covers: string }[];
    expect(new Set(rows.map((r) => r.covers))).toEqual(new Set(['1–30 Nov 2018']));
  }, 120_000);
});

describe('a delivery of fees only beside two usage deliveries is judged as whole bills, as a store of its file alone: not complete until invoiced', () => {
  const feesRow = { ...row('aws/111122223333', '2023-12', 'fees.parquet', ['2023-12-01', null, null, '2023-12-01', null]), lines: 9, lines_without_invoice: 9 };
  const WHY = '2023-12 is the latest bill of aws/111122223333 and not invoiced yet, as none of its lines carry an InvoiceId, so it may still change';

  it('2023-12, its lines without an InvoiceId, was complete on the others\' data (to 2024-09-30); it is not invoiced yet; invoiced, it is complete; it holds nothing back and is no default\'s', () => {
    const spans = sourceSpansOf([...rows, feesRow], store);
    const charged = new Map([['2023-12', { first: '2023-12-01', last: '2023-12-01' }]]);
    const days = invoiceDaysOfBill('2023-12', { kind: 'period', period: '2023-12' }, spans, charged);
    expect([days.complete, days.covers]).toEqual([false, `Dec 2023 not complete yet (${WHY})`]);
    expect([spans.ofSource('aws/111122223333').lastDay, spans.sourcesOf(spans.ofPeriod('2023-12'))]).toEqual(['2023-11-30', ['aws/111122223333']]);
    expect(invoiceDaysOfBill('2023-12', { kind: 'period', period: '2023-12' }, sourceSpansOf([...rows, { ...feesRow, lines_without_invoice: 0 }], store), charged).complete).toBe(true);
    expect([heldBackSpan([...rows, feesRow], store), spans.latest()?.sources, spans.holding('2023-12')]).toEqual([store, ['aws/1234567890123'], []]);
  });

  it('commitments --from/--to over a month only the fees delivery holds is judged on its span, as --period (it was the store\'s, complete to 2024-09-30); a range names every period it reaches that its own delivery does not complete', () => {
    const calendar = { span: store, spans: sourceSpansOf([...rows, feesRow], store) };
    const december = ownSpanOf(calendar, { chargeFrom: '2023-12-01', chargeTo: '2024-01-01' });
    expect([december?.lastDay, december?.wholeBillsOnly?.incomplete?.why]).toEqual(['2023-11-30', WHY]);
    expect(coveredDays({ chargeFrom: '2023-12-01', chargeTo: '2024-01-01' }, december!.lastDay, { firstDay: store.firstDay, gaps: [], lastChargeDay: december!.lastChargeDay, bills: december!.wholeBillsOnly }).complete).toBe(false);
    // From the 2018 CUR to the FOCUS sample: 2023-11 (the legacy CUR's data ends on 13 Nov) and 2023-12 (not invoiced) are named, as invoice names them; 2018-11 and 2024-09 are complete.
    const range = { chargeFrom: '2018-11-01', chargeTo: '2024-09-30' };
    const own = ownSpanOf(calendar, range)!;
    expect(own.lastDay).toBe('2024-09-30');
    expect(periodsNotComplete(calendar, range, own)).toEqual(['2023-11 is not complete: the data of aws/123412340534 ends on 2023-11-13', WHY]);
    const plain = { span: store, spans: sourceSpansOf(rows, store) };
    expect(periodsNotComplete(plain, range, ownSpanOf(plain, range)!)).toEqual(['2023-11 is not complete: the data of aws/123412340534 ends on 2023-11-13']);
    // A range inside one month, a billing period: nothing else to name.
    const november = { chargeFrom: '2023-11-01', chargeTo: '2023-11-15' };
    expect(periodsNotComplete(plain, november, ownSpanOf(plain, november)!)).toEqual([]);
    const period = { billingFrom: '2023-11-01', billingTo: '2023-12-01' };
    expect(periodsNotComplete(plain, period, ownSpanOf(plain, period)!)).toEqual([]);
  });

  it('on the legacy CUR, the FOCUS sample and the real RI fees re-dated to 2023-12 without an InvoiceId (by DuckDB: 147.384 billed): status, invoice and commitments say it is not invoiced yet', async () => {
    const fees = await derivedFiles([{
      name: 'fees-2023-12-not-invoiced.parquet',
      sql: `SELECT * REPLACE ('111122223333' AS bill_payer_account_id, '111122223333' AS line_item_usage_account_id, CAST(NULL AS VARCHAR) AS bill_invoice_id,
          bill_billing_period_start_date + INTERVAL (61) MONTH AS bill_billing_period_start_date, bill_billing_period_end_date + INTERVAL (61) MONTH AS bill_billing_period_end_date,
          line_item_usage_start_date + INTERVAL (61) MONTH AS line_item_usage_start_date, line_item_usage_end_date + INTERVAL (61) MONTH AS line_item_usage_end_date)
        FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'`,
      params: { file: REAL_NOV_2018 },
    }]);
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
      + 'judged on the data of aws/111122223333, its source (the store\'s latest ends on 2024-09-30)): 9 Reserved Instances, 0 Savings Plans');
    // A range from the legacy CUR's Nov 2023 into the fees' Dec 2023 is told from the store's first day, 1 Nov 2023 (it read "1–30 Nov 2023 are not in the store (the store's
    // billing data begins on 1 Dec 2023)"): by DuckDB, the legacy CUR's usage runs from 1 Nov to 14 Nov 2023, so 15–30 Nov (16 days) hold no line; 61 − 16 = 45 days.
    const [usage] = await duckdbRows(`SELECT CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS VARCHAR) AS first, CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS VARCHAR) AS last
      FROM read_csv($file, header = true, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`, { file: REAL_LEGACY_CSV });
    expect(usage).toEqual({ first: '2023-11-01 00:00:00', last: '2023-11-14 03:00:00' });
    const range = JSON.parse((await costlens(db, 'commitments', '--from', '2023-11-01', '--to', '2024-01-01', '--format', 'json')).stdout) as { days: Record<string, unknown>; periodData: unknown };
    const gap = 'the store holds no billing data from 15 Nov 2023 to 30 Nov 2023';
    expect(range.days).toEqual({ first: '2023-11-01', last: '2023-12-31', count: 45, complete: false,
      description: `1 Nov – 31 Dec 2023; Dec 2023, not invoiced yet, so it may still change; 15–30 Nov 2023 are not in the store (${gap})`, notInStore: { days: 16, runs: [{ first: '2023-11-15', last: '2023-11-30' }], why: gap } });
    expect(range.periodData).toEqual({ horizon: '2023-11-30', sources: ['aws/111122223333'], notComplete: ['2023-11 is not complete: the data of aws/123412340534 ends on 2023-11-13'] });
  }, 120_000);
});
