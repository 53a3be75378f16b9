import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { incompleteGzipError } from './gzip-pipe.ts';
import { CostlensError } from '../errors.ts';
import { describePlain } from './decompress.ts';
import type { IngestUnit, UnitFile } from './units.ts';

/** The SHA-256 of a file's content: of what it inflates to for a `.gz` left packed. */
async function sha256(file: UnitFile): Promise<string> {
  const hash = createHash('sha256');
  const read = createReadStream(file.plain, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of file.gzipped ? read.pipe(createGunzip({ chunkSize: 1 << 20 })) : read) hash.update(chunk as Buffer);
  } catch (error) {
    throw file.gzipped ? incompleteGzipError(file.original, error) : error;
  }
  return hash.digest('hex');
}

function label(file: UnitFile): string {
  return describePlain(file.original, { entry: file.entryName });
}

/**
 * The same file given twice, or two files with identical content, would count their charges
 * twice. Content is compared unpacked (a CSV and its `.gz` or `.zip`, or two entries of one zip,
 * are the same data): files of equal unpacked size are hashed (SHA-256) and compared. A `.gz`
 * left packed states its size modulo 2³² (checked when it loads), so sizes are compared modulo 2³².
 */
export async function refuseDuplicateFiles(units: IngestUnit[]): Promise<void> {
  const seen = new Set<string>();
  const bySize = new Map<number, UnitFile[]>();
  for (const file of units.flatMap((u) => u.files)) {
    if (file.entry === 0) {
      if (seen.has(file.original)) throw new CostlensError('input', `${file.original} is named twice (directly and through a folder or manifest)`, { hint: 'give each file once' });
      seen.add(file.original);
    }
    const size = file.bytes % 2 ** 32;
    bySize.set(size, [...(bySize.get(size) ?? []), file]);
  }
  for (const sameSize of bySize.values()) {
    if (sameSize.length < 2) continue;
    const byHash = new Map<string, UnitFile>();
    for (const file of sameSize) {
      const digest = await sha256(file);
      const twin = byHash.get(digest);
      if (twin) {
        throw new CostlensError('input', `${label(file)} and ${label(twin)} hold identical data`, {
          hint: 'loading both would count their charges twice; ingest one of them',
        });
      }
      byHash.set(digest, file);
    }
  }
}
