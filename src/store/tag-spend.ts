/**
 * `tag_spend_daily`: billing lines rolled up at ingest per UTC charge day, billing period, account,
 * service, charge category, product code and tag set (`x_TagSetId`): what attribution groups by.
 * A month of ten million lines becomes about a hundred and fifty thousand rows. A charge range
 * that starts and ends at midnight selects exactly the lines whose ChargePeriodStart falls in it.
 * Rows carry the ingest, source and billing period of their lines and are replaced with them;
 * their sums equal the lines'.
 */
import type { Rollup } from './rollups.ts';

const TAG_SPEND_DDL = `CREATE TABLE tag_spend_daily (
  x_Source VARCHAR,
  x_BillingPeriod VARCHAR,
  x_IngestId VARCHAR,
  BillingPeriodStart TIMESTAMP,
  day DATE,
  SubAccountId VARCHAR,
  SubAccountName VARCHAR,
  ServiceName VARCHAR,
  ChargeCategory VARCHAR,
  x_ProductCode VARCHAR,
  x_TagSetId UBIGINT,
  lines BIGINT NOT NULL,
  billed_cost DECIMAL(38,10),
  effective_cost DECIMAL(38,10)
)`;

const ROLLUP_V6 = `INSERT INTO tag_spend_daily
SELECT
  x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, min(SubAccountName), ServiceName, ChargeCategory, x_ProductCode, x_TagSetId,
  count(*), sum(BilledCost), sum(EffectiveCost)
FROM line_items`;

const GROUPING_V6 = `
GROUP BY x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId
ORDER BY 5, SubAccountId, ServiceName`;

const ROLLUP = `INSERT INTO tag_spend_daily (x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, day, SubAccountId, SubAccountName, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId, lines, billed_cost, effective_cost, charge_class)
SELECT
  x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, min(SubAccountName), ServiceName, ChargeCategory, x_ProductCode, x_TagSetId,
  count(*), sum(BilledCost), sum(EffectiveCost), x_ChargeClass
FROM line_items`;

const GROUPING = `
GROUP BY x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId, x_ChargeClass
ORDER BY 5, SubAccountId, ServiceName`;

/** The `tag_spend_daily` rollup (migration 6 created it, migration 7 added charge_class). */
export const TAG_SPEND: Rollup = {
  table: 'tag_spend_daily',
  insertIngest: `${ROLLUP}\nWHERE x_IngestId = $ingest_id${GROUPING}`,
  migration: {
    version: 6,
    description: 'tag_spend_daily: billing lines rolled up per charge day, account, service, charge category, product and tag set, for attribution',
    statements: [TAG_SPEND_DDL, `${ROLLUP_V6}${GROUPING_V6}`],
  },
};
