/**
 * What earlier Cost Explorer pulls left in the store: per payer and billing period, when the last
 * pull of it finished, counting only ingests whose line items are still there (a later ingest of
 * the same period may have replaced them).
 */
import { existsSync } from 'node:fs';
import { withStore } from '../../store/open.ts';

const FILE_PREFIX = 'costlens-ce-';
/** The payer in a file name of {@link costExplorerFileName}, as a DuckDB regular expression's group 1. */
const FILE_PAYER = `${FILE_PREFIX}([^/\\\\]+)-[0-9]{4}-[0-9]{2}\\.csv$`;

/** The file name a pull writes for one payer and month; the ingests table records it. */
export function costExplorerFileName(billingAccountId: string, month: string): string {
  return `${FILE_PREFIX}${billingAccountId}-${month}.csv`;
}

/** Per month (YYYY-MM), the finish time of the latest stored Cost Explorer pull for this payer. */
export async function storedCostExplorerMonths(storePath: string, billingAccountId: string): Promise<Map<string, Date>> {
  return (await storedCostExplorerPulls(storePath, billingAccountId)).get(billingAccountId) ?? new Map();
}

/**
 * Per payer, then per month (YYYY-MM), the finish time of the latest stored Cost Explorer pull:
 * of one payer when `billingAccountId` is given, else of every payer the store holds pulls of.
 */
export async function storedCostExplorerPulls(storePath: string, billingAccountId?: string): Promise<Map<string, Map<string, Date>>> {
  const stored = new Map<string, Map<string, Date>>();
  if (!existsSync(storePath)) return stored;
  await withStore(storePath, { readOnly: true, waitMs: 30_000 }, async (store) => {
    const result = await store.connection.runAndReadAll(
      `SELECT regexp_extract(list_filter(i.files, f -> f LIKE $pattern)[1], $payer, 1) AS payer, i.billing_period, CAST(max(i.finished_at) AS VARCHAR)
         FROM ingests i
        WHERE i.status = 'succeeded' AND i.target_table = 'line_items' AND i.billing_period IS NOT NULL
          AND len(list_filter(i.files, f -> f LIKE $pattern)) > 0
          AND EXISTS (SELECT 1 FROM line_items l WHERE l.x_IngestId = i.ingest_id AND l.x_BillingPeriod = i.billing_period)
        GROUP BY 1, 2`,
      { pattern: `%${costExplorerFileName(billingAccountId ?? '%', '%')}`, payer: FILE_PAYER },
    );
    for (const [payer, period, finished] of result.getRows()) {
      const months = stored.get(String(payer)) ?? new Map<string, Date>();
      months.set(String(period), new Date(`${String(finished).replace(' ', 'T')}Z`));
      stored.set(String(payer), months);
    }
  });
  return stored;
}
