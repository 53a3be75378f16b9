/**
 * The one line a surface that shows a month-end forecast (the weekly e-mail's month section) adds
 * when the forecast's trend runs far from where usage has recently been: a level shift the fit does
 * not follow (level-shift.ts) or a month at the last 7 fitted days' rate outside the band
 * (recent-rate.ts). `costlens forecast` gives each with its rule and evidence (src/cli/forecast-fit-notes.ts);
 * the line gives the second month-end figure and points there. Money is written as the surface writes
 * it (by default whole cents, as the e-mail's tables: `$39.90`), days as the e-mail and the notes
 * write them (`21–27 Sep 2024`, `25 Nov 2018`).
 */
import { daySpan, shortDay } from '../../lib/calendar.ts';
import { centsOfUnits, formatUsd } from '../../lib/money.ts';
import { COST_COLUMN } from '../anomalies/index.ts';
import { RECENT_DAYS } from './level-shift.ts';
import type { CostForecast } from './month-forecast.ts';

/** How a surface writes the caveat's money and names the command that gives the evidence. */
export interface TrendCaveatWords {
  /** An amount (units) as the surface shows money; default whole cents as the e-mail's tables do (`$1,690.00`, `−$3.10`). */
  money?: (units: bigint) => string;
  /** The command that gives the rule and the evidence, as the surface writes it; default `costlens forecast`. */
  command?: string;
}

const cents = (units: bigint): string => formatUsd(centsOfUnits(units));

/**
 * The caveat on one measure's month-end forecast when its trend runs far from the recent level, or
 * null when `c` has neither finding: `BilledCost: the forecast's trend runs above the rate of its
 * last 7 fitted days (21–27 Sep 2024, $1.29 a day): at that rate the month would be $39.90.
 * costlens forecast gives the rule and its evidence.`, or for a level shift `BilledCost: usage
 * stepped down on 25 Nov 2018, and the forecast's trend does not follow it: at the rate since then
 * ($9.67 a day) the month would be $451.98. …`.
 */
export function trendCaveat(c: CostForecast, words: TrendCaveatWords = {}): string | null {
  const money = words.money ?? cents;
  const evidence = `${words.command ?? 'costlens forecast'} gives the rule and its evidence.`;
  const fit = c.fit.method === 'linear' ? 'trend' : 'mean';
  const s = c.levelShift;
  if (s !== null) {
    // `from` is the first day at the recent level: the day after the last change (changedAfter), when the level does not run back to the first fitted day.
    const stepped = s.changedAfter !== null
      ? `usage stepped ${s.direction} on ${shortDay(s.from, true)}, and the forecast's ${fit} does not follow it: at the rate since then (${money(s.dailyMean)} a day)`
      : `usage stepped ${s.direction} in its last ${RECENT_DAYS} fitted days (${daySpan(s.judgedFrom, s.judgedTo)}), and the forecast's ${fit} does not follow it: `
        + `at the rate of ${daySpan(s.from, s.to)} (${money(s.dailyMean)} a day)`;
    return `${COST_COLUMN[c.cost]}: ${stepped} the month would be ${money(s.monthAtThatRate)}. ${evidence}`;
  }
  const r = c.recentRate;
  if (r === null) return null;
  return `${COST_COLUMN[c.cost]}: the forecast's ${fit} runs ${r.outside === 'below' ? 'above' : 'below'} the rate of its last ${r.days} fitted days `
    + `(${daySpan(r.from, r.to)}, ${money(r.dailyMean)} a day): at that rate the month would be ${money(r.monthAtThatRate)}. ${evidence}`;
}
