/**
 * The Athena engine: the same named queries as the embedded engine (in their Athena form: an
 * `.athena.sql` twin, or `.athena.cte.sql` fragments), run by Amazon Athena (Trino) over a FOCUS-aligned view of the organisation's CUR table,
 * parameters bound through ExecutionParameters. It reports the data each query scanned and what
 * that cost. It knows which of its queries are still QUEUED or RUNNING, reports their progress
 * (onProgress) and, when the run is interrupted, stops them (interrupt()).
 */
import type { AwsCallListener } from '../aws-client/call-log.ts';
import { AwsClientFactory } from '../aws-client/clients.ts';
import type { AthenaConfig, AwsConfig } from '../aws-client/config.ts';
import { CostlensError, messageOf } from '../errors.ts';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import { runAthenaQuery, stopAthenaQuery, type AthenaProgress, type AthenaRunSettings } from './athena-client.ts';
import { executionParameters, toAthenaStatement } from './athena-sql.ts';
import { rowsFromText } from './conversion/index.ts';
import { createFocusView } from './athena-view.ts';
import { bindParams, type RawParams } from './duckdb.ts';
import type { Engine, QueryRows } from './engine.ts';
import { QUERIES_DIR, type NamedQuery } from './queries.ts';
import { queryRegistry } from './query-registry.ts';

/** Athena's minimum billed scan per query: 10 MB. */
const MIN_BILLED_BYTES = 10 * 1024 ** 2;
const TB = 1024 ** 4;

/** What one query scanned and cost. */
export interface AthenaQueryCost {
  query: string;
  queryExecutionId: string;
  dataScannedBytes: number;
  /** USD at aws.athena.pricePerTB, with Athena's 10 MB minimum per query. */
  costUsd: number;
}

export interface AthenaEngineOptions {
  aws: AwsConfig;
  env: NodeJS.ProcessEnv;
  queriesDir?: string;
  onCall?: AwsCallListener;
  /** Told about every query's scan and cost. */
  onQuery?: (cost: AthenaQueryCost) => void;
  /** Told, every aws.athena.progressSeconds, about each query still QUEUED or RUNNING. */
  onProgress?: (progress: AthenaProgress) => void;
}

/** A query this engine started that has not finished. */
export interface AthenaRunningQuery {
  queryExecutionId: string;
  label?: string;
  state: string;
  /** As of the last GetQueryExecution. */
  dataScannedBytes: number;
}

/** What interrupt() did with one running query. */
export interface AthenaStoppedQuery extends AthenaQueryCost {
  label?: string;
  /** Why StopQueryExecution did not go through (the query may still run). */
  error?: string;
}

/** How long interrupt() waits for starts in flight and for StopQueryExecution, by default. */
const INTERRUPT_MS = 5_000;

/** The query Athena runs for `name`: its `.athena.sql` twin when there is one, else the query itself, with its fragments' Athena forms (`.athena.cte.sql`). */
export function athenaForm(name: string, queriesDir: string = QUERIES_DIR): NamedQuery {
  return queryRegistry(queriesDir).athenaForm(name);
}

/** The cost in USD of scanning `bytes` at `pricePerTB`, with the 10 MB minimum. */
export function athenaScanCost(bytes: number, pricePerTB: number): number {
  return (Math.max(bytes, MIN_BILLED_BYTES) / TB) * pricePerTB;
}

/** Runs named queries on Athena; `costs` records what each scanned. */
export class AthenaEngine implements Engine {
  readonly name = 'athena' as const;
  readonly costs: AthenaQueryCost[] = [];
  private readonly client;
  private readonly settings: AthenaRunSettings;
  private viewReady?: Promise<unknown>;
  private readonly inFlight = new Map<string, AthenaRunningQuery>();
  private starting = 0;
  private interrupted = false;

  constructor(private readonly config: AthenaConfig, private readonly options: AthenaEngineOptions) {
    const clients = new AwsClientFactory({ config: options.aws, env: options.env, onCall: options.onCall });
    this.client = clients.athena({ region: config.region });
    this.settings = {
      ...config,
      observer: {
        starting: () => {
          if (this.interrupted) throw new CostlensError('aws', 'the Athena run was interrupted; no further query is started');
          this.starting += 1;
        },
        started: (id, label) => {
          this.starting -= 1;
          if (id) this.inFlight.set(id, { queryExecutionId: id, label, state: 'QUEUED', dataScannedBytes: 0 });
        },
        polled: (p) => {
          const query = this.inFlight.get(p.queryExecutionId);
          if (query) Object.assign(query, { state: p.state, dataScannedBytes: p.dataScannedBytes });
        },
        progress: options.onProgress,
        ended: (id) => void this.inFlight.delete(id),
      },
    };
  }

  /** The engine for the config's `aws.athena`; a config error when that section is missing. */
  static fromConfig(options: AthenaEngineOptions): AthenaEngine {
    if (!options.aws.athena) {
      throw new CostlensError('config', 'aws.athena is not configured', { hint: 'set aws.athena.database and aws.athena.curTable (see "Live AWS sources and Athena" in README.md), or use --engine duckdb' });
    }
    return new AthenaEngine(options.aws.athena, options);
  }

  /** Creates or replaces the FOCUS view over the CUR table (see athena-view.ts). */
  async createView(): Promise<void> {
    await createFocusView(this.client, { ...this.settings, label: `view ${this.config.viewName}` }, this.config);
  }

  /** The queries this engine started that are still QUEUED or RUNNING. */
  running(): AthenaRunningQuery[] {
    return [...this.inFlight.values()].map((q) => ({ ...q }));
  }

  /**
   * Refuses any further query, waits for starts in flight, and sends StopQueryExecution for every
   * query still QUEUED or RUNNING, all within `timeoutMs` (best effort: a stop that fails or takes
   * longer is reported with its error). Returns each query with what it scanned as far as known.
   */
  async interrupt(timeoutMs: number = INTERRUPT_MS): Promise<AthenaStoppedQuery[]> {
    this.interrupted = true;
    const signal = AbortSignal.timeout(timeoutMs);
    while (this.starting > 0 && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, 20));
    return Promise.all(this.running().map(async (query): Promise<AthenaStoppedQuery> => {
      const stopped = { query: query.label ?? query.queryExecutionId, label: query.label, queryExecutionId: query.queryExecutionId, dataScannedBytes: query.dataScannedBytes };
      try {
        const { dataScannedBytes } = await stopAthenaQuery(this.client, query.queryExecutionId, signal);
        const bytes = Math.max(dataScannedBytes ?? 0, query.dataScannedBytes);
        return { ...stopped, dataScannedBytes: bytes, costUsd: athenaScanCost(bytes, this.config.pricePerTB) };
      } catch (error) {
        return { ...stopped, costUsd: athenaScanCost(query.dataScannedBytes, this.config.pricePerTB), error: signal.aborted ? `no answer within ${timeoutMs / 1000} s` : messageOf(error) };
      }
    }));
  }

  async run(queryName: string, params: RawParams = {}): Promise<QueryRows> {
    const query = athenaForm(queryName, this.options.queriesDir);
    const bound = bindParams(query, params);
    if (this.config.createView) {
      this.viewReady ??= this.createView();
      await this.viewReady;
    }
    const statement = toAthenaStatement(query.sql, { line_items: quoteIdentifier(this.config.viewName) });
    const result = await runAthenaQuery(this.client, { ...this.settings, label: query.name }, statement.sql, executionParameters(query, statement, bound));
    const cost: AthenaQueryCost = { query: query.name, queryExecutionId: result.queryExecutionId, dataScannedBytes: result.dataScannedBytes, costUsd: athenaScanCost(result.dataScannedBytes, this.config.pricePerTB) };
    this.costs.push(cost);
    this.options.onQuery?.(cost);
    const columns = result.columns.map((c) => c.name);
    return { columns, rows: rowsFromText(query, columns, result.rows) };
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
