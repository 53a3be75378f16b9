/**
 * The lines of the month forecast dated after as-of, the data horizon, which the store holds and the forecast does not
 * count (as `costlens budgets` names those its actual leaves out: budgets/after-horizon.ts): the day they are charged on is
 * not complete, so usage_actual counts the complete days to the horizon and the days after it are projected whole at the
 * run-rate. On the legacy CUR of Nov 2023 alone, as of 13 Nov 2023: 14 Nov's usage to 04:00, 0.0090675816 BilledCost,
 * which `costlens invoice` counts in the bill of the days the store holds ($1.68 against the forecast's mtd_actual $1.67).
 * What is left out is what no column counts: usage dated after as-of, and the other charge classes dated after the last
 * day posted_other counts (as-of given, as-of; else the store's last charge day, so none).
 */
import { shortDay } from '../../lib/calendar.ts';
import { usdOrExact } from '../../lib/money.ts';
import type { CostMeasure } from '../anomalies/index.ts';
import { completeDaysTo, datedNotCompleteYet, INVOICE_COUNTS_THEM } from '../after-horizon-words.ts';
import type { BillingDaySpan } from '../billing-calendar.ts';

/** The lines of the month dated after as-of, the data horizon, that no column of the forecast counts. */
export interface ForecastAfterHorizon {
  /** Their sum in each measure, exact. */
  units: Record<CostMeasure, bigint>;
  /** The first and last charge days holding them. */
  first: string;
  last: string;
  /**
   * The last day posted_other counts when it counts charges of the other classes dated after as-of (the default as-of
   * counts them to the store's last charge day): `units` is then usage alone. Null when no column counts a line dated after as-of.
   */
  postedTo: string | null;
  /** The data horizon (as-of) and, when a lagging delivery holds it back, who: as the note names the day (after-horizon-words.ts, completeDaysTo). */
  horizon: Pick<BillingDaySpan, 'lastDay' | 'heldBack'>;
  /** When the horizon is where the data of a delivery that has ended ends (ended-delivery.ts, endedSourcesOfSpan): its sources, named in place of the data horizon; else empty. */
  sources: string[];
}

/** A day's spend in each measure, every charge class and usage alone (trends/daily_spend). */
interface DaySpend {
  day: string | null;
  billed_cost: bigint | null;
  effective_cost: bigint | null;
  usage_billed_cost: bigint | null;
  usage_effective_cost: bigint | null;
}

/**
 * What the forecast of the month `first`–`last` as of `asOf` leaves out of `rows` (the days after as-of, read only when
 * as-of is the data horizon, `span.lastDay`, and the month runs past it): usage dated after as-of, and the other classes
 * dated after `postedThrough`, the last day posted_other counts. Null when as-of is not the horizon, the month ends by
 * as-of, or no such line holds money.
 */
export function forecastLinesAfterHorizon(rows: readonly DaySpend[], month: { first: string; last: string }, asOf: string, postedThrough: string,
  span: Pick<BillingDaySpan, 'lastDay' | 'heldBack'>, sources: readonly string[] = []): ForecastAfterHorizon | null {
  if (asOf !== span.lastDay || asOf >= month.last) return null;
  const later = rows.filter((r) => r.day! > asOf && r.day! >= month.first && r.day! <= month.last);
  const units: Record<CostMeasure, bigint> = { billed: 0n, effective: 0n };
  const days: string[] = [];
  let postedTo: string | null = null;
  for (const r of later) {
    const counted = r.day! <= postedThrough;
    let holds = false;
    for (const cost of ['billed', 'effective'] as const) {
      const usage = r[`usage_${cost}_cost`] ?? 0n;
      const other = (r[`${cost}_cost`] ?? 0n) - usage;
      const left = usage + (counted ? 0n : other);
      units[cost] += left;
      if (left !== 0n) holds = true;
      if (counted && other !== 0n) postedTo = postedThrough;
    }
    if (holds) days.push(r.day!);
  }
  if (units.billed === 0n && units.effective === 0n) return null;
  days.sort();
  return { units, first: days[0], last: days.at(-1)!, postedTo, horizon: { lastDay: span.lastDay, ...(span.heldBack ? { heldBack: span.heldBack } : {}) }, sources: [...sources] };
}

/**
 * The note of {@link ForecastAfterHorizon}, in the words budgets says it (after-horizon-words.ts): `usage_actual and
 * posted_other count the complete days to 13 Nov 2023, the data horizon; the store holds $0.01 more of lines dated 14 Nov
 * 2023, a day not complete yet, which the forecast projects whole instead (\`costlens invoice\` counts them in the bill of
 * the days the store holds).`; the money in cents as the table writes it, exact only below a cent (lib/money.ts,
 * usdOrExact), in each measure when they differ (`$0.01 BilledCost and $0.02 EffectiveCost more`). When posted_other counts
 * charges dated after as-of (`postedTo`): `usage_actual counts the complete days to 13 Nov 2023, the data horizon, and
 * posted_other the charges dated to 14 Nov 2023; the store holds $0.01 more of usage dated 14 Nov 2023, …`. The day is named
 * as budgets names it (completeDaysTo): a lagging delivery holding it back, or where the data of a delivery that has ended ends.
 */
export function forecastAfterHorizonNote(after: ForecastAfterHorizon): string {
  const [span, sources] = [after.horizon, after.sources];
  const { billed, effective } = after.units;
  // Said once when the two read the same as shown (both $0.01), though their exact amounts differ.
  const money = usdOrExact(billed) === usdOrExact(effective) ? usdOrExact(billed) : `${usdOrExact(billed)} BilledCost and ${usdOrExact(effective)} EffectiveCost`;
  const counted = after.postedTo === null
    ? `usage_actual and posted_other count ${completeDaysTo(span, sources)}`
    : `usage_actual counts ${completeDaysTo(span, sources)}, and posted_other the charges dated to ${shortDay(after.postedTo, true)}`;
  const lines = after.postedTo === null ? 'lines' : 'usage';
  return `${counted}; the store holds ${money} more of ${lines} ${datedNotCompleteYet(after.first, after.last)}, which the forecast projects whole instead ${INVOICE_COUNTS_THEM}.`;
}
