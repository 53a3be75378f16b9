/**
 * The fake Athena that the CLI's `--engine athena` tests run against, set up once for a test file:
 * the fake AWS endpoint serving Athena, pointed at through the environment (tests/aws/helpers.ts
 * startFakeAws), knowing the table `cur.cur2` (one cost column, enough for the view). Before each
 * test its recorded calls and executions are cleared and its scripts set again (the view's DDL
 * succeeds, every other query answers as `answer` says); after the file it is stopped and the
 * environment restored (the suite shares workers: nothing outlives the file).
 * {@link useExecutingFakeAthena} sets up one that executes every query on real CUR data instead.
 */
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { startFakeAws } from '../aws/helpers.ts';
import { FakeAthena, type AthenaScript } from '../fakes/aws/athena.ts';
import { AthenaOnDuckDB } from '../fakes/aws/athena-on-duckdb.ts';
import type { FakeAws } from '../fakes/aws/server.ts';

/** The `aws.athena` config of a run against the fake: the table it knows, fast polls. */
export const FAKE_ATHENA_CONFIG = { database: 'cur', curTable: 'cur2', pollIntervalMs: 20, maxPollIntervalMs: 50, timeoutSeconds: 60 };

/** The fake Athena of a test file; `fake` is the running endpoint (from the file's beforeAll on). */
export interface FakeAthenaAws {
  athena: FakeAthena;
  readonly fake: FakeAws;
}

/**
 * Registers the file's hooks: starts the fake before its tests; before each, clears what it
 * recorded and scripts it (the view's DDL succeeds, any other SQL follows `answer`); stops it after
 * them. `athena` is the fake to serve (default a scripted FakeAthena; e.g. tests/helpers/duckdb-athena.ts).
 */
export function useFakeAthena(answer: Omit<AthenaScript, 'match'>, athena: FakeAthena = new FakeAthena()): FakeAthenaAws {
  let running: FakeAws | undefined;
  const aws: FakeAthenaAws = {
    athena,
    get fake() {
      if (!running) throw new Error('the fake Athena is started in beforeAll: use it inside a test or hook');
      return running;
    },
  };
  beforeAll(async () => {
    running = await startFakeAws([aws.athena]);
    aws.athena.tables.set(`${FAKE_ATHENA_CONFIG.database}.${FAKE_ATHENA_CONFIG.curTable}`, [{ name: 'line_item_unblended_cost', type: 'double' }]);
  });
  afterAll(async () => {
    await running?.stop();
    vi.unstubAllEnvs();
  });
  beforeEach(() => {
    aws.fake.reset();
    aws.athena.executions.length = 0;
    aws.athena.scripts = [
      { match: /^CREATE OR REPLACE VIEW/, states: ['SUCCEEDED'], statementType: 'DDL' },
      { match: /./, ...answer },
    ];
  });
  return aws;
}

/** The fake Athena of a test file that executes every query on DuckDB over the CUR table it was given; `duckdb` is that database (from beforeAll on). */
export interface ExecutingFakeAthena extends FakeAthenaAws {
  readonly duckdb: AthenaOnDuckDB;
}

/**
 * Registers the file's hooks for a fake Athena that executes what it is sent
 * (tests/fakes/aws/athena-on-duckdb.ts): before the file's tests it starts the fake and loads
 * the Parquet files `curFiles()` names as the table `cur.cur2` (FAKE_ATHENA_CONFIG), which
 * GetTableMetadata then describes; after them it stops both and restores the environment.
 */
export function useExecutingFakeAthena(curFiles: () => Promise<string[]> | string[]): ExecutingFakeAthena {
  let running: FakeAws | undefined;
  let duckdb: AthenaOnDuckDB | undefined;
  const athena = new FakeAthena();
  const aws: ExecutingFakeAthena = {
    athena,
    get fake() {
      if (!running) throw new Error('the fake Athena is started in beforeAll: use it inside a test or hook');
      return running;
    },
    get duckdb() {
      if (!duckdb) throw new Error('the fake Athena is started in beforeAll: use it inside a test or hook');
      return duckdb;
    },
  };
  beforeAll(async () => {
    duckdb = await AthenaOnDuckDB.create();
    const { database, curTable } = FAKE_ATHENA_CONFIG;
    athena.tables.set(`${database}.${curTable}`, await duckdb.loadParquet(database, curTable, await curFiles()));
    athena.execute = (sql, parameters, db) => duckdb!.execute(sql, parameters, db);
    running = await startFakeAws([athena]);
  });
  afterAll(async () => {
    await running?.stop();
    duckdb?.close();
    vi.unstubAllEnvs();
  });
  return aws;
}
