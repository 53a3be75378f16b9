/**
 * Archives for tests, written in a stream so that a "decompression bomb" of gigabytes costs the
 * test a few megabytes of disk and memory: data is a list of segments (each repeated `times`),
 * compressed once per distinct segment. Deflate segments end at a full flush (byte-aligned, no
 * back-references across them), so repeating their compressed bytes is a valid deflate stream.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';

export interface Segment {
  data: Buffer;
  times?: number;
}

/** `bytes` zero bytes as segments of 16 MiB (and a remainder). */
export function zeros(bytes: number): Segment[] {
  const block = 16 << 20;
  const whole = Math.floor(bytes / block);
  const rest = bytes - whole * block;
  return [...(whole > 0 ? [{ data: Buffer.alloc(block), times: whole }] : []), ...(rest > 0 ? [{ data: Buffer.alloc(rest) }] : [])];
}

/** zlib's crc32_combine: the CRC-32 of A‖B from crc(A), crc(B) and B's length, by squaring GF(2) matrices of 32 words. */
function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  const times = (mat: number[], vec: number) => {
    let sum = 0;
    for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i];
    return sum >>> 0;
  };
  const square = (mat: number[]) => mat.map((row) => times(mat, row));
  let odd = [0xedb88320, ...Array.from({ length: 31 }, (_, n) => 1 << n)];
  let even = square(odd);
  odd = square(even);
  let crc = crcA >>> 0;
  for (let len = lengthB; len > 0;) {
    even = square(odd);
    if (len % 2) crc = times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    odd = square(even);
    if (len % 2) crc = times(odd, crc);
    len = Math.floor(len / 2);
  }
  return (crc ^ crcB) >>> 0;
}

/** The CRC-32 of whatever `initial` is the CRC of, then `data` `times` times: by doubling, not `times` passes over gigabytes. */
function crc32Repeated(data: Buffer, times: number, initial: number): number {
  let result = initial >>> 0;
  let power = crc32(data);
  let powerLength = data.length;
  for (let n = times; n > 0; n = Math.floor(n / 2)) {
    if (n % 2) result = crc32Combine(result, power, powerLength);
    if (n > 1) {
      power = crc32Combine(power, power, powerLength);
      powerLength *= 2;
    }
  }
  return result;
}

function writeAll(fd: number, buffer: Buffer): number {
  writeSync(fd, buffer);
  return buffer.length;
}

/** A gzip file of the segments: one gzip member per segment repetition (gunzip reads them as one stream). */
export function writeGzip(path: string, segments: Segment[]): void {
  const fd = openSync(path, 'w');
  try {
    for (const segment of segments) {
      const member = gzipSync(segment.data, { level: 9 });
      for (let i = 0; i < (segment.times ?? 1); i++) writeAll(fd, member);
    }
  } finally {
    closeSync(fd);
  }
}

export interface ZipEntrySpec {
  name: string;
  segments: Segment[];
  /** Write this uncompressed size in the headers instead of the true one (a lying archive). */
  declaredBytes?: number;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

/**
 * A zip archive of deflated entries. With `zip64`, sizes and offsets go in ZIP64 extra fields
 * and a ZIP64 end record, as archivers write them for entries past 4 GiB.
 */
export function writeZip(path: string, entries: ZipEntrySpec[], options: { zip64?: boolean } = {}): void {
  const zip64 = options.zip64 ?? false;
  const fd = openSync(path, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  try {
    for (const entry of entries) {
      const compressed = entry.segments.map((s) => ({ bytes: deflateRawSync(s.data, { level: 9, finishFlush: constants.Z_FULL_FLUSH }), times: s.times ?? 1, data: s.data }));
      const end = deflateRawSync(Buffer.alloc(0));
      let crc = 0;
      let size = 0;
      let packed = end.length;
      for (const c of compressed) {
        crc = crc32Repeated(c.data, c.times, crc);
        size += c.data.length * c.times;
        packed += c.bytes.length * c.times;
      }
      const declared = entry.declaredBytes ?? size;
      const name = Buffer.from(entry.name, 'utf8');
      const extra = zip64 ? Buffer.concat([u16(1), u16(16), u64(declared), u64(packed)]) : Buffer.alloc(0);
      const local = Buffer.concat([u32(0x04034b50), u16(zip64 ? 45 : 20), u16(0x800), u16(8), u16(0), u16(0x21), u32(crc),
        u32(zip64 ? 0xffffffff : packed), u32(zip64 ? 0xffffffff : declared), u16(name.length), u16(extra.length), name, extra]);
      const headerAt = offset;
      offset += writeAll(fd, local);
      for (const c of compressed) for (let i = 0; i < c.times; i++) offset += writeAll(fd, c.bytes);
      offset += writeAll(fd, end);
      const centralExtra = zip64 ? Buffer.concat([u16(1), u16(24), u64(declared), u64(packed), u64(headerAt)]) : Buffer.alloc(0);
      central.push(Buffer.concat([u32(0x02014b50), u16(zip64 ? 45 : 20), u16(zip64 ? 45 : 20), u16(0x800), u16(8), u16(0), u16(0x21), u32(crc),
        u32(zip64 ? 0xffffffff : packed), u32(zip64 ? 0xffffffff : declared), u16(name.length), u16(centralExtra.length), u16(0), u16(0), u16(0), u32(0),
        u32(zip64 ? 0xffffffff : headerAt), name, centralExtra]));
    }
    const directory = Buffer.concat(central);
    const directoryAt = offset;
    offset += writeAll(fd, directory);
    if (zip64) {
      const recordAt = offset;
      offset += writeAll(fd, Buffer.concat([u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0), u64(entries.length), u64(entries.length), u64(directory.length), u64(directoryAt)]));
      offset += writeAll(fd, Buffer.concat([u32(0x07064b50), u32(0), u64(recordAt), u32(1)]));
    }
    writeAll(fd, Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(zip64 ? 0xffff : entries.length), u16(zip64 ? 0xffff : entries.length),
      u32(zip64 ? 0xffffffff : directory.length), u32(zip64 ? 0xffffffff : directoryAt), u16(0)]));
  } finally {
    closeSync(fd);
  }
}
