/**
 * What `costlens forecast` says about its run-rate fit, in words and in JSON: the band (whose `low`
 * and `high` are month-end totals, as `forecast` is, not edges of `projected_usage`), a level
 * shift the fit does not follow (src/analyze/forecast/level-shift.ts), with the month at the recent
 * rate as a second figure, and, with no level shift, a month at the last 7 fitted days' rate that
 * lies outside the band (src/analyze/forecast/recent-rate.ts). Money as the other notes write it (`$9.66707`, `-$42.15193`: money-text.ts).
 */
import { COST_COLUMN } from '../analyze/anomalies/index.ts';
import { formatUnits } from '../analyze/billing-calendar.ts';
import { bandOffsets, MIN_GAP_PERCENT, MIN_REFERENCE_DAYS, RECENT_DAYS, type CostForecast, type LevelShift, type MonthForecast, type RecentRate } from '../analyze/forecast/index.ts';
import { daySpan, shortDay } from '../lib/calendar.ts';
import { plural } from '../lib/text.ts';
import { unitsOfEstimate } from '../lib/money.ts';
import { noteMoney } from './forecast-expected.ts';

/** A quantile as the notes name it: 0.1 → `10th`, 0.125 → `12.5th`. */
export const percentile = (p: number): string => `${Math.round(p * 1000) / 10}th`;

/** Units with their sign always written: `+$55.868743`, `-$42.15193`. */
const signed = (units: bigint): string => (units >= 0n ? `+${noteMoney(units)}` : noteMoney(units));

/** The band's edges of one measure's projected usage (units): its low and high less what the month holds and the charges expected. */
export function projectedUsageBand(c: CostForecast): { low: bigint; high: bigint } {
  const besidesUsage = c.forecast - c.projectedUsage;
  return { low: c.low - besidesUsage, high: c.high - besidesUsage };
}

/**
 * The band's note: what `low` and `high` are (month-end totals, as `forecast` is), how each
 * projected day's band is made, the residual percentiles it adds and, per measure, the projected
 * usage's edges around `projected_usage`.
 */
export function bandNote(f: MonthForecast): string {
  const measures = [f.billed, f.effective].map((c) => {
    const offsets = bandOffsets(c.fit, f.bandLow, f.bandHigh);
    const band = projectedUsageBand(c);
    return `${COST_COLUMN[c.cost]} ${signed(unitsOfEstimate(offsets.below))} and ${signed(unitsOfEstimate(offsets.above))} a day, `
      + `projected usage ${noteMoney(band.low)} to ${noteMoney(band.high)} around projected_usage ${noteMoney(c.projectedUsage)}`;
  });
  return `Band: low and high are month-end totals, as forecast is (mtd_actual + expected_other + the band's projected usage), not edges of projected_usage. `
    + `Every ${f.missingDays.length ? 'projected' : 'remaining'} day at the trend plus the ${percentile(f.bandLow)} (low) and ${percentile(f.bandHigh)} (high) percentile of the fit's daily residuals, `
    + `each kept on its side of the trend (a percentile on the other side counts as 0, so low ≤ forecast ≤ high); projected days floored at 0: ${measures.join('; ')}.`;
}

/** `$a to $b`, or `$a` when they are the same. */
const moneySpan = (a: bigint, b: bigint): string => (a === b ? noteMoney(a) : `${noteMoney(a)} to ${noteMoney(b)}`);

/**
 * What a month at a rate adds up to besides its usage at that rate, in words: what the month holds
 * (when not 0) and the charges expected at that usage (the tax at its ratio), or that none is.
 */
function monthParts(c: CostForecast, projectedUsage: bigint, monthAtThatRate: bigint): string {
  const others = monthAtThatRate - projectedUsage - c.mtdActual;
  const parts = [...(c.mtdActual !== 0n ? [`${noteMoney(c.mtdActual)} it holds`] : []), others === 0n ? 'no other charge expected' : `${noteMoney(others)} of other charges expected`];
  return parts.join(', ');
}

/**
 * The note on a measure's level shift: the evidence (the judged days, how far outside the band of
 * the fit before them), the recent level and the month at it, beside the forecast, which keeps its fit.
 */
function levelShiftNote(f: MonthForecast, c: CostForecast, s: LevelShift): string {
  const below = s.direction === 'down';
  const fit = f.method === 'linear' ? 'trend' : 'mean';
  const change = s.changedAfter ? `; ${shortDay(s.changedAfter.day, true)} sat ${signed(s.changedAfter.gap)} from it` : '';
  return `Level shift (${COST_COLUMN[c.cost]}): the last ${RECENT_DAYS} fitted days (${daySpan(s.judgedFrom, s.judgedTo)}) sat ${below ? 'below' : 'above'} `
    + `the band of the ${f.method === 'linear' ? 'least-squares trend' : 'mean'} of the ${s.referenceDays} fitted days before them (${daySpan(s.referenceFrom, s.referenceTo)}), `
    + `${below ? 'low' : 'high'} edge ${moneySpan(s.edgeLeast, s.edgeMost)} a day, by ${moneySpan(s.beyondLeast, s.beyondMost)}. `
    + `Since ${shortDay(s.from, true)} usage ran at ${noteMoney(s.dailyMean)} a day (${plural(s.days, 'fitted day')}, each within ${signed(s.spreadBelow)} to ${signed(s.spreadAbove)} `
    + `of the mean of the days after it${change}). At that rate the ${plural(s.estimatedDays, 'day')} still to estimate come to ${s.estimatedDays} × ${noteMoney(s.dailyMean)} = ${noteMoney(s.projectedUsage)} `
    + `of usage and the month to ${noteMoney(s.monthAtThatRate)} (${monthParts(c, s.projectedUsage, s.monthAtThatRate)}); `
    + `the forecast, ${noteMoney(c.forecast)} (projected_usage ${noteMoney(c.projectedUsage)}), keeps the ${fit}.`;
}

/** The rule the level-shift notes follow, said once after them: the fit's method and band quantiles are `f`'s. */
function levelShiftRule(f: MonthForecast): string {
  const fit = f.method === 'linear' ? 'trend' : 'mean';
  return `Level shift, the rule: the last ${RECENT_DAYS} fitted days all below the low edge (or all above the high edge) of the band of the ${f.method === 'linear' ? 'least-squares trend' : 'mean'} `
    + `of the fitted days before them, at least ${MIN_REFERENCE_DAYS} (the ${percentile(f.bandLow)} and ${percentile(f.bandHigh)} percentile of its residuals, as the forecast's band), `
    + `are a step the forecast's ${fit} does not follow; the forecast's own fit is no judge of days it was fitted on. `
    + `The recent rate: back from the last fitted day, the days that sit from the mean of the days after them no further than the reference days sat from their ${fit}; `
    + `their usage ÷ their number, to the micro-dollar.`;
}

/**
 * The notes on level shifts, one per measure that has one, then the rule once; one saying none was
 * judged when the fit has too few days (and a day is left to estimate); none else.
 */
export function levelShiftNotes(f: MonthForecast): string[] {
  const needed = RECENT_DAYS + MIN_REFERENCE_DAYS;
  if (f.fitDays < needed && f.daysRemaining + f.missingDays.length > 0) {
    return [`Level shift: not judged, the fit has ${plural(f.fitDays, 'day')} and the check needs ${needed} (the last ${RECENT_DAYS} against at least ${MIN_REFERENCE_DAYS} before them).`];
  }
  const notes = [f.billed, f.effective].flatMap((c) => (c.levelShift ? [levelShiftNote(f, c, c.levelShift)] : []));
  return notes.length ? [...notes, levelShiftRule(f)] : [];
}

/**
 * The note on a measure's month at the recent rate outside the band: the evidence (the last fitted
 * days' rate against the trend's) and the month at that rate, beside the band's edge it lies beyond.
 */
function recentRateNote(f: MonthForecast, c: CostForecast, r: RecentRate): string {
  const below = r.outside === 'below';
  const fit = f.method === 'linear' ? 'trend' : 'mean';
  return `Recent rate (${COST_COLUMN[c.cost]}): the last ${plural(r.days, 'fitted day')} (${daySpan(r.from, r.to)}) ran at ${noteMoney(r.dailyMean)} a day, `
    + `the ${fit} at ${noteMoney(r.trendDailyMean)} a day on average over the ${plural(r.estimatedDays, 'day')} still to estimate. `
    + `At the recent rate those come to ${r.estimatedDays} × ${noteMoney(r.dailyMean)} = ${noteMoney(r.projectedUsage)} of usage and the month to ${noteMoney(r.monthAtThatRate)} (${monthParts(c, r.projectedUsage, r.monthAtThatRate)}), `
    + `${r.outside} the band's ${below ? 'low' : 'high'} edge of ${noteMoney(below ? c.low : c.high)}; the forecast, ${noteMoney(c.forecast)}, keeps the ${fit}.`;
}

/** The rule the recent-rate notes follow, said once after them. */
const RECENT_RATE_RULE = `Recent rate, the rule: the month at the mean rate of the last ${RECENT_DAYS} fitted days (their usage ÷ ${RECENT_DAYS}, to the micro-dollar) `
  + `is named when it lies below the band's low edge or above its high edge and ${MIN_GAP_PERCENT} % or more of the forecast away from it; `
  + `judged on at least ${RECENT_DAYS} fitted days, when no level shift is found.`;

/** The notes on a month at the recent rate outside the band, one per measure that has one, then the rule once. */
export function recentRateNotes(f: MonthForecast): string[] {
  const notes = [f.billed, f.effective].flatMap((c) => (c.recentRate ? [recentRateNote(f, c, c.recentRate)] : []));
  return notes.length ? [...notes, RECENT_RATE_RULE] : [];
}

/** A month at the recent rate outside the band in a forecast row's JSON (`recentRate`): money as 6-decimal strings. */
export interface RecentRateJson {
  from: string;
  to: string;
  days: number;
  dailyMean: string;
  estimatedDays: number;
  trendDailyMean: string;
  projectedUsage: string;
  monthAtThatRate: string;
  outside: 'below' | 'above';
}

/** A level shift in a forecast row's JSON (`levelShift`): money as 6-decimal strings. */
export interface LevelShiftJson {
  direction: 'down' | 'up';
  judgedFrom: string;
  judgedTo: string;
  referenceFrom: string;
  referenceTo: string;
  from: string;
  to: string;
  days: number;
  dailyMean: string;
  estimatedDays: number;
  projectedUsage: string;
  monthAtThatRate: string;
}

/** What a measure's forecast row adds to its JSON about the fit: the band's projected usage, the level shift and the month at the recent rate outside the band (null: none). */
export function fitJson(c: CostForecast): { projectedUsageLow: string; projectedUsageHigh: string; levelShift: LevelShiftJson | null; recentRate: RecentRateJson | null } {
  const band = projectedUsageBand(c);
  const [s, r] = [c.levelShift, c.recentRate];
  return {
    projectedUsageLow: formatUnits(band.low),
    projectedUsageHigh: formatUnits(band.high),
    levelShift: s === null ? null : {
      direction: s.direction, judgedFrom: s.judgedFrom, judgedTo: s.judgedTo, referenceFrom: s.referenceFrom, referenceTo: s.referenceTo,
      from: s.from, to: s.to, days: s.days, dailyMean: formatUnits(s.dailyMean), estimatedDays: s.estimatedDays,
      projectedUsage: formatUnits(s.projectedUsage), monthAtThatRate: formatUnits(s.monthAtThatRate),
    },
    recentRate: r === null ? null : {
      from: r.from, to: r.to, days: r.days, dailyMean: formatUnits(r.dailyMean), estimatedDays: r.estimatedDays, trendDailyMean: formatUnits(r.trendDailyMean),
      projectedUsage: formatUnits(r.projectedUsage), monthAtThatRate: formatUnits(r.monthAtThatRate), outside: r.outside,
    },
  };
}
