/**
 * The anomaly rule's days restated in SQL on the store, apart from src/analyze/anomalies: the CTEs
 * up to `judged`, one row per (day, service or account) from `from` on, with its usage spend
 * (`actual`), the sorted spend of its 28 trailing days (`xs`, a day without lines spending 0, from
 * `firstTrailing`) and whether any of them spent (`window_spent`). Dates are the tests' own literals.
 */
export function judgedDaysCtes(firstTrailing: string, from: string, dayAfter: string): string {
  return `
    WITH lines AS (
      SELECT CAST(ChargePeriodStart AS DATE) AS day, 'service' AS dimension, coalesce(ServiceName, x_ProductCode, '(none)') AS value, BilledCost AS cost
      FROM line_items WHERE x_ChargeClass = 'usage'
      UNION ALL
      SELECT CAST(ChargePeriodStart AS DATE), 'account', coalesce(SubAccountId, BillingAccountId, '(none)'), BilledCost
      FROM line_items WHERE x_ChargeClass = 'usage'
    ), spend AS (
      SELECT day, dimension, value, sum(cost) AS cost FROM lines GROUP BY day, dimension, value
    ), calendar AS (
      SELECT CAST(range AS DATE) AS day FROM range(DATE '${firstTrailing}', DATE '${dayAfter}', INTERVAL 1 DAY)
    ), filled AS (
      SELECT c.day, s.dimension, s.value, coalesce(sp.cost, 0) AS cost
      FROM calendar c CROSS JOIN (SELECT DISTINCT dimension, value FROM spend) s
      LEFT JOIN spend sp ON sp.day = c.day AND sp.dimension = s.dimension AND sp.value = s.value
    ), judged AS (
      SELECT f.day, f.dimension, f.value, f.cost AS actual, list_sort(list(g.cost)) AS xs, bool_or(g.cost <> 0) AS window_spent
      FROM filled f JOIN filled g ON g.dimension = f.dimension AND g.value = f.value AND g.day >= f.day - 28 AND g.day < f.day
      WHERE f.day >= DATE '${from}'
      GROUP BY f.day, f.dimension, f.value, f.cost
    )`;
}
