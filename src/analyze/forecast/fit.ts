/** The run-rate model of the forecast: a least-squares line (or a flat mean) and residual quantiles. */

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

/**
 * Sums the fitted run-rate over day indices `xs`: point = Σ max(0, fit), low/high = Σ max(0,
 * fit + residual quantile). The band assumes the remaining days sit as far from the trend as the
 * chosen quantiles of the fitted days did.
 */
export function project(fit: RunRateFit, xs: readonly number[], bandLow: number, bandHigh: number): Projection {
  const qLow = quantile(fit.residuals, bandLow);
  const qHigh = quantile(fit.residuals, bandHigh);
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
