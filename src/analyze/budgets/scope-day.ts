/**
 * The rows a budget's forecast reads (budgets/scope_daily_spend, one measure) and the months it
 * forecasts, shared by the forecast (forecast.ts) and its fees (fee-lines.ts).
 */
import { unitsOfNumber } from '../../lib/money.ts';

/** One row of budgets/scope_daily_spend in the budget's measure. */
export interface ScopeDay {
  day: string;
  chargeClass: string;
  service: string;
  /** The amount exactly, in units (the store's figure): what every sum reads. */
  units?: bigint;
  /** The amount as a number, for a hand-built row without `units` (read as its units; neither: 0). */
  cost?: number;
  /** The start of the term of the Reserved Instance or Savings Plan a recurring fee is for (null or absent: none on the bill). */
  commitmentStart?: string | null;
  /** The end of that term (null or absent: none on the bill). */
  commitmentEnd?: string | null;
  /** Charged for a charge period longer than a day (budgets/scope_daily_spend `last_day` after the charge day: a posting); absent: a day or less. */
  posted?: boolean;
  /** What a recurring fee is for (budgets/scope_daily_spend `commitment`): 'reservation' (an RI's fee, posted once a month however short its line), 'savings_plan'; null or absent: neither. */
  commitment?: string | null;
  /** The CommitmentDiscountId of a commitment's fee priced by the hour with no term on the bill (budgets/scope_daily_spend `commitment_id`: FOCUS); null or absent: none. */
  commitmentId?: string | null;
  /** Which commitment a recurring fee is for (budgets/scope_daily_spend `commitment_key`: its ARN, else CommitmentDiscountId), each expected on its own; null or absent: none named. */
  commitmentKey?: string | null;
}

/** A row's amount in units: `units`, else its `cost` as units, else 0. */
export const unitsOf = (r: ScopeDay): bigint => r.units ?? unitsOfNumber(r.cost ?? 0);
/** The exact sum of rows' amounts, in units. */
export const sumOf = (rows: readonly ScopeDay[]): bigint => rows.reduce((sum, r) => sum + unitsOf(r), 0n);

/** The remaining days of a period by month: the as-of day's month first (when any of its days remain), then each later month. */
export interface MonthLeft {
  month: string;
  current: boolean;
  days: string[];
  /** The projected usage over `days`, in units (micro-dollar grid). */
  usage: bigint;
}
