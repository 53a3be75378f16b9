import { beforeAll, describe, expect, it } from 'vitest';
import { CUR_COMMITMENT_COLUMNS } from '../../src/cur-columns/commitment-columns.ts';
import { COMMITMENT_COLUMNS } from '../../src/store/commitment-columns.ts';
import { cachedIngestRuns, cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows, sqlRows } from '../helpers/cli.ts';

/** The RI columns of the RIFee lines, read by DuckDB straight from the Parquet file. */
const RI_FEE_ON_FILE = `SELECT reservation_reservation_a_r_n AS arn,
    CAST(CAST(reservation_start_time AS TIMESTAMP) AS VARCHAR) AS start_time, CAST(CAST(reservation_end_time AS TIMESTAMP) AS VARCHAR) AS end_time,
    CAST(CAST(reservation_number_of_reservations AS DOUBLE) AS VARCHAR) AS reservations,
    CAST(CAST(reservation_total_reserved_units AS DOUBLE) AS VARCHAR) AS reserved_units,
    CAST(CAST(reservation_total_reserved_normalized_units AS DOUBLE) AS VARCHAR) AS reserved_normalized_units,
    CAST(reservation_unused_quantity AS VARCHAR) AS unused_quantity,
    CAST(reservation_unused_normalized_unit_quantity AS VARCHAR) AS unused_normalized,
    CAST(CAST(reservation_unused_recurring_fee AS DECIMAL(38,10)) AS VARCHAR) AS unused_recurring,
    CAST(CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)) AS VARCHAR) AS unused_upfront,
    CAST(CAST(reservation_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)) AS VARCHAR) AS upfront,
    CAST(CAST(reservation_upfront_value AS DECIMAL(38,10)) AS VARCHAR) AS upfront_value,
    CAST(line_item_normalization_factor AS VARCHAR) AS factor
  FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`;

const RI_FEE_IN_STORE = (period: string) => `SELECT x_ReservationArn AS arn,
    CAST(x_ReservationStartTime AS VARCHAR) AS start_time, CAST(x_ReservationEndTime AS VARCHAR) AS end_time,
    CAST(x_ReservationNumberOfReservations AS VARCHAR) AS reservations, CAST(x_ReservationTotalReservedUnits AS VARCHAR) AS reserved_units,
    CAST(x_ReservationTotalReservedNormalizedUnits AS VARCHAR) AS reserved_normalized_units,
    CAST(x_ReservationUnusedQuantity AS VARCHAR) AS unused_quantity, CAST(x_ReservationUnusedNormalizedUnitQuantity AS VARCHAR) AS unused_normalized,
    CAST(x_ReservationUnusedRecurringFee AS VARCHAR) AS unused_recurring, CAST(x_ReservationUnusedAmortizedUpfrontFee AS VARCHAR) AS unused_upfront,
    CAST(x_ReservationAmortizedUpfrontFee AS VARCHAR) AS upfront, CAST(x_ReservationUpfrontValue AS VARCHAR) AS upfront_value,
    CAST(x_NormalizationFactor AS VARCHAR) AS factor
  FROM line_items WHERE x_BillingPeriod = '${period}' AND x_LineItemType = 'RIFee' ORDER BY arn`;

describe('what the bill says about each commitment is stored (migration 8)', () => {
  /** The two bills ingested once per machine (tests/helpers/cached-stores.ts), only read, and what that `costlens ingest … --json` printed. */
  let db: string;
  const ignored: Record<string, string[]> = {};

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
    const [run] = await cachedIngestRuns([[REAL_OCT_2018, REAL_NOV_2018]]);
    expect(run.code).toBe(0);
    Object.assign(ignored, JSON.parse(run.stdout).ignoredColumns);
  });

  it('every commitment column of the store has its CUR source, and the store has every one', async () => {
    expect(COMMITMENT_COLUMNS.map((c) => c.name)).toEqual(CUR_COMMITMENT_COLUMNS.map((c) => c.target));
    const rows = await sqlRows(db, `SELECT column_name FROM information_schema.columns WHERE table_name = 'line_items' AND column_name LIKE 'x_%'`);
    const stored = new Set(rows.map((r) => r.column_name));
    for (const column of COMMITMENT_COLUMNS) expect(stored.has(column.name), column.name).toBe(true);
  });

  it('no reservation, normalisation or pricing-term column of the Athena Parquet is left unmapped any more', () => {
    const left = ignored['cur-athena'].filter((c) => /^(reservation_|savings_plan_|line_item_normaliz|line_item_net_|pricing_(lease|offering|purchase))/.test(c));
    expect(left).toEqual([]);
  });

  it('the nine RIs of October and November 2018: dates, reserved and unused hours and units, fees, as DuckDB reads them from the Parquet', async () => {
    for (const [period, file] of [['2018-10', REAL_OCT_2018], ['2018-11', REAL_NOV_2018]] as const) {
      const expected = await duckdbRows(RI_FEE_ON_FILE, { file });
      const actual = await sqlRows(db, RI_FEE_IN_STORE(period));
      expect(actual).toEqual(expected);
      expect(actual).toHaveLength(9);
    }
    const [oct] = await sqlRows(db, `SELECT CAST(x_ReservationEndTime AS VARCHAR) AS end_time, x_ReservationUnusedQuantity AS unused
      FROM line_items WHERE x_BillingPeriod = '2018-10' AND x_ReservationArn LIKE '%/3a2944f2-fbdc-4f9a-86f7-4b83dc6e058a' AND x_LineItemType = 'RIFee'`);
    expect(oct).toEqual({ end_time: '2019-04-24 00:34:00', unused: '744' });
  });
});
