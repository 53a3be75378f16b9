/**
 * The anomaly rule restated in SQL on CUR Parquet files themselves, apart from src/analyze/anomalies and from the
 * store (tests/helpers/anomaly-judged-sql.ts restates it on the store): charge day = UTC day of
 * line_item_usage_start_date; usage = lines whose usage period is at most a day (the month-long RIFee lines are not);
 * a day without spend counting 0; the median and MAD of the 28 trailing days.
 */

/** Usage the anomaly rule counts on a CUR: lines of at most a day. */
export const CUR_RUN_RATE = 'line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY';

/**
 * The CTEs `src`, `dense`, `pairs`, `med` and `mad` of the rule on the CUR files `parquet` (DuckDB's `read_parquet`
 * argument, e.g. `$file` or `[$oct, $nov]`), judging the days `j.day` for which `judged` (SQL on `j.day`) holds: one `med`
 * row per (day, service or account) with its usage spend (`actual`), the median of its trailing days (`expected`),
 * the largest of their absolute spends (`biggest`) and how many there were (`n`); its MAD in `mad`.
 */
export function anomalyRuleOnCurCtes(parquet: string, judged: string): string {
  return `
      WITH src AS (
        SELECT CAST(line_item_usage_start_date AS DATE) AS day, 'service' AS dimension, product_product_name AS value,
          CASE WHEN ${CUR_RUN_RATE} THEN line_item_unblended_cost ELSE 0 END AS cost FROM read_parquet(${parquet})
        UNION ALL
        SELECT CAST(line_item_usage_start_date AS DATE), 'account', line_item_usage_account_id,
          CASE WHEN ${CUR_RUN_RATE} THEN line_item_unblended_cost ELSE 0 END FROM read_parquet(${parquet})
      ),
      dense AS (
        SELECT d.day, v.dimension, v.value, CAST(coalesce(sum(s.cost), 0) AS DOUBLE) AS cost
        FROM (SELECT DISTINCT day FROM src) d CROSS JOIN (SELECT DISTINCT dimension, value FROM src) v
        LEFT JOIN src s ON s.day = d.day AND s.dimension = v.dimension AND s.value = v.value
        GROUP BY d.day, v.dimension, v.value
      ),
      pairs AS (
        SELECT j.day, j.dimension, j.value, j.cost AS actual, w.cost AS past
        FROM dense j JOIN dense w ON w.dimension = j.dimension AND w.value = j.value AND w.day >= j.day - INTERVAL 28 DAY AND w.day < j.day
        WHERE ${judged}
      ),
      med AS (SELECT day, dimension, value, any_value(actual) AS actual, median(past) AS expected, max(abs(past)) AS biggest, count(*) AS n
              FROM pairs GROUP BY day, dimension, value),
      mad AS (SELECT p.day, p.dimension, p.value, median(abs(p.past - m.expected)) AS mad
              FROM pairs p JOIN med m ON m.day = p.day AND m.dimension = p.dimension AND m.value = p.value GROUP BY p.day, p.dimension, p.value)`;
}
