/**
 * The resources to read metrics for: every resource the bill charged in the window and every
 * resource the inventory lists, with the account and region that own it.
 */
import { existsSync } from 'node:fs';
import { withStore } from '../store/open.ts';
import { arnScope, kindOf, type MetricTarget } from './metric-specs.ts';

/** Reads targets from the store: line items of [start, end) and the latest inventory. */
export async function metricTargets(storePath: string, start: string, end: string): Promise<{ targets: MetricTarget[]; unplaced: string[] }> {
  if (!existsSync(storePath)) return { targets: [], unplaced: [] };
  const rows = await withStore(storePath, { readOnly: true, waitMs: 30_000 }, async (store) => {
    const result = await store.connection.runAndReadAll(
      `SELECT resource_id, max(region) AS region, max(account_id) AS account_id FROM (
         SELECT ResourceId AS resource_id, RegionId AS region, SubAccountId AS account_id
           FROM line_items
          WHERE ResourceId IS NOT NULL AND ChargePeriodStart >= CAST($start AS TIMESTAMP) AND ChargePeriodStart < CAST($end AS TIMESTAMP)
         UNION ALL
         SELECT resource_id, region, account_id FROM resources
       ) GROUP BY resource_id ORDER BY resource_id`,
      { start, end },
    );
    return result.getRows().map(([id, region, account]) => ({ id: String(id), region: region === null ? undefined : String(region), account: account === null ? undefined : String(account) }));
  });
  const targets: MetricTarget[] = [];
  const unplaced: string[] = [];
  for (const row of rows) {
    const kind = kindOf(row.id);
    if (!kind) continue;
    const fromArn = arnScope(row.id);
    const region = fromArn?.region ?? row.region;
    const account = fromArn?.account ?? row.account;
    if (!region || !account) unplaced.push(row.id);
    else targets.push({ resourceId: row.id, kind, region, account });
  }
  return { targets, unplaced };
}
