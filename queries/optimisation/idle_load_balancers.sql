-- Idle load balancers (AWS Trusted Advisor "Idle Load Balancers"): fewer than
-- $max_requests_per_day requests (RequestCount, daily Sum) on every one of the $days days before
-- $as_of, or no healthy targets (HealthyHostCount at most 0 on every one of those days). A day
-- counts as observed when the load balancer has any metric row that day; CloudWatch publishes
-- RequestCount only when there are requests, so an observed day without it has 0 requests.
-- The request rule applies to Application and Classic load balancers (AWS/ApplicationELB,
-- AWS/ELB); the healthy-target rule to those and Network load balancers (AWS/NetworkELB).
-- window_cost is the load balancer's EffectiveCost over the $cost_days days before $as_of.
-- hourly_rate is its current rate: the EffectiveCost of its charges on the last complete day
-- (the data horizon, or the day before $as_of when that comes first) over that day's 24 hours (a
-- line longer than a day over its own hours; a GB-month charge scaled to its month), rounded to 10
-- decimals; 0 when it has no charge on that day: it is gone (charged_until, the end of its latest charge; NULL while charged).
-- Daily figures come from metric rows at any period (60, 300, 3600 or 86400 s), derived per
-- statistic by queries/metrics/metric_days.cte.sql. The look-back's days stop where the cost
-- window's counted days do (cost_bounds, counted_days.cte.sql: at the start of $complete_until),
-- so no metric row of a partial day after the data horizon counts (metric_days figures a day from
-- that day's rows alone: leaving out the later days leaves out their rows, and nothing else).
-- @param as_of DATE  the look-back windows end at the start of this day (exclusive)
-- @param days INTEGER = 7  days looked at
-- @param max_requests_per_day DOUBLE = 100  a day is idle when it has fewer requests than this
-- @param cost_days INTEGER = 30  days of the bill that make the window cost
-- @param data_horizon DATE  the last complete day of the billing data (current_hourly_rates.cte.sql reads rates up to it)
-- @param complete_until DATE = 9999-12-31  the bill and the metrics count no day from this one on (idle and rightsizing give the day after the data horizon: a partial day is not counted)
-- @returns resource_id VARCHAR, low_requests BOOLEAN, no_healthy_targets BOOLEAN, account_id VARCHAR, region VARCHAR, days_observed BIGINT, max_daily_requests DOUBLE, total_requests DOUBLE, days_with_host_count BIGINT, max_healthy_hosts DOUBLE, window_start DATE, window_end DATE, window_cost DECIMAL, hourly_rate DECIMAL, charged_until TIMESTAMP, cost_start DATE, cost_end DATE
WITH look_back AS (
  SELECT CAST($days AS INTEGER) AS days, CAST($cost_days AS INTEGER) AS cost_days
),
-- @include look_back_bounds.cte.sql
-- @include counted_days.cte.sql
metric_filter AS (
  SELECT 'AWS/ApplicationELB' AS namespace, 'RequestCount' AS metric_name
  UNION ALL SELECT 'AWS/ApplicationELB' AS namespace, 'HealthyHostCount' AS metric_name
  UNION ALL SELECT 'AWS/ELB' AS namespace, 'RequestCount' AS metric_name
  UNION ALL SELECT 'AWS/ELB' AS namespace, 'HealthyHostCount' AS metric_name
  UNION ALL SELECT 'AWS/NetworkELB' AS namespace, 'RequestCount' AS metric_name
  UNION ALL SELECT 'AWS/NetworkELB' AS namespace, 'HealthyHostCount' AS metric_name
),
-- @include ../metrics/metric_days.cte.sql
daily AS (
  SELECT
    d.resource_id,
    d.day,
    max(CASE WHEN d.namespace IN ('AWS/ApplicationELB', 'AWS/ELB') THEN 1 ELSE 0 END) AS serves_requests,
    coalesce(sum(CASE WHEN d.metric_name = 'RequestCount' AND d.statistic = 'Sum' THEN d.value END), 0) AS requests,
    max(CASE WHEN d.metric_name = 'HealthyHostCount' AND d.statistic IN ('Average', 'Maximum', 'Minimum') THEN d.value END) AS healthy_hosts
  FROM metric_days d CROSS JOIN cost_bounds c
  WHERE d.namespace IN ('AWS/ApplicationELB', 'AWS/ELB', 'AWS/NetworkELB')
    AND d.day < c.cost_end
  GROUP BY d.resource_id, d.day
),
per_lb AS (
  SELECT
    resource_id,
    count(*) AS days_observed,
    max(serves_requests) AS serves_requests,
    max(requests) AS max_daily_requests,
    sum(requests) AS total_requests,
    count(healthy_hosts) AS days_with_host_count,
    max(healthy_hosts) AS max_healthy_hosts
  FROM daily
  GROUP BY resource_id
),
flagged AS (
  SELECT
    resource_id,
    CASE WHEN serves_requests = 1 AND max_daily_requests < CAST($max_requests_per_day AS DOUBLE) THEN true ELSE false END AS low_requests,
    CASE WHEN days_with_host_count >= CAST($days AS INTEGER) AND max_healthy_hosts <= 0 THEN true ELSE false END AS no_healthy_targets,
    days_observed, max_daily_requests, total_requests, days_with_host_count, max_healthy_hosts, serves_requests
  FROM per_lb
  WHERE days_observed >= CAST($days AS INTEGER)
),
candidates AS (
  SELECT * FROM flagged WHERE low_requests OR no_healthy_targets
),
cost_targets AS (
  SELECT resource_id FROM candidates
),
-- @include latest_inventory.cte.sql
-- @include window_cost_lines.cte.sql
-- @include resource_window_costs.cte.sql
-- @include current_hourly_rates.cte.sql
-- @include priced_candidates.cte.sql
SELECT
  c.resource_id,
  c.low_requests,
  c.no_healthy_targets,
  coalesce(i.account_id, c.billed_account_id) AS account_id,
  coalesce(i.region, c.billed_region) AS region,
  c.days_observed,
  CASE WHEN c.serves_requests = 1 THEN c.max_daily_requests END AS max_daily_requests,
  CASE WHEN c.serves_requests = 1 THEN c.total_requests END AS total_requests,
  c.days_with_host_count,
  c.max_healthy_hosts,
  c.window_start, c.window_end, c.window_cost, c.hourly_rate, c.charged_until, c.cost_start, c.cost_end
FROM priced_candidates c
LEFT JOIN inventory i ON i.resource_id = c.resource_id
ORDER BY c.hourly_rate DESC, c.window_cost DESC, c.resource_id
