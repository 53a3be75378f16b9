-- What the store holds besides billing lines: metrics, inventory and business metrics, with
-- row counts and the time span they cover.
-- @returns table_name VARCHAR, rows BIGINT, first_observation TIMESTAMP, last_observation TIMESTAMP
SELECT 'metrics' AS table_name, count(*) AS rows, min(timestamp) AS first_observation, max(timestamp) AS last_observation FROM metrics
UNION ALL
SELECT 'resources', count(*), min(observed_at), max(observed_at) FROM resources
UNION ALL
SELECT 'business_metrics', count(*), CAST(min(date) AS TIMESTAMP), CAST(max(date) AS TIMESTAMP) FROM business_metrics
