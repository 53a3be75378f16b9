-- CPU and memory of EC2 and RDS instances over the $lookback_days days before $as_of, one row per
-- instance, summarised from daily figures for rightsizing. Daily figures come from metric rows at
-- any period (60, 300, 3600 or 86400 s), derived per statistic by queries/metrics/metric_days.cte.sql.
-- A day's CPU figure is the CPUUtilization $cpu_statistic statistic (a CloudWatch percentile such
-- as p99.5) where it exists, else the day's Maximum (an upper bound of any percentile, so the
-- fallback errs towards bigger sizes); cpu_figure is the $percentile-th percentile of those daily
-- figures, interpolated linearly between the two nearest ranks (rank = $percentile / 100 × (days − 1)).
-- days_exact_percentile / days_percentile_upper_bound count the days whose percentile came from
-- finer raw samples (exact) or from the max of finer percentiles (an upper bound);
-- finest_period_s / coarsest_period_s the periods the CPU days were derived from.
-- Memory likewise from CWAgent mem_used_percent (the agent runs on EC2), its daily figure the
-- $cpu_statistic statistic, else the Maximum, else the Average (the agent's usual statistic).
-- RDS memory is AWS/RDS FreeableMemory (bytes): freeable_memory_bytes is the lowest daily Minimum
-- (else daily Average) over the look-back, freeable_memory_days the days that have one.
-- cpu_average is the mean of the daily CPU Averages, cpu_average_busiest_day the highest of them
-- (burstable types earn CPU credits by the day: rightsizing/burstable.ts).
-- Days without a CPU row of the instance's own namespace are left out. The look-back's days stop
-- where the cost window's counted days do (cost_bounds, counted_days.cte.sql: at the start of
-- $complete_until), so no metric row of a partial day after the data horizon counts (metric_days
-- figures a day from that day's rows alone: leaving out the later days leaves out their rows, and
-- nothing else).
-- @param as_of DATE  the look-back ends at the start of this day (exclusive)
-- @param lookback_days INTEGER = 14  days looked at
-- @param complete_until DATE = 9999-12-31  the metrics count no day from this one on (rightsizing gives the day after the data horizon: a partial day is not counted)
-- @param cpu_statistic VARCHAR = p99.5  the percentile statistic to read (rows named like CloudWatch's, e.g. p99.5)
-- @param percentile DOUBLE = 99.5  the percentile taken across the daily figures
-- @returns resource_id VARCHAR, service VARCHAR, days_observed BIGINT, days_from_statistic BIGINT, days_exact_percentile BIGINT, days_percentile_upper_bound BIGINT, finest_period_s INTEGER, coarsest_period_s INTEGER, cpu_figure DOUBLE, cpu_maximum DOUBLE, cpu_average DOUBLE, cpu_average_busiest_day DOUBLE, memory_days BIGINT, memory_figure DOUBLE, memory_days_statistic BIGINT, memory_days_maximum BIGINT, memory_days_average BIGINT, freeable_memory_days BIGINT, freeable_memory_bytes DOUBLE, freeable_memory_days_minimum BIGINT
WITH look_back AS (
  -- No cost window: its days are the look-back's, so counted_days.cte.sql, which never ends the
  -- days before cost_start, ends them no earlier than the look-back's start.
  SELECT CAST($lookback_days AS INTEGER) AS days, CAST($lookback_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
metric_filter AS (
  SELECT 'AWS/EC2' AS namespace, 'CPUUtilization' AS metric_name
  UNION ALL SELECT 'AWS/RDS' AS namespace, 'CPUUtilization' AS metric_name
  UNION ALL SELECT 'CWAgent' AS namespace, 'mem_used_percent' AS metric_name
  UNION ALL SELECT 'AWS/RDS' AS namespace, 'FreeableMemory' AS metric_name
),
-- @include ../metrics/metric_days.cte.sql
daily AS (
  SELECT
    d.resource_id,
    max(CASE WHEN d.namespace = 'AWS/RDS' THEN 'rds' WHEN d.namespace = 'AWS/EC2' THEN 'ec2' END) AS service,
    d.day,
    max(CASE WHEN d.metric_name = 'CPUUtilization' AND d.statistic = $cpu_statistic THEN d.value END) AS cpu_percentile,
    max(CASE WHEN d.metric_name = 'CPUUtilization' AND d.statistic = $cpu_statistic THEN d.derivation END) AS cpu_derivation,
    max(CASE WHEN d.metric_name = 'CPUUtilization' AND d.statistic = 'Maximum' THEN d.value END) AS cpu_maximum,
    max(CASE WHEN d.metric_name = 'CPUUtilization' AND d.statistic = 'Average' THEN d.value END) AS cpu_average,
    min(CASE WHEN d.metric_name = 'CPUUtilization' AND d.statistic IN ($cpu_statistic, 'Maximum', 'Average') THEN d.finest_period_s END) AS cpu_finest_period_s,
    max(CASE WHEN d.metric_name = 'CPUUtilization' AND d.statistic IN ($cpu_statistic, 'Maximum', 'Average') THEN d.coarsest_period_s END) AS cpu_coarsest_period_s,
    max(CASE WHEN d.metric_name = 'mem_used_percent' AND d.statistic = $cpu_statistic THEN d.value END) AS memory_percentile,
    max(CASE WHEN d.metric_name = 'mem_used_percent' AND d.statistic = 'Maximum' THEN d.value END) AS memory_maximum,
    max(CASE WHEN d.metric_name = 'mem_used_percent' AND d.statistic = 'Average' THEN d.value END) AS memory_average,
    min(CASE WHEN d.metric_name = 'FreeableMemory' AND d.statistic = 'Minimum' THEN d.value END) AS freeable_minimum,
    min(CASE WHEN d.metric_name = 'FreeableMemory' AND d.statistic = 'Average' THEN d.value END) AS freeable_average
  FROM metric_days d CROSS JOIN cost_bounds c
  WHERE ((d.namespace IN ('AWS/EC2', 'AWS/RDS') AND d.metric_name = 'CPUUtilization')
     OR (d.namespace = 'CWAgent' AND d.metric_name = 'mem_used_percent')
     OR (d.namespace = 'AWS/RDS' AND d.metric_name = 'FreeableMemory'))
    AND d.day < c.cost_end
  GROUP BY d.resource_id, d.day
),
figures AS (
  SELECT
    resource_id, service, cpu_percentile, cpu_derivation, cpu_maximum, cpu_average, memory_percentile, memory_maximum, memory_average,
    cpu_finest_period_s, cpu_coarsest_period_s, freeable_minimum, freeable_average,
    coalesce(cpu_percentile, cpu_maximum) AS cpu_figure,
    coalesce(memory_percentile, memory_maximum, memory_average) AS memory_figure
  FROM daily
  WHERE service IS NOT NULL
),
ranked AS (
  SELECT
    f.*,
    row_number() OVER (PARTITION BY resource_id ORDER BY cpu_figure NULLS LAST) - 1 AS cpu_index,
    CAST($percentile AS DOUBLE) / 100 * (count(cpu_figure) OVER (PARTITION BY resource_id) - 1) AS cpu_rank,
    row_number() OVER (PARTITION BY resource_id ORDER BY memory_figure NULLS LAST) - 1 AS memory_index,
    CAST($percentile AS DOUBLE) / 100 * (count(memory_figure) OVER (PARTITION BY resource_id) - 1) AS memory_rank
  FROM figures f
),
summary AS (
  SELECT
    resource_id,
    max(service) AS service,
    count(cpu_figure) AS days_observed,
    count(cpu_percentile) AS days_from_statistic,
    count(CASE WHEN cpu_figure IS NOT NULL AND cpu_derivation = 'exact_percentile' THEN 1 END) AS days_exact_percentile,
    count(CASE WHEN cpu_figure IS NOT NULL AND cpu_derivation = 'percentile_upper_bound' THEN 1 END) AS days_percentile_upper_bound,
    min(CASE WHEN cpu_figure IS NOT NULL THEN cpu_finest_period_s END) AS finest_period_s,
    max(CASE WHEN cpu_figure IS NOT NULL THEN cpu_coarsest_period_s END) AS coarsest_period_s,
    max(CASE WHEN cpu_index = floor(cpu_rank) THEN cpu_figure END) AS cpu_low,
    max(CASE WHEN cpu_index = ceil(cpu_rank) THEN cpu_figure END) AS cpu_high,
    max(cpu_rank - floor(cpu_rank)) AS cpu_fraction,
    coalesce(max(cpu_maximum), max(cpu_figure)) AS cpu_maximum,
    avg(cpu_average) AS cpu_average,
    max(cpu_average) AS cpu_average_busiest_day,
    count(memory_figure) AS memory_days,
    max(CASE WHEN memory_index = floor(memory_rank) THEN memory_figure END) AS memory_low,
    max(CASE WHEN memory_index = ceil(memory_rank) THEN memory_figure END) AS memory_high,
    max(memory_rank - floor(memory_rank)) AS memory_fraction,
    count(CASE WHEN memory_figure IS NOT NULL AND memory_percentile IS NOT NULL THEN 1 END) AS memory_days_statistic,
    count(CASE WHEN memory_figure IS NOT NULL AND memory_percentile IS NULL AND memory_maximum IS NOT NULL THEN 1 END) AS memory_days_maximum,
    count(CASE WHEN memory_figure IS NOT NULL AND memory_percentile IS NULL AND memory_maximum IS NULL THEN 1 END) AS memory_days_average,
    count(CASE WHEN cpu_figure IS NOT NULL THEN coalesce(freeable_minimum, freeable_average) END) AS freeable_memory_days,
    min(CASE WHEN cpu_figure IS NOT NULL THEN coalesce(freeable_minimum, freeable_average) END) AS freeable_memory_bytes,
    count(CASE WHEN cpu_figure IS NOT NULL THEN freeable_minimum END) AS freeable_memory_days_minimum
  FROM ranked
  GROUP BY resource_id
)
SELECT
  resource_id,
  service,
  days_observed,
  days_from_statistic,
  days_exact_percentile,
  days_percentile_upper_bound,
  finest_period_s,
  coarsest_period_s,
  cpu_low + cpu_fraction * (cpu_high - cpu_low) AS cpu_figure,
  cpu_maximum,
  cpu_average,
  cpu_average_busiest_day,
  memory_days,
  memory_low + memory_fraction * (memory_high - memory_low) AS memory_figure,
  memory_days_statistic,
  memory_days_maximum,
  memory_days_average,
  freeable_memory_days,
  freeable_memory_bytes,
  freeable_memory_days_minimum
FROM summary
ORDER BY resource_id
