/**
 * What the fake Athena (athena.ts) runs its queries on when it executes them: an in-memory DuckDB
 * holding the CUR tables a test loads (Parquet files, as a Glue table over an export's folder
 * would hold them), so a whole analysis can run through `--engine athena` on real data.
 *
 * Each statement is Athena's text with its ExecutionParameters substituted (each a literal
 * expression, as Athena takes them), in DuckDB's spelling (athena-sql-on-duckdb.ts); its result
 * comes back as Athena gives it: each cell as text (DECIMAL with all its scale digits, DOUBLE as
 * Java writes it, TIMESTAMP with milliseconds, arrays and maps as Trino prints them), each column
 * with its Athena type, and the rows of a query without an outer ORDER BY reversed (Athena keeps no
 * order but the one asked for). What it cannot show: Trino's own semantics where DuckDB's differ
 * (decimal arithmetic's precision, regexp_extract without a match, trim's whitespace), and SQL
 * that Trino refuses but DuckDB runs, but for a parameter in a GROUP BY clause, refused here as there
 * (athena-sql-on-duckdb.ts groupByWithPlaceholder).
 */
import { type DuckDBInstance, DuckDBListValue, DuckDBMapValue, DuckDBStructValue, DuckDBTimestampTZValue, DuckDBTimestampValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { statSync } from 'node:fs';
import { createDuckDB, instanceSettings } from '../../../src/store/duckdb-settings.ts';
import { athenaSqlOnDuckDB, sortsItsRows, substituteParameters, TRINO_MACROS_ON_DUCKDB } from './athena-sql-on-duckdb.ts';

/** What one executed statement returned, as the fake Athena answers it (a query "scans" every loaded table's files). */
export interface AthenaAnswer {
  statementType: 'DML' | 'DDL';
  columns: { name: string; type: string }[];
  rows: (string | null)[][];
  dataScannedBytes: number;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A DuckDB column type as the Glue catalog (GetTableMetadata) names it: `string`, `map<string,double>`. */
export function hiveType(duckdbType: string): string {
  const map = /^MAP\((\w+), (\w+)\)$/.exec(duckdbType);
  if (map) return `map<${hiveType(map[1])},${hiveType(map[2])}>`;
  const simple: Record<string, string> = { VARCHAR: 'string', DOUBLE: 'double', BIGINT: 'bigint', INTEGER: 'int', BOOLEAN: 'boolean', TIMESTAMP: 'timestamp', DATE: 'date' };
  return simple[duckdbType] ?? duckdbType.toLowerCase();
}

/** A result column's DuckDB type as Athena's ColumnInfo.Type names it. */
function athenaType(type: DuckDBType): string {
  const text = String(type);
  if (text.startsWith('DECIMAL')) return 'decimal';
  if (text.endsWith('[]')) return 'array';
  if (text.startsWith('MAP(')) return 'map';
  if (text.startsWith('STRUCT(')) return 'row';
  const types: Record<string, string> = {
    VARCHAR: 'varchar', DOUBLE: 'double', FLOAT: 'real', BIGINT: 'bigint', HUGEINT: 'bigint', INTEGER: 'integer', SMALLINT: 'smallint',
    BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp', 'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone',
  };
  return types[text] ?? text.toLowerCase();
}

/** A double as Java's Double.toString writes it (Trino's text of a DOUBLE): `12.5`, `3.0`, `1.0E-4`, `1.2345678E7`. */
export function javaDoubleText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A timestamp's text with milliseconds, as Athena (engine v3, timestamp(3)) writes it. */
function millisText(text: string): string {
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(3, '0').slice(0, 3)}`;
}

/** One DuckDB value as the text Athena returns for it. */
export function athenaText(value: DuckDBValue): string | null {
  if (value === null) return null;
  if (typeof value === 'number') return javaDoubleText(value);
  if (value instanceof DuckDBTimestampValue) return millisText(String(value));
  if (value instanceof DuckDBTimestampTZValue) return `${millisText(String(value).replace(/\+00$/, ''))} UTC`;
  if (value instanceof DuckDBListValue) return `[${value.items.map((item) => athenaText(item) ?? 'null').join(', ')}]`;
  if (value instanceof DuckDBMapValue) return `{${value.entries.map((e) => `${athenaText(e.key)}=${athenaText(e.value) ?? 'null'}`).join(', ')}}`;
  if (value instanceof DuckDBStructValue) return `{${Object.entries(value.entries).map(([k, v]) => `${k}=${athenaText(v) ?? 'null'}`).join(', ')}}`;
  return String(value); // DECIMAL with all its scale digits, DATE, BIGINT, BOOLEAN and VARCHAR as Athena writes them
}

/** An in-memory DuckDB that runs Athena's statements; see the module comment. */
export class AthenaOnDuckDB {
  /** Tables loaded: `database.table` → their columns as GetTableMetadata gives them, and the bytes of their files. */
  readonly tables = new Map<string, { columns: { name: string; type: string }[]; bytes: number }>();

  private constructor(private readonly instance: DuckDBInstance) {}

  /** A new in-memory database with the Trino functions DuckDB lacks (TRINO_MACROS_ON_DUCKDB), in UTC as Athena, on the threads COSTLENS_THREADS asks for. */
  static async create(): Promise<AthenaOnDuckDB> {
    const instance = await createDuckDB(':memory:', instanceSettings());
    const connection = await instance.connect();
    try {
      for (const macro of TRINO_MACROS_ON_DUCKDB) await connection.run(macro);
    } finally {
      connection.closeSync();
    }
    return new AthenaOnDuckDB(instance);
  }

  /**
   * Loads Parquet `files` as the table `database.table`, as a Glue table over an export's folder
   * holds them: their columns, and a CUR 2.0 export's `BILLING_PERIOD=` folder as the partition
   * column `billing_period`. Returns the table's columns (Glue's types).
   */
  async loadParquet(database: string, table: string, files: readonly string[]): Promise<{ name: string; type: string }[]> {
    const connection = await this.instance.connect();
    try {
      await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quote(database)}`);
      const name = `${quote(database)}.${quote(table)}`;
      const partitioned = files.every((file) => /[\\/]BILLING_PERIOD=[^\\/]+[\\/]/.test(file));
      await connection.run(`CREATE OR REPLACE TABLE ${name} AS SELECT * ${partitioned ? 'RENAME (BILLING_PERIOD AS billing_period)' : ''}
        FROM read_parquet([${files.map(literal).join(', ')}], hive_partitioning = ${partitioned})`);
      const described = await connection.runAndReadAll(`DESCRIBE ${name}`);
      const columns = described.getRows().map(([name, type]) => ({ name: String(name), type: hiveType(String(type)) }));
      this.tables.set(`${database}.${table}`, { columns, bytes: files.reduce((n, file) => n + statSync(file).size, 0) });
      return columns;
    } finally {
      connection.closeSync();
    }
  }

  /**
   * Runs one statement as Athena would, in the `database` of its QueryExecutionContext; a
   * statement DuckDB refuses throws DuckDB's error (the fake reports it as Athena's FAILED reason).
   */
  async execute(sql: string, parameters: readonly string[], database?: string): Promise<AthenaAnswer> {
    const connection = await this.instance.connect();
    try {
      if (database) await connection.run(`USE memory.${quote(database)}`);
      const reader = await connection.runAndReadAll(substituteParameters(athenaSqlOnDuckDB(sql), parameters));
      const ddl = /^\s*(CREATE|DROP|ALTER)\b/i.test(sql);
      const names = reader.columnNames();
      const types = reader.columnTypes();
      const scanned = [...this.tables.values()].reduce((n, t) => n + t.bytes, 0);
      return {
        statementType: ddl ? 'DDL' : 'DML',
        columns: ddl ? [] : names.map((name, i) => ({ name, type: athenaType(types[i]) })),
        rows: ddl ? [] : this.inAthenasOrder(sql, reader.getRows().map((row) => row.map(athenaText))),
        dataScannedBytes: ddl ? 0 : scanned,
      };
    } finally {
      connection.closeSync();
    }
  }

  /**
   * The rows in the order Athena may give them: a query that does not sort its rows gets them
   * reversed (DuckDB's order is often the order of the data, which Athena, reading splits in
   * parallel, does not keep), so a caller that counts on an order no ORDER BY gives fails here.
   */
  private inAthenasOrder<T>(sql: string, rows: T[]): T[] {
    return sortsItsRows(sql) ? rows : rows.reverse();
  }

  close(): void {
    this.instance.closeSync();
  }
}
