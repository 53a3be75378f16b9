import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHARGE_CLASS_SQL } from '../../src/store/charge-class.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { CUR_COMMITMENT_COLUMNS } from '../../src/cur-columns/commitment-columns.ts';
import { Writable } from 'node:stream';
import { AthenaEngine, athenaScanCost } from '../../src/engine/athena.ts';
import { withChosenEngine } from '../../src/cli/engine-choice.ts';
import { toAthenaStatement } from '../../src/engine/athena-sql.ts';
import { CostlensError } from '../../src/errors.ts';
import { FakeAthena } from '../fakes/aws/athena.ts';
import type { FakeAws } from '../fakes/aws/server.ts';
import { fastAwsConfig, startFakeAws } from './helpers.ts';

const athena = new FakeAthena();
let fake: FakeAws;
let queriesDir: string;

const ATHENA = { createView: false, workgroup: 'finops', database: 'cur', curTable: 'cur2_export', viewName: 'line_items', outputLocation: 's3://athena-results-111111111111/costlens/', pollIntervalMs: 1, maxPollIntervalMs: 4, timeoutSeconds: 30 };
const engine = (athenaOverrides: Record<string, unknown> = {}) => AthenaEngine.fromConfig({ aws: fastAwsConfig({ athena: { ...ATHENA, ...athenaOverrides } }), env: process.env, queriesDir });

beforeAll(async () => {
  fake = await startFakeAws([athena]);
    athena.tables.set('cur.cur2_export', [
      ['bill_payer_account_id', 'string'], ['bill_billing_period_start_date', 'timestamp'], ['bill_billing_period_end_date', 'timestamp'],
      ['line_item_usage_start_date', 'timestamp'], ['line_item_usage_end_date', 'timestamp'], ['line_item_unblended_cost', 'double'],
      ['line_item_line_item_type', 'string'], ['line_item_usage_account_id', 'string'], ['line_item_product_code', 'string'],
      ['resource_tags', 'map<string,string>'], ['product', 'map<string,string>'], ['product_region_code', 'string'],
      ['reservation_effective_cost', 'double'], ['savings_plan_savings_plan_effective_cost', 'double'],
      ['reservation_end_time', 'string'], ['reservation_total_reserved_normalized_units', 'string'],
    ].map(([name, type]) => ({ name, type })));
  queriesDir = scratchDir();
  mkdirSync(join(queriesDir, 'test'));
  writeFileSync(join(queriesDir, 'test', 'spend_by_owner.sql'), [
    '-- Spend per owner tag value in [$from, $to) for one account; $owner may contain quotes.',
    '-- @param from DATE  first day',
    '-- @param to DATE  day after the last',
    '-- @param owner VARCHAR  owner tag value',
    '-- @param min_cost DOUBLE = 0.5  smallest total shown',
    '-- @returns owner VARCHAR, billed_cost DECIMAL, first_charge TIMESTAMP',
    "SELECT Tags['owner'] AS owner, sum(BilledCost) AS billed_cost, min(ChargePeriodStart) AS first_charge",
    'FROM line_items /* the FOCUS view */',
    "WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP) AND ChargePeriodStart < CAST($to AS TIMESTAMP) AND Tags['owner'] = $owner",
    "  AND ServiceName <> 'it''s $not_a_param'",
    'GROUP BY 1 HAVING sum(BilledCost) >= $min_cost',
    '',
  ].join('\n'));
  writeFileSync(join(queriesDir, 'test', 'spend_by_owner.athena.sql'), [
    '-- Athena twin: element_at() is NULL for a missing key where Tags[...] fails.',
    '-- @param from DATE  first day',
    '-- @param to DATE  day after the last',
    '-- @param owner VARCHAR  owner tag value',
    '-- @param min_cost DOUBLE = 0.5  smallest total shown',
    '-- @returns owner VARCHAR, billed_cost DECIMAL, first_charge TIMESTAMP',
    "SELECT element_at(Tags, 'owner') AS owner, sum(BilledCost) AS billed_cost, min(ChargePeriodStart) AS first_charge",
    'FROM line_items',
    "WHERE ChargePeriodStart >= CAST($from AS TIMESTAMP) AND ChargePeriodStart < CAST($to AS TIMESTAMP) AND element_at(Tags, 'owner') = $owner",
    'GROUP BY 1 HAVING sum(BilledCost) >= $min_cost',
    '',
  ].join('\n'));
  writeFileSync(join(queriesDir, 'test', 'line_count.sql'), '-- Lines.\n-- @returns lines BIGINT\nSELECT count(*) AS lines FROM line_items\n');
});
afterAll(async () => {
  await fake.stop();
  vi.unstubAllEnvs();
});
beforeEach(() => {
  fake.reset();
  athena.scripts = [];
  athena.rowsPerPage = 1000;
});

describe('the Athena engine', () => {
  it('runs the .athena.sql twin with ExecutionParameters in placeholder order, polls QUEUED → RUNNING → SUCCEEDED, pages the results', async () => {
    athena.rowsPerPage = 2;
    athena.scripts = [{
      match: /element_at\(Tags, 'owner'\)/, states: ['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED'], dataScannedBytes: 5 * 1024 ** 3,
      columns: [{ name: 'owner', type: 'varchar' }, { name: 'billed_cost', type: 'decimal' }, { name: 'first_charge', type: 'timestamp' }],
      rows: [["O'Brien", '12.3456789012', '2026-10-01 00:00:00.000'], ['search', '0.5000000000', '2026-10-02 00:00:00.000'], [null, '3.0000000000', null]],
    }];
    const e = engine();
    const result = await e.run('test/spend_by_owner', { from: '2026-10-01', to: '2026-11-01', owner: "O'Brien" });
    expect(result).toEqual({
      columns: ['owner', 'billed_cost', 'first_charge'],
      rows: [
        { owner: "O'Brien", billed_cost: 123456789012n, first_charge: '2026-10-01 00:00:00' },
        { owner: 'search', billed_cost: 5000000000n, first_charge: '2026-10-02 00:00:00' },
        { owner: null, billed_cost: 30000000000n, first_charge: null },
      ],
    });
    const [start] = fake.calls('athena', 'StartQueryExecution');
    expect(start.params.ExecutionParameters).toEqual(["'2026-10-01'", "'2026-11-01'", "'O''Brien'", '0.5']);
    expect(start.params.QueryExecutionContext).toEqual({ Catalog: 'AwsDataCatalog', Database: 'cur' });
    expect(start.params.WorkGroup).toBe('finops');
    expect(start.params.ResultConfiguration).toEqual({ OutputLocation: 's3://athena-results-111111111111/costlens/' });
    expect(String(start.params.QueryString)).toBe([
      "SELECT element_at(Tags, 'owner') AS owner, sum(BilledCost) AS billed_cost, min(ChargePeriodStart) AS first_charge",
      'FROM "line_items"',
      "WHERE ChargePeriodStart >= CAST(? AS TIMESTAMP) AND ChargePeriodStart < CAST(? AS TIMESTAMP) AND element_at(Tags, 'owner') = ?",
      'GROUP BY 1 HAVING sum(BilledCost) >= ?',
    ].join('\n'));
    expect(fake.calls('athena', 'GetQueryExecution')).toHaveLength(4);
    expect(fake.calls('athena', 'GetQueryResults').map((r) => r.params.NextToken === undefined)).toEqual([true, false]);
    expect(e.costs).toEqual([{ query: 'test/spend_by_owner', queryExecutionId: '00000001-fake-athena-query', dataScannedBytes: 5 * 1024 ** 3, costUsd: 0.0244140625 }]);
  });

  it('a CANCELLED query is an error carrying Athena\'s StateChangeReason', async () => {
    athena.scripts = [{ match: /count\(\*\)/, states: ['QUEUED', 'RUNNING', 'CANCELLED'], reason: 'Query cancelled by user arn:aws:iam::111111111111:user/ops' }];
    const error = await engine().run('test/line_count').catch((e: unknown) => e) as CostlensError;
    expect(error).toBeInstanceOf(CostlensError);
    expect([error.code, error.message]).toEqual(['aws', `athena query ${athena.executions.at(-1)!.id} cancelled: Query cancelled by user arn:aws:iam::111111111111:user/ops`]);
    expect(error.hint).toBe('someone or something stopped the query; run it again');
    expect(fake.calls('athena', 'GetQueryResults')).toEqual([]);
  });

  it('a FAILED query is an error with the reason; the portable file is used when there is no twin', async () => {
    athena.scripts = [{ match: /^SELECT count\(\*\) AS lines FROM "costlens_line_items"$/, states: ['RUNNING', 'FAILED'], reason: "TABLE_NOT_FOUND: line 1:35: Table 'awsdatacatalog.cur.costlens_line_items' does not exist" }];
    const error = await engine({ viewName: 'costlens_line_items' }).run('test/line_count').catch((e: unknown) => e) as CostlensError;
    expect(error.message).toBe(`athena query ${athena.executions.at(-1)!.id} failed: TABLE_NOT_FOUND: line 1:35: Table 'awsdatacatalog.cur.costlens_line_items' does not exist`);
  });

  it('throttling (TooManyRequestsException) on StartQueryExecution is retried with the same idempotency token: one query runs', async () => {
    athena.scripts = [{ match: /count/, states: ['SUCCEEDED'], columns: [{ name: 'lines', type: 'bigint' }], rows: [['42']] }];
    const before = athena.executions.length;
    fake.inject({ service: 'athena', operation: 'StartQueryExecution', kind: 'throttle', times: 1 });
    fake.inject({ service: 'athena', operation: 'GetQueryExecution', kind: 'server-error', times: 1 });
    const result = await engine().run('test/line_count');
    expect(result.rows).toEqual([{ lines: 42 }]);
    const starts = fake.calls('athena', 'StartQueryExecution');
    expect(starts.map((s) => s.fault ?? 'ok')).toEqual(['throttle', 'ok']);
    expect(starts[0].params.ClientRequestToken).toBe(starts[1].params.ClientRequestToken);
    expect(athena.executions.length - before).toBe(1);
  });

  it('a query that outlives timeoutSeconds is stopped', async () => {
    athena.scripts = [{ match: /count/, states: ['RUNNING'] }];
    const error = await engine({ timeoutSeconds: 1, pollIntervalMs: 200, maxPollIntervalMs: 300 }).run('test/line_count').catch((e: unknown) => e) as CostlensError;
    expect(error.message).toBe(`athena query ${athena.executions.at(-1)!.id} did not finish within 1 s; it was stopped`);
    expect(fake.calls('athena', 'StopQueryExecution').map((r) => r.params.QueryExecutionId)).toEqual([athena.executions.at(-1)!.id]);
  });

  it('parameters are checked against the header before anything is sent', async () => {
    const error = await engine().run('test/spend_by_owner', { from: '2026-10-01', to: 'soon', owner: 'x' }).catch((e: unknown) => e) as CostlensError;
    expect([error.code, error.message]).toEqual(['usage', 'parameter "to" of test/spend_by_owner must be a date YYYY-MM-DD; got "soon"']);
    expect(fake.calls()).toEqual([]);
  });

  it('a parameter longer than an ExecutionParameters value may be (1,024 characters) is refused before anything is sent, naming it', async () => {
    const owner = 'o'.repeat(1023);
    const error = await engine().run('test/spend_by_owner', { from: '2026-10-01', to: '2026-11-01', owner }).catch((e: unknown) => e) as CostlensError;
    expect([error.code, error.message]).toEqual(['usage', 'parameter "owner" of test/spend_by_owner is 1025 characters as an Athena literal; Athena takes at most 1024']);
    expect(fake.calls()).toEqual([]);
  });

  it('creates the FOCUS view over a CUR 2.0 table from its metadata', async () => {
    athena.scripts = [{ match: /^CREATE OR REPLACE VIEW/, states: ['RUNNING', 'SUCCEEDED'], statementType: 'DDL' }];
    await engine().createView();
    expect(fake.calls('athena').map((r) => r.operation)).toEqual(['GetTableMetadata', 'StartQueryExecution', 'GetQueryExecution', 'GetQueryExecution', 'GetQueryResults']);
    const ddl = athena.executions.at(-1)!.sql;
    expect(ddl.split('\n')[0]).toBe('CREATE OR REPLACE VIEW "cur"."line_items" AS');
    expect(ddl).toContain(`AS\nSELECT mapped.*, ${CHARGE_CLASS_SQL} AS "x_ChargeClass"\nFROM (\n  SELECT\n`);
    expect(ddl.split('\n').slice(-2)).toEqual(['  FROM "cur"."cur2_export"', ') mapped']);
    expect(ddl).toContain(`CAST("line_item_unblended_cost" AS DECIMAL(38,10)) AS "BilledCost"`);
    expect(ddl).toContain(`COALESCE(NULLIF(CAST("product_region_code" AS VARCHAR), ''), NULLIF(element_at("product", 'region'), '')) AS "RegionId"`);
    expect(ddl).toContain(`COALESCE(NULLIF(element_at("product", 'product_name'), ''), NULLIF(CAST("line_item_product_code" AS VARCHAR), '')) AS "ServiceName"`);
    expect(ddl).toContain(`transform_keys(map_filter("resource_tags", (k, v) -> v IS NOT NULL AND v <> '')`);
    expect(ddl).toContain(`CAST(NULL AS DECIMAL(38,10)) AS "ListCost"`);
    // 57 FOCUS columns, 12 x_ columns (x_CostCategories among them), the commitment columns and the charge class.
    expect((ddl.match(/ AS "[A-Za-z_]+"/g) ?? []).length).toBe(57 + 12 + CUR_COMMITMENT_COLUMNS.length + 1);
    expect(ddl).toContain(`CAST(MAP() AS MAP(VARCHAR, VARCHAR)) AS "x_CostCategories"`); // this table has no cost_category map
    expect(ddl).toContain(`CAST(from_iso8601_timestamp(NULLIF(trim(NULLIF(CAST("reservation_end_time" AS VARCHAR), '')), '')) AT TIME ZONE 'UTC' AS TIMESTAMP) AS "x_ReservationEndTime"`);
    expect(ddl).toContain(`CAST(NULLIF(trim(NULLIF(CAST("reservation_total_reserved_normalized_units" AS VARCHAR), '')), '') AS DOUBLE) AS "x_ReservationTotalReservedNormalizedUnits"`);
  });

  it('with createView (the default) the view is created once, before the first query of the engine', async () => {
    athena.scripts = [
      { match: /^CREATE OR REPLACE VIEW/, states: ['SUCCEEDED'], statementType: 'DDL' },
      { match: /count/, states: ['SUCCEEDED'], columns: [{ name: 'lines', type: 'bigint' }], rows: [['7']] },
    ];
    const e = engine({ createView: true });
    await e.run('test/line_count');
    await e.run('test/line_count');
    expect(fake.calls('athena', 'StartQueryExecution').map((r) => String(r.params.QueryString).split('\n')[0])).toEqual([
      'CREATE OR REPLACE VIEW "cur"."line_items" AS', 'SELECT count(*) AS lines FROM "line_items"', 'SELECT count(*) AS lines FROM "line_items"',
    ]);
  });
});

describe('--engine athena for the analysers', () => {
  it('runs the work on Athena and reports the scan and its cost on stderr', async () => {
    athena.scripts = [{ match: /first_day/, states: ['SUCCEEDED'], dataScannedBytes: 2 * 1024 ** 3, columns: [{ name: 'first_day', type: 'date' }, { name: 'lines', type: 'bigint' }], rows: [['2026-09-01', '1281']] }];
    const errors: string[] = [];
    const stderr = new Writable({ write(chunk, _encoding, done) { errors.push(String(chunk)); done(); } });
    const config = { aws: { retry: { baseDelayMs: 1 }, athena: { ...ATHENA, viewName: 'costlens_line_items' } } };
    const rows = await withChosenEngine('athena', '/nonexistent/store.duckdb', { config, env: process.env, stderr }, async (e) => {
      expect(e.name).toBe('athena');
      return (await e.run('overview/data_range')).rows;
    });
    expect(rows).toEqual([{ first_day: '2026-09-01', lines: 1281 }]);
    expect(errors.join('')).toBe('athena: 1 query, 2.00 GiB scanned, $0.0098\n');
    expect(String(fake.calls('athena', 'StartQueryExecution')[0].params.QueryString)).toContain('FROM "costlens_line_items"');
  });

  it('--engine athena without aws.athena is a config error', async () => {
    const stderr = new Writable({ write(_chunk, _encoding, done) { done(); } });
    const error = await withChosenEngine('athena', '/x.duckdb', { config: {}, env: process.env, stderr }, async () => 1).catch((e: unknown) => e) as CostlensError;
    expect([error.code, error.message]).toEqual(['config', 'aws.athena is not configured']);
  });
});

describe('Athena SQL rewriting', () => {
  it('drops comments, turns $params into ? outside literals, renames line_items, keeps quoted text', () => {
    const statement = toAthenaStatement(`-- $header is a comment\nSELECT '$kept', "line_items".x, a.line_items, line_items(1) FROM line_items /* $gone */ WHERE y = $p AND z = $p\n`, { line_items: '"v"' });
    expect(statement).toEqual({ sql: `SELECT '$kept', "line_items".x, a.line_items, line_items(1) FROM "v"   WHERE y = ? AND z = ?`, parameterNames: ['p', 'p'] });
  });

  it('costs a scan at the configured price per TB with a 10 MB minimum', () => {
    expect(athenaScanCost(1024 ** 4, 5)).toBe(5);
    expect(athenaScanCost(1000, 5)).toBe((10 * 1024 ** 2 / 1024 ** 4) * 5);
  });
});
