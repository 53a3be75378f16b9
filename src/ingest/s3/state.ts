/**
 * What the S3 cache holds: for each mirrored key, the ETag and size it had when it was
 * downloaded and verified. Kept in `<cacheDir>/.costlens/<bucket>.json`, written atomically after
 * every finished file, so an interrupted sync keeps what it completed.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ListedObject } from './download.ts';
import { makeFolder } from '../../lib/make-folder.ts';

export interface CachedObject {
  etag: string;
  size: number;
}

/** The cache record of one bucket. */
export class S3CacheState {
  private constructor(private readonly path: string, readonly objects: Record<string, CachedObject>) {}

  /** Reads the record of `bucket` under `cacheDir` (empty when there is none or it is unreadable). */
  static load(cacheDir: string, bucket: string): S3CacheState {
    const path = join(cacheDir, '.costlens', `${bucket}.json`);
    let objects: Record<string, CachedObject> = {};
    if (existsSync(path)) {
      try {
        objects = (JSON.parse(readFileSync(path, 'utf8')) as { objects?: Record<string, CachedObject> }).objects ?? {};
      } catch {
        objects = {};
      }
    }
    return new S3CacheState(path, objects);
  }

  /** True when the cache holds exactly this version of the object. */
  holds(object: ListedObject): boolean {
    const cached = this.objects[object.key];
    return cached !== undefined && cached.etag === object.etag && cached.size === object.size;
  }

  record(object: ListedObject): void {
    this.objects[object.key] = { etag: object.etag, size: object.size };
    this.save();
  }

  forget(key: string): void {
    delete this.objects[key];
    this.save();
  }

  private save(): void {
    makeFolder(join(this.path, '..'));
    const temporary = `${this.path}.tmp-${process.pid}`;
    writeFileSync(temporary, JSON.stringify({ version: 1, objects: this.objects }, null, 1));
    renameSync(temporary, this.path);
  }
}
