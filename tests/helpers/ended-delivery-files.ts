/**
 * The real billing files beside a delivery that has ended (tests/report/ended-delivery-*.test.ts,
 * tests/trends/ended-delivery-per-series.test.ts): the FOCUS sample moved back to 2018, written once per
 * machine, and the usage BilledCost of charge days summed exact by DuckDB on the files themselves.
 */
import { REAL_FOCUS, duckdbRows } from './cli.ts';
import { derivedFiles } from './derived-files.ts';

/** The FOCUS sample moved back 71 months (Sept 2024 → Oct 2018, its data ending on 29 Oct 2018), written once per machine. */
export async function focusMovedToOctober2018(): Promise<string> {
  const files = await derivedFiles([{
    name: 'focus-2018-10.parquet',
    sql: `SELECT * REPLACE (BillingPeriodStart - INTERVAL (71) MONTH AS BillingPeriodStart, BillingPeriodEnd - INTERVAL (71) MONTH AS BillingPeriodEnd,
      ChargePeriodStart - INTERVAL (71) MONTH AS ChargePeriodStart, ChargePeriodEnd - INTERVAL (71) MONTH AS ChargePeriodEnd) FROM read_csv($file, header = true, nullstr = 'NULL')`,
    params: { file: REAL_FOCUS },
  }]);
  return files['focus-2018-10.parquet'];
}

/** Legacy CUR Parquet files (`curs`) beside one FOCUS Parquet file (`focus`). */
export interface CursBesideFocus {
  curs: readonly string[];
  focus: string;
}

/**
 * Usage BilledCost of the charge days from `from` to `to` (both included) of the CURs (`cur`), of the FOCUS file
 * (`focus`) or of both, exact, by DuckDB on the files: CUR usage line item types of at most a day; FOCUS lines of no
 * fee, tax, credit or adjustment category, not recurring, of at most a day.
 */
export async function usageBilled(files: CursBesideFocus, from: string, to: string, of: 'cur' | 'focus' | 'both' = 'both'): Promise<string> {
  const curParams = Object.fromEntries(files.curs.map((file, i) => [`cur${i}`, file]));
  const [sum] = await duckdbRows(`SELECT CAST(sum(cost) AS VARCHAR) AS billed FROM (
      SELECT CAST(line_item_usage_start_date AS DATE) AS day, CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS cost, 'cur' AS part FROM read_parquet([${Object.keys(curParams).map((name) => `$${name}`).join(', ')}])
      WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') AND line_item_usage_end_date - line_item_usage_start_date <= INTERVAL 1 DAY
      UNION ALL
      SELECT CAST(ChargePeriodStart AS DATE), CAST(BilledCost AS DECIMAL(38,10)), 'focus' FROM read_parquet($focus)
      WHERE ChargeCategory NOT IN ('Tax', 'Credit', 'Adjustment', 'Purchase') AND coalesce(ChargeFrequency, '') <> 'Recurring' AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY)
    WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND ($of = 'both' OR part = $of)`, { ...curParams, focus: files.focus, from, to, of });
  return sum.billed!;
}

/**
 * The FOCUS sample moved back `months` months (Sept 2024 → Nov 2023 for 10, → Dec 2018 for 69), as
 * {@link focusMovedToOctober2018} moves it, written once per machine: a delivery beside the real CURs.
 */
export async function focusMovedBack(months: number): Promise<string> {
  const name = `focus-back-${months}-months.parquet`;
  const files = await derivedFiles([{
    name,
    sql: `SELECT * REPLACE (BillingPeriodStart - to_months(CAST($months AS INTEGER)) AS BillingPeriodStart, BillingPeriodEnd - to_months(CAST($months AS INTEGER)) AS BillingPeriodEnd,
      ChargePeriodStart - to_months(CAST($months AS INTEGER)) AS ChargePeriodStart, ChargePeriodEnd - to_months(CAST($months AS INTEGER)) AS ChargePeriodEnd) FROM read_csv($file, header = true, nullstr = 'NULL')`,
    params: { file: REAL_FOCUS, months: String(months) },
  }]);
  return files[name];
}
