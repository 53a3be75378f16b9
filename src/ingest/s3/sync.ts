/**
 * Mirrors an S3 billing delivery (legacy CUR report folders, CUR 2.0 / Data Exports, loose files)
 * into a local cache folder that the local planner then reads exactly as it reads any folder.
 * Manifest-aware: only the files a period's current manifest lists (and loose data files no
 * manifest governs) are downloaded; a period whose manifest and files still have the ETag and
 * size of the cached copies is not downloaded again. Files that left the delivery are pruned.
 * A CUR for Athena delivery's status table and CloudFormation template (athena-files.ts) are
 * mirrored too, small as they are, so the planner lists them among the ignored files exactly as
 * it does for the same folder on disk.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, posix, relative, sep } from 'node:path';
import type { AwsClientFactory } from '../../aws-client/clients.ts';
import { mapWithConcurrency } from '../../lib/concurrency.ts';
import { CostlensError, messageOf } from '../../errors.ts';
import { downloadObject, type ListedObject } from './download.ts';
import { listObjects } from './listing.ts';
import { mirrorPath } from './mirror-path.ts';
import { S3CacheState } from './state.ts';
import { parseS3Uri, s3Url } from './uri.ts';
import { governedFolder, isCur2Manifest, isLegacyPeriodManifest } from '../manifests.ts';
import { TEMPLATE_REASON, isAthenaTemplate } from '../athena-files.ts';
import { DATA_FILE_NAME, noDataFilesError, unreadName } from '../no-data-files.ts';

export interface S3SyncOptions {
  clients: AwsClientFactory;
  /** Downloads in flight at once (default 4). */
  concurrency?: number;
  /** Resumes of one broken body within a run (default 5). */
  maxResumes?: number;
  onProgress?: (message: string) => void;
}

/** One billing period of the delivery, as its manifest names it. */
export interface S3SyncPeriod {
  manifest: string;
  period?: string;
  /** True when the manifest or one of its files was downloaded in this sync. */
  changed: boolean;
  files: number;
}

export interface S3SyncResult {
  uri: string;
  /** The local mirror of the URI: a folder (or a file, for the URI of one object) to ingest. */
  localPath: string;
  periods: S3SyncPeriod[];
  downloaded: { key: string; bytes: number; resumed: boolean }[];
  /** Files already in the cache with the listed ETag and size. */
  reused: number;
  /** Cached files that are no longer part of the delivery, removed. */
  removed: string[];
}

function periodOf(manifestKey: string): string | undefined {
  const folder = basename(posix.dirname(manifestKey));
  return /^BILLING_PERIOD=(\d{4}-\d{2})$/.exec(folder)?.[1] ?? (/^(\d{4})(\d{2})\d{2}-\d{8}$/.exec(folder)?.slice(1, 3).join('-'));
}

/** What to do about a manifest in the bucket costlens cannot read. */
const S3_MANIFEST_HINT = 'the manifest in the bucket is damaged or still being written: retry once AWS has finished the delivery';

/** The keys a manifest lists: legacy `reportKeys`, or CUR 2.0 `dataFiles` URIs in this bucket. */
function manifestDataKeys(bucket: string, manifestKey: string, localManifest: string): string[] {
  let json: { reportKeys?: unknown; dataFiles?: unknown };
  try {
    json = JSON.parse(readFileSync(localManifest, 'utf8')) as typeof json;
  } catch (error) {
    throw new CostlensError('input', `${s3Url(bucket, manifestKey)}: not a readable manifest (${messageOf(error)})`, { hint: S3_MANIFEST_HINT, cause: error });
  }
  const cur2 = isCur2Manifest(manifestKey);
  const listed = cur2 ? json.dataFiles : json.reportKeys;
  if (!Array.isArray(listed) || !listed.every((k) => typeof k === 'string')) {
    throw new CostlensError('input', `${s3Url(bucket, manifestKey)}: "${cur2 ? 'dataFiles' : 'reportKeys'}" is missing or not a list`, { hint: S3_MANIFEST_HINT });
  }
  return (listed as string[]).map((entry) => {
    if (!cur2) return entry.replace(/^\/+/, '');
    const uri = /^s3:\/\/([^/]+)\/(.+)$/.exec(entry);
    if (!uri || uri[1] !== bucket) {
      throw new CostlensError('input', `${s3Url(bucket, manifestKey)}: lists ${entry}, outside s3://${bucket}`, { hint: 'ingest the bucket the manifest names' });
    }
    return uri[2];
  });
}

function walkFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = join(root, entry.name);
    if (entry.isDirectory()) out.push(...walkFiles(full));
    else out.push(full);
  }
  return out;
}

/** Syncs `uri` into `cacheDir/<bucket>/<prefix>` and returns the local path to ingest. */
export async function syncS3Delivery(uri: string, cacheDir: string, options: S3SyncOptions): Promise<S3SyncResult> {
  const { bucket, prefix } = parseS3Uri(uri);
  const s3 = options.clients.s3();
  const mirror = join(cacheDir, bucket);
  const local = (key: string) => (key === '' ? mirror : mirrorPath(mirror, bucket, key.replace(/\/$/, '')));
  const folderPrefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  let listing = await listObjects(s3, bucket, folderPrefix);
  let single = false;
  if (listing.length === 0 && prefix !== '' && !prefix.endsWith('/')) {
    listing = (await listObjects(s3, bucket, prefix)).filter((o) => o.key === prefix);
    single = listing.length === 1;
  }
  if (listing.length === 0) {
    throw new CostlensError('not_found', `${uri}: no objects under this prefix`, { hint: 'check the bucket and prefix of the report (the S3 path prefix in its settings)' });
  }
  const byKey = new Map(listing.map((o) => [o.key, o]));
  const state = S3CacheState.load(cacheDir, bucket);
  const needs = (o: ListedObject) => !state.holds(o) || !existsSync(local(o.key));
  const downloaded: S3SyncResult['downloaded'] = [];
  let reused = 0;
  const fetch = async (objects: ListedObject[]) => {
    for (const object of objects) local(object.key);
    const missing = objects.filter(needs);
    reused += objects.length - missing.length;
    await mapWithConcurrency(missing, options.concurrency ?? 4, async (object) => {
      const partial = mirrorPath(join(cacheDir, '.costlens', 'partial', bucket), bucket, object.key);
      const result = await downloadObject(s3, bucket, object, local(object.key), { partialPath: partial, maxResumes: options.maxResumes ?? 5 });
      state.record(object);
      downloaded.push({ key: object.key, ...result });
      options.onProgress?.(`${s3Url(bucket, object.key)}: ${(result.bytes / 1e6).toFixed(1)} MB${result.resumed ? ' (resumed)' : ''}`);
    });
  };

  const manifests = listing.filter((o) => isLegacyPeriodManifest(o.key) || isCur2Manifest(o.key));
  await fetch(manifests);
  const wanted = new Set<string>(manifests.map((m) => m.key));
  const periods: S3SyncPeriod[] = [];
  for (const manifest of manifests) {
    const manifestChanged = downloaded.some((d) => d.key === manifest.key);
    const keys = manifestDataKeys(bucket, manifest.key, local(manifest.key));
    const objects = keys.map((key) => {
      const object = byKey.get(key);
      if (!object) {
        throw new CostlensError('input', `${s3Url(bucket, manifest.key)}: names ${key}, which is not in the bucket`, {
          hint: 'AWS may be writing this delivery now; run the ingest again later',
        });
      }
      wanted.add(key);
      return object;
    });
    const before = downloaded.length;
    await fetch(objects);
    periods.push({ manifest: manifest.key, period: periodOf(manifest.key), changed: manifestChanged || downloaded.length > before, files: objects.length });
  }
  const governed = manifests.map((m) => `${governedFolder(m.key)}/`);
  // Loose data files no manifest governs (a status table's .parquet among them), and the Athena template.
  const mirrored = (key: string) => DATA_FILE_NAME.test(key) || isAthenaTemplate(key);
  const loose = listing.filter((o) => !wanted.has(o.key) && mirrored(o.key) && !basename(o.key).startsWith('.') && !governed.some((g) => o.key.startsWith(g)));
  if (!single && manifests.length === 0 && !loose.some((o) => DATA_FILE_NAME.test(o.key))) {
    // Nothing under the prefix can load: said of the prefix, as of a local folder (no-data-files.ts), not of the cache.
    const named = listing.map((o) => `${o.key.slice(folderPrefix.length)} (${isAthenaTemplate(o.key) ? TEMPLATE_REASON : unreadName(o.key)})`);
    throw noDataFilesError(uri, 'prefix', named);
  }
  for (const o of loose) wanted.add(o.key);
  await fetch(loose);

  const removed: string[] = [];
  if (!single) {
    for (const file of walkFiles(local(folderPrefix))) {
      const key = relative(mirror, file).split(sep).join('/');
      if (wanted.has(key)) continue;
      rmSync(file, { force: true });
      state.forget(key);
      removed.push(key);
    }
  }
  return { uri, localPath: single ? local(prefix) : local(folderPrefix), periods, downloaded, reused, removed };
}
