-- What Reserved Instances and Savings Plans did for the EC2 and RDS instances with CPU metrics in
-- the $lookback_days days before $as_of (the instances of instance_costs.sql), over the $cost_days
-- days before $as_of, on their instance-hour usage types. Read from line_items, since usage_daily
-- does not keep the line type: each kind of line is summed per resource, commitment and usage type
-- in one pass, then the instances and usage types are kept. One row per instance and commitment:
-- covered_hours and covered_cost are the quantity and EffectiveCost of the lines the commitment
-- covered (CommitmentDiscountStatus 'Used': CUR DiscountedUsage and SavingsPlanCoveredUsage, FOCUS
-- commitment-covered usage), line_type their CUR line item type; negated_hours is the quantity of the instance's
-- SavingsPlanNegation lines, which repeat covered hours in usage_daily's hours; commitment_unused
-- is the commitment's unused EffectiveCost in the window (its lines with CommitmentDiscountStatus
-- 'Unused': the CUR RIFee's unused upfront and recurring fee, the SavingsPlanRecurringFee's total
-- commitment − used commitment). Lines crossing the window's edges are prorated by time.
-- Daily figures come from metric rows at any period (60, 300, 3600 or 86400 s), derived per
-- statistic by queries/metrics/metric_days.cte.sql.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days of metrics that make an instance a candidate
-- @param cost_days INTEGER = 30  days of the bill looked at
-- @returns resource_id VARCHAR, commitment_id VARCHAR, commitment_type VARCHAR, line_type VARCHAR, covered_hours DOUBLE, covered_cost DECIMAL, negated_hours DOUBLE, commitment_unused DECIMAL
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($lookback_days AS INTEGER) * INTERVAL '1' DAY AS window_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($cost_days AS INTEGER) * INTERVAL '1' DAY AS cost_start,
    -- No line lasts longer than a billing period, so none that starts earlier reaches the window.
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - (CAST($cost_days AS INTEGER) + 31) * INTERVAL '1' DAY AS earliest_start
),
metric_filter AS (
  SELECT 'AWS/EC2' AS namespace, 'CPUUtilization' AS metric_name
  UNION ALL SELECT 'AWS/RDS' AS namespace, 'CPUUtilization' AS metric_name
),
-- @include ../metrics/metric_days.cte.sql
instances AS (
  SELECT DISTINCT d.resource_id
  FROM metric_days d
  WHERE d.namespace IN ('AWS/EC2', 'AWS/RDS') AND d.metric_name = 'CPUUtilization'
),
covered AS (
  SELECT
    li.ResourceId AS resource_id,
    NULLIF(li.CommitmentDiscountId, '') AS commitment_id,
    li.x_UsageType AS usage_type,
    max(li.CommitmentDiscountType) AS commitment_type,
    max(li.x_LineItemType) AS line_type,
    sum(CASE
      WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
        OR (li.ChargePeriodStart >= b.cost_start AND li.ChargePeriodEnd <= b.window_end) THEN coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount)
      ELSE coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount)
        * date_diff('second', greatest(li.ChargePeriodStart, b.cost_start), least(li.ChargePeriodEnd, b.window_end))
        / date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd)
    END) AS hours,
    sum(CASE
      WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
        OR (li.ChargePeriodStart >= b.cost_start AND li.ChargePeriodEnd <= b.window_end) THEN li.EffectiveCost
      ELSE CAST(CAST(li.EffectiveCost AS DOUBLE)
        * date_diff('second', greatest(li.ChargePeriodStart, b.cost_start), least(li.ChargePeriodEnd, b.window_end))
        / date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd) AS DECIMAL(38, 10))
    END) AS cost
  FROM line_items li CROSS JOIN bounds b
  WHERE li.CommitmentDiscountStatus = 'Used'
    AND li.ChargePeriodStart < b.window_end AND li.ChargePeriodStart >= b.earliest_start
    AND (li.ChargePeriodStart >= b.cost_start OR li.ChargePeriodEnd > b.cost_start)
  GROUP BY li.ResourceId, NULLIF(li.CommitmentDiscountId, ''), li.x_UsageType
),
negated AS (
  SELECT
    li.ResourceId AS resource_id,
    NULLIF(li.CommitmentDiscountId, '') AS commitment_id,
    li.x_UsageType AS usage_type,
    sum(CASE
      WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
        OR (li.ChargePeriodStart >= b.cost_start AND li.ChargePeriodEnd <= b.window_end) THEN coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount)
      ELSE coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount)
        * date_diff('second', greatest(li.ChargePeriodStart, b.cost_start), least(li.ChargePeriodEnd, b.window_end))
        / date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd)
    END) AS hours
  FROM line_items li CROSS JOIN bounds b
  WHERE li.x_LineItemType = 'SavingsPlanNegation'
    AND li.ChargePeriodStart < b.window_end AND li.ChargePeriodStart >= b.earliest_start
    AND (li.ChargePeriodStart >= b.cost_start OR li.ChargePeriodEnd > b.cost_start)
  GROUP BY li.ResourceId, NULLIF(li.CommitmentDiscountId, ''), li.x_UsageType
),
instance_lines AS (
  SELECT resource_id, commitment_id, usage_type, commitment_type, line_type, hours AS covered_hours, cost AS covered_cost,
    CAST(0 AS DOUBLE) AS negated_hours
  FROM covered
  UNION ALL
  SELECT resource_id, commitment_id, usage_type, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(0 AS DOUBLE),
    CAST(0 AS DECIMAL(38, 10)), hours
  FROM negated
),
coverage AS (
  SELECT
    resource_id,
    commitment_id,
    max(commitment_type) AS commitment_type,
    max(line_type) AS line_type,
    coalesce(sum(covered_hours), 0) AS covered_hours,
    coalesce(sum(covered_cost), CAST(0 AS DECIMAL(38, 10))) AS covered_cost,
    coalesce(sum(negated_hours), 0) AS negated_hours
  FROM instance_lines
  WHERE resource_id IN (SELECT resource_id FROM instances)
    AND (usage_type LIKE '%BoxUsage%' OR usage_type LIKE '%SpotUsage%' OR usage_type LIKE '%DedicatedUsage%'
      OR usage_type LIKE '%InstanceUsage%' OR usage_type LIKE '%Multi-AZUsage%')
  GROUP BY resource_id, commitment_id
),
unused AS (
  SELECT
    NULLIF(li.CommitmentDiscountId, '') AS commitment_id,
    sum(CASE
      WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
        OR (li.ChargePeriodStart >= b.cost_start AND li.ChargePeriodEnd <= b.window_end) THEN li.EffectiveCost
      ELSE CAST(CAST(li.EffectiveCost AS DOUBLE)
        * date_diff('second', greatest(li.ChargePeriodStart, b.cost_start), least(li.ChargePeriodEnd, b.window_end))
        / date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd) AS DECIMAL(38, 10))
    END) AS commitment_unused
  FROM line_items li CROSS JOIN bounds b
  WHERE li.CommitmentDiscountStatus = 'Unused'
    AND li.CommitmentDiscountId IN (SELECT commitment_id FROM coverage WHERE commitment_id IS NOT NULL)
    AND li.ChargePeriodStart < b.window_end AND li.ChargePeriodStart >= b.earliest_start
    AND (li.ChargePeriodStart >= b.cost_start OR li.ChargePeriodEnd > b.cost_start)
  GROUP BY NULLIF(li.CommitmentDiscountId, '')
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
