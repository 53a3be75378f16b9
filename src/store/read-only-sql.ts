import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { StatementType } from '@duckdb/node-api';
import { CostlensError, messageOf } from '../errors.ts';
import { explainedStatement, leadingKeyword, statementSkeletons } from './sql-text.ts';

const READING_STATEMENTS = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

/** Words a reading statement may start with (DuckDB plans DESCRIBE, SHOW, SUMMARIZE and PIVOT as SELECTs). */
const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SHOW', 'SUMMARIZE', 'PIVOT', 'UNPIVOT']);

/** DuckDB's refusals from the sandbox (src/store/sandbox.ts): a statement reached outside the store. */
const SANDBOX_REFUSAL = /Permission Error|file system operations are disabled|configuration has been locked|external extensions is disabled|external access is disabled/i;

const NO_STATEMENT_HINT = 'the text holds only blanks, semicolons or comments: give a query, e.g. costlens sql "SELECT count(*) FROM line_items"';

const HINT = 'costlens sql reads the store only (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, or EXPLAIN of one); use costlens ingest to change it';

const ONE_STATEMENT_HINT = 'costlens sql prints one result: run each statement on its own, e.g. costlens sql "SELECT count(*) FROM line_items"';

/**
 * Runs user SQL that may only read, one statement, and returns its rows; a text with no statement
 * (blanks, semicolons, comments) is a usage error, and so is a text of several reading statements
 * (only the last one's rows were printed). Two guards, in order:
 * a friendly first refusal (exit code 8) of every statement that does not start like a query or
 * that DuckDB's own parse does not classify as SELECT or EXPLAIN, decided before anything is
 * bound or run; then the engine itself, whose connection is confined to the store
 * (src/store/sandbox.ts), so whatever gets through cannot read or write any other file.
 */
export async function runReadOnlySql(connection: DuckDBConnection, sql: string): Promise<DuckDBResultReader> {
  // DuckDB's parser fails on a text of blanks, semicolons and comments alone ("Error in native callback").
  if (statementSkeletons(sql).length === 0) throw new CostlensError('usage', 'no SQL statement given', { hint: NO_STATEMENT_HINT });
  let extracted;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (error) {
    throw await sqlError(error, connection);
  }
  if (extracted.count === 0) throw new CostlensError('usage', 'no SQL statement given', { hint: NO_STATEMENT_HINT });
  refuseByText(sql, extracted.count);
  const prepared = [];
  for (let i = 0; i < extracted.count; i++) {
    let statement;
    try {
      statement = await extracted.prepare(i);
    } catch (error) {
      throw await sqlError(error, connection);
    }
    if (!READING_STATEMENTS.has(statement.statementType)) {
      throw new CostlensError('read_only', `refused: statement ${i + 1} is ${StatementType[statement.statementType]}, and costlens sql only reads`, { hint: HINT });
    }
    prepared.push(statement);
  }
  // Refused after the read-only checks, so that a write among several statements stays a refusal (exit code 8).
  if (prepared.length > 1) throw new CostlensError('usage', `give one SQL statement; got ${prepared.length}`, { hint: ONE_STATEMENT_HINT });
  try {
    return await prepared[0].runAndReadAll();
  } catch (error) {
    throw await sqlError(error, connection);
  }
}

/**
 * Refuses, from the text alone, a statement that does not start like a query, and an EXPLAIN of
 * anything but a query (EXPLAIN ANALYZE runs what it explains). When the text cannot be split as
 * DuckDB split it, an EXPLAIN is refused rather than guessed at.
 */
function refuseByText(sql: string, count: number): void {
  const skeletons = statementSkeletons(sql);
  const isQuery = (word: string) => QUERY_KEYWORDS.has(word);
  if (skeletons.length !== count) {
    if (skeletons.some((s) => leadingKeyword(s) === 'EXPLAIN')) {
      throw new CostlensError('read_only', 'refused: costlens could not tell which statement the EXPLAIN applies to', { hint: HINT });
    }
    return;
  }
  skeletons.forEach((skeleton, i) => {
    const word = leadingKeyword(skeleton);
    if (word === 'EXPLAIN') {
      const inner = leadingKeyword(explainedStatement(skeleton, isQuery));
      if (!isQuery(inner)) {
        throw new CostlensError('read_only', `refused: statement ${i + 1} is EXPLAIN of ${inner || 'something other than a query'}, and costlens sql only reads`, { hint: HINT });
      }
    } else if (!isQuery(word)) {
      throw new CostlensError('read_only', `refused: statement ${i + 1} is ${word || 'not a query'}, and costlens sql only reads`, { hint: HINT });
    }
  });
}

/**
 * DuckDB's error as a one-line usage error whose hint names the tables the store holds, or a
 * read_only refusal when the sandbox stopped it.
 */
async function sqlError(error: unknown, connection: DuckDBConnection): Promise<CostlensError> {
  const line = messageOf(error).split('\n')[0];
  if (SANDBOX_REFUSAL.test(line)) {
    return new CostlensError('read_only', `refused: ${line}`, { hint: HINT, cause: error });
  }
  const tables = await storeTables(connection);
  return new CostlensError('usage', `SQL error: ${line}`, {
    cause: error,
    hint: `${tables.length > 0 ? `the store's tables: ${tables.join(', ')}` : 'the store holds no table'}; \`costlens sql "DESCRIBE line_items"\` lists the columns (quote names such as "BilledCost")`,
  });
}

/**
 * The tables and views a query can read, as the store's catalogue lists them: line_items first,
 * then the rest by name, less the `*_inline` tables that back a view of the same name less
 * `_inline` (README, "The store"). Empty when the catalogue cannot be read.
 */
export async function storeTables(connection: DuckDBConnection): Promise<string[]> {
  let names: string[];
  try {
    const result = await connection.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY table_name`);
    names = result.getRows().map((row) => String(row[0]));
  } catch {
    return [];
  }
  const shown = names.filter((name) => !(name.endsWith('_inline') && names.includes(name.slice(0, -'_inline'.length))));
  return [...shown.filter((name) => name === 'line_items'), ...shown.filter((name) => name !== 'line_items')];
}
