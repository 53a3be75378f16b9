import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { STREAM_CHUNK, incompleteGzipError, inflatingStages } from './gzip-pipe.ts';
import { CostlensError } from '../errors.ts';
import { describePlain } from './decompress.ts';
import type { IngestUnit, UnitFile } from './units.ts';
import type { UnpackLimits } from './unpack-limits.ts';
import { groupBy } from '../lib/group-by.ts';

/** The SHA-256 of a file's content: of what it inflates to (within the unpack limits) for a `.gz` left packed. */
async function sha256(file: UnitFile, limits: UnpackLimits): Promise<string> {
  const hash = createHash('sha256');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done();
    },
  });
  const stages = file.gzipped ? inflatingStages(file.original, statSync(file.plain).size, limits) : [];
  try {
    await pipeline([createReadStream(file.plain, { highWaterMark: STREAM_CHUNK }), ...stages, sink]);
  } catch (error) {
    throw file.gzipped && !(error instanceof CostlensError) ? incompleteGzipError(file.original, error) : error;
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
export async function refuseDuplicateFiles(units: IngestUnit[], limits: UnpackLimits): Promise<void> {
  const files = units.flatMap((u) => u.files);
  const seen = new Set<string>();
  for (const file of files) {
    if (file.entry !== 0) continue;
    if (seen.has(file.original)) throw new CostlensError('input', `${file.original} is named twice (directly and through a folder or manifest)`, { hint: 'give each file once' });
    seen.add(file.original);
  }
  const bySize = groupBy(files, (file) => file.bytes % 2 ** 32);
  for (const sameSize of bySize.values()) {
    if (sameSize.length < 2) continue;
    const byHash = new Map<string, UnitFile>();
    for (const file of sameSize) {
      const digest = await sha256(file, limits);
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
