/**
 * The raw-engine baseline for bench/ingest: DuckDB alone copies the same files into a table of a
 * fresh database file, with its own CSV sniffing / Parquet reading and no mapping.
 * Usage: node bin/run-ts.js bench/raw-duckdb.ts csv|parquet DB FILE...
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [kind, db, ...files] = process.argv.slice(2);
const instance = await DuckDBInstance.create(db);
const connection = await instance.connect();
const list = `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')}]`;
const reader = kind === 'csv' ? `read_csv(${list}, union_by_name = true)` : `read_parquet(${list}, union_by_name = true)`;
await connection.run(`CREATE TABLE raw AS SELECT * FROM ${reader}`);
const rows = await connection.runAndReadAll('SELECT count(*) FROM raw');
process.stdout.write(JSON.stringify({ rows: Number(rows.getRows()[0][0]) }) + '\n');
connection.closeSync();
instance.closeSync();
