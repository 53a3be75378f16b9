/**
 * Fake Amazon Athena (awsJson1_1, target AmazonAthena): StartQueryExecution (idempotent on
 * ClientRequestToken), GetQueryExecution walking each query through its scripted states one poll
 * at a time, GetQueryResults paged with the header row first, StopQueryExecution and
 * GetTableMetadata. Tests script answers by matching the SQL text; SQL no script matches is
 * executed by `execute` when a test sets it (athena-on-duckdb.ts: on DuckDB, over real CUR data),
 * the query QUEUED, then RUNNING until its answer comes, then SUCCEEDED with its rows or FAILED
 * with the error as its reason.
 */
import type { AthenaAnswer } from './athena-on-duckdb.ts';
import type { FakeRequest, FakeService } from './server.ts';
import { FakeAwsError, page } from './wire.ts';

/** How the fake answers SQL that matches `match`. */
export interface AthenaScript {
  match: RegExp;
  /** States reported by successive GetQueryExecution calls; the last one stays. */
  states: ('QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED')[];
  reason?: string;
  columns?: { name: string; type: string }[];
  rows?: (string | null)[][];
  dataScannedBytes?: number;
  /** Statistics.DataScannedInBytes while QUEUED or RUNNING, and once stopped (default 0, and dataScannedBytes once stopped). */
  scannedWhileRunning?: number;
  statementType?: 'DML' | 'DDL';
  /**
   * The first this many executions of the script end FAILED with a retryable AthenaError (a
   * transient internal error, as Athena reports it: ErrorCategory 2, Retryable true) whatever its
   * states say; the later ones follow its states (default 0).
   */
  retryableFailures?: number;
}

interface Execution {
  id: string;
  /** This execution ends FAILED with a retryable error (see AthenaScript.retryableFailures). */
  transientFailure: boolean;
  sql: string;
  parameters: string[];
  script: AthenaScript;
  polls: number;
  stopped: boolean;
  workgroup?: string;
  database?: string;
}

/** The Athena fake; see the module comment. */
export class FakeAthena implements FakeService {
  readonly signingName = 'athena';
  readonly protocol = 'json1.1' as const;
  readonly throttle = { code: 'TooManyRequestsException', status: 400 };
  scripts: AthenaScript[] = [];
  /** Tables GetTableMetadata knows: `database.table` → columns. */
  readonly tables = new Map<string, { name: string; type: string }[]>();
  readonly executions: Execution[] = [];
  /** Rows per GetQueryResults page (the header row counts on the first page). */
  rowsPerPage = 1000;
  /** Runs SQL no script matches (with its ExecutionParameters, in its QueryExecutionContext's database); unset, such SQL FAILS. */
  execute?: (sql: string, parameters: string[], database: string | undefined) => Promise<AthenaAnswer>;
  private readonly tokens = new Map<string, string>();

  handle(request: FakeRequest): unknown {
    const p = request.params as Record<string, unknown>;
    switch (request.operation) {
      case 'StartQueryExecution': return this.start(p);
      case 'GetQueryExecution': return { QueryExecution: this.describe(this.find(p.QueryExecutionId), true) };
      case 'GetQueryResults': return this.results(this.find(p.QueryExecutionId), p);
      case 'StopQueryExecution': {
        this.find(p.QueryExecutionId).stopped = true;
        return {};
      }
      case 'GetTableMetadata': {
        const columns = this.tables.get(`${p.DatabaseName}.${p.TableName}`);
        if (!columns) throw new FakeAwsError('MetadataException', `Table ${p.TableName} not found in database ${p.DatabaseName}`);
        return { TableMetadata: { Name: p.TableName, TableType: 'EXTERNAL_TABLE', Columns: columns.map((c) => ({ Name: c.name, Type: c.type })), PartitionKeys: [] } };
      }
      default:
        throw new FakeAwsError('UnknownOperationException', `the fake does not implement ${request.operation}`);
    }
  }

  private start(p: Record<string, unknown>): unknown {
    const sql = String(p.QueryString ?? '');
    if (!sql) throw new FakeAwsError('InvalidRequestException', 'QueryString is required');
    const token = String(p.ClientRequestToken ?? '');
    if (token && this.tokens.has(token)) return { QueryExecutionId: this.tokens.get(token) };
    const parameters = (p.ExecutionParameters as string[] | undefined) ?? [];
    const placeholders = (sql.replace(/'(?:[^']|'')*'/g, '').match(/\?/g) ?? []).length;
    if (placeholders !== parameters.length) {
      throw new FakeAwsError('InvalidRequestException', `Query has ${placeholders} parameter placeholders but ${parameters.length} ExecutionParameters were given`);
    }
    const scripted = this.scripts.find((s) => s.match.test(sql));
    const script = scripted ?? (this.execute ? { match: /.*/, states: ['QUEUED', 'RUNNING'] } : { match: /.*/, states: ['FAILED'], reason: 'the fake has no script for this SQL' });
    const earlier = this.executions.filter((e) => e.script === script).length;
    const execution: Execution = {
      id: `${String(this.executions.length + 1).padStart(8, '0')}-fake-athena-query`, sql, parameters, script, polls: 0, stopped: false,
      transientFailure: earlier < (script.retryableFailures ?? 0),
      workgroup: p.WorkGroup as string | undefined, database: (p.QueryExecutionContext as { Database?: string } | undefined)?.Database,
    };
    this.executions.push(execution);
    if (!scripted && this.execute) this.run(execution, this.execute);
    if (token) this.tokens.set(token, execution.id);
    return { QueryExecutionId: execution.id };
  }

  /** Executes the query; once answered, it is SUCCEEDED with the answer's rows, or FAILED with the error, from the next poll on. */
  private run(execution: Execution, execute: NonNullable<FakeAthena['execute']>): void {
    execute(execution.sql, execution.parameters, execution.database).then(
      (answer) => {
        execution.script = { match: /.*/, states: ['SUCCEEDED'], ...answer };
      },
      (error: unknown) => {
        execution.script = { match: /.*/, states: ['FAILED'], reason: error instanceof Error ? error.message : String(error) };
      },
    );
  }

  private find(id: unknown): Execution {
    const execution = this.executions.find((e) => e.id === id);
    if (!execution) throw new FakeAwsError('InvalidRequestException', `QueryExecution ${String(id)} was not found`);
    return execution;
  }

  private state(execution: Execution): string {
    if (execution.stopped) return 'CANCELLED';
    if (execution.transientFailure) return 'FAILED';
    return execution.script.states[Math.min(execution.polls, execution.script.states.length - 1)];
  }

  private describe(execution: Execution, advance: boolean): unknown {
    const state = this.state(execution);
    if (advance) execution.polls += 1;
    const done = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state);
    return {
      QueryExecutionId: execution.id, Query: execution.sql, StatementType: execution.script.statementType ?? 'DML', WorkGroup: execution.workgroup,
      QueryExecutionContext: { Database: execution.database }, ExecutionParameters: execution.parameters.length ? execution.parameters : undefined,
      Status: {
        State: state, SubmissionDateTime: 1_795_000_000, CompletionDateTime: done ? 1_795_000_003 : undefined,
        StateChangeReason: execution.transientFailure ? 'INTERNAL_ERROR_QUERY_ENGINE: Amazon Athena experienced an internal error while executing this query'
          : state === 'FAILED' || state === 'CANCELLED' ? execution.script.reason ?? (execution.stopped ? 'Query was cancelled by user' : undefined) : undefined,
        AthenaError: execution.transientFailure ? { ErrorCategory: 2, ErrorType: 401, Retryable: true, ErrorMessage: 'Amazon Athena experienced an internal error while executing this query' } : undefined,
      },
      Statistics: { DataScannedInBytes: done && !(execution.stopped && execution.script.scannedWhileRunning !== undefined) ? execution.script.dataScannedBytes ?? 0 : execution.script.scannedWhileRunning ?? 0, EngineExecutionTimeInMillis: done ? 2100 : 0, TotalExecutionTimeInMillis: done ? 2400 : 0 },
    };
  }

  private results(execution: Execution, p: Record<string, unknown>): unknown {
    const state = this.state(execution);
    if (state !== 'SUCCEEDED') throw new FakeAwsError('InvalidRequestException', `Query has not yet finished. Current state: ${state}`);
    const columns = execution.script.columns ?? [];
    const header = (execution.script.statementType ?? 'DML') === 'DML' ? [columns.map((c) => c.name)] : [];
    const all = [...header, ...(execution.script.rows ?? [])];
    const size = Math.min(this.rowsPerPage, Number(p.MaxResults ?? 1000));
    const { items, next } = page(all, p.NextToken as string | undefined, size);
    return {
      ResultSet: {
        Rows: items.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ CatalogName: 'hive', SchemaName: '', TableName: '', Name: c.name, Label: c.name, Type: c.type, Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: c.type === 'varchar' })) },
      },
      UpdateCount: 0,
      NextToken: next,
    };
  }
}
