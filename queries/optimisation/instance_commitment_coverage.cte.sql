-- CTE fragment (included by optimisation/instance_commitments.sql and
-- modernise/instance_commitments.sql with `-- @include …/instance_commitment_coverage.cte.sql`):
-- what Reserved Instances and Savings Plans did for the includer's instances over the cost window,
-- on their instance-hour usage types. It reads the includer's CTEs `bounds` (cost_start,
-- window_end, earliest_start TIMESTAMP: no line that starts before earliest_start reaches the
-- window) and `commitment_targets` (resource_id: the instances to look at), and defines
-- instance_commitments, one row per instance and commitment: covered_hours and covered_cost are
-- the quantity and EffectiveCost of the lines the commitment covered (CommitmentDiscountStatus
-- 'Used': CUR DiscountedUsage and SavingsPlanCoveredUsage, FOCUS commitment-covered usage),
-- line_type their CUR line item type, offering_type the Savings Plan's (ComputeSavingsPlans,
-- EC2InstanceSavingsPlans …), offering_class the reservation's (standard, convertible),
-- commitment_end when the commitment ends (NULL where the bill does not say); negated_hours is the quantity of the instance's
-- SavingsPlanNegation lines, which repeat covered hours in usage_daily's hours; commitment_unused
-- is the commitment's unused EffectiveCost in the window (its lines with CommitmentDiscountStatus
-- 'Unused': the CUR RIFee's unused upfront and recurring fee, the SavingsPlanRecurringFee's total
-- commitment − used commitment). Read from line_items, since usage_daily does not keep the line
-- type: each kind of line is summed per resource, commitment and usage type in one pass, then the
-- instances and usage types are kept. Lines crossing the window's edges are prorated by time.
commitment_covered AS (
  SELECT
    li.ResourceId AS resource_id,
    NULLIF(li.CommitmentDiscountId, '') AS commitment_id,
    li.x_UsageType AS usage_type,
    max(li.CommitmentDiscountType) AS commitment_type,
    max(li.x_LineItemType) AS line_type,
    max(li.x_SavingsPlanOfferingType) AS offering_type,
    max(li.x_OfferingClass) AS offering_class,
    max(coalesce(li.x_ReservationEndTime, li.x_SavingsPlanEndTime)) AS commitment_end,
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
commitment_negated AS (
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
commitment_lines AS (
  SELECT resource_id, commitment_id, usage_type, commitment_type, line_type, offering_type, offering_class, commitment_end,
    hours AS covered_hours, cost AS covered_cost, CAST(0 AS DOUBLE) AS negated_hours
  FROM commitment_covered
  UNION ALL
  SELECT resource_id, commitment_id, usage_type, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
    CAST(NULL AS TIMESTAMP), CAST(0 AS DOUBLE), CAST(0 AS DECIMAL(38, 10)), hours
  FROM commitment_negated
),
commitment_coverage AS (
  SELECT
    resource_id,
    commitment_id,
    max(commitment_type) AS commitment_type,
    max(line_type) AS line_type,
    max(offering_type) AS offering_type,
    max(offering_class) AS offering_class,
    max(commitment_end) AS commitment_end,
    coalesce(sum(covered_hours), 0) AS covered_hours,
    coalesce(sum(covered_cost), CAST(0 AS DECIMAL(38, 10))) AS covered_cost,
    coalesce(sum(negated_hours), 0) AS negated_hours
  FROM commitment_lines
  WHERE resource_id IN (SELECT resource_id FROM commitment_targets)
    AND (usage_type LIKE '%BoxUsage%' OR usage_type LIKE '%SpotUsage%' OR usage_type LIKE '%DedicatedUsage%'
      OR usage_type LIKE '%InstanceUsage%' OR usage_type LIKE '%Multi-AZUsage%')
  GROUP BY resource_id, commitment_id
),
commitment_unused AS (
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
    AND li.CommitmentDiscountId IN (SELECT commitment_id FROM commitment_coverage WHERE commitment_id IS NOT NULL)
    AND li.ChargePeriodStart < b.window_end AND li.ChargePeriodStart >= b.earliest_start
    AND (li.ChargePeriodStart >= b.cost_start OR li.ChargePeriodEnd > b.cost_start)
  GROUP BY NULLIF(li.CommitmentDiscountId, '')
),
instance_commitments AS (
  SELECT
    c.resource_id,
    c.commitment_id,
    c.commitment_type,
    c.line_type,
    c.offering_type,
    c.offering_class,
    c.commitment_end,
    c.covered_hours,
    c.covered_cost,
    c.negated_hours,
    coalesce(u.commitment_unused, CAST(0 AS DECIMAL(38, 10))) AS commitment_unused
  FROM commitment_coverage c
  LEFT JOIN commitment_unused u ON u.commitment_id = c.commitment_id
)
