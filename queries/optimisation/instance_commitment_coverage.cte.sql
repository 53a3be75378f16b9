-- CTE fragment (included by optimisation/instance_commitments.sql and
-- modernise/instance_commitments.sql with `-- @include …/instance_commitment_coverage.cte.sql`, after
-- commitment_window_lines.cte.sql): what Reserved Instances and Savings Plans did for the includer's
-- instances over the cost window, on their instance-hour usage types. It reads the CTEs
-- commitment_window_lines (the commitment lines of the window, prorated to it) and the includer's
-- `commitment_targets` (resource_id: the instances to look at), and defines instance_commitments,
-- one row per instance and commitment: covered_hours and covered_cost are the quantity and
-- EffectiveCost of the lines the commitment covered (CommitmentDiscountStatus 'Used': CUR
-- DiscountedUsage and SavingsPlanCoveredUsage, FOCUS commitment-covered usage), line_type their CUR
-- line item type, offering_type the Savings Plan's (ComputeSavingsPlans, EC2InstanceSavingsPlans …),
-- offering_class the reservation's (standard, convertible), commitment_end when the commitment ends
-- (NULL where the bill does not say), and what says whether a reservation is size-flexible: operation
-- and usage_type of the covered lines (platform or DB engine, tenancy) and reservation_zone, the
-- reservation's Availability Zone from any of its lines in the window (AWS writes it on the RIFee
-- line: reservation/AvailabilityZone, else the RIFee's lineItem/AvailabilityZone; NULL for a regional
-- one or where the bill does not say); negated_hours is the quantity of the instance's
-- SavingsPlanNegation lines, which repeat covered hours in usage_daily's hours; commitment_unused is
-- the commitment's unused EffectiveCost in the window (its lines with CommitmentDiscountStatus
-- 'Unused': the CUR RIFee's unused upfront and recurring fee, the SavingsPlanRecurringFee's total
-- commitment − used commitment).
commitment_coverage AS (
  SELECT
    resource_id,
    commitment_id,
    max(CASE WHEN status = 'Used' THEN commitment_type END) AS commitment_type,
    max(CASE WHEN status = 'Used' THEN line_type END) AS line_type,
    max(CASE WHEN status = 'Used' THEN offering_type END) AS offering_type,
    max(CASE WHEN status = 'Used' THEN offering_class END) AS offering_class,
    max(CASE WHEN status = 'Used' THEN commitment_end END) AS commitment_end,
    max(CASE WHEN status = 'Used' THEN operation END) AS operation,
    max(CASE WHEN status = 'Used' THEN usage_type END) AS usage_type,
    coalesce(sum(CASE WHEN status = 'Used' THEN window_quantity END), 0) AS covered_hours,
    coalesce(sum(CASE WHEN status = 'Used' THEN window_cost END), CAST(0 AS DECIMAL(38, 10))) AS covered_cost,
    coalesce(sum(CASE WHEN status = 'Negated' THEN window_quantity END), 0) AS negated_hours
  FROM commitment_window_lines
  WHERE status IN ('Used', 'Negated')
    AND resource_id IN (SELECT resource_id FROM commitment_targets)
    AND (usage_type LIKE '%BoxUsage%' OR usage_type LIKE '%SpotUsage%' OR usage_type LIKE '%DedicatedUsage%'
      OR usage_type LIKE '%InstanceUsage%' OR usage_type LIKE '%Multi-AZUsage%')
  GROUP BY resource_id, commitment_id
),
commitment_facts AS (
  SELECT
    commitment_id,
    sum(CASE WHEN status = 'Unused' THEN window_cost END) AS commitment_unused,
    max(reservation_zone) AS reservation_zone
  FROM commitment_window_lines
  WHERE commitment_id IN (SELECT commitment_id FROM commitment_coverage WHERE commitment_id IS NOT NULL)
  GROUP BY commitment_id
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
    c.operation,
    c.usage_type,
    u.reservation_zone,
    c.covered_hours,
    c.covered_cost,
    c.negated_hours,
    coalesce(u.commitment_unused, CAST(0 AS DECIMAL(38, 10))) AS commitment_unused
  FROM commitment_coverage c
  LEFT JOIN commitment_facts u ON u.commitment_id = c.commitment_id
)
