-- On-demand spend a Compute Savings Plan could cover, per charge period start and line length:
-- BilledCost of EC2 instance hours (not Spot) and Fargate vCPU and GB hours billed at the
-- on-demand rate (PricingCategory Standard, no commitment applied), from lines of at most a day;
-- which lines those are, from a CUR's columns or a FOCUS export's: eligible_lines.cte.sql.
-- Lambda is left out (its Savings Plans discount differs from EC2's). Purchase advice spreads a
-- line longer than an hour evenly over its hours.
-- @param charge_from TIMESTAMP  first charge period start included
-- @param charge_to TIMESTAMP  charge periods starting before this are included
-- @returns charge_start TIMESTAMP, hours DOUBLE, on_demand_cost DECIMAL, lines BIGINT
WITH
-- @include eligible_lines.cte.sql
SELECT
  ChargePeriodStart AS charge_start,
  date_diff('second', ChargePeriodStart, ChargePeriodEnd) / 3600.0 AS hours,
  sum(BilledCost) AS on_demand_cost,
  count(*) AS lines
FROM eligible_lines
WHERE PricingCategory = 'Standard'
  AND CommitmentDiscountId IS NULL
  AND ChargePeriodStart >= CAST($charge_from AS TIMESTAMP) AND ChargePeriodStart < CAST($charge_to AS TIMESTAMP)
  AND ChargePeriodEnd > ChargePeriodStart
  AND ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY
  AND (ec2_hours = 1 OR fargate_hours = 1)
GROUP BY ChargePeriodStart, date_diff('second', ChargePeriodStart, ChargePeriodEnd) / 3600.0
ORDER BY charge_start, hours
