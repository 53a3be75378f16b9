-- What Reserved Instances and Savings Plans did for the EC2 and RDS instances with CPU metrics in
-- the $lookback_days days before $as_of (the instances of instance_costs.sql), over the $cost_days
-- days before $as_of. Read from line_items, since usage_daily does not keep the line type; only
-- the instance-hour usage types of instance_costs.sql count. One row per instance and commitment:
-- covered_hours and covered_cost are the quantity and EffectiveCost of the lines the commitment
-- covered (CUR DiscountedUsage / SavingsPlanCoveredUsage, or any line with CommitmentDiscountStatus
-- 'Used'), line_type their CUR line item type; negated_hours is the quantity of the instance's
-- SavingsPlanNegation lines, which repeat covered hours in usage_daily's hours; commitment_unused
-- is the commitment's unused EffectiveCost in the window (its lines with CommitmentDiscountStatus
-- 'Unused': the CUR RIFee's unused upfront and recurring fee, the SavingsPlanRecurringFee's total
-- commitment − used commitment). Lines crossing the window's edges are prorated by time.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days of metrics that make an instance a candidate
-- @param cost_days INTEGER = 30  days of the bill looked at
-- @param period_s INTEGER = 86400  metric period used (daily rows)
-- @returns resource_id, commitment_id, commitment_type, line_type, covered_hours, covered_cost, negated_hours, commitment_unused
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($lookback_days AS INTEGER) * INTERVAL '1' DAY AS window_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($cost_days AS INTEGER) * INTERVAL '1' DAY AS cost_start
),
instances AS (
  SELECT DISTINCT m.resource_id
  FROM metrics m CROSS JOIN bounds b
  WHERE m.namespace IN ('AWS/EC2', 'AWS/RDS') AND m.metric_name = 'CPUUtilization'
    AND m.period_s = CAST($period_s AS INTEGER)
    AND m.timestamp >= b.window_start AND m.timestamp < b.window_end
),
windowed AS (
  SELECT
    li.*,
    CASE
      WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
        OR (li.ChargePeriodStart >= b.cost_start AND li.ChargePeriodEnd <= b.window_end) THEN CAST(NULL AS DOUBLE)
      ELSE CAST(date_diff('second', greatest(li.ChargePeriodStart, b.cost_start), least(li.ChargePeriodEnd, b.window_end)) AS DOUBLE)
        / date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd)
    END AS part
  FROM line_items li CROSS JOIN bounds b
  WHERE li.ChargePeriodStart < b.window_end
    AND (li.ChargePeriodStart >= b.cost_start OR li.ChargePeriodEnd > b.cost_start)
),
instance_lines AS (
  SELECT
    w.ResourceId AS resource_id,
    NULLIF(w.CommitmentDiscountId, '') AS commitment_id,
    w.CommitmentDiscountType AS commitment_type,
    w.x_LineItemType AS line_type,
    w.x_LineItemType = 'SavingsPlanNegation' AS negation,
    coalesce(w.ConsumedQuantity, w.PricingQuantity, w.x_UsageAmount) * coalesce(w.part, 1) AS quantity,
    CASE WHEN w.part IS NULL THEN w.EffectiveCost
      ELSE CAST(CAST(w.EffectiveCost AS DOUBLE) * w.part AS DECIMAL(38, 10)) END AS cost
  FROM windowed w
  WHERE w.ResourceId IN (SELECT resource_id FROM instances)
    AND (w.CommitmentDiscountStatus = 'Used' OR w.x_LineItemType IN ('DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation'))
    AND (w.x_UsageType LIKE '%BoxUsage%' OR w.x_UsageType LIKE '%SpotUsage%' OR w.x_UsageType LIKE '%DedicatedUsage%'
      OR w.x_UsageType LIKE '%InstanceUsage%' OR w.x_UsageType LIKE '%Multi-AZUsage%')
),
coverage AS (
  SELECT
    resource_id,
    commitment_id,
    max(CASE WHEN NOT negation THEN commitment_type END) AS commitment_type,
    max(CASE WHEN NOT negation THEN line_type END) AS line_type,
    coalesce(sum(CASE WHEN NOT negation THEN quantity END), 0) AS covered_hours,
    coalesce(sum(CASE WHEN NOT negation THEN cost END), CAST(0 AS DECIMAL(38, 10))) AS covered_cost,
    coalesce(sum(CASE WHEN negation THEN quantity END), 0) AS negated_hours
  FROM instance_lines
  GROUP BY resource_id, commitment_id
),
unused AS (
  SELECT
    NULLIF(w.CommitmentDiscountId, '') AS commitment_id,
    sum(CASE WHEN w.part IS NULL THEN w.EffectiveCost
      ELSE CAST(CAST(w.EffectiveCost AS DOUBLE) * w.part AS DECIMAL(38, 10)) END) AS commitment_unused
  FROM windowed w
  WHERE w.CommitmentDiscountStatus = 'Unused'
    AND w.CommitmentDiscountId IN (SELECT commitment_id FROM coverage WHERE commitment_id IS NOT NULL)
  GROUP BY NULLIF(w.CommitmentDiscountId, '')
)
SELECT
  c.resource_id,
  c.commitment_id,
  c.commitment_type,
  c.line_type,
  c.covered_hours,
  c.covered_cost,
  c.negated_hours,
  coalesce(u.commitment_unused, CAST(0 AS DECIMAL(38, 10))) AS commitment_unused
FROM coverage c
LEFT JOIN unused u ON u.commitment_id = c.commitment_id
ORDER BY c.resource_id, c.commitment_id NULLS LAST
