/**
 * The planted facts tests assert, computed in DuckDB from the canonical rows (`li`, `metrics`,
 * `res`): totals per billing period, by account, service, charge type, raw tag and canonical team,
 * the idle resources with their recent cost, the oversized and the busy resources.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LINES } from './lines.ts';
import { query, run, type Params } from './sql.ts';
import { TAG_COLUMNS } from './tags.ts';

/** Billed and effective cost, as exact decimal strings. */
export interface Costs {
  billedCost: string;
  effectiveCost: string;
}

/** Truth for one billing period. */
export interface PeriodTruth {
  billingPeriodStart: string;
  billingPeriodEnd: string;
  rows: number;
  billedCost: string;
  effectiveCost: string;
  listCost: string;
  byAccount: Record<string, Costs & { name: string }>;
  byService: Record<string, Costs>;
  byChargeType: Record<string, Costs & { rows: number }>;
  tags: {
    /** Raw tag key (as the store keys it: `team`, `Team`, `cost-center`, `aws:createdBy`) → value → costs. */
    byKey: Record<string, Record<string, Costs>>;
    /** Canonical team (after fixing key and value variants) → costs. */
    byCanonicalTeam: Record<string, Costs>;
    /** Lines with no team tag under any key variant. */
    untagged: Costs & { share: string };
  };
}

const COSTS = `CAST(sum(unblended_cost) AS VARCHAR) AS billed, CAST(sum(effective_cost) AS VARCHAR) AS effective`;
type CostRow = { k: string; billed: string; effective: string; rows?: string; name?: string };
const costs = (r: CostRow): Costs => ({ billedCost: r.billed, effectiveCost: r.effective });

/** Computes the truth of the period currently in `li`. */
export async function periodTruth(conn: DuckDBConnection, period: string, start: Date, end: Date): Promise<PeriodTruth> {
  const p: Params = { period };
  const [t] = await query<{ rows: string; billed: string; effective: string; list: string }>(conn,
    `SELECT count(*) AS rows, ${COSTS}, CAST(coalesce(sum(public_od_cost), 0) AS VARCHAR) AS list FROM li`, p);
  const group = async (key: string, extra = '') => query<CostRow>(conn,
    `SELECT ${key} AS k, ${COSTS}, count(*) AS rows${extra} FROM ${LINES} GROUP BY ${key} ORDER BY ${key}`, p);
  const byAccount: PeriodTruth['byAccount'] = {};
  for (const r of await group('usage_account_id', ', min(usage_account_name) AS name')) byAccount[r.k] = { name: r.name!, ...costs(r) };
  const byService: PeriodTruth['byService'] = {};
  for (const r of await group('product_code')) byService[r.k] = costs(r);
  const byChargeType: PeriodTruth['byChargeType'] = {};
  for (const r of await group('line_item_type')) byChargeType[r.k] = { rows: Number(r.rows), ...costs(r) };
  const byKey: PeriodTruth['tags']['byKey'] = {};
  for (const tag of TAG_COLUMNS) {
    const rows = await query<CostRow>(conn,
      `SELECT ${tag.column} AS k, ${COSTS} FROM ${LINES} WHERE ${tag.column} IS NOT NULL GROUP BY 1 ORDER BY 1`, p);
    if (rows.length === 0) continue;
    const key = tag.legacyKey.startsWith('user:') ? tag.legacyKey.slice(5) : tag.legacyKey;
    byKey[key] = Object.fromEntries(rows.map((r) => [r.k, costs(r)]));
  }
  const byCanonicalTeam: Record<string, Costs> = {};
  for (const r of await query<CostRow>(conn,
    `SELECT canonical_team AS k, ${COSTS} FROM ${LINES} WHERE canonical_team IS NOT NULL GROUP BY 1 ORDER BY 1`, p)) {
    byCanonicalTeam[r.k] = costs(r);
  }
  const [u] = await query<{ billed: string | null; effective: string | null; share: string | null }>(conn,
    `SELECT CAST(coalesce(sum(unblended_cost) FILTER (WHERE canonical_team IS NULL), 0) AS VARCHAR) AS billed,
            CAST(coalesce(sum(effective_cost) FILTER (WHERE canonical_team IS NULL), 0) AS VARCHAR) AS effective,
            CAST(round(CAST(coalesce(sum(unblended_cost) FILTER (WHERE canonical_team IS NULL), 0) AS DOUBLE)
              / nullif(CAST(sum(unblended_cost) AS DOUBLE), 0), 4) AS VARCHAR) AS share
     FROM ${LINES}`, p);
  return {
    billingPeriodStart: start.toISOString(),
    billingPeriodEnd: end.toISOString(),
    rows: Number(t.rows),
    billedCost: t.billed ?? '0',
    effectiveCost: t.effective ?? '0',
    listCost: t.list,
    byAccount,
    byService,
    byChargeType,
    tags: { byKey, byCanonicalTeam, untagged: { billedCost: u.billed ?? '0', effectiveCost: u.effective ?? '0', share: u.share ?? '0' } },
  };
}

/** Creates the accumulator of recent cost per planted idle resource. */
export async function createIdleAccumulator(conn: DuckDBConnection): Promise<void> {
  await run(conn, `CREATE OR REPLACE TABLE idle_acc (resource_id VARCHAR, effective DECIMAL(38,10), billed DECIMAL(38,10))`);
}

/** Adds the period's cost of planted idle resources incurred on or after `since`. */
export async function accumulateIdle(conn: DuckDBConnection, since: string): Promise<void> {
  await run(conn, `INSERT INTO idle_acc SELECT resource_id, sum(effective_cost), sum(unblended_cost) FROM ${LINES}
    WHERE usage_start >= CAST($since AS TIMESTAMP) AND resource_id IN (SELECT id FROM res WHERE idle) GROUP BY resource_id`, { since });
}

/** A planted idle resource and what it cost over the idle window. */
export interface IdleTruth {
  kind: string;
  resourceId: string;
  accountId: string;
  region: string;
  effectiveCostLast30Days: string;
  billedCostLast30Days: string;
}

/** The planted idle resources with their accumulated cost. */
export async function idleTruth(conn: DuckDBConnection): Promise<IdleTruth[]> {
  const kinds: Record<string, string> = { ebs: 'unattached-ebs-volume', eip: 'idle-elastic-ip', alb: 'idle-load-balancer', rds: 'idle-rds-instance', nat: 'idle-nat-gateway' };
  const rows = await query<{ kind: string; id: string; account_id: string; region: string; effective: string; billed: string }>(conn,
    `SELECT r.kind, r.id, r.account_id, r.region, CAST(coalesce(sum(a.effective), 0) AS VARCHAR) AS effective,
            CAST(coalesce(sum(a.billed), 0) AS VARCHAR) AS billed
     FROM res r LEFT JOIN idle_acc a ON a.resource_id = r.id WHERE r.idle GROUP BY ALL ORDER BY r.kind, r.id`);
  return rows.map((r) => ({ kind: kinds[r.kind], resourceId: r.id, accountId: r.account_id, region: r.region, effectiveCostLast30Days: r.effective, billedCostLast30Days: r.billed }));
}

/** An oversized instance with its CPU figures over the metrics window. */
export interface OversizedTruth {
  resourceId: string;
  accountId: string;
  region: string;
  instanceType: string;
  vcpu: number;
  cpuAverage: number;
  cpuMaximum: number;
  cpuP995: number;
}

/** The planted oversized instances with CPU statistics from the `metrics` table. */
export async function oversizedTruth(conn: DuckDBConnection): Promise<OversizedTruth[]> {
  const rows = await query<{ id: string; account_id: string; region: string; itype: string; vcpu: string; avg: number; max: number; p: number }>(conn,
    `SELECT r.id, r.account_id, r.region, r.itype, r.vcpu,
       round(avg(m.value) FILTER (WHERE m.statistic = 'Average'), 2) AS avg,
       max(m.value) FILTER (WHERE m.statistic = 'Maximum') AS max,
       max(m.value) FILTER (WHERE m.statistic = 'p99.5') AS p
     FROM res r JOIN metrics m ON m.resource_id = r.id AND m.metric_name = 'CPUUtilization'
     WHERE r.oversized GROUP BY ALL ORDER BY r.id`);
  return rows.map((r) => ({ resourceId: r.id, accountId: r.account_id, region: r.region, instanceType: r.itype, vcpu: Number(r.vcpu), cpuAverage: Number(r.avg), cpuMaximum: Number(r.max), cpuP995: Number(r.p) }));
}
