/**
 * The demo store the query tests run every query on (its CUR 2.0 export, metrics, inventory and
 * business metrics: the shared cached store, tests/helpers/cached-stores.ts, only read), opened as every
 * costlens reader opens a store, and the facts their parameters are read from
 * (tests/aws/athena-twins.test.ts).
 */
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { createDuckDB, readerSettings } from '../../src/store/duckdb-settings.ts';
import { cachedDemoStore, cachedIngestRuns } from './cached-stores.ts';
import type { CliRun } from './cli.ts';

/** What the parameters are read from. */
export interface DemoFacts {
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
}

/** The demo's CUR 2.0 export, metrics, inventory and business metrics. */
export const DEMO_QUERY_FILES = ['cur2', 'metrics.csv', 'inventory.csv', 'business-metrics.csv'] as const;

/**
 * The cached demo store of `files` opened read-only, in UTC, with the threads COSTLENS_THREADS asks
 * for (one in the suite: vitest.config.ts), as the server's pool and `costlens start` open a store;
 * and the `costlens ingest` runs that built it, for the caller to check. The caller closes both.
 */
export async function openDemoStore(demoDir: string, files: readonly string[] = DEMO_QUERY_FILES): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection; runs: CliRun[] }> {
  const db = await cachedDemoStore(demoDir, files);
  const runs = await cachedIngestRuns([files.map((file) => join(demoDir, file))]);
  const instance = await createDuckDB(db, readerSettings());
  return { instance, connection: await instance.connect(), runs };
}

/** The facts of the demo store on `connection` that the query tests' parameters are read from. */
export async function demoFactsOf(connection: DuckDBConnection): Promise<DemoFacts> {
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
  return { firstDay, dayAfterLast, month, nextMonth, midFrom, midTo, tagKeys, tagValue, metric, resourceId };
}
