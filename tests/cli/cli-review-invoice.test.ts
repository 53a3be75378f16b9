import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { attributedDaysNotes, flagWords, postedFeesWords } from '../../src/analyze/attributed-days.ts';
import type { BillingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { type ChargedDays, type DatedInvoicePeriod, invoiceDays, rangeFlags } from '../../src/analyze/invoice-days.ts';
import type { DefiniteSelection } from '../../src/analyze/selection.ts';
import { invoiceNotes } from '../../src/cli/invoice-output.ts';

/**
 * `costlens invoice` on days outside the data, on a range of days that cuts a billing period, and
 * on a month in progress (README, "The invoice (net view)"). The real CUR of Oct and Nov 2018 (its
 * billing data 2018-10-01 to 2018-11-30; the month's RI fees posted on the 1st, charged for the
 * whole month) and the shared demo as of 2026-11-15 (data horizon 2026-11-14).
 */
const DATA = '(1 Oct – 30 Nov 2018)';

interface Amounts { lines: number; billedCost: string; amortisedCost: string; cents: { billed: string; amortised: string } }
interface Part { total: Amounts; classes: (Amounts & { chargeClass: string; lineItemTypes: (Amounts & { lineItemType: string })[] })[] }
interface Period extends Part { period: string; from: string; to: string; wholeBill: boolean; complete: boolean; dataThrough: string | null; covers: string; posted: Part | null }

/** The day's lines of the Nov 2018 file, straight from the Parquet file: daily (charge period up to a day) or posted (longer). */
async function novemberFirst(): Promise<Record<string, { n: string; billed: string; amortised: string }>> {
  const rows = await duckdbRows(`SELECT CASE WHEN line_item_usage_end_date > line_item_usage_start_date + INTERVAL 1 DAY THEN 'posted' ELSE 'daily' END AS part,
      CAST(count(*) AS VARCHAR) AS n, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
      CAST(sum(CAST(CASE line_item_line_item_type WHEN 'DiscountedUsage' THEN reservation_effective_cost
        WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee ELSE line_item_unblended_cost END AS DECIMAL(38,10))) AS VARCHAR) AS amortised
    FROM read_parquet($file) WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-01' AND line_item_usage_start_date < TIMESTAMP '2018-11-02' GROUP BY 1`, { file: REAL_NOV_2018 });
  return Object.fromEntries(rows.map((r) => [r.part!, { n: r.n!, billed: r.billed!, amortised: r.amortised! }]));
}

describe('costlens invoice: days outside the data, a range that cuts a bill, a month to date', () => {
  let real: string;
  const run = (...args: string[]) => costlens(real, 'invoice', ...args);
  const json = async (...args: string[]) => {
    const r = await run(...args, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Period[];
  };

  beforeAll(async () => {
    real = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
  });

  it('a --period or days outside the billing data are refused as attribute refuses them (exit 2), in every format', async () => {
    const refusal = async (...args: string[]) => {
      const r = await run(...args);
      return [r.code, r.stdout, ...r.stderr.split('\n').slice(0, 2)];
    };
    const periodHint = '  hint: give a period from 2018-10 to 2018-11, or leave --period out for 2018-11';
    const daysHint = '  hint: give days from 2018-10-01 to 2018-11-30 (--to is exclusive: at most --to 2018-12-01), or leave --from/--to out for 2018-11';
    expect(await refusal('--period', '2018-09')).toEqual([2, '', `costlens: --period 2018-09 (1–30 Sep 2018) is outside the billing data in the store ${DATA}`, periodHint]);
    expect(await refusal('--period', '2018-12', '--format', 'csv')).toEqual([2, '', `costlens: --period 2018-12 (1–31 Dec 2018) is outside the billing data in the store ${DATA}`, periodHint]);
    expect(await refusal('--from', '2030-01-01', '--format', 'json')).toEqual([2, '', `costlens: --from 2030-01-01 is outside the billing data in the store ${DATA}`, daysHint]);
    expect(await refusal('--to', '2018-10-01')).toEqual([2, '', `costlens: --to 2018-10-01 (the days before it) is outside the billing data in the store ${DATA}`, daysHint]);
  });

  it('--from 2018-11-01 --to 2018-11-02: the day\'s spend, its days named; the month\'s RI fee posted that day apart, outside the total (DuckDB on the file)', async () => {
    const day = await novemberFirst();
    expect(day.posted).toEqual({ n: '9', billed: '147.3840000000', amortised: '43.2164383600' });
    const [p] = await json('--from', '2018-11-01', '--to', '2018-11-02');
    expect([p.period, p.from, p.to, p.wholeBill, p.complete, p.dataThrough, p.covers]).toEqual(['2018-11', '2018-11-01', '2018-11-01', false, true, null, '1 Nov 2018']);
    expect([String(p.total.lines), p.total.billedCost, p.total.amortisedCost]).toEqual([day.daily.n, day.daily.billed, day.daily.amortised]);
    expect([p.total.billedCost, p.total.cents.billed]).toEqual(['151.8137829054', '151.81']);
    expect(p.classes.map((c) => c.chargeClass)).toEqual(['usage']);
    expect(p.posted!.classes.map((c) => [c.chargeClass, c.lines, c.billedCost, c.amortisedCost, c.cents.billed, c.lineItemTypes.map((t) => t.lineItemType)]))
      .toEqual([['commitment-fees', 9, '147.3840000000', '43.2164383600', '147.38', ['RIFee']]]);
    // Before: one "2018-11 total" of $299.20, the month's whole RI fee counted as the day's spend.
    expect((await run('--from', '2018-11-01', '--to', '2018-11-02')).stdout).toBe([
      'period   from        to          charge_class            lines   billed  amortised  net_amortised  net_unblended',
      '-------  ----------  ----------  ----------------------  -----  -------  ---------  -------------  -------------',
      '2018-11  2018-11-01  2018-11-01  usage                    4158  $151.81    $159.53        $159.53        $151.81',
      '2018-11  2018-11-01  2018-11-01  total                    4158  $151.81    $159.53        $159.53        $151.81',
      '2018-11  2018-11-01  2018-11-01  posted:commitment-fees      9  $147.38     $43.22         $43.22        $147.38',
      '(3 rows)',
      '',
      '2018-11: 1 Nov 2018 (--from 2018-11-01 --to 2018-11-02, --to excluded): the daily spend of these days by charge class, its total their sum. '
        + 'The fees posted in these days for a charge period longer than a day (the month\'s RI and Support fees, tax, monthly credits) are not daily spend: '
        + 'listed apart as posted:commitment-fees, $147.38 billed, outside the total. --period 2018-11 gives the whole bill.',
      '',
    ].join('\n'));
    const csv = await run('--from', '2018-11-01', '--to', '2018-11-02', '--format', 'csv');
    expect(csv.stdout.split('\r\n')).toEqual([
      'period,from,to,charge_class,lines,billed,amortised,net_amortised,net_unblended',
      '2018-11,2018-11-01,2018-11-01,usage,4158,151.8137829054,159.5271309054,159.5271309054,151.8137829054',
      '2018-11,2018-11-01,2018-11-01,total,4158,151.8137829054,159.5271309054,159.5271309054,151.8137829054',
      '2018-11,2018-11-01,2018-11-01,posted:commitment-fees,9,147.3840000000,43.2164383600,43.2164383600,147.3840000000',
      '',
    ]);
    expect(csv.stderr).toMatch(/^2018-11: 1 Nov 2018 \(--from 2018-11-01 --to 2018-11-02, --to excluded\): the daily spend/);
  });

  it('--period is still the whole bill, to the cent of the file (3,505.33), its days named and nothing apart', async () => {
    const [file] = await duckdbRows(`SELECT CAST(count(*) AS VARCHAR) AS n, CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file)`, { file: REAL_NOV_2018 });
    const [p] = await json('--period', '2018-11');
    expect([p.from, p.to, p.wholeBill, p.complete, p.posted, String(p.total.lines), p.total.billedCost, p.total.cents.billed])
      .toEqual(['2018-11-01', '2018-11-30', true, true, null, file.n, file.billed, '3505.33']);
    expect(p.classes.map((c) => [c.chargeClass, c.cents.billed])).toEqual([['usage', '3357.94'], ['commitment-fees', '147.39']]);
    const table = await run('--period', '2018-11');
    expect(table.stdout.split('\n').at(-2)).toBe('(3 rows)');
  });

  it('a range that holds a whole billing period gives that period\'s whole bill; the period it cuts, its days apart', async () => {
    const [whole] = await json('--period', '2018-11');
    const [october, november] = await json('--from', '2018-10-15', '--to', '2018-12-01');
    expect([november.from, november.to, november.wholeBill, november.posted, november.total]).toEqual(['2018-11-01', '2018-11-30', true, null, whole.total]);
    expect([october.from, october.to, october.wholeBill, october.posted?.classes]).toEqual(['2018-10-15', '2018-10-31', false, []]);
    const [daily] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file)
      WHERE line_item_usage_start_date >= TIMESTAMP '2018-10-15' AND line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY`, { file: REAL_OCT_2018 });
    expect(october.total.billedCost).toBe(daily.billed);
  });

  it('a --period the data horizon cuts names the days the store holds and where its data ends, never "to date" or "so far"', async () => {
    const demo = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const [p] = JSON.parse((await costlens(demo, 'invoice', '--period', '2026-11', '--format', 'json')).stdout) as Period[];
    expect([p.from, p.to, p.wholeBill, p.complete, p.dataThrough, p.covers]).toEqual(['2026-11-01', '2026-11-30', true, false, '2026-11-14', '1–14 Nov 2026 (the data ends on 14 Nov 2026, the data horizon)']);
    const table = await costlens(demo, 'invoice', '--period', '2026-11');
    // The JSON reads it as the bill (wholeBill), not complete; the note said "not the month's whole bill".
    expect(table.stdout.split('\n').slice(-2)).toEqual(['2026-11: 1–14 Nov 2026 (the data ends on 14 Nov 2026, the data horizon): the bill of the days the store holds, not complete', '']);
    const complete = await costlens(demo, 'invoice', '--period', '2026-10');
    expect(complete.stdout.split('\n').at(-2)).toBe('(5 rows)');
  });
});

describe('the notes of invoice and attribute: one wording of a whole bill not complete, one of the flags', () => {
  /** The demo as of 2026-12-07: its data horizon 6 Dec 2026. */
  const span: BillingDaySpan = { firstDay: '2026-09-01', lastDay: '2026-12-06', lastChargeDay: '2026-12-06', lastUsagePeriod: '2026-12' };
  /** Every period's lines charged in its own month. */
  const inMonth: ChargedDays = new Map();
  const period = (p: string): DefiniteSelection => ({ kind: 'period', period: p });
  const whole = (p: string) => ({ period: p, days: invoiceDays(p, period(p), span, inMonth), posted: null, holders: null });

  it('a month the horizon cuts is the bill of the days held, and a month after it no day complete, in both (attribute said "not the month\'s whole bill")', () => {
    const periods = [whole('2026-11'), whole('2026-12'), whole('2027-01')];
    expect(invoiceNotes(periods as unknown as DatedInvoicePeriod[], period('2026-12'))).toEqual([
      '2026-12: 1–6 Dec 2026 (the data ends on 6 Dec 2026, the data horizon): the bill of the days the store holds, not complete',
      '2027-01: 1–31 Jan 2027, after the data horizon (6 Dec 2026): no day of it is complete',
    ]);
    expect(attributedDaysNotes(periods, flagWords(period('2026-12')))).toEqual([
      '2026-12: the rows cover 1–6 Dec 2026 (the data ends on 6 Dec 2026, the data horizon): the bill of the days the store holds, not complete',
      '2027-01: the rows cover 1–31 Jan 2027, after the data horizon (6 Dec 2026): no day of it is complete',
    ]);
  });

  it('a range the data horizon cuts too names its days, the range and where the data ends in one bracket, in both (they wrote "(…) (…)")', () => {
    const range: DefiniteSelection = { kind: 'days', from: '2026-11-25', to: '2026-12-31' };
    const cut = (p: string, on = span) => ({ period: p, days: invoiceDays(p, range, on, inMonth), posted: null, holders: null });
    expect(attributedDaysNotes([cut('2026-11'), cut('2026-12')], flagWords(range)).map((note) => note.split(': the lines charged')[0])).toEqual([
      '2026-11: the rows cover 25–30 Nov 2026 (--from 2026-11-25 --to 2026-12-31, --to excluded)',
      '2026-12: the rows cover 1–6 Dec 2026 (--from 2026-11-25 --to 2026-12-31, --to excluded; the data ends on 6 Dec 2026, the data horizon)',
    ]);
    // A fee dated after the horizon (7 Dec) is counted too; the page names the range by its filters.
    const ahead = { ...span, lastChargeDay: '2026-12-07' };
    expect(attributedDaysNotes([cut('2026-12', ahead)], { range: 'start 2026-11-25, end 2026-12-31 excluded', wholeBill: () => '' })[0].split(': the lines charged')[0])
      .toBe('2026-12: the rows cover 1–6 Dec 2026 (start 2026-11-25, end 2026-12-31 excluded; the data ends on 6 Dec 2026, the data horizon; lines dated up to 7 Dec 2026 are counted too)');
    // A month after the horizon: the range in the days' bracket, what follows after it.
    expect(attributedDaysNotes([{ period: '2027-01', days: invoiceDays('2027-01', { kind: 'days', from: '2027-01-01', to: '2027-01-10' }, span, inMonth), posted: null, holders: null }],
      flagWords({ kind: 'days', from: '2027-01-01', to: '2027-01-10' }))[0].split(': the lines charged')[0])
      .toBe('2027-01: the rows cover 1–9 Jan 2027 (--from 2027-01-01 --to 2027-01-10, --to excluded), after the data horizon (6 Dec 2026): no day of it is complete');
    const invoice = invoiceNotes([cut('2026-12')] as unknown as DatedInvoicePeriod[], range);
    expect(invoice).toEqual(['2026-12: 1–6 Dec 2026 (--from 2026-11-25 --to 2026-12-31, --to excluded; the data ends on 6 Dec 2026, the data horizon): '
      + 'the daily spend of these days by charge class, its total their sum. No fee was posted in these days. --period 2026-12 gives the whole bill.']);
    // covers, as JSON gives it, is unchanged.
    expect(invoiceDays('2026-12', range, span, inMonth).covers).toBe('1–6 Dec 2026 (the data ends on 6 Dec 2026, the data horizon)');
  });

  it('the rows holding the posted fees: three values named, largest first, and the rest together, adding up to the note\'s figures; four all named; one row', () => {
    const holders = (values: [string, bigint, bigint, number?][]) => ({ key: 'team', values: values.map(([value, billed, effective, rows = 1]) => ({ value, billed, effective, rows })) });
    // 1003.28 and 925.30 in all: 197.21 + 117.28 + 107.81 + (95.32 + 90.99 + 394.67 = 580.98); 99.39 + 120.08 + 111.68 + (98.24 + 98.20 + 397.71 = 594.15).
    expect(postedFeesWords(holders([['(untagged)', 19721n, 9939n], ['payments', 11728n, 12008n], ['search', 10781n, 11168n], ['data-platform', 9532n, 9824n],
      ['checkout', 9099n, 9820n], ['platform', 39467n, 39771n]]))).toBe(' The rows holding them, by team (BilledCost, EffectiveCost): '
      + '(untagged) 197.21, 99.39; payments 117.28, 120.08; search 107.81, 111.68; 3 more values 580.98, 594.15.');
    expect(postedFeesWords(holders([['a', 300n, 300n], ['b', 200n, 200n], ['c', -100n, -100n], ['d', 1n, 0n]])))
      .toBe(' The rows holding them, by team (BilledCost, EffectiveCost): a 3.00, 3.00; b 2.00, 2.00; c -1.00, -1.00; d 0.01, 0.00.');
    expect(postedFeesWords(holders([['(untagged)', 14738n, 4322n]]))).toBe(' The row holding them, by team (BilledCost, EffectiveCost): (untagged) 147.38, 43.22.');
    // One value over two --by rows is two rows (it said "The row holding them").
    expect(postedFeesWords(holders([['(untagged)', 14738n, 4322n, 2]]))).toBe(' The rows holding them, by team (BilledCost, EffectiveCost): (untagged) 147.38, 43.22.');
    expect([postedFeesWords(holders([])), postedFeesWords(null)]).toEqual(['', '']);
  });

  it('a store that begins mid-month covers its first period from its first charge day, still read as the whole bill (it said "1–3 Nov 2018")', () => {
    // A store of the lines charged on 3 Nov 2018 alone, and one running on to 31 Dec 2018.
    const oneDay: BillingDaySpan = { firstDay: '2018-11-03', lastDay: '2018-11-03', lastChargeDay: '2018-11-03', lastUsagePeriod: '2018-11' };
    const charged: ChargedDays = new Map([['2018-11', { first: '2018-11-03', last: '2018-11-03' }]]);
    const nov = invoiceDays('2018-11', period('2018-11'), oneDay, charged);
    expect([nov.from, nov.to, nov.wholeBill, nov.complete, nov.dataThrough]).toEqual(['2018-11-03', '2018-11-30', true, false, '2018-11-03']);
    expect(invoiceNotes([{ period: '2018-11', days: nov }] as unknown as DatedInvoicePeriod[], period('2018-11')))
      .toEqual(['2018-11: 3 Nov 2018 (the data ends on 3 Nov 2018, the data horizon): the bill of the days the store holds, not complete']);
    const longer = { ...oneDay, lastDay: '2018-12-31', lastChargeDay: '2018-12-31', lastUsagePeriod: '2018-12' };
    const held: ChargedDays = new Map([['2018-11', { first: '2018-11-03', last: '2018-11-30' }], ['2018-12', { first: '2018-12-01', last: '2018-12-31' }]]);
    const whole = invoiceDays('2018-11', { kind: 'days', from: '2018-11-01', to: '2018-12-01' }, longer, held);
    expect([whole.from, whole.to, whole.wholeBill, whole.covers]).toEqual(['2018-11-03', '2018-11-30', true, '3–30 Nov 2018']);
    const cut = invoiceDays('2018-11', { kind: 'days', from: '2018-11-02', to: '2018-11-10' }, longer, held);
    expect([cut.from, cut.to, cut.wholeBill, cut.covers]).toEqual(['2018-11-03', '2018-11-09', false, '3–9 Nov 2018']);
    // A range before the store's first day keeps its own days rather than a range that ends before it starts.
    const before = invoiceDays('2018-11', { kind: 'days', from: '2018-11-01', to: '2018-11-03' }, longer, held);
    expect([before.from, before.to, before.wholeBill]).toEqual(['2018-11-01', '2018-11-02', false]);
  });

  it('the flags of a range: either end alone, and --to said to be excluded', () => {
    expect([
      rangeFlags({ kind: 'days', from: '2026-11-15', to: '2026-12-10' }), rangeFlags({ kind: 'days', from: '2026-11-15' }),
      rangeFlags({ kind: 'days', to: '2026-12-10' }), rangeFlags(period('2026-11')),
    ]).toEqual(['--from 2026-11-15 --to 2026-12-10, --to excluded', '--from 2026-11-15', '--to 2026-12-10, --to excluded', '']);
  });
});
