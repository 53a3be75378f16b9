import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CostlensError, messageOf } from '../errors.ts';
import { isWithin } from '../lib/path-within.ts';

/** A billing period's data files as its current manifest names them. */
export interface ManifestUnit {
  manifest: string;
  files: string[];
  /** YYYY-MM of the billing period, from the manifest. */
  period?: string;
  reportName?: string;
  /** The payer account the manifest names, when it does. */
  account?: string;
}

const LEGACY_PERIOD_FOLDER = /^\d{8}-\d{8}$/;
const CUR2_PARTITION = /^BILLING_PERIOD=(\d{4}-\d{2})$/;

/** True for a legacy CUR period-level manifest: `<report>/<yyyymmdd-yyyymmdd>/<report>-Manifest.json`. */
export function isLegacyPeriodManifest(path: string): boolean {
  return /-Manifest\.json$/i.test(path) && LEGACY_PERIOD_FOLDER.test(basename(dirname(path)));
}

/** True for a Data Exports manifest: `<export>/metadata/BILLING_PERIOD=YYYY-MM/<export>-Manifest.json`. */
export function isCur2Manifest(path: string): boolean {
  const partition = dirname(path);
  return /-Manifest\.json$/i.test(path) && CUR2_PARTITION.test(basename(partition)) && basename(dirname(partition)) === 'metadata';
}

/** What to do about a manifest costlens cannot read. */
const MANIFEST_HINT = "the manifest is damaged or not the one AWS wrote: download the period's folder again (manifest and data files together)";

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new CostlensError('input', `${path}: not a readable manifest (${messageOf(error)})`, { hint: MANIFEST_HINT, cause: error });
  }
}

function requireFile(manifest: string, listed: string, local: string, root: string): string {
  if (!isWithin(root, local)) {
    throw new CostlensError('input', `${manifest}: names ${listed}, which resolves to ${local}, outside ${root}`, {
      hint: 'a manifest may only name files of its own report; check where this manifest came from',
    });
  }
  if (!existsSync(local)) {
    throw new CostlensError('input', `${manifest}: names ${listed}, which is missing (expected at ${local})`, {
      hint: 'the delivery is incomplete; copy the whole report folder again',
    });
  }
  return local;
}

function periodFromCompact(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^(\d{4})(\d{2})\d{2}/.exec(value) : null;
  return match ? `${match[1]}-${match[2]}` : undefined;
}

/**
 * Reads a legacy CUR period manifest and resolves its `reportKeys` (S3 keys) to files under the
 * period folder: only the current assembly counts, older assembly folders are ignored.
 */
export function readLegacyManifest(path: string): ManifestUnit {
  const manifest = readJson(path);
  const keys = manifest.reportKeys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw new CostlensError('input', `${path}: "reportKeys" is missing or not a list of S3 keys`, { hint: MANIFEST_HINT });
  }
  const periodDir = dirname(path);
  const periodFolder = basename(periodDir);
  const files = (keys as string[]).map((key) => {
    const parts = key.split('/');
    const at = parts.lastIndexOf(periodFolder);
    const local = at >= 0 ? join(periodDir, ...parts.slice(at + 1)) : join(periodDir, basename(key));
    return requireFile(path, key, local, periodDir);
  });
  const billingPeriod = manifest.billingPeriod as { start?: unknown } | undefined;
  return {
    manifest: path,
    files,
    period: periodFromCompact(billingPeriod?.start) ?? periodFromCompact(periodFolder),
    reportName: typeof manifest.reportName === 'string' ? manifest.reportName : undefined,
    account: typeof manifest.account === 'string' ? manifest.account : undefined,
  };
}

/**
 * Reads a Data Exports (CUR 2.0) manifest and resolves its `dataFiles` (s3:// URIs) to files
 * under the export's `data/BILLING_PERIOD=YYYY-MM/` partition.
 */
export function readCur2Manifest(path: string): ManifestUnit {
  const manifest = readJson(path);
  const dataFiles = manifest.dataFiles;
  if (!Array.isArray(dataFiles) || !dataFiles.every((k) => typeof k === 'string')) {
    throw new CostlensError('input', `${path}: "dataFiles" is missing or not a list of S3 URIs`, { hint: MANIFEST_HINT });
  }
  const partition = basename(dirname(path));
  const exportRoot = dirname(dirname(dirname(path)));
  const files = (dataFiles as string[]).map((uri) => {
    const parts = uri.replace(/^s3:\/\/[^/]+\//, '').split('/');
    const at = parts.findIndex((p) => CUR2_PARTITION.test(p));
    const local = at >= 0 ? join(exportRoot, 'data', ...parts.slice(at)) : join(exportRoot, 'data', partition, basename(uri));
    return requireFile(path, uri, local, join(exportRoot, 'data'));
  });
  return {
    manifest: path,
    files,
    period: CUR2_PARTITION.exec(partition)?.[1],
    reportName: basename(exportRoot),
    account: typeof manifest.exportArn === 'string' ? /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(manifest.exportArn)?.[1] : undefined,
  };
}

/** The folder whose files a manifest governs: files there that it does not list are stale. */
export function governedFolder(manifestPath: string): string {
  if (isCur2Manifest(manifestPath)) {
    const partition = basename(dirname(manifestPath));
    return join(dirname(dirname(dirname(manifestPath))), 'data', partition);
  }
  return dirname(manifestPath);
}
