/**
 * A fee that posts once a month whole (a Reserved Instance's monthly RIFee, a subscription) is not
 * expected again once the month holds its posting. The forecast expected the previous month's
 * amount less what had posted: on the real November 2018 CUR, whose RI fees (147.384 billed)
 * posted on 1 Nov for the month's 720 hours, it still expected the 2.391379 by which October's
 * (744 hours, and a reservation bought on 9 Oct) were larger: a forecast 2.39 too high
 * (5.78 of EffectiveCost), for a charge AWS never posts. AWS Support, whose fee AWS posts as a
 * minimum early and the rest when the month's charges are known, is still expected less what posted.
 * Each commitment's posting said of that commitment alone, never of its service: fee-each-commitment.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStoreOf } from '../helpers/cached-text-store.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { riUnusedStillToPost } from '../helpers/ri-unused-sql.ts';
import { days, focusCsvText, type FixtureLine } from './fixtures.ts';

type Json = Record<string, string | number | null>;

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
