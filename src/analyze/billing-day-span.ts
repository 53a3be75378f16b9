/**
 * The span of charge days a store's billing data covers (its data horizon among them), as
 * src/analyze/billing-calendar.ts reads it and src/analyze/source-spans.ts reads each delivery's.
 */
import type { WholeBillsOnly } from './monthly-bills.ts';

/**
 * The charge days of the billing data in the store. `lastDay` is the data horizon: the last
 * complete day of usage (queries/calendar/data_horizon.sql); fee lines may be dated later
 * (`lastChargeDay`), and days after the horizon are partial.
 */
export interface BillingDaySpan {
  firstDay: string;
  /** The data horizon: the last complete charge day of usage. */
  lastDay: string;
  /** The latest day holding any line (a fee posted on the 1st, a partial day of usage). */
  lastChargeDay: string;
  /**
   * The latest day holding usage lines: the data horizon, or the partial day after it whose usage does not reach
   * midnight (the legacy CUR of Nov 2023: 14 Nov, usage to 04:00). Set where the store's data horizon is read
   * (queries/calendar/data_horizon.sql: billingDaySpan, billSpan), absent elsewhere.
   */
  lastUsageDay?: string;
  /** The latest billing period (YYYY-MM) holding usage. */
  lastUsagePeriod: string;
  /**
   * Set only by billSpan (src/analyze/billing-calendar.ts) for a store without daily usage (a monthly CUR, fees only): what it
   * holds. Its whole monthly bills compare, nothing by the day: `lastDay` is then the last day of
   * its last complete bill, and `lastUsagePeriod` its latest billing period.
   */
  wholeBillsOnly?: WholeBillsOnly;
  /**
   * Set only when a delivery lagging behind another holds the store's data horizon back
   * (src/analyze/source-spans.ts, heldBackSpan): `lastDay` is then that delivery's horizon.
   */
  heldBack?: HeldBackHorizon;
}

/** The delivery that holds the store's data horizon back, and how far the others' data runs. */
export interface HeldBackHorizon {
  /** The lagging delivery's sources (provider/billing account), sorted. */
  sources: string[];
  /** Where its usage ends: the latest end of its usage lines (`YYYY-MM-DD HH:MM:SS`, UTC). */
  endsAt: string;
  /** The data horizon of the delivery whose data runs latest. */
  othersTo: string;
}
