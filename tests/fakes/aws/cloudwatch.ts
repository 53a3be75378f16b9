/**
 * Fake Amazon CloudWatch (awsJson1_0 with awsQueryCompatible errors, target
 * GraniteServiceVersion20100801): GetMetricData over seeded daily series (≤ 500 queries a call,
 * NextToken pages of `queriesPerPage` results, epoch-second timestamps) and ListMetrics.
 */
import type { FakeRequest, FakeService } from './server.ts';
import { FakeAwsError, page } from './wire.ts';

/** One seeded metric in one account and region, with daily values per statistic. */
export interface FakeMetricSeries {
  account: string;
  region: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** statistic → day (YYYY-MM-DD) → value */
  values: Record<string, Record<string, number>>;
}

interface MetricDataQuery {
  Id: string;
  MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] }; Period?: number; Stat?: string };
}

const sameDimensions = (a: Record<string, string>, b: { Name: string; Value: string }[] = []) =>
  b.length === Object.keys(a).length && b.every((d) => a[d.Name] === d.Value);

/** The CloudWatch fake; see the module comment. */
export class FakeCloudWatch implements FakeService {
  readonly signingName = 'monitoring';
  readonly protocol = 'json1.0' as const;
  readonly queryCompatible = true;
  readonly throttle = { code: 'Throttling', status: 400 };
  series: FakeMetricSeries[] = [];
  /** Query results per GetMetricData page. */
  queriesPerPage = 500;
  /** Metrics per ListMetrics page. */
  metricsPerPage = 500;

  handle(request: FakeRequest): unknown {
    if (request.operation === 'ListMetrics') return this.listMetrics(request);
    if (request.operation === 'GetMetricData') return this.getMetricData(request);
    throw new FakeAwsError('InvalidAction', `the fake does not implement ${request.operation}`);
  }

  private inScope(request: FakeRequest): FakeMetricSeries[] {
    return this.series.filter((s) => s.account === request.account && s.region === request.region);
  }

  private listMetrics(request: FakeRequest): unknown {
    const p = request.params as { Namespace?: string; MetricName?: string; NextToken?: string };
    const matching = this.inScope(request).filter((s) => (!p.Namespace || s.namespace === p.Namespace) && (!p.MetricName || s.metricName === p.MetricName));
    const { items, next } = page(matching, p.NextToken, this.metricsPerPage);
    return {
      Metrics: items.map((s) => ({ Namespace: s.namespace, MetricName: s.metricName, Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })) })),
      NextToken: next,
    };
  }

  private getMetricData(request: FakeRequest): unknown {
    const p = request.params as { MetricDataQueries?: MetricDataQuery[]; StartTime?: number; EndTime?: number; NextToken?: string; ScanBy?: string };
    const queries = p.MetricDataQueries ?? [];
    if (queries.length === 0 || queries.length > 500) {
      throw new FakeAwsError('ValidationError', `The collection MetricDataQueries must not have a size greater than 500 or be empty (got ${queries.length}).`);
    }
    if (typeof p.StartTime !== 'number' || typeof p.EndTime !== 'number') throw new FakeAwsError('ValidationError', 'StartTime and EndTime are required (epoch seconds)');
    const start = new Date(p.StartTime * 1000).toISOString().slice(0, 10);
    const end = new Date(p.EndTime * 1000).toISOString().slice(0, 10);
    const { items, next } = page(queries, p.NextToken, this.queriesPerPage);
    const results = items.map((q) => {
      const metric = q.MetricStat?.Metric;
      if (q.MetricStat?.Period !== 86400) throw new FakeAwsError('ValidationError', `the fake serves daily periods only (query ${q.Id})`);
      const series = this.inScope(request).find((s) => s.namespace === metric?.Namespace && s.metricName === metric?.MetricName && sameDimensions(s.dimensions, metric?.Dimensions));
      const days = Object.entries(series?.values[q.MetricStat?.Stat ?? ''] ?? {}).filter(([day]) => day >= start && day < end).sort(([a], [b]) => a.localeCompare(b));
      if (p.ScanBy !== 'TimestampAscending') days.reverse();
      return { Id: q.Id, Label: metric?.MetricName, StatusCode: 'Complete', Timestamps: days.map(([day]) => Date.parse(`${day}T00:00:00Z`) / 1000), Values: days.map(([, v]) => v) };
    });
    return { MetricDataResults: results, Messages: [], NextToken: next };
  }
}
