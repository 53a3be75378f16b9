/**
 * The lines of a CSV file as a person and as DuckDB's reader count them. A quoted field may hold
 * line breaks, so one record can span several lines of the file; DuckDB numbers a record as one
 * line ("CSV Error on Line: N" counts records, and blank lines, from the header's 1), while an
 * editor shows the physical line. Errors name the physical line a record starts on. These scans
 * run only after a failed read (or to locate a bad value), so a good file pays nothing.
 */
import { createReadStream } from 'node:fs';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** One line as DuckDB's CSV reader sees it: a record, or a blank line (which it skips). */
export interface CsvLine {
  /** DuckDB's number for it: records and blank lines from 1 (the header). */
  logical: number;
  /** The physical line of the file it starts on, from 1. */
  line: number;
  /** An empty line, which the reader skips. */
  blank: boolean;
  /** The fields asked for, by position (RFC 4180 quotes removed); undefined for the others. */
  fields: (string | undefined)[];
}

/**
 * The lines of the CSV file at `path`, in order, with the fields at the positions in `wanted`
 * (none when omitted: a scan for line numbers only). Quotes as the costlens readers read them:
 * `"` quotes a field and `""` inside one is a quote; CR before LF is dropped.
 */
async function* csvLines(path: string, wanted: ReadonlySet<number> = new Set()): AsyncGenerator<CsvLine> {
  let logical = 1;
  let line = 1;
  let start = 1;
  let inQuotes = false;
  let afterClose = false;
  let fieldStart = true;
  let blank = true;
  let index = 0;
  let keep = wanted.has(0);
  let field: number[] = [];
  let fields: (string | undefined)[] = [];
  const endField = () => {
    if (keep) fields[index] = Buffer.from(field).toString('utf8');
    field = [];
    index += 1;
    keep = wanted.has(index);
    fieldStart = true;
    afterClose = false;
  };
  const endLine = (): CsvLine => {
    endField();
    const done = { logical, line: start, blank, fields };
    fields = [];
    index = 0;
    keep = wanted.has(0);
    blank = true;
    return done;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (inQuotes) {
        if (b === QUOTE) {
          inQuotes = false;
          afterClose = true;
        } else {
          if (b === LF) line += 1;
          if (keep) field.push(b);
        }
        continue;
      }
      if (b === LF) {
        yield endLine();
        logical += 1;
        line += 1;
        start = line;
        continue;
      }
      if (b === CR) continue;
      blank = false;
      if (b === COMMA) {
        endField();
        continue;
      }
      if (b === QUOTE && (fieldStart || afterClose)) {
        // A field's opening quote, or the second quote of `""` inside a quoted field.
        if (afterClose && keep) field.push(QUOTE);
        inQuotes = true;
        fieldStart = false;
        afterClose = false;
        continue;
      }
      fieldStart = false;
      afterClose = false;
      if (keep) field.push(b);
    }
  }
  if (!blank || index > 0 || field.length > 0) yield endLine();
}

/** The physical line that DuckDB's line `logical` of the CSV file at `path` starts on (undefined past the end). */
export async function physicalLine(path: string, logical: number): Promise<number | undefined> {
  for await (const line of csvLines(path)) {
    if (line.logical === logical) return line.line;
  }
  return undefined;
}

/** The records of the CSV file after its header, blank lines skipped: the physical line each starts on and the fields asked for. */
export async function* csvRecords(path: string, wanted: ReadonlySet<number>): AsyncGenerator<CsvLine> {
  let header = true;
  for await (const line of csvLines(path, wanted)) {
    if (line.blank) continue;
    if (header) {
      header = false;
      continue;
    }
    yield line;
  }
}
