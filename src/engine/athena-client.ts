/**
 * One Athena query, start to rows: StartQueryExecution (with an idempotency token, so a retried
 * start never runs the query twice), GetQueryExecution polled with backoff through QUEUED and
 * RUNNING, FAILED and CANCELLED turned into errors carrying Athena's StateChangeReason,
 * GetQueryResults paged, and the data scanned. An observer (settings.observer) is told when a
 * query starts and ends and, while one waits in QUEUED or RUNNING, how long it has waited and what
 * it has scanned so far: first after min(5 s, progressSeconds), then every progressSeconds, so a
 * quick query reports nothing.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AthenaClient, ColumnInfo, QueryExecution } from '@aws-sdk/client-athena';
import { CostlensError, type CostlensErrorOptions, messageOf } from '../errors.ts';
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
  /** Seconds between progress reports while a query is QUEUED or RUNNING (default 10). */
  progressSeconds?: number;
  /** What the progress names the query by (its id when unset). */
  label?: string;
  observer?: AthenaQueryObserver;
}

/** A query still waiting in QUEUED or RUNNING. */
export interface AthenaProgress {
  queryExecutionId: string;
  label?: string;
  state: string;
  elapsedMs: number;
  /** Statistics.DataScannedInBytes of the last GetQueryExecution. */
  dataScannedBytes: number;
}

/** Told about each query's life: start, progress while it waits, end (whatever the outcome). */
export interface AthenaQueryObserver {
  /** Before StartQueryExecution; may throw to refuse the start (e.g. the run was interrupted). */
  starting?(): void;
  /** After StartQueryExecution; `id` is undefined when the start failed. */
  started?(id: string | undefined, label: string | undefined): void;
  /** After every GetQueryExecution that found the query QUEUED or RUNNING. */
  polled?(progress: AthenaProgress): void;
  /** At the report times (see the module comment). */
  progress?(progress: AthenaProgress): void;
  /** The query left QUEUED/RUNNING, or costlens stopped waiting for it. */
  ended?(id: string): void;
}

/** The first progress report comes after this long, or after progressSeconds if that is shorter. */
const FIRST_REPORT_MS = 5_000;

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
  const observer = settings.observer;
  observer?.starting?.();
  let started: { QueryExecutionId?: string } | undefined;
  try {
    started = await client.send(new (awsSdk.athena().StartQueryExecutionCommand)({
      QueryString: sql,
      QueryExecutionContext: { Catalog: settings.catalog, Database: settings.database },
      WorkGroup: settings.workgroup,
      ResultConfiguration: settings.outputLocation ? { OutputLocation: settings.outputLocation } : undefined,
      ExecutionParameters: parameters.length ? parameters : undefined,
      ClientRequestToken: randomUUID(),
    }));
  } finally {
    observer?.started?.(started?.QueryExecutionId, settings.label);
  }
  const id = started?.QueryExecutionId;
  if (!id) throw new CostlensError('aws', 'athena StartQueryExecution returned no query id');
  try {
    return await wait(client, settings, id);
  } finally {
    observer?.ended?.(id);
  }
}

/** Polls query `id` until it leaves QUEUED/RUNNING; stops it past timeoutSeconds. */
async function wait(client: AthenaClient, settings: AthenaRunSettings, id: string): Promise<QueryExecution & { QueryExecutionId: string }> {
  const observer = settings.observer;
  const begun = Date.now();
  const deadline = begun + settings.timeoutSeconds * 1000;
  const everyMs = (settings.progressSeconds ?? 10) * 1000;
  let nextReportMs = Math.min(FIRST_REPORT_MS, everyMs);
  let delay = settings.pollIntervalMs;
  for (;;) {
    const { QueryExecution: execution } = await client.send(new (awsSdk.athena().GetQueryExecutionCommand)({ QueryExecutionId: id }));
    const state = execution?.Status?.State ?? 'UNKNOWN';
    if (state === 'SUCCEEDED') return { ...execution, QueryExecutionId: id };
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason = execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
      const retryable = state === 'FAILED' && execution?.Status?.AthenaError?.Retryable === true;
      throw new AthenaQueryFailed(`athena query ${id} ${state.toLowerCase()}: ${reason}`, {
        hint: state === 'CANCELLED' ? 'someone or something stopped the query; run it again'
          : retryable ? `Athena calls this failure transient; it failed ${RETRYABLE_ATTEMPTS} times in a row: run it again later`
          : 'check the query text, the view and the table it reads (aws.athena in the config)',
      }, retryable);
    }
    if (!RUNNING.has(state)) throw new CostlensError('aws', `athena query ${id} is in an unexpected state ${state}`);
    const elapsedMs = Date.now() - begun;
    const progress: AthenaProgress = { queryExecutionId: id, label: settings.label, state, elapsedMs, dataScannedBytes: Number(execution?.Statistics?.DataScannedInBytes ?? 0) };
    observer?.polled?.(progress);
    if (elapsedMs >= nextReportMs) {
      observer?.progress?.(progress);
      nextReportMs = (Math.floor(elapsedMs / everyMs) + 1) * everyMs;
    }
    if (Date.now() + delay > deadline) {
      await client.send(new (awsSdk.athena().StopQueryExecutionCommand)({ QueryExecutionId: id }));
      throw new CostlensError('aws', `athena query ${id} did not finish within ${settings.timeoutSeconds} s; it was stopped`, { hint: 'raise aws.athena.timeoutSeconds, or narrow the query (dates, partitions)' });
    }
    // Poll again at the next report time if that comes sooner, so that the report is on time.
    await sleep(observer?.progress ? Math.max(1, Math.min(delay, nextReportMs - (Date.now() - begun))) : delay);
    delay = Math.min(settings.maxPollIntervalMs, Math.ceil(delay * 1.5));
  }
}

/** Sends StopQueryExecution for `id` and then reads what it scanned, giving up at `signal`. */
export async function stopAthenaQuery(client: AthenaClient, id: string, signal: AbortSignal): Promise<{ dataScannedBytes?: number }> {
  try {
    await client.send(new (awsSdk.athena().StopQueryExecutionCommand)({ QueryExecutionId: id }), { abortSignal: signal });
  } catch (error) {
    throw new CostlensError('aws', `athena StopQueryExecution (query ${id}) failed: ${messageOf(error)}`, { cause: error });
  }
  try {
    const { QueryExecution: execution } = await client.send(new (awsSdk.athena().GetQueryExecutionCommand)({ QueryExecutionId: id }), { abortSignal: signal });
    const bytes = execution?.Statistics?.DataScannedInBytes;
    return { dataScannedBytes: bytes === undefined ? undefined : Number(bytes) };
  } catch {
    // Stopped; what it scanned is not known (the last poll's figure stands).
    return {};
  }
}

/** A query Athena ended FAILED or CANCELLED; `retryable` when Athena says running it again may succeed (AthenaError.Retryable). */
export class AthenaQueryFailed extends CostlensError {
  constructor(message: string, options: CostlensErrorOptions, readonly retryable: boolean) {
    super('aws', message, options);
  }
}

/** How many times a query whose failures Athena calls retryable is started before its failure stands. */
export const RETRYABLE_ATTEMPTS = 3;

/**
 * {@link execute}, started again (a new execution, after a backoff of the poll interval × 2, × 4)
 * when Athena ends it FAILED with AthenaError.Retryable (a transient internal error), at most
 * {@link RETRYABLE_ATTEMPTS} times in all.
 */
async function executeRetryingTransientFailures(client: AthenaClient, settings: AthenaRunSettings, sql: string, parameters: string[]): ReturnType<typeof execute> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await execute(client, settings, sql, parameters);
    } catch (error) {
      if (!(error instanceof AthenaQueryFailed) || !error.retryable || attempt >= RETRYABLE_ATTEMPTS) throw error;
      await sleep(settings.pollIntervalMs * 2 ** attempt);
    }
  }
}

/** Runs `sql` with `parameters` (Athena literals, in placeholder order) and reads every result page. */
export async function runAthenaQuery(client: AthenaClient, settings: AthenaRunSettings, sql: string, parameters: string[] = []): Promise<AthenaResult> {
  const execution = await executeRetryingTransientFailures(client, settings, sql, parameters);
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
