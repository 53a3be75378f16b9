-- description: charge classes: line_items.x_ChargeClass (usage, recurring, one-time, tax, credit) and charge_class in daily_spend and tag_spend_daily
-- Released: never edit this file (its sha256 is in hashes.json); change the schema in a new migration.

ALTER TABLE line_items ADD COLUMN x_ChargeClass VARCHAR;

UPDATE line_items SET x_ChargeClass = CASE
    WHEN x_LineItemType = 'Tax' OR ChargeCategory = 'Tax' THEN 'tax'
    WHEN x_LineItemType IN ('Credit', 'Refund', 'Discount', 'EdpDiscount', 'BundledDiscount', 'PrivateRateDiscount', 'SppDiscount', 'DistributorDiscount')
      OR ChargeCategory IN ('Credit', 'Adjustment') THEN 'credit'
    WHEN x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'recurring'
    WHEN x_LineItemType = 'SavingsPlanUpfrontFee' THEN 'one-time'
    WHEN x_LineItemType = 'Fee' AND (x_ProductCode LIKE 'AWSSupport%' OR x_ProductCode = 'AWSDeveloperSupport' OR ServiceName LIKE 'AWS Support%') THEN 'recurring'
    WHEN x_LineItemType = 'Fee' THEN 'one-time'
    WHEN ChargeFrequency = 'Recurring' THEN 'recurring'
    WHEN ChargeCategory = 'Purchase' THEN 'one-time'
    WHEN ChargePeriodEnd > ChargePeriodStart + INTERVAL '1' DAY THEN 'recurring'
    ELSE 'usage'
  END;

ALTER TABLE daily_spend ADD COLUMN charge_class VARCHAR;

DELETE FROM daily_spend;

INSERT INTO daily_spend (x_Source, x_BillingPeriod, x_IngestId, day, service, account_id, account_name, run_rate, charge_category, billed_cost, effective_cost, lines, charge_class)
SELECT
  x_Source, x_BillingPeriod, x_IngestId, day, service, account_id,
  max(account_name), run_rate, ChargeCategory, sum(BilledCost), sum(EffectiveCost), count(*), x_ChargeClass
FROM (
  SELECT
    x_Source, x_BillingPeriod, x_IngestId, ChargeCategory, x_ChargeClass, BilledCost, EffectiveCost,
    CAST(ChargePeriodStart AS DATE) AS day,
    COALESCE(ServiceName, x_ProductCode, '(none)') AS service,
    COALESCE(SubAccountId, BillingAccountId, '(none)') AS account_id,
    CASE WHEN SubAccountId IS NOT NULL THEN SubAccountName ELSE BillingAccountName END AS account_name,
    COALESCE((ChargePeriodEnd IS NULL OR ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY)
      AND NOT (COALESCE(ChargeCategory, '') = 'Purchase' AND COALESCE(ChargeFrequency, '') = 'One-Time'), FALSE) AS run_rate
  FROM line_items
)
GROUP BY x_Source, x_BillingPeriod, x_IngestId, day, service, account_id, run_rate, ChargeCategory, x_ChargeClass
ORDER BY day, service, account_id;

ALTER TABLE tag_spend_daily ADD COLUMN charge_class VARCHAR;

DELETE FROM tag_spend_daily;

INSERT INTO tag_spend_daily (x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, day, SubAccountId, SubAccountName, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId, lines, billed_cost, effective_cost, charge_class)
SELECT
  x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, min(SubAccountName), ServiceName, ChargeCategory, x_ProductCode, x_TagSetId,
  count(*), sum(BilledCost), sum(EffectiveCost), x_ChargeClass
FROM line_items
GROUP BY x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId, x_ChargeClass
ORDER BY 5, SubAccountId, ServiceName;
