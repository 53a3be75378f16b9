/**
 * S3 objects encrypted with SSE-KMS or SSE-C: their ETags are not an MD5 digest of their data
 * (AWS S3 API reference, Object ETag), so costlens must not compare the download's MD5 with them,
 * while it keeps every other check: the listed size, the object's S3 checksum when S3 sends one,
 * and the MD5 of plaintext and SSE-S3 single-part objects.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { etagIsMd5, isMd5Etag } from '../../src/ingest/s3/download.ts';
import { mirrorPath } from '../../src/ingest/s3/mirror-path.ts';
import { syncS3Delivery } from '../../src/ingest/s3/sync.ts';
import { CostlensError } from '../../src/errors.ts';
import { cachedDemoStore, cachedIngestRuns } from '../helpers/cached-stores.ts';
import { costlens, sqlRows, tempStore } from '../helpers/cli.ts';
import { FakeS3 } from '../fakes/aws/s3.ts';
import type { FakeAws } from '../fakes/aws/server.ts';
import { recordingFactory, startFakeAws, writeConfig } from './helpers.ts';

/** The bucket the demo export's manifests name (their dataFiles are s3:// URIs in it). */
const BUCKET = 'costlens-demo-exports-315897898083';
const PREFIX = 'exports/costlens-demo-cur2';
const URI = `s3://${BUCKET}/${PREFIX}`;
const DATA_10 = `${PREFIX}/data/BILLING_PERIOD=2026-10/costlens-demo-cur2-00001.snappy.parquet`;
const KMS_KEY = 'arn:aws:kms:us-east-1:315897898083:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** What S3 sends for an object stored with SSE-KMS. */
const SSE_KMS = { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY };

const s3 = new FakeS3();
let fake: FakeAws;
const demoDir = inject('demoDir');
const exportDir = join(demoDir, 'cur2', ...PREFIX.split('/'));

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');
/** A 32-hex ETag that is not the MD5 of `data`, as S3 gives an SSE-KMS object. */
const kmsEtag = (data: Buffer) => `"${md5(Buffer.concat([Buffer.from('sse-kms '), data]))}"`;

function files(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(root, e.name)) : [join(root, e.name)])).sort();
}

/** Uploads the demo CUR 2.0 export with `headers` on every object and, for SSE-KMS, non-MD5 ETags. */
function uploadExport(headers: Record<string, string>, kms: boolean): void {
  for (const file of files(exportDir)) {
    const body = readFileSync(file);
    const object = s3.put(BUCKET, `${PREFIX}/${relative(exportDir, file).split('\\').join('/')}`, body, { headers });
    if (kms) object.etag = kmsEtag(body);
  }
}

beforeAll(async () => {
  fake = await startFakeAws([s3]);
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});
beforeEach(() => {
  fake.reset();
  s3.buckets.clear();
});

describe('etagIsMd5: an ETag is the MD5 of the data only for single-part objects in plaintext or SSE-S3', () => {
  const etag = '"9b2cf535f27731c974343645a3985328"';
  it('plaintext and SSE-S3 (AES256): yes; SSE-KMS, DSSE-KMS, SSE-C: no; a multipart ETag: never', () => {
    expect(isMd5Etag(etag)).toBe(true);
    expect(etagIsMd5(etag, {})).toBe(true);
    expect(etagIsMd5(etag, { serverSideEncryption: 'AES256' })).toBe(true);
    expect(etagIsMd5(etag, { serverSideEncryption: 'aws:kms' })).toBe(false);
    expect(etagIsMd5(etag, { serverSideEncryption: 'aws:kms:dsse' })).toBe(false);
    expect(etagIsMd5(etag, { serverSideEncryption: 'AES256', sseCustomerAlgorithm: 'AES256' })).toBe(false);
    expect(etagIsMd5('"d41d8cd98f00b204e9800998ecf8427e-2"', {})).toBe(false);
  });
});

describe('ingest s3://… of a bucket encrypted with SSE-KMS', () => {
  it('every object aws:kms with a 32-hex ETag that is not its MD5: the ingest succeeds, and its figures are those of the local ingest of the same files', async () => {
    uploadExport(SSE_KMS, true);
    const etags = [...s3.buckets.get(BUCKET)!.values()].map((o) => o.etag);
    expect(etags.every((e) => isMd5Etag(e))).toBe(true);
    const { dir, db } = tempStore();
    // The local ingest: the demo's cur2 folder, which holds the export and nothing else, in one
    // `costlens ingest --json` (the shared cached store, and what that ingest printed).
    expect(files(join(demoDir, 'cur2'))).toEqual(files(exportDir));
    const localDb = await cachedDemoStore(demoDir, ['cur2']);
    const [local] = await cachedIngestRuns([[join(demoDir, 'cur2')]]);
    expect([local.code, local.stderr]).toEqual([0, '']);
    const config = writeConfig({ aws: { s3: { cacheDir: join(dir, 'cache') }, retry: { baseDelayMs: 1 } } });
    const run = await costlens(db, 'ingest', URI, '--config', config, '--json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const figures = (stdout: string) => (JSON.parse(stdout) as { periods: { format: string; billingPeriod: string; rows: number; billedCost: string; effectiveCost: string }[] }).periods
      .map((p) => [p.format, p.billingPeriod, p.rows, p.billedCost, p.effectiveCost]);
    expect(figures(run.stdout)).toEqual(figures(local.stdout));
    expect(figures(run.stdout).map((p) => p[1])).toEqual(['2026-09', '2026-10', '2026-11']);
    const totals = `SELECT x_BillingPeriod AS period, count(*) AS n, CAST(sum(BilledCost) AS VARCHAR) AS billed, CAST(sum(EffectiveCost) AS VARCHAR) AS effective
      FROM line_items GROUP BY 1 ORDER BY 1`;
    expect(await sqlRows(db, totals)).toEqual(await sqlRows(localDb, totals));
    // Every mirrored file is byte for byte the file that was uploaded; nothing is left half-done.
    const mirror = join(dir, 'cache', BUCKET, ...PREFIX.split('/'));
    expect(files(mirror).map((f) => [relative(mirror, f), md5(readFileSync(f))])).toEqual(files(exportDir).map((f) => [relative(exportDir, f), md5(readFileSync(f))]));
    expect(fake.calls('s3').map((r) => r.operation).sort()).toEqual(['ListObjectsV2', ...Array(6).fill('GetObject')].sort());
    expect(existsSync(join(dir, 'cache', '.costlens', 'partial', BUCKET, ...DATA_10.split('/')))).toBe(false);
  });

  it('DSSE-KMS (aws:kms:dsse) and SSE-C objects with non-MD5 ETags download and are kept', async () => {
    const body = readFileSync(join(demoDir, 'cur2', DATA_10));
    const cases: [string, Record<string, string>][] = [
      ['dsse.parquet', { 'x-amz-server-side-encryption': 'aws:kms:dsse', 'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY }],
      ['sse-c.parquet', { 'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-server-side-encryption-customer-key-md5': 'ZjQrne1X/iTcskbY2m3example==' }],
    ];
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    for (const [name, headers] of cases) {
      s3.put(BUCKET, `loose/${name}`, body, { headers }).etag = kmsEtag(body);
      const result = await syncS3Delivery(`s3://${BUCKET}/loose/${name}`, join(dir, 'cache'), { clients: factory });
      expect(result.downloaded).toEqual([{ key: `loose/${name}`, bytes: body.length, resumed: false }]);
      expect(md5(readFileSync(result.localPath))).toBe(md5(body));
    }
  });

  it('an unencrypted object, or one with SSE-S3 (AES256), whose MD5 does not match its ETag is still refused, and removed', async () => {
    const body = readFileSync(join(demoDir, 'cur2', DATA_10));
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    for (const [name, headers] of [['plain.parquet', {}], ['sse-s3.parquet', { 'x-amz-server-side-encryption': 'AES256' }]] as const) {
      s3.put(BUCKET, `loose/${name}`, body, { headers }).etag = kmsEtag(body);
      const uri = `s3://${BUCKET}/loose/${name}`;
      const error = await syncS3Delivery(uri, join(dir, 'cache'), { clients: factory }).catch((e: unknown) => e) as CostlensError;
      expect(error).toBeInstanceOf(CostlensError);
      expect([error.code, error.message]).toEqual(['input', `${uri}: the download failed verification: MD5 ${md5(body)} does not match the ETag ${kmsEtag(body)}`]);
      expect(existsSync(join(dir, 'cache', BUCKET, 'loose', name))).toBe(false);
      expect(existsSync(join(dir, 'cache', '.costlens', 'partial', BUCKET, 'loose', name))).toBe(false);
    }
  });

  it('an SSE-KMS object is checked against the x-amz-checksum-sha256 S3 sends: bytes that do not match are refused and removed, matching ones kept', async () => {
    const body = readFileSync(join(demoDir, 'cur2', DATA_10));
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    const wrong = sha256(Buffer.concat([body, Buffer.from('x')]));
    s3.put(BUCKET, 'loose/bad.parquet', body, { headers: { ...SSE_KMS, 'x-amz-checksum-sha256': wrong, 'x-amz-checksum-type': 'FULL_OBJECT' } }).etag = kmsEtag(body);
    const uri = `s3://${BUCKET}/loose/bad.parquet`;
    const error = await syncS3Delivery(uri, join(dir, 'cache'), { clients: factory }).catch((e: unknown) => e) as CostlensError;
    expect(error).toBeInstanceOf(CostlensError);
    expect(error.code).toBe('input');
    expect(error.message).toBe(`${uri}: the download failed verification: the bytes do not match the object's S3 checksum `
      + `(Checksum mismatch: expected "${wrong}" but received "${sha256(body)}" in response header "x-amz-checksum-sha256".)`);
    expect(fake.calls('s3', 'GetObject')).toHaveLength(1);
    expect(existsSync(join(dir, 'cache', BUCKET, 'loose', 'bad.parquet'))).toBe(false);
    expect(existsSync(join(dir, 'cache', '.costlens', 'partial', BUCKET, 'loose', 'bad.parquet'))).toBe(false);

    s3.put(BUCKET, 'loose/good.parquet', body, { headers: { ...SSE_KMS, 'x-amz-checksum-sha256': sha256(body), 'x-amz-checksum-type': 'FULL_OBJECT' } }).etag = kmsEtag(body);
    const result = await syncS3Delivery(`s3://${BUCKET}/loose/good.parquet`, join(dir, 'cache'), { clients: factory });
    expect(md5(readFileSync(result.localPath))).toBe(md5(body));
  });

  it('bytes an earlier run left complete are verified through HeadObject: an SSE-KMS object is kept, an unencrypted one with a wrong MD5 refused', async () => {
    const body = readFileSync(join(demoDir, 'cur2', DATA_10));
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    const cache = join(dir, 'cache');
    const leaveComplete = (key: string, etag: string) => {
      const partial = mirrorPath(join(cache, '.costlens', 'partial', BUCKET), BUCKET, key);
      mkdirSync(dirname(partial), { recursive: true });
      writeFileSync(partial, body);
      writeFileSync(`${partial}.json`, JSON.stringify({ etag, size: body.length }));
    };
    const kms = s3.put(BUCKET, 'loose/kms.parquet', body, { headers: SSE_KMS });
    kms.etag = kmsEtag(body);
    leaveComplete('loose/kms.parquet', kms.etag);
    const kept = await syncS3Delivery(`s3://${BUCKET}/loose/kms.parquet`, cache, { clients: factory });
    expect(kept.downloaded).toEqual([{ key: 'loose/kms.parquet', bytes: body.length, resumed: true }]);
    expect(md5(readFileSync(kept.localPath))).toBe(md5(body));
    // The URI of one object is listed as a folder first, then as a key (sync.ts); no GetObject.
    expect(fake.calls('s3').map((r) => [r.operation, r.headers['if-match']])).toEqual([['ListObjectsV2', undefined], ['ListObjectsV2', undefined], ['HeadObject', kms.etag]]);

    const plain = s3.put(BUCKET, 'loose/plain.parquet', body);
    plain.etag = kmsEtag(body);
    leaveComplete('loose/plain.parquet', plain.etag);
    const uri = `s3://${BUCKET}/loose/plain.parquet`;
    const error = await syncS3Delivery(uri, cache, { clients: factory }).catch((e: unknown) => e) as CostlensError;
    expect([error.code, error.message]).toEqual(['input', `${uri}: the download failed verification: MD5 ${md5(body)} does not match the ETag ${plain.etag}`]);
    expect(existsSync(join(cache, BUCKET, 'loose', 'plain.parquet'))).toBe(false);
  });
});
