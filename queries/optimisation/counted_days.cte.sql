-- CTE fragment (included with `-- @include counted_days.cte.sql` before window_cost_lines.cte.sql
-- or commitment_window_lines.cte.sql): the days of the cost window that a sum counts. It
-- reads the includer's CTE `bounds` (cost_start, window_end TIMESTAMP) and its parameter
-- $complete_until (DATE: the day after the data horizon, or a day past the window to count it
-- all), and defines cost_bounds (cost_start, cost_end): the window stopping at the start of
-- $complete_until when that comes before window_end (never before cost_start), so that no line of
-- a partial day after the data horizon enters a window cost, an hour count or a coverage.
cost_bounds AS (
  SELECT b.cost_start, greatest(b.cost_start, least(b.window_end, CAST(CAST($complete_until AS DATE) AS TIMESTAMP))) AS cost_end
  FROM bounds b
)
