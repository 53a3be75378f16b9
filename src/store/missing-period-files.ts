/**
 * Period files the catalogue lists but the disk no longer holds (deleted by hand, a folder copied
 * in part): every view over them fails on its first read with DuckDB's "Cannot access file
 * …/**\/*.parquet", and the sandbox words it as a permission error. Readers and `costlens migrate`
 * check for them first and refuse the store naming the files, the billing periods they hold and
 * the ingest to run again (the files its last ingest of each period read, from `ingests`).
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';

/** A listed period file not on disk, with the (source, billing period) whose rows or rollup it holds. */
export interface MissingPeriodFile {
  path: string;
  source: string;
  billingPeriod: string;
  relation: string;
  /** The files the ingest that wrote it read (from `ingests`), to ingest again. */
  sourceFiles: string[];
}

/** The files of `listed` (paths the catalogue lists) that are not on disk, each with what it holds. */
export async function missingPeriodFiles(connection: DuckDBConnection, listed: readonly { path: string }[]): Promise<MissingPeriodFile[]> {
  const gone = listed.map((f) => f.path).filter((path) => !existsSync(path));
  if (gone.length === 0) return [];
  const rows = await connection.runAndReadAll(`SELECT f.path, f.x_Source, f.x_BillingPeriod, f.relation, coalesce(i.files, [])
      FROM period_files f LEFT JOIN ingests i ON i.ingest_id = f.ingest_id AND i.source = f.x_Source AND i.billing_period = f.x_BillingPeriod
      ORDER BY f.x_BillingPeriod, f.x_Source, f.relation, f.path`);
  const missing = new Set(gone);
  return rows.getRows().filter((r) => missing.has(String(r[0]))).map((r) => ({
    path: String(r[0]), source: String(r[1]), billingPeriod: String(r[2]), relation: String(r[3]),
    sourceFiles: (r[4] as { items?: unknown[] } | null)?.items?.map(String) ?? [],
  }));
}

/**
 * The store error for missing period files: how many, the first, the (source, billing period)s
 * they hold, and the ingest that writes them again.
 */
export function missingPeriodFilesError(storePath: string, missing: readonly MissingPeriodFile[]): CostlensError {
  const periods = [...new Map(missing.map((m) => [`${m.source} ${m.billingPeriod}`, m])).values()];
  const held = periods.map((p) => `${p.source} ${p.billingPeriod}`).join(', ');
  const more = missing.length > 1 ? ` and ${missing.length - 1} more` : '';
  const files = [...new Set(periods.flatMap((p) => p.sourceFiles))];
  const shown = (path: string) => (/^[\w./+=:@-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`);
  const ingest = files.length > 0 ? `costlens ingest ${files.slice(0, 3).map(shown).join(' ')}${files.length > 3 ? ' …' : ''} --db ${shown(storePath)}` : `costlens ingest FILES --db ${shown(storePath)}`;
  return new CostlensError('store', `the store ${storePath} is missing ${missing.length} of the period files its catalogue lists: ${missing[0].path}${more} (the ${missing[0].relation} of ${held}); its figures for ${periods.length === 1 ? 'that billing period' : 'those billing periods'} cannot be read`, {
    hint: `ingest the billing period${periods.length === 1 ? '' : 's'} again to write ${missing.length === 1 ? 'it' : 'them'} anew (${ingest}); a copied store needs its whole .periods folder`,
  });
}
