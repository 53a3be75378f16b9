-- description: daily_spend: billing lines rolled up per charge day, service, account, run-rate flag and charge category, for anomalies
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

CREATE TABLE daily_spend (
  x_Source VARCHAR,
  x_BillingPeriod VARCHAR,
  x_IngestId VARCHAR,
  day DATE,
  service VARCHAR NOT NULL,
  account_id VARCHAR NOT NULL,
  account_name VARCHAR,
  run_rate BOOLEAN NOT NULL,
  charge_category VARCHAR,
  billed_cost DECIMAL(38,10),
  effective_cost DECIMAL(38,10),
  lines BIGINT NOT NULL
);

INSERT INTO daily_spend
SELECT
  x_Source, x_BillingPeriod, x_IngestId, day, service, account_id,
  max(account_name), run_rate, ChargeCategory, sum(BilledCost), sum(EffectiveCost), count(*)
FROM (
  SELECT
    x_Source, x_BillingPeriod, x_IngestId, ChargeCategory, BilledCost, EffectiveCost,
    CAST(ChargePeriodStart AS DATE) AS day,
    COALESCE(ServiceName, x_ProductCode, '(none)') AS service,
    COALESCE(SubAccountId, BillingAccountId, '(none)') AS account_id,
    CASE WHEN SubAccountId IS NOT NULL THEN SubAccountName ELSE BillingAccountName END AS account_name,
    COALESCE((ChargePeriodEnd IS NULL OR ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY)
      AND NOT (COALESCE(ChargeCategory, '') = 'Purchase' AND COALESCE(ChargeFrequency, '') = 'One-Time'), FALSE) AS run_rate
  FROM line_items
)
GROUP BY x_Source, x_BillingPeriod, x_IngestId, day, service, account_id, run_rate, ChargeCategory
ORDER BY day, service, account_id;
