/** DuckDB plumbing for the generator: statements with named parameters, literals, the resource tables. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Organisation, Resource } from './org.ts';
import { isoSeconds } from './time.ts';

/** Quotes a string as a SQL literal (for COPY … TO paths, which cannot be bound). */
export function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** SQL parameter values accepted by the DuckDB client. */
export type Params = Record<string, string | number | boolean | null>;

/** Keeps only the parameters a statement references (DuckDB rejects unused ones). */
function bound(sql: string, params: Params): Record<string, never> {
  const names = new Set([...sql.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) if (names.has(k)) out[k] = v;
  return out as Record<string, never>;
}

/** Runs a statement with named parameters. */
export async function run(conn: DuckDBConnection, sql: string, params: Params = {}): Promise<void> {
  await conn.run(sql, bound(sql, params));
}

/** Runs a query and returns its rows as JSON-friendly objects (big numbers and decimals as strings). */
export async function query<T = Record<string, unknown>>(conn: DuckDBConnection, sql: string, params: Params = {}): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, bound(sql, params));
  return reader.getRowObjectsJson() as T[];
}

/** Rounds a DOUBLE expression to 10 decimals and stores it exactly as DECIMAL(38,10). */
export function money(expr: string): string {
  return `CAST(round(${expr}, 10) AS DECIMAL(38,10))`;
}

/** Loads the resources and the hour calendar of the window into DuckDB. */
export async function loadOrganisation(conn: DuckDBConnection, org: Organisation): Promise<void> {
  const sample: Resource = org.resources[0];
  const doubles = new Set(['norm', 'size_gb', 'rate', 'rate2', 'load', 'sp_rate', 'cpu_avg', 'cpu_max', 'price_before']);
  const bigints = new Set(['start_h', 'end_h', 'vcpu', 'surge_from_h', 'price_from_h']);
  const booleans = new Set(['sched', 'idle', 'oversized', 'busy', 'ri', 'sp', 'mem']);
  const schema: Record<string, string> = {};
  for (const k of Object.keys(sample)) schema[k] = doubles.has(k) ? 'DOUBLE' : bigints.has(k) ? 'BIGINT' : booleans.has(k) ? 'BOOLEAN' : 'VARCHAR';
  await run(conn,
    `CREATE OR REPLACE TABLE res AS SELECT unnest(from_json($json, $schema), recursive := true)`,
    { json: JSON.stringify(org.resources), schema: JSON.stringify([schema]) },
  );
  const w = org.window;
  await run(conn,
    `CREATE OR REPLACE TABLE hrs AS
     SELECT CAST(h AS BIGINT) AS h, CAST($start AS TIMESTAMP) + to_hours(h) AS ts,
            strftime(CAST($start AS TIMESTAMP) + to_hours(h), '%Y-%m') AS period,
            CAST(isodow(CAST($start AS TIMESTAMP) + to_hours(h)) AS INTEGER) AS dow,
            CAST(hour(CAST($start AS TIMESTAMP) + to_hours(h)) AS INTEGER) AS hod
     FROM range(0, CAST($hours AS BIGINT)) t(h)`,
    { start: isoSeconds(w.start).replace('Z', ''), hours: w.hours },
  );
}
