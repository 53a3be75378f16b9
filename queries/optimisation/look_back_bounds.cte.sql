-- CTE fragment (included first with `-- @include look_back_bounds.cte.sql`, before
-- counted_days.cte.sql where there is one: by the idle rules, the rightsizing inputs
-- instance_costs, instance_utilisation, instance_commitments and lambda_functions, the metric
-- coverage metrics/metric_rows and instances_without_cpu, and the modernise inputs s3_standard_buckets and
-- network_processing): the windows a query judges and prices over. It reads the includer's CTE
-- `look_back` (days, cost_days INTEGER: how many days the query looks back on and how many make
-- its cost window, from whichever parameters it names them; a query without a cost window of its
-- own gives its look-back's days) and its parameter $as_of (DATE), and defines bounds
-- (window_start, window_end, cost_start TIMESTAMP): the look-back, the days before the start of
-- $as_of, and the start of the cost window, cost_days days before it (the cost window also ends
-- at window_end; counted_days.cte.sql stops it at the data horizon).
bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - l.days * INTERVAL '1' DAY AS window_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - l.cost_days * INTERVAL '1' DAY AS cost_start
  FROM look_back l
)
