import { CUR_COMMITMENT_COLUMNS, type CommitmentValueKind } from '../../cur-columns/commitment-columns.ts';
import { MONEY } from '../../store/schema.ts';
import type { SourceColumns } from './source-columns.ts';

/**
 * The SELECT expressions that fill the commitment columns of `line_items` from a CUR file of any
 * generation (src/cur-columns/commitment-columns.ts). Values the dictionary types as strings
 * (reservation counts and units, start and end times) are cast, an empty string read as NULL; a
 * value that is not a number or a timestamp stops the ingest with DuckDB's conversion error.
 */
export function curCommitmentColumns(c: SourceColumns): Record<string, string> {
  const select: Record<string, string> = {};
  for (const column of CUR_COMMITMENT_COLUMNS) select[column.target] = expression(c, column.source, column.kind);
  return select;
}

function expression(c: SourceColumns, source: string, kind: CommitmentValueKind): string {
  if (kind === 'text') return c.text(source);
  const target = kind === 'money' ? MONEY : kind === 'quantity' ? 'DOUBLE' : 'TIMESTAMP';
  if (!c.has(source)) return `CAST(NULL AS ${target})`;
  // Money columns are doubles (or typed CSV decimals): cast directly, as BilledCost is.
  if (kind === 'money') return `CAST(${c.ref(source)} AS ${MONEY})`;
  return `CAST(NULLIF(trim(CAST(${c.ref(source)} AS VARCHAR)), '') AS ${target})`;
}

/** CUR commitment columns holding numbers or times (typed when a CSV is read, so a bad value names its line). */
export function curCommitmentSources(kinds: CommitmentValueKind[]): string[] {
  return CUR_COMMITMENT_COLUMNS.filter((column) => kinds.includes(column.kind)).map((column) => column.source);
}
