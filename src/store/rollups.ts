/**
 * Rollups: tables that summarise `line_items` for the analyses that would otherwise scan every
 * line (usage_daily, daily_spend, tag_spend_daily). An ingest writes them beside its lines, in
 * the same transaction, and drops the rows of the (source, billing period)s it replaced, so
 * their sums always equal the lines'. Their tables are created by frozen migrations
 * (src/store/migrations/); a change to a rollup's columns or grouping is a new migration there.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DAILY_SPEND } from './daily-spend.ts';
import { TAG_SPEND } from './tag-spend.ts';
import type { Rollup } from './rollup.ts';
import { USAGE_DAILY } from './usage-daily.ts';

export const ROLLUPS: readonly Rollup[] = [USAGE_DAILY, DAILY_SPEND, TAG_SPEND];

/** Rolls up an ingest's lines and removes the rollup rows of the periods it replaced. */
export async function updateRollups(connection: DuckDBConnection, ingestId: string, replaced: readonly { source: string; billingPeriod: string }[]): Promise<void> {
  for (const rollup of ROLLUPS) {
    for (const period of replaced) {
      await connection.run(
        `DELETE FROM ${rollup.table} WHERE x_Source = $source AND x_BillingPeriod = $period AND x_IngestId <> $ingest_id`,
        { source: period.source, period: period.billingPeriod, ingest_id: ingestId },
      );
    }
    if (replaced.length > 0) await connection.run(rollup.insertIngest, { ingest_id: ingestId });
  }
}
