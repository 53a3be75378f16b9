/**
 * What earlier Cost Explorer pulls left in the store: per billing period, when the last pull of
 * it finished, counting only ingests whose line items are still there (a later ingest of the same
 * period may have replaced them).
 */
import { existsSync } from 'node:fs';
import { withStore } from '../../store/open.ts';

/** The file name a pull writes for one payer and month; the ingests table records it. */
export function costExplorerFileName(billingAccountId: string, month: string): string {
  return `costlens-ce-${billingAccountId}-${month}.csv`;
}

/** Per month (YYYY-MM), the finish time of the latest stored Cost Explorer pull for this payer. */
export async function storedCostExplorerMonths(storePath: string, billingAccountId: string): Promise<Map<string, Date>> {
  const stored = new Map<string, Date>();
  if (!existsSync(storePath)) return stored;
  await withStore(storePath, { readOnly: true, waitMs: 30_000 }, async (store) => {
    const result = await store.connection.runAndReadAll(
      `SELECT i.billing_period, CAST(max(i.finished_at) AS VARCHAR)
         FROM ingests i
        WHERE i.status = 'succeeded' AND i.target_table = 'line_items' AND i.billing_period IS NOT NULL
          AND len(list_filter(i.files, f -> f LIKE $pattern)) > 0
          AND EXISTS (SELECT 1 FROM line_items l WHERE l.x_IngestId = i.ingest_id AND l.x_BillingPeriod = i.billing_period)
        GROUP BY i.billing_period`,
      { pattern: `%${costExplorerFileName(billingAccountId, '%')}` },
    );
    for (const [period, finished] of result.getRows()) stored.set(String(period), new Date(`${String(finished).replace(' ', 'T')}Z`));
  });
  return stored;
}
