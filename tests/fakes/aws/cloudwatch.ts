/**
 * Fake Amazon CloudWatch (awsJson1_0 with awsQueryCompatible errors, target
 * GraniteServiceVersion20100801): GetMetricData over seeded daily series (≤ 500 queries a call,
 * NextToken pages of `queriesPerPage` results, epoch-second timestamps) and ListMetrics. Every
 * result is `Complete` unless `statuses` scripts another StatusCode for a metric (see
 * FakeMetricStatus), as CloudWatch answers 200 with a per-result status.
 */
import type { FakeRequest, FakeService } from './server.ts';
import { FakeAwsError, page } from './wire.ts';
import { codePointOrder } from '../../../src/lib/order.ts';

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

/**
 * A StatusCode the fake answers for the queries of one metric (and statistic) instead of Complete.
 * Without `nextToken`, Forbidden and InternalError results carry no data points and PartialData the
 * first half of them. With it, the result carries the first half and the answer a NextToken whose
 * request returns the rest of those queries, Complete (and then the page after, as usual).
 */
export interface FakeMetricStatus {
  metricName: string;
  /** Only this statistic's query; all of the metric's when absent. */
  stat?: string;
  status: 'PartialData' | 'InternalError' | 'Forbidden';
  /** How many answers carry the status; then the query answers Complete (default: every answer). */
  times?: number;
  messages?: { Code: string; Value: string }[];
  nextToken?: boolean;
}

/** What a continuation token (after a result cut short) resumes: the page token, the token after it, and where each cut query goes on. */
interface Continuation {
  resume?: string;
  next?: string;
  offsets: Record<string, number>;
}

const CONTINUATION = 'rest:';
const continuationToken = (c: Continuation) => Buffer.from(`${CONTINUATION}${JSON.stringify(c)}`).toString('base64url');
function continuationOf(token: string | undefined): Continuation | undefined {
  const text = token ? Buffer.from(token, 'base64url').toString('utf8') : '';
  return text.startsWith(CONTINUATION) ? JSON.parse(text.slice(CONTINUATION.length)) as Continuation : undefined;
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
  /** Scripted StatusCodes (none: every result Complete). */
  statuses: FakeMetricStatus[] = [];
  private readonly statusUses = new Map<FakeMetricStatus, number>();

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
    const continuation = continuationOf(p.NextToken);
    const { items, next } = page(queries, continuation ? continuation.resume : p.NextToken, this.queriesPerPage);
    const offsets: Record<string, number> = {};
    const results = items.flatMap((q) => {
      const metric = q.MetricStat?.Metric;
      if (q.MetricStat?.Period !== 86400) throw new FakeAwsError('ValidationError', `the fake serves daily periods only (query ${q.Id})`);
      const series = this.inScope(request).find((s) => s.namespace === metric?.Namespace && s.metricName === metric?.MetricName && sameDimensions(s.dimensions, metric?.Dimensions));
      const days = Object.entries(series?.values[q.MetricStat?.Stat ?? ''] ?? {}).filter(([day]) => day >= start && day < end).sort(([a], [b]) => codePointOrder(a, b));
      if (p.ScanBy !== 'TimestampAscending') days.reverse();
      const result = (status: string, points: [string, number][], messages: FakeMetricStatus['messages'] = []) => ({
        Id: q.Id, Label: metric?.MetricName, StatusCode: status, Timestamps: points.map(([day]) => Date.parse(`${day}T00:00:00Z`) / 1000), Values: points.map(([, v]) => v),
        ...(messages.length ? { Messages: messages } : {}),
      });
      if (continuation) return q.Id in continuation.offsets ? [result('Complete', days.slice(continuation.offsets[q.Id]))] : [];
      const scripted = this.takeStatus(metric?.MetricName, q.MetricStat?.Stat);
      if (!scripted) return [result('Complete', days)];
      const half = Math.ceil(days.length / 2);
      if (scripted.nextToken) offsets[q.Id] = half;
      const points = scripted.nextToken || scripted.status === 'PartialData' ? days.slice(0, half) : [];
      return [result(scripted.status, points, scripted.messages)];
    });
    const token = continuation ? continuation.next : Object.keys(offsets).length ? continuationToken({ resume: p.NextToken, next, offsets }) : next;
    return { MetricDataResults: results, Messages: [], NextToken: token };
  }

  /** The scripted status for a query of `metricName`/`stat`, if one has answers left (counting this one). */
  private takeStatus(metricName: string | undefined, stat: string | undefined): FakeMetricStatus | undefined {
    const scripted = this.statuses.find((s) => s.metricName === metricName && (!s.stat || s.stat === stat) && (this.statusUses.get(s) ?? 0) < (s.times ?? Infinity));
    if (scripted) this.statusUses.set(scripted, (this.statusUses.get(scripted) ?? 0) + 1);
    return scripted;
  }
}
