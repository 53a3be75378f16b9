/**
 * CloudWatch reads: ListMetrics (to find agent and target-group dimensions) and GetMetricData in
 * batches of at most 500 queries a call, following NextToken, daily periods.
 */
import type { CloudWatchClient, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
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
  let token: string | undefined;
  do {
    const page = await client.send(new (awsSdk.cloudWatch().ListMetricsCommand)({ Namespace: namespace, MetricName: metricName, NextToken: token }));
    for (const m of page.Metrics ?? []) out.push((m.Dimensions ?? []).map((d) => ({ Name: d.Name ?? '', Value: d.Value ?? '' })));
    token = page.NextToken || undefined;
  } while (token);
  return out;
}

/** Runs the queries over [start, end) with the given period; returns each id's series and the calls made. */
export async function getMetricData(client: CloudWatchClient, queries: StatQuery[], start: Date, end: Date, periodSeconds: number): Promise<{ series: Map<string, Series>; requests: number }> {
  const series = new Map<string, Series>(queries.map((q) => [q.id, { timestamps: [], values: [] }]));
  let requests = 0;
  for (let at = 0; at < queries.length; at += MAX_QUERIES_PER_CALL) {
    const batch: MetricDataQuery[] = queries.slice(at, at + MAX_QUERIES_PER_CALL).map((q) => ({
      Id: q.id,
      MetricStat: { Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: q.dimensions }, Period: periodSeconds, Stat: q.stat },
      ReturnData: true,
    }));
    let token: string | undefined;
    do {
      const page = await client.send(new (awsSdk.cloudWatch().GetMetricDataCommand)({ MetricDataQueries: batch, StartTime: start, EndTime: end, ScanBy: 'TimestampAscending', NextToken: token }));
      requests += 1;
      for (const result of page.MetricDataResults ?? []) {
        const target = series.get(result.Id ?? '');
        if (!target) continue;
        target.timestamps.push(...(result.Timestamps ?? []));
        target.values.push(...(result.Values ?? []));
      }
      token = page.NextToken || undefined;
    } while (token);
  }
  return { series, requests };
}
