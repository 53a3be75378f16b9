/**
 * Charge classes: what kind of money a billing line is, decided once at ingest into
 * `line_items.x_ChargeClass` (and the rollups), so every comparison over time reads the same rule.
 *
 * - `usage`: accrues with time (hourly or daily usage, RI/SP-covered usage and its negation);
 * - `recurring`: posted once per period or as a standing fee (RI and SP recurring fees, AWS
 *   Support, subscriptions, usage lines whose charge period is longer than a day);
 * - `one-time`: upfront fees, Marketplace one-offs, other purchases;
 * - `tax`;
 * - `credit`: credits, refunds, discounts (EDP, private rate, bundled, RI volume, SPP) and adjustments.
 *
 * Reports list the `credit` class's adjustments apart from its credits, by one rule that every
 * query listing money by class reads (queries/charges/listed_classes.cte.sql): a line of FOCUS
 * ChargeCategory `Adjustment` (a CUR line item type no other category takes) is an `adjustment`;
 * the rest of the class (ChargeCategory `Credit`: FOCUS credits, CUR Credit, Refund and discounts)
 * is `credit`. {@link LISTED_CHARGE_CLASSES} are those classes.
 *
 * The README ("Charge classes") documents the mapping from CUR `lineItem/LineItemType`, CUR 2.0
 * and FOCUS `ChargeCategory`/`ChargeFrequency`.
 */

/** The charge classes, in the order reports list them. */
export const CHARGE_CLASSES = ['usage', 'recurring', 'one-time', 'tax', 'credit'] as const;

export type ChargeClass = (typeof CHARGE_CLASSES)[number];

/**
 * The classes reports list money in, in their order: the store's classes, with the credit class's
 * adjustments (FOCUS ChargeCategory `Adjustment`) apart from its credits. The same list, and the
 * rule, as queries/charges/listed_classes.cte.sql.
 */
export const LISTED_CHARGE_CLASSES = ['usage', 'recurring', 'one-time', 'tax', 'credit', 'adjustment'] as const;

export type ListedChargeClass = (typeof LISTED_CHARGE_CLASSES)[number];

/**
 * CUR `lineItem/LineItemType`s of discounts, spelled (and cased) as AWS writes them in the line
 * item type column: `costlens invoice` lists them as discounts (queries/invoice/by_charge_class.sql
 * reads the same types from queries/charges/cur_discount_types.cte.sql, the SQL's one copy, which
 * tests/ingest/charge-classes.test.ts checks against this list), every other surface as credits.
 */
export const CUR_DISCOUNT_LINE_ITEM_TYPES = [
  'Discount', 'EdpDiscount', 'BundledDiscount', 'PrivateRateDiscount', 'RiVolumeDiscount', 'SppDiscount', 'DistributorDiscount',
] as const;

/**
 * CUR line item types of FOCUS ChargeCategory `Credit` (so of the class `credit`, listed as credit):
 * credits, refunds and {@link CUR_DISCOUNT_LINE_ITEM_TYPES}.
 */
export const CUR_CREDIT_LINE_ITEM_TYPES = ['Credit', 'Refund', ...CUR_DISCOUNT_LINE_ITEM_TYPES] as const;

const CREDIT_TYPES_SQL = CUR_CREDIT_LINE_ITEM_TYPES.map((type) => `'${type}'`).join(', ');

/**
 * The FOCUS ChargeCategory of a CUR line, as a portable SQL expression (DuckDB and Trino) over
 * `type`, the SQL of its line item type: what the ingest stores (src/ingest/formats/cur.ts) and the
 * Athena view computes (src/engine/athena-view.ts), one rule. A type no other category takes is an
 * `Adjustment`, which reports list apart from credits (queries/charges/listed_classes.cte.sql).
 */
export function curChargeCategorySql(type: string): string {
  return `CASE
      WHEN ${type} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') THEN 'Usage'
      WHEN ${type} IN ('Fee', 'RIFee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee') THEN 'Purchase'
      WHEN ${type} = 'Tax' THEN 'Tax'
      WHEN ${type} IN (${CREDIT_TYPES_SQL}) THEN 'Credit'
      ELSE 'Adjustment' END`;
}

/** Columns the rule reads (it is written over these names). */
export const CHARGE_CLASS_INPUTS = [
  'ChargeCategory', 'ChargeFrequency', 'x_LineItemType', 'x_ProductCode', 'ServiceName', 'ChargePeriodStart', 'ChargePeriodEnd',
] as const;

/**
 * The rule as a portable SQL expression (DuckDB and Trino) over the columns of `line_items`.
 * Line item types decide first; FOCUS files without them fall back to ChargeCategory and
 * ChargeFrequency; a Usage line that covers more than a day is a periodic posting.
 */
export const CHARGE_CLASS_SQL = `CASE
    WHEN x_LineItemType = 'Tax' OR ChargeCategory = 'Tax' THEN 'tax'
    WHEN x_LineItemType IN (${CREDIT_TYPES_SQL})
      OR ChargeCategory IN ('Credit', 'Adjustment') THEN 'credit'
    WHEN x_LineItemType IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'recurring'
    WHEN x_LineItemType = 'SavingsPlanUpfrontFee' THEN 'one-time'
    WHEN x_LineItemType = 'Fee' AND (x_ProductCode LIKE 'AWSSupport%' OR x_ProductCode = 'AWSDeveloperSupport' OR ServiceName LIKE 'AWS Support%') THEN 'recurring'
    WHEN x_LineItemType = 'Fee' THEN 'one-time'
    WHEN ChargeFrequency = 'Recurring' THEN 'recurring'
    WHEN ChargeCategory = 'Purchase' THEN 'one-time'
    WHEN ChargePeriodEnd > ChargePeriodStart + INTERVAL '1' DAY THEN 'recurring'
    ELSE 'usage'
  END`;
