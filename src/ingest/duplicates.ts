import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { STREAM_CHUNK, incompleteGzipError, inflatingStages, readFileHead, readGzipHead } from './gzip-pipe.ts';
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

/** How much of each file's (unpacked) content keys it when sizes cannot be compared. */
const HEAD_BYTES = 64 * 1024;

/** The SHA-256 of the first HEAD_BYTES of a file's content (of what a `.gz` left packed inflates to: a prefix is inflated, not the file). */
function headDigest(file: UnitFile): string {
  return createHash('sha256').update(file.gzipped ? readGzipHead(file.plain, HEAD_BYTES) : readFileHead(file.plain, HEAD_BYTES)).digest('hex');
}


/** Whether two files could hold the same content judging by their sizes: a `.gz` left packed has no size to judge by. */
function sizesAllowMatch(a: UnitFile, b: UnitFile): boolean {
  return a.gzipped === true || b.gzipped === true || a.bytes === b.bytes;
}

function label(file: UnitFile): string {
  return describePlain(file.original, { entry: file.entryName });
}

/** How a file was named: `on the command line`, `through the folder data/cur`, `through the manifest …/x-Manifest.json`. */
function namedHow(file: UnitFile): string {
  return file.via === undefined ? 'on the command line' : `through the ${file.via.kind} ${file.via.path}`;
}

/**
 * A file named twice, said as it happened: `named twice on the command line`, `named on the
 * command line and through the folder data/cur`, `named through the folders a and b`; with both
 * names when they are spelt differently (`a.csv` and `/data/a.csv`, or a link to it).
 */
function namedTwiceError(first: UnitFile, second: UnitFile): CostlensError {
  const [a, b] = [namedHow(first), namedHow(second)];
  const how = a === b ? `twice ${a}`
    : first.via && second.via && first.via.kind === second.via.kind ? `through the ${first.via.kind}s ${first.via.path} and ${second.via.path}`
    : `${a} and ${b}`;
  const names = first.original === second.original ? '' : `, as ${first.original} and ${second.original}`;
  const hint = first.via === undefined && second.via === undefined ? 'give each file once'
    : first.via === undefined || second.via === undefined ? 'give the file, or the folder that holds it, not both'
    : 'give each folder once, and not a folder together with one inside it';
  return new CostlensError('input', `${first.original} is named ${how}${names}`, { hint });
}

/**
 * The same file given twice, or two files with identical content, would count their charges
 * twice. The same file is the same real path (relative or absolute, through a link or a folder:
 * fs.realpath), named twice. Content is compared unpacked (a CSV and its `.gz` or `.zip`, or two entries of one zip,
 * are the same data): files that may be identical are hashed whole (SHA-256; a `.gz` left packed
 * as it inflates, within the unpack limits) and compared. Which may be: files of equal size. A `.gz`
 * left packed has no size to compare before it is inflated (its trailer states only its last gzip
 * member's size, modulo 2³²: `cat a.gz b.gz` states b's), so when one is among the files, every
 * file is first keyed by the digest of its first 64 KiB of content (a prefix of a `.gz` is
 * inflated, not the file), and only files with the same first 64 KiB and sizes that do not tell
 * them apart are hashed whole.
 */
export async function refuseDuplicateFiles(units: IngestUnit[], limits: UnpackLimits): Promise<void> {
  const files = units.flatMap((u) => u.files);
  const seen = new Map<string, UnitFile>();
  for (const file of files) {
    if (file.entry !== 0) continue;
    const path = await realpath(file.original).catch(() => resolve(file.original));
    const first = seen.get(path);
    if (first) throw namedTwiceError(first, file);
    seen.set(path, file);
  }
  if (files.length < 2) return;
  const groups = files.some((file) => file.gzipped) ? groupBy(files, headDigest) : groupBy(files, (file) => file.bytes);
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const byHash = new Map<string, UnitFile>();
    for (const file of group) {
      if (!group.some((other) => other !== file && sizesAllowMatch(file, other))) continue;
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
