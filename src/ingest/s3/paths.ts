/**
 * Turns the `s3://` arguments of an ingest into local mirror folders (see syncS3Delivery), so the
 * rest of the ingest plans and loads them exactly like local report folders.
 */
import { AwsClientFactory } from '../../aws-client/clients.ts';
import type { AwsCallListener } from '../../aws-client/call-log.ts';
import { awsConfigSchema, type AwsConfig } from '../../aws-client/config.ts';
import { syncS3Delivery, type S3SyncResult } from './sync.ts';
import { isS3Uri } from './uri.ts';

export interface S3IngestOptions {
  /** The cache root; deliveries mirror to `<cacheDir>/<bucket>/<prefix>`. */
  cacheDir: string;
  /** The `aws` config section (default: its defaults). */
  config?: AwsConfig;
  /** The environment for endpoints and region (default: process.env). */
  env?: NodeJS.ProcessEnv;
  onCall?: AwsCallListener;
  onProgress?: (message: string) => void;
  /** Told about each synced delivery. */
  onSynced?: (result: S3SyncResult) => void;
}

/** Replaces each s3:// path by its synced local copy; other paths pass through untouched. */
export async function resolveS3Paths(paths: string[], options: S3IngestOptions): Promise<string[]> {
  if (!paths.some(isS3Uri)) return paths;
  const config = options.config ?? awsConfigSchema.parse({});
  const clients = new AwsClientFactory({ config, env: options.env ?? process.env, onCall: options.onCall });
  const out: string[] = [];
  for (const path of paths) {
    if (!isS3Uri(path)) {
      out.push(path);
      continue;
    }
    const result = await syncS3Delivery(path, options.cacheDir, { clients, concurrency: config.concurrency, maxResumes: config.retry.maxAttempts, onProgress: options.onProgress });
    options.onSynced?.(result);
    out.push(result.localPath);
  }
  return out;
}
