-- CTE fragment (included by the idle rules with `-- @include window_cost_lines.cte.sql`): the bill
-- of the includer's candidate resources over the cost window's counted days. It reads the
-- includer's CTEs `cost_bounds` (cost_start, cost_end TIMESTAMP: counted_days.cte.sql, included
-- earlier) and `cost_targets` (resource_id: the resources to price) and defines target_usage,
-- every usage_daily row of those resources (read once: current_hourly_rates.cte.sql reads it too),
-- and window_cost_lines: those of its rows that overlap [cost_start, cost_end), with
-- window_cost_part and window_quantity_part, its EffectiveCost and quantity prorated by time to the
-- part inside the counted days (a row wholly inside, or without a positive span, counts whole). An
-- idle rule sums window_cost_part per resource as its window_cost; the rightsizing inputs
-- (instance_costs, lambda_functions) also sum the quantity.
target_usage AS (
  SELECT u.*
  FROM usage_daily u
  WHERE u.ResourceId IN (SELECT resource_id FROM cost_targets)
),
window_cost_lines AS (
  SELECT
    li.*,
    CASE
      WHEN li.bucket_end IS NULL OR li.bucket_end <= li.bucket_start
        OR (li.bucket_start >= b.cost_start AND li.bucket_end <= b.cost_end) THEN li.effective_cost
      ELSE CAST(CAST(li.effective_cost AS DOUBLE)
        * date_diff('second', greatest(li.bucket_start, b.cost_start), least(li.bucket_end, b.cost_end))
        / date_diff('second', li.bucket_start, li.bucket_end) AS DECIMAL(38, 10))
    END AS window_cost_part,
    CASE
      WHEN li.bucket_end IS NULL OR li.bucket_end <= li.bucket_start
        OR (li.bucket_start >= b.cost_start AND li.bucket_end <= b.cost_end) THEN li.quantity
      ELSE li.quantity
        * date_diff('second', greatest(li.bucket_start, b.cost_start), least(li.bucket_end, b.cost_end))
        / date_diff('second', li.bucket_start, li.bucket_end)
    END AS window_quantity_part
  FROM target_usage li CROSS JOIN cost_bounds b
  WHERE li.bucket_start < b.cost_end
    AND (li.bucket_start >= b.cost_start OR li.bucket_end > b.cost_start)
)
