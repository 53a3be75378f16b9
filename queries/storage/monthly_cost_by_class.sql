-- Storage cost per month of charge, storage service and class, for the Storage page: the usage
-- lines whose usage type is storage, as queries/storage/storage_lines.cte.sql classifies them,
-- charged from $from to before $to; a line counts in the month of its ChargePeriodStart.
-- gb_months sums the storage lines' usage quantity (GB-months); IOPS and throughput lines add cost
-- and no GB-months. $cost picks the measure: 'billed' (BilledCost, the invoice) or 'effective'
-- (EffectiveCost, amortised).
-- days: the days of the month inside [$from, $to) (the month in progress counts to the data
-- horizon), month_days: all of its days, so a chart can tell a part of a month from a whole one
-- (its chart counts only the days the store holds, a gap cutting a month anywhere in the range:
-- src/server/chart-held-days.ts).
-- @param from DATE  first charge day included
-- @param to DATE  first charge day excluded
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @returns month DATE, storage_service VARCHAR, storage_class VARCHAR, cost DECIMAL, gb_months DOUBLE, lines BIGINT, days BIGINT, month_days BIGINT
WITH
-- @include storage_lines.cte.sql
storage AS (
  SELECT month, storage_service, storage_class, cost, gb_months FROM storage_lines WHERE storage_service IS NOT NULL
)
SELECT
  month,
  storage_service,
  storage_class,
  coalesce(sum(cost), 0) AS cost,
  round(sum(gb_months), 6) AS gb_months,
  count(*) AS lines,
  date_diff('day', greatest(month, CAST($from AS DATE)), least(CAST(month + INTERVAL '1' MONTH AS DATE), CAST($to AS DATE))) AS days,
  date_diff('day', month, CAST(month + INTERVAL '1' MONTH AS DATE)) AS month_days
FROM storage
GROUP BY month, storage_service, storage_class
ORDER BY month, storage_service, storage_class
