/**
 * Fake Amazon S3 (REST-XML, path-style): ListObjectsV2 with continuation tokens, GetObject with
 * Range and If-Match, HeadObject. ETags are MD5 hex for single-part objects and `md5-of-md5s-N`
 * for objects marked multipart, as S3 computes them. An object may carry extra response headers
 * (`x-amz-server-side-encryption`, `x-amz-checksum-sha256`, …) sent with GetObject and HeadObject;
 * like S3, a ranged GetObject leaves out the `x-amz-checksum-*` ones.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { FakeRequest, FakeService } from './server.ts';
import { FakeAwsError, XmlList, page, xmlElement } from './wire.ts';

export interface FakeS3Object {
  body: Buffer;
  etag: string;
  lastModified: Date;
  /** Extra response headers of GetObject and HeadObject (lower-case names). */
  headers?: Record<string, string>;
}

/** The S3 fake; see the module comment. */
export class FakeS3 implements FakeService {
  readonly signingName = 's3';
  readonly protocol = 'rest-xml' as const;
  readonly throttle = { code: 'SlowDown', status: 503 };
  readonly buckets = new Map<string, Map<string, FakeS3Object>>();
  /** At most this many keys per ListObjectsV2 page, whatever max-keys asks. */
  maxKeysPerPage = 1000;

  /** Stores an object; `multipartParts` > 1 gives it a multipart ETag (no MD5 of the whole). */
  put(bucket: string, key: string, body: Buffer | string, options: { multipartParts?: number; lastModified?: Date; headers?: Record<string, string> } = {}): FakeS3Object {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const parts = options.multipartParts ?? 1;
    let etag: string;
    if (parts > 1) {
      const size = Math.ceil(data.length / parts);
      const digests = Array.from({ length: parts }, (_, i) => createHash('md5').update(data.subarray(i * size, (i + 1) * size)).digest());
      etag = `"${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${parts}"`;
    } else {
      etag = `"${createHash('md5').update(data).digest('hex')}"`;
    }
    const object: FakeS3Object = { body: data, etag, lastModified: options.lastModified ?? new Date('2026-11-02T06:00:00Z') };
    if (options.headers) object.headers = options.headers;
    if (!this.buckets.has(bucket)) this.buckets.set(bucket, new Map());
    this.buckets.get(bucket)!.set(key, object);
    return object;
  }

  operationOf(method: string, url: URL): string {
    const [, , ...key] = url.pathname.split('/');
    if (method === 'HEAD') return 'HeadObject';
    if (method === 'GET' && key.join('/') === '') return url.searchParams.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    if (method === 'GET') return 'GetObject';
    return `${method} (unsupported)`;
  }

  handle(request: FakeRequest, res: ServerResponse): void {
    const [, bucketName, ...keyParts] = request.rawPath.split('/');
    const bucket = this.buckets.get(decodeURIComponent(bucketName ?? ''));
    if (!bucket) throw new FakeAwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    const key = keyParts.map(decodeURIComponent).join('/');
    if (request.operation === 'ListObjectsV2') return this.list(decodeURIComponent(bucketName), bucket, request.url.searchParams, res);
    if (request.operation === 'GetObject' || request.operation === 'HeadObject') return this.get(bucket, key, request, res);
    throw new FakeAwsError('NotImplemented', `the fake does not implement ${request.operation}`, 501);
  }

  private list(name: string, bucket: Map<string, FakeS3Object>, query: URLSearchParams, res: ServerResponse): void {
    const prefix = query.get('prefix') ?? '';
    const maxKeys = Math.min(Number(query.get('max-keys') ?? 1000), this.maxKeysPerPage);
    const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix)).sort();
    const token = query.get('continuation-token') ?? undefined;
    const { items, next } = page(keys, token, maxKeys);
    const contents = items.map((k) => {
      const o = bucket.get(k)!;
      return { Key: k, LastModified: o.lastModified.toISOString(), ETag: o.etag, Size: o.body.length, StorageClass: 'STANDARD' };
    });
    const xml = xmlElement('ListBucketResult', {
      Name: name, Prefix: prefix, KeyCount: items.length, MaxKeys: maxKeys, IsTruncated: next !== undefined,
      ContinuationToken: token, NextContinuationToken: next, Contents: new XmlList('Contents', contents, true),
    }, 'member').replace('<ListBucketResult>', '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  }

  private get(bucket: Map<string, FakeS3Object>, key: string, request: FakeRequest, res: ServerResponse): void {
    const object = bucket.get(key);
    if (!object) throw new FakeAwsError('NoSuchKey', 'The specified key does not exist.', 404);
    const ifMatch = request.headers['if-match'];
    if (ifMatch && ifMatch !== object.etag) throw new FakeAwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
    const range = parseRange(request.headers, object.body.length);
    const slice = range ? object.body.subarray(range.start, range.end + 1) : object.body;
    const headers: Record<string, string | number> = {
      'content-type': 'application/octet-stream', 'content-length': slice.length, etag: object.etag,
      'last-modified': object.lastModified.toUTCString(), 'accept-ranges': 'bytes',
    };
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${object.body.length}`;
    for (const [name, value] of Object.entries(object.headers ?? {})) {
      if (!(range && name.startsWith('x-amz-checksum-'))) headers[name] = value;
    }
    res.writeHead(range ? 206 : 200, headers);
    if (request.operation === 'HeadObject') {
      res.end();
      return;
    }
    if (request.fault?.kind === 'truncate') {
      res.write(slice.subarray(0, Math.floor(slice.length / 2)), () => res.socket?.end());
      return;
    }
    res.end(slice);
  }
}

function parseRange(headers: IncomingHttpHeaders, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d+)-(\d*)$/.exec(String(headers.range ?? ''));
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (start >= size) throw new FakeAwsError('InvalidRange', 'The requested range is not satisfiable', 416);
  return { start, end };
}
