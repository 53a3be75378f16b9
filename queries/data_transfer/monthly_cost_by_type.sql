-- Data transfer cost and GB per month of charge and transfer type, charged from $from to before
-- $to (usage lines only; a line counts in the month of its ChargePeriodStart), for the
-- Data transfer page's chart over time.
-- The type comes from the usage type (region prefixes aside): CloudFront (any *Bytes* line of
-- AmazonCloudFront), NAT processing (NatGateway-Bytes), inter-AZ (DataTransfer-Regional-Bytes:
-- traffic between Availability Zones, or to a public or Elastic IP in the region),
-- inter-region (SRC-DST-AWS-Out-Bytes / -AWS-In-Bytes), internet egress (DataTransfer-Out-Bytes),
-- internet ingress (DataTransfer-In-Bytes), gateway and endpoint processing (TransitGateway-Bytes,
-- VpcEndpoint-Bytes), other data transfer (any other usage type containing DataTransfer).
-- Quantities are GB (the usage amount of *Bytes usage types).
-- @param from DATE  first charge day included
-- @param to DATE  first charge day excluded
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @returns month DATE, transfer_type VARCHAR, cost DECIMAL, gb DOUBLE, lines BIGINT
WITH transfer_lines AS (
  SELECT
    CAST(date_trunc('month', li.ChargePeriodStart) AS DATE) AS month,
    CASE
      WHEN li.x_ProductCode = 'AmazonCloudFront' AND li.x_UsageType LIKE '%Bytes%' THEN 'CloudFront'
      WHEN li.x_UsageType LIKE '%NatGateway-Bytes' THEN 'NAT processing'
      WHEN li.x_UsageType LIKE '%DataTransfer-Regional-Bytes' THEN 'inter-AZ'
      WHEN li.x_UsageType LIKE '%-AWS-Out-Bytes' OR li.x_UsageType LIKE '%-AWS-In-Bytes' THEN 'inter-region'
      WHEN li.x_UsageType LIKE '%DataTransfer-Out-Bytes' THEN 'internet egress'
      WHEN li.x_UsageType LIKE '%DataTransfer-In-Bytes' THEN 'internet ingress'
      WHEN li.x_UsageType LIKE '%TransitGateway-Bytes' OR li.x_UsageType LIKE '%VpcEndpoint-Bytes' THEN 'gateway and endpoint processing'
      WHEN li.x_UsageType LIKE '%DataTransfer%' THEN 'other data transfer'
    END AS transfer_type,
    coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount, 0) AS gb,
    CASE WHEN $cost = 'effective' THEN li.EffectiveCost ELSE li.BilledCost END AS cost
  FROM line_items li
  WHERE li.x_ChargeClass = 'usage'
    AND li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
    AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
)
SELECT month, transfer_type, coalesce(sum(cost), 0) AS cost, round(sum(gb), 6) AS gb, count(*) AS lines
FROM transfer_lines
WHERE transfer_type IS NOT NULL
GROUP BY month, transfer_type
ORDER BY month, transfer_type
