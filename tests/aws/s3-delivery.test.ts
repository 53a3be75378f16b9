import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { planIngest } from '../../src/ingest/detect.ts';
import { ingestPaths } from '../../src/ingest/loader.ts';
import { resolveS3Paths } from '../../src/ingest/s3/paths.ts';
import { mirrorPath } from '../../src/ingest/s3/mirror-path.ts';
import { syncS3Delivery } from '../../src/ingest/s3/sync.ts';
import { CostlensError } from '../../src/errors.ts';
import { tempStore } from '../helpers/cli.ts';
import { FakeS3, type FakeS3Object } from '../fakes/aws/s3.ts';
import type { FakeAws } from '../fakes/aws/server.ts';
import { fastAwsConfig, recordingFactory, startFakeAws } from './helpers.ts';

const CUR2_BUCKET = 'costlens-demo-exports-315897898083';
const LEGACY_BUCKET = 'costlens-demo-cur-315897898083';
const CUR2_URI = `s3://${CUR2_BUCKET}/exports/costlens-demo-cur2`;
const LEGACY_URI = `s3://${LEGACY_BUCKET}/reports/costlens-demo`;
const CUR2_DATA_10 = 'exports/costlens-demo-cur2/data/BILLING_PERIOD=2026-10/costlens-demo-cur2-00001.snappy.parquet';
const CUR2_MANIFEST_10 = 'exports/costlens-demo-cur2/metadata/BILLING_PERIOD=2026-10/costlens-demo-cur2-Manifest.json';

const s3 = new FakeS3();
let fake: FakeAws;
const demoDir = inject('demoDir');

function upload(bucket: string, root: string): void {
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else s3.put(bucket, relative(root, full).split('\\').join('/'), readFileSync(full));
    }
  };
  visit(root);
}

const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');
const getKeys = () => fake.calls('s3', 'GetObject').length;

/** The buckets as the demo's two deliveries were uploaded, read and hashed once for the file. */
let uploaded: Map<string, Map<string, FakeS3Object>>;

beforeAll(async () => {
  fake = await startFakeAws([s3]);
  upload(CUR2_BUCKET, join(demoDir, 'cur2'));
  upload(LEGACY_BUCKET, join(demoDir, 'legacy-cur'));
  uploaded = new Map(s3.buckets);
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});
// Each test starts from the two uploaded deliveries: a fresh record of every object (the tests
// change an object's ETag or replace it), its bytes shared (no test changes them in place).
beforeEach(() => {
  fake.reset();
  s3.buckets.clear();
  s3.maxKeysPerPage = 1000;
  for (const [bucket, objects] of uploaded) {
    s3.buckets.set(bucket, new Map([...objects].map(([key, object]) => [key, { ...object, headers: object.headers && { ...object.headers } }])));
  }
});

describe('costlens ingest s3://… : S3 deliveries mirrored into the cache, manifest-aware', () => {
  it('a CUR 2.0 export syncs its manifests and listed files, and ingests exactly like the local folder', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    const result = await syncS3Delivery(CUR2_URI, join(dir, 'cache'), { clients: factory });
    expect(result.localPath).toBe(join(dir, 'cache', CUR2_BUCKET, 'exports', 'costlens-demo-cur2'));
    expect(result.periods.map((p) => [p.period, p.changed, p.files])).toEqual([['2026-09', true, 1], ['2026-10', true, 1], ['2026-11', true, 1]]);
    expect(result.downloaded).toHaveLength(6);
    expect(fake.calls('s3', 'ListObjectsV2')).toHaveLength(1);
    expect(getKeys()).toBe(6);
    expect(md5(join(result.localPath, 'data', 'BILLING_PERIOD=2026-10', 'costlens-demo-cur2-00001.snappy.parquet')))
      .toBe(md5(join(demoDir, 'cur2', CUR2_DATA_10)));

    const fromS3 = await ingestPaths(join(dir, 's3.duckdb'), [result.localPath]);
    const truth = JSON.parse(readFileSync(join(demoDir, 'truth.json'), 'utf8')) as { periods: Record<string, { rows: number; billedCost: string; effectiveCost: string }> };
    expect(fromS3.periods.map((p) => [p.format, p.billingPeriod, p.rows, p.billedCost, p.effectiveCost]))
      .toEqual(Object.entries(truth.periods).map(([period, t]) => ['cur2', period, t.rows, t.billedCost, t.effectiveCost]));
  });

  it('a second sync of an unchanged delivery lists once and downloads nothing', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    await syncS3Delivery(CUR2_URI, join(dir, 'cache'), { clients: factory });
    fake.reset();
    const again = await syncS3Delivery(CUR2_URI, join(dir, 'cache'), { clients: factory });
    expect(again.downloaded).toEqual([]);
    expect(again.reused).toBe(6);
    expect(again.periods.map((p) => p.changed)).toEqual([false, false, false]);
    expect(fake.calls('s3').map((r) => r.operation)).toEqual(['ListObjectsV2']);
  });

  it('only the period whose manifest changed is downloaded again', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    await syncS3Delivery(CUR2_URI, join(dir, 'cache'), { clients: factory });
    const manifest = JSON.parse(readFileSync(join(demoDir, 'cur2', CUR2_MANIFEST_10), 'utf8')) as Record<string, unknown>;
    s3.put(CUR2_BUCKET, CUR2_MANIFEST_10, JSON.stringify({ ...manifest, executionId: 'restated-2026-11-03' }));
    const data = readFileSync(join(demoDir, 'cur2', CUR2_DATA_10));
    s3.put(CUR2_BUCKET, CUR2_DATA_10, Buffer.concat([data]), { multipartParts: 2 });
    fake.reset();
    const again = await syncS3Delivery(CUR2_URI, join(dir, 'cache'), { clients: factory });
    expect(again.periods.map((p) => [p.period, p.changed])).toEqual([['2026-09', false], ['2026-10', true], ['2026-11', false]]);
    expect(again.downloaded.map((d) => d.key).sort()).toEqual([CUR2_DATA_10, CUR2_MANIFEST_10]);
    expect(getKeys()).toBe(2);
  });

  it('a legacy report folder downloads only the current assemblies; the superseded one stays in S3', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    const result = await syncS3Delivery(LEGACY_URI, join(dir, 'cache'), { clients: factory });
    expect(result.periods.map((p) => [p.period, p.files])).toEqual([['2026-09', 1], ['2026-10', 1], ['2026-11', 1]]);
    expect(result.downloaded.map((d) => d.key).filter((k) => k.includes('8ab493e2'))).toEqual([]);
    expect(getKeys()).toBe(6);
    const plan = async (root: string) => {
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        const planned = await planIngest([root], connection, dir);
        return { units: planned.units.map((u) => [u.format, u.period, relative(root, u.manifest!), u.files.map((f) => relative(root, f.original))]), ignored: planned.ignored.length };
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    };
    const mirrored = await plan(result.localPath);
    const local = await plan(join(demoDir, 'legacy-cur', 'reports', 'costlens-demo'));
    expect(mirrored.units).toEqual(local.units);
    expect([mirrored.ignored, local.ignored]).toEqual([0, 5]);
  });

  it('cached files that left the delivery (a superseded assembly) are pruned from the cache', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    const period = 'reports/costlens-demo/20260901-20261001';
    const current = JSON.parse(readFileSync(join(demoDir, 'legacy-cur', period, 'costlens-demo-Manifest.json'), 'utf8')) as { reportKeys: string[] };
    const old = JSON.parse(readFileSync(join(demoDir, 'legacy-cur', period, '8ab493e2-6b0b-4247-a8a2-3931dacb36bb', 'costlens-demo-Manifest.json'), 'utf8'));
    s3.put(LEGACY_BUCKET, `${period}/costlens-demo-Manifest.json`, JSON.stringify(old));
    await syncS3Delivery(LEGACY_URI, join(dir, 'cache'), { clients: factory });
    s3.put(LEGACY_BUCKET, `${period}/costlens-demo-Manifest.json`, JSON.stringify(current));
    const after = await syncS3Delivery(LEGACY_URI, join(dir, 'cache'), { clients: factory });
    expect(after.removed).toEqual([`${period}/8ab493e2-6b0b-4247-a8a2-3931dacb36bb/costlens-demo-00001.csv.gz`]);
    expect(after.periods.map((p) => p.changed)).toEqual([true, false, false]);
  });

  it('a transfer that breaks mid-body resumes with a Range request and keeps what arrived', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    fake.inject({ service: 's3', operation: 'GetObject', kind: 'truncate', times: 1 });
    const uri = `s3://${CUR2_BUCKET}/${CUR2_DATA_10}`;
    const result = await syncS3Delivery(uri, join(dir, 'cache'), { clients: factory });
    const size = statSync(join(demoDir, 'cur2', CUR2_DATA_10)).size;
    const ranges = fake.calls('s3', 'GetObject').map((r) => r.headers.range ?? 'whole');
    expect(ranges[0]).toBe('whole');
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(String(ranges[1]))?.[1]);
    expect(resumedAt > 0 && resumedAt <= size / 2).toBe(true);
    expect(ranges).toHaveLength(2);
    expect(result.localPath).toBe(join(dir, 'cache', CUR2_BUCKET, ...CUR2_DATA_10.split('/')));
    expect(md5(result.localPath)).toBe(md5(join(demoDir, 'cur2', CUR2_DATA_10)));
    expect(result.downloaded).toEqual([{ key: CUR2_DATA_10, bytes: size, resumed: false }]);
  });

  it('a broken transfer left by an earlier run resumes in the next run, without downloading the bytes again', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    const uri = `s3://${CUR2_BUCKET}/${CUR2_DATA_10}`;
    fake.inject({ service: 's3', operation: 'GetObject', kind: 'truncate', times: 1 });
    const error = await syncS3Delivery(uri, join(dir, 'cache'), { clients: factory, maxResumes: 1 }).catch((e: unknown) => e) as CostlensError;
    const size = statSync(join(demoDir, 'cur2', CUR2_DATA_10)).size;
    const kept = statSync(join(dir, 'cache', '.costlens', 'partial', CUR2_BUCKET, ...CUR2_DATA_10.split('/'))).size;
    expect(kept > 0 && kept <= size / 2).toBe(true);
    expect(error).toBeInstanceOf(CostlensError);
    expect(error.message.startsWith(`${uri}: the download broke off at ${kept} of ${size} bytes, 1 times`)).toBe(true);
    expect(existsSync(join(dir, 'cache', CUR2_BUCKET, ...CUR2_DATA_10.split('/')))).toBe(false);
    fake.reset();
    const result = await syncS3Delivery(uri, join(dir, 'cache'), { clients: factory });
    expect(fake.calls('s3', 'GetObject').map((r) => [r.headers.range, r.headers['if-match']])).toEqual([[`bytes=${kept}-`, s3.buckets.get(CUR2_BUCKET)!.get(CUR2_DATA_10)!.etag]]);
    expect(result.downloaded).toEqual([{ key: CUR2_DATA_10, bytes: size, resumed: true }]);
    expect(md5(result.localPath)).toBe(md5(join(demoDir, 'cur2', CUR2_DATA_10)));
  });

  it('a file whose MD5 does not match its ETag is removed and reported, never loaded', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    s3.buckets.get(CUR2_BUCKET)!.get(CUR2_DATA_10)!.etag = '"00000000000000000000000000000000"';
    const error = await syncS3Delivery(CUR2_URI, join(dir, 'cache'), { clients: factory }).catch((e: unknown) => e) as CostlensError;
    expect(error.code).toBe('input');
    expect(error.message).toBe(`s3://${CUR2_BUCKET}/${CUR2_DATA_10}: the download failed verification: MD5 ${md5(join(demoDir, 'cur2', CUR2_DATA_10))} does not match the ETag "00000000000000000000000000000000"`);
    expect(existsSync(join(dir, 'cache', CUR2_BUCKET, ...CUR2_DATA_10.split('/')))).toBe(false);
    expect(existsSync(join(dir, 'cache', '.costlens', 'partial', CUR2_BUCKET, ...CUR2_DATA_10.split('/')))).toBe(false);
  });

  it('follows ListObjectsV2 continuation tokens', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    s3.maxKeysPerPage = 2;
    const result = await syncS3Delivery(CUR2_URI, join(dir, 'cache'), { clients: factory });
    expect(fake.calls('s3', 'ListObjectsV2').map((r) => r.params['continuation-token'] === undefined)).toEqual([true, false, false]);
    expect(result.downloaded).toHaveLength(6);
  });

  it('a manifest naming a file that is not in the bucket is an input error naming both', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    s3.buckets.get(CUR2_BUCKET)!.delete(CUR2_DATA_10);
    const error = await syncS3Delivery(CUR2_URI, join(dir, 'cache'), { clients: factory }).catch((e: unknown) => e) as CostlensError;
    expect(error.message).toBe(`s3://${CUR2_BUCKET}/${CUR2_MANIFEST_10}: names ${CUR2_DATA_10}, which is not in the bucket`);
  });

  it('an empty prefix is a not_found error', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    const error = await syncS3Delivery(`s3://${CUR2_BUCKET}/nothing-here`, join(dir, 'cache'), { clients: factory }).catch((e: unknown) => e) as CostlensError;
    expect([error.code, error.message]).toEqual(['not_found', `s3://${CUR2_BUCKET}/nothing-here: no objects under this prefix`]);
  });

  it('a prefix holding no data file is refused naming the prefix, its objects and why (was an error naming the local cache folder instead)', async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    for (const key of ['notes/readme.txt', 'notes/.cur.csv', 'notes/2026/crawler-cfn.yml']) s3.put(CUR2_BUCKET, key, 'not billing data');
    const uri = `s3://${CUR2_BUCKET}/notes`;
    const error = await syncS3Delivery(uri, join(dir, 'cache'), { clients: factory }).catch((e: unknown) => e) as CostlensError;
    expect([error.code, error.message]).toEqual(['input', `${uri}: no billing, metrics, inventory or business metrics files found under this prefix: 3 objects not read: `
      + '.cur.csv (hidden), 2026/crawler-cfn.yml (the CloudFormation template AWS delivers for setting up Athena on the CUR, not billing data), readme.txt (not named *.csv, *.gz, *.zip or *.parquet)']);
    expect(error.hint).toBe('costlens reads the objects under the prefix named *.csv, *.csv.gz, *.gz, *.zip or *.parquet (not hidden ones) '
      + 'whose header or Parquet schema is that of a CUR (legacy CSV, for Athena, 2.0), FOCUS, metrics, inventory or business-metrics file: '
      + 'point at a CUR report folder, a Data Exports folder, or the files themselves');
    expect(getKeys()).toBe(0);
  });

  it('resolveS3Paths replaces s3:// arguments by their mirrors and leaves local paths alone', async () => {
    const { dir } = tempStore();
    const synced: string[] = [];
    const paths = await resolveS3Paths(['local/file.csv', CUR2_URI], {
      cacheDir: join(dir, 'cache'), config: fastAwsConfig(), env: process.env, onSynced: (r) => synced.push(r.uri),
    });
    expect(paths).toEqual(['local/file.csv', join(dir, 'cache', CUR2_BUCKET, 'exports', 'costlens-demo-cur2')]);
    expect(synced).toEqual([CUR2_URI]);
    expect(await resolveS3Paths(['a', 'b'], { cacheDir: join(dir, 'cache') })).toEqual(['a', 'b']);
  });
});

describe('S3 keys cannot write outside the mirror', () => {
  const TRAVERSAL = 'reports/../../../../outside/PWNED.csv';

  it(`a key ${TRAVERSAL} under the ingested prefix is refused, naming the key, and nothing is written outside the cache`, async () => {
    const { dir } = tempStore();
    const { factory } = recordingFactory();
    const cache = join(dir, 'x', 'y', 'cache');
    const escaped = join(cache, LEGACY_BUCKET, 'reports', '..', '..', '..', '..', 'outside', 'PWNED.csv');
    s3.put(LEGACY_BUCKET, TRAVERSAL, 'identity/LineItemId,lineItem/UnblendedCost\nx,1\n');
    const error = await syncS3Delivery(`s3://${LEGACY_BUCKET}/reports`, cache, { clients: factory }).catch((e: unknown) => e) as CostlensError;
    expect(existsSync(escaped)).toBe(false);
    expect(existsSync(join(dir, 'x', 'outside'))).toBe(false);
    expect(error).toBeInstanceOf(CostlensError);
    expect([error.code, error.message]).toEqual(['input', `s3://${LEGACY_BUCKET}/${TRAVERSAL}: the key has a ".." component; mirroring it would write outside the cache ${join(cache, LEGACY_BUCKET)}`]);
  });

  it('refuses every key that is absolute, has a drive, a "." or ".." component, a backslash or a NUL; keeps ordinary keys', () => {
    const root = join('/', 'cache', 'bucket');
    const refused = (key: string) => (() => mirrorPath(root, 'bucket', key));
    expect(refused('/etc/passwd')).toThrow('s3://bucket//etc/passwd: the key starts with "/" (an absolute path)');
    expect(refused('reports/C:/Windows/x.csv')).toThrow('the key has a drive component (such as "C:")');
    expect(refused('reports/./x.csv')).toThrow('the key has a "." component');
    expect(refused('reports/..')).toThrow('the key has a ".." component');
    expect(refused('reports\\..\\..\\x.csv')).toThrow('the key holds a backslash or a NUL byte');
    expect(refused('reports/x\0.csv')).toThrow('the key holds a backslash or a NUL byte');
    expect(mirrorPath(root, 'bucket', 'reports/cur/20231101-20231201/cur-Manifest.json')).toBe(join(root, 'reports', 'cur', '20231101-20231201', 'cur-Manifest.json'));
    expect(mirrorPath(root, 'bucket', 'reports/..data/x..csv')).toBe(join(root, 'reports', '..data', 'x..csv'));
  });
});
