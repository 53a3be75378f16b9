-- description: usage_daily: billing lines rolled up per resource, usage type and UTC day, for the idle and rightsizing rules
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

CREATE TABLE usage_daily (
  x_Source VARCHAR,
  x_BillingPeriod VARCHAR,
  x_IngestId VARCHAR,
  ResourceId VARCHAR,
  SubAccountId VARCHAR,
  RegionId VARCHAR,
  x_UsageType VARCHAR,
  x_InstanceType VARCHAR,
  bucket_start TIMESTAMP NOT NULL,
  bucket_end TIMESTAMP NOT NULL,
  first_start TIMESTAMP NOT NULL,
  last_end TIMESTAMP NOT NULL,
  latest_start TIMESTAMP NOT NULL,
  price_start TIMESTAMP,
  list_unit_price DECIMAL(38,10),
  quantity DOUBLE,
  positive_quantity DOUBLE,
  first_positive_start TIMESTAMP,
  last_positive_end TIMESTAMP,
  effective_cost DECIMAL(38,10),
  lines BIGINT NOT NULL
);

INSERT INTO usage_daily
SELECT
  x_Source, x_BillingPeriod, x_IngestId, ResourceId, SubAccountId, RegionId, x_UsageType, x_InstanceType,
  bucket_start, bucket_end,
  min(ChargePeriodStart),
  max(coalesce(ChargePeriodEnd, ChargePeriodStart)),
  max(ChargePeriodStart),
  max(CASE WHEN ListUnitPrice IS NOT NULL THEN ChargePeriodStart END),
  max_by(ListUnitPrice, ChargePeriodStart),
  sum(quantity),
  sum(CASE WHEN quantity > 0 THEN quantity END),
  min(CASE WHEN quantity > 0 THEN ChargePeriodStart END),
  max(CASE WHEN quantity > 0 THEN coalesce(ChargePeriodEnd, ChargePeriodStart) END),
  sum(EffectiveCost),
  count(*)
FROM (
  SELECT *,
    coalesce(ConsumedQuantity, PricingQuantity, x_UsageAmount) AS quantity,
    CASE WHEN single_day THEN date_trunc('day', ChargePeriodStart) ELSE ChargePeriodStart END AS bucket_start,
    CASE WHEN single_day THEN date_trunc('day', ChargePeriodStart) + INTERVAL '1' DAY ELSE ChargePeriodEnd END AS bucket_end
  FROM (
    SELECT *,
      ChargePeriodEnd IS NULL OR ChargePeriodEnd <= ChargePeriodStart
        OR ChargePeriodEnd <= date_trunc('day', ChargePeriodStart) + INTERVAL '1' DAY AS single_day
    FROM line_items
    WHERE ChargePeriodStart IS NOT NULL
  )
)
GROUP BY x_Source, x_BillingPeriod, x_IngestId, ResourceId, SubAccountId, RegionId, x_UsageType, x_InstanceType, bucket_start, bucket_end
ORDER BY ResourceId, x_UsageType, bucket_start;
