/**
 * `daily_spend`: every billing line rolled up per UTC charge day, service, account and
 * ChargeCategory at ingest, split by whether the line is a run-rate charge (a charge period of at most one day that is not
 * a one-time purchase; see queries/trends/daily_spend.sql). A month of ten million lines becomes
 * a few thousand rows, so anomalies (and the default as-of day) read days in milliseconds. Rows carry the ingest, source and
 * billing period of their lines and are replaced with them; their sums equal the lines'.
 */
import type { Rollup } from './rollup.ts';

const COLUMNS = ['x_Source', 'x_BillingPeriod', 'x_IngestId', 'day', 'service', 'account_id', 'account_name', 'run_rate', 'charge_category', 'billed_cost', 'effective_cost', 'lines', 'charge_class'];

const select = (lines: string) => `
SELECT
  x_Source, x_BillingPeriod, x_IngestId, day, service, account_id,
  max(account_name), run_rate, ChargeCategory, sum(BilledCost), sum(EffectiveCost), count(*), x_ChargeClass
FROM (
  SELECT
    x_Source, x_BillingPeriod, x_IngestId, ChargeCategory, x_ChargeClass, BilledCost, EffectiveCost,
    CAST(ChargePeriodStart AS DATE) AS day,
    COALESCE(ServiceName, x_ProductCode, '(none)') AS service,
    COALESCE(SubAccountId, BillingAccountId, '(none)') AS account_id,
    CASE WHEN SubAccountId IS NOT NULL THEN SubAccountName ELSE BillingAccountName END AS account_name,
    COALESCE((ChargePeriodEnd IS NULL OR ChargePeriodEnd <= ChargePeriodStart + INTERVAL '1' DAY)
      AND NOT (COALESCE(ChargeCategory, '') = 'Purchase' AND COALESCE(ChargeFrequency, '') = 'One-Time'), FALSE) AS run_rate
  FROM ${lines}`;

const GROUPING = `
)
GROUP BY x_Source, x_BillingPeriod, x_IngestId, day, service, account_id, run_rate, ChargeCategory, x_ChargeClass
ORDER BY day, service, account_id`;

/** The `daily_spend` rollup of one ingest (its table and first fill: src/store/migrations/0005_*.sql; charge_class: 0007_*.sql). */
export const DAILY_SPEND: Rollup = {
  table: 'daily_spend',
  select: (lines) => `${select(lines)}${GROUPING}`,
  columns: COLUMNS,
};
