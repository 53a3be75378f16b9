/**
 * `tag_spend_daily`: billing lines rolled up at ingest per UTC charge day, billing period, account,
 * service, charge category, product code and tag set (`x_TagSetId`): what attribution groups by.
 * A month of ten million lines becomes about a hundred and fifty thousand rows. A charge range
 * that starts and ends at midnight selects exactly the lines whose ChargePeriodStart falls in it.
 * Rows carry the ingest, source and billing period of their lines and are replaced with them;
 * their sums equal the lines'.
 */
import type { Rollup } from './rollup.ts';

const COLUMNS = ['x_Source', 'x_BillingPeriod', 'x_IngestId', 'BillingPeriodStart', 'day', 'SubAccountId', 'SubAccountName', 'ServiceName', 'ChargeCategory', 'x_ProductCode', 'x_TagSetId', 'lines', 'billed_cost', 'effective_cost', 'charge_class'];

const select = (lines: string) => `
SELECT
  x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, min(SubAccountName), ServiceName, ChargeCategory, x_ProductCode, x_TagSetId,
  count(*), sum(BilledCost), sum(EffectiveCost), x_ChargeClass
FROM ${lines}`;

const GROUPING = `
GROUP BY x_Source, x_BillingPeriod, x_IngestId, BillingPeriodStart, CAST(ChargePeriodStart AS DATE),
  SubAccountId, ServiceName, ChargeCategory, x_ProductCode, x_TagSetId, x_ChargeClass
ORDER BY 5, SubAccountId, ServiceName`;

/** The `tag_spend_daily` rollup of one ingest (its table and first fill: src/store/migrations/0006_*.sql; charge_class: 0007_*.sql). */
export const TAG_SPEND: Rollup = {
  table: 'tag_spend_daily',
  select: (lines) => `${select(lines)}${GROUPING}`,
  columns: COLUMNS,
};
