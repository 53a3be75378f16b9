import { CostlensError } from '../../errors.ts';

/** A parsed `s3://bucket/prefix` URI. */
export interface S3Location {
  bucket: string;
  /** The key prefix, without a leading slash ('' for the whole bucket). */
  prefix: string;
}

/** True when a path names an S3 location. */
export function isS3Uri(path: string): boolean {
  return /^s3:\/\//i.test(path);
}

/** Parses `s3://bucket/prefix`; a malformed URI is a usage error naming it. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!match) {
    throw new CostlensError('usage', `${uri}: not an S3 URI of the form s3://bucket/prefix`, { hint: 'bucket names are 3–63 lower-case letters, digits, dots and hyphens' });
  }
  return { bucket: match[1], prefix: (match[2] ?? '').replace(/^\/+/, '') };
}

/** `s3://bucket/key` for messages. */
export function s3Url(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
