-- Usage that a commitment could cover, and how much of it one did, per billing period, account,
-- service, region, instance family and the values of the raw tag keys $tag_keys (for the team):
-- tag_values is a JSON array of them, in $tag_keys order, null where a line lacks the key.
-- Instance hours (RI-eligible): EC2, RDS, ElastiCache, OpenSearch and Redshift instance- and
-- node-hour usage (not Spot, not EBS-optimised surcharges). Compute Savings Plan eligible: EC2
-- instance hours, Fargate vCPU and GB hours, Lambda duration and provisioned concurrency. Which
-- lines those are, from a CUR's columns or a FOCUS export's: eligible_lines.cte.sql. A FOCUS row's
-- service is its ServiceName, its hours its ConsumedQuantity.
-- Covered = usage a Reserved Instance or Savings Plan applied to (CommitmentDiscountStatus Used).
-- On-demand equivalent: of covered usage its ListCost (public on-demand cost); of usage no
-- commitment covered what it was billed (free tier and negotiated rates are not commitment
-- savings). on_demand_cost is that BilledCost: what a commitment could have covered.
-- SavingsPlanNegation lines (which cancel the on-demand cost of covered usage) are left out.
-- Ranges are half-open; billing bounds select by BillingPeriodStart, charge bounds by ChargePeriodStart.
-- @param billing_from DATE = 0001-01-01  first billing period start included
-- @param billing_to DATE = 9999-12-31  billing period starts before this date are included
-- @param charge_from DATE = 0001-01-01  first charge date included
-- @param charge_to DATE = 9999-12-31  charges starting before this date are included
-- @param tag_keys VARCHAR[] = []  raw tag keys (for the team) whose values tag_values lists, in this order
-- @returns billing_period DATE, account_id VARCHAR, service VARCHAR, region VARCHAR, instance_family VARCHAR, tag_values VARCHAR, eligible_hours DOUBLE, ri_eligible_hours DOUBLE, ri_hours DOUBLE, sp_hours DOUBLE, eligible_on_demand DECIMAL, ri_eligible_on_demand DECIMAL, sp_eligible_on_demand DECIMAL, ri_covered_on_demand DECIMAL, sp_covered_on_demand DECIMAL, on_demand_cost DECIMAL, effective_cost DECIMAL
WITH
-- @include eligible_lines.cte.sql
usage_lines AS (
  SELECT
    CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_period,
    SubAccountId,
    coalesce(x_ProductCode, ServiceName) AS service,
    RegionId,
    instance_type,
    instance_line,
    list_transform($tag_keys, k -> Tags[k]) AS value_list,
    usage_quantity,
    BilledCost,
    EffectiveCost,
    CASE WHEN CommitmentDiscountStatus = 'Used' THEN coalesce(ListCost, BilledCost) ELSE BilledCost END AS on_demand_equivalent,
    CASE WHEN CommitmentDiscountStatus = 'Used' THEN CommitmentDiscountType END AS covered_by,
    instance_hours,
    CASE WHEN ec2_hours = 1 OR fargate_hours = 1 OR lambda_duration = 1 THEN 1 ELSE 0 END AS sp_eligible
  FROM eligible_lines
  WHERE coalesce(x_LineItemType, '') <> 'SavingsPlanNegation'
    AND BillingPeriodStart >= CAST($billing_from AS TIMESTAMP) AND BillingPeriodStart < CAST($billing_to AS TIMESTAMP)
    AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
),
eligible AS (
  SELECT * FROM usage_lines WHERE instance_hours = 1 OR sp_eligible = 1 OR covered_by IS NOT NULL
)
SELECT
  billing_period,
  SubAccountId AS account_id,
  service,
  RegionId AS region,
  regexp_replace(instance_type, '\.[^.]+$', '') AS instance_family,
  CAST(value_list AS JSON) AS tag_values,
  coalesce(sum(CASE WHEN instance_hours = 1 OR (covered_by IS NOT NULL AND instance_line = 1) THEN usage_quantity END), 0) AS eligible_hours,
  coalesce(sum(CASE WHEN instance_hours = 1 OR covered_by = 'Reserved Instance' THEN usage_quantity END), 0) AS ri_eligible_hours,
  coalesce(sum(CASE WHEN covered_by = 'Reserved Instance' THEN usage_quantity END), 0) AS ri_hours,
  coalesce(sum(CASE WHEN covered_by = 'Savings Plan' AND instance_line = 1 THEN usage_quantity END), 0) AS sp_hours,
  coalesce(sum(on_demand_equivalent), 0) AS eligible_on_demand,
  coalesce(sum(CASE WHEN instance_hours = 1 OR covered_by = 'Reserved Instance' THEN on_demand_equivalent END), 0) AS ri_eligible_on_demand,
  coalesce(sum(CASE WHEN sp_eligible = 1 OR covered_by = 'Savings Plan' THEN on_demand_equivalent END), 0) AS sp_eligible_on_demand,
  coalesce(sum(CASE WHEN covered_by = 'Reserved Instance' THEN on_demand_equivalent END), 0) AS ri_covered_on_demand,
  coalesce(sum(CASE WHEN covered_by = 'Savings Plan' THEN on_demand_equivalent END), 0) AS sp_covered_on_demand,
  coalesce(sum(CASE WHEN covered_by IS NULL THEN BilledCost END), 0) AS on_demand_cost,
  coalesce(sum(EffectiveCost), 0) AS effective_cost
FROM eligible
GROUP BY billing_period, SubAccountId, service, RegionId, regexp_replace(instance_type, '\.[^.]+$', ''), value_list
ORDER BY billing_period, account_id, service, region, instance_family
