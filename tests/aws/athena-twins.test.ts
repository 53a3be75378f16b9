/**
 * Every query's Athena form that differs from it returns what the portable query returns: an
 * `.athena.sql` twin, or a fragment twin (the query itself reading its fragments' Athena forms,
 * `x.athena.cte.sql`: the registry's twinOf gives both). Both run through DuckDB on the
 * demo store (CUR 2.0, metrics, inventory, business metrics: tests/helpers/demo-query-facts.ts) with
 * parameters read from the data (tests/helpers/athena-twin-cases.ts), and their rows are compared
 * value for value (money as exact decimals). A twin may read other tables (line_items where DuckDB
 * reads a rollup), never give other figures. The Athena forms of idle's
 * rules that read the bill alone leave out what Athena does not hold (the resources with metrics or
 * inventory, which the portable rules leave to the metric rules): they are compared on the demo's
 * bill alone (CUR 2.0 only), where the portable rules find exactly what Athena's find.
 *
 * On the same store, every portable query's result columns have the DuckDB types its `@returns`
 * declares, and its typed rows read from DuckDB's values equal those read from the text (what the
 * Athena engine and the server cache convert): both engines give the same typed cells.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listParam, runNamedQuery, type PreparedStatements, type RawParams } from '../../src/engine/duckdb.ts';
import { rowsFromDuckDB, rowsFromText } from '../../src/engine/conversion/index.ts';
import type { ColumnType, NamedQuery } from '../../src/engine/queries.ts';
import { resultToTable } from '../../src/lib/table.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { athenaTwinOnDuckDB } from '../helpers/athena-twin-on-duckdb.ts';
import { CANNOT_RUN_ON_DUCKDB, CASES } from '../helpers/athena-twin-cases.ts';
import { demoFactsOf, openDemoStore, type DemoFacts } from '../helpers/demo-query-facts.ts';

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
    const store = await openDemoStore(demo);
    ({ instance, connection } = store);
    for (const run of store.runs) expect(run.code, run.stderr).toBe(0);
    ({ instance: billInstance, connection: billConnection } = await openDemoStore(demo, ['cur2']));
    facts = await demoFactsOf(connection);
  });
  afterAll(() => {
    connection?.closeSync(); // destroys the statements prepared on it too
    instance?.closeSync();
    billConnection?.closeSync();
    billInstance?.closeSync();
  });

  it('every twin (fragment twins among them) has parameter cases here, or a reason it cannot run on DuckDB', () => {
    expect(twins.map((t) => t.portable.name).sort()).toEqual([...new Set([...Object.keys(CASES), ...Object.keys(CANNOT_RUN_ON_DUCKDB)])].sort());
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

  for (const { portable, twin } of twins.filter((t) => !(t.portable.name in CANNOT_RUN_ON_DUCKDB))) {
    it(`${portable.name}: the same columns and rows for every parameter set`, async () => {
      const { order, params, store, differs = [] } = CASES[portable.name];
      const [on, prepared] = store === 'bill' ? [billConnection, billStatements] : [connection, statements];
      const portableRows: string[][][] = [];
      for (const [index, set] of params(facts).entries()) {
        const expected = await rows(on, portable, set, prepared);
        const actual = await rows(on, twin, set, prepared);
        const label = `${portable.name} with ${JSON.stringify(set)}`;
        portableRows.push(expected.rows);
        expect(actual.columns, label).toEqual(expected.columns);
        // A set leaving the demo's one delivery out may give no row: its rows are checked to differ from the set without it (below).
        if (!differs.some(([leaving]) => leaving === index)) expect(expected.rows.length, `${label}: the data gives rows to compare`).toBeGreaterThan(0);
        if (order === 'total') expect(actual.rows, label).toEqual(expected.rows);
        else expect(asMultiset(actual.rows), label).toEqual(asMultiset(expected.rows));
      }
      for (const [leaving, whole] of differs) {
        expect(portableRows[whole].length, `${portable.name}: parameter set ${whole} gives rows`).toBeGreaterThan(0);
        expect(asMultiset(portableRows[leaving]), `${portable.name}: parameter set ${leaving} leaves a source out of set ${whole}, so its rows differ`).not.toEqual(asMultiset(portableRows[whole]));
      }
    });
  }
});
