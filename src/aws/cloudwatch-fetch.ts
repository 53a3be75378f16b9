/**
 * CloudWatch reads: ListMetrics (to find agent and target-group dimensions) and GetMetricData in
 * batches of at most 500 queries a call, following NextToken, daily periods.
 *
 * GetMetricData answers 200 even when a query failed; each result's StatusCode says how it went:
 * - `Complete`: its data points are all there.
 * - `PartialData`: more follow; NextToken is followed for them. A query still PartialData when the
 *   pages end (no NextToken to read the rest) fails the read.
 * - `InternalError`: retried as the client retries a 5xx answer (its retry strategy: `aws.retry`'s
 *   attempts, backoff and jitter), by following NextToken when the answer has a new one, else by
 *   asking for the same page again (that answer is dropped); when the attempts are used up the read
 *   fails. The attempts count from the first answer with an InternalError to the next answer
 *   without one, so each page of a batch has the whole budget, as each request of the SDK has.
 * - `Forbidden`: the caller may not read that metric; the read fails at once.
 * Each failure is a CostlensError('aws') naming the metric, its statistic and dimensions, and
 * CloudWatch's messages; a query never ends up stored with part of its data.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudWatchClient, GetMetricDataOutput, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { CostlensError } from '../errors.ts';
import { paginate } from '../aws-client/paginate.ts';
import { awsSdk } from '../aws-client/sdk.ts';

/** GetMetricData's limit on queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

export type Dimensions = { Name: string; Value: string }[];

/** One statistic of one metric, under a query id. */
export interface StatQuery {
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  stat: string;
}

/** A query's daily series. */
export interface Series {
  timestamps: Date[];
  values: number[];
}

/** Lists the dimension sets of a metric (all pages). */
export async function listMetricDimensions(client: CloudWatchClient, namespace: string, metricName: string): Promise<Dimensions[]> {
  const out: Dimensions[] = [];
  const pages = paginate(`cloudwatch ListMetrics (${namespace} ${metricName})`, (token) => client.send(new (awsSdk.cloudWatch().ListMetricsCommand)({ Namespace: namespace, MetricName: metricName, NextToken: token })), (page) => page.NextToken);
  for await (const page of pages) {
    for (const m of page.Metrics ?? []) out.push((m.Dimensions ?? []).map((d) => ({ Name: d.Name ?? '', Value: d.Value ?? '' })));
  }
  return out;
}

/** `AWS/EC2 CPUUtilization Average (InstanceId=i-0a1b…)`: a query as errors name it. */
function describeQuery(query: StatQuery): string {
  const dimensions = query.dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ');
  return `${query.namespace} ${query.metricName} ${query.stat}${dimensions ? ` (${dimensions})` : ''}`;
}

/** The messages CloudWatch gave with a result (and with its whole answer), `Code: text; …`. */
function messagesOf(result: MetricDataResult, page: GetMetricDataOutput): string {
  const messages = [...(result.Messages ?? []), ...(page.Messages ?? [])].map((m) => [m.Code, m.Value].filter(Boolean).join(': ')).filter(Boolean);
  return messages.length ? messages.join('; ') : 'CloudWatch gave no message';
}

/**
 * Retries of InternalError answers, drawn from the client's own retry strategy as for a 5xx
 * answer: each call waits the strategy's backoff and resolves true, or resolves false when the
 * strategy allows no more attempts.
 */
async function serverErrorRetries(client: CloudWatchClient): Promise<() => Promise<boolean>> {
  const strategy = await client.config.retryStrategy();
  // A legacy (v1) strategy offers no per-attempt tokens: no retries then.
  if (!('refreshRetryTokenForRetry' in strategy)) return async () => false;
  let token = await strategy.acquireInitialRetryToken('cloudwatch:GetMetricData');
  return async () => {
    try {
      token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'SERVER_ERROR' });
    } catch {
      return false;
    }
    await sleep(token.getRetryDelay());
    return true;
  };
}

/** Reads one batch (≤ 500 queries) through every page into `series`; returns the calls made. */
async function readBatch(client: CloudWatchClient, batch: StatQuery[], series: Map<string, Series>, start: Date, end: Date, periodSeconds: number): Promise<number> {
  const queries = new Map(batch.map((q) => [q.id, q]));
  const input: MetricDataQuery[] = batch.map((q) => ({
    Id: q.id,
    MetricStat: { Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: q.dimensions }, Period: periodSeconds, Stat: q.stat },
    ReturnData: true,
  }));
  const named = (result: MetricDataResult) => {
    const query = queries.get(result.Id ?? '');
    return query ? describeQuery(query) : `query ${result.Id ?? '(no id)'}`;
  };
  let requests = 0;
  // One page's retries: a page with no InternalError left ends them, so the next page has the
  // client's whole budget again, as the SDK gives each request its own.
  let retry: (() => Promise<boolean>) | undefined;
  let attempts = 1;
  const readPage = async (token: string | undefined): Promise<GetMetricDataOutput> => {
    for (;;) {
      const page = await client.send(new (awsSdk.cloudWatch().GetMetricDataCommand)({ MetricDataQueries: input, StartTime: start, EndTime: end, ScanBy: 'TimestampAscending', NextToken: token }));
      requests += 1;
      const results = page.MetricDataResults ?? [];
      const forbidden = results.find((r) => r.StatusCode === 'Forbidden');
      if (forbidden) {
        throw new CostlensError('aws', `cloudwatch GetMetricData: Forbidden for ${named(forbidden)}: ${messagesOf(forbidden, page)}`, {
          hint: 'the credentials may not read this metric (for a member account, its role); `costlens iam-policy --feature metrics` prints the policy costlens needs',
        });
      }
      const failed = results.find((r) => r.StatusCode === 'InternalError');
      if (!failed) {
        retry = undefined;
        attempts = 1;
        return page;
      }
      retry ??= await serverErrorRetries(client);
      if (!(await retry())) {
        throw new CostlensError('aws', `cloudwatch GetMetricData: InternalError for ${named(failed)} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${messagesOf(failed, page)}`, {
          hint: 'CloudWatch failed to read this metric on every attempt; retry later (aws.retry.maxAttempts sets the attempts)',
        });
      }
      attempts += 1;
      // "Retry using NextToken, if present": a new token is followed and this answer's data points
      // stand; without one (or with the token just sent) the same page is asked for again.
      if (page.NextToken && page.NextToken !== token) return page;
    }
  };
  /** Each query's last result and the answer it came in. */
  const last = new Map<string, { result: MetricDataResult; page: GetMetricDataOutput }>();
  for await (const page of paginate('cloudwatch GetMetricData', readPage, (p) => p.NextToken)) {
    for (const result of page.MetricDataResults ?? []) {
      const target = series.get(result.Id ?? '');
      if (!target) continue;
      target.timestamps.push(...(result.Timestamps ?? []));
      target.values.push(...(result.Values ?? []));
      last.set(result.Id!, { result, page });
    }
  }
  for (const { result, page } of last.values()) {
    if (result.StatusCode === undefined || result.StatusCode === 'Complete') continue;
    throw new CostlensError('aws', `cloudwatch GetMetricData: ${result.StatusCode} for ${named(result)}, and no NextToken to read the rest: ${messagesOf(result, page)}`, {
      hint: 'CloudWatch returned only part of this metric\'s data points; retry later',
    });
  }
  return requests;
}

/**
 * Runs the queries over [start, end) with the given period; returns each id's series and the calls
 * made (retries included). Throws CostlensError('aws') naming the metric when a result stays
 * InternalError, is Forbidden or ends incomplete (see the module comment).
 */
export async function getMetricData(client: CloudWatchClient, queries: StatQuery[], start: Date, end: Date, periodSeconds: number): Promise<{ series: Map<string, Series>; requests: number }> {
  const series = new Map<string, Series>(queries.map((q) => [q.id, { timestamps: [], values: [] }]));
  let requests = 0;
  for (let at = 0; at < queries.length; at += MAX_QUERIES_PER_CALL) {
    requests += await readBatch(client, queries.slice(at, at + MAX_QUERIES_PER_CALL), series, start, end, periodSeconds);
  }
  return { series, requests };
}
