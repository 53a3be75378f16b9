/**
 * One Athena query, start to rows: StartQueryExecution (with an idempotency token, so a retried
 * start never runs the query twice), GetQueryExecution polled with backoff through QUEUED and
 * RUNNING, FAILED and CANCELLED turned into errors carrying Athena's StateChangeReason,
 * GetQueryResults paged, and the data scanned.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AthenaClient, ColumnInfo, QueryExecution } from '@aws-sdk/client-athena';
import { CostlensError } from '../errors.ts';
import { awsSdk } from '../aws-client/sdk.ts';
import { paginate } from '../aws-client/paginate.ts';

export interface AthenaRunSettings {
  workgroup: string;
  catalog: string;
  database: string;
  outputLocation?: string;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  timeoutSeconds: number;
}

/** What a finished query returned and cost. */
export interface AthenaResult {
  queryExecutionId: string;
  columns: { name: string; type: string }[];
  rows: (string | null)[][];
  dataScannedBytes: number;
  engineMs: number;
}

const RUNNING = new Set(['QUEUED', 'RUNNING']);

/** Starts a query and waits for it to finish; returns its execution. */
async function execute(client: AthenaClient, settings: AthenaRunSettings, sql: string, parameters: string[]): Promise<QueryExecution & { QueryExecutionId: string }> {
  const started = await client.send(new (awsSdk.athena().StartQueryExecutionCommand)({
    QueryString: sql,
    QueryExecutionContext: { Catalog: settings.catalog, Database: settings.database },
    WorkGroup: settings.workgroup,
    ResultConfiguration: settings.outputLocation ? { OutputLocation: settings.outputLocation } : undefined,
    ExecutionParameters: parameters.length ? parameters : undefined,
    ClientRequestToken: randomUUID(),
  }));
  const id = started.QueryExecutionId;
  if (!id) throw new CostlensError('aws', 'athena StartQueryExecution returned no query id');
  const deadline = Date.now() + settings.timeoutSeconds * 1000;
  let delay = settings.pollIntervalMs;
  for (;;) {
    const { QueryExecution: execution } = await client.send(new (awsSdk.athena().GetQueryExecutionCommand)({ QueryExecutionId: id }));
    const state = execution?.Status?.State ?? 'UNKNOWN';
    if (state === 'SUCCEEDED') return { ...execution, QueryExecutionId: id };
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason = execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
      throw new CostlensError('aws', `athena query ${id} ${state.toLowerCase()}: ${reason}`, {
        hint: state === 'CANCELLED' ? 'someone or something stopped the query; run it again' : 'check the query text, the view and the table it reads (aws.athena in the config)',
      });
    }
    if (!RUNNING.has(state)) throw new CostlensError('aws', `athena query ${id} is in an unexpected state ${state}`);
    if (Date.now() + delay > deadline) {
      await client.send(new (awsSdk.athena().StopQueryExecutionCommand)({ QueryExecutionId: id }));
      throw new CostlensError('aws', `athena query ${id} did not finish within ${settings.timeoutSeconds} s; it was stopped`, { hint: 'raise aws.athena.timeoutSeconds, or narrow the query (dates, partitions)' });
    }
    await sleep(delay);
    delay = Math.min(settings.maxPollIntervalMs, Math.ceil(delay * 1.5));
  }
}

/** Runs `sql` with `parameters` (Athena literals, in placeholder order) and reads every result page. */
export async function runAthenaQuery(client: AthenaClient, settings: AthenaRunSettings, sql: string, parameters: string[] = []): Promise<AthenaResult> {
  const execution = await execute(client, settings, sql, parameters);
  const id = execution.QueryExecutionId;
  let columns: ColumnInfo[] | undefined;
  const rows: (string | null)[][] = [];
  let first = true;
  const pages = paginate(`athena GetQueryResults (query ${id})`, (token) => client.send(new (awsSdk.athena().GetQueryResultsCommand)({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 })), (page) => page.NextToken);
  for await (const page of pages) {
    columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    const data = (page.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? null));
    // A SELECT's first row repeats the column labels.
    if (first && execution.StatementType !== 'DDL' && data.length > 0 && data[0].every((v, i) => v === (columns![i]?.Label ?? columns![i]?.Name))) data.shift();
    rows.push(...data);
    first = false;
  }
  return {
    queryExecutionId: id,
    columns: (columns ?? []).map((c) => ({ name: c.Name ?? '', type: c.Type ?? 'varchar' })),
    rows,
    dataScannedBytes: Number(execution.Statistics?.DataScannedInBytes ?? 0),
    engineMs: Number(execution.Statistics?.EngineExecutionTimeInMillis ?? 0),
  };
}
