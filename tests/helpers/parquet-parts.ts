import { createHash } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedPackages } from './cache-inputs.ts';
import { builtOnce } from './cached-stores.ts';
import { duckdbRows } from './cli.ts';

/** How a line is assigned to its part: a hash of its identity, so the split is the same every time. */
const partSql = (source: string, count: number, index: number, target: string) =>
  `COPY (SELECT * FROM read_parquet('${source}') WHERE hash(identity_line_item_id, line_item_usage_start_date) % ${count} = ${index})
    TO '${target}' (FORMAT parquet)`;

/**
 * A folder of `count` Parquet files, `part-1.snappy.parquet` … `part-<count>.snappy.parquet`,
 * that split the lines of the CUR Parquet file `source` between them by a hash of each line's
 * identity (line item id and usage start): an export delivered in parts, as AWS writes a large
 * month. Built once per machine and cached in the temp folder, keyed by the source's path, size and
 * mtime, the part count, the split's SQL and the installed packages (DuckDB writes the parts);
 * callers only read it (an ingest reads its sources).
 */
export function cachedParquetParts(source: string, count: number): Promise<string> {
  const { size, mtimeMs } = statSync(source);
  const key = createHash('sha256').update(JSON.stringify([source, size, mtimeMs, count, partSql('', count, 0, ''), installedPackages()])).digest('hex').slice(0, 16);
  return builtOnce(join(tmpdir(), `costlens-parquet-parts-${key}`), async (scratch) => {
    mkdirSync(scratch);
    for (let i = 1; i <= count; i++) await duckdbRows(partSql(source, count, i - 1, join(scratch, `part-${i}.snappy.parquet`)));
  });
}
