-- The end of the store's usage, per billing period: the latest end of a usage line of at most a day
-- (monthly lines, RI fees and storage billed per month, do not move it). The data horizon is the day
-- before the UTC day on which the latest of them ends (a line ending at midnight completes the day
-- before it): each row's horizon is its period's, the store's the latest. Expiry windows and the
-- purchase-advice look-back count from it; commitments/utilisation_until cuts an RIFee the data does
-- not complete at latest_end, the latest of the billing periods it reads (its $data_ends_at;
-- commitments/utilisation reads that end itself). No row on a store without such usage.
-- @returns billing_period TIMESTAMP, horizon DATE, latest_end TIMESTAMP
SELECT
  BillingPeriodStart AS billing_period,
  CAST(CAST(max(ChargePeriodEnd) AS DATE) - INTERVAL '1' DAY AS DATE) AS horizon,
  max(ChargePeriodEnd) AS latest_end
FROM line_items
WHERE ChargeCategory = 'Usage'
  AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY
GROUP BY BillingPeriodStart
ORDER BY billing_period
