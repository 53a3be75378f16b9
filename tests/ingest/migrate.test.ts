import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMITMENT_COLUMNS } from '../../src/store/commitment-columns.ts';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { daily, storeWith } from '../optimisation/fixtures.ts';

const ROLLUP = `SELECT ResourceId AS resource_id, x_UsageType AS usage_type, bucket_start, lines, effective_cost FROM usage_daily ORDER BY 1, 2, 3`;
const DAILY = `SELECT day, service, account_id, run_rate, charge_class, lines, billed_cost FROM daily_spend ORDER BY 1, 2, 3, 4, 5`;

/** Turns a store back into what costlens wrote before migrations 4 and later (no usage_daily, daily_spend, tag_spend_daily, x_ChargeClass, commitment columns). */
async function makeSchemaVersion3(db: string): Promise<void> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  // before schema version 12 the lines and rollups were tables of the store file: bring them back in
  for (const relation of ['line_items', 'usage_daily', 'daily_spend', 'tag_spend_daily']) {
    await connection.run(`CREATE TABLE ${relation}_copy AS SELECT * FROM ${relation}; DROP VIEW ${relation}; DROP TABLE ${relation}_inline; ALTER TABLE ${relation}_copy RENAME TO ${relation}`);
  }
  await connection.run('DROP TABLE period_files; DROP TABLE retired_files');
  await connection.run('DROP TABLE usage_daily; DROP TABLE daily_spend; DROP TABLE tag_spend_daily; ALTER TABLE line_items DROP COLUMN x_ChargeClass');
  for (const column of COMMITMENT_COLUMNS) await connection.run(`ALTER TABLE line_items DROP COLUMN "${column.name}"`);
  // 0011_resource_functions: the inventory's Lambda configuration.
  for (const column of ['memory_mb', 'architecture', 'runtime', 'timeout_s']) await connection.run(`ALTER TABLE resources DROP COLUMN "${column}"`);
  await connection.run('DELETE FROM schema_version WHERE version >= 4');
  connection.closeSync();
  instance.closeSync();
}

describe('costlens migrate: a store written by an older costlens', () => {
  let db: string;
  let before: Record<string, string | null>[];
  let dailyBefore: Record<string, string | null>[];

  beforeAll(async () => {
    db = await storeWith({
      bill: [
        ...daily('2026-02-01', '2026-02-11', { account: '111111111111', region: 'us-east-1', resourceId: 'i-0a', usageType: 'BoxUsage:m5.large', quantity: 24, cost: '2.304' }),
        ...daily('2026-02-01', '2026-02-04', { account: '111111111111', region: 'us-east-1', resourceId: 'vol-0a', usageType: 'EBS:VolumeUsage.gp3', quantity: 1, cost: '0.1' }),
      ],
    });
    before = await sqlRows(db, ROLLUP);
    dailyBefore = await sqlRows(db, DAILY);
    await makeSchemaVersion3(db);
  });

  it('readers refuse the old schema with a hint to migrate', async () => {
    const run = await costlens(db, 'sql', 'SELECT 1');
    expect(run.code).toBe(7);
    expect(run.stderr).toBe(`costlens: the store ${db} has schema version 3; this costlens needs ${SCHEMA_VERSION}\n  hint: run \`costlens migrate --db ${db}\` (any ingest migrates it too)\n`);
  });

  it('migrate rebuilds usage_daily and daily_spend from the line items already stored, then says it is up to date', async () => {
    const first = await costlens(db, 'migrate');
    expect([first.code, first.stdout, first.stderr]).toEqual([0, `migrated the store ${db} from schema version 3 to ${SCHEMA_VERSION}\n`, '']);
    const rows = await sqlRows(db, ROLLUP);
    expect(rows).toEqual(before);
    expect(rows.map((r) => [r.resource_id, r.lines, r.effective_cost])).toEqual([
      ...Array.from({ length: 10 }, () => ['i-0a', '1', '2.3040000000']),
      ...Array.from({ length: 3 }, () => ['vol-0a', '1', '0.1000000000']),
    ]);
    expect(await sqlRows(db, DAILY)).toEqual(dailyBefore);
    expect(dailyBefore.map((r) => r.lines)).toEqual(['2', '2', '2', ...Array(7).fill('1')]);
    const [commitmentColumns] = await sqlRows(db, `SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'line_items' AND column_name LIKE 'x_Reservation%'`);
    expect(Number(commitmentColumns.n)).toBe(COMMITMENT_COLUMNS.filter((c) => c.name.startsWith('x_Reservation')).length);
    const second = await costlens(db, 'migrate');
    expect([second.code, second.stdout]).toEqual([0, `the store ${db} is up to date (schema version ${SCHEMA_VERSION})\n`]);
  });

  it('re-ingesting the same bill replaces its rollup rows instead of adding to them', async () => {
    const [{ file }] = await sqlRows(db, `SELECT files[1] AS file FROM ingests WHERE target_table = 'line_items'`);
    const run = await costlens(db, 'ingest', file!);
    expect(run.code).toBe(0);
    expect(await sqlRows(db, `SELECT sum(lines) AS lines, sum(effective_cost) AS cost, count(DISTINCT x_IngestId) AS ingests FROM usage_daily`))
      .toEqual([{ lines: '13', cost: '23.3400000000', ingests: '1' }]);
  });

  it('a missing store is a not-found error', async () => {
    const run = await costlens(`${db}.missing`, 'migrate');
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([5, `costlens: no store at ${db}.missing`]);
  });

  it('a store from a newer costlens is refused by writers too, so its newer tables never go stale', async () => {
    const [{ file }] = await sqlRows(db, `SELECT files[1] AS file FROM ingests WHERE target_table = 'line_items' LIMIT 1`);
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run(`INSERT INTO schema_version VALUES (99, 'from the future', CAST(now() AS TIMESTAMP))`);
    connection.closeSync();
    instance.closeSync();
    const run = await costlens(db, 'ingest', file!);
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(`has schema version 99, newer than this costlens (${SCHEMA_VERSION})`);
  });
});
