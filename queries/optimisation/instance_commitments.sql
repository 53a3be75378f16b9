-- What Reserved Instances and Savings Plans did for the EC2 and RDS instances with CPU metrics in
-- the $lookback_days days before $as_of (the instances of instance_costs.sql), over the $cost_days
-- days before $as_of, on their instance-hour usage types: one row per instance and commitment, as
-- queries/optimisation/instance_commitment_coverage.cte.sql defines them (covered hours and cost,
-- negated hours, the commitment's unused cost in the window; lines crossing the window's edges
-- prorated by time). Daily figures come from metric rows at any period (60, 300, 3600 or 86400 s),
-- derived per statistic by queries/metrics/metric_days.cte.sql. The bill is read up to the start of
-- $complete_until when that comes before $as_of: the lines of later (partial) days are not counted.
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days of metrics that make an instance a candidate
-- @param cost_days INTEGER = 30  days of the bill looked at
-- @param complete_until DATE = 9999-12-31  the bill counts no day from this one on (rightsizing gives the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, commitment_id VARCHAR, commitment_type VARCHAR, line_type VARCHAR, offering_type VARCHAR, offering_class VARCHAR, commitment_end TIMESTAMP, operation VARCHAR, usage_type VARCHAR, reservation_zone VARCHAR, covered_hours DOUBLE, covered_cost DECIMAL, negated_hours DOUBLE, commitment_unused DECIMAL
WITH look_back AS (
  SELECT CAST($lookback_days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
metric_filter AS (
  SELECT 'AWS/EC2' AS namespace, 'CPUUtilization' AS metric_name
  UNION ALL SELECT 'AWS/RDS' AS namespace, 'CPUUtilization' AS metric_name
),
-- @include ../metrics/metric_days.cte.sql
-- @include counted_days.cte.sql
-- The commitment lines of the counted days, prorated to them. No line lasts longer than a billing
-- period, so none that starts 31 days before the cost window reaches it.
commitment_bounds AS (
  SELECT c.cost_start, c.cost_end, c.cost_start - 31 * INTERVAL '1' DAY AS earliest_start FROM cost_bounds c
),
-- @include commitment_window_lines.cte.sql
-- The instances of instance_costs.sql: those with a row that metric_days derives a CPU day from
-- (metric_days itself, which nothing here reads, is not computed).
commitment_targets AS (
  SELECT DISTINCT r.resource_id
  FROM metric_rows r
  WHERE r.namespace IN ('AWS/EC2', 'AWS/RDS') AND r.metric_name = 'CPUUtilization' AND r.kind IS NOT NULL
),
-- @include instance_commitment_coverage.cte.sql
SELECT *
FROM instance_commitments
ORDER BY resource_id, commitment_id NULLS LAST
