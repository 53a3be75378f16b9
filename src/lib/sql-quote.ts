/**
 * Quoting for the few SQL texts costlens must build from names it does not know in advance
 * (columns from a file header, COPY targets). Values are bound as parameters everywhere else.
 */

/** Quotes an identifier for DuckDB/Trino SQL (a column name that came from a file header, say). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for the few places DuckDB cannot bind a parameter (COPY targets, CSV `columns`). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
