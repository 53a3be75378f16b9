/**
 * The README's example of idle instances on commitments ("Idle money"): the demo `--scale 0.2
 * --months 2 --as-of 2025-03-15` (cur2, metrics, inventory) with `idle.ec2.cpuMaxPercent: 60` and
 * `networkMaxMB: 1000000`, so that instances a Savings Plan or Reserved Instance with unused hours
 * covered are idle; and what their savings split into, read from the store with SQL alone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type CostlensConfig } from '../../src/config.ts';
import { cachedDemo } from '../helpers/cached-demo.ts';
import { demoStoreCopy } from '../helpers/cached-stores.ts';
import { sqlRows } from '../helpers/cli.ts';

/** The as-of day: the cost window is 2025-02-13 … 2025-03-14 (30 days), the last charged day 2025-03-14. */
export const COVERED_AS_OF = '2025-03-15';

const CONFIG_YAML = 'idle:\n  ec2:\n    cpuMaxPercent: 60\n    networkMaxMB: 1000000\n';

/** A private copy of the demo's store and its config file (also parsed, for createApp and the report). */
export async function coveredIdleStore(): Promise<{ dir: string; db: string; configPath: string; config: CostlensConfig }> {
  const demo = await cachedDemo({ asOf: COVERED_AS_OF, months: 2, scale: 0.2 });
  const store = await demoStoreCopy(demo, ['cur2', 'metrics.csv', 'inventory.csv']);
  const configPath = join(store.dir, 'costlens.config.yaml');
  writeFileSync(configPath, CONFIG_YAML);
  return { ...store, configPath, config: loadConfig(configPath, {}, store.dir) };
}

/** One instance's saving as SQL splits it. */
export interface SqlSplit {
  id: string;
  /** Its last day's EffectiveCost ÷ 24 × 730, to the cent. */
  runRate: string;
  /** The run-rate × (its covered cost in the window whose commitment had unused hours ÷ its window cost), to the cent. */
  commitment: string;
  /** runRate − commitment. */
  cash: string;
}

/**
 * Each resource of `ids` with usage a commitment covered in the cost window, split by SQL on the
 * store: covered usage is SavingsPlanCoveredUsage or DiscountedUsage; a Savings Plan had unused
 * hours when its recurring fee lines in the window commit more than they use, a Reserved Instance
 * when a RIFee line of a period overlapping the window has unused hours.
 */
export async function sqlSplits(db: string, ids: readonly string[]): Promise<SqlSplit[]> {
  const list = ids.map((id) => `'${id.replaceAll("'", "''")}'`).join(', ');
  const inWindow = `ChargePeriodStart >= TIMESTAMP '2025-02-13' AND ChargePeriodStart < TIMESTAMP '${COVERED_AS_OF}'`;
  const rows = await sqlRows(db, `WITH unused AS (
      SELECT x_SavingsPlanArn AS arn FROM line_items WHERE x_LineItemType = 'SavingsPlanRecurringFee' AND ${inWindow}
      GROUP BY 1 HAVING sum(x_SavingsPlanTotalCommitmentToDate - x_SavingsPlanUsedCommitment) > 0
      UNION
      SELECT x_ReservationArn FROM line_items WHERE x_LineItemType = 'RIFee' AND ChargePeriodStart < TIMESTAMP '${COVERED_AS_OF}'
        AND ChargePeriodEnd > TIMESTAMP '2025-02-13' GROUP BY 1 HAVING sum(x_ReservationUnusedQuantity) > 0),
    r AS (
      SELECT ResourceId AS id, sum(EffectiveCost) AS window_cost,
        coalesce(sum(EffectiveCost) FILTER (WHERE x_LineItemType IN ('SavingsPlanCoveredUsage', 'DiscountedUsage')
          AND coalesce(x_SavingsPlanArn, x_ReservationArn) IN (SELECT arn FROM unused)), 0) AS freeing,
        sum(EffectiveCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2025-03-14') * 730 / 24 AS run_rate
      FROM line_items WHERE ResourceId IN (${list}) AND ${inWindow} GROUP BY 1
      HAVING count(*) FILTER (WHERE x_LineItemType IN ('SavingsPlanCoveredUsage', 'DiscountedUsage')) > 0)
    SELECT id, CAST(CAST(round(run_rate, 2) AS DECIMAL(18, 2)) AS VARCHAR) AS run_rate,
      CAST(CAST(round(run_rate * freeing / window_cost, 2) AS DECIMAL(18, 2)) AS VARCHAR) AS commitment,
      CAST(CAST(round(run_rate, 2) AS DECIMAL(18, 2)) - CAST(round(run_rate * freeing / window_cost, 2) AS DECIMAL(18, 2)) AS VARCHAR) AS cash
    FROM r ORDER BY id`);
  return rows.map((r) => ({ id: r.id!, runRate: r.run_rate!, commitment: r.commitment!, cash: r.cash! }));
}
