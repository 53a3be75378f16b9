/**
 * Runs the staging COPY of one billing file (stage-lines.ts stageFileSql) and turns a failure into
 * an input error naming the file, line and column (a bad JSON object or map: map-columns.ts; a
 * Parquet text column that holds something other than a number or time: parquet-values.ts); a
 * staged file with a line that leaves a required column empty is refused (required-values.ts).
 * A `.gz` left packed is read through a pipe as
 * Node inflates it (gzip-pipe.ts); where no pipe can be made it is unpacked first. A read through
 * the pipe that fails is read again, from an unpacked copy, in a DuckDB of its own (the ingest's
 * transaction is aborted by then), so its error names the line and column as a plain file's does.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { createDuckDB, scratchSettings } from '../store/duckdb-settings.ts';
import { describePlain, unpack } from './decompress.ts';
import { readThroughGzipPipe } from './gzip-pipe.ts';
import { locateCsvError } from './csv-decimals.ts';
import { explainReadFailure } from './readers.ts';
import { explainMapFailure, type MapColumn } from './map-columns.ts';
import { explainTextValueFailure, type TextValueColumn } from './parquet-values.ts';
import { refuseEmptyRequiredValues, type RequiredValue } from './required-values.ts';
import type { UnitFile } from './units.ts';
import type { UnpackLimits } from './unpack-limits.ts';

/** Where an ingest unpacks and pipes its archives, and within what bounds. */
export interface Unpacking {
  workDir: string;
  limits: UnpackLimits;
}

/** The staging statement of one file: its COPY to a target (the file's path bound as $path), the target, the other parameters. */
export interface StagingStatement {
  copyTo: (target: string) => string;
  target: string;
  params: Record<string, string>;
  /** The mapping's strictly typed re-read (BillingFileMapping.check) and the CSV header, to explain a failure. */
  check?: string;
  headers?: string[];
  /** What each staged line must hold, and the columns read as maps (BillingFileMapping). */
  values?: { required: RequiredValue[]; maps: MapColumn[]; nullStrings?: string[]; formatName: string; select?: Record<string, string>; textValues?: TextValueColumn[] };
}

/** How often a running staging reports its progress. */
const PROGRESS_INTERVAL_MS = 500;

/**
 * Stages `file` with `statement` on `connection`; returns the rows written. `onPercent` hears,
 * every half second, DuckDB's estimate, or the share of a piped file read.
 */
export async function stageBillingFile(connection: DuckDBConnection, file: UnitFile, statement: StagingStatement, unpacking: Unpacking, onPercent?: (percent: number) => void): Promise<number> {
  const label = describePlain(file.original, { entry: file.entryName });
  const rows = await stage(connection, file, label, statement, unpacking, onPercent);
  const values = statement.values;
  if (values && rows > 0) {
    await refuseEmptyRequiredValues(connection, statement.target, values.required, {
      label, formatName: values.formatName, parquet: isParquet(file), headers: statement.headers, nullStrings: values.nullStrings,
      plain: async () => (file.gzipped ? unpackedCopy(file, unpacking) : file.plain),
    });
  }
  return rows;
}

const isParquet = (file: UnitFile) => /\.parquet$/i.test(file.plain);

/** The staging COPY of `file`; a failure explained as an input error naming `label`. */
async function stage(connection: DuckDBConnection, file: UnitFile, label: string, statement: StagingStatement, unpacking: Unpacking, onPercent?: (percent: number) => void): Promise<number> {
  const copy = async (path: string) => Number((await connection.run(statement.copyTo(statement.target), { ...statement.params, path })).rowsChanged);
  const piped = file.gzipped ? readThroughGzipPipe(file.plain, statSync(file.plain).size, unpacking.workDir, unpacking.limits, copy) : undefined;
  const ticker = onPercent ? setInterval(() => {
    const percent = piped ? piped.percent() : connection.progress.percentage;
    if (percent >= 0) onPercent(percent);
  }, PROGRESS_INTERVAL_MS) : undefined;
  let plain = file.plain;
  try {
    if (piped) return await piped.done;
    if (file.gzipped) plain = await unpackedCopy(file, unpacking);
    return await copy(plain);
  } catch (error) {
    if (error instanceof CostlensError) throw error;
    let failure = error;
    if (piped) {
      plain = await unpackedCopy(file, unpacking);
      failure = await rereadAlone(plain, statement, unpacking.workDir, error);
    }
    const located = await locateCsvError(statement.check, plain, failure);
    throw await explainStagingFailure(label, plain, isParquet(file), statement, located);
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

/** What explains a staging failure: a map column's, a Parquet text value's (undefined: not theirs), else the read's. */
export interface StagingExplainers {
  map: typeof explainMapFailure;
  textValue: typeof explainTextValueFailure;
  read: typeof explainReadFailure;
}

const EXPLAINERS: StagingExplainers = { map: explainMapFailure, textValue: explainTextValueFailure, read: explainReadFailure };

/**
 * The input error of a staging COPY of `plain` that failed with `failure` (DuckDB's, located by
 * line): a bad map or JSON column, a Parquet text column's value, else the read's own words. A map
 * or text-value explainer that fails itself (its scratch DuckDB, its re-read) does not replace
 * DuckDB's error: the read's words of `failure` are given instead.
 */
export async function explainStagingFailure(label: string, plain: string, parquet: boolean, statement: StagingStatement, failure: unknown, explainers: StagingExplainers = EXPLAINERS): Promise<CostlensError> {
  const source = { parquet, headers: statement.headers, nullStrings: statement.values?.nullStrings };
  const unlessFailing = (explain: () => Promise<CostlensError | undefined>) => explain().catch(() => undefined);
  return await unlessFailing(() => explainers.map(label, plain, source, statement.values?.maps ?? [], failure))
    ?? (parquet ? await unlessFailing(() => explainers.textValue(label, plain, { ...statement.values, params: statement.params }, failure)) : undefined)
    ?? await explainers.read(label, plain, failure, statement.headers);
}

/** A `.gz` left packed, unpacked into the work folder (checked to its end and within the limits). */
async function unpackedCopy(file: UnitFile, unpacking: Unpacking): Promise<string> {
  const [plain] = await unpack(file.plain, unpacking.workDir, unpacking.limits);
  return plain.path;
}

/** The error the statement gives on `plain` in a DuckDB of its own, writing to a scratch file; `fallback` if it succeeds there. */
async function rereadAlone(plain: string, statement: StagingStatement, workDir: string, fallback: unknown): Promise<unknown> {
  const instance = await createDuckDB(':memory:', scratchSettings());
  const connection = await instance.connect();
  const scratch = join(workDir, `reread-${Math.random().toString(36).slice(2)}.parquet`);
  try {
    await connection.run(statement.copyTo(scratch), { ...statement.params, path: plain });
    return fallback;
  } catch (again) {
    return again;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
