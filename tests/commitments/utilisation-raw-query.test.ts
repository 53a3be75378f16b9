/**
 * `costlens query commitments/utilisation` run as it is, without parameters, on a store whose last
 * month the data does not complete: the real October 2018 CUR and November's cut at 20 Nov 12:00.
 * AWS posts each RIFee for the whole month on the 1st, so the query, whose `data_ends_at` defaulted
 * to 9999-12-31, counted November's 720 hours a reservation as purchased and (for the idle c4.large
 * RI `3a2944f2…`) unused: 720 hours and 43.2164383600 of unused cost, where `costlens commitments
 * --period 2018-11` counts 468 hours (1 Nov to 20 Nov 12:00) and 28.0906849340. The query now reads
 * where the store's usage ends itself (commitments/utilisation_until takes it as a parameter).
 *
 * A row whose RIFee hours are cut carries the money `costlens commitments` shows: the query divides
 * the whole numbers it returns beside it (fee × fee_held ÷ fee_span, fee × unused_held ÷ fee_span),
 * once, rounded to 1e-10 half away from zero, as src/analyze/commitments/range-fees.ts does. It gave
 * NULL for those five columns: every RI row of the month to date was a money export with blanks.
 * Expected figures are worked out here from the Parquet by DuckDB, by hand, and in bigint units.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { divideRounded, fromUnits, toUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';
import { derivedFiles, realNovemberTo20thNoon } from '../helpers/derived-files.ts';

const IDLE_RI = 'arn:aws:ec2:us-east-1:836060457634:reserved-instances/3a2944f2-fbdc-4f9a-86f7-4b83dc6e058a';
const MICRO_RI = 'arn:aws:ec2:us-east-1:836060457634:reserved-instances/9eb89604-e4b9-41eb-b46d-2b178bc4a397';
const NO_UPFRONT_RI = 'arn:aws:ec2:us-east-1:836060457634:reserved-instances/c1a6599c-87a4-4c87-ad72-67dd9b01f1e3';
const MONEY = ['recurring_fee', 'amortised_upfront_fee', 'unused_recurring_fee', 'unused_upfront_fee', 'unused_cost'] as const;
type Money = Record<(typeof MONEY)[number], string | null>;

interface QueryRow extends Money {
  billing_period: string; arn: string; purchased_hours: string; unused_hours: string; fee_recurring: string | null; fee_upfront: string | null;
  cut: boolean; fee_held: string; fee_span: string; unused_held: string | null; unused_other_cost: string;
}

interface Commitment {
  arn: string; purchased: number; unused: number; recurringFee: string; amortisedUpfrontFee: string; unusedRecurringFee: string; unusedUpfrontFee: string; unusedCost: string;
}

/** `fee × part ÷ whole` in units of 1e-10, rounded once, half away from zero, as decimal text. */
const prorated = (fee: string, part: string, whole: string) => fromUnits(divideRounded(toUnits(fee) * toUnits(part), toUnits(whole)));

/** A row's five money columns. */
const moneyOf = (row: Money): Money => Object.fromEntries(MONEY.map((m) => [m, row[m]])) as Money;

/** What costlens commitments makes of a cut row's pieces, worked out in bigint; a row not cut keeps its own. */
function fromPieces(row: QueryRow): Money {
  if (!row.cut) return moneyOf(row);
  const part = (fee: string | null, held: string | null) => (fee === null || held === null ? null : prorated(fee, held, row.fee_span));
  const unusedRecurring = part(row.fee_recurring, row.unused_held);
  const unusedUpfront = part(row.fee_upfront, row.unused_held);
  return {
    recurring_fee: part(row.fee_recurring, row.fee_held), amortised_upfront_fee: part(row.fee_upfront, row.fee_held),
    unused_recurring_fee: unusedRecurring, unused_upfront_fee: unusedUpfront,
    unused_cost: fromUnits(toUnits(row.unused_other_cost) + toUnits(unusedRecurring ?? '0') + toUnits(unusedUpfront ?? '0')),
  };
}

/** A commitment of `costlens commitments --format json` as the raw query's five money columns. */
const moneyOfCommitment = (c: Commitment): Money => ({
  recurring_fee: c.recurringFee, amortised_upfront_fee: c.amortisedUpfrontFee, unused_recurring_fee: c.unusedRecurringFee, unused_upfront_fee: c.unusedUpfrontFee, unused_cost: c.unusedCost,
});

async function queryRows(db: string, ...params: string[]): Promise<QueryRow[]> {
  const run = await costlens(db, 'query', 'commitments/utilisation', ...params.flatMap((p) => ['--param', p]), '--format', 'json');
  expect([run.code, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout);
}

async function report(db: string, ...args: string[]): Promise<{ unusedCost: string; commitments: Commitment[] }> {
  const run = await costlens(db, 'commitments', ...args, '--format', 'json');
  expect([run.code, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout);
}

/** Each cut row's money is its pieces' and the CLI's for the same range, every RI row has all five, and the rows' unused cost adds up to the CLI's. */
async function expectAsTheCli(db: string, rows: QueryRow[], ...cliArgs: string[]): Promise<void> {
  const cli = await report(db, ...cliArgs);
  expect(rows.map((r) => r.arn).sort()).toEqual(cli.commitments.map((c) => c.arn).sort());
  for (const row of rows) {
    expect(moneyOf(row), row.arn).toEqual(fromPieces(row));
    expect(MONEY.filter((m) => row[m] === null), row.arn).toEqual([]);
    expect(moneyOf(row), row.arn).toEqual(moneyOfCommitment(cli.commitments.find((c) => c.arn === row.arn)!));
  }
  expect(fromUnits(rows.reduce((sum, r) => sum + toUnits(r.unused_cost!), 0n))).toBe(cli.unusedCost);
}

describe('costlens query commitments/utilisation on a store whose last month is not complete', () => {
  let db: string;
  let november: string;
  let rows: QueryRow[];
  let lines: Record<string, string | null>[];

  beforeAll(async () => {
    november = await realNovemberTo20thNoon();
    db = await cachedStore([[REAL_OCT_2018], [november]]);
    rows = await queryRows(db);
    lines = await duckdbRows(`WITH usage_end AS (
        SELECT max(line_item_usage_end_date) AS usage_end FROM read_parquet($file)
        WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY)
      SELECT reservation_reservation_a_r_n AS arn, CAST(usage_end AS VARCHAR) AS usage_end, CAST(line_item_usage_amount AS VARCHAR) AS hours,
        CAST(reservation_number_of_reservations AS VARCHAR) AS reservations,
        CAST(date_diff('second', line_item_usage_start_date, usage_end) AS VARCHAR) AS held_seconds,
        CAST(CAST(line_item_unblended_cost AS DECIMAL(38, 10)) AS VARCHAR) AS recurring,
        CAST(CAST(reservation_amortized_upfront_fee_for_billing_period AS DECIMAL(38, 10)) AS VARCHAR) AS upfront
      FROM read_parquet($file) CROSS JOIN usage_end WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: november });
  }, 300_000);

  it('November counts each RI\'s hours up to where the data ends (20 Nov 12:00), as costlens commitments --period 2018-11 does; it counted the whole month', async () => {
    expect(lines).toHaveLength(9);
    expect(new Set(lines.map((l) => l.usage_end))).toEqual(new Set(['2018-11-20 12:00:00']));
    const novemberRows = rows.filter((r) => r.billing_period === '2018-11-01');
    // Each RI's seconds to 20 Nov 12:00 × its reservations ÷ 3,600, in bigint, to 1e-10 hour.
    const heldHours = (l: Record<string, string | null>) => fromUnits(divideRounded(BigInt(l.held_seconds!) * BigInt(l.reservations!) * 10n ** 10n, 3600n));
    expect(Object.fromEntries(novemberRows.map((r) => [r.arn, r.purchased_hours]))).toEqual(Object.fromEntries(lines.map((l) => [l.arn, heldHours(l)])));
    const idle = novemberRows.find((r) => r.arn === IDLE_RI)!;
    expect([idle.purchased_hours, idle.unused_hours, idle.cut]).toEqual(['468.0000000000', '468.0000000000', true]);
    const commitments = (await report(db, '--period', '2018-11')).commitments;
    expect(Object.fromEntries(commitments.map((c) => [c.arn, [c.purchased, c.unused]]))).toEqual(Object.fromEntries(novemberRows.map((r) => [r.arn, [Number(r.purchased_hours), Number(r.unused_hours)]])));
  });

  it('one row a billing period and commitment', () => {
    expect(new Set(rows.map((r) => `${r.billing_period} ${r.arn}`)).size).toBe(rows.length);
    expect(rows.map((r) => r.billing_period).filter((p) => p === '2018-11-01')).toHaveLength(9);
  });

  it('the idle RI\'s cut row has its money, worked out by hand: 21.60 and 21.61643836 × 468 ÷ 720 = 14.04 and 14.050684934, all unused, 28.090684934 (it gave NULL)', async () => {
    const idle = rows.find((r) => r.billing_period === '2018-11-01' && r.arn === IDLE_RI)!;
    const line = lines.find((l) => l.arn === IDLE_RI)!;
    expect([line.hours, line.reservations, line.held_seconds, line.recurring, line.upfront]).toEqual(['720.0', '1', '1684800', '21.6000000000', '21.6164383600']);
    // 1,684,800 s to 20 Nov 12:00 = 468 h of the line's 720: 0.65 of each fee; the RI used none of them.
    expect(moneyOf(idle)).toEqual({
      recurring_fee: '14.0400000000', amortised_upfront_fee: '14.0506849340', unused_recurring_fee: '14.0400000000', unused_upfront_fee: '14.0506849340', unused_cost: '28.0906849340',
    });
    expect([idle.fee_recurring, idle.fee_upfront, idle.unused_other_cost]).toEqual([line.recurring, line.upfront, '0.0000000000']);
    // The pieces stay, for audit: fee_held its 1,684,800 seconds × 1 reservation in millionths; fee_span its 720 hours in microhours × 3,600.
    expect([idle.fee_held, idle.fee_span, idle.unused_held]).toEqual([fromUnits(1_684_800n * 1_000_000n * 10n ** 10n), fromUnits(720n * 1_000_000n * 3600n * 10n ** 10n), idle.fee_held]);
  });

  it('every row\'s money is what costlens commitments shows for its month (the cut ones from their pieces, in bigint), and the unused costs add up to its total', async () => {
    expect(rows.filter((r) => r.billing_period === '2018-11-01').every((r) => r.cut)).toBe(true);
    expect(rows.filter((r) => r.billing_period === '2018-10-01').some((r) => r.cut)).toBe(false);
    for (const line of lines) {
      const row = rows.find((r) => r.billing_period === '2018-11-01' && r.arn === line.arn)!;
      const held = BigInt(line.held_seconds!) * BigInt(line.reservations!);
      expect(row.recurring_fee, row.arn).toBe(fromUnits(divideRounded(toUnits(line.recurring!) * held, toUnits(line.hours!) * 3600n / 10n ** 10n)));
    }
    await expectAsTheCli(db, rows.filter((r) => r.billing_period === '2018-11-01'), '--period', '2018-11');
    await expectAsTheCli(db, rows.filter((r) => r.billing_period === '2018-10-01'), '--period', '2018-10');
  });

  it('October, complete, keeps its lines\' own figures: 744 hours and 44.6569863 unused for the idle RI, nothing cut', () => {
    const idle = rows.find((r) => r.billing_period === '2018-10-01' && r.arn === IDLE_RI)!;
    expect(idle).toMatchObject({
      purchased_hours: '744.0000000000', unused_hours: '744.0000000000', cut: false, recurring_fee: '22.3200000000', amortised_upfront_fee: '22.3369863000',
      unused_recurring_fee: '22.3200000000', unused_upfront_fee: '22.3369863000', unused_cost: '44.6569863000', unused_held: null,
    });
    expect(idle.fee_held).toBe(idle.fee_span);
  });

  it('cut by a charge range (10–16 Oct, 7 of 31 days), every row rounds as costlens commitments --from/--to: the idle RI\'s 22.3369863 × 7 ÷ 31 = 5.04383561612… is 5.0438356161', async () => {
    const range = await queryRows(db, 'charge_from=2018-10-10', 'charge_to=2018-10-17');
    expect(range.map((r) => [r.billing_period, r.cut])).toEqual(range.map(() => ['2018-10-01', true]));
    expect(moneyOf(range.find((r) => r.arn === IDLE_RI)!)).toEqual({
      recurring_fee: '5.0400000000', amortised_upfront_fee: '5.0438356161', unused_recurring_fee: '5.0400000000', unused_upfront_fee: '5.0438356161', unused_cost: '10.0838356161',
    });
    await expectAsTheCli(db, range, '--from', '2018-10-10', '--to', '2018-10-17');
  });

  it('hours and normalised units are exact decimals, in CSV and JSON alike: 10–16 Oct, the 3 t2.micro RI used 252 units of its 504 hours × 0.5 (its DOUBLE sum gave 251.99999999999994, and 1.1368683772161603e-13 unused hours)', async () => {
    const csv = await costlens(db, 'query', 'commitments/utilisation', '--param', 'charge_from=2018-10-10', '--param', 'charge_to=2018-10-17', '--format', 'csv');
    expect([csv.code, csv.stderr]).toEqual([0, '']);
    const [header, ...records] = csv.stdout.trimEnd().split('\r\n').map((line) => line.split(','));
    const quantities = ['purchased_hours', 'unused_hours', 'purchased_units', 'unused_units', 'covered_units', 'commitment_hours', 'focus_used_quantity', 'focus_unused_quantity', 'fee_hours'];
    const at = quantities.map((q) => header.indexOf(q));
    expect(at.every((i) => i >= 0)).toBe(true);
    for (const record of records) for (const i of at) expect(record[i], `${record[1]} ${header[i]}`).toMatch(/^$|^\d+\.\d{10}$/);
    const [used] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_normalized_usage_amount AS DECIMAL(38, 10))) AS VARCHAR) AS units FROM read_parquet($file)
      WHERE line_item_line_item_type = 'DiscountedUsage' AND reservation_reservation_a_r_n = $arn
        AND line_item_usage_start_date >= TIMESTAMP '2018-10-10' AND line_item_usage_start_date < TIMESTAMP '2018-10-17'`, { file: REAL_OCT_2018, arn: MICRO_RI });
    const micro = Object.fromEntries(header.map((column, i) => [column, records.find((r) => r[1] === MICRO_RI)![i]]));
    // 3 reservations × 7 days × 24 hours = 504 purchased, × 0.5 (t2.micro) = 252 units; the line pays for 2,232 hours (3 × 744).
    expect([micro.purchased_hours, micro.unused_hours, micro.purchased_units, micro.unused_units, micro.covered_units, micro.fee_hours])
      .toEqual(['504.0000000000', '0.0000000000', '252.0000000000', '0.0000000000', used.units, '2232.0000000000']);
    expect(used.units).toBe('252.0000000000');
    const json = (await queryRows(db, 'charge_from=2018-10-10', 'charge_to=2018-10-17')).find((r) => r.arn === MICRO_RI)! as unknown as Record<string, unknown>;
    expect(quantities.map((q) => json[q])).toEqual(quantities.map((q) => micro[q] || null));
  });

  it('data_ends_at is commitments/utilisation_until\'s: required there, and not a parameter of commitments/utilisation; there a cut row\'s money is left to the analysis', async () => {
    const until = await costlens(db, 'query', 'commitments/utilisation_until', '--format', 'json');
    expect(until.code).not.toBe(0);
    expect(until.stderr).toContain('needs parameter "data_ends_at"');
    expect(until.stderr).toContain('commitments/data_horizon');
    const given = await costlens(db, 'query', 'commitments/utilisation_until', '--param', 'data_ends_at=2018-11-20 12:00:00', '--format', 'json');
    expect([given.code, given.stderr]).toEqual([0, '']);
    const unmoneyed = (r: QueryRow) => (r.cut ? { ...r, ...Object.fromEntries(MONEY.map((m) => [m, null])) } : r);
    expect(JSON.parse(given.stdout)).toEqual(rows.map(unmoneyed));
  });
});

describe('a cut fee that falls half way between two units of 1e-10 rounds away from zero', () => {
  const UPFRONT = '21.6164383601';
  // Half of it is 10.80821918025, whose DOUBLE estimate, corrected, lands on …802: only the doubled remainder's tie steps it.
  const STEPPED = '21.6164383605';
  const UPFRONT_RI = 'arn:aws:ec2:us-east-1:836060457634:reserved-instances/041bc7b7-802b-43c3-a6b1-3fb5e69135aa';
  let db: string;

  beforeAll(async () => {
    // The real November 2018 CUR with the idle RI's amortised upfront fee one unit of 1e-10 higher, and two RIs without one given STEPPED and its negative (a refund).
    const name = 'nov-2018-upfront-fees-on-ties.parquet';
    const file = (await derivedFiles([{
      name,
      sql: `SELECT * REPLACE (
          CASE WHEN line_item_line_item_type <> 'RIFee' THEN reservation_amortized_upfront_fee_for_billing_period
            WHEN reservation_reservation_a_r_n = $idle THEN CAST($upfront AS DOUBLE)
            WHEN reservation_reservation_a_r_n = $upfront_ri THEN CAST($stepped AS DOUBLE)
            WHEN reservation_reservation_a_r_n = $refund THEN -CAST($stepped AS DOUBLE)
            ELSE reservation_amortized_upfront_fee_for_billing_period END AS reservation_amortized_upfront_fee_for_billing_period,
          CASE WHEN line_item_line_item_type = 'RIFee' AND reservation_reservation_a_r_n = $idle THEN CAST($upfront AS DOUBLE)
            ELSE reservation_unused_amortized_upfront_fee_for_billing_period END AS reservation_unused_amortized_upfront_fee_for_billing_period)
        FROM read_parquet($file)`,
      params: { file: REAL_NOV_2018, idle: IDLE_RI, upfront_ri: UPFRONT_RI, refund: NO_UPFRONT_RI, upfront: UPFRONT, stepped: STEPPED },
    }]))[name];
    db = await cachedStore([[file]]);
  }, 300_000);

  it('1–15 Nov holds 360 of the lines\' 720 hours: 21.6164383601 ÷ 2 = 10.80821918005 is 10.8082191801, 21.6164383605 ÷ 2 is 10.8082191803 and its refund −10.8082191803, as costlens commitments', async () => {
    const rows = await queryRows(db, 'charge_from=2018-11-01', 'charge_to=2018-11-16');
    const [idle, stepped, refund] = [IDLE_RI, UPFRONT_RI, NO_UPFRONT_RI].map((arn) => rows.find((r) => r.arn === arn)!);
    expect([idle.fee_upfront, stepped.fee_upfront, refund.fee_upfront]).toEqual([UPFRONT, STEPPED, `-${STEPPED}`]);
    // 1,296,000 of 2,592,000 seconds, × 1 reservation in millionths: a half of each fee.
    for (const row of [idle, stepped, refund]) expect([row.fee_held, row.fee_span], row.arn).toEqual([fromUnits(1_296_000n * 10n ** 16n), fromUnits(2_592_000n * 10n ** 16n)]);
    expect(moneyOf(idle)).toEqual({
      recurring_fee: '10.8000000000', amortised_upfront_fee: '10.8082191801', unused_recurring_fee: '10.8000000000', unused_upfront_fee: '10.8082191801', unused_cost: '21.6082191801',
    });
    expect([stepped.amortised_upfront_fee, refund.amortised_upfront_fee]).toEqual(['10.8082191803', '-10.8082191803']);
    await expectAsTheCli(db, rows, '--from', '2018-11-01', '--to', '2018-11-16');
  });
});
