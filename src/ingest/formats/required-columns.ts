import { CostlensError } from '../../errors.ts';
import type { BillingFormat } from '../units.ts';
import { athenaColumnName } from './source-columns.ts';

/**
 * The columns a billing file cannot do without: a line's money, its charge period, its billing
 * period and the account that names its source all come from them (see curToLineItems and
 * focusToLineItems). A mapping reads a missing column as NULL, so a file without one would load
 * lines at $0.00, in no period or under `aws/unknown`, and replace (or sit beside) the real ones:
 * such a file is refused before anything is written. Every other column may be absent (tags,
 * cost categories, reservation and Savings Plans columns, resource IDs, product attributes…).
 */

/** A CUR column that every CUR carries (AWS: identity, bill and lineItem columns are in all reports), by its snake_case and legacy names. */
interface CurColumn {
  snake: string;
  legacy: string;
}

/**
 * CUR of any generation (legacy CSV, legacy for Athena, CUR 2.0): BilledCost is the unblended
 * cost; EffectiveCost is computed from it and the line item type (the reservation and Savings
 * Plans columns it also reads exist only in reports of payers that hold them); ChargePeriodStart is
 * the usage start; the billing period is the billing period start; the source is `aws/<payer>`.
 */
export const CUR_REQUIRED: readonly CurColumn[] = [
  { snake: 'bill_payer_account_id', legacy: 'bill/PayerAccountId' },
  { snake: 'bill_billing_period_start_date', legacy: 'bill/BillingPeriodStartDate' },
  { snake: 'line_item_line_item_type', legacy: 'lineItem/LineItemType' },
  { snake: 'line_item_unblended_cost', legacy: 'lineItem/UnblendedCost' },
  { snake: 'line_item_usage_start_date', legacy: 'lineItem/UsageStartDate' },
];

/**
 * FOCUS (columns the specification says MUST be present): the source is
 * `<ProviderName>/<BillingAccountId>`. EffectiveCost is not required: the mapping takes BilledCost
 * for a file without it.
 */
const FOCUS_REQUIRED = ['BilledCost', 'BillingAccountId', 'BillingPeriodStart', 'ChargePeriodStart', 'ProviderName'];

/** A Cost Explorer pull (`costlens pull ce`): its source is `aws-ce/<BillingAccountId>`, whatever its ProviderName. */
const COST_EXPLORER_REQUIRED = ['BilledCost', 'BillingAccountId', 'BillingPeriodStart', 'ChargePeriodStart'];

/** The columns a file of `format` must have, as that format spells them. */
export function requiredColumns(format: BillingFormat): string[] {
  switch (format) {
    case 'cur':
      return CUR_REQUIRED.map((c) => c.legacy);
    case 'cur-athena':
    case 'cur2':
      return CUR_REQUIRED.map((c) => c.snake);
    case 'focus':
      return FOCUS_REQUIRED;
    case 'cost-explorer':
      return COST_EXPLORER_REQUIRED;
    default:
      return [];
  }
}

/** The required columns a file of `format` with these column names lacks (in `requiredColumns` order). */
function missingRequiredColumns(format: BillingFormat, columnNames: string[]): string[] {
  if (format === 'cur') {
    // The legacy mapping reads a column by its snake_case name (legacyCsvSource), so match as it does.
    const present = new Set(columnNames.filter((n) => !/^(resourceTags|costCategory)\//.test(n)).map(athenaColumnName));
    return CUR_REQUIRED.filter((c) => !present.has(c.snake)).map((c) => c.legacy);
  }
  const present = new Set(columnNames);
  return requiredColumns(format).filter((name) => !present.has(name));
}

/** The line_items column each required column fills (by its snake_case CUR name, or FOCUS name). */
const STORED: Record<string, string> = {
  bill_payer_account_id: 'BillingAccountId',
  bill_billing_period_start_date: 'BillingPeriodStart',
  line_item_line_item_type: 'x_LineItemType',
  line_item_unblended_cost: 'BilledCost',
  line_item_usage_start_date: 'ChargePeriodStart',
  BilledCost: 'BilledCost',
  BillingAccountId: 'BillingAccountId',
  BillingPeriodStart: 'BillingPeriodStart',
  ChargePeriodStart: 'ChargePeriodStart',
  ProviderName: 'ProviderName',
};

/**
 * The charge period start may be empty on some lines: such a line is kept, outside every charge
 * day (daily_spend's NULL day; tests/ingest/rollups.test.ts). Empty on every line, the column is
 * as good as missing.
 */
const EMPTY_ON_SOME_LINES = new Set(['line_item_usage_start_date', 'ChargePeriodStart']);

/**
 * The required columns of a file of `format` with these column names, as the file names them
 * (the first that the mapping reads), each with the line_items column it fills: a line with no
 * value in one is refused, or for a `partial` one, a file with none on any line
 * (src/ingest/required-values.ts).
 */
export function requiredValueColumns(format: BillingFormat, columnNames: string[]): { column: string; stored: string; partial: boolean }[] {
  const value = (column: string, canonical: string) => ({ column, stored: STORED[canonical], partial: EMPTY_ON_SOME_LINES.has(canonical) });
  if (format === 'cur') {
    const plain = columnNames.filter((n) => !/^(resourceTags|costCategory)\//.test(n));
    return CUR_REQUIRED.flatMap((c) => {
      const column = plain.find((n) => athenaColumnName(n) === c.snake);
      return column === undefined ? [] : [value(column, c.snake)];
    });
  }
  return requiredColumns(format).filter((name) => columnNames.includes(name)).map((column) => value(column, column));
}

/** How an error names a billing format (README "Ingest"). */
export function billingFormatName(format: BillingFormat, parquet: boolean): string {
  switch (format) {
    case 'cur':
      return 'legacy CUR CSV';
    case 'cur-athena':
      return 'legacy CUR for Athena (Parquet)';
    case 'cur2':
      return parquet ? 'CUR 2.0 (Parquet)' : 'CUR 2.0 (CSV)';
    case 'focus':
      return parquet ? 'FOCUS (Parquet)' : 'FOCUS (CSV)';
    case 'cost-explorer':
      return 'a Cost Explorer pull (FOCUS CSV)';
    default:
      return format;
  }
}

/**
 * Refuses a billing file that lacks a required column: an input error naming the file (`label`),
 * the format it was read as and the missing columns, with a hint listing what the format needs.
 */
export function refuseMissingColumns(label: string, format: BillingFormat, parquet: boolean, columnNames: string[]): void {
  const missing = missingRequiredColumns(format, columnNames);
  if (missing.length === 0) return;
  const quoted = missing.map((name) => `"${name}"`);
  const list = quoted.length === 1 ? `the column ${quoted[0]} is` : `the columns ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]} are`;
  const needed = requiredColumns(format);
  const name = billingFormatName(format, parquet);
  throw new CostlensError('input', `${label}: read as ${name}, but ${list} missing`, {
    hint: `each line's cost, periods and source come from ${needed.slice(0, -1).join(', ')} and ${needed[needed.length - 1]}, `
      + 'which every file of this format has: look for a renamed or dropped column, and re-export the file; nothing was loaded',
  });
}
