/**
 * What the month-end forecast of November 2018 expects still to post of the real CUR's Reserved
 * Instances' fees in EffectiveCost, made by DuckDB on the Parquet files: an RIFee's EffectiveCost is
 * the reservation's unused fees (reservation/UnusedAmortizedUpfrontFeeForBillingPeriod +
 * UnusedRecurringFee), which AWS restates as the month's hours pass, so each RI's is expected at
 * October's scaled from the hours its term ran in October to those it runs in November
 * (reservation/StartTime, EndTime), less what November's line holds, never below 0; summed over the
 * RIs and rounded once to the micro-dollar.
 */
import { duckdbRows } from './cli.ts';

/** The EffectiveCost still to post of the RIs' fees in November 2018 (6 decimals), from `october` and `november` (Parquet files of the real CUR). */
export async function riUnusedStillToPost(october: string, november: string): Promise<string> {
  const [row] = await duckdbRows(`WITH fees AS (
      SELECT reservation_reservation_a_r_n AS arn, line_item_usage_start_date < TIMESTAMP '2018-11-01' AS october,
        CAST(reservation_start_time AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS term_start, CAST(reservation_end_time AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS term_end,
        CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)) + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10)) AS effective
      FROM read_parquet([$october, $november]) WHERE line_item_line_item_type = 'RIFee'),
    ris AS (
      SELECT arn, sum(effective) FILTER (WHERE october) AS oct_e, coalesce(sum(effective) FILTER (WHERE NOT october), 0) AS nov_e,
        epoch(least(any_value(term_end), TIMESTAMP '2018-11-01') - greatest(any_value(term_start), TIMESTAMP '2018-10-01')) AS oct_seconds,
        epoch(least(any_value(term_end), TIMESTAMP '2018-12-01') - greatest(any_value(term_start), TIMESTAMP '2018-11-01')) AS nov_seconds
      FROM fees GROUP BY arn)
    SELECT CAST(round(sum(greatest(0, oct_e * nov_seconds / oct_seconds - nov_e)), 6) AS DECIMAL(38,6)) AS to_post FROM ris`, { october, november });
  return row.to_post!;
}
