/**
 * The CLI's default periods on a store without daily usage: a CUR at monthly time granularity made
 * by DuckDB from the real Oct and Nov 2018 CURs (tests/helpers/monthly-store-fixture.ts), and stores
 * of RI fee lines only. `attribute`, `invoice` and `commitments` refused their defaults with "no
 * daily usage" (exit 5), and `commitments --period` said "the store holds no billing data"; a
 * monthly bill attributes by billing period, so they now default to the last complete bill (said on
 * stderr), with figures DuckDB restates from the files. A range of days cut inside a month would
 * take a month's whole bill or none of it (the lines are dated to the 1st), so it is refused; month
 * bounds still work. The weekly report, unit cost and KPIs, which read days of usage, refuse
 * saying what the store holds and what they need.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { fileSums, monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { exactOf } from '../helpers/shown-cents-rule.ts';

type Json = Record<string, any>;

const MONTHLY_DEFAULT = 'period 2018-11, the last complete bill (complete bills through Nov 2018; the store holds no daily usage: its CUR is monthly, every usage line spanning its month)\n';
const MONTHLY_HINT = '  hint: re-export the CUR at daily or hourly time granularity (the time granularity of the Cost and Usage Report or Data Export) and ingest it; '
  + 'whole monthly bills compare: costlens explain --from 2018-10 --to 2018-11\n';
const sum = (values: string[]) => values.reduce((s, v) => s + exactOf(v), 0n);

describe('default periods on a monthly CUR (the real Oct and Nov 2018 bills, every usage line spanning its month)', () => {
  let db: string;
  let files: { oct: string; nov: string };

  beforeAll(async () => {
    const store = await monthlyStore();
    db = store.db;
    files = { oct: store.oct, nov: store.nov };
  }, 300_000);

  it('attribute defaults to the last complete bill, 2018-11, said on stderr: its rows add up to the file\'s BilledCost and EffectiveCost', async () => {
    const run = await costlens(db, 'attribute', '--tag', 'cost_center', '--format', 'json');
    expect([run.code, run.stderr]).toEqual([0, MONTHLY_DEFAULT]);
    const rows = JSON.parse(run.stdout) as Json[];
    const nov = (await fileSums([files.nov]))['2018-11'];
    expect(new Set(rows.map((r) => r.period))).toEqual(new Set(['2018-11']));
    expect([sum(rows.map((r) => r.billedExact)), sum(rows.map((r) => r.effectiveExact))]).toEqual([exactOf(nov.billed), exactOf(nov.effective)]);
    const [cost001] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($nov)
      WHERE resource_tags_user_cost_center = 'Cost001'`, { nov: files.nov });
    expect(rows.find((r) => r.tagValue === 'Cost001')!.billedExact).toBe(cost001.billed);
  });

  it('attribute on month bounds attributes both bills; a range cut inside a month is refused, saying why and what works', async () => {
    const months = await costlens(db, 'attribute', '--tag', 'cost_center', '--from', '2018-10-01', '--to', '2018-12-01', '--format', 'json');
    expect([months.code, months.stderr]).toEqual([0, '']);
    const rows = JSON.parse(months.stdout) as Json[];
    const sums = await fileSums([files.oct, files.nov]);
    for (const period of ['2018-10', '2018-11']) expect(sum(rows.filter((r) => r.period === period).map((r) => r.billedExact))).toBe(exactOf(sums[period].billed));
    const cut = await costlens(db, 'attribute', '--tag', 'cost_center', '--from', '2018-10-15', '--to', '2018-11-15');
    expect([cut.code, cut.stdout, cut.stderr]).toEqual([2, '', 'costlens: --from 2018-10-15 --to 2018-11-15 cuts a month into days, but the store holds no daily usage: '
      + 'its CUR is monthly, every usage line spanning its month, so its lines are dated to the first of their month and only whole billing periods add up\n'
      + '  hint: give --period 2018-10 and --period 2018-11, or --from and --to on the first of a month (--from 2018-10-01 --to 2018-12-01)\n']);
    const outside = await costlens(db, 'attribute', '--tag', 'cost_center', '--period', '2019-01');
    expect([outside.code, outside.stderr]).toEqual([2, 'costlens: --period 2019-01 (1–31 Jan 2019) is outside the billing data in the store (1 Oct – 30 Nov 2018)\n'
      + '  hint: give a period from 2018-10 to 2018-11, or leave --period out for 2018-11\n']);
  });

  it('invoice defaults to the last complete bill: its total is the file\'s', async () => {
    const run = await costlens(db, 'invoice', '--format', 'json');
    expect([run.code, run.stderr]).toEqual([0, MONTHLY_DEFAULT]);
    const [bill] = JSON.parse(run.stdout) as Json[];
    const nov = (await fileSums([files.nov]))['2018-11'];
    expect([bill.period, bill.total.billedCost, bill.total.amortisedCost, bill.total.lines]).toEqual(['2018-11', nov.billed, nov.effective, Number(nov.lines)]);
  });

  it('commitments default to the last complete bill (--period said "no billing data"): unused RI cost as DuckDB sums the RI fee lines; no purchase advice, saying why', async () => {
    const [unused] = await duckdbRows(`SELECT CAST(sum(CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10))
        + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10))) AS VARCHAR) AS cost, count(*) AS fees FROM read_parquet($nov) WHERE line_item_line_item_type = 'RIFee'`, { nov: files.nov });
    expect([unused.cost, unused.fees]).toEqual(['43.2164383600', '9']);
    const run = await costlens(db, 'commitments', '--format', 'json');
    expect([run.code, run.stderr]).toEqual([0, MONTHLY_DEFAULT]);
    const report = JSON.parse(run.stdout) as Json;
    expect([report.period, report.horizon, report.days.description, report.unusedCost, report.commitments.length]).toEqual(['2018-11', '2018-11-30', '1–30 Nov 2018, complete', unused.cost, 9]);
    expect(report.wholeBills).toBe('The store holds no daily usage: its CUR is monthly, every usage line spanning its month, so commitments are read bill by bill: '
      + 'utilisation and coverage over each whole monthly bill, expiry counted from the end of the last complete bill');
    expect([report.recommendations, report.advice.notes]).toEqual([[], ["no purchase advice: it replays each hour's on-demand spend, and the store holds no daily usage (its CUR is monthly, every usage line spanning its month)"]]);
    const given = await costlens(db, 'commitments', '--period', '2018-10', '--format', 'json');
    expect(given.code, given.stderr).toBe(0);
    expect((JSON.parse(given.stdout) as Json).unusedCost).toBe('48.9955607900');
    const table = await costlens(db, 'commitments');
    expect(table.stdout.split('\n').slice(0, 2)).toEqual([
      'Commitments 2018-11 (1–30 Nov 2018, complete; complete bills through Nov 2018): 9 Reserved Instances, 0 Savings Plans',
      `  ${report.wholeBills}`,
    ]);
    const cut = await costlens(db, 'commitments', '--from', '2018-11-05');
    expect([cut.code, cut.stderr.split('\n')[0]]).toEqual([2, 'costlens: --from 2018-11-05 cuts a month into days, but the store holds no daily usage: its CUR is monthly, every usage line spanning its month, '
      + 'so its lines are dated to the first of their month and only whole billing periods add up']);
  });

  it('report weekly, unit-cost and kpi refuse: no week or day of usage, saying what the store holds and what they need', async () => {
    for (const [args, needs] of [
      [['report', 'weekly'], 'a weekly report compares weeks of daily usage, so it needs'],
      [['report', 'weekly', '--week', '2018-W45'], 'a weekly report compares weeks of daily usage, so it needs'],
      [['unit-cost', '--metric', 'orders'], 'unit cost per day or week needs'],
      [['kpi'], 'efficiency KPIs read usage lines, so they need'],
    ] as const) {
      const run = await costlens(db, ...args);
      expect([run.code, run.stdout, run.stderr], args.join(' ')).toEqual([5, '', `costlens: no daily usage: the store's CUR is monthly (every usage line spans its month); ${needs} a daily or hourly CUR\n${MONTHLY_HINT}`]);
    }
  });
});

describe('default periods on stores of RI fee lines whose latest bill is not invoiced yet', () => {
  /** The stores of the two files, written and ingested once per machine (tests/helpers/derived-files.ts, cached-stores.ts): only read. */
  const two = { db: '' };
  const one = { db: '' };
  const RI_FEES = `SELECT * REPLACE (CASE WHEN bill_billing_period_start_date >= TIMESTAMP '2018-11-01' THEN NULL ELSE bill_invoice_id END AS bill_invoice_id)
    FROM read_parquet([$oct, $nov], union_by_name = true) WHERE line_item_line_item_type = 'RIFee'`;

  beforeAll(async () => {
    const params = { oct: REAL_OCT_2018, nov: REAL_NOV_2018 };
    const files = await derivedFiles([
      { name: 'ri-fees.parquet', sql: RI_FEES, params },
      { name: 'ri-fees-nov.parquet', sql: `${RI_FEES} AND bill_billing_period_start_date >= TIMESTAMP '2018-11-01'`, params },
    ]);
    [two.db, one.db] = await Promise.all([cachedStore([[files['ri-fees.parquet']]]), cachedStore([[files['ri-fees-nov.parquet']]])]);
  }, 120_000);

  it('the default is the last complete bill, 2018-10, not the November bill that may still change: the fees as DuckDB sums them', async () => {
    const run = await costlens(two.db, 'invoice', '--format', 'json');
    expect([run.code, run.stderr]).toEqual([0, 'period 2018-10, the last complete bill (complete bills through Oct 2018; the store holds no daily usage: '
      + 'it holds fees but no usage lines (recurring fees, billing periods 2018-10 to 2018-11))\n']);
    expect((JSON.parse(run.stdout) as Json[])[0].total.billedCost).toBe('149.7753790000');
  });

  it('with no complete bill, the latest one, said to be not complete yet (the default period was the month before the store\'s first)', async () => {
    const run = await costlens(one.db, 'attribute', '--tag', 'cost_center', '--format', 'json');
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([0, 'period 2018-11, the latest bill, not complete yet (2018-11 is the latest bill in the store and not invoiced yet, '
      + 'as none of its lines carry an InvoiceId, so it may still change; the store holds no daily usage: it holds fees but no usage lines (recurring fees, billing period 2018-11))']);
    expect(sum((JSON.parse(run.stdout) as Json[]).map((r) => r.billedExact))).toBe(exactOf('147.3840000000'));
  });

  it('invoice reads that bill whole, not complete, and its note says why, as the JSON does (it added "not the month\'s whole bill")', async () => {
    const json = await costlens(one.db, 'invoice', '--format', 'json');
    const [p] = JSON.parse(json.stdout) as Json[];
    expect([p.period, p.wholeBill, p.complete, p.total.billedCost]).toEqual(['2018-11', true, false, '147.3840000000']);
    const table = await costlens(one.db, 'invoice');
    expect(table.stdout.split('\n').slice(-2)).toEqual([`2018-11: ${p.covers}`, '']);
    expect(p.covers).toMatch(/^Nov 2018 not complete yet \(2018-11 is the latest bill in the store and not invoiced yet, /);
  });
});
