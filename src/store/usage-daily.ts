/**
 * `usage_daily`: the billing lines rolled up per resource, usage type and UTC day at ingest, so
 * the idle and rightsizing rules read a month of a resource from ~30 rows instead of ~720 hourly
 * lines. A line that lies within one UTC day falls in that day's bucket [day, day + 1); a longer
 * line keeps its own charge period as its bucket, so a window that starts and ends at midnight
 * prorates exactly what it would prorate on the lines themselves. Each row keeps the first start
 * and last end of its lines, the latest start, the list price of the latest priced line (and its
 * start), and the quantity, first start and last end of its lines with a positive quantity. Rows are
 * stored by resource (which keeps the ids dictionary-compressed and fast to join); they carry
 * the ingest, source and billing period of their lines and are replaced with them; their sums
 * equal the lines' (lines without a ChargePeriodStart, which no window selects, are left out).
 */
import type { Rollup } from './rollup.ts';

const select = (lines: string) => `
SELECT
  x_Source, x_BillingPeriod, x_IngestId, ResourceId, SubAccountId, RegionId, x_UsageType, x_InstanceType,
  bucket_start, bucket_end,
  min(ChargePeriodStart),
  max(coalesce(ChargePeriodEnd, ChargePeriodStart)),
  max(ChargePeriodStart),
  max(CASE WHEN ListUnitPrice IS NOT NULL THEN ChargePeriodStart END),
  max_by(ListUnitPrice, ChargePeriodStart),
  sum(quantity),
  sum(CASE WHEN quantity > 0 THEN quantity END),
  min(CASE WHEN quantity > 0 THEN ChargePeriodStart END),
  max(CASE WHEN quantity > 0 THEN coalesce(ChargePeriodEnd, ChargePeriodStart) END),
  sum(EffectiveCost),
  count(*)
FROM (
  SELECT *,
    coalesce(ConsumedQuantity, PricingQuantity, x_UsageAmount) AS quantity,
    CASE WHEN single_day THEN date_trunc('day', ChargePeriodStart) ELSE ChargePeriodStart END AS bucket_start,
    CASE WHEN single_day THEN date_trunc('day', ChargePeriodStart) + INTERVAL '1' DAY ELSE ChargePeriodEnd END AS bucket_end
  FROM (
    SELECT *,
      ChargePeriodEnd IS NULL OR ChargePeriodEnd <= ChargePeriodStart
        OR ChargePeriodEnd <= date_trunc('day', ChargePeriodStart) + INTERVAL '1' DAY AS single_day
    FROM ${lines}
    WHERE ChargePeriodStart IS NOT NULL`;

const GROUPING = `
  )
)
GROUP BY x_Source, x_BillingPeriod, x_IngestId, ResourceId, SubAccountId, RegionId, x_UsageType, x_InstanceType, bucket_start, bucket_end
ORDER BY ResourceId, x_UsageType, bucket_start`;

/** The `usage_daily` rollup of one ingest (its table and first fill: src/store/migrations/0004_*.sql). */
export const USAGE_DAILY: Rollup = {
  table: 'usage_daily',
  select: (lines) => `${select(lines)}${GROUPING}`,
};
