-- The values Explore's filters offer over a half-open range of charge days: each account
-- (SubAccountId, with its name), service (ServiceName) and region (RegionId) that holds a line in
-- the range, with the cost it holds, most cost first within each filter. Portable: both engines
-- run this text.
-- @param start DATE  the first charge day (inclusive)
-- @param end DATE  the day after the last (exclusive)
-- @param cost VARCHAR = billed  one_of=billed,effective  the cost to sum
-- @returns filter VARCHAR, value VARCHAR, name VARCHAR, cost DECIMAL
WITH lines AS (
  SELECT
    SubAccountId,
    SubAccountName,
    ServiceName,
    RegionId,
    CASE WHEN $cost = 'effective' THEN EffectiveCost ELSE BilledCost END AS cost
  FROM line_items
  WHERE ChargePeriodStart >= CAST(CAST($start AS DATE) AS TIMESTAMP)
    AND ChargePeriodStart < CAST(CAST($end AS DATE) AS TIMESTAMP)
),
choices AS (
  SELECT 'account' AS filter, SubAccountId AS value, max(SubAccountName) AS name, sum(cost) AS cost
  FROM lines WHERE SubAccountId IS NOT NULL GROUP BY SubAccountId
  UNION ALL
  SELECT 'service' AS filter, ServiceName AS value, CAST(NULL AS VARCHAR) AS name, sum(cost) AS cost
  FROM lines WHERE ServiceName IS NOT NULL GROUP BY ServiceName
  UNION ALL
  SELECT 'region' AS filter, RegionId AS value, CAST(NULL AS VARCHAR) AS name, sum(cost) AS cost
  FROM lines WHERE RegionId IS NOT NULL GROUP BY RegionId
)
SELECT filter, value, name, cost
FROM choices
ORDER BY filter, cost DESC, value
