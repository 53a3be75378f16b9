/**
 * What an ingest staged, per (source, billing period): the summaries it reports and records, and
 * the periods each staged file holds, read back from the staged files (src/ingest/loader.ts).
 */
import type { DuckDBConnection, DuckDBDecimalValue } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { quoteLiteral } from '../lib/sql-quote.ts';
import { fromUnits, unitsOf } from '../lib/money.ts';
import type { IngestUnit } from './detect.ts';
import type { StagedFile } from './stage-lines.ts';

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

/** One group of the staged lines: a staged file's lines of one (source, period) and currency. */
export interface StagedTally {
  path: string;
  sourceFile: string;
  source: string;
  billingPeriod: string | null;
  /** The lines' BillingCurrency, trimmed and in upper case; null when blank (see currency.ts). */
  currency: string | null;
  rows: number;
  billed: bigint;
  effective: bigint;
  /** The lines of ChargeCategory `Usage` among them. */
  usageRows: number;
}

const BUG_HINT = 'this is a bug in costlens (nothing was written to the store): report it with the command you ran';

/** The SQL of a line's currency code: trimmed, upper case, NULL when blank. */
export const CURRENCY_SQL = `NULLIF(upper(trim(BillingCurrency)), '')`;

/**
 * Reads the staged files once: lines and costs per (staged file, source file, source, billing
 * period, currency), in the order of the period, source and file. A staged file holds the
 * columns its mapping fills; the others read as NULL of line_items' type. The period summaries, the
 * currency check and each staged file's periods are all drawn from this one pass.
 */
export async function tallyStagedFiles(connection: DuckDBConnection, staged: readonly StagedFile[]): Promise<StagedTally[]> {
  if (staged.length === 0) return [];
  const result = await connection.runAndReadAll(
    `SELECT filename, x_SourceFile, x_Source, x_BillingPeriod, ${CURRENCY_SQL} AS currency, count(*) AS n,
            sum(BilledCost), sum(EffectiveCost), count(*) FILTER (WHERE ChargeCategory = 'Usage')
       FROM (SELECT * FROM (SELECT * FROM line_items_inline LIMIT 0)
             UNION ALL BY NAME
             SELECT * FROM read_parquet([${staged.map((f) => quoteLiteral(f.path)).join(', ')}], filename = true, union_by_name = true))
      GROUP BY ALL ORDER BY x_BillingPeriod, x_Source, x_SourceFile, filename, currency`,
  );
  return result.getRows().map(([path, sourceFile, source, period, currency, n, billed, effective, usage]) => ({
    path: String(path),
    sourceFile: String(sourceFile),
    source: String(source),
    billingPeriod: period === null ? null : String(period),
    currency: currency === null ? null : String(currency),
    rows: Number(n),
    billed: unitsOf(billed as DuckDBDecimalValue | null),
    effective: unitsOf(effective as DuckDBDecimalValue | null),
    usageRows: Number(usage),
  }));
}

/** The ingest's periods, summed over the files (and zip entries) of each. */
export function summarisePeriods(tally: readonly StagedTally[], unitOfFile: Map<string, IngestUnit>): PeriodSummary[] {
  const byKey = new Map<string, PeriodSummary & { unit: IngestUnit; billed: bigint; effective: bigint }>();
  for (const group of tally) {
    const { sourceFile: file, source, billingPeriod: period } = group;
    const unit = unitOfFile.get(file)!;
    if (period === null) {
      throw new CostlensError('input', `${file}: line items without a billing period (no bill/BillingPeriodStartDate or BillingPeriodStart column)`, {
        hint: 'every line needs the start of its billing period: re-export the file with that column; nothing was written to the store',
      });
    }
    const key = `${source}\u0000${period}`;
    const existing = byKey.get(key);
    if (existing && existing.unit !== unit) {
      throw new CostlensError('input', `billing period ${period} of ${source} appears in both ${existing.unit.origin} and ${unit.origin}`, {
        hint: 'ingest one of them: they describe the same charges, and loading both would count them twice',
      });
    }
    const entry = existing ?? { source, format: unit.format, billingPeriod: period, rows: 0, billedCost: '0', effectiveCost: '0', replacedRows: 0, files: [], unit, billed: 0n, effective: 0n };
    entry.rows += group.rows;
    entry.billed += group.billed;
    entry.effective += group.effective;
    if (!entry.files.includes(file)) entry.files.push(file);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ unit: _unit, billed, effective, ...summary }) => ({
    ...summary,
    billedCost: fromUnits(billed),
    effectiveCost: fromUnits(effective),
  }));
}

/**
 * Fills in the (source, period)s and rows each staged file holds (by path: every entry of one zip
 * has its own staged file but the same x_SourceFile), and checks that they add up to the periods'
 * rows, so that no staged file's lines go unlisted.
 */
export function countStagedPeriods(tally: readonly StagedTally[], staged: StagedFile[], periods: PeriodSummary[]): void {
  const byPath = new Map(staged.map((f) => [f.path, f]));
  let rows = 0;
  for (const group of tally) {
    const file = byPath.get(group.path);
    if (!file) throw new CostlensError('internal', `staged lines in ${group.path}, which this ingest did not stage`, { hint: BUG_HINT });
    const period = group.billingPeriod!;
    const listed = file.periods.find((p) => p.source === group.source && p.billingPeriod === period);
    if (listed) listed.rows += group.rows;
    else file.periods.push({ source: group.source, billingPeriod: period, rows: group.rows });
    rows += group.rows;
  }
  const summed = periods.reduce((total, p) => total + p.rows, 0);
  if (rows !== summed) throw new CostlensError('internal', `the staged files hold ${rows} lines but the periods add up to ${summed}`, { hint: BUG_HINT });
}
