-- CTE fragment (included first by the idle rules and the rightsizing inputs instance_costs.sql and
-- lambda_functions.sql with `-- @include look_back_bounds.cte.sql`, before counted_days.cte.sql): the
-- windows a rule judges and prices over. It reads the includer's CTE `look_back` (days INTEGER: how
-- many days the rule looks back on, from whichever parameter the rule names it) and its parameters
-- $as_of (DATE) and $cost_days (INTEGER), and defines bounds (window_start, window_end, cost_start
-- TIMESTAMP): the look-back, the days before the start of $as_of, and the start of the cost window,
-- $cost_days days before it (the cost window also ends at window_end; counted_days.cte.sql stops it
-- at the data horizon).
bounds AS (
  SELECT
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - l.days * INTERVAL '1' DAY AS window_start,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) AS window_end,
    CAST(CAST($as_of AS DATE) AS TIMESTAMP) - CAST($cost_days AS INTEGER) * INTERVAL '1' DAY AS cost_start
  FROM look_back l
)
