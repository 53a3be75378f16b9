/**
 * What the ingest tests of packed files share: the real legacy CSV as DuckDB reads it, a store
 * holding the FOCUS sample (a private copy of the cached store) with a fingerprint to show a refused ingest left it as it was, and a
 * refused ingest's exit code and first line.
 */
import { expect } from 'vitest';
import { storeCopy } from './cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, costlens, duckdbRows, sqlRows } from './cli.ts';

/** Lines and BilledCost of the real legacy CSV as DuckDB reads the file itself. */
export async function legacyTruth(): Promise<[number, string]> {
  const [row] = await duckdbRows(`SELECT count(*) AS n, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
    FROM read_csv($file, header = true, all_varchar = true)`, { file: REAL_LEGACY_CSV });
  return [Number(row.n), row.billed!];
}

/** A store holding the FOCUS sample, and what it must still hold after a refused ingest. */
export async function storeWithFocus() {
  const { dir, db } = await storeCopy([[REAL_FOCUS]]);
  const fingerprint = () => sqlRows(db, `SELECT count(*) AS n, CAST(sum(BilledCost) AS VARCHAR) AS billed, (SELECT count(*) FROM ingests) AS ingests FROM line_items`);
  return { dir, db, fingerprint, before: await fingerprint() };
}

/** Runs an ingest expected to fail: its exit code and the first line of stderr. */
export async function refused(db: string, ...args: string[]) {
  const run = await costlens(db, 'ingest', ...args);
  expect(run.stdout).toBe('');
  return { code: run.code, first: run.stderr.split('\n')[0], stderr: run.stderr };
}
