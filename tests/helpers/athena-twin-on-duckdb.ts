/**
 * An Athena twin (`name.athena.sql`) made runnable on DuckDB, so a test can compare its rows with
 * its portable query's on the same store (tests/aws/athena-twins.test.ts, tests/attribution/trim-rule.test.ts).
 */
import type { NamedQuery } from '../../src/engine/queries.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { trinoFunctionsOnDuckDB } from '../fakes/aws/athena-sql-on-duckdb.ts';

/**
 * The Athena twin of the query `name` with its SQL in DuckDB's spelling (Athena's element_at,
 * filter, transform and cardinality: tests/fakes/aws/athena-sql-on-duckdb.ts, shared with the fake
 * Athena that executes queries), then passed through `rewrite` (another engine difference a test
 * stands in for); undefined when the query has no twin.
 */
export function athenaTwinOnDuckDB(name: string, rewrite: (sql: string) => string = (sql) => sql): NamedQuery | undefined {
  const twin = queryRegistry().twinOf(name);
  return twin && { ...twin, sql: rewrite(trinoFunctionsOnDuckDB(twin.sql)) };
}
