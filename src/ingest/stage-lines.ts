/**
 * Staging an ingest's billing lines: each billing file is mapped and written once, compressed, to
 * a Parquet file in the ingest's folder of period files (src/store/period-files.ts), with every
 * column of `line_items` in its stored type. The ingest reads its lines back through a TEMP view
 * (summaries, tag sets, rollups); a staged file that holds one (source, billing period) becomes
 * that period's file as it is, and a file that spans several is split, one file per period.
 * A column the mapping leaves NULL on every line (a CUR without reservation columns, say) is not
 * written: the views name every column of the `*_inline` table, and supply a missing one as NULL
 * of its stored type (src/store/period-files.ts). A narrow CUR writes about half of the columns, and a third less time.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteLiteral } from '../lib/sql-quote.ts';
import { CHARGE_CLASS_SQL } from '../store/charge-class.ts';
import { PERIOD_FILE_FORMAT, periodFilesDir, type PeriodFile, type PeriodKey } from '../store/period-files.ts';
import { tableColumns, type TypedColumn } from '../store/table-columns.ts';

/** The TEMP view over the staged files: the ingest's lines, with line_items' columns. */
export const STAGED_LINES = 'staged_line_items';

/** The columns of `line_items` in their order and stored types (those of `line_items_inline`). */
export function storedLineColumns(connection: DuckDBConnection): Promise<TypedColumn[]> {
  return tableColumns(connection, 'line_items_inline');
}

/** The folder an ingest stages in and writes its period files to. */
export function ingestFolder(storePath: string, ingestId: string): string {
  return join(periodFilesDir(storePath), ingestId);
}

/** A mapping that is NULL on every line: `CAST(NULL AS type)` or `TRY_CAST(NULL AS type)`. */
function isNullConstant(sql: string): boolean {
  return /^(TRY_)?CAST\(NULL AS [A-Z][A-Z0-9_]*(\(\d+,\s*\d+\))?\)$/i.test(sql.trim());
}

/**
 * COPY … TO `target`: the mapped lines of one file (`select`: stored column → SQL over `from`)
 * with every stored column the mapping can fill cast to its type, `x_TagSetId` = hash(Tags) and
 * `x_ChargeClass` by the charge-class rule, both over the mapped values as an INSERT into
 * `line_items` computed them. Columns that are NULL on every line are left out (see above).
 */
export function stageFileSql(columns: readonly TypedColumn[], select: Record<string, string>, from: string, target: string): string {
  const targets = Object.keys(select);
  const stored = columns.flatMap((c) => {
    const value = c.name === 'x_TagSetId' ? 'hash("Tags")'
      : c.name === 'x_ChargeClass' ? CHARGE_CLASS_SQL
      : c.name in select && !isNullConstant(select[c.name]) ? quoteIdentifier(c.name) : undefined;
    return value === undefined ? [] : [`CAST(${value} AS ${c.type}) AS ${quoteIdentifier(c.name)}`];
  });
  return `COPY (SELECT ${stored.join(',\n  ')} FROM (
      SELECT ${targets.map((t) => `${select[t]} AS ${quoteIdentifier(t)}`).join(',\n  ')}
      FROM ${from}))
    TO ${quoteLiteral(target)} ${PERIOD_FILE_FORMAT}`;
}

/** Creates the TEMP view over the staged files, with every column of line_items (none: an empty relation). */
export async function createStagedView(connection: DuckDBConnection, staged: readonly string[]): Promise<void> {
  const files = staged.length === 0 ? '' : ` UNION ALL BY NAME SELECT * FROM read_parquet([${staged.map(quoteLiteral).join(', ')}], union_by_name = true)`;
  await connection.run(`CREATE OR REPLACE TEMP VIEW ${STAGED_LINES} AS SELECT * FROM (SELECT * FROM line_items_inline LIMIT 0)${files}`);
}

/** What one staged file holds: rows per (source, billing period). */
export interface StagedFile {
  path: string;
  periods: (PeriodKey & { rows: number })[];
}

/**
 * The `line_items` period files of the staged files: a file that holds one (source, period) is
 * kept as it is; one that holds several is split into a file per (source, period) and removed.
 */
export async function lineFilesOf(connection: DuckDBConnection, ingestId: string, staged: readonly StagedFile[]): Promise<PeriodFile[]> {
  const files: PeriodFile[] = [];
  for (const file of staged) {
    if (file.periods.length === 1) {
      files.push({ ...file.periods[0], ingestId, relation: 'line_items', path: file.path, bytes: statSync(file.path).size });
      continue;
    }
    for (const [i, period] of file.periods.entries()) {
      const path = file.path.replace(/\.parquet$/, `.${i}.parquet`);
      await connection.run(`COPY (SELECT * FROM read_parquet(${quoteLiteral(file.path)}) WHERE x_Source = $source AND x_BillingPeriod = $period)
        TO ${quoteLiteral(path)} ${PERIOD_FILE_FORMAT}`, { source: period.source, period: period.billingPeriod });
      files.push({ ...period, ingestId, relation: 'line_items', path, bytes: statSync(path).size });
    }
    rmSync(file.path, { force: true });
  }
  return files;
}
