/**
 * A CUR delivered at MONTHLY time granularity, made by DuckDB from the real October and November
 * 2018 CURs (Athena Parquet) as tests/explain/monthly-cur.test.ts makes it: every line's usage
 * start and end rewritten to its month's bounds (the first of the month 00:00 to the first of the
 * next), as AWS writes a monthly report. Its sums are the daily files' to the last decimal. The
 * files are written once per machine (a test cache keyed by the statement, the source files and
 * their state, and the installed packages: tests/helpers/cache-inputs.ts),
 * and the store of both ingested is a cachedStore, so the test files that read it share one ingest.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedPackages, statesOfPaths } from './cache-inputs.ts';
import { builtOnce, cachedStore } from './cached-stores.ts';
import { duckdbRows, REAL_NOV_2018, REAL_OCT_2018 } from './cli.ts';

/** Every line of a month's file, its usage spanning the month. */
export const MONTHLY = `SELECT * REPLACE (date_trunc('month', bill_billing_period_start_date) AS line_item_usage_start_date,
  date_trunc('month', bill_billing_period_start_date) + INTERVAL 1 MONTH AS line_item_usage_end_date) FROM read_parquet($file)`;

/** EffectiveCost as the store defines it for a CUR (DESIGN.md, "The store"), on the file's columns. */
export const EFFECTIVE = `CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END`;

/** The monthly files of Oct and Nov 2018 (paths in a shared test cache). */
export async function monthlyCurFiles(): Promise<{ oct: string; nov: string }> {
  const sources = [REAL_OCT_2018, REAL_NOV_2018];
  const key = createHash('sha256').update(JSON.stringify([MONTHLY, sources, statesOfPaths(sources), installedPackages()])).digest('hex').slice(0, 16);
  const dir = await builtOnce(join(tmpdir(), `costlens-fixture-${key}`), async (scratch) => {
    mkdirSync(scratch, { recursive: true });
    for (const [source, name] of [[REAL_OCT_2018, 'monthly-2018-10.parquet'], [REAL_NOV_2018, 'monthly-2018-11.parquet']]) {
      await duckdbRows(`COPY (${MONTHLY}) TO '${join(scratch, name)}' (FORMAT parquet)`, { file: source });
    }
  });
  return { oct: join(dir, 'monthly-2018-10.parquet'), nov: join(dir, 'monthly-2018-11.parquet') };
}

/** The cached store of both monthly files, ingested in one `costlens ingest` (read it only; storeCopy to write). */
export async function monthlyStore(): Promise<{ db: string; oct: string; nov: string }> {
  const files = await monthlyCurFiles();
  return { db: await cachedStore([[files.oct, files.nov]]), ...files };
}

/** Exact sums (decimal text at the store's 1e-10) of a Parquet file by DuckDB, per billing period, of BilledCost and EffectiveCost where `where` holds. */
export async function fileSums(files: readonly string[], where = 'true'): Promise<Record<string, { billed: string; effective: string; lines: string }>> {
  const rows = await duckdbRows(`SELECT strftime(bill_billing_period_start_date, '%Y-%m') AS period,
      CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
      CAST(sum(CAST(${EFFECTIVE} AS DECIMAL(38,10))) AS VARCHAR) AS effective, count(*) AS lines
    FROM read_parquet([${files.map((_, i) => `$f${i}`).join(', ')}], union_by_name = true) WHERE ${where} GROUP BY 1 ORDER BY 1`,
  Object.fromEntries(files.map((f, i) => [`f${i}`, f])));
  return Object.fromEntries(rows.map((r) => [r.period!, { billed: r.billed!, effective: r.effective!, lines: r.lines! }]));
}

/** The unused RI cost of `files`' RI fee lines (unused amortised upfront + unused recurring), summed exactly by DuckDB. */
export async function unusedRiCost(...files: string[]): Promise<string> {
  const [row] = await duckdbRows(`SELECT CAST(sum(CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10))
      + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10))) AS VARCHAR) AS cost
    FROM read_parquet([${files.map((_, i) => `$f${i}`).join(', ')}], union_by_name = true) WHERE line_item_line_item_type = 'RIFee'`,
  Object.fromEntries(files.map((f, i) => [`f${i}`, f])));
  return row.cost!;
}
