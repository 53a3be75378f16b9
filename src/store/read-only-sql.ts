import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { StatementType } from '@duckdb/node-api';
import { CostlensError, messageOf } from '../errors.ts';

const READING_STATEMENTS = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

/**
 * Runs user SQL that may only read: every statement must be a SELECT or EXPLAIN, checked on
 * DuckDB's own parse before anything runs. Returns the last statement's rows.
 */
export async function runReadOnlySql(connection: DuckDBConnection, sql: string): Promise<DuckDBResultReader> {
  let extracted;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (error) {
    throw new CostlensError('usage', `SQL error: ${messageOf(error).split('\n')[0]}`, { cause: error });
  }
  if (extracted.count === 0) throw new CostlensError('usage', 'no SQL statement given');
  const prepared = [];
  for (let i = 0; i < extracted.count; i++) {
    let statement;
    try {
      statement = await extracted.prepare(i);
    } catch (error) {
      throw new CostlensError('usage', `SQL error: ${messageOf(error).split('\n')[0]}`, { cause: error });
    }
    if (!READING_STATEMENTS.has(statement.statementType)) {
      throw new CostlensError('read_only', `refused: statement ${i + 1} is ${StatementType[statement.statementType]}, and costlens sql only reads`, {
        hint: 'use costlens ingest to change the store',
      });
    }
    prepared.push(statement);
  }
  let result: DuckDBResultReader | undefined;
  for (const statement of prepared) {
    try {
      result = await statement.runAndReadAll();
    } catch (error) {
      throw new CostlensError('usage', `SQL error: ${messageOf(error).split('\n')[0]}`, { cause: error });
    }
  }
  return result!;
}
