/**
 * Period files: the lines of each (source, billing period), and their rollups, live in a Parquet
 * set of their own beside the store (`<store>.periods/<ingest id>/`), written once and never
 * changed. The store file is the catalogue: `period_files` lists the files of the current
 * generation, and the views `line_items`, `usage_daily`, `daily_spend` and `tag_spend_daily` read
 * those files with the columns of the `*_inline` table (and, while it holds rows written before
 * schema version 12, that table too). An
 * ingest writes its files, then rewrites only the small catalogue (src/store/generation.ts): the
 * rename of the catalogue publishes the new files and the retirement of the replaced ones in one
 * step, so readers see one generation or the other, never a mix. Replaced files are deleted by a
 * later writer once retired for RETIRED_GRACE_MS (readers of the previous generation open them per
 * query), and files no generation lists (a killed writer's) are deleted by the next writer.
 */
import { existsSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { quoteIdentifier, quoteLiteral } from '../lib/sql-quote.ts';
import { missingPeriodFiles, missingPeriodFilesError } from './missing-period-files.ts';
import { tableColumns } from './table-columns.ts';
import { plural } from '../lib/text.ts';

/** The relations stored per (source, billing period): the lines and their rollups. */
export const PERIOD_RELATIONS = ['line_items', 'usage_daily', 'daily_spend', 'tag_spend_daily'] as const;

export type PeriodRelation = (typeof PERIOD_RELATIONS)[number];

/**
 * How every period file is written: zstd at level 1, which writes a CUR's lines about a sixth
 * faster than the default level 3 for files a few per cent larger.
 */
export const PERIOD_FILE_FORMAT = '(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)';

/** How long a replaced file stays on disk for readers still on the previous generation. */
export const RETIRED_GRACE_MS = 15 * 60_000;

/** One (source, billing period) of an ingest. */
export interface PeriodKey {
  source: string;
  billingPeriod: string;
}

/** A file written for one relation of one (source, billing period). */
export interface PeriodFile extends PeriodKey {
  ingestId: string;
  relation: PeriodRelation;
  path: string;
  rows: number;
  bytes: number;
}

/**
 * The folder of a store's period files: `<store>.periods/`, in the store's folder as the file system
 * resolves it (symbolic links followed), so one store reached by two spellings has one folder.
 */
export function periodFilesDir(storePath: string): string {
  const path = resolve(storePath);
  return `${join(realPath(dirname(path)), basename(path))}.periods`;
}

/** The path with symbolic links resolved, or as given when it does not exist. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Whether `path` lies in `dir`, by the file system's spelling of both. */
function isWithinDir(path: string, dir: string): boolean {
  return path.startsWith(`${dir}/`) || realPath(path).startsWith(`${dir}/`);
}

/**
 * Replaces the stored periods of `files` with them in the catalogue: the files listed for those
 * (source, period)s move to `retired_files`, their inline rows are deleted, the new files are
 * listed and the views rebuilt. Returns the line count each (source, period) held before.
 */
export async function replacePeriods(connection: DuckDBConnection, periods: readonly PeriodKey[], files: readonly PeriodFile[]): Promise<number[]> {
  const replaced: number[] = [];
  for (const period of periods) {
    const key = { source: period.source, period: period.billingPeriod };
    const where = 'x_Source = $source AND x_BillingPeriod = $period';
    const held = await connection.runAndReadAll(
      `SELECT (SELECT coalesce(sum(rows), 0) FROM period_files WHERE ${where} AND relation = 'line_items')
            + (SELECT count(*) FROM line_items_inline WHERE ${where})`, key);
    replaced.push(Number(held.getRows()[0][0]));
    for (const relation of PERIOD_RELATIONS) await connection.run(`DELETE FROM ${relation}_inline WHERE ${where}`, key);
    await connection.run(`INSERT INTO retired_files SELECT path, CAST(now() AS TIMESTAMP) FROM period_files WHERE ${where}`, key);
    await connection.run(`DELETE FROM period_files WHERE ${where}`, key);
  }
  for (const f of files) {
    await connection.run(`INSERT INTO period_files VALUES ($source, $period, $relation, $path, $ingest_id, $rows, $bytes)`, {
      source: f.source, period: f.billingPeriod, relation: f.relation, path: f.path, ingest_id: f.ingestId, rows: f.rows, bytes: f.bytes,
    });
  }
  await rebuildViews(connection);
  return replaced;
}

/**
 * Points each view at its inline table and the files `period_files` lists for it that are on disk:
 * a listed file that is gone (missing-period-files.ts) is left out, so that a writer can still
 * ingest its billing period again, while readers refuse the store until it does.
 */
export async function rebuildViews(connection: DuckDBConnection): Promise<void> {
  const listed = await connection.runAndReadAll(`SELECT relation, path FROM period_files ORDER BY x_BillingPeriod, x_Source, path`);
  const rows = listed.getRows().map((r) => ({ relation: String(r[0]), path: String(r[1]) })).filter((r) => existsSync(r.path));
  for (const relation of PERIOD_RELATIONS) {
    const paths = rows.filter((r) => r.relation === relation).map((r) => r.path);
    await connection.run(`CREATE OR REPLACE VIEW ${relation} AS ${await viewSelect(connection, relation, paths)}`);
  }
}

/**
 * Rebuilds the views when every file the catalogue lists is where it says (true), else leaves them
 * (false): a store moved with its folder gets its views rebuilt when relocatePeriodFiles points it
 * at its own folder, which happens after its migrations.
 */
export async function rebuildViewsWhereFilesAre(connection: DuckDBConnection): Promise<boolean> {
  if (!(await hasPeriodFiles(connection))) return false;
  if (!(await listedPeriodFileSizes(connection)).every((f) => existsSync(f.path))) return false;
  await rebuildViews(connection);
  return true;
}

/**
 * The view's SELECT: the inline table's columns, in its order and stored types, over the files.
 * When the inline table is empty (every store since schema version 12), the view reads the files
 * alone, naming each column (NULL of its type where no file has it): DuckDB binds that in about
 * half the time of a UNION ALL BY NAME with the table, and every query on the view is bound anew.
 * Files of one schema are read as they are, else by name. While the inline table holds rows it is
 * read UNION ALL BY NAME the same column list, so the view's types are the stored ones either way.
 */
async function viewSelect(connection: DuckDBConnection, relation: PeriodRelation, paths: readonly string[]): Promise<string> {
  const inline = `${relation}_inline`;
  if (paths.length === 0) return `SELECT * FROM ${inline}`;
  const list = `[${paths.map(quoteLiteral).join(', ')}]`;
  const schemas = await connection.runAndReadAll(`SELECT string_agg(field, ',' ORDER BY field) FROM (
      SELECT file_name, CAST(row(name, type, converted_type, logical_type, scale, precision, repetition_type, num_children) AS VARCHAR) AS field
      FROM parquet_schema(${list})) GROUP BY file_name`);
  const oneSchema = new Set(schemas.getRows().map((r) => String(r[0]))).size === 1;
  const files = oneSchema ? `read_parquet(${list})` : `read_parquet(${list}, union_by_name = true)`;
  const inFiles = new Map((await tableColumns(connection, files)).map((c) => [c.name.toLowerCase(), c]));
  const stored = await tableColumns(connection, inline);
  const storedNames = new Set(stored.map((c) => c.name.toLowerCase()));
  const columns = stored.map(({ name, type }) => {
    const id = quoteIdentifier(name);
    const inFile = inFiles.get(name.toLowerCase());
    if (inFile === undefined) return `CAST(NULL AS ${type}) AS ${id}`;
    const source = quoteIdentifier(inFile.name);
    if (inFile.type !== type) return `CAST(${source} AS ${type}) AS ${id}`;
    return inFile.name === name ? id : `${source} AS ${id}`;
  });
  const extra = [...inFiles.values()].filter((c) => !storedNames.has(c.name.toLowerCase())).map((c) => quoteIdentifier(c.name));
  const fromFiles = `SELECT ${[...columns, ...extra].join(', ')}\nFROM ${files}`;
  const held = await connection.runAndReadAll(`SELECT count(*) FROM (SELECT 1 FROM ${inline} LIMIT 1)`);
  return Number(held.getRows()[0][0]) > 0 ? `SELECT * FROM ${inline}\nUNION ALL BY NAME ${fromFiles}` : fromFiles;
}

/** A file the catalogue names under another store's folder, and the same file in this store's folder. */
export interface MovedPeriodFile {
  from: string;
  to: string;
}

/**
 * The listed files that lie outside the store's own folder while the folder holds them too, under
 * the same name and, where the catalogue recorded it, the same size: a store moved or copied
 * together with its `.periods` folder, whose catalogue still names the old folder. (A file the own
 * folder lacks, or holds cut short, is not moved: a copy of the store file alone keeps reading the
 * files of the store it was copied from.)
 */
export function movedPeriodFiles(listed: readonly ListedPeriodFile[], storePath: string): MovedPeriodFile[] {
  const dir = periodFilesDir(storePath);
  if (!existsSync(dir)) return [];
  return listed.flatMap(({ path: from, bytes }) => {
    const at = from.lastIndexOf('.periods/');
    if (at < 0 || isWithinDir(from, dir)) return [];
    const to = join(dir, from.slice(at + '.periods/'.length));
    if (!existsSync(to) || realPath(to) === realPath(from) || (bytes !== undefined && statSync(to).size !== bytes)) return [];
    return [{ from, to }];
  });
}

/** A file the catalogue lists, with the size it recorded (retired files have none). */
export interface ListedPeriodFile {
  path: string;
  bytes?: number;
}

/** The files the store's current generation reads, with their recorded sizes (none for a store older than schema version 12). */
export async function listedPeriodFileSizes(connection: DuckDBConnection): Promise<ListedPeriodFile[]> {
  if (!(await hasPeriodFiles(connection))) return [];
  const result = await connection.runAndReadAll(`SELECT path, bytes FROM period_files ORDER BY path`);
  return result.getRows().map((r) => ({ path: String(r[0]), bytes: Number(r[1]) }));
}

/**
 * Points the catalogue (listed and retired files) at the store's own folder for every file moved
 * with it (movedPeriodFiles) and rebuilds the views; a writer's first step. A listed file is moved
 * only when its copy has the size the catalogue recorded (a truncated copy stays where it was).
 * The views are rebuilt too when a listed file is gone, over the files on disk (rebuildViews), so
 * that the ingest that writes its period again can read the others. Returns how many listed files it moved.
 */
export async function relocatePeriodFiles(connection: DuckDBConnection, storePath: string): Promise<number> {
  const retired = (await connection.runAndReadAll(`SELECT path FROM retired_files`)).getRows().map((r) => ({ path: String(r[0]) }));
  const listed = await listedPeriodFileSizes(connection);
  const moved = movedPeriodFiles(listed, storePath);
  for (const { from, to } of moved) await connection.run(`UPDATE period_files SET path = $to WHERE path = $from`, { from, to });
  for (const { from, to } of movedPeriodFiles(retired, storePath)) await connection.run(`UPDATE retired_files SET path = $to WHERE path = $from`, { from, to });
  const movedFrom = new Set(moved.map((m) => m.from));
  if (moved.length > 0 || listed.some((f) => !movedFrom.has(f.path) && !existsSync(f.path))) await rebuildViews(connection);
  return moved.length;
}

/**
 * The files a reader of the store may read: those its catalogue lists. A store moved or copied with
 * its folder (movedPeriodFiles) is refused, naming `costlens migrate`: its catalogue still names
 * the old folder's files, which a reader would read instead of its own (or fail to find). So is a
 * store whose listed files are not all on disk, naming them and the ingest that writes them again
 * (missing-period-files.ts).
 */
export async function readablePeriodFiles(connection: DuckDBConnection, storePath: string): Promise<string[]> {
  const listed = await listedPeriodFileSizes(connection);
  const moved = movedPeriodFiles(listed, storePath);
  if (moved.length > 0) {
    const shown = /^[\w./+-]+$/.test(storePath) ? storePath : `'${storePath.replaceAll("'", "'\\''")}'`;
    throw new CostlensError('store', `${storePath} was moved or copied with its folder of period files: its catalogue still names ${plural(moved.length, 'file')} under ${dirname(dirname(moved[0].from))}`, {
      hint: `run \`costlens migrate --db ${shown}\` once to point it at ${periodFilesDir(storePath)} (any ingest does it too)`,
    });
  }
  const missing = await missingPeriodFiles(connection, listed);
  if (missing.length > 0) throw missingPeriodFilesError(storePath, missing);
  return listed.map((f) => f.path);
}

/** The listed files outside the store's own folder: those a copy of the catalogue alone shares with its original, or a partial copy still reads there. */
export function foreignPeriodFiles(listed: readonly string[], storePath: string): string[] {
  const dir = periodFilesDir(storePath);
  return listed.filter((path) => !isWithinDir(path, dir));
}

async function hasPeriodFiles(connection: DuckDBConnection): Promise<boolean> {
  const exists = await connection.runAndReadAll(
    `SELECT count(*) FROM information_schema.tables WHERE table_name = 'period_files' AND table_schema = 'main'`,
  );
  return Number(exists.getRows()[0][0]) > 0;
}

/**
 * Deletes, within the store's own folder only (a copied store may list another store's files), the
 * files retired more than RETIRED_GRACE_MS ago and the ingest folders that neither `period_files`
 * nor `retired_files` names (left by a killed writer). Runs under the writer lock, in the
 * writer's generation, before it writes files of its own.
 */
export async function removeUnusedPeriodFiles(connection: DuckDBConnection, storePath: string): Promise<void> {
  const dir = periodFilesDir(storePath);
  const expired = await connection.runAndReadAll(
    `SELECT path FROM retired_files WHERE retired_at < CAST(now() AS TIMESTAMP) - to_milliseconds(CAST($grace AS BIGINT))`, { grace: RETIRED_GRACE_MS });
  for (const [path] of expired.getRows()) {
    if (isWithinDir(String(path), dir)) rmSync(String(path), { force: true });
  }
  await connection.run(`DELETE FROM retired_files WHERE retired_at < CAST(now() AS TIMESTAMP) - to_milliseconds(CAST($grace AS BIGINT))`, { grace: RETIRED_GRACE_MS });
  if (!existsSync(dir)) return;
  const named = await connection.runAndReadAll(`SELECT path FROM period_files UNION ALL SELECT path FROM retired_files`);
  const folders = new Set(named.getRows().map((r) => realPath(String(r[0]))).filter((p) => p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1).split('/')[0]));
  for (const entry of readdirSync(dir)) {
    if (!folders.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}
