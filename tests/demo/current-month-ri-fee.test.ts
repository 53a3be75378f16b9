/**
 * The demo's current month carries the Reserved Instance's RIFee for the whole month, as AWS posts
 * it on the 1st from the month's first delivery (the real CURs of Oct and Nov 2018: 744 and 720
 * hours a reservation). Before, the shared demo (as of 15 Nov 2026, four m5.large reservations at
 * 0.029 an hour) billed November's RIFee for the 336 hours up to as-of: 1,344 hours, 38.976, where
 * 2,880 hours, 83.52 will be billed, and what reads a posted fee as the month's (forecast, budgets)
 * expected 44.544 too little. Its unused quantity counts only the hours the data reaches, and
 * `costlens commitments` counts an RIFee's hours up to the end of the store's usage, so November to
 * date still reads 1,344 hours purchased, 1,008 used, 336 unused: 75 %. The same holds for a
 * mid-month line that counts the month's hours still to come as unused (2,880 − 1,008 = 1,872),
 * which the old query read as 35 % used. Expected figures: by hand, and by DuckDB on the files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { quoteLiteral } from '../../src/lib/sql-quote.ts';

const NOVEMBER_CUR2 = 'cur2/exports/costlens-demo-cur2/data/BILLING_PERIOD=2026-11/costlens-demo-cur2-00001.snappy.parquet';
const LEGACY_NOVEMBER = 'legacy-cur/reports/costlens-demo/20261101-20261201';
const RESERVATIONS = 4;
const MONTH_HOURS = 30 * 24;
const HOURS_TO_AS_OF = 14 * 24;

describe('the demo as of 15 Nov 2026: November\'s RIFee bills the whole month', () => {
  const demo = inject('demoDir');
  let used: number;

  beforeAll(async () => {
    const [row] = await duckdbRows(`SELECT count(*) AS n FROM read_parquet(${quoteLiteral(join(demo, NOVEMBER_CUR2))})
      WHERE line_item_line_item_type = 'DiscountedUsage'`);
    used = Number(row.n);
  });

  it('CUR 2.0: 2,880 hours (4 × 720) at 0.029 = 83.52 from 1 Nov to 1 Dec; unused: the 1,344 hours to as-of less the 1,008 used', async () => {
    expect(used).toBe(3 * HOURS_TO_AS_OF);
    const unused = RESERVATIONS * HOURS_TO_AS_OF - used;
    const rows = await duckdbRows(`SELECT CAST(line_item_usage_start_date AS VARCHAR) AS start, CAST(line_item_usage_end_date AS VARCHAR) AS "end",
        CAST(CAST(line_item_usage_amount AS BIGINT) AS VARCHAR) AS hours, CAST(CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS VARCHAR) AS billed,
        reservation_number_of_reservations AS reservations, reservation_units_per_reservation AS per_reservation,
        reservation_total_reserved_units AS reserved, CAST(CAST(reservation_unused_quantity AS BIGINT) AS VARCHAR) AS unused,
        CAST(CAST(reservation_unused_recurring_fee AS DECIMAL(38,10)) AS VARCHAR) AS unused_recurring
      FROM read_parquet(${quoteLiteral(join(demo, NOVEMBER_CUR2))}) WHERE line_item_line_item_type = 'RIFee'`);
    expect(rows).toEqual([{
      start: '2026-11-01 00:00:00', end: '2026-12-01 00:00:00', hours: String(RESERVATIONS * MONTH_HOURS), billed: '83.5200000000',
      reservations: String(RESERVATIONS), per_reservation: String(MONTH_HOURS), reserved: String(RESERVATIONS * MONTH_HOURS),
      unused: String(unused), unused_recurring: '9.7440000000',
    }]);
    expect(unused).toBe(336);
  });

  it('legacy CUR: the same line (lineItem/UsageAmount 2880, UnblendedCost 83.52, reservation/UnusedQuantity 336)', async () => {
    const manifest = JSON.parse(readFileSync(join(demo, LEGACY_NOVEMBER, 'costlens-demo-Manifest.json'), 'utf8')) as { reportKeys: string[] };
    const files = manifest.reportKeys.map((key) => quoteLiteral(join(demo, 'legacy-cur', key)));
    const rows = await duckdbRows(`SELECT "lineItem/UsageAmount" AS hours, "lineItem/UnblendedCost" AS billed, "reservation/UnusedQuantity" AS unused
      FROM read_csv([${files.join(', ')}], header = true, all_varchar = true) WHERE "lineItem/LineItemType" = 'RIFee'`);
    expect(rows.map((r) => [Number(r.hours), Number(r.billed), Number(r.unused)])).toEqual([[2880, 83.52, 336]]);
  });

  it('costlens commitments --period 2026-11: the RI\'s hours to date, 1,344 purchased, 1,008 used, 336 unused (75 %), fees for 336 of 720 hours', async () => {
    const db = await cachedDemoStore(demo, ['cur2']);
    const run = await costlens(db, 'commitments', '--period', '2026-11', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const ri = JSON.parse(run.stdout).commitments.find((c: { type: string }) => c.type === 'Reserved Instance');
    expect(ri).toMatchObject({
      purchased: RESERVATIONS * HOURS_TO_AS_OF, used, unused: RESERVATIONS * HOURS_TO_AS_OF - used, utilisationPercent: 75,
      // 83.52 × 336 ÷ 720; unused 336 × (0.029 + 0.0287671233 amortised upfront an hour).
      recurringFee: '38.9760000000', unusedCost: '19.4097534288',
    });
  });
});

describe('a mid-month RIFee that counts the month\'s hours still to come as unused', () => {
  it('commitments still reads November to date: 1,344 hours purchased, 336 unused, 75 %, never 2,880 and 35 %', async () => {
    const future = RESERVATIONS * MONTH_HOURS - 3 * HOURS_TO_AS_OF;
    // The file written and the store ingested once per machine (tests/helpers/derived-files.ts, cached-stores.ts): only read.
    const name = 'november-future-unused.snappy.parquet';
    const { [name]: file } = await derivedFiles([{ name, params: { source: join(inject('demoDir'), NOVEMBER_CUR2) }, sql: `SELECT * REPLACE (
        CASE WHEN line_item_line_item_type = 'RIFee' THEN CAST(${future} AS DOUBLE) ELSE reservation_unused_quantity END AS reservation_unused_quantity,
        CASE WHEN line_item_line_item_type = 'RIFee' THEN CAST(${future} * 4 AS DOUBLE) ELSE reservation_unused_normalized_unit_quantity END AS reservation_unused_normalized_unit_quantity,
        CASE WHEN line_item_line_item_type = 'RIFee' THEN CAST(${future} * 0.029 AS DOUBLE) ELSE reservation_unused_recurring_fee END AS reservation_unused_recurring_fee,
        CASE WHEN line_item_line_item_type = 'RIFee' THEN CAST(${future} * 0.0287671233 AS DOUBLE) ELSE reservation_unused_amortized_upfront_fee_for_billing_period END
          AS reservation_unused_amortized_upfront_fee_for_billing_period)
      FROM read_parquet($source)` }]);
    const db = await cachedStore([[file]]);
    const run = await costlens(db, 'commitments', '--period', '2026-11', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.reservedInstances).toMatchObject({ purchasedHours: 1344, usedHours: 1008, unusedHours: 336, utilisationPercent: 75, unusedCost: '19.4097534288' });
  });
});
