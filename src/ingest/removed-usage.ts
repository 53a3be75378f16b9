/**
 * Replacement that removes usage: an ingest replaces each (source, billing period) it brings
 * (README "Ingest"), so a file of a period's fees alone (RIFee, support, tax), ingested in a run of
 * its own, leaves that period without the usage lines the store held. The rule stands; the ingest
 * says so (src/cli/ingest.ts). Figures come from the `daily_spend` rollup (every line of a period,
 * by ChargeCategory: a few rows per day and service), never from a scan of the lines.
 */
import type { DuckDBConnection, DuckDBDecimalValue } from '@duckdb/node-api';
import { fromUnits, unitsOf } from '../lib/money.ts';
import type { PeriodSummary } from './staged-periods.ts';

/** A (source, billing period) whose usage lines this ingest replaced with lines of no usage. */
export interface RemovedUsage {
  source: string;
  billingPeriod: string;
  /** The usage lines (ChargeCategory `Usage`) the store held for the period, now gone. */
  usageLines: number;
  rowsBefore: number;
  /** Exact, as the period summaries' `billedCost` (10 decimals). */
  billedCostBefore: string;
  rowsAfter: number;
  billedCostAfter: string;
}

/** The usage lines and BilledCost the store holds for one (source, billing period). */
export interface HeldUsage {
  usageLines: number;
  billedCost: string;
}

/**
 * Reads, from `daily_spend`, the usage lines and BilledCost the store holds for each of `periods`
 * (in their order): call it before the periods are replaced for what they held, after for what
 * the ingest put in their place.
 */
export async function readHeldUsage(connection: DuckDBConnection, periods: readonly PeriodSummary[]): Promise<HeldUsage[]> {
  const held: HeldUsage[] = [];
  for (const period of periods) {
    const result = await connection.runAndReadAll(
      `SELECT coalesce(sum(lines) FILTER (WHERE charge_category = 'Usage'), 0), sum(billed_cost)
         FROM daily_spend WHERE x_Source = $source AND x_BillingPeriod = $period`,
      { source: period.source, period: period.billingPeriod },
    );
    const [usageLines, billed] = result.getRows()[0];
    held.push({ usageLines: Number(usageLines), billedCost: fromUnits(unitsOf(billed as DuckDBDecimalValue | null)) });
  }
  return held;
}

/**
 * The periods (with `replacedRows` filled in, and already replaced) whose usage lines, held
 * `before` (readHeldUsage before the replacement), the ingest replaced with lines that hold none:
 * the usage it removed, with the lines and BilledCost before and after. Reads `daily_spend` again
 * only for the periods that held usage.
 */
export async function readRemovedUsage(connection: DuckDBConnection, periods: readonly PeriodSummary[], before: readonly HeldUsage[]): Promise<RemovedUsage[]> {
  const held = periods.flatMap((period, i) => (before[i].usageLines > 0 ? [{ period, before: before[i] }] : []));
  const after = await readHeldUsage(connection, held.map((h) => h.period));
  return held.flatMap(({ period, before: was }, i) => after[i].usageLines === 0
    ? [{
        source: period.source,
        billingPeriod: period.billingPeriod,
        usageLines: was.usageLines,
        rowsBefore: period.replacedRows,
        billedCostBefore: was.billedCost,
        rowsAfter: period.rows,
        billedCostAfter: period.billedCost,
      }]
    : []);
}
