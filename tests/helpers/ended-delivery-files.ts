/**
 * The real billing files beside a delivery that has ended (tests/report/ended-delivery-*.test.ts,
 * tests/trends/ended-delivery-per-series.test.ts, tests/trends/forecast-ended-delivery.test.ts): the FOCUS
 * sample moved back to 2018 or to Nov 2023, the CUR of Nov 2018 cut after 13 Nov, written once per machine,
 * and the BilledCost of charge days (usage, or every charge; of one environment tag value) summed exact by
 * DuckDB on the files themselves.
 */
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from './cli.ts';
import { cachedStore } from './cached-stores.ts';
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

/** Which lines {@link billedOf} sums: of the CURs, the FOCUS file or both; usage only or every charge; of one `environment` tag value or all. */
export interface LinesAsked {
  of?: 'cur' | 'focus' | 'both';
  charges?: 'usage' | 'all';
  /** The value of the CURs' `resource_tags_user_environment` and of the FOCUS file's `environment` tag (its Tags JSON) whose lines are summed. */
  environment?: { cur: string; focus: string };
}

/**
 * The lines of the charge days from `from` to `to` (both included) that `asked` names, as SQL over the files and its
 * parameters: usage, CUR usage line item types of at most a day and FOCUS lines of no fee, tax, credit or adjustment
 * category, not recurring, of at most a day; every charge, every line of the day. Columns `day`, `cost` (BilledCost) and
 * `service` (the store's ServiceName: the CUR's product name, else its product code; the FOCUS file's ServiceName).
 */
function linesOf(files: CursBesideFocus, from: string, to: string, asked: LinesAsked): { sql: string; params: Record<string, string> } {
  const curParams = Object.fromEntries(files.curs.map((file, i) => [`cur${i}`, file]));
  const { of = 'both', charges = 'usage', environment = { cur: '', focus: '' } } = asked;
  const curLines = `SELECT CAST(line_item_usage_start_date AS DATE) AS day, CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS cost, 'cur' AS part, resource_tags_user_environment AS environment,
        coalesce(product_product_name, line_item_product_code) AS service,
        line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') AND line_item_usage_end_date - line_item_usage_start_date <= INTERVAL 1 DAY AS usage
      FROM read_parquet([${Object.keys(curParams).map((name) => `$${name}`).join(', ')}])
      UNION ALL
      `;
  return {
    sql: `SELECT day, cost, service FROM (
      ${files.curs.length > 0 ? curLines : ''}SELECT CAST(ChargePeriodStart AS DATE) AS day, CAST(BilledCost AS DECIMAL(38,10)) AS cost, 'focus' AS part, json_extract_string(Tags, '$.environment') AS environment,
        ServiceName AS service,
        ChargeCategory NOT IN ('Tax', 'Credit', 'Adjustment', 'Purchase') AND coalesce(ChargeFrequency, '') <> 'Recurring' AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY AS usage
      FROM read_parquet($focus))
    WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND ($of = 'both' OR part = $of) AND ($charges = 'all' OR usage)
      AND ($cur_environment = '' OR part <> 'cur' OR environment = $cur_environment) AND ($focus_environment = '' OR part <> 'focus' OR environment = $focus_environment)`,
    params: { ...curParams, focus: files.focus, from, to, of, charges, cur_environment: environment.cur, focus_environment: environment.focus },
  };
}

/** BilledCost of the lines of the charge days from `from` to `to` (both included) that `asked` names ({@link linesOf}), exact, by DuckDB on the files. */
export async function billedOf(files: CursBesideFocus, from: string, to: string, asked: LinesAsked = {}): Promise<string> {
  const lines = linesOf(files, from, to, asked);
  const [sum] = await duckdbRows(`SELECT CAST(sum(cost) AS VARCHAR) AS billed FROM (${lines.sql})`, lines.params);
  return sum.billed!;
}

/** The same, per charge day: `YYYY-MM-DD` → its BilledCost, exact (days without a line absent). */
export async function billedByDay(files: CursBesideFocus, from: string, to: string, asked: LinesAsked = {}): Promise<Map<string, string>> {
  const lines = linesOf(files, from, to, asked);
  const rows = await duckdbRows(`SELECT CAST(day AS VARCHAR) AS day, CAST(sum(cost) AS VARCHAR) AS billed FROM (${lines.sql}) GROUP BY day ORDER BY day`, lines.params);
  return new Map(rows.map((r) => [r.day!, r.billed!]));
}

/**
 * The same, per service (the store's ServiceName, '(none)' without one), the `top` largest, then by name as
 * overview/top_services ranks a span's services: service and its BilledCost, exact.
 */
export async function billedByService(files: CursBesideFocus, from: string, to: string, top: number, asked: LinesAsked = {}): Promise<{ service: string; billed: string }[]> {
  const lines = linesOf(files, from, to, asked);
  const rows = await duckdbRows(`SELECT coalesce(service, '(none)') AS service, CAST(sum(cost) AS VARCHAR) AS billed FROM (${lines.sql}) GROUP BY 1 ORDER BY sum(cost) DESC, 1 LIMIT ${top}`, lines.params);
  return rows.map((r) => ({ service: r.service!, billed: r.billed! }));
}

/** Usage BilledCost of the charge days from `from` to `to` (both included) of the CURs (`cur`), of the FOCUS file (`focus`) or of both, exact, by DuckDB on the files ({@link billedOf}). */
export async function usageBilled(files: CursBesideFocus, from: string, to: string, of: 'cur' | 'focus' | 'both' = 'both'): Promise<string> {
  return billedOf(files, from, to, { of });
}

/** The FOCUS sample moved back `$months` months (bound): each of its four period columns. */
const MOVED_FOCUS = `SELECT * REPLACE (BillingPeriodStart - to_months(CAST($months AS INTEGER)) AS BillingPeriodStart, BillingPeriodEnd - to_months(CAST($months AS INTEGER)) AS BillingPeriodEnd,
      ChargePeriodStart - to_months(CAST($months AS INTEGER)) AS ChargePeriodStart, ChargePeriodEnd - to_months(CAST($months AS INTEGER)) AS ChargePeriodEnd) FROM read_csv($file, header = true, nullstr = 'NULL')`;

/**
 * The FOCUS sample moved back `months` months (Sept 2024 → Nov 2023 for 10, beside the legacy CUR of Nov 2023; → Nov 2018
 * for 70; → Dec 2018 for 69), as {@link focusMovedToOctober2018} moves it, written once per machine: a delivery beside the real CURs.
 */
export async function focusMovedBack(months: number): Promise<string> {
  const name = `focus-back-${months}-months.parquet`;
  const files = await derivedFiles([{ name, sql: MOVED_FOCUS, params: { file: REAL_FOCUS, months: String(months) } }]);
  return files[name];
}

/**
 * The real CUR of Nov 2018 cut after 13 Nov (its usage lines starting before 14 Nov) and the FOCUS sample moved
 * back 70 months (Sept 2024 → Nov 2018, its data to 30 Nov), written once per machine: the files of the store of
 * tests/report/ended-delivery-week.test.ts and of the other ended-delivery tests (one cache).
 */
export async function curCutBesideFocus2018(): Promise<{ cut: string; focus: string }> {
  const [files, focus] = await Promise.all([
    derivedFiles([{ name: 'nov-2018-to-14th.parquet', sql: 'SELECT * FROM read_parquet($file) WHERE line_item_usage_start_date < CAST($before AS TIMESTAMP)', params: { file: REAL_NOV_2018, before: '2018-11-14' } }]),
    focusMovedBack(70),
  ]);
  return { cut: files['nov-2018-to-14th.parquet'], focus };
}

/**
 * The store of the Oct 2018 CUR and the Nov 2018 CUR cut after 13 Nov beside the FOCUS sample moved to Nov 2018
 * ({@link curCutBesideFocus2018}), built once per machine, with its files for DuckDB's sums.
 */
export async function curCutBesideFocusStore(): Promise<{ files: CursBesideFocus; db: string }> {
  const { cut, focus } = await curCutBesideFocus2018();
  return { files: { curs: [REAL_OCT_2018, cut], focus }, db: await cachedStore([[REAL_OCT_2018, cut, focus]]) };
}

/** The store of the 2018 CURs (Oct and Nov) beside the FOCUS sample moved to October 2018 ({@link focusMovedToOctober2018}, a delivery ending on 29 Oct 2018), built once per machine, with that FOCUS file. */
export async function cursBesideFocusOctober2018Store(): Promise<{ focus: string; db: string }> {
  const focus = await focusMovedToOctober2018();
  return { focus, db: await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, focus]]) };
}

/**
 * The legacy CUR of Nov 2023 (a delivery that has ended on 13 Nov 2023) beside the FOCUS sample moved to Nov 2023
 * (`two`), and that FOCUS file alone (`focusAlone`), each store built once per machine.
 */
export async function legacyBesideFocusStores(): Promise<{ focus: string; two: string; focusAlone: string }> {
  const focus = await focusMovedBack(10);
  const [two, focusAlone] = await Promise.all([cachedStore([[REAL_LEGACY_CSV, focus]]), cachedStore([[focus]])]);
  return { focus, two, focusAlone };
}

/**
 * The FOCUS sample moved back 71 months (Oct 2018, as {@link focusMovedToOctober2018}), its lines charged before `before` only
 * (its October data stopping the day before), written once per machine: beside the same sample moved to Nov 2018, the same
 * delivery's October and November days hold other figures.
 */
export async function focusOctober2018Before(before: string): Promise<string> {
  const name = `focus-2018-10-before-${before}.parquet`;
  const files = await derivedFiles([{ name, sql: `SELECT * FROM (${MOVED_FOCUS}) WHERE ChargePeriodStart < CAST($before AS TIMESTAMP)`, params: { file: REAL_FOCUS, months: '71', before } }]);
  return files[name];
}

/** The FOCUS sample moved back 70 months (Nov 2018), its lines charged from `from` on only (a delivery whose data begins that day), written once per machine. */
export async function focus2018From(from: string): Promise<string> {
  const name = `focus-2018-11-from-${from}.parquet`;
  const files = await derivedFiles([{ name, sql: `SELECT * FROM (${MOVED_FOCUS}) WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP)`, params: { file: REAL_FOCUS, months: '70', from } }]);
  return files[name];
}
