/**
 * A fee that posts once a month whole (a Reserved Instance's monthly RIFee, a subscription) is not
 * expected again once the month holds its posting. The forecast expected the previous month's
 * amount less what had posted: on the real November 2018 CUR, whose RI fees (147.384 billed)
 * posted on 1 Nov for the month's 720 hours, it still expected the 2.391379 by which October's
 * (744 hours, and a reservation bought on 9 Oct) were larger: a forecast 2.39 too high
 * (5.78 of EffectiveCost), for a charge AWS never posts. AWS Support, whose fee AWS posts as a
 * minimum early and the rest when the month's charges are known, is still expected less what posted.
 *
 * "This month's fee has posted" is said of each commitment (its ARN, else CommitmentDiscountId:
 * queries/fees/commitment_lines.cte.sql `commitment_key`), never of its service: keyed by service,
 * one RI's posting on the 1st was taken for every fee of the service (another RI's not posted yet,
 * a Savings Plan's accruing by the hour), and an RI bought this month for last month's RI.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastPeriodEnd, periodContaining, type PeriodForecast, type ScopeDay } from '../../src/analyze/budgets/index.ts';
import { allExpectedCharges } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { toUnits } from '../../src/lib/money.ts';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { riUnusedStillToPost } from '../helpers/ri-unused-sql.ts';
import type { CurLine } from '../optimisation/cur-fixture.ts';
import { storeWith } from '../optimisation/fixtures.ts';
import { days, focusCsvText, type FixtureLine } from './fixtures.ts';

type Json = Record<string, string | number | null>;

const EC2_CUR = 'Amazon Elastic Compute Cloud';

const EFFECTIVE = `CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END`;

/** A 6-decimal string as integer micro-dollars, and back. */
const micro = (text: string) => BigInt(text.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1'));
const dollars = (units: bigint) => `${units / 1_000_000n}.${String(units % 1_000_000n).padStart(6, '0')}`;

/**
 * November 2018 as of the 15th, made by DuckDB on the two files: usage held (1–15 Nov), the RI fees
 * posted in November and in October, and the least-squares line over the 28 days 19 Oct – 15 Nov
 * (x = days since 19 Oct) summed over 16–30 Nov, each day floored at 0, rounded once to the micro-dollar.
 */
async function november15(cost: 'billed' | 'effective') {
  const column = cost === 'billed' ? 'line_item_unblended_cost' : EFFECTIVE;
  const [row] = await duckdbRows(`WITH lines AS (
      SELECT CAST(line_item_usage_start_date AS DATE) AS day, line_item_line_item_type AS type, CAST(${column} AS DECIMAL(38,10)) AS cost
      FROM read_parquet([$oct, $nov])),
    usage AS (SELECT day, sum(cost) AS y FROM lines WHERE type IN ('Usage', 'DiscountedUsage') GROUP BY day),
    points AS (SELECT date_diff('day', DATE '2018-10-19', day) AS x, CAST(y AS DOUBLE) AS y FROM usage WHERE day BETWEEN DATE '2018-10-19' AND DATE '2018-11-15'),
    fit AS (SELECT regr_slope(y, x) AS b, regr_intercept(y, x) AS a, count(*) AS n FROM points),
    rest AS (SELECT date_diff('day', DATE '2018-10-19', CAST(d AS DATE)) AS x FROM range(DATE '2018-11-16', DATE '2018-12-01', INTERVAL 1 DAY) t(d))
    SELECT
      CAST(round((SELECT sum(y) FROM usage WHERE day BETWEEN DATE '2018-11-01' AND DATE '2018-11-15'), 6) AS DECIMAL(38,6)) AS usage_actual,
      CAST(round((SELECT sum(cost) FROM lines WHERE type = 'RIFee' AND day >= DATE '2018-11-01'), 6) AS DECIMAL(38,6)) AS fee_november,
      CAST(round((SELECT sum(cost) FROM lines WHERE type = 'RIFee' AND day < DATE '2018-11-01'), 6) AS DECIMAL(38,6)) AS fee_october,
      (SELECT list(DISTINCT day ORDER BY day) FROM lines WHERE type = 'RIFee' AND day >= DATE '2018-11-01') AS fee_days,
      CAST(round((SELECT sum(greatest(0, a + b * x)) FROM rest, fit), 6) AS DECIMAL(38,6)) AS projected,
      (SELECT n FROM fit) AS fit_days`, { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
  return row;
}

describe('forecast of November 2018 as of the 15th (real CUR): the RI fees posted on 1 Nov are not expected again', () => {
  let db: string;
  beforeAll(async () => { db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]); }, 180_000);

  it('expects nothing more of them in BilledCost, and in EffectiveCost (the RIs\' unused hours, which accrue) October\'s scaled to November\'s hours less November\'s: forecast = usage held + the fees posted + the projected usage (+ that), checked by DuckDB on the files', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2018-11-15', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as Json[];
    const [b, e] = [await november15('billed'), await november15('effective')];
    expect([b.fee_november, b.fee_october, b.fee_days, b.fit_days]).toEqual(['147.384000', '149.775379', '[2018-11-01]', '28']);
    expect([e.fee_november, e.fee_october]).toEqual(['43.216438', '48.995561']);
    // EffectiveCost: two RIs were used all November (0.00 unused on November's line) but not all October: 0.369479 + 5.372001.
    const unused = await riUnusedStillToPost(REAL_OCT_2018, REAL_NOV_2018);
    expect(unused).toBe('5.741480');
    for (const [row, want, toPost] of [[billed, b, '0.000000'], [effective, e, unused]] as const) {
      const forecast = micro(want.usage_actual!) + micro(want.fee_november!) + micro(want.projected!) + micro(toPost);
      expect([row.usageActual, row.postedOther, row.projectedUsage, row.expectedOther, row.projectedRemaining, row.forecast])
        .toEqual([want.usage_actual, want.fee_november, want.projected, toPost, dollars(micro(want.projected!) + micro(toPost)), dollars(forecast)]);
    }
    // Before: 2.391379 (billed) and 5.779123 (effective, 48.995561 − 43.216438) still expected on top; then EffectiveCost took
    // November's line as posted whole, 5183.899298, though AWS writes its unused hours as they pass.
    expect([billed.forecast, effective.forecast]).toEqual(['5054.527791', '5189.640778']);
    expect(run.stderr).toContain('Expected: Amazon Elastic Compute Cloud (recurring): BilledCost $147.384 at month end, $0.00 still to post '
      + '(posts once a month: $149.775379 in 2018-10; 2018-11\'s has posted, so no more of it is expected; $147.384 posted); EffectiveCost ');
  }, 60_000);
});

describe('forecast: fees that post once a month, whole or (AWS Support) in parts', () => {
  /*
   * FOCUS, 1 Sep – 10 Nov 2026: EC2 usage 100 a day. Recurring fees (ChargeCategory Purchase,
   * ChargeFrequency Recurring, charge period the month), on the 1st:
   * - an EC2 RI fee, 10 an hour-day: 310 for October's 31 days, 300 for November's 30;
   * - AWS Support: 300 in October, the 50 minimum so far in November;
   * - a Marketplace subscription of 50 in September only (it ended before October).
   * As of 10 Nov (provisional 8–10 Nov: the fit is the mean of 100 a day): usage 1,000, posted
   * 300 + 50 = 350, projected 20 × 100 = 2,000; still expected: Support 300 − 50 = 250, the RI fee
   * nothing (it posted: before, 310 − 300 = 10 more), the subscription nothing (not in October).
   * Forecast 1,000 + 350 + 2,000 + 250 = 3,600 (before: 3,610).
   */
  const EC2 = 'Amazon Elastic Compute Cloud';
  const fee = (day: string, service: string, billed: number, periodEnd: string): FixtureLine => ({ day, service, account: '111', billed, effective: billed, periodEnd, category: 'Purchase', frequency: 'Recurring' });
  let db: string;

  beforeAll(async () => {
    const lines: FixtureLine[] = [
      ...days('2026-09-01', '2026-11-10').map((day): FixtureLine => ({ day, service: EC2, account: '111', billed: 100 })),
      fee('2026-09-01', 'AWS Marketplace: Example Subscription', 50, '2026-10-01 00:00:00'),
      fee('2026-10-01', EC2, 310, '2026-11-01 00:00:00'), fee('2026-11-01', EC2, 300, '2026-12-01 00:00:00'),
      fee('2026-10-01', 'AWS Support (Business)', 300, '2026-11-01 00:00:00'), fee('2026-11-01', 'AWS Support (Business)', 50, '2026-12-01 00:00:00'),
    ];
    // The lines' store, ingested once per machine (tests/helpers/cached-text-store.ts): only read.
    ({ db } = await cachedStoreOf([{ name: 'focus.csv', text: focusCsvText(lines) }]));
  });

  it('as of 10 Nov: the posted RI fee is the month\'s, Support is still expected less its minimum, September\'s subscription not at all', async () => {
    const posted = await sqlRows(db, `SELECT ServiceName AS service, CAST(sum(BilledCost) AS VARCHAR) AS billed FROM line_items
      WHERE x_ChargeClass = 'recurring' AND ChargePeriodStart >= TIMESTAMP '2026-11-01' GROUP BY 1 ORDER BY 1`);
    expect(posted).toEqual([{ service: 'AWS Support (Business)', billed: '50.0000000000' }, { service: EC2, billed: '300.0000000000' }]);
    const run = await costlens(db, 'forecast', '--as-of', '2026-11-10', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed] = JSON.parse(run.stdout) as Json[];
    expect([billed.usageActual, billed.postedOther, billed.projectedUsage, billed.expectedOther, billed.forecast])
      .toEqual(['1000.000000', '350.000000', '2000.000000', '250.000000', '3600.000000']);
    const expected = run.stderr.split('\n').filter((l) => l.startsWith('Expected'));
    // Each in both measures (the fixture's EffectiveCost is its BilledCost).
    const support = '$300.00 at month end, $250.00 still to post (posts once a month: $300.00 in 2026-10; $50.00 posted)';
    const ri = "$300.00 at month end, $0.00 still to post (posts once a month: $310.00 in 2026-10; 2026-11's has posted, so no more of it is expected; $300.00 posted)";
    expect(expected).toEqual([
      `Expected: AWS Support (Business) (recurring): BilledCost ${support}; EffectiveCost ${support}.`,
      `Expected: ${EC2} (recurring): BilledCost ${ri}; EffectiveCost ${ri}.`,
    ]);
  });
});

describe('each commitment of a service is expected on its own: one\'s posting is not another\'s (a hand-built legacy CUR)', () => {
  /*
   * A legacy CUR (tests/optimisation/cur-fixture.ts: every line's service Amazon Elastic Compute
   * Cloud, commitments named by ARN, no term times), 1 Oct – 10 Nov 2025: usage 100.00 a day, and
   * three commitments' fees in that one service:
   * - RI A: RIFee for the month, posted on the 1st: 310.00 in October (EffectiveCost, its unused
   *   recurring fee, 31.00), 300.00 in November (30.00);
   * - RI B: RIFee 62.00 in October (all unused: 62.00); November's not posted by the 10th;
   * - a Savings Plan: SavingsPlanRecurringFee 6.00 a day (EffectiveCost 6.00 − 4.00 used = 2.00),
   *   31 days of October (186.00; 62.00), 1–10 Nov (60.00; 20.00).
   * By hand, as of 10 Nov (provisional 8–10 Nov; the fit, 11 Oct – 7 Nov, is 100 a day: 20 × 100 =
   * 2,000 projected), each commitment on its own:
   *   RI A has posted: 300.00 at month end, nothing more;
   *   RI B has not: 62.00 still to post;
   *   the Savings Plan accrues: 186 × 30/31 = 180.00, less 60.00 posted = 120.00 (EffectiveCost
   *   62 × 30/31 = 60.00 − 20.00 = 40.00).
   *   In EffectiveCost an RI's fee is its unused hours, which AWS posts as they pass: both RIs
   *   accrue, October's scaled to 30 days: A 31 × 30/31 = 30.00, all posted; B 62 × 30/31 = 60.00
   *   still to post (was 62.00, as posted once a month).
   *   BilledCost: usage 1,000 + posted 360 + projected 2,000 + expected 182 = 3,542.00;
   *   EffectiveCost: 1,000 + 50 + 2,000 + 100 = 3,150.00 (was 3,152.00).
   * Keyed by service, RI A's posting counted for all three ("posts once a month", the service's
   * fee has posted): nothing more expected, forecasts 3,360.00 and 3,050.00. A November budget on
   * the whole bill (actual 1,360.00: usage, the plan's fees, RI A's posting) expects the same
   * fees: RI B's 62.00 and the plan's 186 × 20/31 = 120.00 over the 20 days left (EffectiveCost
   * RI B's 60.00 − 0.00 and RI A's 30.00 − 30.00 posted, and 62 × 20/31 = 40.00).
   */
  const RI_A = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/costlens-ri-a';
  const RI_B = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/costlens-ri-b';
  const PLAN = 'arn:aws:savingsplans::999999999999:savingsplan/costlens-plan';
  const at = { account: '111111111111', region: 'us-east-1' };
  const riFee = (arn: string, month: string, next: string, cost: string, unused: string): CurLine => ({
    type: 'RIFee', start: month, end: next, ...at, usageType: 'HeavyUsage:m5.large', quantity: 744, cost, reservationArn: arn, riUnusedRecurringFee: unused, riUnusedAmortizedUpfront: '0',
  });
  const LINES: CurLine[] = [
    ...days('2025-10-01', '2025-11-10').map((day): CurLine => ({ type: 'Usage', start: day, ...at, usageType: 'BoxUsage:m5.large', quantity: 24, cost: '100.00' })),
    riFee(RI_A, '2025-10-01', '2025-11-01', '310.00', '31.00'), riFee(RI_A, '2025-11-01', '2025-12-01', '300.00', '30.00'),
    riFee(RI_B, '2025-10-01', '2025-11-01', '62.00', '62.00'),
    ...days('2025-10-01', '2025-11-10').map((day): CurLine => ({
      type: 'SavingsPlanRecurringFee', start: day, ...at, usageType: 'ComputeSP:1yrNoUpfront', quantity: 24, cost: '6.00', savingsPlanArn: PLAN, spTotalCommitment: '6.00', spUsedCommitment: '4.00',
    })),
  ];
  let db: string;
  let config: string;

  beforeAll(async () => {
    db = await storeWith({ cur: LINES });
    config = join(dirname(db), 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'billed', amount: 3500 }, { name: 'effective', amount: 3500, cost: 'effective' }] }));
  }, 120_000);

  it('the store holds the three commitments\' fees in one service, by ARN (SQL on the store)', async () => {
    expect(await sqlRows(db, `SELECT ServiceName AS service, coalesce(x_ReservationArn, x_SavingsPlanArn) AS arn, strftime(ChargePeriodStart, '%Y-%m') AS month,
        CAST(sum(BilledCost) AS DECIMAL(38,2)) AS billed, CAST(sum(EffectiveCost) AS DECIMAL(38,2)) AS effective
      FROM line_items WHERE x_ChargeClass = 'recurring' GROUP BY ALL ORDER BY arn, month`)).toEqual([
      { service: EC2_CUR, arn: RI_A, month: '2025-10', billed: '310.00', effective: '31.00' },
      { service: EC2_CUR, arn: RI_A, month: '2025-11', billed: '300.00', effective: '30.00' },
      { service: EC2_CUR, arn: RI_B, month: '2025-10', billed: '62.00', effective: '62.00' },
      { service: EC2_CUR, arn: PLAN, month: '2025-10', billed: '186.00', effective: '62.00' },
      { service: EC2_CUR, arn: PLAN, month: '2025-11', billed: '60.00', effective: '20.00' },
    ]);
  });

  it('forecast as of 10 Nov expects RI B\'s fee and the rest of the plan\'s, 182.00 (EffectiveCost 100.00, the RIs\' unused hours accruing): 3,542.00, not 3,360.00', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2025-11-10', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as (Json & { expectedCharges: Json[] })[];
    expect(rows.map((r) => [r.cost, r.usageActual, r.postedOther, r.projectedUsage, r.expectedOther, r.forecast])).toEqual([
      ['BilledCost', '1000.000000', '360.000000', '2000.000000', '182.000000', '3542.000000'],
      ['EffectiveCost', '1000.000000', '50.000000', '2000.000000', '100.000000', '3150.000000'],
    ]);
    expect(rows.map((r) => r.expectedCharges.map((e) => [e.service, e.atMonthEnd, e.stillToPost, e.posted]))).toEqual([
      [[EC2_CUR, '542.000000', '182.000000', '360.000000']],
      [[EC2_CUR, '150.000000', '100.000000', '50.000000']],
    ]);
    const part = (what: string, expected: string, remaining: string, basis: string, posted: string) => `${what}: ${expected} at month end, ${remaining} still to post (${basis}; ${posted} posted)`;
    const billedParts = [
      part(`Reserved Instance ${RI_A}`, '300.000000', '0.000000', "posts once a month: 310.000000 in 2025-10; 2025-11's has posted, so no more of it is expected", '300.000000'),
      part(`Reserved Instance ${RI_B}`, '62.000000', '62.000000', 'posts once a month: 62.000000 in 2025-10', '0.000000'),
      part(`Savings Plan ${PLAN}`, '180.000000', '120.000000', 'accrues daily: 186.000000 over 2025-10, scaled to 30 days', '60.000000'),
    ];
    const effectiveParts = [
      part(`Savings Plan ${PLAN}`, '60.000000', '40.000000', 'accrues daily: 62.000000 over 2025-10, scaled to 30 days', '20.000000'),
      part('2 Reserved Instances', '90.000000', '60.000000', 'unused reservation hours, which post as they pass: accrues daily: 93.000000 over 2025-10, scaled to 30 days', '30.000000'),
    ];
    expect(rows[0].expectedCharges[0].basis).toBe(`each commitment on its own: ${billedParts.join('; ')}`);
    expect(rows[1].expectedCharges[0].basis).toBe(`each commitment on its own: ${effectiveParts.join('; ')}`);
    // The notes say the same with money as the table writes it, every figure here being whole cents.
    const billedNote = [
      part(`Reserved Instance ${RI_A}`, '$300.00', '$0.00', "posts once a month: $310.00 in 2025-10; 2025-11's has posted, so no more of it is expected", '$300.00'),
      part(`Reserved Instance ${RI_B}`, '$62.00', '$62.00', 'posts once a month: $62.00 in 2025-10', '$0.00'),
      part(`Savings Plan ${PLAN}`, '$180.00', '$120.00', 'accrues daily: $186.00 over 2025-10, scaled to 30 days', '$60.00'),
    ];
    const effectiveNote = [
      part(`Savings Plan ${PLAN}`, '$60.00', '$40.00', 'accrues daily: $62.00 over 2025-10, scaled to 30 days', '$20.00'),
      part('2 Reserved Instances', '$90.00', '$60.00', 'unused reservation hours, which post as they pass: accrues daily: $93.00 over 2025-10, scaled to 30 days', '$30.00'),
    ];
    expect(run.stderr.split('\n').filter((l) => l.startsWith('Expected: '))).toEqual([
      `Expected: ${EC2_CUR} (recurring): BilledCost $542.00 at month end, $182.00 still to post (each commitment on its own: ${billedNote.join('; ')}; $360.00 posted); `
      + `EffectiveCost $150.00 at month end, $100.00 still to post (each commitment on its own: ${effectiveNote.join('; ')}; $50.00 posted).`,
    ]);
  });

  it('budgets for November as of the 10th expect the same: 1,360.00 so far + 2,000.00 + 182.00 = 3,542.00 (EffectiveCost 3,150.00), not 3,360.00', async () => {
    const run = await costlens(db, 'budgets', '--config', config, '--period', '2025-11', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const budgets = (JSON.parse(run.stdout) as { budgets: Json[] }).budgets;
    expect(budgets.map((b) => [b.name, b.asOf, b.actual, b.forecast])).toEqual([
      ['billed', '2025-11-10', '1360.0000000000', '3542.00'],
      ['effective', '2025-11-10', '1050.0000000000', '3150.00'],
    ]);
  });
});

describe('by hand: an RI bought this month posts its fee; an RI of last month has not yet: its fee is still to come', () => {
  // EC2, no term on the bill: RI A's fee 310.00 in October, not posted by 3 Nov; RI C, bought on 1 Nov, posted 50.00. Keyed by
  // service, C's posting was taken for the service's fee ("has posted"): 50.00 at month end, nothing to come. Each on its own: A
  // 310.00 still to post, C 50.00 (not in October: what posted is all of it), 360.00 at month end.
  const A = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/a';
  const C = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/c';
  const row = (key: string, amount: string) => ({ service: EC2_CUR, posted: true, commitment: 'reservation', commitment_start: null, commitment_end: null, commitment_key: key, billed_cost: toUnits(amount), effective_cost: toUnits(amount) });

  it('the month-end forecast of November expects A\'s 310.00 still to post beside C\'s posting', () => {
    const previous = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2_CUR, billed_cost: toUnits('310'), effective_cost: toUnits('310'), days: 1 }];
    const current = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2_CUR, billed_cost: toUnits('50'), effective_cost: toUnits('50'), days: 1 }];
    const [fee] = allExpectedCharges(previous, current, 'billed', { first: '2025-11-01', previousFirst: '2025-10-01', nonTaxForecast: 0n, over: false, fees: [row(A, '310')], currentFees: [row(C, '50')] });
    expect([fee.expected, fee.posted, fee.remaining]).toEqual([toUnits('360'), toUnits('50'), toUnits('310')]);
    expect(fee.basis).toBe(`each commitment on its own: Reserved Instance ${A}: 310.000000 at month end, 310.000000 still to post (posts once a month: 310.000000 in 2025-10; 0.000000 posted); `
      + `Reserved Instance ${C} new in 2025-11: 50.000000 at month end, 0.000000 still to post (not billed in 2025-10: what has posted of it is all that is expected; 50.000000 posted)`);
  });

  it('a budget for November as of the 3rd expects A\'s 310.00 too: forecast 50.00 + 310.00', () => {
    const rows: ScopeDay[] = [
      { day: '2025-10-31', chargeClass: 'recurring', service: EC2_CUR, cost: 310, posted: true, commitment: 'reservation', commitmentKey: A },
      { day: '2025-11-03', chargeClass: 'recurring', service: EC2_CUR, cost: 50, posted: true, commitment: 'reservation', commitmentKey: C },
    ];
    const inputs = { rows, firstDataDay: '2025-10-01', horizon: '2025-11-03', provisionalFrom: null, config: forecastConfigSchema.parse({}) };
    const november = forecastPeriodEnd(periodContaining('monthly', '2025-11-01'), '2025-11-03', inputs) as PeriodForecast;
    expect([november.actual, november.expectedFees, november.forecast]).toEqual(['50', '310', '360'].map(toUnits));
  });
});

describe('by hand: an RI\'s EffectiveCost is its unused hours, which AWS posts as they pass: it accrues, though its BilledCost posts whole', () => {
  // EC2, RI R (no term on the bill): RIFee 310.00 in October (EffectiveCost, its unused hours, 62.00), November's posted on the 1st:
  // 300.00 billed, 8.00 of unused hours by the 10th. BilledCost: November's has posted, nothing more. EffectiveCost: 62.00 × 30/31 =
  // 60.00 at month end, 60.00 − 8.00 = 52.00 still to post (before: 8.00 at month end, taken as posted whole, nothing to post).
  const R = 'arn:aws:ec2:us-east-1:999999999999:reserved-instances/r';
  const row = (billed: string, effective: string) => ({ service: EC2_CUR, posted: true, commitment: 'reservation', commitment_start: null, commitment_end: null, commitment_key: R, billed_cost: toUnits(billed), effective_cost: toUnits(effective) });
  const month = { first: '2025-11-01', previousFirst: '2025-10-01', nonTaxForecast: 0n, over: false, fees: [row('310', '62')], currentFees: [row('300', '8')] };
  const previous = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2_CUR, billed_cost: toUnits('310'), effective_cost: toUnits('62'), days: 1 }];
  const current = [{ charge_class: 'recurring', listed_class: 'recurring', service: EC2_CUR, billed_cost: toUnits('300'), effective_cost: toUnits('8'), days: 1 }];

  it('the month-end forecast of November: BilledCost 300.00, nothing more; EffectiveCost 60.00 at month end, 52.00 still to post', () => {
    const [billed] = allExpectedCharges(previous, current, 'billed', month);
    expect([billed.expected, billed.posted, billed.remaining]).toEqual(['300', '300', '0'].map(toUnits));
    const [effective] = allExpectedCharges(previous, current, 'effective', month);
    expect([effective.expected, effective.posted, effective.remaining]).toEqual(['60', '8', '52'].map(toUnits));
    expect(effective.basis).toBe('unused reservation hours, which post as they pass: accrues daily: 62.000000 over 2025-10, scaled to 30 days');
  });

  it('a budget for November as of the 10th expects the same: EffectiveCost 52.00 still to post, BilledCost nothing', () => {
    const rows = (cost: 'billed' | 'effective'): ScopeDay[] => [
      { day: '2025-10-31', chargeClass: 'recurring', service: EC2_CUR, cost: cost === 'billed' ? 310 : 62, posted: true, commitment: 'reservation', commitmentKey: R },
      { day: '2025-11-10', chargeClass: 'recurring', service: EC2_CUR, cost: cost === 'billed' ? 300 : 8, posted: true, commitment: 'reservation', commitmentKey: R },
    ];
    const config = forecastConfigSchema.parse({});
    const forecast = (cost: 'billed' | 'effective') => forecastPeriodEnd(periodContaining('monthly', '2025-11-01'), '2025-11-10',
      { rows: rows(cost), firstDataDay: '2025-10-01', horizon: '2025-11-10', provisionalFrom: null, config, amortised: cost === 'effective' }) as PeriodForecast;
    expect([forecast('billed').actual, forecast('billed').expectedFees, forecast('billed').forecast]).toEqual(['300', '0', '300'].map(toUnits));
    expect([forecast('effective').actual, forecast('effective').expectedFees, forecast('effective').forecast]).toEqual(['8', '52', '60'].map(toUnits));
  });
});
