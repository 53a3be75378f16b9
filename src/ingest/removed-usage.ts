/**
 * Replacement that removes usage: an ingest replaces each (source, billing period) it brings
 * (README "Ingest"), so a file of a period's fees alone (RIFee, support, tax), ingested in a run of
 * its own, leaves that period without the usage lines the store held. The rule stands; the ingest
 * says so (src/cli/ingest.ts). Figures come from the `daily_spend` rollup (every line of a period,
 * by ChargeCategory: a few rows per day and service), never from a scan of the lines.
 */
import { LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBDecimalValue } from '@duckdb/node-api';
import { fromUnits, unitsOf } from '../lib/money.ts';
import type { PeriodSummary, StagedTally } from './staged-periods.ts';

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

const keyOf = (source: string, period: string) => `${source}\u0000${period}`;

/**
 * Reads, from `daily_spend` in one query, the usage lines and BilledCost the store holds for each of
 * `periods` (in their order; none held reads 0): call it before the periods are replaced.
 */
export async function readHeldUsage(connection: DuckDBConnection, periods: readonly PeriodSummary[]): Promise<HeldUsage[]> {
  const result = await connection.runAndReadAll(
    `SELECT x_Source, x_BillingPeriod, coalesce(sum(lines) FILTER (WHERE charge_category = 'Usage'), 0), sum(billed_cost)
       FROM daily_spend WHERE list_contains($keys, x_Source || chr(0) || x_BillingPeriod)
      GROUP BY x_Source, x_BillingPeriod`,
    { keys: listValue(periods.map((p) => keyOf(p.source, p.billingPeriod))) },
    { keys: LIST(VARCHAR) },
  );
  const held = new Map(result.getRows().map(([source, period, usageLines, billed]) => [
    keyOf(String(source), String(period)),
    { usageLines: Number(usageLines), billedCost: fromUnits(unitsOf(billed as DuckDBDecimalValue | null)) },
  ]));
  return periods.map((p) => held.get(keyOf(p.source, p.billingPeriod)) ?? { usageLines: 0, billedCost: fromUnits(0n) });
}

/**
 * The periods (with `replacedRows` filled in) whose usage lines, held `before` (readHeldUsage), the
 * ingest replaced with lines that hold none (the staged lines' usage count, `tally`): the usage it
 * removed, with the lines and BilledCost before and after.
 */
export function removedUsage(periods: readonly PeriodSummary[], before: readonly HeldUsage[], tally: readonly StagedTally[]): RemovedUsage[] {
  const stagedUsage = new Map<string, number>();
  for (const t of tally) {
    if (t.billingPeriod === null) continue;
    const key = keyOf(t.source, t.billingPeriod);
    stagedUsage.set(key, (stagedUsage.get(key) ?? 0) + t.usageRows);
  }
  return periods.flatMap((period, i) => before[i].usageLines > 0 && (stagedUsage.get(keyOf(period.source, period.billingPeriod)) ?? 0) === 0
    ? [{
        source: period.source,
        billingPeriod: period.billingPeriod,
        usageLines: before[i].usageLines,
        rowsBefore: period.replacedRows,
        billedCostBefore: before[i].billedCost,
        rowsAfter: period.rows,
        billedCostAfter: period.billedCost,
      }]
    : []);
}
