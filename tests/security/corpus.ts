/**
 * The injection corpus of issue #16: SQL that tries to read or write outside the store, change
 * the engine's settings, or smuggle a second statement past a check. `{store}` is the store file,
 * `{root}` the folder around it, `{secret}` a CSV and `{other}` a DuckDB file beside it, both
 * holding SECRET_MARKER.
 */
export const SECRET_MARKER = 'SECRET-7f3a9c-do-not-leak';

export const INJECTION_CORPUS: readonly string[] = [
  // The issue's own reproductions.
  "EXPLAIN ANALYZE COPY (SELECT 'x') TO '{store}' (FORMAT csv)",
  "EXPLAIN ANALYZE COPY (SELECT * FROM read_text('/etc/passwd')) TO '{root}/passwd-copy.txt' (FORMAT csv)",
  "EXPLAIN ANALYZE COPY line_items TO '{root}/dump.parquet' (FORMAT parquet)",
  "EXPORT DATABASE '{root}/exported'",
  // COPY and EXPORT in every shape.
  "COPY (SELECT 'x') TO '{store}' (FORMAT csv)",
  "COPY line_items TO '{root}/dump.csv'",
  "COPY line_items FROM '{secret}'",
  "EXPLAIN COPY line_items TO '{root}/explained.csv'",
  "EXPLAIN (FORMAT json) COPY line_items TO '{root}/explained.json'",
  "EXPLAIN ANALYZE EXPORT DATABASE '{root}/exported'",
  "EXPORT DATABASE '{root}/exported' (FORMAT parquet)",
  "IMPORT DATABASE '{root}'",
  // Reading files.
  "SELECT * FROM read_csv('/etc/passwd')",
  "SELECT * FROM read_csv('{secret}')",
  "SELECT * FROM read_csv_auto('{secret}')",
  "SELECT * FROM read_csv(['{secret}', '/etc/passwd'])",
  "SELECT * FROM read_csv('file://{secret}')",
  "SELECT * FROM read_text('/etc/passwd')",
  "SELECT * FROM read_text('{secret}')",
  "SELECT * FROM read_blob('{secret}')",
  "SELECT * FROM read_json('{secret}')",
  "SELECT * FROM read_parquet('{root}/*.parquet')",
  "SELECT * FROM '{secret}'",
  "FROM '{secret}'",
  "SELECT * FROM glob('{root}/*')",
  "SELECT * FROM sniff_csv('{secret}')",
  "SELECT * FROM parquet_metadata('{store}')",
  "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')",
  "EXPLAIN ANALYZE SELECT * FROM read_csv('{secret}')",
  "WITH s AS (SELECT * FROM read_text('{secret}')) SELECT * FROM s",
  "(SELECT * FROM read_csv('{secret}'))",
  "SUMMARIZE SELECT * FROM read_csv('{secret}')",
  "DESCRIBE SELECT * FROM read_text('{secret}')",
  "SELECT * FROM query('SELECT * FROM read_text(''{secret}'')')",
  // Other databases.
  "ATTACH '{other}' AS other",
  "ATTACH '{root}/fresh.duckdb' AS fresh",
  "ATTACH ':memory:' AS scratch",
  "ATTACH '{other}' AS other (READ_ONLY)",
  'DETACH store',
  'USE other',
  // Extensions.
  'INSTALL httpfs',
  'LOAD httpfs',
  "INSTALL '{root}/evil.duckdb_extension'",
  "LOAD '{root}/evil.duckdb_extension'",
  'FORCE INSTALL json',
  'UPDATE EXTENSIONS',
  // Settings: PRAGMA, SET, RESET, CALL.
  'PRAGMA database_list',
  "PRAGMA memory_limit='1GB'",
  "PRAGMA profiling_output='{root}/profile.json'",
  'PRAGMA enable_profiling',
  'SET enable_external_access = true',
  'RESET enable_external_access',
  'SET lock_configuration = false',
  "SET temp_directory = '{root}/spill'",
  "SET profiling_output = '{root}/profile.json'",
  "SET VARIABLE f = '{secret}'",
  'CALL pragma_version()',
  "CALL pragma_table_info('line_items')",
  'CHECKPOINT',
  'VACUUM',
  'ANALYZE',
  // Writes.
  'DELETE FROM line_items',
  'UPDATE line_items SET BilledCost = 0',
  'INSERT INTO line_items SELECT * FROM line_items',
  'DROP TABLE line_items',
  'CREATE TABLE t AS SELECT 1',
  "CREATE TEMP TABLE t AS SELECT * FROM read_csv('{secret}')",
  'CREATE MACRO m() AS 1',
  "PREPARE p AS COPY line_items TO '{root}/prepared.csv'",
  'BEGIN TRANSACTION',
  // Several statements, and comments, quotes and dollar quotes hiding one.
  "SELECT 1; COPY line_items TO '{root}/second.csv'",
  "SELECT 1; SET enable_external_access = true; SELECT * FROM read_csv('{secret}')",
  "SELECT 1; ATTACH '{other}' AS other; SELECT * FROM other.secrets",
  'SELECT 1; DROP TABLE line_items',
  'BEGIN; DELETE FROM line_items; COMMIT',
  "SET VARIABLE f = '{secret}'; SELECT * FROM read_csv(getvariable('f'))",
  "/* SELECT */ COPY line_items TO '{root}/commented.csv'",
  "-- SELECT\nCOPY line_items TO '{root}/commented.csv'",
  "SELECT 1 /* ; */ ; COPY line_items TO '{root}/commented.csv'",
  "SELECT 1 /* nested /* ; */ SELECT */ ; EXPORT DATABASE '{root}/exported'",
  "SELECT $$;$$; COPY line_items TO '{root}/dollar.csv'",
  "SELECT $tag$ ; $tag$; COPY line_items TO '{root}/dollar.csv'",
  "SELECT 'a'';'; COPY line_items TO '{root}/quoted.csv'",
  "SELECT E'\\';'; COPY line_items TO '{root}/escaped.csv'",
  'SELECT "a;b" FROM (SELECT 1 AS "a;b"); DROP TABLE line_items',
  "EXPLAIN SELECT 1; EXPLAIN ANALYZE COPY (SELECT 'x') TO '{store}' (FORMAT csv)",
  "EXPLAIN (SELECT 1) ; COPY (SELECT 'x') TO '{store}'",
  "\tCOPY line_items TO '{root}/tab.csv'",
  "(COPY line_items TO '{root}/paren.csv')",
];

/** Fills the corpus's placeholders with real paths. */
export function fillPayload(template: string, paths: { store: string; root: string; secret: string; other: string }): string {
  return template.replaceAll('{store}', paths.store).replaceAll('{root}', paths.root).replaceAll('{secret}', paths.secret).replaceAll('{other}', paths.other);
}
