/**
 * What the month-end forecast (month-end.ts) gives: each cost measure's figures, exact in bigint
 * units, the days of the month it covers, actual and projected, and everything needed to explain it.
 */
import type { CostMeasure } from '../anomalies/index.ts';
import type { EndedPartialDay } from '../ended-delivery.ts';
import type { ForecastConfig } from '../trends-config.ts';
import type { ForecastAfterHorizon } from './after-horizon.ts';
import type { EndedForecastSource } from './ended-sources.ts';
import type { ExpectedCharge } from './expected.ts';
import type { RunRateFit } from './fit.ts';
import type { LevelShift } from './level-shift.ts';
import type { RecentRate } from './recent-rate.ts';

/**
 * The forecast of one cost measure. Money is exact, in bigint units (src/lib/money.ts): what the
 * store holds is summed exactly; what the fit estimates (a float) is converted once, to the
 * micro-dollar (lib/money.ts `unitsOfEstimate`), as is what is still expected of a fee or
 * the tax. Every total is the exact sum of its parts, so `forecast` = `mtdActual` +
 * `projectedRemaining` and `projectedRemaining` = `projectedUsage` + Σ `expected[].remaining`, to
 * the unit, and, the estimates being on the 6-decimal grid, to the printed digit too.
 */
export interface CostForecast {
  cost: CostMeasure;
  /** Usage on the complete days of the month up to as-of that the store holds. */
  usageActual: bigint;
  /** Other charge classes posted in the month so far (recurring, one-time, tax, credit). */
  posted: Record<'recurring' | 'one-time' | 'tax' | 'credit', bigint>;
  /** usageActual + every posted class: what the month holds so far. */
  mtdActual: bigint;
  /** The part of usageActual on provisional days and partial days (`MonthForecast.partialDays`): what may still change. */
  mtdProvisional: bigint;
  /** The fitted usage run-rate summed over the days still to estimate: the missing days and the days after as-of (micro-dollar grid). */
  projectedUsage: bigint;
  /** Recurring fees and tax expected before month end, each named. */
  expected: ExpectedCharge[];
  /** projectedUsage + every expected charge's remaining amount. */
  projectedRemaining: bigint;
  /** mtdActual + projectedRemaining. */
  forecast: bigint;
  /** mtdActual + the expected charges + the band's low edge of the projected usage. */
  low: bigint;
  high: bigint;
  /** The fitted usage run-rate on the first day after as-of (0 when the month is over). */
  nextDayRunRate: bigint;
  fit: RunRateFit;
  /** Usage that stepped down or up inside the fit, which the trend does not follow (level-shift.ts), and the month at its rate; null: none found, or too few fitted days to judge. */
  levelShift: LevelShift | null;
  /** The month at the last 7 fitted days' rate when it lies outside the band and no level shift was found (recent-rate.ts); null else. */
  recentRate: RecentRate | null;
}

/** One day of the month, in units: actual usage up to as-of (exact), then the projection (micro-dollar grid). */
export interface ForecastDay {
  day: string;
  /**
   * `missing`: a day up to as-of that the store does not hold, projected as the days after as-of are;
   * `partial`: one of `MonthForecast.partialDays`, its usage counted but not all of it in the store.
   */
  status: 'actual' | 'provisional' | 'partial' | 'no data' | 'missing' | 'projected';
  billed: bigint;
  effective: bigint;
  /** Band edges of projected days. */
  billedLow?: bigint;
  billedHigh?: bigint;
  effectiveLow?: bigint;
  effectiveHigh?: bigint;
}

/** The month-end forecast with everything needed to explain it. */
export interface MonthForecast {
  month: string;
  asOf: string;
  /** How as-of was chosen, in words: `given`, or `the last complete day in the store` and, when a lagging delivery holds it back, who (billing-calendar.ts, heldBackWords). */
  asOfReason: string;
  daysInMonth: number;
  /** The first day the forecast covers: the month's first day, or the store's first charge day when the month begins before it. */
  coversFrom: string;
  /**
   * Days of the month before the store's first charge day: not in the store and not in the forecast,
   * neither counted as $0.00 nor projected (nothing in the store says what, if anything, was spent on
   * them), as a budget's actual covers only the days the store holds. Empty unless the store begins inside the month.
   */
  daysBeforeData: string[];
  /** Why those days are not in the store (`the store's billing data begins on 10 Nov 2018`), or null. */
  beforeDataWhy: string | null;
  /** Days the forecast covers up to as-of (from `coversFrom`), held or not (`missingDays` are among them). */
  daysElapsed: number;
  /** Days of the month after as-of. */
  daysRemaining: number;
  /**
   * Days from `coversFrom` up to as-of that the store does not hold (a gap inside a billing period):
   * never counted as $0.00 of usage, they are projected at the run-rate.
   */
  missingDays: string[];
  /** Why those days are not in the store, in words (null when none is missing). */
  missingWhy: string | null;
  lastBillingDay: string;
  firstProvisionalDay: string | null;
  /** Days of the month up to as-of that are provisional. */
  provisionalDays: string[];
  /**
   * Days of the month up to as-of after the data horizon of a delivery that has ended holding its lines
   * (ended-delivery.ts, endedPartialDays: the legacy CUR's 14 Nov 2023, usage to 04:00): counted in
   * usageActual and mtdProvisional, never fitted with that delivery's lines (the fit ends before the provisional days).
   */
  partialDays: EndedPartialDay[];
  /**
   * Those of `partialDays` the run-rate is fitted on without their delivery's lines: it is left out of the fit
   * (`endedSources`) and the day, in the days fitted, holds the other deliveries' usage (the legacy CUR's 14 Nov 2023
   * beside a FOCUS export of 1–30 Nov, as of 19 Nov); the others are not fitted. Empty when none is.
   */
  partialDaysFitted: string[];
  /** The provisional days up to as-of, left out of the fit: `provisionalDays` and, for the month after the data horizon, the month before's last days. */
  unfittedDays: string[];
  method: ForecastConfig['method'];
  /** The first and last fitted days; every day between them with usage is fitted. */
  fitFrom: string;
  fitTo: string;
  fitDays: number;
  bandLow: number;
  bandHigh: number;
  /** The complete month the recurring fees and tax are expected from: the month before, when the store holds it whole (null: it does not). */
  expectationsFrom: string | null;
  /**
   * Why no recurring fees or tax are expected (null when `expectationsFrom` is set), in words:
   * `the month before (Oct 2023) is not in the store: the store's billing data begins on 1 Nov 2023`,
   * or, the month before lying in a gap, `… is not in the store: the store holds no billing data on 1 Dec
   * 2018 – 31 Oct 2023` (expected.ts `monthBeforeNotInStore`, as a budget's forecast basis says it).
   */
  expectationsWhyNot: string | null;
  /**
   * The deliveries that have ended before as-of while another delivery's data runs on in the days the
   * forecast reads (ended-delivery.ts endedLeftOutOfFit), earliest first: their lines count in usageActual
   * and posted (money billed), but the run-rate is fitted on the other deliveries' usage alone and nothing
   * more of theirs is projected or expected (ended-sources.ts). Empty when none.
   */
  endedSources: EndedForecastSource[];
  /**
   * The lines of the month dated after as-of, when as-of is the data horizon and the month runs past it, that no column
   * counts (after-horizon.ts): held in the store (`costlens invoice` counts them), not counted, their days projected whole
   * at the run-rate; every figure is as without them. Null when there are none.
   */
  afterHorizon: ForecastAfterHorizon | null;
  billed: CostForecast;
  effective: CostForecast;
  days: ForecastDay[];
}
