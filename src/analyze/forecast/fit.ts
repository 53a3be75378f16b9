/** The run-rate model of the forecast: a least-squares line (or a flat mean) and residual quantiles. */

/**
 * The fewest days a run-rate is fitted on, a week (each weekday once): the forecast (month-end.ts) and
 * the budgets (budgets/forecast.ts) make none on fewer. A line through one or two days has no residual
 * to make a band of (a range of zero width), and a line through a few days after a gap or the start of
 * the data swings the month (the store of every real file as of 2 Sep 2024, fitted on 1–2 Sep:
 * BilledCost $0.17, range $0.17 – $0.17, against the month's $20.52).
 */
export const MIN_FIT_DAYS = 7;

/** A daily run-rate model: spend on day index x is intercept + slope × x. */
export interface RunRateFit {
  method: 'linear' | 'mean';
  slope: number;
  intercept: number;
  /** Observed − fitted, one per fitted day. */
  residuals: number[];
}

/**
 * Fits daily spend `ys` observed at day indices `xs` (days need not be contiguous).
 * `linear` is ordinary least squares; `mean` is a flat line at the average. A linear fit of a
 * single day degrades to the mean.
 */
export function fitRunRate(xs: readonly number[], ys: readonly number[], method: 'linear' | 'mean'): RunRateFit {
  if (xs.length !== ys.length || xs.length === 0) throw new RangeError('fitRunRate needs as many days as values, at least one');
  const n = xs.length;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let slope = 0;
  if (method === 'linear' && n > 1) {
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (xs[i] - meanX) * (ys[i] - meanY);
      sxx += (xs[i] - meanX) ** 2;
    }
    slope = sxx === 0 ? 0 : sxy / sxx;
  }
  const intercept = meanY - slope * meanX;
  return { method, slope, intercept, residuals: ys.map((y, i) => y - (intercept + slope * xs[i])) };
}

/**
 * The p-quantile of a non-empty list by linear interpolation between order statistics
 * (Hyndman–Fan type 7: numpy's default, and DuckDB's quantile_cont).
 */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The projection of remaining days: the point forecast and the band, each day floored at 0. */
export interface Projection {
  point: number;
  low: number;
  high: number;
}

/** How far below and above the trend the band reaches on each day: see {@link bandOffsets}. */
export interface BandOffsets {
  /** The `bandLow` quantile of the residuals, or 0 when that is above the trend (≤ 0). */
  below: number;
  /** The `bandHigh` quantile of the residuals, or 0 when that is below the trend (≥ 0). */
  above: number;
}

/**
 * The band's offsets from the trend: the `bandLow` and `bandHigh` quantiles of the fit's residuals,
 * each kept on its side of the trend. Residuals of a least-squares line (or of the mean) add up to
 * 0, but their 10th percentile need not be below 0: one day far below the trend (an outage, a day
 * half billed) among days a little above it makes it positive, and the band's low edge would sit
 * above the projection (19 days at 100 and one at 0: mean 95, residuals 5 and −95, the 10th
 * percentile +5: low 100 a day against the projection's 95). The band always contains the projection.
 */
export function bandOffsets(fit: RunRateFit, bandLow: number, bandHigh: number): BandOffsets {
  return { below: Math.min(0, quantile(fit.residuals, bandLow)), above: Math.max(0, quantile(fit.residuals, bandHigh)) };
}

/**
 * Sums the fitted run-rate over day indices `xs`: point = Σ max(0, fit), low/high = Σ max(0,
 * fit + offset) ({@link bandOffsets}). The band assumes the remaining days sit as far from the trend
 * as the chosen quantiles of the fitted days did, never on the other side of it: low ≤ point ≤ high.
 */
export function project(fit: RunRateFit, xs: readonly number[], bandLow: number, bandHigh: number): Projection {
  const { below: qLow, above: qHigh } = bandOffsets(fit, bandLow, bandHigh);
  let point = 0;
  let low = 0;
  let high = 0;
  for (const x of xs) {
    const trend = fit.intercept + fit.slope * x;
    point += Math.max(0, trend);
    low += Math.max(0, trend + qLow);
    high += Math.max(0, trend + qHigh);
  }
  return { point, low, high };
}
