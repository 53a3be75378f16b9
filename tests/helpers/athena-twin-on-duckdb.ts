/**
 * An Athena twin (`name.athena.sql`) made runnable on DuckDB, so a test can compare its rows with
 * its portable query's on the same store (tests/aws/athena-twins.test.ts, tests/attribution/trim-rule.test.ts).
 */
import type { NamedQuery } from '../../src/engine/queries.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';

/**
 * Athena functions DuckDB spells differently, rewritten before a twin runs on DuckDB:
 * Athena's element_at(map, key) is the value or NULL; DuckDB's element_at returns a list of
 * values, and its map_extract_value is Athena's element_at. Athena's array functions filter,
 * transform and cardinality are DuckDB's list_filter, list_transform and len.
 */
const ATHENA_ON_DUCKDB: [RegExp, string][] = [
  [/\belement_at\(filter\(/g, 'list_extract(list_filter('], // element_at(array, 1): the first element
  [/\belement_at\(/g, 'map_extract_value('],
  [/\bfilter\(/g, 'list_filter('],
  [/\btransform\(/g, 'list_transform('],
  [/\bcardinality\(\$/g, 'len($'], // of a list parameter; cardinality(map) is the same in both
];

/** An Athena twin's SQL with Athena's element_at, filter, transform and cardinality in DuckDB's spelling. */
export function athenaSqlOnDuckDB(sql: string): string {
  return ATHENA_ON_DUCKDB.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), sql);
}

/**
 * The Athena twin of the query `name` with its SQL in DuckDB's spelling ({@link athenaSqlOnDuckDB}),
 * then passed through `rewrite` (another engine difference a test stands in for); undefined when
 * the query has no twin.
 */
export function athenaTwinOnDuckDB(name: string, rewrite: (sql: string) => string = (sql) => sql): NamedQuery | undefined {
  const twin = queryRegistry().twinOf(name);
  return twin && { ...twin, sql: rewrite(athenaSqlOnDuckDB(twin.sql)) };
}
