import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CostlensError } from '../errors.ts';
import { describePlain } from './decompress.ts';
import type { IngestUnit, UnitFile } from './units.ts';

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function label(file: UnitFile): string {
  return describePlain(file.original, { entry: file.entryName });
}

/**
 * The same file given twice, or two files with identical content, would count their charges
 * twice. Content is compared unpacked (a CSV and its `.gz` or `.zip`, or two entries of one zip,
 * are the same data): files of equal unpacked size are hashed (SHA-256) and compared.
 */
export async function refuseDuplicateFiles(units: IngestUnit[]): Promise<void> {
  const seen = new Set<string>();
  const bySize = new Map<number, UnitFile[]>();
  for (const file of units.flatMap((u) => u.files)) {
    if (file.entry === 0) {
      if (seen.has(file.original)) throw new CostlensError('input', `${file.original} is named twice (directly and through a folder or manifest)`, { hint: 'give each file once' });
      seen.add(file.original);
    }
    bySize.set(file.bytes, [...(bySize.get(file.bytes) ?? []), file]);
  }
  for (const sameSize of bySize.values()) {
    if (sameSize.length < 2) continue;
    const byHash = new Map<string, UnitFile>();
    for (const file of sameSize) {
      const digest = await sha256(file.plain);
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
