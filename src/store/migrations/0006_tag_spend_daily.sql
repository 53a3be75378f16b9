-- description: tag_spend_daily: billing lines rolled up per charge day, account, service, charge category, product and tag set, for attribution
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

CREATE TABLE tag_spend_daily (
  x_Source VARCHAR,
  x_BillingPeriod VARCHAR,
  x_IngestId VARCHAR,
  BillingPeriodStart TIMESTAMP,
  day DATE,
  SubAccountId VARCHAR,
  SubAccountName VARCHAR,
  ServiceName VARCHAR,
  ChargeCategory VARCHAR,
  x_ProductCode VARCHAR,
  x_TagSetId UBIGINT,
  lines BIGINT NOT NULL,
  billed_cost DECIMAL(38,10),
  effective_cost DECIMAL(38,10)
);

INSERT INTO tag_spend_daily
SELECT
  x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, min(SubAccountName), ServiceName, ChargeCategory, x_ProductCode, x_TagSetId,
  count(*), sum(BilledCost), sum(EffectiveCost)
FROM line_items
GROUP BY x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId
ORDER BY 5, SubAccountId, ServiceName;
