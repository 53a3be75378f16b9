/**
 * The chargeback table's column headings on the Attribution page: words, where the CSV download
 * (byte for byte `costlens attribute --format csv`) keeps its column names.
 */
import type { ALLOCATION_COLUMNS } from '../../../analyze/attribution/index.ts';

/** The words for each chargeback column after the key (src/analyze/attribution/tables.ts). */
const ALLOCATION_HEADINGS: Readonly<Record<(typeof ALLOCATION_COLUMNS)[number], string>> = {
  attributed_by: 'Attributed by',
  billed_direct: 'Billed, direct',
  billed_shared_by_billed: 'Billed, shared (split by billed)',
  billed_cost: 'Billed cost',
  effective_direct: 'Effective, direct',
  effective_shared_by_effective: 'Effective, shared (split by effective)',
  effective_cost: 'Effective cost',
  billed_share_pct: 'Share of billed',
  effective_share_pct: 'Share of effective',
};

/**
 * The heading of chargeback column `column`: `Period`, the tag key itself for the key's column
 * (`keyColumn`, which the CSV prefixes with `tag_` when the key clashes with a fixed column), else
 * the column's words (`billed_shared_by_billed` → `Billed, shared (split by billed)`).
 */
export function chargebackHeading(column: string, keyColumn: string, keyName: string): string {
  if (column === 'period') return 'Period';
  if (column === keyColumn) return keyName;
  return (ALLOCATION_HEADINGS as Record<string, string>)[column] ?? column;
}
