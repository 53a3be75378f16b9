/**
 * `instance_usage`: the instance-hour lines of the bill (EC2 and RDS instance usage) rolled up
 * per resource and UTC day at ingest, so rightsizing prices a month of an instance from ~30 rows
 * instead of ~720 hourly lines. A line that lies within one UTC day falls in that day's bucket
 * [day, day + 1); a longer line keeps its own charge period as its bucket, so a look-back window
 * that starts and ends at midnight prorates exactly what it would prorate on the lines themselves.
 * Rows carry the ingest, source and billing period of their lines and are replaced with them.
 */
import type { Migration } from './migrations.ts';

const INSTANCE_USAGE_DDL = `CREATE TABLE instance_usage (
  x_Source VARCHAR,
  x_BillingPeriod VARCHAR,
  x_IngestId VARCHAR,
  resource_id VARCHAR NOT NULL,
  bucket_start TIMESTAMP NOT NULL,
  bucket_end TIMESTAMP NOT NULL,
  latest_start TIMESTAMP NOT NULL,
  account_id VARCHAR,
  region VARCHAR,
  instance_type VARCHAR,
  list_unit_price DECIMAL(38,10),
  hours DOUBLE,
  effective_cost DECIMAL(38,10),
  lines BIGINT NOT NULL
)`;

/** Instance-hour usage types: on-demand, spot and dedicated EC2 hours, RDS instance hours. */
const INSTANCE_USAGE_LINE = `ResourceId IS NOT NULL AND ChargePeriodStart IS NOT NULL
  AND (x_UsageType LIKE '%BoxUsage%' OR x_UsageType LIKE '%SpotUsage%' OR x_UsageType LIKE '%DedicatedUsage%'
    OR x_UsageType LIKE '%InstanceUsage%' OR x_UsageType LIKE '%Multi-AZUsage%')`;

const ROLLUP = `INSERT INTO instance_usage
SELECT
  x_Source, x_BillingPeriod, x_IngestId, ResourceId,
  bucket_start, bucket_end,
  max(ChargePeriodStart),
  max_by(SubAccountId, ChargePeriodStart),
  max_by(RegionId, ChargePeriodStart),
  max_by(coalesce(NULLIF(x_InstanceType, ''), split_part(x_UsageType, ':', 2)), ChargePeriodStart),
  max_by(ListUnitPrice, ChargePeriodStart),
  sum(coalesce(ConsumedQuantity, PricingQuantity, x_UsageAmount)),
  sum(EffectiveCost),
  count(*)
FROM (
  SELECT *,
    CASE WHEN single_day THEN date_trunc('day', ChargePeriodStart) ELSE ChargePeriodStart END AS bucket_start,
    CASE WHEN single_day THEN date_trunc('day', ChargePeriodStart) + INTERVAL '1' DAY ELSE ChargePeriodEnd END AS bucket_end
  FROM (
    SELECT *,
      ChargePeriodEnd IS NULL OR ChargePeriodEnd <= ChargePeriodStart
        OR ChargePeriodEnd <= date_trunc('day', ChargePeriodStart) + INTERVAL '1' DAY AS single_day
    FROM line_items
    WHERE ${INSTANCE_USAGE_LINE}`;

const GROUPING = `
  )
)
GROUP BY x_Source, x_BillingPeriod, x_IngestId, ResourceId, bucket_start, bucket_end`;

/** Rolls up the instance-hour lines of one ingest (`$ingest_id`). */
export const ROLLUP_INGEST_INSTANCE_USAGE = `${ROLLUP} AND x_IngestId = $ingest_id${GROUPING}`;

/** Removes the rows of a replaced (source, billing period): the ones another ingest wrote. */
export const DELETE_REPLACED_INSTANCE_USAGE =
  `DELETE FROM instance_usage WHERE x_Source = $source AND x_BillingPeriod = $period AND x_IngestId <> $ingest_id`;

/** Migration 4: creates `instance_usage` and fills it from the lines already in the store. */
export const INSTANCE_USAGE_MIGRATION: Migration = {
  version: 4,
  description: 'instance_usage: instance-hour lines rolled up per resource and UTC day, for rightsizing',
  statements: [INSTANCE_USAGE_DDL, `${ROLLUP}${GROUPING}`],
};
