-- CTE fragment (included by the idle rules with `-- @include current_hourly_rates.cte.sql`): what
-- each priced resource costs an hour now. It reads the includer's CTEs `bounds` (window_end
-- TIMESTAMP) and `costs` (resource_id, latest_end: the end of the resource's latest usage bucket)
-- and defines rates: per resource, the EffectiveCost of its usage_daily rows that end with its
-- latest bucket, spread over each row's own span, in dollars an hour (10 decimals), and
-- charged_until, that latest end when the resource is gone (below), else NULL. Rows without a
-- positive span are left out.
-- A resource whose latest charge ends before window_end (the end of the window it is judged on)
-- and before the store's latest usage charge ends (a window past the data, as an --as-of after
-- the horizon makes it, does not make every resource look gone) is gone: its rate is 0 and
-- charged_until says when its charges stopped.
rates AS (
  SELECT
    li.ResourceId AS resource_id,
    CASE WHEN max(k.latest_end) >= least(max(b.window_end), (SELECT max(last_end) FROM usage_daily)) THEN
      CAST(round(sum(CAST(li.effective_cost AS DOUBLE) * 3600 / date_diff('second', li.first_start, li.last_end)), 10) AS DECIMAL(38, 10))
    ELSE CAST(0 AS DECIMAL(38, 10)) END AS hourly_rate,
    CASE WHEN NOT (max(k.latest_end) >= least(max(b.window_end), (SELECT max(last_end) FROM usage_daily))) THEN max(k.latest_end) END AS charged_until
  FROM usage_daily li
  JOIN costs k ON k.resource_id = li.ResourceId AND k.latest_end = li.last_end
  CROSS JOIN bounds b
  WHERE li.bucket_start < b.window_end AND li.last_end > li.first_start
  GROUP BY li.ResourceId
)
