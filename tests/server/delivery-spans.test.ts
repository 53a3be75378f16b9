/**
 * The leftovers of judging a store of several deliveries per delivery (src/analyze/source-spans.ts):
 * a range of days is judged on the data of the delivery it reaches, as a billing period is; a period
 * a lagging delivery holds back names it where its data ends; a month a delivery that has ended stops
 * inside compares on the others' data and says so (explain, invoice, attribute, status). A delivery of
 * fees only (no usage line) is tested in fees-delivery-spans.test.ts. Pure tests on the rows of
 * calendar/data_horizon_by_source, and a few commands on small stores of real lines.
 */
import { describe, expect, it } from 'vitest';
import type { BillingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { ownSpanOf } from '../../src/analyze/commitments/horizon.ts';
import { coveredDays } from '../../src/analyze/commitments/days.ts';
import { judgedOnSources } from '../../src/analyze/explain/source-horizon.ts';
import { resolveSpans } from '../../src/analyze/explain/spans.ts';
import { invoiceDaysOfBill, incompleteBillNote, invoiceDays } from '../../src/analyze/invoice-days.ts';
import { judgeOnData } from '../../src/analyze/provisional-periods.ts';
import { heldBackSpan, sourceSpansOf, storeWideSpans } from '../../src/analyze/source-spans.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { row, sourceRows, storeSpan } from '../helpers/source-span-rows.ts';

const legacy = { firstDay: '2023-11-01', lastDay: '2023-11-13', lastChargeDay: '2023-11-14', lastUsagePeriod: '2023-11' };
const noGaps = { firstDay: storeSpan.firstDay, gaps: [] };

describe('commitments --from/--to: a range of days is judged on the data of the delivery it reaches, as --period judges a period', () => {
  const calendar = { span: storeSpan, spans: sourceSpansOf(sourceRows, storeSpan) };

  it('a range reaching 2023-11 is judged on the legacy CUR\'s data (to 13 Nov 2023), not the store\'s 30 Sep 2024; one reaching no period a delivery holds, one with an open end, or a store of one delivery: the store\'s', () => {
    expect(ownSpanOf(calendar, { chargeFrom: '2023-11-01', chargeTo: '2023-11-15' })).toEqual(legacy);
    // From the 2018 CUR's data into the legacy CUR's: the latest period it reaches.
    expect(ownSpanOf(calendar, { chargeFrom: '2018-11-10', chargeTo: '2023-11-10' })).toEqual(legacy);
    // Ending in December 2023 (no delivery holds it): the latest period before it, 2023-11.
    expect(ownSpanOf(calendar, { chargeFrom: '2023-11-01', chargeTo: '2023-12-31' })).toEqual(legacy);
    expect(ownSpanOf(calendar, { chargeTo: '2018-11-20' })?.lastDay).toBe('2018-11-30');
    expect(ownSpanOf(calendar, { chargeFrom: '2019-01-01', chargeTo: '2019-03-01' })).toBeNull();
    expect(ownSpanOf(calendar, { chargeFrom: '2023-11-01' })).toBeNull();
    expect(ownSpanOf({ span: storeSpan, spans: storeWideSpans(storeSpan) }, { chargeFrom: '2023-11-01', chargeTo: '2023-11-15' })).toBeNull();
    // The same words as the period: its days up to the legacy CUR's horizon, told from the store's first day.
    expect(coveredDays({ chargeFrom: '2023-11-01', chargeTo: '2023-11-15' }, legacy.lastDay, { firstDay: storeSpan.firstDay, gaps: [], lastChargeDay: legacy.lastChargeDay }).description)
      .toBe('1–13 Nov 2023, not complete (the data ends on 13 Nov 2023, the data horizon; lines dated up to 14 Nov 2023 are counted too): the range runs to 14 Nov 2023');
  });

  it('on the store of the real files: 1–14 Nov 2023 read complete against the data horizon 2024-09-30; now as --period 2023-11 reads it', async () => {
    const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
    const first = async (...args: string[]) => (await costlens(db, 'commitments', ...args)).stdout.split('\n')[0];
    // 13 Nov 2023 is where the legacy CUR's data ends, not the store's data horizon (it read "the data ends on 13 Nov 2023, the data horizon").
    expect(await first('--from', '2023-11-01', '--to', '2023-11-15')).toBe('Commitments 2023-11-01/2023-11-15 (1–13 Nov 2023, not complete (the data of aws/123412340534 ends on 13 Nov 2023; '
      + 'lines dated up to 14 Nov 2023 are counted too): the range runs to 14 Nov 2023; judged on the data of aws/123412340534, its source (the store\'s latest ends on 30 Sep 2024)): 0 Reserved Instances, 0 Savings Plans');
    expect(await first('--from', '2018-11-10', '--to', '2018-11-20')).toBe('Commitments 2018-11-10/2018-11-20 (10–19 Nov 2018; data horizon 30 Nov 2018 (the data of aws/836060457634, its source; '
      + 'the store\'s latest ends on 30 Sep 2024)): 9 Reserved Instances, 0 Savings Plans');
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
  const withEnded = [...sourceRows, ended, { ...ended, billing_period: '2024-08' }];
  const endedWords = '; Sep 2024 holds the data of aws/999999999999 only through 20 Sep 2024, where it ends (more than 7 days before the store\'s latest data: that delivery has ended)';

  it('the default, Sep 2024 (the last complete month by the store\'s horizon), was refused ("runs past the data horizon of its source, 2024-09-20"); it compares, naming where the ended delivery stops; so does --to 2024-09', () => {
    expect(heldBackSpan(withEnded, storeSpan)).toBe(storeSpan);
    const spans = sourceSpansOf(withEnded, storeSpan);
    expect(judgedOnSources(resolveSpans(undefined, undefined, storeSpan, noGaps, storeWideSpans(storeSpan)), storeSpan, spans, {}).covers)
      .toBe(`Aug 2024 (full bill, 31 days) → Sep 2024 (full bill, 30 days): the full bills of 31 and 30 days, data through 30 Sep 2024 (the data of aws/1234567890123)${endedWords}`);
    expect(judgedOnSources(resolveSpans('2024-08', '2024-09', storeSpan, noGaps, storeWideSpans(storeSpan)), storeSpan, spans, { from: '2024-08', to: '2024-09' }).covers).toMatch(new RegExp(`${endedWords.replace(/[()]/g, '\\$&')}$`));
  });

  it('a month no delivery completes is still refused: the legacy CUR\'s Nov 2023, alone, or beside a delivery of fees only, whose dates complete no month', () => {
    const fees = row('aws/111122223333', '2023-11', 'fees.parquet', ['2023-11-01', null, null, '2023-11-01', null]);
    for (const held of [sourceRows, [...sourceRows, fees]]) {
      expect(() => judgedOnSources(resolveSpans('2023-10', '2023-11', storeSpan, noGaps, storeWideSpans(storeSpan)), storeSpan, sourceSpansOf(held, storeSpan), { from: '2023-10', to: '2023-11' }))
        .toThrow('--to Nov 2023 (full bill, 30 days) runs past the data horizon of its source, 2023-11-13 (the data of aws/123412340534): its full bill is not all in the store');
    }
  });

  it('a delivery 7 days behind is lagging, not ended: it holds the horizon back, and Sep 2024 is not the default month', () => {
    const lagging = row('aws/999999999999', '2024-09', 'other.csv', ['2024-08-01', '2024-09-23', '2024-09-24 00:00:00', '2024-09-23', '2024-09']);
    const span = heldBackSpan([...sourceRows, lagging], storeSpan);
    expect(span.lastDay).toBe('2024-09-23');
    expect(resolveSpans(undefined, undefined, span, noGaps, storeWideSpans(span)).new.label).toBe('Aug 2024 (full bill, 31 days)');
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
  const ENDED = 'Nov 2018 holds the data of aws/1234567890123, oracle/20209880 only through 9 Nov 2018, where it ends (more than 7 days before the store\'s latest data: that delivery has ended)';
  const NOTE = `2018-11: 1–30 Nov 2018, judged on the data of aws/836060457634 (data through 30 Nov 2018); ${ENDED}`;

  it('2018-11\'s bill is complete on the CUR\'s data, naming where the FOCUS delivery ends (invoice said "1–9 Nov 2018 (the data ends on 9 Nov 2018, …): not complete" under "the last complete month"); status\'s note is invoice\'s', () => {
    expect(heldBackSpan(novRows, november)).toBe(november);
    const spans = sourceSpansOf(novRows, november);
    const days = invoiceDaysOfBill('2018-11', { kind: 'period', period: '2018-11' }, spans, charged);
    expect([days.complete, days.covers, incompleteBillNote('2018-11', days)]).toEqual([true, '1–30 Nov 2018', NOTE]);
    // The ended delivery's own rows stay incomplete, with invoice's note of the month.
    const periods = { columns: ['source', 'billing_period', 'provisional'], rows: [['aws/1234567890123', '2018-11', 'no'], ['aws/836060457634', '2018-11', 'no'], ['oracle/20209880', '2018-11', 'no']] };
    const judged = judgeOnData(periods, spans, charged);
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
    expect(incompleteBillNote('2018-11', days)).toBe('2018-11: 1–30 Nov 2018, judged on the data of aws/new (data through 30 Nov 2018); Nov 2018 holds the data of aws/old only through 9 Nov 2018, '
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
