/** GetCostAndUsage, DAILY, following NextPageToken: every page is one billed request ($0.01). */
import type { CostExplorerClient, GroupDefinition, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { CostlensError } from '../../errors.ts';
import type { CeRange } from './plan.ts';
import { awsSdk } from '../../aws-client/sdk.ts';
import { paginate } from '../../aws-client/paginate.ts';

/** What a pull asks for: up to two groupings (SERVICE, LINKED_ACCOUNT, REGION, USAGE_TYPE, TAG:key) and the cost metrics. */
export interface CeQuery {
  groupBy: string[];
  metrics: string[];
}

const DIMENSIONS = new Set(['SERVICE', 'LINKED_ACCOUNT', 'REGION', 'USAGE_TYPE']);

/** Turns `SERVICE` / `TAG:team` into Cost Explorer group definitions; anything else is a usage error. */
export function groupDefinitions(groupBy: string[]): GroupDefinition[] {
  if (groupBy.length > 2) throw new CostlensError('usage', `--group-by takes at most two groupings (Cost Explorer's limit); got ${groupBy.join(',')}`);
  return groupBy.map((g) => {
    if (g.startsWith('TAG:') && g.length > 4) return { Type: 'TAG', Key: g.slice(4) };
    if (DIMENSIONS.has(g)) return { Type: 'DIMENSION', Key: g };
    throw new CostlensError('usage', `--group-by ${g}: use SERVICE, LINKED_ACCOUNT, REGION, USAGE_TYPE or TAG:key`);
  });
}

/** Fetches one range's daily results, all pages; returns them and the number of requests made. */
export async function fetchCostAndUsage(client: CostExplorerClient, range: CeRange, query: CeQuery): Promise<{ results: ResultByTime[]; requests: number }> {
  const results: ResultByTime[] = [];
  let requests = 0;
  const pages = paginate('ce GetCostAndUsage', (token) => client.send(new (awsSdk.costExplorer().GetCostAndUsageCommand)({
    TimePeriod: { Start: range.start, End: range.end },
    Granularity: 'DAILY',
    Metrics: query.metrics,
    GroupBy: query.groupBy.length ? groupDefinitions(query.groupBy) : undefined,
    NextPageToken: token,
  })), (page) => page.NextPageToken);
  for await (const page of pages) {
    requests += 1;
    results.push(...(page.ResultsByTime ?? []));
  }
  return { results, requests };
}
