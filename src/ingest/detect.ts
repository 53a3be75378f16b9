import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CostlensError } from '../errors.ts';
import { mapWithConcurrency } from '../lib/concurrency.ts';
import { FOCUS_SIGNATURE } from './formats/focus.ts';
import { CUR_REQUIRED, refuseMissingColumns } from './formats/required-columns.ts';
import { telemetryFormatFor } from './formats/telemetry.ts';
import { describePlain, leavePacked, unpack, type PlainFile } from './decompress.ts';
import { isStreamableGzip } from './gzip-pipe.ts';
import { refuseDuplicateFiles } from './duplicates.ts';
import { demoFolderHint, demoFolderHolding } from './demo-folder.ts';
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from './unpack-limits.ts';
import { walkFolder } from './walk.ts';
import { noDataFilesError, unreadName } from './no-data-files.ts';
import { codePointOrder } from '../lib/order.ts';
import { STATUS_TABLE_REASON, TEMPLATE_REASON, athenaFileReason, isAthenaTemplate, isStatusTable } from './athena-files.ts';
import { governedFolder, isCur2Manifest, isLegacyPeriodManifest, readCur2Manifest, readLegacyManifest } from './manifests.ts';
import { parquetSchema, readCsvHeader } from './readers.ts';
import { isTelemetryFormat, type BillingFormat, type FormatChoice, type IngestUnit, type UnitFile, type UnitFormat } from './units.ts';

export type { BillingFormat, FormatChoice, IngestUnit, UnitFile, UnitFormat } from './units.ts';

export interface IngestPlan {
  units: IngestUnit[];
  /** Files seen but not loaded: stale assemblies, files a manifest does not list, non-data files (CUR for Athena's status table and template among them, athena-files.ts). */
  ignored: string[];
}

const EMPTY_FILE_HINT = 'a billing, metrics or inventory file holds at least its header line (AWS writes it even for a period without charges): download the file again, or leave it out';

/**
 * Resolves the paths a user gave into load units: report folders through their current
 * manifests, loose files by their header or Parquet schema. Compressed files are unpacked into
 * `workDir`. Throws an input error naming the path for anything it cannot recognise.
 */
export async function planIngest(paths: string[], connection: DuckDBConnection, workDir: string, choice: FormatChoice = 'auto', limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<IngestPlan> {
  const context: PlanContext = { connection, workDir, choice, limits };
  const units: IngestUnit[] = [];
  const ignored: string[] = [];
  for (const path of paths) {
    if (/^s3:\/\//i.test(path)) {
      throw new CostlensError('internal', `${path}: s3:// paths are mirrored by ingestPaths (resolveS3Paths) before planning`);
    }
    if (!existsSync(path)) {
      throw new CostlensError('not_found', `${path}: no such file or folder`, {
        hint: 'check the path (a relative one is read from the current folder); give a billing file, a report folder or s3://bucket/prefix',
      });
    }
    if (statSync(path).isDirectory()) await planFolder(path, context, units, ignored);
    else units.push(await planLooseFile(path, context));
  }
  const merged = mergeLooseUnits(units);
  refuseOverlappingManifests(merged, paths);
  await refuseDuplicateFiles(merged, limits);
  return { units: merged, ignored };
}

/**
 * Loose files (no manifest) of one format load as one unit: parts of one delivery, given as
 * several files or folders. Manifest units stay apart, so two reports of one period conflict.
 */
function mergeLooseUnits(units: IngestUnit[]): IngestUnit[] {
  const out: IngestUnit[] = [];
  const looseByFormat = new Map<UnitFormat, IngestUnit>();
  for (const unit of units) {
    if (unit.manifest) {
      out.push(unit);
      continue;
    }
    const existing = looseByFormat.get(unit.format);
    if (existing) {
      existing.files.push(...unit.files);
      existing.origin = `${existing.origin}, ${unit.origin}`;
    } else {
      const copy = { ...unit, files: [...unit.files] };
      looseByFormat.set(unit.format, copy);
      out.push(copy);
    }
  }
  return out;
}

/**
 * Two manifests for the same payer and period describe the same charges: refuse before loading. Of
 * a costlens demo folder among `paths` (the ingest's), the hint gives the command that ingests it.
 */
function refuseOverlappingManifests(units: IngestUnit[], paths: readonly string[]): void {
  const seen = new Map<string, IngestUnit>();
  for (const unit of units) {
    if (!unit.manifest || !unit.period || !unit.account) continue;
    const key = `${unit.account}/${unit.period}`;
    const other = seen.get(key);
    if (other) {
      const demo = demoFolderHolding(paths, [other.origin, unit.origin]);
      throw new CostlensError('input', `billing period ${unit.period} of aws/${unit.account} appears in both ${other.origin} and ${unit.origin}`, {
        hint: demo ? demoFolderHint(demo) : 'ingest one of them: they describe the same charges, and loading both would count them twice',
      });
    }
    seen.set(key, unit);
  }
}

/** What planning needs besides the paths. */
interface PlanContext {
  connection: DuckDBConnection;
  workDir: string;
  choice: FormatChoice;
  limits: UnpackLimits;
}

async function planFolder(root: string, context: PlanContext, units: IngestUnit[], ignored: string[]) {
  const { choice } = context;
  const walked = walkFolder(root, (file) => unreadName(file) === undefined);
  const files = walked.files;
  ignored.push(...walked.ignored);
  const manifests = files.filter((f) => isLegacyPeriodManifest(f) || isCur2Manifest(f));
  const governed = manifests.map(governedFolder);
  const claimed = new Set<string>();
  for (const manifestPath of manifests) {
    const cur2 = isCur2Manifest(manifestPath);
    const manifest = cur2 ? readCur2Manifest(manifestPath) : readLegacyManifest(manifestPath);
    claimed.add(realpathSync(manifestPath));
    if (manifest.files.length === 0) {
      ignored.push(`${manifestPath} (lists no data files)`);
      continue;
    }
    const unitFiles: UnitFile[] = [];
    let format: UnitFormat | undefined;
    const unpacked = await mapWithConcurrency(manifest.files, UNPACK_CONCURRENCY, (file) => unpackNonEmpty(file, context));
    for (const [index, file] of manifest.files.entries()) {
      claimed.add(realpathSync(file));
      const detected = await detectUnpacked(file, unpacked[index], context);
      if (format && detected.format !== format) {
        throw new CostlensError('input', `${manifestPath}: lists files of two formats (${format} and ${detected.format})`, {
          hint: "a manifest lists one report's files, all of one format: download the period folder again as AWS delivered it",
        });
      }
      format = detected.format;
      unitFiles.push(...detected.files.map((f) => ({ ...f, via: { kind: 'manifest' as const, path: manifestPath } })));
    }
    checkChoice(manifestPath, format!, choice);
    units.push({ format: format!, origin: manifestPath, files: unitFiles, period: manifest.period, manifest: manifestPath, account: manifest.account });
  }
  const loose = new Map<UnitFormat, IngestUnit>();
  // Files not read, relative to the root, with why: named when nothing at all loads.
  const unread = walked.ignored.map((entry) => (entry.startsWith(root + sep) ? entry.slice(root.length + 1) : entry));
  for (const file of files) {
    if (claimed.has(realpathSync(file))) continue;
    const inGoverned = governed.some((folder) => file.startsWith(folder + sep));
    if (inGoverned || unreadName(file) !== undefined) {
      const reason = inGoverned
        ? /-Manifest\.json$/i.test(file) ? ' (an assembly\'s copy of its manifest)' : " (not in its period's current manifest)"
        : isAthenaTemplate(file) ? ` (${TEMPLATE_REASON})` : '';
      ignored.push(`${file}${reason}`);
      unread.push(`${relative(root, file)}${reason || ` (${unreadName(file)})`}`);
      continue;
    }
    if (await isStatusTable(context.connection, file)) {
      ignored.push(`${file} (${STATUS_TABLE_REASON})`);
      unread.push(`${relative(root, file)} (${STATUS_TABLE_REASON})`);
      continue;
    }
    const detected = await detectFile(file, context);
    checkChoice(file, detected.format, choice);
    const key = detected.format;
    const unit = loose.get(key);
    const named = detected.files.map((f) => ({ ...f, via: { kind: 'folder' as const, path: root } }));
    if (unit) unit.files.push(...named);
    else loose.set(key, { format: detected.format, origin: dirname(file), files: named });
  }
  units.push(...loose.values());
  if (manifests.length === 0 && loose.size === 0) {
    const outsideLinks = walked.ignored.some((entry) => entry.includes(': not followed)'));
    throw noDataFilesError(root, 'folder', unread.sort(codePointOrder), outsideLinks ? 'symbolic links that leave the folder are not followed: give their targets directly' : undefined);
  }
}

async function planLooseFile(path: string, context: PlanContext): Promise<IngestUnit> {
  const athenaFile = await athenaFileReason(context.connection, path);
  if (athenaFile) {
    throw new CostlensError('input', `${path}: ${athenaFile}`, {
      hint: 'ingest the report folder (these files are skipped there), or its data files: <report>/<report>/year=YYYY/month=M/*.parquet',
    });
  }
  const detected = await detectFile(path, context);
  checkChoice(path, detected.format, context.choice);
  return { format: detected.format, origin: path, files: detected.files };
}

/** How many files of a manifest are unpacked at once (gzip runs in Node's thread pool, beside DuckDB). */
const UNPACK_CONCURRENCY = 2;

/** The plain files of `path`: a `.gz` CSV stays packed until it loads (decompress.ts leavePacked). */
async function unpackNonEmpty(path: string, context: PlanContext): Promise<PlainFile[]> {
  if (statSync(path).size === 0) throw new CostlensError('input', `${path}: the file is empty (0 bytes)`, { hint: EMPTY_FILE_HINT });
  if (isStreamableGzip(path)) return [await leavePacked(path)];
  return unpack(path, context.workDir, context.limits);
}

async function detectFile(path: string, context: PlanContext): Promise<{ format: UnitFormat; files: UnitFile[] }> {
  return detectUnpacked(path, await unpackNonEmpty(path, context), context);
}

async function detectUnpacked(path: string, packed: PlainFile[], context: PlanContext): Promise<{ format: UnitFormat; files: UnitFile[] }> {
  const { connection } = context;
  let format: UnitFormat | undefined;
  let plains = packed;
  for (const plainFile of packed) {
    const plain = plainFile.path;
    const label = describePlain(path, plainFile);
    const parquet = /\.parquet$/i.test(plain);
    const unpacked = Boolean(plainFile.gzipped) || plain !== path;
    const columns = parquet ? await parquetSchema(connection, plain, label) : checkedHeader(label, plain, unpacked).map((name) => ({ name, type: 'VARCHAR' }));
    const found = parquet ? formatOfParquet(columns) : formatOfCsvHeader(columns.map((c) => c.name));
    if (!found) {
      throw new CostlensError('input', `${path}: not a recognised file (expected legacy CUR, CUR 2.0, FOCUS, metrics, inventory or business-metrics data)`, {
        hint: 'check the file; --format only chooses between billing formats that are otherwise recognised',
      });
    }
    if (format && found !== format) {
      throw new CostlensError('input', `${path}: the archive mixes formats (${format}, ${found})`, {
        hint: 'unpack it and ingest its files (or their folder): each is then loaded as the format it is',
      });
    }
    // Refused here, while planning, so nothing is written: a missing cost, period or payer column would load as NULL.
    if (!isTelemetryFormat(found)) refuseMissingColumns(label, found as BillingFormat, parquet, columns.map((c) => c.name));
    format = found;
  }
  // Metrics, inventory and business metrics load from a plain file: their `.gz` is unpacked now.
  if (packed.some((p) => p.gzipped) && isTelemetryFormat(format!)) plains = await unpack(path, context.workDir, context.limits);
  return {
    format: format!,
    files: plains.map((plain, entry) => ({ original: path, plain: plain.path, bytes: plain.bytes, entry, entryName: plain.entry, ...(plain.gzipped ? { gzipped: true as const } : {}) })),
  };
}

/** The CSV header of `plain` (`unpacked` from an archive); a blank one, or a column named twice, is refused (which copy would count?). */
function checkedHeader(label: string, plain: string, unpacked: boolean): string[] {
  const header = readCsvHeader(plain);
  if (header.every((name) => name.trim() === '')) {
    throw new CostlensError('input', `${label}: no header line (${unpacked ? 'the file is empty once unpacked' : 'its first line is blank'})`, { hint: EMPTY_FILE_HINT });
  }
  const first = new Map<string, number>();
  for (const [i, name] of header.entries()) {
    const earlier = first.get(name);
    if (earlier !== undefined) {
      throw new CostlensError('input', `${label}: the header names the column "${name}" twice (columns ${earlier + 1} and ${i + 1})`, {
        hint: 'each column may appear once; re-export the file, or remove the duplicate column',
      });
    }
    first.set(name, i);
  }
  return header;
}

/**
 * Columns that mark a CUR: every CUR has them (identity, bill and lineItem columns are in all
 * reports). One is enough to read a file as a CUR; one it lacks is then refused by name
 * (formats/required-columns.ts) rather than the file being called unrecognised.
 */
const CUR_SIGNATURE = ['identity_line_item_id', ...CUR_REQUIRED.map((c) => c.snake)];
const LEGACY_CUR_SIGNATURE = /^(identity|bill|lineItem)\//;

/** The format a CSV header announces, if any. */
export function formatOfCsvHeader(header: string[]): UnitFormat | undefined {
  const names = new Set(header);
  if (header.some((name) => LEGACY_CUR_SIGNATURE.test(name))) return 'cur';
  if (CUR_SIGNATURE.some((c) => names.has(c))) return 'cur2';
  if (FOCUS_SIGNATURE.filter((c) => names.has(c)).length >= 2) return names.has('x_SourceFormat') ? 'cost-explorer' : 'focus';
  return telemetryFormatFor(header)?.format;
}

/** The format a Parquet schema announces, if any. */
export function formatOfParquet(schema: { name: string; type: string }[]): UnitFormat | undefined {
  const names = new Map(schema.map((c) => [c.name, c.type]));
  if (FOCUS_SIGNATURE.filter((c) => names.has(c)).length >= 2) return 'focus';
  if (!CUR_SIGNATURE.some((c) => names.has(c))) return undefined;
  const isMap = (name: string) => names.get(name)?.startsWith('MAP') ?? false;
  return isMap('resource_tags') || isMap('product') || names.has('bill_payer_account_name') ? 'cur2' : 'cur-athena';
}

function checkChoice(path: string, format: UnitFormat, choice: FormatChoice) {
  if (choice === 'auto') return;
  const family = format === 'cur-athena' ? 'cur' : format;
  if (family === choice || !['cur', 'cur2', 'focus'].includes(family)) return;
  throw new CostlensError('input', `${path}: --format ${choice} was asked for, but this file is ${format}`, {
    hint: 'drop --format to let costlens detect it',
  });
}
