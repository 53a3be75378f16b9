/**
 * A trend projected far from where usage has recently been: a second, simpler check beside the level
 * shift (level-shift.ts). A least-squares trend fitted on usage that ramps up (or runs down) inside
 * the fitted days is carried on over every day still to estimate, so its month can lie far from a
 * month at the rate the most recent days ran at, even when no step inside the fit is found: on the
 * FOCUS sample the trend of 1–27 Sep 2024 projects October at $2.686583 a day of usage, where its
 * last 7 fitted days ran at $1.287169 a day.
 *
 * The rule. The month at the recent rate (the mean of the last {@link RECENT_DAYS} fitted days: their
 * exact usage ÷ their number, rounded once to the micro-dollar, level-shift.ts `dailyMeanOf`, × the
 * days the forecast estimates, with what the month holds and the charges still expected) lies outside
 * the forecast's own band (below its low month-end or above its high) and at least
 * {@link MIN_GAP_PERCENT} % away from the forecast: a fit with little scatter has a narrow band, and a
 * month a few percent off it (the demo's, 2.7 %) is not worth a reader's attention. Judged only with at least
 * {@link RECENT_DAYS} fitted days and a day to estimate, and only when no level shift was found for
 * the measure (whose own note gives a month at the rate since the last change).
 */
import { divideRounded } from '../../lib/money.ts';
import { toMicroGrid } from '../billing-calendar.ts';
import { dailyMeanOf, type FittedUsage, type LevelShift, monthAtRate, RECENT_DAYS } from './level-shift.ts';

/** How far (in % of the forecast's month-end) the month at the recent rate must lie from it, besides outside the band. */
export const MIN_GAP_PERCENT = 10;

/** The forecast's figures of one measure that the rule reads (units). */
export interface TrendMonth {
  /** The days the forecast estimates (missing up to as-of, and after it). */
  estimatedDays: number;
  /** The trend's usage over them (micro-dollar grid). */
  projectedUsage: bigint;
  /** The forecast's month-end and the band's month-end totals. */
  forecast: bigint;
  low: bigint;
  high: bigint;
}

/** A month at the recent rate outside the forecast's band, with its evidence (money in units). */
export interface RecentRate {
  /** The last {@link RECENT_DAYS} fitted days: the first, the last, how many. */
  from: string;
  to: string;
  days: number;
  /** Their usage a day: the exact sum ÷ `days`, rounded once to the micro-dollar. */
  dailyMean: bigint;
  /** The days still to estimate. */
  estimatedDays: number;
  /** The trend's projected usage a day over them on average: its projected usage ÷ `estimatedDays`, rounded once to the micro-dollar. */
  trendDailyMean: bigint;
  /** `dailyMean` × `estimatedDays`, exactly. */
  projectedUsage: bigint;
  /** What the month holds + `projectedUsage` + the charges still expected (the tax at its ratio of them). */
  monthAtThatRate: bigint;
  /** Which edge of the forecast's band the month at that rate lies beyond: its low month-end (below) or its high (above). */
  outside: 'below' | 'above';
}

/**
 * The month at the recent rate when it lies outside the forecast's band (see the module comment),
 * else null: inside the band, fewer than {@link RECENT_DAYS} fitted days, no day to estimate, or a
 * level shift found (`levelShift` not null). `monthEndWith` is the forecast's own sum of what the
 * month holds, a usage and the charges still expected with it (as level-shift.ts `levelShiftMonth` reads).
 */
export function findRecentRate(fitted: Pick<FittedUsage, 'days' | 'units'>, trend: TrendMonth, levelShift: LevelShift | null,
  monthEndWith: (usage: bigint) => bigint): RecentRate | null {
  const n = fitted.days.length;
  if (levelShift !== null || n < RECENT_DAYS || trend.estimatedDays === 0) return null;
  const dailyMean = dailyMeanOf(fitted.units.slice(n - RECENT_DAYS));
  const { projectedUsage, monthAtThatRate } = monthAtRate(dailyMean, trend.estimatedDays, monthEndWith);
  const outside = monthAtThatRate < trend.low ? 'below' : monthAtThatRate > trend.high ? 'above' : null;
  if (outside === null || !farFrom(monthAtThatRate, trend.forecast)) return null;
  return {
    from: fitted.days[n - RECENT_DAYS],
    to: fitted.days[n - 1],
    days: RECENT_DAYS,
    dailyMean,
    estimatedDays: trend.estimatedDays,
    trendDailyMean: toMicroGrid(divideRounded(trend.projectedUsage, BigInt(trend.estimatedDays))),
    projectedUsage,
    monthAtThatRate,
    outside,
  };
}

/** Whether `month` lies at least {@link MIN_GAP_PERCENT} % of `forecast` away from it (a zero forecast: any gap counts). */
function farFrom(month: bigint, forecast: bigint): boolean {
  const gap = month > forecast ? month - forecast : forecast - month;
  const base = forecast < 0n ? -forecast : forecast;
  return gap * 100n >= base * BigInt(MIN_GAP_PERCENT);
}
