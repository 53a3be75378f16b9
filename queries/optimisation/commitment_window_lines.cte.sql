-- CTE fragment (included with `-- @include commitment_window_lines.cte.sql` by lambda_commitments.sql,
-- and before instance_commitment_coverage.cte.sql by optimisation/ and modernise/instance_commitments.sql):
-- the commitment lines of the cost window, read from line_items (usage_daily does not keep the line
-- type) in one scan. It reads the includer's CTE `commitment_bounds` (cost_start, cost_end,
-- earliest_start TIMESTAMP: the window, and the start before which no line reaches it) and defines
-- commitment_window_lines, every line of the window a commitment covered or left unused
-- (CommitmentDiscountStatus 'Used', 'Unused') and every SavingsPlanNegation line (status 'Negated'),
-- once: which commitment and usage it is (resource_id, commitment_id, usage_type, operation,
-- reservation_zone: the reservation's Availability Zone, on its RIFee line where AWS writes it there;
-- commitment_type, line_type, offering_type, offering_class, commitment_end), and its quantity
-- (window_quantity) and EffectiveCost (window_cost) prorated by the seconds inside the window (a line
-- wholly inside, or without a positive span, counts whole).
commitment_window_lines AS (
  SELECT
    li.ResourceId AS resource_id,
    NULLIF(li.CommitmentDiscountId, '') AS commitment_id,
    li.x_UsageType AS usage_type,
    li.x_Operation AS operation,
    coalesce(NULLIF(li.x_ReservationAvailabilityZone, ''), CASE WHEN li.x_LineItemType = 'RIFee' THEN NULLIF(li.AvailabilityZone, '') END) AS reservation_zone,
    CASE WHEN li.x_LineItemType = 'SavingsPlanNegation' THEN 'Negated' ELSE li.CommitmentDiscountStatus END AS status,
    li.CommitmentDiscountType AS commitment_type,
    li.x_LineItemType AS line_type,
    li.x_SavingsPlanOfferingType AS offering_type,
    li.x_OfferingClass AS offering_class,
    coalesce(li.x_ReservationEndTime, li.x_SavingsPlanEndTime) AS commitment_end,
    CASE
      WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
        OR (li.ChargePeriodStart >= b.cost_start AND li.ChargePeriodEnd <= b.cost_end) THEN coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount)
      ELSE coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount)
        * date_diff('second', greatest(li.ChargePeriodStart, b.cost_start), least(li.ChargePeriodEnd, b.cost_end))
        / date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd)
    END AS window_quantity,
    CASE
      WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
        OR (li.ChargePeriodStart >= b.cost_start AND li.ChargePeriodEnd <= b.cost_end) THEN li.EffectiveCost
      ELSE CAST(CAST(li.EffectiveCost AS DOUBLE)
        * date_diff('second', greatest(li.ChargePeriodStart, b.cost_start), least(li.ChargePeriodEnd, b.cost_end))
        / date_diff('second', li.ChargePeriodStart, li.ChargePeriodEnd) AS DECIMAL(38, 10))
    END AS window_cost
  FROM line_items li CROSS JOIN commitment_bounds b
  WHERE (li.CommitmentDiscountStatus IN ('Used', 'Unused') OR li.x_LineItemType = 'SavingsPlanNegation')
    AND li.ChargePeriodStart < b.cost_end AND li.ChargePeriodStart >= b.earliest_start
    AND (li.ChargePeriodStart >= b.cost_start OR li.ChargePeriodEnd > b.cost_start)
)
