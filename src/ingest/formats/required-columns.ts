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
export function missingRequiredColumns(format: BillingFormat, columnNames: string[]): string[] {
  if (format === 'cur') {
    // The legacy mapping reads a column by its snake_case name (legacyCsvSource), so match as it does.
    const present = new Set(columnNames.filter((n) => !/^(resourceTags|costCategory)\//.test(n)).map(athenaColumnName));
    return CUR_REQUIRED.filter((c) => !present.has(c.snake)).map((c) => c.legacy);
  }
  const present = new Set(columnNames);
  return requiredColumns(format).filter((name) => !present.has(name));
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
