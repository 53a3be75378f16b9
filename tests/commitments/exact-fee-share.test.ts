/**
 * An RI's fees cut by a range, and its unused fees, are exact: fee × the share of its hours the
 * range holds, rounded once to 1e-10, half away from zero (src/analyze/commitments/range-fees.ts).
 * They went through a DOUBLE share: the real November 2018 CUR with the idle c4.large RI's amortised
 * upfront fee one unit of 1e-10 higher (21.6164383601, the line's whole 720 hours unused) gave, over
 * 1–15 Nov (360 of its hours), 10.8082191800 for both its amortised upfront fee and its unused upfront
 * fee, where 21.6164383601 × 360 ÷ 720 = 10.80821918005 is 10.8082191801.
 *
 * And an RI's monthly value is its RIFee line's own fees over the line's own hours × 730: a range
 * gave the fee it prorated (rounded) over the hours it prorated, so 10–19 Nov 2018 said 9.9640000008
 * for the RI `28b7acb4…` whose month says 9.9640000007 ((4.896 + 4.93150685) × 730 ÷ 720 =
 * 9.96400000069…). Expected figures are worked out here in bigint units from the Parquet's values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_NOV_2018 } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { divideRounded, fromUnits, toUnits } from '../../src/lib/money.ts';

const IDLE_RI = 'arn:aws:ec2:us-east-1:836060457634:reserved-instances/3a2944f2-fbdc-4f9a-86f7-4b83dc6e058a';
const UPFRONT = '21.6164383601';

interface Commitment {
  arn: string; purchased: number; unused: number; recurringFee: string; amortisedUpfrontFee: string; unusedRecurringFee: string; unusedUpfrontFee: string;
  unusedCost: string; monthlyValue: string | null;
}

async function report(db: string, ...args: string[]): Promise<{ unusedCost: string; commitments: Commitment[] }> {
  const run = await costlens(db, 'commitments', ...args, '--format', 'json');
  expect([run.code, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout);
}

/** `units × part ÷ whole`, rounded once to a unit of 1e-10, half away from zero, as decimal text. */
const share = (amount: string, part: bigint, whole: bigint) => fromUnits(divideRounded(toUnits(amount) * part, whole));

describe('an RI fee cut by a range is its exact share, rounded once', () => {
  let db: string;

  beforeAll(async () => {
    const name = 'nov-2018-idle-ri-upfront-plus-one-unit.parquet';
    const file = (await derivedFiles([{
      name,
      sql: `SELECT * REPLACE (
          CASE WHEN line_item_line_item_type = 'RIFee' AND reservation_reservation_a_r_n = $arn THEN CAST($upfront AS DOUBLE)
            ELSE reservation_amortized_upfront_fee_for_billing_period END AS reservation_amortized_upfront_fee_for_billing_period,
          CASE WHEN line_item_line_item_type = 'RIFee' AND reservation_reservation_a_r_n = $arn THEN CAST($upfront AS DOUBLE)
            ELSE reservation_unused_amortized_upfront_fee_for_billing_period END AS reservation_unused_amortized_upfront_fee_for_billing_period)
        FROM read_parquet($file)`,
      params: { file: REAL_NOV_2018, arn: IDLE_RI, upfront: UPFRONT },
    }]))[name];
    db = await cachedStore([[file]]);
  }, 300_000);

  it('the idle RI over 1–15 Nov: 360 of its 720 hours, all unused; its fees and unused fees are the line\'s × 360 ÷ 720, its upfront 10.8082191801 (was …800)', async () => {
    const [line] = await duckdbRows(`SELECT CAST(line_item_usage_amount AS VARCHAR) AS hours, CAST(CAST(line_item_unblended_cost AS DECIMAL(38, 10)) AS VARCHAR) AS recurring
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' AND reservation_reservation_a_r_n = $arn`, { file: REAL_NOV_2018, arn: IDLE_RI });
    expect(line).toEqual({ hours: '720.0', recurring: '21.6000000000' });
    const ri = (await report(db, '--from', '2018-11-01', '--to', '2018-11-16')).commitments.find((c) => c.arn === IDLE_RI)!;
    const [recurring, upfront] = [share(line.recurring!, 360n, 720n), share(UPFRONT, 360n, 720n)];
    expect([recurring, upfront]).toEqual(['10.8000000000', '10.8082191801']);
    expect(ri).toMatchObject({
      purchased: 360, unused: 360, recurringFee: recurring, amortisedUpfrontFee: upfront, unusedRecurringFee: recurring, unusedUpfrontFee: upfront,
      unusedCost: fromUnits(toUnits(recurring) + toUnits(upfront)),
    });
  });

  it('the whole month keeps the line\'s own fees, and its unused cost is the line\'s', async () => {
    const ri = (await report(db, '--period', '2018-11')).commitments.find((c) => c.arn === IDLE_RI)!;
    expect(ri).toMatchObject({ purchased: 720, unused: 720, amortisedUpfrontFee: UPFRONT, unusedUpfrontFee: UPFRONT, unusedCost: '43.2164383601' });
  });
});

describe('an RI\'s monthly value is its RIFee line\'s rate, whatever part of the line a range counts', () => {
  let db: string;
  let lines: Record<string, string | null>[];

  beforeAll(async () => {
    db = await cachedStore([[REAL_NOV_2018]]);
    lines = await duckdbRows(`SELECT reservation_reservation_a_r_n AS arn, CAST(line_item_usage_amount AS VARCHAR) AS hours, reservation_number_of_reservations AS reservations,
        CAST(CAST(line_item_unblended_cost AS DECIMAL(38, 10)) + CAST(reservation_amortized_upfront_fee_for_billing_period AS DECIMAL(38, 10)) AS VARCHAR) AS fees
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: REAL_NOV_2018 });
  }, 300_000);

  /** fees × reservations × 730 ÷ hours, in units rounded once (the hours have six decimals: whole microhours). */
  const monthly = (line: Record<string, string | null>) => fromUnits(divideRounded(
    toUnits(line.fees!) * BigInt(line.reservations!) * 730n * 1_000_000n, toUnits(line.hours!) / 10_000n,
  ));

  it('28b7acb4…: (4.896 + 4.93150685) × 730 ÷ 720 = 9.9640000007, over the month, 10–19 Nov (it said 9.9640000008) and from 15 Nov', async () => {
    const line = lines.find((l) => l.arn!.endsWith('c385beb7d4bc'))!;
    expect([line.fees, line.hours, monthly(line)]).toEqual(['9.8275068500', '720.0', '9.9640000007']);
    for (const args of [['--period', '2018-11'], ['--from', '2018-11-10', '--to', '2018-11-20'], ['--from', '2018-11-15']]) {
      expect((await report(db, ...args)).commitments.find((c) => c.arn === line.arn)?.monthlyValue, args.join(' ')).toBe('9.9640000007');
    }
  });

  it('every RI over 7–22 Nov: its line\'s fees × reservations × 730 ÷ its hours', async () => {
    const r = await report(db, '--from', '2018-11-07', '--to', '2018-11-23');
    expect(Object.fromEntries(r.commitments.map((c) => [c.arn, c.monthlyValue]))).toEqual(Object.fromEntries(lines.map((l) => [l.arn, monthly(l)])));
  });
});
