import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { makeWorkDir } from '../lib/work-dirs.ts';
import { CostlensError, messageOf } from '../errors.ts';
import { createDuckDB, instanceSettings } from '../store/duckdb-settings.ts';
import { LINE_ITEM_COLUMNS } from '../store/schema.ts';
import { writeNewGeneration } from '../store/generation.ts';
import { CHARGE_CLASS_INPUTS } from '../store/charge-class.ts';
import { writeRollupFiles } from '../store/rollups.ts';
import { removeUnusedPeriodFiles, replacePeriods } from '../store/period-files.ts';
import { STAGED_LINES, createStagedView, ingestFolder, lineFilesOf, stageFileSql, storedLineColumns, type StagedFile } from './stage-lines.ts';
import { planIngest, type FormatChoice, type IngestUnit } from './detect.ts';
import { isTelemetryFormat } from './units.ts';
import { mapBillingFile } from './file-mappings.ts';
import { stageBillingFile, type StagingStatement, type Unpacking } from './stage-file.ts';
import { outOfMemoryError } from './readers.ts';
import { isWithin } from '../lib/path-within.ts';
import { isS3Uri, resolveS3Paths, type S3IngestOptions } from './s3/index.ts';
import { describeFsError, isFsError } from '../lib/fs-errors.ts';
import { loadTelemetryUnit } from './telemetry-loader.ts';
import { resolveUnpackLimits, type UnpackLimits } from './unpack-limits.ts';
import { refuseMixedCurrencies } from './currency.ts';
import { makeFolders } from './new-folders.ts';
import { countStagedPeriods, summarisePeriods, tallyStagedFiles, type PeriodSummary } from './staged-periods.ts';
import { refuseForeignStoreFile } from '../store/foreign-database.ts';
import { emptyBillingFile, type EmptyBillingFile } from './empty-billing-files.ts';
import { readHeldUsage, removedUsage, type RemovedUsage } from './removed-usage.ts';

export type { EmptyBillingFile, PeriodSummary, RemovedUsage };

/** unpack: detect formats and unpack archives; map: read a file's columns; parse: load its rows; rollups: summaries, replaced periods; commit. */
export type IngestPhase = 'unpack' | 'map' | 'parse' | 'rollups' | 'commit';

export interface IngestProgress {
  phase: IngestPhase;
  /** The file (empty in the unpack, rollups and commit phases, which span every file). */
  file: string;
  index: number;
  total: number;
  bytes: number;
  /** Set when the file is done. */
  rows?: number;
  elapsedMs?: number;
  /** DuckDB's own estimate while a file loads, 0–100. */
  percent?: number;
}

export interface IngestOptions {
  format?: FormatChoice;
  /** Bounded wait for another process's lock on the store. */
  waitMs?: number;
  onWait?: (message: string) => void;
  onProgress?: (progress: IngestProgress) => void;
  /** How s3:// paths are mirrored before planning (default cache: `cache/s3` beside the store). */
  s3?: Partial<S3IngestOptions>;
  /** Bounds on unpacking .gz/.zip files (default: the defaults and COSTLENS_UNPACK_* of the environment). */
  unpackLimits?: UnpackLimits;
}

export interface TelemetrySummary {
  format: string;
  table: string;
  rows: number;
  /** Rows that repeated another row of the ingest exactly (same key, same values): loaded once. */
  duplicates: number;
  files: string[];
}

export interface IngestSummary {
  ingestId: string;
  store: string;
  periods: PeriodSummary[];
  telemetry: TelemetrySummary[];
  ignoredFiles: string[];
  ignoredColumns: Record<string, string[]>;
  /** Billing files that held no line items (a header only): they loaded and replaced nothing. */
  emptyFiles: EmptyBillingFile[];
  /** Periods whose usage lines this ingest replaced with lines of no usage (a fees-only file ingested alone): the CLI warns. */
  usageRemoved: RemovedUsage[];
  /** False when the ingest loaded nothing (no line items, no telemetry): no generation was written, the store is exactly as it was, `ingests` records nothing. */
  committed: boolean;
  /** The billing currency of the lines this ingest loaded (the store's: one per store, currency.ts); null when none names one. */
  billingCurrency: string | null;
}

/**
 * Ingests files and folders into a new generation of the store (see writeNewGeneration): each
 * (source, billing period) present in the input is staged in Parquet files, rolled up, written to
 * its own period files (src/store/period-files.ts) and replaces what the store held for it,
 * metrics/inventory rows are upserted, and every ingest is recorded in `ingests`. On any error,
 * or if the process dies, the store stays exactly as it was; readers are never blocked. An ingest
 * that loads nothing (billing files of a header only) writes nothing: `committed` is false.
 */
export async function ingestPaths(storePath: string, paths: string[], options: IngestOptions = {}): Promise<IngestSummary> {
  let workDir: string | undefined;
  let unmakeStoreFolder: (() => void) | undefined;
  const inputs = paths.filter((p) => !isS3Uri(p));
  try {
    await refuseForeignStoreFile(storePath);
    const plannerSettings = instanceSettings();
    workDir = makeWorkDir('ingest');
    const localPaths = await resolveS3Paths(paths, { cacheDir: join(dirname(storePath), 'cache', 's3'), ...options.s3 });
    const planner = await createDuckDB(':memory:', plannerSettings);
    const planConnection = await planner.connect();
    let plan;
    const limits = options.unpackLimits ?? resolveUnpackLimits(undefined, process.env);
    options.onProgress?.({ phase: 'unpack', file: '', index: 0, total: localPaths.length, bytes: 0 });
    try {
      plan = await planIngest(localPaths, planConnection, workDir, options.format, limits);
    } finally {
      planConnection.closeSync();
      planner.closeSync();
    }
    unmakeStoreFolder = makeFolders(dirname(storePath));
    const publish = (summary: IngestSummary) => summary.committed;
    const summary = await writeNewGeneration(storePath, { waitMs: options.waitMs, onWait: options.onWait, publish }, async (store) => {
      await removeUnusedPeriodFiles(store.connection, storePath);
      return loadInTransaction(store.connection, storePath, plan.units, plan.ignored, { workDir: workDir!, limits }, options);
    });
    if (!summary.committed) unmakeStoreFolder();
    return summary;
  } catch (error) {
    // A store that did not exist is not made by an ingest that fails (its folder only if empty).
    unmakeStoreFolder?.();
    if (!isFsError(error)) throw error;
    const reading = error.path !== undefined && inputs.some((input) => isWithin(input, error.path!));
    throw describeFsError(error, reading ? 'input' : 'store');
  } finally {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
}

async function loadInTransaction(connection: DuckDBConnection, storePath: string, units: IngestUnit[], ignoredFiles: string[], unpacking: Unpacking, options: IngestOptions): Promise<IngestSummary> {
  const ingestId = `ing-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${Math.random().toString(36).slice(2, 8)}`;
  const startedAt = new Date();
  const total = units.reduce((n, u) => n + u.files.length, 0);
  const ignoredColumns: Record<string, Set<string>> = {};
  const telemetry: TelemetrySummary[] = [];
  const unitOfFile = new Map<string, IngestUnit>();
  let index = 0;
  const folder = ingestFolder(storePath, ingestId);
  // One staged file per file loaded: the entries of one zip share `original` (and x_SourceFile), so they are told apart by their staged path.
  const staged: StagedFile[] = [];
  const emptyFiles: EmptyBillingFile[] = [];
  const usageRemoved: RemovedUsage[] = [];
  let unmakeFolder: (() => void) | undefined;
  await connection.run('BEGIN TRANSACTION');
  try {
    const columns = await storedLineColumns(connection);
    unmakeFolder = makeFolders(folder);
    for (const unit of units) {
      if (isTelemetryFormat(unit.format)) {
        const rows = await loadTelemetryUnit(connection, unit, (file) => options.onProgress?.({ phase: 'parse', file: file.original, index: ++index, total, bytes: file.bytes }));
        telemetry.push({ format: unit.format, table: rows.table, rows: rows.rows, duplicates: rows.duplicates, files: unit.files.map((f) => f.original) });
        continue;
      }
      for (const file of unit.files) {
        unitOfFile.set(file.original, unit);
        const started = Date.now();
        options.onProgress?.({ phase: 'map', file: file.original, index: ++index, total, bytes: file.bytes });
        const mapping = await mapBillingFile(connection, unit.format, file);
        ignoredColumns[unit.format] ??= new Set();
        for (const c of mapping.ignoredColumns) ignoredColumns[unit.format].add(c);
        const select = withChargeClassInputs(mapping.select);
        const target = join(folder, `lines-${staged.length}.parquet`);
        staged.push({ path: target, periods: [] });
        options.onProgress?.({ phase: 'parse', file: file.original, index, total, bytes: file.bytes });
        const statement: StagingStatement = {
          copyTo: (to) => stageFileSql(columns, select, mapping.from, to),
          target,
          params: { ingest_id: ingestId, source_format: unit.format, source_file: file.original },
          check: mapping.check,
          headers: mapping.headers,
          values: mapping,
        };
        const onPercent = options.onProgress && ((percent: number) => options.onProgress!({ phase: 'parse', file: file.original, index, total, bytes: file.bytes, percent }));
        const rows = await stageBillingFile(connection, file, statement, unpacking, onPercent);
        if (rows === 0) emptyFiles.push(emptyBillingFile(unit, file));
        options.onProgress?.({ phase: 'parse', file: file.original, index, total, bytes: file.bytes, rows, elapsedMs: Date.now() - started });
      }
    }
    options.onProgress?.({ phase: 'rollups', file: '', index, total, bytes: 0 });
    await createStagedView(connection, staged.map((f) => f.path));
    const tally = await tallyStagedFiles(connection, staged);
    const periods = summarisePeriods(tally, unitOfFile);
    const committed = periods.length > 0 || telemetry.length > 0;
    // One billing currency per store (currency.ts): refused before anything is written.
    const currency = await refuseMixedCurrencies(connection, tally, periods);
    countStagedPeriods(tally, staged, periods);
    await recordTagSets(connection);
    if (periods.length > 0) {
      const rollupFiles = await writeRollupFiles(connection, STAGED_LINES, folder, ingestId, periods);
      const files = [...await lineFilesOf(connection, ingestId, staged), ...rollupFiles];
      const held = await readHeldUsage(connection, periods);
      const replaced = await replacePeriods(connection, periods, files);
      periods.forEach((period, i) => (period.replacedRows = replaced[i]));
      usageRemoved.push(...removedUsage(periods, held, tally));
    } else {
      // No lines (files of a header only, or telemetry alone): nothing in the folder is listed.
      rmSync(folder, { recursive: true, force: true });
      // Nothing at all: this generation is not published (ingestPaths), so the `.periods` folder it made goes too.
      if (!committed) unmakeFolder();
    }
    if (committed) await recordIngests(connection, ingestId, startedAt, periods, telemetry, ignoredColumns);
    options.onProgress?.({ phase: 'commit', file: '', index, total, bytes: 0 });
    await connection.run('COMMIT');
    return {
      ingestId,
      store: storePath,
      periods,
      telemetry,
      ignoredFiles,
      ignoredColumns: Object.fromEntries(Object.entries(ignoredColumns).map(([k, v]) => [k, [...v].sort()])),
      emptyFiles,
      usageRemoved,
      committed,
      billingCurrency: currency ?? null,
    };
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
    // The `.periods` folder too, when this ingest made it (a new store), so nothing is left behind.
    unmakeFolder?.();
    if (error instanceof CostlensError) throw error;
    if (/Out of Memory Error/i.test(messageOf(error))) throw outOfMemoryError('ingest failed', error);
    throw new CostlensError('store', `ingest failed: ${messageOf(error).split('\n')[0]}`, {
      hint: 'nothing was written to the store; rerun with COSTLENS_DEBUG=1 for the whole reason, and report it if the input looks right',
      cause: error,
    });
  }
}

/** The mapping plus NULL for every column the charge-class rule reads that the file cannot fill. */
function withChargeClassInputs(select: Record<string, string>): Record<string, string> {
  const complete = { ...select };
  for (const name of CHARGE_CLASS_INPUTS) {
    const type = LINE_ITEM_COLUMNS.find((c) => c.name === name)!.type;
    complete[name] ??= `CAST(NULL AS ${type})`;
  }
  return complete;
}

/**
 * Adds the tag sets of the new lines to `tag_sets`. Two different maps with one hash would
 * attribute money to the wrong tags, so that (astronomically unlikely) case stops the ingest.
 */
async function recordTagSets(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `INSERT INTO tag_sets
       SELECT DISTINCT x_TagSetId, Tags FROM ${STAGED_LINES}
        WHERE x_TagSetId NOT IN (SELECT tag_set_id FROM tag_sets)`,
  );
  const clash = await connection.runAndReadAll(`SELECT tag_set_id FROM tag_sets GROUP BY tag_set_id HAVING count(DISTINCT Tags) > 1 LIMIT 1`);
  if (clash.currentRowCount > 0) {
    throw new CostlensError('internal', `two different tag sets share the hash ${String(clash.getRows()[0][0])}`, {
      hint: 'report this: costlens keys tag sets by a 64-bit hash and found a collision',
    });
  }
}

async function recordIngests(connection: DuckDBConnection, ingestId: string, startedAt: Date, periods: PeriodSummary[], telemetry: TelemetrySummary[], ignoredColumns: Record<string, Set<string>>) {
  const insert = `INSERT INTO ingests VALUES ($ingest_id, $source, $format, $period, $table, string_split($files, chr(10)), $rows,
    CAST($billed AS DECIMAL(38,10)), CAST($effective AS DECIMAL(38,10)), CASE WHEN $ignored = '' THEN CAST([] AS VARCHAR[]) ELSE string_split($ignored, chr(10)) END, CAST($started AS TIMESTAMP), CAST(now() AS TIMESTAMP), 'succeeded')`;
  const ignored = (format: string) => [...(ignoredColumns[format] ?? [])].sort().join('\n');
  for (const p of periods) {
    await connection.run(insert, {
      ingest_id: ingestId, source: p.source, format: p.format, period: p.billingPeriod, table: 'line_items', files: p.files.join('\n'),
      rows: p.rows, billed: p.billedCost, effective: p.effectiveCost, ignored: ignored(p.format), started: startedAt.toISOString(),
    });
  }
  for (const t of telemetry) {
    await connection.run(insert, {
      ingest_id: ingestId, source: t.format, format: t.format, period: null, table: t.table, files: t.files.join('\n'),
      rows: t.rows, billed: null, effective: null, ignored: '', started: startedAt.toISOString(),
    });
  }
}
