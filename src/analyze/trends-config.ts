import { z } from 'zod';

/**
 * `anomalies:` in costlens.config.*: the rule that flags a day's spend.
 * A day is flagged when |actual − median| > madMultiplier × madScale × MAD and > minDollars,
 * median and MAD taken over the `trailingDays` calendar days before it.
 */
export const anomaliesConfigSchema = z.object({
  /** Days of history before a judged day; a day with fewer days of billing data before it is not judged. */
  trailingDays: z.number().int().min(3).default(28),
  /** k: how many (scaled) MADs a day must depart from the median. */
  madMultiplier: z.number().positive().default(3),
  /** Multiplies the raw MAD: 1 = raw median absolute deviation; 1.4826 makes it estimate σ for normal data. */
  madScale: z.number().positive().default(1),
  /** A departure must also exceed this many dollars (currency units). */
  minDollars: z.number().nonnegative().default(10),
  /** Which charges count: usage (the usage charge class; fees, tax, credits and upfront payments left out) or all. `run-rate` is the older name of usage. */
  charges: z.enum(['usage', 'run-rate', 'all']).default('usage').transform((c) => (c === 'run-rate' ? 'usage' : c)),
  /** The last days of billing data in the store that are labelled provisional (AWS restates them). */
  provisionalDays: z.number().int().min(0).default(3),
  /**
   * The smallest event worth listing: an event whose |impact| is under
   * max(minDollars, share × the value's average daily spend over the trailing days before the event × the event's days)
   * is counted as below the noise floor and left out of the list and the e-mails.
   */
  noiseFloor: z.object({
    /** Share of the service's (or account's) average daily spend, per day of the event (0.1 = 10 %). */
    share: z.number().min(0).default(0.1),
    /** The floor never goes below this many dollars (currency units). */
    minDollars: z.number().nonnegative().default(25),
  }).strict().default({}),
}).strict().default({});

/**
 * `forecast:` in costlens.config.*: month-end forecast = month-to-date actual + the fitted
 * run-rate over the remaining days, with a band from the spread of the fit's daily residuals.
 */
export const forecastConfigSchema = z.object({
  /** The last days of CUR data are provisional (AWS restates them): excluded from the fit. */
  provisionalDays: z.number().int().min(0).default(3),
  /** Calendar days (ending at the last non-provisional day) whose run-rate spend is fitted; at least MIN_FIT_DAYS (checked in analyze/config.ts). */
  fitDays: z.number().int().default(28),
  /** linear: least-squares trend line; mean: flat average daily run-rate. */
  method: z.enum(['linear', 'mean']).default('linear'),
  /** The low edge of the band: this quantile of the fit's daily residuals, added to every remaining day. */
  bandLow: z.number().min(0).max(1).default(0.1),
  /** The high edge of the band: this quantile of the fit's daily residuals. */
  bandHigh: z.number().min(0).max(1).default(0.9),
}).strict().refine((c) => c.bandLow <= c.bandHigh, { message: 'bandLow must not exceed bandHigh', path: ['bandLow'] }).default({});

export type AnomaliesConfig = z.infer<typeof anomaliesConfigSchema>;
export type ForecastConfig = z.infer<typeof forecastConfigSchema>;
