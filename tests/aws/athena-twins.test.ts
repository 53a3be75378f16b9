/**
 * Every query's Athena form that differs from it returns what the portable query returns: an
 * `.athena.sql` twin, or a fragment twin (the query itself reading its fragments' Athena forms,
 * `x.athena.cte.sql`: the registry's twinOf gives both). Both run through DuckDB on the
 * demo store (CUR 2.0, metrics, inventory, business metrics) with parameters read from the data,
 * and their rows are compared value for value (money as exact decimals). A twin may read other
 * tables (line_items where DuckDB reads a rollup), never give other figures. The Athena forms of idle's
 * rules that read the bill alone leave out what Athena does not hold (the resources with metrics or
 * inventory, which the portable rules leave to the metric rules): they are compared on the demo's
 * bill alone (CUR 2.0 only), where the portable rules find exactly what Athena's find.
 *
 * On the same store, every portable query's result columns have the DuckDB types its `@returns`
 * declares, and its typed rows read from DuckDB's values equal those read from the text (what the
 * Athena engine and the server cache convert): both engines give the same typed cells.
 */
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listParam, runNamedQuery, type PreparedStatements, type RawParams } from '../../src/engine/duckdb.ts';
import { rowsFromDuckDB, rowsFromText } from '../../src/engine/conversion/index.ts';
import type { ColumnType, NamedQuery } from '../../src/engine/queries.ts';
import { resultToTable } from '../../src/lib/table.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { createDuckDB, readerSettings } from '../../src/store/duckdb-settings.ts';
import { athenaTwinOnDuckDB } from '../helpers/athena-twin-on-duckdb.ts';
import { cachedDemoStore, cachedIngestRuns } from '../helpers/cached-stores.ts';

/** What the parameters are read from. */
interface DemoFacts {
  firstDay: string;
  dayAfterLast: string;
  /** The middle billing period: its first day, the next one's, and ten charge days inside it. */
  month: string;
  nextMonth: string;
  midFrom: string;
  midTo: string;
  /** The tag keys on the most lines (up to eight), and the most frequent value of the first. */
  tagKeys: string[];
  tagValue: string;
  metric: string;
  /** A resource with tags in both the bill and the inventory. */
  resourceId: string;
  /** The usage account with the most lines. */
  accountId: string;
}

/** `day` shifted by `n` days (YYYY-MM-DD). */
const shifted = (day: string, n: number): string => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);
/** Idle's days on the demo's data: as of the day after its last charge day, the data horizon the day before; `asOf` may be given. */
const idleDays = (facts: DemoFacts, asOf = facts.dayAfterLast): RawParams => ({ as_of: asOf, data_horizon: shifted(facts.dayAfterLast, -1), complete_until: facts.dayAfterLast });

/** The middle billing period's last day: on the demo 31 October, longer than the September before it (month to date then compares as many days just before it). */
const monthEnd = (facts: DemoFacts): string => new Date(Date.parse(facts.nextMonth) - 86_400_000).toISOString().slice(0, 10);
const keys = (facts: DemoFacts, n: number): RawParams => ({ tag_keys: listParam(facts.tagKeys.slice(0, n)) });
/** The first `n` tag keys as a VARCHAR[] parameter (a JSON array, as the CLI and the server take it). */
const keyList = (facts: DemoFacts, n: number): string => JSON.stringify(facts.tagKeys.slice(0, n));
const dimensions = (facts: DemoFacts, extra: RawParams): RawParams[] =>
  ['service', 'account', 'region', 'usage_type', 'tag'].flatMap((dimension) => ['billed', 'effective'].map((cost) => ({
    dimension, cost, start: facts.firstDay, end: facts.dayAfterLast, ...(dimension === 'tag' ? { tag_key: facts.tagKeys[0] } : {}), ...extra,
  })));

/** Explore's filters: a tag value (normalised through a renamed value), usage lines only, two regions. */
const exploreFilters = (facts: DemoFacts): RawParams => ({
  tag_key: facts.tagKeys[0], tag_keys: keyList(facts, 2), tag_raw_values: JSON.stringify([facts.tagValue]), tag_values: '["renamed"]',
  tag_filter: '["renamed","(untagged)"]', charge_classes: '["usage"]', regions: '["us-east-1","eu-west-1"]',
});

/**
 * Each twin's parameter sets. `order`: `total` when the ORDER BY fixes the order of every row
 * (rows compared in order), `partial` when rows may tie on it (compared as a multiset). `store`:
 * `bill` to compare on the demo's bill alone (its CUR 2.0 only), else on the whole demo store.
 */
const CASES: Record<string, { order: 'total' | 'partial'; store?: 'bill'; params: (facts: DemoFacts) => RawParams[] }> = {
  'attribution/spend_by_tag_values': {
    order: 'partial', // ORDER BY 1, 2, 4, 5, 6: rows that differ only in tag values tie
    params: (f) => [{}, keys(f, 8), { ...keys(f, 3), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo }],
  },
  'attribution/posted_by_tag_values': {
    order: 'partial', // ORDER BY 1, 2, 4, 5, 6: rows that differ only in tag values tie
    // The posted fees are dated the 1st: a range from the month's first day holds them.
    params: (f) => [{}, keys(f, 8), { ...keys(f, 3), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.month, charge_to: f.midTo }],
  },
  'attribution/tag_values': {
    order: 'total',
    params: (f) => [{ tag_keys: keyList(f, 1) }, { tag_keys: keyList(f, 3), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo }],
  },
  'commitments/coverage': {
    order: 'partial',
    params: (f) => [{}, keys(f, 4), { ...keys(f, 2), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo }],
  },
  'attribution/tag_keys': {
    order: 'total',
    params: (f) => [{}, { billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo }],
  },
  'explore/daily_spend_by': {
    order: 'total',
    params: (f) => [
      ...dimensions(f, {}), ...dimensions(f, { top: '2' }), ...dimensions(f, { tag_keys: keyList(f, 2), tag_raw_values: JSON.stringify([f.tagValue]), tag_values: '["renamed"]' }),
      ...dimensions(f, { grain: 'month' }), ...dimensions(f, exploreFilters(f)), { ...exploreFilters(f), dimension: 'resource', grain: 'month', start: f.firstDay, end: f.dayAfterLast },
    ],
  },
  'explore/daily_postings': {
    order: 'total',
    params: (f) => [
      // Each charge day of the view is a row: Explore's filters as they are (usage lines only) give usage_cost, and with
      // the other classes instead, the postings (posted_cost: fees, tax, credits charged for over a day) and daily_fee_cost.
      { start: f.firstDay, end: f.dayAfterLast }, { ...exploreFilters(f), start: f.firstDay, end: f.dayAfterLast },
      { ...exploreFilters(f), charge_classes: '["recurring","tax","credit"]', start: f.firstDay, end: f.dayAfterLast },
      { start: f.firstDay, end: f.dayAfterLast, tag_key: f.tagKeys[0], tag_filter: '["(untagged)"]', cost: 'effective' },
    ],
  },
  'explore/spend_by': {
    order: 'total',
    params: (f) => [
      ...dimensions(f, {}), ...dimensions(f, { top: '3' }), ...dimensions(f, { tag_keys: keyList(f, 2), tag_raw_values: JSON.stringify([f.tagValue]), tag_values: '["renamed"]' }),
      ...dimensions(f, exploreFilters(f)), { ...exploreFilters(f), dimension: 'resource', start: f.firstDay, end: f.dayAfterLast },
      { dimension: 'service', start: f.firstDay, end: f.dayAfterLast, tag_key: f.tagKeys[0], tag_filter: '["(untagged)"]', charge_classes: '["usage","tax"]' },
    ],
  },
  'overview/top_accounts': { order: 'total', params: (f) => [{ as_of: f.midTo }, { as_of: monthEnd(f) }, { as_of: f.dayAfterLast, cost: 'effective', top: '3' }] },
  'overview/top_services': { order: 'total', params: (f) => [{ as_of: f.midTo }, { as_of: monthEnd(f) }, { as_of: f.dayAfterLast, cost: 'effective', top: '3' }] },
  'report/resource_tag_values': {
    order: 'partial', // ORDER BY 1, 2: a resource whose lines carry several tag values ties
    params: (f) => [
      { from: f.firstDay, to: f.dayAfterLast, tag_keys: keyList(f, 4) },
      { from: f.midFrom, to: f.midTo, tag_keys: keyList(f, 2), tag_raw_values: JSON.stringify([f.tagValue]), tag_values: '["renamed"]' },
    ],
  },
  'resource/tag_values': {
    order: 'partial', // ORDER BY 1, 2, 4 DESC: value combinations with as many lines tie
    params: (f) => [{ start: f.firstDay, end: f.dayAfterLast, ...keys(f, 8) }, { start: f.midFrom, end: f.midTo, ...keys(f, 2) }],
  },
  'resource/tags': { order: 'total', params: (f) => [{ id: f.resourceId }] },
  'trends/daily_cost_and_units': {
    order: 'total',
    params: (f) => [
      { from: f.firstDay, to: f.dayAfterLast, metric: f.metric },
      { from: f.firstDay, to: f.dayAfterLast, metric: f.metric, charges: 'all' },
      { from: f.firstDay, to: f.dayAfterLast, metric: f.metric, tag_key: f.tagKeys[0], tag_value: f.tagValue },
      { from: f.firstDay, to: f.dayAfterLast, metric: f.metric, tag_key: f.tagKeys[0], tag_keys: keyList(f, 2), tag_raw_values: JSON.stringify([f.tagValue]), tag_values: '["renamed"]', tag_value: 'renamed' },
    ],
  },
  'trends/daily_spend': { order: 'total', params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo }] },
  'trends/spend_by_class_and_service': { order: 'total', params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo }] },
  'calendar/data_horizon': { order: 'total', params: () => [{}] },
  'calendar/billing_period_days': { order: 'total', params: () => [{}] },
  'explain/cost_drivers': {
    order: 'total',
    params: (f) => [
      { old_billing_from: f.firstDay, old_billing_to: f.month, new_billing_from: f.month, new_billing_to: f.nextMonth },
      { old_charge_from: f.firstDay, old_charge_to: f.midFrom, new_charge_from: f.midFrom, new_charge_to: f.midTo, cost: 'effective',
        tag_keys: listParam(f.tagKeys.slice(0, 3)), tag_raw_values: listParam([f.tagValue]), tag_values: listParam(['renamed']) },
    ],
  },
  'attribution/tag_value_spend': {
    order: 'total',
    params: (f) => [{ tag_keys: listParam(f.tagKeys.slice(0, 3)) }, { tag_keys: listParam([f.tagKeys[0]]), billing_from: f.month, billing_to: f.nextMonth, charge_from: f.midFrom, charge_to: f.midTo }],
  },
  'budgets/scope_daily_spend': {
    order: 'total',
    params: (f) => [
      { from: f.firstDay, to: f.dayAfterLast },
      { from: f.midFrom, to: f.midTo, tag_keys: listParam(f.tagKeys.slice(0, 2)), tag_raw_values: listParam([f.tagValue]) },
      { from: f.firstDay, to: f.dayAfterLast, services: listParam(['Amazon Elastic Compute Cloud', 'AmazonS3']), cost_category: 'business_unit', cost_category_values: listParam(['Data', 'Commerce']) },
    ],
  },
  'budgets/scope_cost_drivers': {
    order: 'total',
    params: (f) => [
      { old_from: f.firstDay, old_to: f.month, new_from: f.month, new_to: f.nextMonth },
      { old_from: f.firstDay, old_to: f.midFrom, new_from: f.midFrom, new_to: f.midTo, cost: 'net', tag_keys: listParam(f.tagKeys.slice(0, 3)), tag_raw_values: listParam([f.tagValue]) },
      { old_from: f.firstDay, old_to: f.month, new_from: f.month, new_to: f.nextMonth, cost: 'effective', cost_category: 'business_unit', cost_category_values: listParam(['Data']) },
    ],
  },
  'overview/month_to_date': { order: 'total', params: (f) => [{ as_of: f.midTo }, { as_of: monthEnd(f) }, { as_of: f.dayAfterLast, cost: 'effective' }] },
  'trends/daily_spend_by_service_and_account': { order: 'total', params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo }] },
  'kpi/ec2_compute_by_type': { order: 'total', params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo, tag_keys: keyList(f, 3) }] },
  'kpi/ebs_storage_by_type': { order: 'total', params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo, tag_keys: keyList(f, 3) }] },
  'kpi/s3_storage_by_class': { order: 'total', params: (f) => [{ from: f.firstDay, to: f.dayAfterLast }, { from: f.midFrom, to: f.midTo, tag_keys: keyList(f, 3) }] },
  'optimisation/billed_resources': {
    order: 'total',
    params: (f) => [
      { as_of: f.dayAfterLast, complete_until: f.dayAfterLast },
      { as_of: f.dayAfterLast, complete_until: shifted(f.dayAfterLast, -1), ec2_days: '3', rds_days: '0', ebs_days: '30', load_balancer_days: '2', nat_days: '2' },
      { as_of: f.midTo, ec2_days: '1', rds_days: '40' },
    ],
  },
  'optimisation/idle_elastic_ips': {
    order: 'total',
    store: 'bill',
    params: (f) => [
      idleDays(f), { ...idleDays(f, shifted(f.dayAfterLast, 2)) }, // the look-back's days after the horizon not counted
      { ...idleDays(f, f.midTo), data_horizon: shifted(f.midTo, -1), complete_until: f.midTo, days: '3', cost_days: '10', min_idle_hours: '1' },
    ],
  },
  'optimisation/idle_gateways_from_bill': {
    order: 'total',
    store: 'bill',
    params: (f) => [idleDays(f), { ...idleDays(f, f.midTo), data_horizon: shifted(f.midTo, -1), complete_until: f.midTo, days: '3', cost_days: '10' }, { ...idleDays(f, f.midTo), days: '5', cost_days: '45' }],
  },
  'optimisation/idle_volumes_from_bill': {
    order: 'total',
    store: 'bill',
    // The demo's office-hours instances stop at the weekend: on its last Saturday (the day before
    // dayAfterLast) and on the weekend before, some accounts and regions bill storage and no instance hours.
    params: (f) => [{ ...idleDays(f), days: '1' }, { ...idleDays(f, shifted(f.dayAfterLast, -6)), days: '2' }, { ...idleDays(f), days: '1', cost_days: '45' }],
  },
};

/**
 * Twins that cannot run on DuckDB at all (an Athena-only function with no DuckDB equivalent),
 * with the reason. Keep it short: a twin listed here is checked for syntax only.
 */
const CANNOT_RUN_ON_DUCKDB: Record<string, string> = {};

/**
 * Twins whose parameters changed when the tag-list parameters (VARCHAR[]) and the commitments
 * queries landed together with this test: their cases are still to be written, so for now they
 * are checked for syntax only (tests/aws/athena-dialect.test.ts). Shrink this list, never grow it.
 */
const CASES_TO_WRITE: Record<string, string> = {
};

const portables = queryRegistry().queries;
const twins = portables.flatMap((query) => {
  const twin = athenaTwinOnDuckDB(query.name);
  return twin ? [{ portable: query, twin }] : [];
});

/**
 * Runs `query` with `params`; `statements` keeps each SQL text prepared on the connection (as the
 * server's store pool does), so the dozens of parameter sets of one query are planned once.
 */
async function rows(connection: DuckDBConnection, query: NamedQuery, params: RawParams, statements: PreparedStatements): Promise<{ columns: string[]; rows: string[][] }> {
  const reader = await runNamedQuery(connection, query, params, statements);
  return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map((value) => (value === null ? 'NULL' : String(value)))) };
}

const asMultiset = (list: string[][]) => list.map((row) => JSON.stringify(row)).sort();

/** Whether a DuckDB result column type is the declared one (BIGINT covers HUGEINT, a sum of BIGINTs; a DECIMAL is money at scale 10). */
function typeMatches(declared: ColumnType, actual: string): boolean {
  if (declared === 'DECIMAL') return /^DECIMAL\(\d+,10\)$/.test(actual);
  if (declared === 'BIGINT') return actual === 'BIGINT' || actual === 'HUGEINT';
  return actual === declared;
}

/** Parameters for any query: its defaults, and required ones from the demo's facts by type (increasing dates, so ranges are ordered). */
function anyParams(query: NamedQuery, facts: DemoFacts): RawParams {
  const dates = [facts.firstDay, facts.month, facts.midFrom, facts.midTo, facts.nextMonth, facts.dayAfterLast].sort();
  let next = 0;
  const params: RawParams = {};
  for (const p of query.params) {
    if (p.defaultValue !== undefined) continue;
    if (p.type === 'DATE') params[p.name] = dates[Math.min(next++, dates.length - 1)];
    else if (p.type === 'TIMESTAMP') params[p.name] = `${dates[Math.min(next++, dates.length - 1)]} 00:00:00`;
    else if (p.type === 'VARCHAR[]') params[p.name] = listParam(facts.tagKeys.slice(0, 2));
    else if (p.type === 'INTEGER' || p.type === 'DOUBLE') params[p.name] = String(p.rule?.min ?? 1);
    else if (p.type === 'BOOLEAN') params[p.name] = 'true';
    else if (p.name === 'period') params[p.name] = facts.month.slice(0, 7); // a billing period YYYY-MM (its pattern= rule)
    else params[p.name] = p.rule?.oneOf?.[0] ?? (p.name.includes('metric') ? facts.metric : p.name.includes('id') ? facts.resourceId : facts.tagKeys[0]);
  }
  return params;
}

/** The demo's CUR 2.0 export, metrics, inventory and business metrics: the shared cached store (tests/helpers/cached-stores.ts), which this file only reads. */
const DEMO_FILES = ['cur2', 'metrics.csv', 'inventory.csv', 'business-metrics.csv'];

describe('Athena twins give the rows of their portable queries (both run on DuckDB, on the demo store)', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  const statements: PreparedStatements = new Map();
  /** The demo's bill alone (CUR 2.0 only), for the twins compared there (CASES' `store: 'bill'`). */
  let billInstance: DuckDBInstance;
  let billConnection: DuckDBConnection;
  const billStatements: PreparedStatements = new Map();
  let facts: DemoFacts;

  beforeAll(async () => {
    const demo = inject('demoDir');
    const db = await cachedDemoStore(demo, DEMO_FILES);
    for (const run of await cachedIngestRuns([DEMO_FILES.map((file) => join(demo, file))])) expect(run.code, run.stderr).toBe(0);
    // Opened as every costlens reader opens a store (the server's pool, `costlens start`): read-only,
    // in UTC, with the threads COSTLENS_THREADS asks for (one in the suite: vitest.config.ts).
    instance = await createDuckDB(db, readerSettings());
    connection = await instance.connect();
    billInstance = await createDuckDB(await cachedDemoStore(demo, ['cur2']), readerSettings());
    billConnection = await billInstance.connect();
    const one = async (sql: string, params: Record<string, string> = {}) => (await connection.runAndReadAll(sql, params)).getRows().map((r) => r.map(String));
    const [[firstDay, dayAfterLast]] = await one(`SELECT min(CAST(ChargePeriodStart AS DATE)), max(CAST(ChargePeriodStart AS DATE)) + 1 FROM line_items`);
    const months = (await one(`SELECT DISTINCT CAST(date_trunc('month', BillingPeriodStart) AS DATE) FROM line_items ORDER BY 1`)).map((r) => r[0]);
    const month = months[Math.floor(months.length / 2)];
    const [[nextMonth, midFrom, midTo]] = await one(
      `SELECT CAST(d + INTERVAL 1 MONTH AS DATE), CAST(d + INTERVAL 9 DAY AS DATE), CAST(d + INTERVAL 19 DAY AS DATE) FROM (SELECT CAST($m AS DATE) AS d)`, { m: month });
    const tagKeys = (await one(`SELECT k FROM (SELECT unnest(map_keys(Tags)) AS k FROM line_items) GROUP BY k ORDER BY count(*) DESC, k LIMIT 8`)).map((r) => r[0]);
    const [[tagValue]] = await one(`SELECT Tags[$k] FROM line_items WHERE Tags[$k] IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`, { k: tagKeys[0] });
    const [[metric]] = await one(`SELECT metric FROM business_metrics GROUP BY metric ORDER BY count(*) DESC, metric LIMIT 1`);
    const [[resourceId]] = await one(`SELECT r.resource_id FROM resources r JOIN line_items l ON l.ResourceId = r.resource_id
      WHERE cardinality(r.tags) > 0 AND cardinality(l.Tags) > 0 GROUP BY 1 ORDER BY 1 LIMIT 1`);
    const [[accountId]] = await one(`SELECT SubAccountId FROM line_items WHERE SubAccountId IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    facts = { firstDay, dayAfterLast, month, nextMonth, midFrom, midTo, tagKeys, tagValue, metric, resourceId, accountId };
  });
  afterAll(() => {
    connection?.closeSync(); // destroys the statements prepared on it too
    instance?.closeSync();
    billConnection?.closeSync();
    billInstance?.closeSync();
  });

  it('every twin (fragment twins among them) has parameter cases here, or a reason it cannot run on DuckDB', () => {
    expect(twins.map((t) => t.portable.name).sort()).toEqual([...new Set([...Object.keys(CASES), ...Object.keys(CANNOT_RUN_ON_DUCKDB), ...Object.keys(CASES_TO_WRITE)])].sort());
    expect(facts.tagKeys.length).toBeGreaterThanOrEqual(3);
  });

  it('every query returns the column types its @returns declares, and reads into the same typed rows from values and from text', async () => {
    const wrong: string[] = [];
    for (const query of portables) {
      const reader = await runNamedQuery(connection, query, anyParams(query, facts));
      const actual = reader.columnTypes().map(String);
      expect(reader.columnNames(), query.name).toEqual(query.returns);
      query.returnTypes.forEach((declared, i) => {
        if (!typeMatches(declared, actual[i])) wrong.push(`${query.name}: ${query.returns[i]} is ${actual[i]}, declared ${declared}`);
      });
      const table = resultToTable(reader);
      expect(rowsFromText(query, table.columns, table.rows), query.name).toEqual(rowsFromDuckDB(query, reader).rows);
    }
    expect(wrong).toEqual([]);
  });

  for (const { portable, twin } of twins.filter((t) => !(t.portable.name in CANNOT_RUN_ON_DUCKDB) && !(t.portable.name in CASES_TO_WRITE))) {
    it(`${portable.name}: the same columns and rows for every parameter set`, async () => {
      const { order, params, store } = CASES[portable.name];
      const [on, prepared] = store === 'bill' ? [billConnection, billStatements] : [connection, statements];
      for (const set of params(facts)) {
        const expected = await rows(on, portable, set, prepared);
        const actual = await rows(on, twin, set, prepared);
        const label = `${portable.name} with ${JSON.stringify(set)}`;
        expect(actual.columns, label).toEqual(expected.columns);
        expect(expected.rows.length, `${label}: the data gives rows to compare`).toBeGreaterThan(0);
        if (order === 'total') expect(actual.rows, label).toEqual(expected.rows);
        else expect(asMultiset(actual.rows), label).toEqual(asMultiset(expected.rows));
      }
    });
  }
});
