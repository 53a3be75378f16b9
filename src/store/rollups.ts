/**
 * Rollups: relations that summarise `line_items` for the analyses that would otherwise scan every
 * line (usage_daily, daily_spend, tag_spend_daily). An ingest rolls up the lines it stages and
 * writes each (source, billing period)'s rollup rows to a period file beside its lines
 * (src/store/period-files.ts), replaced with them, so their sums always equal the lines'. Their
 * columns are those of the `*_inline` tables created by frozen migrations
 * (src/store/migrations/); a change to a rollup's columns or grouping is a new migration there.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../lib/sql-quote.ts';
import { DAILY_SPEND } from './daily-spend.ts';
import { PERIOD_FILE_FORMAT, type PeriodFile, type PeriodKey } from './period-files.ts';
import { rollupRelation, type Rollup } from './rollup.ts';
import { tableColumns } from './table-columns.ts';
import { TAG_SPEND } from './tag-spend.ts';
import { USAGE_DAILY } from './usage-daily.ts';
import { makeFolder } from '../lib/make-folder.ts';

export const ROLLUPS: readonly Rollup[] = [USAGE_DAILY, DAILY_SPEND, TAG_SPEND];

/**
 * Rolls up the lines of each of `periods` in `lines` (a table or view with line_items' columns)
 * straight into one Parquet file per rollup in `folder` (the ingest's), each with the columns and
 * types of the rollup's `*_inline` table. A period's scan skips the staged files of other periods
 * by their Parquet statistics.
 */
export async function writeRollupFiles(connection: DuckDBConnection, lines: string, folder: string, ingestId: string, periods: readonly PeriodKey[]): Promise<PeriodFile[]> {
  makeFolder(folder);
  const stored = [];
  for (const rollup of ROLLUPS) stored.push(await tableColumns(connection, `${rollup.table}_inline`)); // one statement at a time on the ingest's connection
  const ofPeriod = `(SELECT * FROM ${lines} WHERE x_Source = $source AND x_BillingPeriod = $period)`;
  const files: PeriodFile[] = [];
  for (const [index, period] of periods.entries()) {
    const name = `${index}-${period.source.replace(/[^A-Za-z0-9_.-]/g, '_')}-${period.billingPeriod.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    for (const [i, rollup] of ROLLUPS.entries()) {
      const path = join(folder, `${name}.${rollup.table}.parquet`);
      const result = await connection.run(
        `COPY (${rollupRelation(rollup, ofPeriod, stored[i])}) TO ${quoteLiteral(path)} ${PERIOD_FILE_FORMAT}`,
        { source: period.source, period: period.billingPeriod },
      );
      files.push({ source: period.source, billingPeriod: period.billingPeriod, ingestId, relation: rollup.table, path, rows: Number(result.rowsChanged), bytes: statSync(path).size });
    }
  }
  return files;
}
