-- CTE fragment (included by the modernisation inputs that price a resource from its bill, with
-- `-- @include line_shares.cte.sql`): how much of each billing line falls on the last day and in the
-- cost window. It reads the includer's CTEs `bounds` (day_start, cost_start, window_end TIMESTAMP:
-- the last day is [day_start, window_end)) and `resource_lines` (the resource's lines, with
-- line_start and line_end TIMESTAMP; an instant line has line_end = line_start) and defines
-- shares: each line with day_share and window_share, the part of it inside the last day and
-- inside the cost window by time (an instant line counts 1 or 0), and day_from and day_to, where
-- it begins and ends within [day_start, window_end).
shares AS (
  SELECT
    v.*,
    CASE WHEN v.line_end <= v.line_start THEN CASE WHEN v.line_start >= b.day_start THEN 1.0 ELSE 0.0 END
      ELSE greatest(0, date_diff('second', greatest(v.line_start, b.day_start), least(v.line_end, b.window_end)))
        / CAST(date_diff('second', v.line_start, v.line_end) AS DOUBLE) END AS day_share,
    CASE WHEN v.line_end <= v.line_start OR (v.line_start >= b.cost_start AND v.line_end <= b.window_end) THEN 1.0
      ELSE greatest(0, date_diff('second', greatest(v.line_start, b.cost_start), least(v.line_end, b.window_end)))
        / CAST(date_diff('second', v.line_start, v.line_end) AS DOUBLE) END AS window_share,
    greatest(v.line_start, b.day_start) AS day_from,
    least(v.line_end, b.window_end) AS day_to
  FROM resource_lines v CROSS JOIN bounds b
)
