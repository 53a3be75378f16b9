import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { main } from '../../src/cli/main.ts';
import { quoteLiteral } from '../../src/lib/sql-quote.ts';
import { resultToTable } from '../../src/lib/table.ts';
import { runReadOnlySql } from '../../src/store/read-only-sql.ts';
import { withStore } from '../../src/store/open.ts';
import { scratchDir } from './scratch-dirs.ts';

/**
 * The real AWS billing files the tests reproduce (the workplace's shared/data/real): COSTLENS_REAL_DATA
 * when set (then the only place tried), else `../shared/data/real` beside the checkout, else the
 * workplace's own /work/shared/data/real, so a clone anywhere on the machine finds them.
 */
export const REAL = process.env.COSTLENS_REAL_DATA
  ?? [resolve(__dirname, '../../../shared/data/real'), '/work/shared/data/real'].find((dir) => existsSync(dir))
  ?? resolve(__dirname, '../../../shared/data/real');
export const REAL_OCT_2018 = join(REAL, 'cur-athena-parquet-2018-10.snappy.parquet');
export const REAL_NOV_2018 = join(REAL, 'cur-athena-parquet-2018-11.snappy.parquet');
export const REAL_LEGACY_CSV = join(REAL, 'cur-legacy-anonymous-2023-11.csv');
export const REAL_FOCUS = join(REAL, 'focus-1.0-sample.csv');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it, and the text written so far. */
export function textSink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs the costlens CLI in this process against the given store; captures its output. */
export async function costlens(db: string, ...args: string[]): Promise<CliRun> {
  const out = textSink();
  const err = textSink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, env: { ...process.env, COSTLENS_DB: db }, cwd: process.cwd() });
  return { code, stdout: out.text(), stderr: err.text() };
}

/**
 * Runs a read-only statement on the store as `costlens sql` does (read-only store, the same
 * statement check) and returns each cell as DuckDB's text, exactly as `--format csv` prints it:
 * tests compare these strings (counts, exact decimals, `2026-10-01 00:00:00`) digit for digit.
 */
export async function sqlRows(db: string, sql: string): Promise<Record<string, string | null>[]> {
  const table = await withStore(db, { readOnly: true }, async (store) => resultToTable(await runReadOnlySql(store.connection, sql)));
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])));
}

/** A fresh temporary folder (removed when the test file ends) and a store path inside it. */
export function tempStore(): { dir: string; db: string } {
  const dir = scratchDir();
  return { dir, db: join(dir, 'store.duckdb') };
}

/** Runs SQL with DuckDB directly (not through costlens): the independent side of a reconciliation. */
export async function duckdbRows(sql: string, params: Record<string, string> = {}): Promise<Record<string, string | null>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql, params);
    const columns = reader.columnNames();
    return reader.getRows().map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] === null ? null : String(row[i])])));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Copies the lines of a CUR (for Athena) Parquet file whose usage starts in [from, to) into the
 * Parquet file `target`, with DuckDB directly: a bill cut at a day or an hour, for the tests of
 * partial days, partial months and stores of a few days.
 */
export async function cutCurParquet(source: string, target: string, from: string, to: string): Promise<string> {
  await duckdbRows(`COPY (SELECT * FROM read_parquet($source)
      WHERE line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP))
    TO ${quoteLiteral(target)} (FORMAT parquet, COMPRESSION snappy)`, { source, from, to });
  return target;
}
