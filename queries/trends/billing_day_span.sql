-- The first and last charge day of the billing data in the store (UTC days of ChargePeriodStart).
-- An empty store gives one row of NULLs.
-- @returns first_day, last_day
SELECT
  CAST(min(ChargePeriodStart) AS DATE) AS first_day,
  CAST(max(ChargePeriodStart) AS DATE) AS last_day
FROM line_items
