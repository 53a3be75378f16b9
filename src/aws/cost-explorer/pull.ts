/**
 * `costlens pull ce`: daily costs from Cost Explorer, written as FOCUS CSV and loaded through the
 * ordinary ingest (each month replaces that month of earlier pulls). Requests cost $0.01 each:
 * closed months already stored are never fetched again, and a dry run only counts: it makes no
 * request at all, not even for the account (payer.ts).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkDir } from '../../lib/work-dirs.ts';
import { CostlensError } from '../../errors.ts';
import { ingestPaths, type IngestSummary } from '../../ingest/loader.ts';
import type { AwsCallListener } from '../../aws-client/call-log.ts';
import { fetchCostAndUsage, groupDefinitions, type CeQuery } from './fetch.ts';
import { CE_FOCUS_HEADER, costExplorerRows } from './focus-rows.ts';
import { planCostExplorerPull, type CePlan } from './plan.ts';
import { resolveCePayer } from './payer.ts';
import { assumedPayer, type CeRequestCount } from './requests.ts';
import { costExplorerFileName } from './stored-months.ts';
import { AwsClientFactory } from '../../aws-client/clients.ts';
import type { AwsConfig } from '../../aws-client/config.ts';
import { writeCsv } from '../csv.ts';
import { utcToday } from '../../lib/calendar.ts';

export interface CostExplorerPullOptions {
  storePath: string;
  /** First day (inclusive) and day after the last (exclusive): real days YYYY-MM-DD, from before to (as parseSelection checks them); widened to whole months. */
  from: string;
  to: string;
  /** Today's UTC date (default: the clock's). */
  today?: string;
  /** Groupings and metrics; default the config's. */
  groupBy?: string[];
  metrics?: string[];
  config: AwsConfig;
  env: NodeJS.ProcessEnv;
  dryRun?: boolean;
  onCall?: AwsCallListener;
  /** Bounded wait for another writer of the store. */
  waitMs?: number;
  onWait?: (message: string) => void;
}

export interface CostExplorerPullResult {
  /** The payer; null only in a dry run that could not tell without asking AWS. */
  billingAccountId: string | null;
  /** Said beside the payer when a dry run did not read it from the config (it asks AWS nothing); null otherwise. */
  payerNote: string | null;
  plan: CePlan;
  query: CeQuery;
  /** GetCostAndUsage requests made (0 for a dry run). */
  requests: number;
  /** For a dry run: requests it would make at least (one per range; more if results span pages). */
  plannedRequests: number;
  /** For a dry run whose payer is the one of the store's earlier pulls: the months it skips as theirs and what another payer's credentials would make; else null. */
  assumedPayer: CeRequestCount['assumedPayer'];
  /** Rows written per fetched month. */
  rows: Record<string, number>;
  ingest?: IngestSummary;
}

/** Checks the query before anything is asked of AWS (the days are the caller's to check: src/analyze/selection.ts). */
function validate(options: CostExplorerPullOptions): CeQuery {
  const groupBy = options.groupBy ?? options.config.costExplorer.groupBy;
  groupDefinitions(groupBy);
  const requested = options.metrics ?? options.config.costExplorer.metrics;
  for (const m of requested) {
    if (m !== 'UnblendedCost' && m !== 'AmortizedCost') throw new CostlensError('usage', `--metric ${m}: use UnblendedCost and/or AmortizedCost`);
  }
  return { groupBy, metrics: ['UnblendedCost', ...requested.filter((m) => m !== 'UnblendedCost')] };
}

/** Runs a Cost Explorer pull (or its dry run) into the store. */
export async function pullCostExplorer(options: CostExplorerPullOptions): Promise<CostExplorerPullResult> {
  const query = validate(options);
  const clients = new AwsClientFactory({ config: options.config, env: options.env, onCall: options.onCall });
  const payer = await resolveCePayer(options.storePath, options.config.costExplorer.billingAccountId, Boolean(options.dryRun), clients);
  const today = options.today ?? utcToday();
  const planFor = (stored: ReadonlyMap<string, Date>) => planCostExplorerPull(options.from, options.to, today, options.config.costExplorer.restatementDays, stored);
  const plan = planFor(payer.stored);
  const inferred = Boolean(options.dryRun) && options.config.costExplorer.billingAccountId === undefined;
  const result: CostExplorerPullResult = {
    billingAccountId: payer.billingAccountId, payerNote: payer.note, plan, query, requests: 0, plannedRequests: plan.ranges.length,
    assumedPayer: assumedPayer(payer.billingAccountId, inferred, plan, planFor(new Map())), rows: {},
  };
  const billingAccountId = payer.billingAccountId;
  if (options.dryRun || plan.ranges.length === 0 || billingAccountId === null) return result;

  const ce = clients.costExplorer();
  const folder = makeWorkDir('ce');
  try {
    const files: string[] = [];
    for (const range of plan.ranges) {
      const fetched = await fetchCostAndUsage(ce, range, query);
      result.requests += fetched.requests;
      const byMonth = costExplorerRows(fetched.results, query, billingAccountId);
      for (const month of range.months) {
        const rows = byMonth.get(month) ?? [];
        result.rows[month] = rows.length;
        if (rows.length === 0) continue;
        const file = join(folder, costExplorerFileName(billingAccountId, month));
        writeCsv(file, CE_FOCUS_HEADER, rows);
        files.push(file);
      }
    }
    if (files.length > 0) result.ingest = await ingestPaths(options.storePath, files, { format: 'auto', waitMs: options.waitMs, onWait: options.onWait });
    return result;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
