/**
 * The tables `costlens attribute` prints (table, CSV, JSON) and the dashboards serve: one renderer,
 * so the Attribution page's CSV download is byte for byte the CLI's `--format csv` export.
 */
import type { TextTable } from '../../lib/table.ts';
import { formatExact } from './cents.ts';
import { formatCents } from '../../lib/money.ts';
import type { TagCoverage } from './coverage.ts';
import type { Attribution } from './types.ts';

const FIXED_COLUMNS = ['period', 'attributed_by', 'method'];

/**
 * The chargeback columns after the key columns. Each measure's shared costs are split by that
 * measure (the column names say so), and each measure has its own share of the period's total,
 * so no figure depends on the measure the rows are sorted by.
 */
export const ALLOCATION_COLUMNS = [
  'attributed_by', 'billed_direct', 'billed_shared_by_billed', 'billed_cost', 'effective_direct', 'effective_shared_by_effective', 'effective_cost',
  'billed_share_pct', 'effective_share_pct',
] as const;

/** The column a tag key's values go in: the key itself, prefixed with `tag_` when it would clash with a fixed column. */
export const columnFor = (key: string) => (FIXED_COLUMNS.includes(key) || key.startsWith('billed_') || key.startsWith('effective_') ? `tag_${key}` : key);

function percent(hundredths: bigint | null): string | null {
  return hundredths === null ? null : formatCents(hundredths);
}

/**
 * One row per period and value: the chargeback view, money in cents (columns: period, the key,
 * the --by key, then {@link ALLOCATION_COLUMNS}). With `exact`, two more columns carry each row's
 * unrounded amounts (10 decimals) for reconciliation.
 */
export function allocationTable(result: Attribution, exact = false): TextTable {
  const keyColumns = [columnFor(result.key.name), ...(result.byKey ? [columnFor(result.byKey.name)] : [])];
  return {
    columns: ['period', ...keyColumns, ...ALLOCATION_COLUMNS, ...(exact ? ['billed_exact', 'effective_exact'] : [])],
    money: ['billed_direct', 'billed_shared_by_billed', 'billed_cost', 'effective_direct', 'effective_shared_by_effective', 'effective_cost'],
    optional: ['billed_direct', 'effective_direct', 'billed_shared_by_billed', 'effective_shared_by_effective', 'effective_share_pct', 'attributed_by'],
    rows: result.periods.flatMap((p) => p.rows.map((r) => [
      r.period, r.value, ...(result.byKey ? [r.byValue] : []), r.methods.join('+'),
      formatCents(r.billed.direct), formatCents(r.billed.shared), formatCents(r.billed.total),
      formatCents(r.effective.direct), formatCents(r.effective.shared), formatCents(r.effective.total),
      percent(r.shareHundredths.billed), percent(r.shareHundredths.effective),
      ...(exact ? [formatExact(r.exact.billed), formatExact(r.exact.effective)] : []),
    ])),
  };
}

/** One row per period, value and method. */
export function detailTable(result: Attribution): TextTable {
  const keyColumns = [columnFor(result.key.name), ...(result.byKey ? [columnFor(result.byKey.name)] : [])];
  return {
    columns: ['period', ...keyColumns, 'method', 'billed_cost', 'effective_cost'],
    money: ['billed_cost', 'effective_cost'],
    rows: result.periods.flatMap((p) => p.rows.flatMap((r) => r.parts.map((part) => [
      r.period, r.value, ...(result.byKey ? [r.byValue] : []), part.method, formatCents(part.billed), formatCents(part.effective),
    ]))),
  };
}

/** Coverage rows: money of the chosen measure per class, and tagged/total. */
export function coverageTable(result: TagCoverage): TextTable {
  const m = result.cost;
  const groupColumns = result.by === 'account' ? ['account_id', 'account_name'] : result.by === 'service' ? ['service_name'] : [];
  return {
    columns: ['period', ...groupColumns, `${m}_tagged`, `${m}_shared`, `${m}_account_default`, `${m}_untagged`, `${m}_total`, 'coverage_pct'],
    money: [`${m}_tagged`, `${m}_shared`, `${m}_account_default`, `${m}_untagged`, `${m}_total`],
    optional: [`${m}_account_default`, `${m}_shared`, 'account_name'],
    rows: result.rows.map((r) => [
      r.period, ...(result.by === 'account' ? [r.group, r.accountName] : result.by === 'service' ? [r.group] : []),
      formatCents(r.tagged), formatCents(r.shared), formatCents(r.accountDefault), formatCents(r.untagged), formatCents(r.total), percent(r.coverageHundredths),
    ]),
  };
}
