/**
 * The one place query results become typed cells (see cell.ts for what each declared column type
 * becomes): from DuckDB's values (from-duckdb.ts) and from text, Athena's and the server cache's
 * (from-text.ts). Modelled on duckdb-node-neo's `conversion/` folder.
 */
export { TS_TYPE_OF_COLUMN, type Cell, type CellRow, type CellSource } from './cell.ts';
export { cellFromDuckDB, rowsFromDuckDB } from './from-duckdb.ts';
export { cellFromText, rowsFromText } from './from-text.ts';
