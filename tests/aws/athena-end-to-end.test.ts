/**
 * `--engine athena` gives the answers of `--engine duckdb`, end to end, on the demo's CUR 2.0
 * export: each analysis runs in-process once on the local store (the shared cached store of the
 * export ingested) and once through the Athena engine against the fake Athena on 127.0.0.1 that
 * executes what it is sent (tests/fakes/aws/athena-on-duckdb.ts): the same Parquet files as the
 * table `cur.cur2`, the view costlens creates over it (src/engine/athena-view.ts, as GetTableMetadata
 * describes the table), every query's twin or portable text with its ExecutionParameters, and the
 * rows back as Athena's text through GetQueryResults' pages. The JSON must be the same, key for key
 * and digit for digit, and so must the notes on stderr, but for what names the engine or a timing:
 * ENGINE_FIELDS below, and the Athena run's `athena: N queries, … scanned, $…` line and progress
 * lines (`athena: explain/cost_drivers RUNNING for 5 s, …`).
 *
 * What it cannot show (both sides run on DuckDB): Trino's own semantics where DuckDB's differ
 * (decimal arithmetic's precision and rounding, regexp_extract without a match, trim's whitespace),
 * and SQL Trino would refuse (tests/aws/athena-dialect.test.ts parses every Athena form as Trino), but
 * for a parameter in a GROUP BY clause, which the fake refuses as Trino would (athena-sql-on-duckdb.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CurTableColumns } from '../../src/engine/athena-view.ts';
import { writeConfig } from './helpers.ts';
import { javaDoubleText } from '../fakes/aws/athena-on-duckdb.ts';
import { sortsItsRows, substituteParameters } from '../fakes/aws/athena-sql-on-duckdb.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens } from '../helpers/cli.ts';
import { FAKE_ATHENA_CONFIG, useExecutingFakeAthena } from '../helpers/fake-athena.ts';

const demo = inject('demoDir');
/** The export's Parquet files, one per billing period (2026-09 to 2026-11). */
const curFiles = () => readdirSync(join(demo, 'cur2'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet')).sort().map((f) => join(demo, 'cur2', f));
const aws = useExecutingFakeAthena(curFiles);

/**
 * The only JSON fields allowed to differ, each with its value on either engine: `modernise` checks
 * its findings against `idle` and `rightsize` only on the local store (they read metrics and
 * inventory Athena does not have). Nothing else names the engine, and no JSON carries a timing.
 */
const ENGINE_FIELDS: Record<string, Record<string, { duckdb: unknown; athena: unknown }>> = {
  modernise: {
    checkedAgainst: { duckdb: ['idle', 'rightsize'], athena: ['idle'] },
    notChecked: {
      duckdb: null,
      athena: 'not checked against costlens rightsize nor costlens idle\'s rules that read metrics or the inventory (ec2-low-utilisation, ebs-unattached, '
        + 'ebs-low-iops, lb-no-healthy-targets, lb-low-requests, rds-no-connections, nat-no-traffic): they read CloudWatch metrics and the inventory, '
        + 'which only the local store holds (--engine athena); checked against idle\'s rules that read the bill (eip-idle-address, '
        + 'bill-ebs-without-instances, bill-nat-without-traffic, bill-lb-without-traffic)',
    },
  },
};

/** What the Athena run adds at the end of stderr: the queries, what they scanned and cost. */
const ATHENA_SUMMARY = /^athena: \d+ quer(y|ies), \d+\.\d\d GiB scanned, \$\d+\.\d{4}\n/m;
/** What it adds while a query takes longer than 5 s (on a busy machine): its progress, a timing. */
const ATHENA_PROGRESS = /^athena: .+ (QUEUED|RUNNING) for \d+ s, \d+\.\d [MG]B scanned so far\n/gm;

/** The analyses compared, each with its arguments (defaults otherwise: the data horizon, the last complete month). */
const ANALYSES: string[][] = [
  ['attribute', '--tag', 'team'],
  ['invoice'],
  ['explain'],
  ['anomalies'],
  ['forecast'],
  ['budgets'],
  ['commitments'],
  ['kpi'],
  ['modernise'],
];

/** Budgets over each kind of scope the budget twins read: the whole bill, a tag, services with a cost category, an account. */
const BUDGETS = [
  { name: 'organisation', amount: 40000 },
  { name: 'payments', amount: '6000.00', cost: 'net', scope: { tag: { key: 'team', values: ['payments'] } } },
  { name: 'commerce-compute', amount: 20000, period: 'quarterly', cost: 'effective', scope: { services: ['Amazon Elastic Compute Cloud', 'AmazonS3'], costCategory: { name: 'business_unit', values: ['Commerce'] } } },
  { name: 'payments-prod', amount: 9000, period: 'annual', scope: { accounts: ['730604943011'] } },
];

describe('--engine athena against the fake Athena executing on the CUR 2.0 export gives the answers of --engine duckdb', () => {
  let db: string;
  let config: string;

  beforeAll(async () => {
    db = await cachedDemoStore(demo, ['cur2']);
    config = writeConfig({ aws: { retry: { baseDelayMs: 1 }, athena: FAKE_ATHENA_CONFIG }, budgets: BUDGETS });
  });

  it('the table holds the export as the store does: October 2026 has 107,571 lines and a BilledCost of 35,187.1999333774, in both engines\' invoice', async () => {
    // Straight from the CUR table's own columns (not through the view, not through costlens).
    const [[lines, billed]] = (await aws.duckdb.execute(
      "SELECT count(*), sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FROM cur.cur2 WHERE billing_period = '2026-10'", [])).rows;
    expect([lines, billed]).toEqual(['107571', '35187.1999333774']);
    const invoices = await Promise.all(['duckdb', 'athena'].map(async (engine) => {
      const run = await costlens(db, 'invoice', '--period', '2026-10', '--format', 'json', '--config', config, '--engine', engine);
      expect(run.code, run.stderr).toBe(0);
      const [october] = JSON.parse(run.stdout) as { total: { lines: number; billedCost: string } }[];
      return october.total;
    }));
    expect(invoices.map((total) => [total.lines, total.billedCost])).toEqual([[107571, '35187.1999333774'], [107571, '35187.1999333774']]);
  });

  for (const args of ANALYSES) {
    const command = args[0];
    it(`${args.join(' ')}: the same JSON and notes`, async () => {
      const run = (engine: string) => costlens(db, ...args, '--format', 'json', '--config', config, '--engine', engine);
      const local = await run('duckdb');
      const started = aws.athena.executions.length;
      const remote = await run('athena');
      expect([local.code, remote.code], remote.stderr).toEqual([0, 0]);
      const executions = aws.athena.executions.slice(started);
      expect(executions.length, 'queries sent to the fake').toBeGreaterThan(0);
      expect(executions.filter((e) => e.script.states.at(-1) !== 'SUCCEEDED').map((e) => e.sql)).toEqual([]);

      expect(remote.stderr).toMatch(ATHENA_SUMMARY);
      expect(remote.stderr.replace(ATHENA_SUMMARY, '').replace(ATHENA_PROGRESS, '')).toBe(local.stderr);

      const [duckdb, athena] = [JSON.parse(local.stdout) as Record<string, unknown>, JSON.parse(remote.stdout) as Record<string, unknown>];
      for (const [field, values] of Object.entries(ENGINE_FIELDS[command] ?? {})) {
        expect([duckdb[field], athena[field]], field).toEqual([values.duckdb, values.athena]);
        delete duckdb[field];
        delete athena[field];
      }
      expect(JSON.stringify(duckdb).length, 'an answer with figures to compare').toBeGreaterThan(2_000);
      expect(athena).toEqual(duckdb);
    });
  }

  it('the large results came back over several GetQueryResults pages (NextToken), and each Athena run created the view once', () => {
    const pages = aws.fake.calls('athena', 'GetQueryResults');
    expect(pages.filter((call) => call.params.NextToken !== undefined).length, 'pages after the first').toBeGreaterThan(0);
    expect(aws.athena.executions.filter((e) => e.sql.startsWith('CREATE OR REPLACE VIEW')).length, 'the view, created once per run').toBe(ANALYSES.length + 1); // and the invoice of the first test
  });
});

describe('the fake Athena that executes: Athena\'s SQL on DuckDB, Athena\'s text back', () => {
  it('runs the view\'s tag mapping (map_filter, transform_keys with (k, v) lambdas) and writes each type as Athena does', async () => {
    const tags = new CurTableColumns([{ name: 'resource_tags', type: 'map<string,string>' }], 'cur2').tags();
    const answer = await aws.duckdb.execute(`SELECT ${tags} AS tags, CAST(? AS DECIMAL(38,10)) AS money, ? AS share, CAST(? AS DOUBLE) AS tiny,
        TIMESTAMP '2026-10-01 00:00:00' AS hour, cardinality(?) AS keys, element_at(resource_tags, 'user_team') AS team
      FROM (SELECT MAP(ARRAY['user_team', 'aws_createdBy', 'user_env', 'user:owner'], ARRAY['payments', 'ops', '', 'ana']) AS resource_tags)`,
    ["'1.5'", '0.25', "'0.0001'", "ARRAY['team', 'env']"]);
    expect(answer.columns.map((c) => `${c.name} ${c.type}`)).toEqual(['tags map', 'money decimal', 'share decimal', 'tiny double', 'hour timestamp', 'keys bigint', 'team varchar']);
    expect(answer.rows).toEqual([['{team=payments, aws:createdBy=ops, owner=ana}', '1.5000000000', '0.25', '1.0E-4', '2026-10-01 00:00:00.000', '2', 'payments']]);
  });

  it('refuses a parameter in a GROUP BY clause, as Trino does where the SELECT repeats the expression (each ? is bound apart), which the substituted literals would hide', async () => {
    const grouped = "SELECT CASE WHEN ? = 'source' THEN x END AS source, count(*) AS n FROM (SELECT 'a' AS x) t GROUP BY CASE WHEN ? = 'source' THEN x END";
    await expect(aws.duckdb.execute(grouped, ["'source'", "'source'"])).rejects.toThrow(`a parameter placeholder in "GROUP BY CASE WHEN ? = 'source' THEN x END"`);
    const inner = "SELECT source, count(*) AS n FROM (SELECT CASE WHEN ? = 'source' THEN x END AS source FROM (SELECT 'a' AS x) t) l GROUP BY source";
    expect((await aws.duckdb.execute(inner, ["'source'"])).rows).toEqual([['a', '1']]);
  });

  it('writes a double as Java does, substitutes parameters outside quotes only, and knows an outer ORDER BY', () => {
    expect([0.5, 3, 1e-4, 12345678.9, -0, 1e21, 0.001].map(javaDoubleText)).toEqual(['0.5', '3.0', '1.0E-4', '1.23456789E7', '-0.0', '1.0E21', '0.001']);
    expect(substituteParameters(`SELECT '?' AS "a?", ? AS b, cardinality(?) AS c`, ["'it''s'", 'CAST(ARRAY[] AS ARRAY(VARCHAR))']))
      .toBe(`SELECT '?' AS "a?", ('it''s') AS b, cardinality((CAST([] AS VARCHAR[]))) AS c`);
    expect(() => substituteParameters('SELECT ?, ?', ["'a'"])).toThrow('more placeholders than the 1 ExecutionParameters');
    expect([sortsItsRows('SELECT a FROM t ORDER BY 1'), sortsItsRows('SELECT a FROM (SELECT a FROM t ORDER BY a) s'), sortsItsRows("SELECT 'ORDER BY' AS x")]).toEqual([true, false, false]);
  });
});
