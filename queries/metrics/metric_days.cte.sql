-- CTE fragment (included by the idle and rightsizing rules with `-- @include ../metrics/metric_days.cte.sql`):
-- every CloudWatch statistic of every resource in the look-back, as one figure per UTC day,
-- whatever period the rows were exported at. It reads the includer's CTEs `bounds`
-- (window_start, window_end TIMESTAMP) and `metric_filter` (namespace, metric_name: the metrics
-- the includer reads, so no other is derived) and defines metric_days.
--
-- Periods: rows at 60, 300, 3600 or 86400 s count; any other period is ignored (metrics/metric_rows.sql
-- counts them so a command can say so). A day with an 86400 s row uses it as CloudWatch
-- computed it; otherwise each hour uses its finest period present (so a day exported at 1 h
-- until noon and 5 min after counts each hour once), and the day's figure follows the statistic:
--   Maximum → max; Minimum → min; Sum and SampleCount → sum;
--   Average → time-weighted mean, sum(value × period_s) / sum(period_s);
--   pNN (a percentile) → when every sample of the day is a raw value (the same series' SampleCount
--   is 1 at that period and timestamp), the exact NN-th percentile of those values, interpolated
--   linearly between the two nearest ranks (rank = NN / 100 × (n − 1)); else the max of the finer
--   percentiles, an upper bound of the day's percentile.
-- Other statistics (e.g. IQM, TM(10%:90%)) are left out.
-- derivation says which: daily (a CloudWatch 86400 s row), maximum, minimum, sum,
-- time_weighted_mean, exact_percentile or percentile_upper_bound.
--
-- How, for speed with the same figures: the period each hour takes its rows at comes from grouped
-- hours joined back to the rows (metric_hours to metric_slots), not from windows over every row; a
-- join matches a missing resource_id with a missing one only (coalesce and the IS NULL flag), as a
-- GROUP BY keeps them. One window remains, over the chosen rows: it ranks a day's values and hands
-- them on in ascending order, the order each day's sums add them in. An includer that needs only
-- which series have a day reads metric_rows and leaves the rest uncomputed: a series has a
-- metric_days row on a day exactly when it has a metric_rows row of a known kind (kind not NULL).
-- @returns resource_id, namespace, metric_name, statistic, day, value, derivation, finest_period_s, coarsest_period_s, samples
metric_rows AS (
  SELECT
    m.resource_id, m.namespace, m.metric_name, m.statistic, m.period_s, m.timestamp, m.value,
    date_trunc('day', m.timestamp) AS day,
    date_trunc('hour', m.timestamp) AS hour,
    CASE
      WHEN m.statistic IN ('Maximum', 'Minimum', 'Sum', 'Average', 'SampleCount') THEN m.statistic
      WHEN m.statistic LIKE 'p%' AND TRY_CAST(substr(m.statistic, 2) AS DOUBLE) BETWEEN 0 AND 100 THEN 'percentile'
    END AS kind
  FROM metrics m
  CROSS JOIN bounds b
  JOIN metric_filter f ON f.namespace = m.namespace AND f.metric_name = m.metric_name
  WHERE m.period_s IN (60, 300, 3600, 86400)
    AND m.value IS NOT NULL
    AND m.timestamp >= b.window_start AND m.timestamp < b.window_end
),
-- Each hour of each series: its finest period, and whether it holds an 86400 s row.
metric_hours AS (
  SELECT
    resource_id, namespace, metric_name, statistic, day, hour,
    min(period_s) AS finest_in_hour,
    max(CASE WHEN period_s = 86400 THEN 1 ELSE 0 END) AS hour_has_daily
  FROM metric_rows
  WHERE kind IS NOT NULL
  GROUP BY resource_id, namespace, metric_name, statistic, day, hour
),
-- The days of each series with an 86400 s row.
metric_daily_days AS (
  SELECT resource_id, namespace, metric_name, statistic, day
  FROM metric_hours
  WHERE hour_has_daily = 1
  GROUP BY resource_id, namespace, metric_name, statistic, day
),
-- The period each hour takes its rows at: 86400 s on a day with a daily row, else the hour's finest.
metric_hour_periods AS (
  SELECT
    h.resource_id, h.namespace, h.metric_name, h.statistic, h.hour,
    CASE WHEN d.day IS NOT NULL THEN 86400 ELSE h.finest_in_hour END AS chosen_period
  FROM metric_hours h
  LEFT JOIN metric_daily_days d
    ON coalesce(d.resource_id, '') = coalesce(h.resource_id, '') AND (d.resource_id IS NULL) = (h.resource_id IS NULL)
    AND d.namespace = h.namespace AND d.metric_name = h.metric_name
    AND d.statistic = h.statistic AND d.day = h.day
),
metric_slots AS (
  SELECT r.*
  FROM metric_rows r
  JOIN metric_hour_periods p
    ON coalesce(p.resource_id, '') = coalesce(r.resource_id, '') AND (p.resource_id IS NULL) = (r.resource_id IS NULL)
    AND p.namespace = r.namespace AND p.metric_name = r.metric_name
    AND p.statistic = r.statistic AND p.hour = r.hour AND p.chosen_period = r.period_s
  WHERE r.kind IS NOT NULL
),
metric_chosen AS (
  SELECT
    s.resource_id, s.namespace, s.metric_name, s.statistic, s.kind, s.period_s, s.timestamp, s.value, s.day,
    CASE WHEN s.kind = 'percentile' AND s.period_s < 86400 AND c.value = 1 THEN 1 ELSE 0 END AS raw_sample,
    row_number() OVER (PARTITION BY s.resource_id, s.namespace, s.metric_name, s.statistic, s.day ORDER BY s.value) - 1 AS value_index,
    count(*) OVER (PARTITION BY s.resource_id, s.namespace, s.metric_name, s.statistic, s.day) AS day_samples
  FROM metric_slots s
  -- Only percentile rows look for their SampleCount: s.kind takes part as a join key (NULL, which
  -- matches nothing, for other kinds) rather than as a condition on s alone, which made DuckDB
  -- compare every row with every row (a nested-loop join: seconds for a few thousand rows).
  LEFT JOIN metric_rows c
    ON c.kind = 'SampleCount' AND c.kind = CASE WHEN s.kind = 'percentile' THEN 'SampleCount' END AND c.resource_id = s.resource_id AND c.namespace = s.namespace
    AND c.metric_name = s.metric_name AND c.period_s = s.period_s AND c.timestamp = s.timestamp
),
metric_day_groups AS (
  SELECT
    resource_id, namespace, metric_name, statistic, day,
    max(kind) AS kind,
    min(period_s) AS finest_period_s,
    max(period_s) AS coarsest_period_s,
    count(*) AS samples,
    min(raw_sample) AS all_raw,
    max(value) AS value_max,
    min(value) AS value_min,
    sum(value) AS value_sum,
    sum(value * period_s) / sum(period_s) AS value_time_weighted,
    max(CASE WHEN value_index = floor(TRY_CAST(substr(statistic, 2) AS DOUBLE) / 100 * (day_samples - 1)) THEN value END) AS rank_low,
    max(CASE WHEN value_index = ceil(TRY_CAST(substr(statistic, 2) AS DOUBLE) / 100 * (day_samples - 1)) THEN value END) AS rank_high,
    max(TRY_CAST(substr(statistic, 2) AS DOUBLE) / 100 * (day_samples - 1)
      - floor(TRY_CAST(substr(statistic, 2) AS DOUBLE) / 100 * (day_samples - 1))) AS rank_fraction
  FROM metric_chosen
  GROUP BY resource_id, namespace, metric_name, statistic, day
),
metric_days AS (
  SELECT
    resource_id, namespace, metric_name, statistic, day,
    CASE
      WHEN finest_period_s = 86400 THEN CASE kind WHEN 'Minimum' THEN value_min WHEN 'Sum' THEN value_sum WHEN 'SampleCount' THEN value_sum
        WHEN 'Average' THEN value_time_weighted ELSE value_max END
      WHEN kind = 'Maximum' THEN value_max
      WHEN kind = 'Minimum' THEN value_min
      WHEN kind IN ('Sum', 'SampleCount') THEN value_sum
      WHEN kind = 'Average' THEN value_time_weighted
      WHEN all_raw = 1 THEN rank_low + rank_fraction * (rank_high - rank_low)
      ELSE value_max
    END AS value,
    CASE
      WHEN finest_period_s = 86400 THEN 'daily'
      WHEN kind = 'Maximum' THEN 'maximum'
      WHEN kind = 'Minimum' THEN 'minimum'
      WHEN kind IN ('Sum', 'SampleCount') THEN 'sum'
      WHEN kind = 'Average' THEN 'time_weighted_mean'
      WHEN all_raw = 1 THEN 'exact_percentile'
      ELSE 'percentile_upper_bound'
    END AS derivation,
    finest_period_s, coarsest_period_s, samples
  FROM metric_day_groups
)
