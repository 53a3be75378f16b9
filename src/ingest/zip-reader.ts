/**
 * Reads a zip archive the way its format intends: the central directory at the end names every
 * entry with its sizes, CRC-32 and where its data starts (ZIP64 included), and each entry is then
 * streamed from disk through Node's inflate, never held in memory. Sizes are known before a byte
 * is unpacked, and every entry is checked against its declared size and CRC-32 as it is written.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { CostlensError } from '../errors.ts';
import { isFsError } from '../lib/fs-errors.ts';

/** One file in the archive, as the central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  crc32: number;
  packedBytes: number;
  bytes: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_EOCD_SEARCH = 22 + 0xffff;

function unreadable(path: string, why: string): CostlensError {
  return new CostlensError('input', `${path}: not a readable zip archive (${why})`, { hint: 'the file is truncated or corrupt; download it again' });
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Where the central directory is and how many entries it holds. */
async function findDirectory(file: FileHandle, path: string, size: number): Promise<{ offset: number; bytes: number; count: number }> {
  const tailStart = Math.max(0, size - MAX_EOCD_SEARCH);
  const tail = await readAt(file, tailStart, size - tailStart);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw unreadable(path, 'no end-of-central-directory record');
  const disks = [tail.readUInt16LE(at + 4), tail.readUInt16LE(at + 6)];
  if (disks.some((d) => d !== 0 && d !== 0xffff)) throw unreadable(path, 'a multi-part (split) archive');
  let count = tail.readUInt16LE(at + 10);
  let bytes = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || bytes === 0xffffffff || offset === 0xffffffff) {
    const locatorAt = tailStart + at - 20;
    const locator = await readAt(file, locatorAt, 20);
    if (locatorAt < 0 || locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw unreadable(path, 'a ZIP64 archive without its locator');
    const record = await readAt(file, Number(locator.readBigUInt64LE(8)), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) throw unreadable(path, 'a damaged ZIP64 end record');
    count = Number(record.readBigUInt64LE(32));
    bytes = Number(record.readBigUInt64LE(40));
    offset = Number(record.readBigUInt64LE(48));
  }
  if (offset + bytes > size) throw unreadable(path, 'the central directory lies past the end of the file');
  return { offset, bytes, count };
}

/** Applies the ZIP64 extended-information extra field to the sizes and offset that overflowed. */
function applyZip64(extra: Buffer, entry: ZipEntry): void {
  for (let i = 0; i + 4 <= extra.length;) {
    const id = extra.readUInt16LE(i);
    const length = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let at = i + 4;
      const next = () => {
        const value = at + 8 <= i + 4 + length ? Number(extra.readBigUInt64LE(at)) : undefined;
        at += 8;
        return value;
      };
      if (entry.bytes === 0xffffffff) entry.bytes = next() ?? entry.bytes;
      if (entry.packedBytes === 0xffffffff) entry.packedBytes = next() ?? entry.packedBytes;
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next() ?? entry.localHeaderOffset;
      return;
    }
    i += 4 + length;
  }
}

/** The entries of the zip archive at `path`, from its central directory. */
export async function listZipEntries(path: string): Promise<ZipEntry[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const directory = await findDirectory(file, path, size);
    const data = await readAt(file, directory.offset, directory.bytes);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < directory.count; n++) {
      if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL_HEADER) throw unreadable(path, `central directory entry ${n + 1} is damaged`);
      const nameLength = data.readUInt16LE(at + 28);
      const extraLength = data.readUInt16LE(at + 30);
      const commentLength = data.readUInt16LE(at + 32);
      const flags = data.readUInt16LE(at + 8);
      const entry: ZipEntry = {
        name: data.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1'),
        method: data.readUInt16LE(at + 10),
        encrypted: (flags & 1) === 1,
        crc32: data.readUInt32LE(at + 16),
        packedBytes: data.readUInt32LE(at + 20),
        bytes: data.readUInt32LE(at + 24),
        localHeaderOffset: data.readUInt32LE(at + 42),
      };
      applyZip64(data.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
      entries.push(entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}

/** Computes CRC-32 and counts bytes of what passes through. */
class Crc32Check extends Transform {
  crc = 0;
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.crc = zlib.crc32(chunk, this.crc);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/**
 * Streams one entry of the archive at `path` into `target`, through `meter` (which may stop it),
 * and checks the result against the entry's declared size and CRC-32. `label` names it in errors.
 */
export async function extractZipEntry(path: string, entry: ZipEntry, target: string, label: string, meter: Transform): Promise<void> {
  if (entry.encrypted) throw new CostlensError('input', `${label}: the entry is encrypted`, { hint: 'unpack it with its password and ingest the plain file' });
  if (entry.method !== 0 && entry.method !== 8) {
    throw new CostlensError('input', `${label}: compressed with method ${entry.method}, which costlens does not read (only stored and deflate)`, { hint: 'unpack the archive and ingest the plain file' });
  }
  const file = await open(path, 'r');
  let header: Buffer;
  try {
    header = await readAt(file, entry.localHeaderOffset, 30);
  } finally {
    await file.close();
  }
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) throw unreadable(path, `the local header of ${entry.name} is missing`);
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const source = entry.packedBytes === 0 ? Readable.from([]) : createReadStream(path, { start: dataStart, end: dataStart + entry.packedBytes - 1, highWaterMark: 1 << 20 });
  const check = new Crc32Check();
  const stages = entry.method === 8 && entry.packedBytes > 0 ? [zlib.createInflateRaw({ chunkSize: 1 << 20 })] : [];
  try {
    await pipeline([source, ...stages, meter, check, createWriteStream(target, { highWaterMark: 4 << 20 })]);
  } catch (error) {
    if (error instanceof CostlensError || isFsError(error)) throw error;
    throw unreadable(path, `entry ${entry.name}: ${(error as Error).message}`);
  }
  if (check.bytes !== entry.bytes) throw unreadable(path, `entry ${entry.name} declares ${entry.bytes} bytes but holds ${check.bytes}`);
  if (check.crc !== entry.crc32) throw unreadable(path, `entry ${entry.name} fails its CRC-32 check`);
}
