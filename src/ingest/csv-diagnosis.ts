/**
 * When DuckDB fails to read a CSV file, these scans find what a person needs to fix it and what
 * DuckDB's message may not say: the line of the first byte that is not UTF-8, or of the first
 * record longer than DuckDB reads. They run only after a failure, so a good file pays nothing.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** The longest line DuckDB's CSV reader accepts (its max_line_size default). */
export const MAX_LINE_BYTES = 2_000_000;

/** Length of the UTF-8 sequence a lead byte starts (0 for a byte that cannot start one). */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

/** Offset of the first invalid sequence in `bytes`, or of an incomplete one at its end when `final`. */
function firstInvalid(bytes: Buffer, final: boolean): { at: number; incompleteTail: boolean } | undefined {
  for (let i = 0; i < bytes.length;) {
    const length = sequenceLength(bytes[i]);
    if (length === 0) return { at: i, incompleteTail: false };
    if (i + length > bytes.length) return final ? { at: i, incompleteTail: false } : { at: i, incompleteTail: true };
    const sequence = bytes.subarray(i, i + length);
    if (length > 1 && !isUtf8(sequence)) return { at: i, incompleteTail: false };
    i += length;
  }
  return undefined;
}

function countNewlines(bytes: Buffer, end = bytes.length): number {
  let n = 0;
  for (let at = bytes.indexOf(10); at !== -1 && at < end; at = bytes.indexOf(10, at + 1)) n++;
  return n;
}

/** The first byte of `path` that is not UTF-8: its 1-based line, byte offset and value. */
export async function findInvalidUtf8(path: string): Promise<{ line: number; offset: number; byte: number } | undefined> {
  let carry = Buffer.alloc(0);
  let consumed = 0;
  let line = 1;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    if (isUtf8(bytes)) {
      line += countNewlines(bytes);
      consumed += bytes.length;
      carry = Buffer.alloc(0);
      continue;
    }
    const found = firstInvalid(bytes, false);
    if (found && !found.incompleteTail) return { line: line + countNewlines(bytes, found.at), offset: consumed + found.at, byte: bytes[found.at] };
    const keep = found?.at ?? bytes.length;
    line += countNewlines(bytes, keep);
    consumed += keep;
    carry = Buffer.from(bytes.subarray(keep));
  }
  return carry.length ? { line, offset: consumed, byte: carry[0] } : undefined;
}

/**
 * The first record of `path` longer than `limit` bytes, read as CSV: a quoted field may span
 * lines, so a record is reported by the line it starts on, and `quoted` says whether a quote was
 * still open when it passed the limit (an unbalanced quote swallows the rest of the file).
 */
export async function findOverlongRecord(path: string, limit = MAX_LINE_BYTES): Promise<{ line: number; bytes: number; quoted: boolean } | undefined> {
  let line = 1;
  let recordLine = 1;
  let recordBytes = 0;
  let quoted = false;
  let over: { line: number; quoted: boolean } | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    let at = 0;
    let nextQuote = bytes.indexOf(34);
    let nextNewline = bytes.indexOf(10);
    while (at < bytes.length) {
      if (nextQuote !== -1 && nextQuote < at) nextQuote = bytes.indexOf(34, at);
      if (nextNewline !== -1 && nextNewline < at) nextNewline = bytes.indexOf(10, at);
      const candidates = quoted ? [nextQuote] : [nextQuote, nextNewline];
      const stop = Math.min(...candidates.map((i) => (i === -1 ? bytes.length : i)));
      if (quoted) line += countNewlines(bytes.subarray(at, stop));
      recordBytes += stop - at;
      if (recordBytes > limit && !over) over = { line: recordLine, quoted };
      if (stop >= bytes.length) break;
      if (bytes[stop] === 34) {
        quoted = !quoted;
        recordBytes += 1;
      } else {
        if (over) return { line: over.line, bytes: recordBytes, quoted: over.quoted };
        line += 1;
        recordLine = line;
        recordBytes = 0;
      }
      at = stop + 1;
    }
  }
  return over ? { line: over.line, bytes: recordBytes, quoted: over.quoted } : undefined;
}
