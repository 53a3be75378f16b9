/**
 * Files a test derives from the real billing files (a bill filtered, cut or rewritten by a DuckDB
 * statement, a small CSV it writes), made once per machine: a test cache in the temp folder keyed
 * by every statement, its parameters (with the state of each file or folder one names:
 * tests/helpers/cache-inputs.ts), every text and the installed packages (DuckDB writes the Parquet),
 * so the stores of them can be cachedStores
 * (tests/helpers/cached-stores.ts) that a test file reads instead of writing and ingesting the files
 * again on every run. Callers only read the files.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteLiteral } from '../../src/lib/sql-quote.ts';
import { installedPackages, statesOfPaths } from './cache-inputs.ts';
import { builtOnce, cachedStore } from './cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from './cli.ts';

/** One file: `name` in the cache's folder, the Parquet of `sql`'s rows (bound to `params`), or `text` as it is. */
export type DerivedFile = { name: string; sql: string; params: Record<string, string> } | { name: string; text: string };

/** The path of each of `files` by its name, written once per machine (see the module's comment). */
export async function derivedFiles(files: readonly DerivedFile[]): Promise<Record<string, string>> {
  const sources = statesOfPaths(files.flatMap((file) => ('params' in file ? Object.values(file.params) : [])));
  const key = createHash('sha256').update(JSON.stringify([files, sources, installedPackages()])).digest('hex').slice(0, 16);
  const dir = await builtOnce(join(tmpdir(), `costlens-fixture-${key}`), async (scratch) => {
    mkdirSync(scratch, { recursive: true });
    for (const file of files) {
      const target = join(scratch, file.name);
      if ('text' in file) writeFileSync(target, file.text);
      else await duckdbRows(`COPY (${file.sql}) TO ${quoteLiteral(target)} (FORMAT parquet)`, file.params);
    }
  });
  return Object.fromEntries(files.map((file) => [file.name, join(dir, file.name)]));
}

/**
 * The real November 2018 CUR without its lines of 10–12 Nov (a billing period with days missing
 * inside it), written once per machine; callers only read it.
 */
export async function realNovemberWithout10To12(): Promise<string> {
  const name = 'nov-without-10-12.parquet';
  return (await derivedFiles([{
    name,
    sql: `SELECT * FROM read_parquet($file) WHERE CAST(line_item_usage_start_date AS DATE) NOT BETWEEN DATE '2018-11-10' AND DATE '2018-11-12'`,
    params: { file: REAL_NOV_2018 },
  }]))[name];
}

/**
 * The store of both real 2018 CURs, November without its lines of 10–12 Nov (2018-11 holds 27 of
 * its 30 days: a gap inside a billing period), ingested once per machine, and the cut November
 * file ({@link realNovemberWithout10To12}) that tests check its figures against; callers only read them.
 */
export async function realCursWithout10To12NovStore(): Promise<{ nov: string; db: string }> {
  const nov = await realNovemberWithout10To12();
  return { nov, db: await cachedStore([[REAL_OCT_2018, nov]]) };
}

/**
 * The real November 2018 CUR cut at 2018-11-20 12:00 (as cutCurParquet in tests/helpers/cli.ts
 * cuts it: the lines whose usage starts before then), so that a store of it holds half of the 20th
 * and its data horizon is the 19th; written once per machine, callers only read it.
 */
export async function realNovemberTo20thNoon(): Promise<string> {
  const name = 'nov-to-20th-noon.parquet';
  return (await derivedFiles([{
    name,
    sql: `SELECT * FROM read_parquet($file)
      WHERE line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)`,
    params: { file: REAL_NOV_2018, from: '2018-11-01', to: '2018-11-20 12:00:00' },
  }]))[name];
}

/**
 * The real November 2018 CUR without the lines that start before 10 Nov: a store of it begins
 * inside its month (its RI fees posted on the 1st are left out too); written once per machine.
 */
export async function realNovemberFrom10th(): Promise<string> {
  const name = 'nov-from-10.parquet';
  return (await derivedFiles([{ name, sql: `SELECT * FROM read_parquet($file) WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-10'`, params: { file: REAL_NOV_2018 } }]))[name];
}
