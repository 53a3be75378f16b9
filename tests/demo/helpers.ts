import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { codePointOrder } from '../../src/lib/order.ts';

/** A fresh temporary directory for one generated demo. */
export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `costlens-${label}-`));
}

/** sha256 of every file under `root`, keyed by relative path. */
export async function hashTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else out[relative(root, p)] = createHash('sha256').update(await readFile(p)).digest('hex');
    }
  }
  await walk(root);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => codePointOrder(a, b)));
}

/**
 * An in-memory DuckDB connection with a small query helper, at the thread count the suite gives
 * costlens (COSTLENS_THREADS, README "Environment"; DuckDB's default when unset).
 */
export async function duck(): Promise<{ conn: DuckDBConnection; q: <T = Record<string, unknown>>(sql: string) => Promise<T[]>; close: () => void }> {
  const threads = process.env.COSTLENS_THREADS;
  const db = await DuckDBInstance.create(':memory:', threads ? { threads } : {});
  const conn = await db.connect();
  return {
    conn,
    q: async <T,>(sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as T[],
    close: () => { conn.closeSync(); db.closeSync(); },
  };
}

/** A string SQL literal. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A SQL list of string literals. */
export function litList(items: string[]): string {
  return `[${items.map(lit).join(', ')}]`;
}

/** EffectiveCost over legacy CUR CSV columns read as VARCHAR (standard amortisation). */
export const LEGACY_EFFECTIVE = `CASE "lineItem/LineItemType"
  WHEN 'SavingsPlanCoveredUsage' THEN CAST("savingsPlan/SavingsPlanEffectiveCost" AS DECIMAL(38,10))
  WHEN 'SavingsPlanRecurringFee' THEN CAST("savingsPlan/TotalCommitmentToDate" AS DECIMAL(38,10)) - CAST("savingsPlan/UsedCommitment" AS DECIMAL(38,10))
  WHEN 'SavingsPlanNegation' THEN 0
  WHEN 'SavingsPlanUpfrontFee' THEN 0
  WHEN 'DiscountedUsage' THEN CAST("reservation/EffectiveCost" AS DECIMAL(38,10))
  WHEN 'RIFee' THEN CAST("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod" AS DECIMAL(38,10)) + CAST("reservation/UnusedRecurringFee" AS DECIMAL(38,10))
  ELSE CASE WHEN "lineItem/LineItemType" = 'Fee' AND "reservation/ReservationARN" IS NOT NULL THEN 0
       ELSE CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)) END END`;

/** EffectiveCost over CUR 2.0 columns. */
export const CUR2_EFFECTIVE = `CASE line_item_line_item_type
  WHEN 'SavingsPlanCoveredUsage' THEN CAST(savings_plan_savings_plan_effective_cost AS DECIMAL(38,10))
  WHEN 'SavingsPlanRecurringFee' THEN CAST(savings_plan_total_commitment_to_date AS DECIMAL(38,10)) - CAST(savings_plan_used_commitment AS DECIMAL(38,10))
  WHEN 'SavingsPlanNegation' THEN 0
  WHEN 'SavingsPlanUpfrontFee' THEN 0
  WHEN 'DiscountedUsage' THEN CAST(reservation_effective_cost AS DECIMAL(38,10))
  WHEN 'RIFee' THEN CAST(reservation_unused_amortized_upfront_fee_for_billing_period AS DECIMAL(38,10)) + CAST(reservation_unused_recurring_fee AS DECIMAL(38,10))
  ELSE CASE WHEN line_item_line_item_type = 'Fee' AND reservation_reservation_a_r_n IS NOT NULL THEN 0
       ELSE CAST(line_item_unblended_cost AS DECIMAL(38,10)) END END`;
