/**
 * The Athena engine: the same named queries as the embedded engine (or their `.athena.sql`
 * twins), run by Amazon Athena (Trino) over a FOCUS-aligned view of the organisation's CUR table,
 * parameters bound through ExecutionParameters. It reports the data each query scanned and what
 * that cost.
 */
import type { AwsCallListener } from '../aws-client/call-log.ts';
import { AwsClientFactory } from '../aws-client/clients.ts';
import type { AthenaConfig, AwsConfig } from '../aws-client/config.ts';
import { CostlensError } from '../errors.ts';
import { quoteIdentifier } from '../lib/sql-quote.ts';
import { runAthenaQuery, type AthenaRunSettings } from './athena-client.ts';
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
}

/** The query file Athena runs for `name`: its `.athena.sql` twin when there is one. */
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

  constructor(private readonly config: AthenaConfig, private readonly options: AthenaEngineOptions) {
    const clients = new AwsClientFactory({ config: options.aws, env: options.env, onCall: options.onCall });
    this.client = clients.athena({ region: config.region });
    this.settings = { ...config };
  }

  /** The engine for the config's `aws.athena`; a config error when that section is missing. */
  static fromConfig(options: AthenaEngineOptions): AthenaEngine {
    if (!options.aws.athena) {
      throw new CostlensError('config', 'aws.athena is not configured', { hint: 'set aws.athena.database and aws.athena.curTable (see "AWS" in README.md), or use --engine duckdb' });
    }
    return new AthenaEngine(options.aws.athena, options);
  }

  /** Creates or replaces the FOCUS view over the CUR table (see athena-view.ts). */
  async createView(): Promise<void> {
    await createFocusView(this.client, this.settings, this.config);
  }

  async run(queryName: string, params: RawParams = {}): Promise<QueryRows> {
    const query = athenaForm(queryName, this.options.queriesDir);
    const bound = bindParams(query, params);
    if (this.config.createView) {
      this.viewReady ??= this.createView();
      await this.viewReady;
    }
    const statement = toAthenaStatement(query.sql, { line_items: quoteIdentifier(this.config.viewName) });
    const result = await runAthenaQuery(this.client, this.settings, statement.sql, executionParameters(query, statement, bound));
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
