import type { S3Client } from '@aws-sdk/client-s3';
import type { ListedObject } from './download.ts';
import { awsSdk } from '../../aws-client/sdk.ts';

/** Lists every object under `prefix` (ListObjectsV2, following continuation tokens). */
export async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new (awsSdk.s3().ListObjectsV2Command)({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
    for (const item of page.Contents ?? []) {
      if (item.Key === undefined || item.Key.endsWith('/')) continue;
      objects.push({ key: item.Key, etag: item.ETag ?? '', size: Number(item.Size ?? 0) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}
