/**
 * A fake Athena whose queries return real rows: each SQL text the Athena engine sends (its
 * `.athena.sql` twin or portable query, rewritten with `?` placeholders and the FOCUS view's name)
 * is run on DuckDB over a store's line_items, seen as that view and nothing else, as Athena sees
 * the CUR table (a query of the metrics, the inventory or a rollup fails, as it would there).
 * The ExecutionParameters, Athena literals, take the placeholders' places (a statement with one in a
 * GROUP BY clause fails, as Trino refuses it: tests/fakes/aws/athena-sql-on-duckdb.ts). Everything else is the
 * scripted fake (tests/fakes/aws/athena.ts): the view's DDL, polling, paging, the calls recorded.
 * A test can so compare an analysis run with `--engine athena` against the same analysis on the
 * local store, figure for figure.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { resultToTable } from '../../src/lib/table.ts';
import { quoteIdentifier, quoteLiteral } from '../../src/lib/sql-quote.ts';
import { createDuckDB, instanceSettings } from '../../src/store/duckdb-settings.ts';
import { FakeAthena } from '../fakes/aws/athena.ts';
import type { FakeRequest } from '../fakes/aws/server.ts';
import { substituteParameters, trinoFunctionsOnDuckDB } from '../fakes/aws/athena-sql-on-duckdb.ts';

/** The fake Athena of the module comment: `open` it before its first query, `close` it after the last. */
export class DuckDBBackedAthena extends FakeAthena {
  private instance?: DuckDBInstance;
  private connection?: DuckDBConnection;

  /** Attaches `store` (read-only) and defines `viewName` over its line_items, the only relation the queries see. */
  async open(store: string, viewName = 'costlens_line_items'): Promise<void> {
    this.instance = await createDuckDB(':memory:', instanceSettings({}));
    this.connection = await this.instance.connect();
    await this.connection.run(`ATTACH ${quoteLiteral(store)} AS cur_store (READ_ONLY)`);
    await this.connection.run(`CREATE VIEW ${quoteIdentifier(viewName)} AS SELECT * FROM cur_store.line_items`);
  }

  close(): void {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = undefined;
    this.instance = undefined;
  }

  /** Starts answer from DuckDB (the rows are scripted for this SQL text just before the start); every other call as the scripted fake. */
  override handle(request: FakeRequest): unknown {
    const sql = String((request.params as Record<string, unknown>).QueryString ?? '');
    if (request.operation !== 'StartQueryExecution' || sql.startsWith('CREATE OR REPLACE VIEW')) return super.handle(request);
    return this.answer(sql, ((request.params as Record<string, unknown>).ExecutionParameters as string[] | undefined) ?? []).then(() => super.handle(request));
  }

  private async answer(sql: string, parameters: readonly string[]): Promise<void> {
    if (!this.connection) throw new Error('DuckDBBackedAthena: open() it before the first query');
    // Scripted first for this very text: the start that follows at once takes it.
    const match = new RegExp(`^${sql.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    try {
      const table = resultToTable(await this.connection.runAndReadAll(trinoFunctionsOnDuckDB(substituteParameters(sql, parameters))));
      this.scripts.unshift({ match, states: ['SUCCEEDED'], columns: table.columns.map((name) => ({ name, type: 'varchar' })), rows: table.rows });
    } catch (error) {
      // What Athena would refuse (a table it does not have, a function it lacks) fails there too, with DuckDB's reason.
      this.scripts.unshift({ match, states: ['FAILED'], reason: (error as Error).message });
    }
  }
}
