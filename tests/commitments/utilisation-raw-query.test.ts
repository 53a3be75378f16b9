/**
 * `costlens query commitments/utilisation` run as it is, without parameters, on a store whose last
 * month the data does not complete: the real October 2018 CUR and November's cut at 20 Nov 12:00.
 * AWS posts each RIFee for the whole month on the 1st, so the query, whose `data_ends_at` defaulted
 * to 9999-12-31, counted November's 720 hours a reservation as purchased and (for the idle c4.large
 * RI `3a2944f2…`) unused: 720 hours and 43.2164383600 of unused cost, where `costlens commitments
 * --period 2018-11` counts 468 hours (1 Nov to 20 Nov 12:00) and 28.0906849340. The query now reads
 * where the store's usage ends itself (commitments/utilisation_until takes it as a parameter).
 *
 * The query divides no money: a row whose RIFee hours are cut has NULL fees and the whole numbers to
 * prorate them by (fee × fee_held ÷ fee_span, fee × unused_held ÷ fee_span), and costlens divides
 * them once, in bigint (src/analyze/commitments/range-fees.ts). Expected figures are worked out here
 * from the Parquet by DuckDB and in bigint units.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { divideRounded, fromUnits, toUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_OCT_2018 } from '../helpers/cli.ts';
import { realNovemberTo20thNoon } from '../helpers/derived-files.ts';

const IDLE_RI = 'arn:aws:ec2:us-east-1:836060457634:reserved-instances/3a2944f2-fbdc-4f9a-86f7-4b83dc6e058a';

interface QueryRow {
  billing_period: string; arn: string; purchased_hours: number; unused_hours: number; recurring_fee: string | null; amortised_upfront_fee: string | null;
  unused_recurring_fee: string | null; unused_upfront_fee: string | null; unused_cost: string | null; fee_recurring: string; fee_upfront: string;
  cut: boolean; fee_held: string; fee_span: string; unused_held: string | null; unused_other_cost: string;
}

interface Commitment {
  arn: string; purchased: number; unused: number; recurringFee: string; amortisedUpfrontFee: string; unusedRecurringFee: string; unusedUpfrontFee: string; unusedCost: string;
}

/** `fee × part ÷ whole` in units of 1e-10, rounded once, half away from zero, as decimal text. */
const prorated = (fee: string, part: string, whole: string) => fromUnits(divideRounded(toUnits(fee) * toUnits(part), toUnits(whole)));

describe('costlens query commitments/utilisation on a store whose last month is not complete', () => {
  let db: string;
  let november: string;
  let rows: QueryRow[];
  let lines: Record<string, string | null>[];

  beforeAll(async () => {
    november = await realNovemberTo20thNoon();
    db = await cachedStore([[REAL_OCT_2018], [november]]);
    const run = await costlens(db, 'query', 'commitments/utilisation', '--format', 'json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    rows = JSON.parse(run.stdout);
    lines = await duckdbRows(`WITH usage_end AS (
        SELECT max(line_item_usage_end_date) AS usage_end FROM read_parquet($file)
        WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY)
      SELECT reservation_reservation_a_r_n AS arn, CAST(usage_end AS VARCHAR) AS usage_end, CAST(line_item_usage_amount AS VARCHAR) AS hours,
        CAST(reservation_number_of_reservations AS VARCHAR) AS reservations,
        CAST(round(CAST(reservation_number_of_reservations AS DOUBLE) * date_diff('second', line_item_usage_start_date, usage_end) / 3600.0, 6) AS VARCHAR) AS held_hours,
        CAST(date_diff('second', line_item_usage_start_date, usage_end) AS VARCHAR) AS held_seconds,
        CAST(CAST(line_item_unblended_cost AS DECIMAL(38, 10)) AS VARCHAR) AS recurring,
        CAST(CAST(reservation_amortized_upfront_fee_for_billing_period AS DECIMAL(38, 10)) AS VARCHAR) AS upfront
      FROM read_parquet($file) CROSS JOIN usage_end WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: november });
  }, 300_000);

  it('November counts each RI\'s hours up to where the data ends (20 Nov 12:00), as costlens commitments --period 2018-11 does; it counted the whole month', async () => {
    expect(lines).toHaveLength(9);
    expect(new Set(lines.map((l) => l.usage_end))).toEqual(new Set(['2018-11-20 12:00:00']));
    const novemberRows = rows.filter((r) => r.billing_period === '2018-11-01');
    expect(Object.fromEntries(novemberRows.map((r) => [r.arn, r.purchased_hours]))).toEqual(Object.fromEntries(lines.map((l) => [l.arn, Number(l.held_hours)])));
    const idle = novemberRows.find((r) => r.arn === IDLE_RI)!;
    expect([idle.purchased_hours, idle.unused_hours, idle.cut]).toEqual([468, 468, true]);
    const cli = await costlens(db, 'commitments', '--period', '2018-11', '--format', 'json');
    const commitments: Commitment[] = JSON.parse(cli.stdout).commitments;
    expect(Object.fromEntries(commitments.map((c) => [c.arn, [c.purchased, c.unused]]))).toEqual(Object.fromEntries(novemberRows.map((r) => [r.arn, [r.purchased_hours, r.unused_hours]])));
  });

  it('a cut row has no fees of its own: the whole numbers give them exactly, the idle RI\'s 21.60 and 21.61643836 × 468 ÷ 720 = 14.04 and 14.050684934, its unused cost 28.090684934 (it said 43.21643836)', async () => {
    const idle = rows.find((r) => r.billing_period === '2018-11-01' && r.arn === IDLE_RI)!;
    const line = lines.find((l) => l.arn === IDLE_RI)!;
    expect([line.hours, line.reservations, line.held_seconds, line.recurring, line.upfront]).toEqual(['720.0', '1', '1684800', '21.6000000000', '21.6164383600']);
    expect([idle.recurring_fee, idle.amortised_upfront_fee, idle.unused_recurring_fee, idle.unused_upfront_fee, idle.unused_cost]).toEqual([null, null, null, null, null]);
    expect([idle.fee_recurring, idle.fee_upfront, idle.unused_other_cost]).toEqual([line.recurring, line.upfront, '0.0000000000']);
    // fee_held: its 1,684,800 seconds to 20 Nov 12:00 × 1 reservation in millionths; fee_span: its 720 hours in microhours × 3,600.
    expect([idle.fee_held, idle.fee_span]).toEqual([fromUnits(1_684_800n * 1_000_000n * 10n ** 10n), fromUnits(720n * 1_000_000n * 3600n * 10n ** 10n)]);
    expect(idle.unused_held).toBe(idle.fee_held);
    const recurring = prorated(idle.fee_recurring, idle.fee_held, idle.fee_span);
    const upfront = prorated(idle.fee_upfront, idle.fee_held, idle.fee_span);
    expect([recurring, upfront]).toEqual(['14.0400000000', '14.0506849340']);
    const cli = await costlens(db, 'commitments', '--period', '2018-11', '--format', 'json');
    const ri = (JSON.parse(cli.stdout).commitments as Commitment[]).find((c) => c.arn === IDLE_RI)!;
    expect(ri).toMatchObject({ recurringFee: recurring, amortisedUpfrontFee: upfront, unusedRecurringFee: recurring, unusedUpfrontFee: upfront, unusedCost: '28.0906849340' });
  });

  it('every cut row\'s pieces give the fees and unused cost costlens commitments reports, and each RI\'s recurring fee is its line\'s × its held seconds ÷ its hours', async () => {
    const cli = await costlens(db, 'commitments', '--period', '2018-11', '--format', 'json');
    const byArn = new Map((JSON.parse(cli.stdout).commitments as Commitment[]).map((c) => [c.arn, c]));
    for (const row of rows.filter((r) => r.billing_period === '2018-11-01')) {
      const line = lines.find((l) => l.arn === row.arn)!;
      const ownRecurring = fromUnits(divideRounded(toUnits(line.recurring!) * BigInt(line.held_seconds!) * BigInt(line.reservations!), toUnits(line.hours!) * 3600n / 10n ** 10n));
      const unusedRecurring = prorated(row.fee_recurring, row.unused_held!, row.fee_span);
      const unusedUpfront = prorated(row.fee_upfront, row.unused_held!, row.fee_span);
      expect(byArn.get(row.arn), row.arn).toMatchObject({
        recurringFee: ownRecurring, amortisedUpfrontFee: prorated(row.fee_upfront, row.fee_held, row.fee_span), unusedRecurringFee: unusedRecurring, unusedUpfrontFee: unusedUpfront,
        unusedCost: fromUnits(toUnits(row.unused_other_cost) + toUnits(unusedRecurring) + toUnits(unusedUpfront)),
      });
    }
  });

  it('October, complete, keeps its lines\' own figures: 744 hours and 44.6569863 unused for the idle RI, nothing cut', () => {
    const idle = rows.find((r) => r.billing_period === '2018-10-01' && r.arn === IDLE_RI)!;
    expect(idle).toMatchObject({
      purchased_hours: 744, unused_hours: 744, cut: false, recurring_fee: '22.3200000000', amortised_upfront_fee: '22.3369863000',
      unused_recurring_fee: '22.3200000000', unused_upfront_fee: '22.3369863000', unused_cost: '44.6569863000', unused_held: null,
    });
    expect(idle.fee_held).toBe(idle.fee_span);
  });

  it('data_ends_at is commitments/utilisation_until\'s: required there, and not a parameter of commitments/utilisation', async () => {
    const until = await costlens(db, 'query', 'commitments/utilisation_until', '--format', 'json');
    expect(until.code).not.toBe(0);
    expect(until.stderr).toContain('needs parameter "data_ends_at"');
    expect(until.stderr).toContain('commitments/data_horizon');
    const given = await costlens(db, 'query', 'commitments/utilisation_until', '--param', 'data_ends_at=2018-11-20 12:00:00', '--format', 'json');
    expect([given.code, given.stderr]).toEqual([0, '']);
    expect(JSON.parse(given.stdout)).toEqual(rows);
  });
});
