-- What the store knows about one resource: its line items (all time, and within a half-open
-- range of charge days), its latest inventory observation, and its metrics. One row; counts are
-- zero and the rest NULL where the store has nothing.
-- @param id VARCHAR  the resource id (ResourceId in the bill, resource_id in metrics and inventory)
-- @param start DATE  the first charge day of the range (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @returns resource_id VARCHAR, lines_all BIGINT, first_day DATE, last_day DATE, account_id VARCHAR, account_name VARCHAR, region VARCHAR, service_name VARCHAR, resource_type VARCHAR, resource_name VARCHAR, lines BIGINT, billed_cost DECIMAL, effective_cost DECIMAL, inventory_account_id VARCHAR, inventory_region VARCHAR, inventory_service VARCHAR, inventory_resource_type VARCHAR, instance_type VARCHAR, state VARCHAR, attached_to VARCHAR, observed_at TIMESTAMP, metric_series BIGINT, metric_points_all BIGINT, metric_points BIGINT, metric_first_day DATE, metric_last_day DATE
WITH bill AS (
  SELECT
    count(*) AS lines_all,
    CAST(min(ChargePeriodStart) AS DATE) AS first_day,
    CAST(max(ChargePeriodStart) AS DATE) AS last_day,
    max(SubAccountId) AS account_id,
    max(SubAccountName) AS account_name,
    max(RegionId) AS region,
    max(ServiceName) AS service_name,
    max(ResourceType) AS resource_type,
    max(ResourceName) AS resource_name,
    count(CASE WHEN ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP) AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP) THEN 1 END) AS lines,
    coalesce(sum(CASE WHEN ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP) AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP) THEN BilledCost END), CAST(0 AS DECIMAL(38, 10))) AS billed_cost,
    coalesce(sum(CASE WHEN ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP) AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP) THEN EffectiveCost END), CAST(0 AS DECIMAL(38, 10))) AS effective_cost
  FROM line_items
  WHERE ResourceId = $id
),
inventory AS (
  SELECT account_id, region, service, resource_type, instance_type, state, attached_to, observed_at
  FROM resources
  WHERE resource_id = $id
  ORDER BY observed_at DESC
  LIMIT 1
),
telemetry AS (
  SELECT
    count(DISTINCT namespace || '/' || metric_name || '/' || statistic) AS metric_series,
    count(*) AS metric_points_all,
    count(CASE WHEN timestamp >= CAST(CAST($start AS DATE) AS TIMESTAMP) AND timestamp < CAST(CAST($end AS DATE) AS TIMESTAMP) THEN 1 END) AS metric_points,
    CAST(min(timestamp) AS DATE) AS metric_first_day,
    CAST(max(timestamp) AS DATE) AS metric_last_day
  FROM metrics
  WHERE resource_id = $id
)
SELECT
  CAST($id AS VARCHAR) AS resource_id,
  b.lines_all,
  b.first_day,
  b.last_day,
  b.account_id,
  b.account_name,
  b.region,
  b.service_name,
  b.resource_type,
  b.resource_name,
  b.lines,
  b.billed_cost,
  b.effective_cost,
  i.account_id AS inventory_account_id,
  i.region AS inventory_region,
  i.service AS inventory_service,
  i.resource_type AS inventory_resource_type,
  i.instance_type,
  i.state,
  i.attached_to,
  i.observed_at,
  t.metric_series,
  t.metric_points_all,
  t.metric_points,
  t.metric_first_day,
  t.metric_last_day
FROM bill b
CROSS JOIN telemetry t
LEFT JOIN inventory i ON TRUE
