-- CTE fragment, Athena form of usage_daily_source.cte.sql (which says who includes it): Athena has
-- no usage_daily rollup (the embedded store writes it at ingest: src/store/usage-daily.ts), so this
-- defines usage_daily from line_items, rolled up as the ingest rolls it up: per resource, account,
-- region, usage type, instance type and bucket (the UTC day of a line that lies within one day,
-- else the line's own charge period), with the columns the idle rules read. It reads the
-- includer's CTE bounds (window_start, window_end, cost_start) and rolls up only the lines that
-- can fall in the look-back or the cost window: those starting before window_end that start, or
-- end, after the earlier of window_start and cost_start. A bucket's lines all pass or all fail,
-- so each row is the rollup's row. The ingest also groups by source, billing period and ingest:
-- every column here is a sum, a least or a greatest of its lines, so a row that joins two of
-- them is their sum, and the rules' sums are the same.
usage_daily AS (
  SELECT
    ResourceId, SubAccountId, RegionId, x_UsageType, x_InstanceType,
    bucket_start, bucket_end,
    min(ChargePeriodStart) AS first_start,
    max(coalesce(ChargePeriodEnd, ChargePeriodStart)) AS last_end,
    max(ChargePeriodStart) AS latest_start,
    sum(quantity) AS quantity,
    sum(CASE WHEN quantity > 0 THEN quantity END) AS positive_quantity,
    min(CASE WHEN quantity > 0 THEN ChargePeriodStart END) AS first_positive_start,
    max(CASE WHEN quantity > 0 THEN coalesce(ChargePeriodEnd, ChargePeriodStart) END) AS last_positive_end,
    sum(EffectiveCost) AS effective_cost,
    count(*) AS lines
  FROM (
    SELECT
      li.ResourceId, li.SubAccountId, li.RegionId, li.x_UsageType, li.x_InstanceType, li.ChargePeriodStart, li.ChargePeriodEnd, li.EffectiveCost,
      coalesce(li.ConsumedQuantity, li.PricingQuantity, li.x_UsageAmount) AS quantity,
      CASE WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
          OR li.ChargePeriodEnd <= date_trunc('day', li.ChargePeriodStart) + INTERVAL '1' DAY
        THEN date_trunc('day', li.ChargePeriodStart) ELSE li.ChargePeriodStart END AS bucket_start,
      CASE WHEN li.ChargePeriodEnd IS NULL OR li.ChargePeriodEnd <= li.ChargePeriodStart
          OR li.ChargePeriodEnd <= date_trunc('day', li.ChargePeriodStart) + INTERVAL '1' DAY
        THEN date_trunc('day', li.ChargePeriodStart) + INTERVAL '1' DAY ELSE li.ChargePeriodEnd END AS bucket_end
    FROM line_items li CROSS JOIN bounds b
    WHERE li.ChargePeriodStart < b.window_end
      AND (li.ChargePeriodStart >= least(b.window_start, b.cost_start) OR li.ChargePeriodEnd > least(b.window_start, b.cost_start))
  ) lines_in_windows
  GROUP BY ResourceId, SubAccountId, RegionId, x_UsageType, x_InstanceType, bucket_start, bucket_end
)
