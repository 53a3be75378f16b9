import type { DuckDBConnection } from '@duckdb/node-api';

/** A column of a table as stored: its name and DuckDB type (SQL text, e.g. `DECIMAL(38,10)`). */
export interface TypedColumn {
  name: string;
  type: string;
}

/** The columns of `table` (a trusted identifier or table function call, e.g. `read_parquet([...])`) in their order, with their DuckDB types. */
export async function tableColumns(connection: DuckDBConnection, table: string): Promise<TypedColumn[]> {
  const empty = await connection.runAndReadAll(`SELECT * FROM ${table} LIMIT 0`);
  const types = empty.columnTypes();
  return empty.columnNames().map((name, i) => ({ name, type: types[i].toString() }));
}
