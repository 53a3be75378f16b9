-- Each business metric in the store: how many days have a value, and the first and last day.
-- @returns metric VARCHAR, days BIGINT, first_day DATE, last_day DATE
SELECT metric, count(*) AS days, min("date") AS first_day, max("date") AS last_day
FROM business_metrics
GROUP BY metric
ORDER BY metric
