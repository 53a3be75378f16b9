/**
 * Downloads one S3 object into the local cache, resumable and verified: bytes go to a `.part`
 * file beside a note of the object's ETag; a broken transfer continues with a Range request
 * (If-Match the same ETag) from where it stopped, in this run or the next; the finished file is
 * checked against the listed size and, for single-part objects, the ETag's MD5 before it is
 * renamed into place. A file that fails the check is removed, never loaded.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { sdkErrorOf } from '../../aws-client/call-log.ts';
import { CostlensError, messageOf } from '../../errors.ts';
import { s3Url } from './uri.ts';
import { awsSdk } from '../../aws-client/sdk.ts';

/** An object as ListObjectsV2 describes it. */
export interface ListedObject {
  key: string;
  etag: string;
  size: number;
}

export interface DownloadOptions {
  /** Where unfinished bytes wait (`<partial>` and `<partial>.json`). */
  partialPath: string;
  /** How many times a broken body is resumed within one run. */
  maxResumes: number;
}

export interface DownloadResult {
  bytes: number;
  /** True when bytes of an earlier, broken transfer were kept. */
  resumed: boolean;
}

/** True for an ETag that is the MD5 of the whole object (single-part upload, no SSE-KMS). */
export function isMd5Etag(etag: string): boolean {
  return /^"?[0-9a-f]{32}"?$/i.test(etag);
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Starts or continues the partial file of `object`; returns the bytes already there. */
function preparePartial(object: ListedObject, partial: string): number {
  mkdirSync(dirname(partial), { recursive: true });
  const notePath = `${partial}.json`;
  let note: { etag?: string } = {};
  try {
    note = JSON.parse(readFileSync(notePath, 'utf8')) as { etag?: string };
  } catch {
    note = {};
  }
  const kept = sizeOf(partial);
  if (note.etag === object.etag && kept <= object.size) return kept;
  rmSync(partial, { force: true });
  writeFileSync(notePath, JSON.stringify({ etag: object.etag, size: object.size }));
  return 0;
}

/** Downloads `object` of `bucket` to `target`, resuming and verifying as described above. */
export async function downloadObject(s3: S3Client, bucket: string, object: ListedObject, target: string, options: DownloadOptions): Promise<DownloadResult> {
  const url = s3Url(bucket, object.key);
  const partial = options.partialPath;
  const initial = preparePartial(object, partial);
  let offset = initial;
  for (let attempt = 1; offset < object.size; attempt++) {
    let response;
    try {
      response = await s3.send(new (awsSdk.s3().GetObjectCommand)({ Bucket: bucket, Key: object.key, IfMatch: object.etag, Range: offset > 0 ? `bytes=${offset}-` : undefined }));
    } catch (error) {
      if (sdkErrorOf(error).name === 'PreconditionFailed') {
        throw new CostlensError('input', `${url} changed while it was being downloaded`, { hint: 'AWS is delivering this report right now; run the ingest again in a few minutes', cause: error });
      }
      throw error;
    }
    const continues = offset > 0 && response.ContentRange?.startsWith(`bytes ${offset}-`);
    if (offset > 0 && !continues) offset = 0;
    const sink = createWriteStream(partial, { flags: offset > 0 ? 'a' : 'w' });
    try {
      await pipeline(response.Body as Readable, sink);
    } catch (error) {
      // A broken body destroys the sink; its last write may still be landing: wait until the file is closed.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      if (attempt >= options.maxResumes) {
        throw new CostlensError('aws', `${url}: the download broke off at ${sizeOf(partial)} of ${object.size} bytes, ${attempt} times (${messageOf(error)})`, {
          hint: 'run the ingest again: the bytes that arrived are kept and the download resumes where it stopped',
          cause: error,
        });
      }
    }
    offset = sizeOf(partial);
    if (offset > object.size) throw verificationError(url, partial, `${offset} bytes arrived but the listing says ${object.size}`);
  }
  if (object.size === 0) writeFileSync(partial, '');
  const bytes = sizeOf(partial);
  if (bytes !== object.size) throw verificationError(url, partial, `${bytes} bytes arrived but the listing says ${object.size}`);
  if (isMd5Etag(object.etag)) {
    const md5 = await md5Of(partial);
    if (md5 !== object.etag.replace(/"/g, '').toLowerCase()) throw verificationError(url, partial, `MD5 ${md5} does not match the ETag ${object.etag}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  renameSync(partial, target);
  rmSync(`${partial}.json`, { force: true });
  return { bytes, resumed: initial > 0 };
}

function verificationError(url: string, partial: string, what: string): CostlensError {
  rmSync(partial, { force: true });
  rmSync(`${partial}.json`, { force: true });
  return new CostlensError('input', `${url}: the download failed verification: ${what}`, {
    hint: 'the damaged copy was removed; run the ingest again to download it afresh',
  });
}
