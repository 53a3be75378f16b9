import type { S3Client } from '@aws-sdk/client-s3';
import type { ListedObject } from './download.ts';
import { awsSdk } from '../../aws-client/sdk.ts';
import { paginate } from '../../aws-client/paginate.ts';

/** Lists every object under `prefix` (ListObjectsV2, following continuation tokens). */
export async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  const pages = paginate(`s3 ListObjectsV2 (s3://${bucket}/${prefix})`, (token) => s3.send(new (awsSdk.s3().ListObjectsV2Command)({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token })),
    (page) => (page.IsTruncated ? page.NextContinuationToken : undefined));
  for await (const page of pages) {
    for (const item of page.Contents ?? []) {
      if (item.Key === undefined || item.Key.endsWith('/')) continue;
      objects.push({ key: item.Key, etag: item.ETag ?? '', size: Number(item.Size ?? 0) });
    }
  }
  return objects;
}
