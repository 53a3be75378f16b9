/**
 * Time is UTC whatever the machine's time zone: a FOCUS Parquet export whose period columns are
 * `TIMESTAMP WITH TIME ZONE` (as FOCUS and some CUR 2.0 exports write them) ingests into the same
 * billing periods and charge times under TZ=America/New_York as under UTC, and the store's own
 * clock (an ingest's finished_at) is UTC. DuckDB takes its TimeZone from the environment, so the CLI
 * runs in a child process with TZ set (this process's DuckDB has read its own already).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_FOCUS, duckdbRows, sqlRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'costlens.js');

function ingestIn(tz: string, db: string, file: string): void {
  const run = spawnSync(process.execPath, [BIN, 'ingest', file, '--db', db, '--no-progress'], { encoding: 'utf8', env: { ...process.env, TZ: tz } });
  expect(run.status, run.stderr).toBe(0);
}

const PERIODS = `SELECT x_Source AS source, CAST(BillingPeriodStart AS VARCHAR) AS period, count(*) AS lines, CAST(min(ChargePeriodStart) AS VARCHAR) AS first_charge,
  CAST(sum(BilledCost) AS VARCHAR) AS billed FROM line_items GROUP BY 1, 2 ORDER BY 1, 2`;

describe('a FOCUS Parquet export with TIMESTAMP WITH TIME ZONE periods, ingested under TZ=America/New_York', () => {
  const dir = scratchDir();
  const parquet = join(dir, 'focus-tz.parquet');
  beforeAll(async () => {
    // The sample's period columns as UTC instants (its text has no offset: it is UTC).
    await duckdbRows(`COPY (SELECT * REPLACE (
        CAST(CAST(BillingPeriodStart AS TIMESTAMP) AS TIMESTAMPTZ) AS BillingPeriodStart, CAST(CAST(BillingPeriodEnd AS TIMESTAMP) AS TIMESTAMPTZ) AS BillingPeriodEnd,
        CAST(CAST(ChargePeriodStart AS TIMESTAMP) AS TIMESTAMPTZ) AS ChargePeriodStart, CAST(CAST(ChargePeriodEnd AS TIMESTAMP) AS TIMESTAMPTZ) AS ChargePeriodEnd)
      FROM read_csv($file, nullstr = 'NULL', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`, { file: REAL_FOCUS });
  });

  it('lands in the same billing periods, at the same charge times, as under UTC; finished_at is UTC', async () => {
    const [ny, utc] = [join(dir, 'ny.duckdb'), join(dir, 'utc.duckdb')];
    const before = new Date(Date.now() - 1000).toISOString().slice(0, 19).replace('T', ' ');
    ingestIn('America/New_York', ny, parquet);
    ingestIn('UTC', utc, parquet);
    const after = new Date(Date.now() + 1000).toISOString().slice(0, 19).replace('T', ' ');
    const periods = await sqlRows(ny, PERIODS);
    expect(periods).toEqual(await sqlRows(utc, PERIODS));
    // The sample's AWS lines: September 2024, its first charge at midnight UTC on the 1st.
    expect(periods.filter((p) => p.source!.startsWith('aws/')).map((p) => [p.period, p.lines, p.first_charge])).toEqual([['2024-09-01 00:00:00', '942', '2024-09-01 00:00:00']]);
    const [finished] = await sqlRows(ny, `SELECT CAST(max(finished_at) AS VARCHAR) AS at FROM ingests`);
    expect(finished.at! >= before && finished.at! <= after, `${finished.at} in [${before}, ${after}]`).toBe(true);
  });
});

describe('every DuckDB costlens opens', () => {
  it('is opened through createDuckDB (src/store/duckdb-settings.ts), which sets its TimeZone to UTC: no other DuckDBInstance.create in src/', () => {
    const src = join(import.meta.dirname, '..', '..', 'src');
    const creators = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
      .filter((f) => readFileSync(join(src, f), 'utf8').includes('DuckDBInstance.create('))
      .map((f) => relative(src, join(src, f)));
    expect(creators).toEqual(['store/duckdb-settings.ts']);
  });
});
