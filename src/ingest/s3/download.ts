/**
 * Downloads one S3 object into the local cache, resumable and verified: bytes go to a `.part`
 * file beside a note of the object's ETag; a broken transfer continues with a Range request
 * (If-Match the same ETag) from where it stopped, in this run or the next; the finished file is
 * checked against the listed size, against the object's S3 checksum when S3 sends one (the SDK
 * checks a whole-object GetObject body against its full-object `x-amz-checksum-*`), and against
 * the ETag's MD5 when the ETag is one: a single-part object stored in plaintext or with SSE-S3.
 * The ETag of an object encrypted with SSE-KMS (`aws:kms`, `aws:kms:dsse`) or SSE-C is not an MD5
 * digest of its data (AWS S3 API, Object ETag), so such an object is not compared with it.
 * A file that fails a check is removed, never loaded.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { sdkErrorOf } from '../../aws-client/call-log.ts';
import { CostlensError, messageOf } from '../../errors.ts';
import { s3Url } from './uri.ts';
import { awsSdk } from '../../aws-client/sdk.ts';
import { makeFolder } from '../../lib/make-folder.ts';

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

/**
 * True for an ETag shaped like an MD5 (32 hex digits: a single-part upload, not `…-N`). Whether it
 * is the MD5 of the object's data depends on its encryption too: see etagIsMd5.
 */
export function isMd5Etag(etag: string): boolean {
  return /^"?[0-9a-f]{32}"?$/i.test(etag);
}

/** How S3 says an object is encrypted (GetObject and HeadObject report it). */
export interface ObjectEncryption {
  /** `x-amz-server-side-encryption`: `AES256` (SSE-S3), `aws:kms`, `aws:kms:dsse`. */
  serverSideEncryption?: string;
  /** `x-amz-server-side-encryption-customer-algorithm`, present for SSE-C. */
  sseCustomerAlgorithm?: string;
}

/** The SDK's error when a body does not match its x-amz-checksum-* header (@smithy ChecksumStream). */
const CHECKSUM_MISMATCH = /^Checksum mismatch: /;

/** Server-side encryptions whose objects have ETags that are not an MD5 of their data. */
const KMS_ENCRYPTIONS = new Set(['aws:kms', 'aws:kms:dsse']);

/**
 * True when `etag` is the MD5 of the object's data: MD5-shaped (a single-part upload) and the
 * object is stored in plaintext or with SSE-S3, not SSE-KMS (`aws:kms`, `aws:kms:dsse`) or SSE-C.
 */
export function etagIsMd5(etag: string, encryption: ObjectEncryption): boolean {
  if (!isMd5Etag(etag)) return false;
  if (encryption.sseCustomerAlgorithm) return false;
  return !KMS_ENCRYPTIONS.has((encryption.serverSideEncryption ?? '').toLowerCase());
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
  makeFolder(dirname(partial));
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
  /** What the responses of this run said about the object's encryption (undefined: no GetObject was made). */
  let encryption: ObjectEncryption | undefined;
  for (let attempt = 1; offset < object.size; attempt++) {
    let response;
    try {
      response = await s3.send(new (awsSdk.s3().GetObjectCommand)({ Bucket: bucket, Key: object.key, IfMatch: object.etag, Range: offset > 0 ? `bytes=${offset}-` : undefined }));
    } catch (error) {
      if (isPreconditionFailed(error)) throw changedError(url, error);
      throw error;
    }
    encryption = { serverSideEncryption: response.ServerSideEncryption, sseCustomerAlgorithm: response.SSECustomerAlgorithm };
    const continues = offset > 0 && response.ContentRange?.startsWith(`bytes ${offset}-`);
    if (offset > 0 && !continues) offset = 0;
    const sink = createWriteStream(partial, { flags: offset > 0 ? 'a' : 'w' });
    try {
      await pipeline(response.Body as Readable, sink);
    } catch (error) {
      // A broken body destroys the sink; its last write may still be landing: wait until the file is closed.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      // The SDK checks a whole-object body against the x-amz-checksum-* S3 sent and fails the
      // stream at its end when they differ: that is damaged data, not a transfer to resume.
      if (CHECKSUM_MISMATCH.test(messageOf(error))) throw verificationError(url, partial, `the bytes do not match the object's S3 checksum (${messageOf(error)})`);
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
  // No GetObject in this run (the bytes were all there, or the object is empty): ask HeadObject.
  if (isMd5Etag(object.etag) && encryption === undefined) encryption = await encryptionOf(s3, bucket, object, url);
  if (etagIsMd5(object.etag, encryption ?? {})) {
    const md5 = await md5Of(partial);
    if (md5 !== object.etag.replace(/"/g, '').toLowerCase()) throw verificationError(url, partial, `MD5 ${md5} does not match the ETag ${object.etag}`);
  }
  makeFolder(dirname(target));
  renameSync(partial, target);
  rmSync(`${partial}.json`, { force: true });
  return { bytes, resumed: initial > 0 };
}

function isPreconditionFailed(error: unknown): boolean {
  const sdk = sdkErrorOf(error);
  return sdk.name === 'PreconditionFailed' || sdk.$metadata?.httpStatusCode === 412;
}

function changedError(url: string, cause: unknown): CostlensError {
  return new CostlensError('input', `${url} changed while it was being downloaded`, { hint: 'AWS is delivering this report right now; run the ingest again in a few minutes', cause });
}

/** The object's encryption as HeadObject reports it (If-Match the listed ETag). */
async function encryptionOf(s3: S3Client, bucket: string, object: ListedObject, url: string): Promise<ObjectEncryption> {
  try {
    const head = await s3.send(new (awsSdk.s3().HeadObjectCommand)({ Bucket: bucket, Key: object.key, IfMatch: object.etag }));
    return { serverSideEncryption: head.ServerSideEncryption, sseCustomerAlgorithm: head.SSECustomerAlgorithm };
  } catch (error) {
    if (isPreconditionFailed(error)) throw changedError(url, error);
    throw error;
  }
}

function verificationError(url: string, partial: string, what: string): CostlensError {
  rmSync(partial, { force: true });
  rmSync(`${partial}.json`, { force: true });
  return new CostlensError('input', `${url}: the download failed verification: ${what}`, {
    hint: 'the damaged copy was removed; run the ingest again to download it afresh',
  });
}
