-- The data horizon: the last complete charge day in the store, i.e. the day before the UTC day
-- on which the latest usage line of at most a day ends (a line ending at midnight completes the
-- day before it). Monthly lines (RI fees, storage billed per month) do not move it.
-- Expiry windows and the purchase-advice look-back count from it. NULL on an empty store.
-- @returns horizon DATE, latest_end TIMESTAMP
SELECT
  CAST(CAST(max(ChargePeriodEnd) AS DATE) - INTERVAL '1' DAY AS DATE) AS horizon,
  max(ChargePeriodEnd) AS latest_end
FROM line_items
WHERE ChargeCategory = 'Usage'
  AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY
