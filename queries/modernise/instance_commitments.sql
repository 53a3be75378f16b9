-- What Reserved Instances and Savings Plans did for the EC2 instances (BoxUsage) that the bill
-- charged on the last day before $as_of (the instances of modernise/instance_types.sql), over the
-- $cost_days days before $as_of, on their instance-hour usage types: one row per instance and
-- commitment, as queries/optimisation/instance_commitment_coverage.cte.sql defines them (covered
-- hours and cost, negated hours, the commitment's unused cost in the window; lines crossing the
-- window's edges prorated by time), with what says whether the commitment follows a move to
-- another instance family: the Savings Plan's offering type (a Compute Savings Plan does; an EC2
-- Instance Savings Plan or a Reserved Instance does not), the reservation's offering class
-- (a convertible one can be exchanged) and when the commitment ends. From the bill alone: no
-- metrics are read.
-- @param as_of DATE  the last day looked at is the day before this one (windows end at its start, exclusive)
-- @param cost_days INTEGER = 30  days of the bill looked at
-- @returns resource_id VARCHAR, commitment_id VARCHAR, commitment_type VARCHAR, line_type VARCHAR, offering_type VARCHAR, offering_class VARCHAR, commitment_end TIMESTAMP, operation VARCHAR, usage_type VARCHAR, reservation_zone VARCHAR, covered_hours DOUBLE, covered_cost DECIMAL, negated_hours DOUBLE, commitment_unused DECIMAL
WITH bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - INTERVAL '1' DAY AS day_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($cost_days AS INTEGER) * INTERVAL '1' DAY AS cost_start,
    -- No line lasts longer than a billing period, so none that starts earlier reaches the window.
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - (CAST($cost_days AS INTEGER) + 31) * INTERVAL '1' DAY AS earliest_start
),
-- The commitment lines of the cost window, prorated to it.
commitment_bounds AS (
  SELECT cost_start, window_end AS cost_end, earliest_start FROM bounds
),
-- @include ../optimisation/commitment_window_lines.cte.sql
commitment_targets AS (
  SELECT DISTINCT li.ResourceId AS resource_id
  FROM line_items li CROSS JOIN bounds b
  WHERE li.x_UsageType LIKE '%BoxUsage%' AND li.x_ChargeClass = 'usage'
    AND li.ResourceId IS NOT NULL AND li.ResourceId <> ''
    AND li.ChargePeriodStart < b.window_end
    AND coalesce(li.ChargePeriodEnd, li.ChargePeriodStart) > b.day_start
),
-- @include ../optimisation/instance_commitment_coverage.cte.sql
SELECT *
FROM instance_commitments
ORDER BY resource_id, commitment_id NULLS LAST
