/**
 * `costlens pull metrics`: daily CloudWatch statistics for the resources the bill and the
 * inventory name, per owning account and region, written as the metrics CSV and ingested.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkDir } from '../lib/work-dirs.ts';
import { METRICS_FORMAT } from '../ingest/formats/telemetry.ts';
import { ingestPaths, type IngestSummary } from '../ingest/loader.ts';
import { AccountAccess } from './accounts.ts';
import type { AwsCallListener } from '../aws-client/call-log.ts';
import { AwsClientFactory } from '../aws-client/clients.ts';
import { getMetricData, listMetricDimensions, type Dimensions, type StatQuery } from './cloudwatch-fetch.ts';
import { mapWithConcurrency } from '../lib/concurrency.ts';
import type { AwsConfig } from '../aws-client/config.ts';
import { writeCsv } from './csv.ts';
import { discoveredMetrics, metricSpecs, type MetricTarget } from './metric-specs.ts';
import { metricTargets } from './metric-targets.ts';
import { addDays, utcToday } from '../lib/calendar.ts';
import { groupBy } from '../lib/group-by.ts';
import { ascending } from '../lib/order.ts';
import { plural } from '../lib/text.ts';

export interface MetricsPullOptions {
  storePath: string;
  config: AwsConfig;
  env: NodeJS.ProcessEnv;
  /** Whole UTC days before `today`. */
  days: number;
  today?: string;
  onCall?: AwsCallListener;
  onProgress?: (message: string) => void;
  waitMs?: number;
  onWait?: (message: string) => void;
}

export interface MetricsPullResult {
  resources: number;
  queries: number;
  requests: number;
  rows: number;
  /** Resources not read, with the reason. */
  skipped: string[];
  ingest?: IngestSummary;
}

const DAY_SECONDS = 86_400;

/** One query's meaning: which resource, metric and statistic its values are. */
interface QueryMeaning {
  resourceId: string;
  namespace: string;
  metricName: string;
  stat: string;
  unit: string;
}

/** Builds the queries of one account-region, discovering agent and target-group dimensions. */
async function queriesFor(targets: MetricTarget[], percentile: string, list: (namespace: string, metric: string) => Promise<Dimensions[]>): Promise<{ queries: StatQuery[]; meanings: Map<string, QueryMeaning> }> {
  const queries: StatQuery[] = [];
  const meanings = new Map<string, QueryMeaning>();
  const add = (resourceId: string, namespace: string, metricName: string, dimensions: Dimensions, stat: string, unit: string) => {
    const id = `q${queries.length}`;
    queries.push({ id, namespace, metricName, dimensions, stat });
    meanings.set(id, { resourceId, namespace, metricName, stat, unit });
  };
  const listed = new Map<string, Promise<Dimensions[]>>();
  for (const target of targets) {
    for (const spec of metricSpecs(target, percentile)) {
      for (const stat of spec.stats) add(target.resourceId, spec.namespace, spec.metricName, spec.dimensions, stat, spec.unit);
    }
    for (const { metric, value } of discoveredMetrics(target, percentile)) {
      const key = `${metric.namespace}/${metric.metricName}`;
      if (!listed.has(key)) listed.set(key, list(metric.namespace, metric.metricName));
      const sets = (await listed.get(key)!).filter((dims) => dims.some((d) => d.Name === metric.key && d.Value === value));
      const chosen = metric.combine === 'single'
        ? sets.sort((a, b) => a.length - b.length).slice(0, 1)
        : sets.filter((dims) => dims.length === 2 && dims.some((d) => d.Name === 'TargetGroup'));
      for (const dims of chosen) for (const stat of metric.stats) add(target.resourceId, metric.namespace, metric.metricName, dims, stat, metric.unit);
    }
  }
  return { queries, meanings };
}

/** Pulls the metrics and ingests them; returns what was read. */
export async function pullMetrics(options: MetricsPullOptions): Promise<MetricsPullResult> {
  const today = options.today ?? utcToday();
  const start = addDays(today, -options.days);
  const { targets, unplaced } = await metricTargets(options.storePath, start, today);
  const result: MetricsPullResult = { resources: 0, queries: 0, requests: 0, rows: 0, skipped: unplaced.map((id) => `${id} (no account or region in the bill or inventory)`) };
  if (targets.length === 0) return result;
  const clients = new AwsClientFactory({ config: options.config, env: options.env, onCall: options.onCall });
  const access = new AccountAccess(clients, options.config);
  const groups = groupBy(targets, (t) => `${t.account}/${t.region}`);

  // Sums of several listed metrics (target groups of one load balancer) accumulate per row key.
  const rows = new Map<string, { meaning: QueryMeaning; day: string; value: number }>();
  await mapWithConcurrency([...groups.values()], options.config.concurrency, async (group) => {
    const { account, region } = group[0];
    const how = await access.access(account);
    if (!how) {
      result.skipped.push(`${plural(group.length, 'resource')} of account ${account} in ${region} (no role in aws.accounts for it)`);
      return;
    }
    const client = clients.cloudWatch({ region, credentials: how.credentials });
    const { queries, meanings } = await queriesFor(group, options.config.metrics.percentile, (ns, m) => listMetricDimensions(client, ns, m));
    const fetched = await getMetricData(client, queries, new Date(`${start}T00:00:00Z`), new Date(`${today}T00:00:00Z`), DAY_SECONDS);
    result.resources += group.length;
    result.queries += queries.length;
    result.requests += fetched.requests;
    options.onProgress?.(`CloudWatch ${account} ${region}: ${group.length} resources, ${queries.length} queries`);
    for (const [id, series] of fetched.series) {
      const meaning = meanings.get(id)!;
      series.timestamps.forEach((timestamp, i) => {
        const day = timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
        const key = JSON.stringify([meaning.resourceId, meaning.namespace, meaning.metricName, meaning.stat, day]);
        const existing = rows.get(key);
        if (existing) existing.value += series.values[i];
        else rows.set(key, { meaning, day, value: series.values[i] });
      });
    }
  });
  result.rows = rows.size;
  if (rows.size === 0) return result;
  const folder = makeWorkDir('metrics');
  try {
    const file = join(folder, `costlens-cloudwatch-${today}.csv`);
    const order = (r: { meaning: QueryMeaning; day: string }) => [r.meaning.resourceId, r.meaning.namespace, r.meaning.metricName, r.meaning.stat, r.day];
    const sorted = [...rows.values()].sort((a, b) => {
      const [x, y] = [order(a), order(b)];
      const at = x.findIndex((v, i) => v !== y[i]);
      return at < 0 ? 0 : ascending(x[at], y[at]);
    });
    writeCsv(file, METRICS_FORMAT.header, sorted.map(({ meaning, day, value }) => [meaning.resourceId, meaning.namespace, meaning.metricName, meaning.stat, DAY_SECONDS, day, value, meaning.unit]));
    result.ingest = await ingestPaths(options.storePath, [file], { waitMs: options.waitMs, onWait: options.onWait });
    return result;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
