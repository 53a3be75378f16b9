/**
 * `costlens commitments --from/--to` over days that cut a Reserved Instance's month: the RI's
 * monthly RIFee line (one a month, starting on the 1st or at the RI's start) counts for the hours
 * of the range it pays for. Before, a range not holding the line's start left it out, so the RI's
 * used cost counted and its unused cost did not (on the demo, 15–19 Oct 2026: RI unused cost 0,
 * headline utilisation 90 % with Savings Plans at 89.29 % and the RI at 75 %, unused 31.31,
 * effective savings rate 3.8 %); a range holding it counted the whole month's hours and fee.
 * Every expected figure is restated here by SQL on the line items (the RIFee line's hours and fees,
 * the DiscountedUsage lines of the range, the Savings Plan's hourly fee lines), or on the Parquet.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { COVERED, ELIGIBLE } from '../helpers/commitment-sql.ts';
import { costlens, duckdbRows, REAL_NOV_2018, REAL_OCT_2018, sqlRows } from '../helpers/cli.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { codePointOrder } from '../../src/lib/order.ts';

interface Report {
  utilisationPercent: number; normalisedUtilisationPercent: number; unusedCost: string; effectiveSavingsRate: number; onDemandEquivalent: string; amortisedCost: string;
  reservedInstances: { purchasedHours: number; usedHours: number; unusedHours: number; utilisationPercent: number; purchasedUnits: number; unusedUnits: number; unusedCost: string };
  savingsPlans: { unusedCost: string; utilisationPercent: number };
  commitments: { arn: string; type: string; purchased: number | string; used: number | string; unused: number | string; unusedCost: string; usedCost: string;
    recurringFee: string | null; amortisedUpfrontFee: string | null; unusedRecurringFee: string | null; unusedUpfrontFee: string | null }[];
}

const report = async (db: string, ...range: string[]): Promise<Report> => {
  const run = await costlens(db, 'commitments', ...range, '--format', 'json');
  expect([run.code, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout) as Report;
};

/** A percentage to two decimals. */
const pct = (part: number, whole: number) => Math.round((part / whole) * 10000) / 100;
/** Exact sums of decimal texts (10 decimals). */
const add = (...values: (string | null)[]) => fromUnits(values.reduce((n, v) => n + toUnits(v ?? '0'), 0n));

/**
 * The RI over [from, to), from its RIFee line of the billing period and its DiscountedUsage lines
 * of the range: the line pays for NumberOfReservations × the hours of the range it covers (it
 * starts on the 1st here), at (recurring + amortised upfront fee) ÷ UsageAmount an hour; used
 * hours are the DiscountedUsage lines' normalised units in the RI's units per hour.
 */
const RI_IN_RANGE = (from: string, to: string, period: string) => `
  WITH fee AS (
    SELECT CommitmentDiscountId AS arn, x_UsageAmount AS hours, x_ReservationTotalReservedNormalizedUnits AS units,
      x_ReservationNumberOfReservations AS reservations, BilledCost AS recurring, x_ReservationAmortizedUpfrontFee AS upfront
    FROM line_items WHERE x_LineItemType = 'RIFee' AND BillingPeriodStart = TIMESTAMP '${period}-01 00:00:00'
  ),
  used AS (
    SELECT CommitmentDiscountId AS arn, sum(x_NormalizedUsageAmount) AS units, sum(EffectiveCost) AS cost
    FROM line_items WHERE x_LineItemType = 'DiscountedUsage'
      AND ChargePeriodStart >= TIMESTAMP '${from} 00:00:00' AND ChargePeriodStart < TIMESTAMP '${to} 00:00:00'
    GROUP BY 1
  ),
  figures AS (
    SELECT fee.*, reservations * date_diff('hour', TIMESTAMP '${from} 00:00:00', TIMESTAMP '${to} 00:00:00') AS purchased,
      used.units * fee.hours / fee.units AS used_hours, used.units AS used_units, used.cost AS used_cost
    FROM fee JOIN used USING (arn)
  )
  SELECT arn, purchased, used_hours, purchased - used_hours AS unused_hours, purchased * units / hours AS purchased_units,
    CAST(round((purchased - used_hours) * CAST(recurring AS DOUBLE) / hours, 10) AS DECIMAL(38, 10)) AS unused_recurring,
    CAST(round((purchased - used_hours) * CAST(upfront AS DOUBLE) / hours, 10) AS DECIMAL(38, 10)) AS unused_upfront,
    CAST(round((purchased - used_hours) * CAST(recurring + upfront AS DOUBLE) / hours, 10) AS DECIMAL(38, 10)) AS unused_cost,
    used_cost
  FROM figures`;

describe('commitments over days that cut a Reserved Instance\'s month (the demo, 15–19 Oct 2026)', () => {
  let db: string;
  let r: Report;
  let ri: Record<string, string | null>;
  let sp: Record<string, string | null>;
  let eligible: Record<string, string | null>;

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    r = await report(db, '--from', '2026-10-15', '--to', '2026-10-20');
    [ri] = await sqlRows(db, RI_IN_RANGE('2026-10-15', '2026-10-20', '2026-10'));
    [sp] = await sqlRows(db, `SELECT CommitmentDiscountId AS arn, sum(x_SavingsPlanTotalCommitmentToDate) AS commitment, sum(x_SavingsPlanUsedCommitment) AS used,
        sum(EffectiveCost) AS unused_cost
      FROM line_items WHERE x_LineItemType = 'SavingsPlanRecurringFee'
        AND ChargePeriodStart >= TIMESTAMP '2026-10-15 00:00:00' AND ChargePeriodStart < TIMESTAMP '2026-10-20 00:00:00' GROUP BY 1`);
    [eligible] = await sqlRows(db, `SELECT sum(CASE WHEN ${COVERED} THEN coalesce(ListCost, BilledCost) ELSE BilledCost END) AS on_demand, sum(EffectiveCost) AS effective,
        (SELECT sum(EffectiveCost) FROM line_items WHERE CommitmentDiscountStatus = 'Used'
          AND ChargePeriodStart >= TIMESTAMP '2026-10-15 00:00:00' AND ChargePeriodStart < TIMESTAMP '2026-10-20 00:00:00') AS commitments_used_cost
      FROM line_items WHERE ${ELIGIBLE} AND ChargePeriodStart >= TIMESTAMP '2026-10-15 00:00:00' AND ChargePeriodStart < TIMESTAMP '2026-10-20 00:00:00'`);
  });

  it('the SQL: 4 reservations × 120 hours purchased, 360 used (one in four idle), 120 unused at (86.304 + 85.6109589408) ÷ 2976 an hour = 6.932054796', () => {
    expect([ri.purchased, ri.used_hours, ri.unused_hours, ri.unused_cost]).toEqual(['480', '360', '120', '6.9320547960']);
  });

  it('the RI: purchased, used and unused hours and units, its fees prorated to the range and its unused cost equal the SQL', () => {
    expect(r.reservedInstances).toMatchObject({
      purchasedHours: Number(ri.purchased), usedHours: Number(ri.used_hours), unusedHours: Number(ri.unused_hours), utilisationPercent: 75,
      purchasedUnits: Number(ri.purchased_units), unusedUnits: Number(ri.purchased_units) * Number(ri.unused_hours) / Number(ri.purchased),
      unusedCost: ri.unused_cost,
    });
    const c = r.commitments.find((x) => x.type === 'Reserved Instance')!;
    expect(c).toMatchObject({ arn: ri.arn, purchased: 480, used: 360, unused: 120, unusedCost: ri.unused_cost, usedCost: ri.used_cost,
      unusedRecurringFee: ri.unused_recurring, unusedUpfrontFee: ri.unused_upfront, recurringFee: '13.9200000000', amortisedUpfrontFee: '13.8082191840' });
    // 120 of the line's 744 hours: 86.304 × 120 ÷ 744 and 85.6109589408 × 120 ÷ 744.
    expect([86.304 * 120 / 744, 85.6109589408 * 120 / 744].map((v) => v.toFixed(10))).toEqual([c.recurringFee, c.amortisedUpfrontFee]);
  });

  it('the headline: utilisation 88.05 %, unused 38.24 (Savings Plan 31.3056 + RI 6.932054796), effective savings rate 3.49 %, as the SQL gives them', () => {
    const unused = add(sp.unused_cost, ri.unused_cost);
    const used = Number(eligible.commitments_used_cost);
    expect(r.unusedCost).toBe(unused);
    expect(r.utilisationPercent).toBe(pct(used, used + Number(unused)));
    expect(r.amortisedCost).toBe(add(eligible.effective, unused));
    expect(r.onDemandEquivalent).toBe(eligible.on_demand);
    expect(r.effectiveSavingsRate).toBe(pct(Number(eligible.on_demand) - Number(add(eligible.effective, unused)), Number(eligible.on_demand)));
    expect([r.utilisationPercent, Number(r.unusedCost).toFixed(2), r.effectiveSavingsRate, r.savingsPlans.utilisationPercent, r.reservedInstances.utilisationPercent])
      .toEqual([88.05, '38.24', 3.49, pct(Number(sp.used), Number(sp.commitment)), 75]);
  });

  it('a whole month keeps the RIFee line\'s own figures, and the days of a month split in two add up to it (hours exactly, money to 1e-9)', async () => {
    const month = await report(db, '--period', '2026-10');
    const [line] = await sqlRows(db, `SELECT x_UsageAmount AS purchased, x_ReservationUnusedQuantity AS unused, EffectiveCost AS unused_cost
      FROM line_items WHERE x_LineItemType = 'RIFee' AND BillingPeriodStart = TIMESTAMP '2026-10-01 00:00:00'`);
    expect([month.reservedInstances.purchasedHours, month.reservedInstances.unusedHours, month.reservedInstances.unusedCost])
      .toEqual([Number(line.purchased), Number(line.unused), line.unused_cost]);
    expect(await report(db, '--from', '2026-10-01', '--to', '2026-11-01')).toMatchObject({ reservedInstances: month.reservedInstances, unusedCost: month.unusedCost });
    const halves = [await report(db, '--from', '2026-10-01', '--to', '2026-10-16'), await report(db, '--from', '2026-10-16', '--to', '2026-11-01')];
    expect(halves.map((h) => h.reservedInstances.purchasedHours)).toEqual([4 * 15 * 24, 4 * 16 * 24]);
    expect(halves[0].reservedInstances.unusedHours + halves[1].reservedInstances.unusedHours).toBe(Number(line.unused));
    expect(Math.abs(Number(halves[0].reservedInstances.unusedCost) + Number(halves[1].reservedInstances.unusedCost) - Number(line.unused_cost))).toBeLessThan(1e-9);
  });
});

describe('commitments over days on the real October 2018 CUR: nine RIs, one bought on 9 October', () => {
  let db: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
  });

  it('1–15 and 16–31 October: each RI\'s hours from its start (or the 1st) to the cut, used normalised units of its DiscountedUsage lines, and the halves add up to the month', async () => {
    const first = await report(db, '--from', '2018-10-01', '--to', '2018-10-16');
    const second = await report(db, '--from', '2018-10-16', '--to', '2018-11-01');
    const month = await report(db, '--period', '2018-10');
    const onFile = await duckdbRows(`
      WITH fee AS (
        SELECT reservation_reservation_a_r_n AS arn, line_item_usage_start_date AS start, line_item_usage_amount AS hours,
          CAST(reservation_total_reserved_normalized_units AS DOUBLE) AS units, CAST(reservation_number_of_reservations AS DOUBLE) AS reservations
        FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'
      ),
      used AS (
        SELECT reservation_reservation_a_r_n AS arn, sum(line_item_normalized_usage_amount) AS units
        FROM read_parquet($file) WHERE line_item_line_item_type = 'DiscountedUsage' AND line_item_usage_start_date < TIMESTAMP '2018-10-16 00:00:00'
        GROUP BY 1
      )
      SELECT arn, round(reservations * date_diff('second', greatest(start, TIMESTAMP '2018-10-01 00:00:00'), TIMESTAMP '2018-10-16 00:00:00') / 3600.0, 6) AS purchased,
        round(coalesce(used.units, 0) * hours / fee.units, 6) AS used
      FROM fee LEFT JOIN used USING (arn) ORDER BY arn`, { file: REAL_OCT_2018 });
    expect(onFile).toHaveLength(9);
    expect(first.commitments.map((c) => ({ arn: c.arn, purchased: String(c.purchased), used: String(c.used) })).sort((a, b) => codePointOrder(a.arn, b.arn)))
      .toEqual(onFile.map((f) => ({ arn: f.arn, purchased: String(Number(f.purchased)), used: String(Number(f.used)) })));
    // The RI bought on 9 October at 21:40:47 pays for 146.320278 of the first half's hours.
    const late = onFile.find((f) => f.arn!.includes('8c3d56fd'))!;
    expect([Number(late.purchased), first.commitments.find((c) => c.arn === late.arn)!.purchased]).toEqual([146.320278, 146.320278]);
    const sum = (f: (x: Report) => number) => Math.round((f(first) + f(second)) * 1e6) / 1e6;
    expect([sum((x) => x.reservedInstances.purchasedHours), sum((x) => x.reservedInstances.unusedHours), sum((x) => x.reservedInstances.unusedUnits)])
      .toEqual([month.reservedInstances.purchasedHours, month.reservedInstances.unusedHours, month.reservedInstances.unusedUnits]);
    expect(Math.abs(Number(first.unusedCost) + Number(second.unusedCost) - Number(month.unusedCost))).toBeLessThan(1e-6);
    expect(month.unusedCost).toBe('48.9955607900');
  });
});
