/**
 * One raw CloudWatch series (a sample every 5 minutes) written at the periods a user exports:
 * 300 s rows (each a raw sample, SampleCount 1), 3600 s rows (12 samples each), and the daily
 * (86400 s) rows equivalent to either: computed here, independently of the SQL, by the rules
 * DESIGN and issue 12 state (Maximum → max, Minimum → min, Sum and SampleCount → sum, Average →
 * mean, pNN → the exact percentile of raw samples, else the max of the finer percentiles).
 */
import { percentile, type MetricPoint } from './fixtures.ts';

/** One resource's metric: its raw 5-minute samples per day (288 a day) and the statistics to write. */
export interface RawSeries {
  resourceId: string;
  namespace: string;
  metric: string;
  statistics: string[];
  /** days[i] is the i-th day (YYYY-MM-DD); samples[i] its 288 values, in time order. */
  days: string[];
  samples: number[][];
}

const SAMPLES_PER_HOUR = 12;

/** A statistic of a group of raw samples. */
function statisticOf(statistic: string, values: readonly number[]): number {
  switch (statistic) {
    case 'Maximum': return Math.max(...values);
    case 'Minimum': return Math.min(...values);
    case 'Sum': return values.reduce((a, b) => a + b, 0);
    case 'SampleCount': return values.length;
    case 'Average': return values.reduce((a, b) => a + b, 0) / values.length;
    default: return percentile(values, Number(statistic.slice(1)))!;
  }
}

const stamp = (day: string, seconds: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + seconds * 1000).toISOString().replace('.000Z', 'Z');

function point(s: RawSeries, statistic: string, day: string, value: number, periodS: number, at: string): MetricPoint {
  return { resourceId: s.resourceId, namespace: s.namespace, metric: s.metric, statistic, day, value, periodS, at };
}

/** The series as 300 s rows: every statistic of one raw sample (SampleCount 1). */
export function fiveMinuteRows(s: RawSeries): MetricPoint[] {
  return s.days.flatMap((day, i) => s.samples[i].flatMap((v, k) =>
    s.statistics.map((stat) => point(s, stat, day, statisticOf(stat, [v]), 300, stamp(day, k * 300)))));
}

/** The hour `h` of day `i`'s samples. */
const hourOf = (s: RawSeries, i: number, h: number) => s.samples[i].slice(h * SAMPLES_PER_HOUR, (h + 1) * SAMPLES_PER_HOUR);

/** The series as 3600 s rows: each statistic over the hour's 12 samples. */
export function hourlyRows(s: RawSeries): MetricPoint[] {
  return s.days.flatMap((day, i) => Array.from({ length: 24 }, (_, h) => h).flatMap((h) =>
    s.statistics.map((stat) => point(s, stat, day, statisticOf(stat, hourOf(s, i, h)), 3600, stamp(day, h * 3600)))));
}

/** The daily rows CloudWatch would give for the raw samples: each statistic over the day's 288 samples (percentiles exact). */
export function dailyRowsOfRaw(s: RawSeries): MetricPoint[] {
  return s.days.flatMap((day, i) => s.statistics.map((stat) => point(s, stat, day, statisticOf(stat, s.samples[i]), 86400, stamp(day, 0))));
}

/**
 * The daily rows equivalent to the hourly rows: max of maxima, min of minima, sums of sums and
 * counts, the time-weighted mean of the hourly averages (Σ average × 3600 / 86400), and for a
 * percentile the max of the hourly percentiles (an upper bound: hourly rows are not raw values).
 */
export function dailyRowsOfHourly(s: RawSeries): MetricPoint[] {
  return s.days.flatMap((day, i) => s.statistics.map((stat) => {
    const hourly = Array.from({ length: 24 }, (_, h) => statisticOf(stat, hourOf(s, i, h)));
    const value = stat === 'Minimum' ? Math.min(...hourly)
      : stat === 'Sum' || stat === 'SampleCount' ? hourly.reduce((a, b) => a + b, 0)
      : stat === 'Average' ? hourly.reduce((a, b) => a + b * 3600, 0) / 86400
      : Math.max(...hourly);
    return point(s, stat, day, value, 86400, stamp(day, 0));
  }));
}

/**
 * 288 samples a day, multiples of 1/64 (so every sum is exact in binary floating point): each
 * hour is `base(day, hour)` (plus `spike(day)` in one hour of the day) with offsets in ± pairs
 * that cancel, scaled by `scale`, so the hour's mean is its base. Offsets reach ± scale.
 */
export function syntheticDays(days: readonly string[], base: (day: number, hour: number) => number, spike: (day: number) => number,
  scale = 1): number[][] {
  return days.map((_, i) => Array.from({ length: 24 }, (_, h) => {
    const b = base(i, h) + (h === (i * 5) % 24 ? spike(i) : 0);
    const pairs = [0.125, 0.25, 0.375, 0.125 * ((i + h) % 4), 0.5 * ((i * h) % 3)];
    return [0, 0, ...pairs.flatMap((d) => [-d, d])].map((d) => b + d * scale);
  }).flat());
}

/** The series exported at 3600 s until noon and at 300 s after (an export whose period changed mid-day). */
export function splitDayRows(s: RawSeries): MetricPoint[] {
  const hour = (p: MetricPoint) => Number(p.at!.slice(11, 13));
  return [...hourlyRows(s).filter((p) => hour(p) < 12), ...fiveMinuteRows(s).filter((p) => hour(p) >= 12)];
}

/**
 * The daily rows equivalent to {@link splitDayRows}: every statistic as over the raw day (the
 * hourly rows of the morning cover the same samples), except a percentile, which is the max of
 * the morning's hourly percentiles and the afternoon's raw samples (not all raw: an upper bound).
 */
export function dailyRowsOfSplit(s: RawSeries): MetricPoint[] {
  return dailyRowsOfRaw(s).map((p, n) => {
    if (!/^p/.test(p.statistic)) return p;
    const i = Math.floor(n / s.statistics.length);
    const morning = Array.from({ length: 12 }, (_, h) => statisticOf(p.statistic, hourOf(s, i, h)));
    return { ...p, value: Math.max(...morning, ...s.samples[i].slice(12 * SAMPLES_PER_HOUR)) };
  });
}
