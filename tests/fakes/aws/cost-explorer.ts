/**
 * Fake AWS Cost Explorer (awsJson1_1, target AWSInsightsIndexService): GetCostAndUsage over
 * seeded daily charges, grouped by the requested dimensions and tags (at most two), DAILY or
 * MONTHLY, paginated by NextPageToken, amounts as exact decimal strings.
 */
import type { FakeRequest, FakeService } from './server.ts';
import { FakeAwsError, page } from './wire.ts';
import { codePointOrder } from '../../../src/lib/order.ts';

/** One seeded charge: a day, its dimension values and tags, and an amount per metric. */
export interface FakeCharge {
  date: string;
  dimensions: Record<string, string>;
  tags?: Record<string, string>;
  metrics: Record<string, string>;
}

interface GroupDefinition {
  Type: 'DIMENSION' | 'TAG' | 'COST_CATEGORY';
  Key: string;
}

const SCALE = 10n ** 10n;
const toUnits = (amount: string) => {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const units = BigInt(whole || '0') * SCALE + BigInt((fraction + '0000000000').slice(0, 10));
  return negative ? -units : units;
};
const fromUnits = (units: bigint) => {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const text = `${abs / SCALE}.${(abs % SCALE).toString().padStart(10, '0')}`.replace(/0+$/, '').replace(/\.$/, '');
  return `${negative ? '-' : ''}${text}`;
};

/** The Cost Explorer fake; see the module comment. */
export class FakeCostExplorer implements FakeService {
  readonly signingName = 'ce';
  readonly protocol = 'json1.1' as const;
  readonly throttle = { code: 'LimitExceededException', status: 400 };
  charges: FakeCharge[] = [];
  /** Days of results per page. */
  pageDays = 31;
  /** Results on or after this day are marked Estimated. */
  estimatedFrom = '9999-12-31';

  handle(request: FakeRequest): unknown {
    if (request.operation !== 'GetCostAndUsage') throw new FakeAwsError('UnknownOperationException', `the fake does not implement ${request.operation}`);
    const p = request.params as {
      TimePeriod?: { Start?: string; End?: string }; Granularity?: string; Metrics?: string[]; GroupBy?: GroupDefinition[]; NextPageToken?: string;
    };
    const start = p.TimePeriod?.Start;
    const end = p.TimePeriod?.End;
    if (!start || !end || !/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end) || start >= end) {
      throw new FakeAwsError('ValidationException', `Start date (and hour) should be before end date (and hour)`);
    }
    if (!p.Metrics?.length) throw new FakeAwsError('ValidationException', 'Metrics must be specified');
    if (p.Granularity !== 'DAILY' && p.Granularity !== 'MONTHLY') throw new FakeAwsError('ValidationException', `Granularity ${p.Granularity} is not supported by the fake`);
    const groupBy = p.GroupBy ?? [];
    if (groupBy.length > 2) throw new FakeAwsError('ValidationException', 'You can group by at most two dimensions, tags or cost categories');
    const periods = p.Granularity === 'DAILY' ? days(start, end) : months(start, end);
    const { items, next } = page(periods, p.NextPageToken, this.pageDays);
    return {
      GroupDefinitions: groupBy.length ? groupBy : undefined,
      ResultsByTime: items.map((period) => this.result(period, p.Metrics!, groupBy)),
      DimensionValueAttributes: [],
      NextPageToken: next,
    };
  }

  private result(period: { Start: string; End: string }, metrics: string[], groupBy: GroupDefinition[]) {
    const inPeriod = this.charges.filter((c) => c.date >= period.Start && c.date < period.End);
    const amounts = (charges: FakeCharge[]) => Object.fromEntries(metrics.map((m) => [m, {
      Amount: fromUnits(charges.reduce((sum, c) => sum + toUnits(c.metrics[m] ?? '0'), 0n)), Unit: 'USD',
    }]));
    const estimated = period.Start >= this.estimatedFrom;
    if (groupBy.length === 0) return { TimePeriod: period, Total: amounts(inPeriod), Groups: [], Estimated: estimated };
    const groups = new Map<string, FakeCharge[]>();
    for (const charge of inPeriod) {
      const keys = groupBy.map((g) => (g.Type === 'TAG' ? `${g.Key}$${charge.tags?.[g.Key] ?? ''}` : charge.dimensions[g.Key] ?? 'NoDimension'));
      const id = JSON.stringify(keys);
      groups.set(id, [...(groups.get(id) ?? []), charge]);
    }
    return {
      TimePeriod: period, Total: {}, Estimated: estimated,
      Groups: [...groups.entries()].sort(([a], [b]) => codePointOrder(a, b)).map(([id, charges]) => ({ Keys: JSON.parse(id) as string[], Metrics: amounts(charges) })),
    };
  }
}

function days(start: string, end: string): { Start: string; End: string }[] {
  const out: { Start: string; End: string }[] = [];
  for (let d = new Date(`${start}T00:00:00Z`); d.toISOString().slice(0, 10) < end; d = new Date(d.getTime() + 86_400_000)) {
    out.push({ Start: d.toISOString().slice(0, 10), End: new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10) });
  }
  return out;
}

function months(start: string, end: string): { Start: string; End: string }[] {
  const out: { Start: string; End: string }[] = [];
  let from = start;
  while (from < end) {
    const d = new Date(`${from}T00:00:00Z`);
    const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    out.push({ Start: from, End: next < end ? next : end });
    from = next;
  }
  return out;
}
