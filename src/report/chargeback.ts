/**
 * The chargeback CSV finance receives: byte for byte what `costlens attribute --tag KEY --period
 * YYYY-MM --format csv` prints (one row per value, money in cents, each measure's shared costs
 * split by that measure, rows in BilledCost order).
 */
import { allocationTable, attributeSpendByTag, type AttributionConfig } from '../analyze/attribution/index.ts';
import { renderTable } from '../lib/table.ts';
import type { Engine } from '../engine/engine.ts';

/** A CSV attachment. */
export interface CsvAttachment {
  filename: string;
  content: Buffer;
}

/** The first day of the billing period after `period` (`YYYY-MM`). */
function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Builds the chargeback CSV of one billing period by one tag key. */
export async function chargebackCsv(engine: Engine, config: AttributionConfig, tagKey: string, period: string): Promise<CsvAttachment> {
  const result = await attributeSpendByTag(engine, config, {
    tagKey,
    range: { billingFrom: `${period}-01`, billingTo: `${nextPeriod(period)}-01` },
    cost: 'billed',
  });
  const safeKey = tagKey.replace(/[^A-Za-z0-9._-]+/g, '_');
  return { filename: `chargeback-${safeKey}-${period}.csv`, content: Buffer.from(renderTable(allocationTable(result), 'csv'), 'utf8') };
}
