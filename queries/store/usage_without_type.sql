-- AWS usage lines (x_ChargeClass usage) charged from $from to before $to that carry no usage type
-- (x_UsageType NULL or empty: a FOCUS 1.0 export has no such column), per service, largest
-- EffectiveCost first: the rules of costlens modernise and the EC2, EBS and S3 KPIs of costlens kpi
-- tell instances, volumes, snapshots and buckets apart by the usage type, so these lines are in
-- none of their figures, and the commands say how much spend that leaves out. resources counts the
-- distinct non-empty resource ids; first_day and last_day are the charge days the lines start on.
-- @param from DATE  first day included
-- @param to DATE  first day excluded
-- @param exclude_sources VARCHAR[] = []  sources (x_Source) whose lines are left out (the Data transfer page counts the lines of the sources it compares, beside a delivery that has ended: src/server/features/data-transfer/ended-comparison.ts)
-- @returns service_name VARCHAR, lines BIGINT, resources BIGINT, effective_cost DECIMAL, billed_cost DECIMAL, first_day DATE, last_day DATE
SELECT
  li.ServiceName AS service_name,
  count(*) AS lines,
  count(DISTINCT NULLIF(li.ResourceId, '')) AS resources,
  sum(li.EffectiveCost) AS effective_cost,
  sum(li.BilledCost) AS billed_cost,
  CAST(min(li.ChargePeriodStart) AS DATE) AS first_day,
  CAST(max(li.ChargePeriodStart) AS DATE) AS last_day
FROM line_items li
WHERE li.ProviderName = 'AWS'
  AND li.x_ChargeClass = 'usage'
  AND coalesce(li.x_UsageType, '') = ''
  AND li.ChargePeriodStart >= CAST(CAST($from AS DATE) AS TIMESTAMP)
  AND li.ChargePeriodStart < CAST(CAST($to AS DATE) AS TIMESTAMP)
  AND NOT contains($exclude_sources, coalesce(li.x_Source, ''))
GROUP BY li.ServiceName
ORDER BY sum(li.EffectiveCost) DESC, sum(li.BilledCost) DESC, li.ServiceName
