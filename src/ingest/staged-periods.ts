/**
 * What an ingest staged, per (source, billing period): the summaries it reports and records, and
 * the periods each staged file holds, read back from the staged files (src/ingest/loader.ts).
 */
import type { DuckDBConnection, DuckDBDecimalValue } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { quoteLiteral } from '../lib/sql-quote.ts';
import { fromUnits, unitsOf } from '../lib/money.ts';
import type { IngestUnit } from './detect.ts';
import { STAGED_LINES, type StagedFile } from './stage-lines.ts';

/** What one ingest put in the store for one source and billing period. */
export interface PeriodSummary {
  source: string;
  format: string;
  billingPeriod: string;
  rows: number;
  billedCost: string;
  effectiveCost: string;
  /** Rows of the same source and period from earlier ingests that this one replaced. */
  replacedRows: number;
  files: string[];
}

/** The ingest's periods, summed over the files (and zip entries) of each. */
export async function summarisePeriods(connection: DuckDBConnection, unitOfFile: Map<string, IngestUnit>): Promise<PeriodSummary[]> {
  const result = await connection.runAndReadAll(
    `SELECT x_SourceFile, x_Source, x_BillingPeriod, count(*) AS n,
            sum(BilledCost), sum(EffectiveCost)
       FROM ${STAGED_LINES}
      GROUP BY x_SourceFile, x_Source, x_BillingPeriod ORDER BY x_BillingPeriod, x_Source, x_SourceFile`,
  );
  const byKey = new Map<string, PeriodSummary & { unit: IngestUnit; billed: bigint; effective: bigint }>();
  for (const [file, source, period, n, billed, effective] of result.getRows()) {
    const unit = unitOfFile.get(String(file))!;
    if (period === null) {
      throw new CostlensError('input', `${file}: line items without a billing period (no bill/BillingPeriodStartDate or BillingPeriodStart column)`);
    }
    const key = `${source}\u0000${period}`;
    const existing = byKey.get(key);
    if (existing && existing.unit !== unit) {
      throw new CostlensError('input', `billing period ${period} of ${source} appears in both ${existing.unit.origin} and ${unit.origin}`, {
        hint: 'ingest one of them: they describe the same charges, and loading both would count them twice',
      });
    }
    const entry = existing ?? { source: String(source), format: unit.format, billingPeriod: String(period), rows: 0, billedCost: '0', effectiveCost: '0', replacedRows: 0, files: [], unit, billed: 0n, effective: 0n };
    entry.rows += Number(n);
    entry.billed += unitsOf(billed as DuckDBDecimalValue | null);
    entry.effective += unitsOf(effective as DuckDBDecimalValue | null);
    if (!entry.files.includes(String(file))) entry.files.push(String(file));
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ unit: _unit, billed, effective, ...summary }) => ({
    ...summary,
    billedCost: fromUnits(billed),
    effectiveCost: fromUnits(effective),
  }));
}

/**
 * Fills in the (source, period)s and rows each staged file holds, read from the files themselves
 * (by path: every entry of one zip has its own staged file but the same x_SourceFile), and checks
 * that they add up to the periods' rows, so that no staged file's lines go unlisted.
 */
export async function countStagedPeriods(connection: DuckDBConnection, staged: StagedFile[], periods: PeriodSummary[]): Promise<void> {
  if (staged.length === 0) return;
  const byPath = new Map(staged.map((f) => [f.path, f]));
  const result = await connection.runAndReadAll(
    `SELECT filename, x_Source, x_BillingPeriod, count(*) AS n
       FROM read_parquet([${staged.map((f) => quoteLiteral(f.path)).join(', ')}], filename = true, union_by_name = true)
      GROUP BY ALL ORDER BY x_BillingPeriod, x_Source, filename`,
  );
  let rows = 0;
  for (const [path, source, period, n] of result.getRows()) {
    const file = byPath.get(String(path));
    if (!file) throw new CostlensError('internal', `staged lines in ${String(path)}, which this ingest did not stage`);
    file.periods.push({ source: String(source), billingPeriod: String(period), rows: Number(n) });
    rows += Number(n);
  }
  const summed = periods.reduce((total, p) => total + p.rows, 0);
  if (rows !== summed) throw new CostlensError('internal', `the staged files hold ${rows} lines but the periods add up to ${summed}`);
}
