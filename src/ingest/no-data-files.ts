/**
 * A folder (or an S3 prefix) that holds nothing an ingest loads. The error says what costlens
 * looks for (files named as data files, not hidden, whose header or Parquet schema is one of the
 * formats detect.ts knows) and, when the folder is not empty, names a few of the files it did not
 * read and why, so a user sees at once that the export landed as `.txt`, or in a hidden file.
 */
import { basename } from 'node:path';
import { CostlensError } from '../errors.ts';

/** The names a folder ingest reads (and an S3 sync mirrors): CSV, gzip, zip and Parquet files. */
export const DATA_FILE_NAME = /\.(csv|csv\.gz|gz|zip|parquet)$/i;

/** How many of the files not read an error names. */
const NAMED = 3;

/** Why a file is not read for its name alone: hidden, or not a data file's name; undefined when it would be read. */
export function unreadName(path: string): string | undefined {
  const name = basename(path);
  if (name.startsWith('.')) return 'hidden';
  return DATA_FILE_NAME.test(name) ? undefined : 'not named *.csv, *.gz, *.zip or *.parquet';
}

/**
 * The input error for `where` (a folder, or an s3:// prefix) in which nothing loads: `unread` are
 * the entries it holds, each `name (why it was not read)`, named relative to it; the first few are
 * named, the rest counted. `hint` replaces the default hint (what costlens reads).
 */
export function noDataFilesError(where: string, kind: 'folder' | 'prefix', unread: string[], hint?: string): CostlensError {
  const noun = kind === 'folder' ? 'file' : 'object';
  const place = kind === 'folder' ? 'in this folder' : 'under this prefix';
  const more = unread.length > NAMED ? `, and ${unread.length - NAMED} more` : '';
  const found = unread.length === 0
    ? ` (it holds no ${noun}s)`
    : `: ${unread.length} ${noun}${unread.length === 1 ? '' : 's'} not read: ${unread.slice(0, NAMED).join(', ')}${more}`;
  return new CostlensError('input', `${where}: no billing, metrics, inventory or business metrics files found ${place}${found}`, {
    hint: hint ?? `costlens reads the ${noun}s ${kind === 'folder' ? 'in the folder and its subfolders' : 'under the prefix'} named *.csv, *.csv.gz, *.gz, *.zip or *.parquet (not hidden ones) `
      + 'whose header or Parquet schema is that of a CUR (legacy CSV, for Athena, 2.0), FOCUS, metrics, inventory or business-metrics file: '
      + 'point at a CUR report folder, a Data Exports folder, or the files themselves',
  });
}
