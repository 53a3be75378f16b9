/**
 * `costlens forecast` on a month with days missing inside its billing period: the real October and
 * November 2018 CUR, November without its lines of 10–12 Nov (removed by DuckDB, as
 * tests/explain/monthly-cur.test.ts does). The missing days were counted as $0.00 of usage ("14 of 30 days complete", $4,542.51
 * billed, nothing said); they are now named and projected at the run-rate as the days after as-of
 * are. Every figure is computed here by DuckDB on the file: the actuals as exact sums, the run-rate
 * as DuckDB's own least-squares line (regr_slope, regr_intercept) and residual quantiles
 * (quantile_cont, type 7), summed over the days to estimate, each floored at 0 and rounded once to
 * the micro-dollar.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { costlensOnce } from '../helpers/cli-once.ts';
import { REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { emailText } from '../helpers/email-text.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { realCursWithout10To12NovStore } from '../helpers/derived-files.ts';
import { riUnusedStillToPost } from '../helpers/ri-unused-sql.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

type Json = Record<string, string | number | null>;

const EFFECTIVE = `CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END`;
const MISSING = ['2018-11-10', '2018-11-11', '2018-11-12'];

/**
 * The forecast of one cost column made independently: usage held in November up to as-of (exact),
 * the RIFee posted in November, the RIFee still expected (BilledCost: none once November's has posted, a fee that posts once a
 * month posts whole, else October's; EffectiveCost: the RIs' unused hours, which accrue, tests/helpers/ri-unused-sql.ts), the fit over the days with usage from `fitFrom` to `fitTo` (x = days since `fitFrom`),
 * and the fit summed over `estimated` days (point, and the 10th/90th percentile band).
 */
async function independentForecast(file: string, cost: 'billed' | 'effective', m: { asOf: string; fitFrom: string; fitTo: string; estimated: string[] }) {
  const column = cost === 'billed' ? 'line_item_unblended_cost' : EFFECTIVE;
  const [row] = await duckdbRows(`WITH lines AS (
      SELECT CAST(line_item_usage_start_date AS DATE) AS day, line_item_line_item_type AS type, CAST(${column} AS DECIMAL(38,10)) AS cost
      FROM read_parquet([$oct, $file])),
    usage AS (SELECT day, sum(cost) AS y FROM lines WHERE type IN ('Usage', 'DiscountedUsage') GROUP BY day),
    points AS (SELECT date_diff('day', CAST($fitFrom AS DATE), day) AS x, CAST(y AS DOUBLE) AS y FROM usage WHERE day BETWEEN CAST($fitFrom AS DATE) AND CAST($fitTo AS DATE)),
    fit AS (SELECT regr_slope(y, x) AS b, regr_intercept(y, x) AS a, count(*) AS n FROM points),
    band AS (SELECT quantile_cont(y - (a + b * x), 0.1) AS lo, quantile_cont(y - (a + b * x), 0.9) AS hi FROM points, fit),
    estimated AS (SELECT date_diff('day', CAST($fitFrom AS DATE), CAST(d AS DATE)) AS x FROM unnest(string_split($estimated, ' ')) AS t(d)),
    projection AS (SELECT round(sum(greatest(0, a + b * x)), 6) AS point, round(sum(greatest(0, a + b * x + lo)), 6) AS low, round(sum(greatest(0, a + b * x + hi)), 6) AS high
      FROM estimated, fit, band)
    SELECT
      CAST(round((SELECT sum(y) FROM usage WHERE day BETWEEN DATE '2018-11-01' AND CAST($asOf AS DATE)), 6) AS DECIMAL(38,6)) AS usage_actual,
      CAST(round((SELECT sum(cost) FROM lines WHERE type = 'RIFee' AND day >= DATE '2018-11-01'), 6) AS DECIMAL(38,6)) AS posted,
      -- November's RI fees posted on 1 Nov, whole: nothing more of them is expected (October's larger total notwithstanding).
      CAST(CASE WHEN EXISTS (SELECT 1 FROM lines WHERE type = 'RIFee' AND day >= DATE '2018-11-01') THEN 0
        ELSE round((SELECT sum(cost) FROM lines WHERE type = 'RIFee'), 6) END AS DECIMAL(38,6)) AS expected,
      (SELECT count(DISTINCT day) FROM lines WHERE type = 'RIFee' AND day < DATE '2018-11-01') AS fee_days,
      CAST(point AS DECIMAL(38,6)) AS point, CAST(low AS DECIMAL(38,6)) AS low, CAST(high AS DECIMAL(38,6)) AS high,
      (SELECT n FROM fit) AS fit_days
    FROM projection`, { file, oct: REAL_OCT_2018, asOf: m.asOf, fitFrom: m.fitFrom, fitTo: m.fitTo, estimated: m.estimated.join(' ') });
  const [usage, posted, billedExpected, point, low, high] = ['usage_actual', 'posted', 'expected', 'point', 'low', 'high'].map((k) => micro(row[k]!));
  const expected = cost === 'billed' ? billedExpected : micro(await riUnusedStillToPost(REAL_OCT_2018, file));
  expect(row.fee_days).toBe('2');
  return { usage, posted, expected, point, low, high, fitDays: Number(row.fit_days) };
}

/** A 6-decimal string as integer micro-dollars, and back. */
const micro = (text: string) => BigInt(text.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1'));
const dollars = (units: bigint) => {
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(7, '0');
  return `${sign}${digits.slice(0, -6)}.${digits.slice(-6)}`;
};
const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2018-11-${String(from + i).padStart(2, '0')}`);

describe('forecast with days missing inside the billing period (real Nov 2018 CUR without 10–12 Nov)', () => {
  const dir = scratchDir();
  /** The store is only read: the summary as of 14 Nov, which two tests read, runs once (tests/helpers/cli-once.ts). */
  const once = costlensOnce();
  /** The store of the real October and the November without 10–12 Nov, ingested once per machine (tests/helpers/cached-stores.ts); only read. */
  let db: string;
  let file: string;

  beforeAll(async () => {
    ({ nov: file, db } = await realCursWithout10To12NovStore());
  }, 180_000);

  it('as of 14 Nov: the 3 missing days are named and projected at the run-rate with the 16 after as-of, never counted as $0.00', async () => {
    const estimated = [...MISSING, ...days(15, 30)];
    const fit = { asOf: '2018-11-14', fitFrom: '2018-10-18', fitTo: '2018-11-14', estimated };
    const run = await once(db, 'forecast', '--as-of', '2018-11-14', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as Json[];
    for (const [row, cost] of [[rows[0], 'billed'], [rows[1], 'effective']] as const) {
      const want = await independentForecast(file, cost, fit);
      expect(want.fitDays).toBe(25);
      const mtd = want.usage + want.posted;
      const rest = want.point + want.expected;
      expect([row.daysElapsed, row.daysRemaining, row.daysMissing, row.missingDays, row.fitFrom, row.fitTo, row.fitDays])
        .toEqual([14, 16, 3, MISSING.join('; '), '2018-10-18', '2018-11-14', 25]);
      expect([row.usageActual, row.mtdActual, row.projectedUsage, row.projectedRemaining, row.forecast, row.low, row.high])
        .toEqual([dollars(want.usage), dollars(mtd), dollars(want.point), dollars(rest), dollars(mtd + rest), dollars(mtd + want.expected + want.low), dollars(mtd + want.expected + want.high)]);
    }
    // The review's figures: 1,692.05 of usage held; the old forecast, the 3 missing days at $0.00 and only 15–30 Nov projected
    // (and October's RI fees less November's, 2.391379, still expected then), was $4,542.51.
    const old = await independentForecast(file, 'billed', { ...fit, estimated: days(15, 30) });
    expect([rows[0].usageActual, rows[0].forecast, dollars(old.usage + old.posted + 2_391_379n + old.point).slice(0, -4)]).toEqual(['1692.045590', '5010.014925', '4542.51']);
    expect(run.stderr.split('\n')[0]).toBe('Month 2018-11 as of 14 Nov 2018 (given): 11 of 30 days in the store, 19 projected (3 missing, 16 after 14 Nov 2018). '
      + '10–12 Nov 2018 are missing (the store holds no billing data on 10–12 Nov 2018): they are projected at the run-rate as the days after 14 Nov 2018 are, '
      + 'never counted as $0.00; ingest the missing billing files for their actual.');
  }, 60_000);

  it('CSV: days_missing 3 and missing_days separated by "; " as every list column (ended_sources, rightsize\'s), on both rows', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2018-11-14', '--format', 'csv');
    expect(run.code, run.stderr).toBe(0);
    const [header, ...rows] = parseCsvRecords(run.stdout);
    const [count, days] = [header.indexOf('days_missing'), header.indexOf('missing_days')];
    expect(rows.map((r) => [r[0], r[count], r[days]])).toEqual([
      ['BilledCost', '3', '2018-11-10; 2018-11-11; 2018-11-12'], ['EffectiveCost', '3', '2018-11-10; 2018-11-11; 2018-11-12'],
    ]);
  }, 60_000);

  it('--daily shows the missing days as missing with their projection and band, adding up to projected_usage', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2018-11-14', '--daily', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as Json[];
    const [summary] = JSON.parse((await once(db, 'forecast', '--as-of', '2018-11-14', '--format', 'json')).stdout) as Json[];
    const missing = rows.filter((r) => r.status === 'missing');
    expect(missing.map((r) => r.day)).toEqual(MISSING);
    for (const day of MISSING) {
      const one = await independentForecast(file, 'billed', { asOf: '2018-11-14', fitFrom: '2018-10-18', fitTo: '2018-11-14', estimated: [day] });
      const r = rows.find((x) => x.day === day)!;
      expect([r.billedCost, r.billedLow, r.billedHigh]).toEqual([dollars(one.point), dollars(one.low), dollars(one.high)]);
    }
    const estimatedSum = rows.filter((r) => r.status === 'missing' || r.status === 'projected').reduce((s, r) => s + micro(r.billedCost as string), 0n);
    // Each day is rounded to the micro-dollar on its own, the summary once: they agree within a micro-dollar a day.
    expect(Math.abs(Number(estimatedSum - micro(summary.projectedUsage as string)))).toBeLessThanOrEqual(19);
    expect(rows.filter((r) => r.status === 'no data')).toEqual([]);
  }, 60_000);

  it('as of 30 Nov (the month over, 28–30 Nov provisional): the missing days are still estimated, at the fit over 31 Oct–27 Nov', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2018-11-30', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed] = JSON.parse(run.stdout) as Json[];
    const want = await independentForecast(file, 'billed', { asOf: '2018-11-30', fitFrom: '2018-10-31', fitTo: '2018-11-27', estimated: MISSING });
    const mtd = want.usage + want.posted + want.expected;
    expect([billed.daysRemaining, billed.daysMissing, billed.fitDays, want.fitDays]).toEqual([0, 3, 25, 25]);
    expect([billed.usageActual, billed.projectedUsage, billed.forecast, billed.low, billed.high])
      .toEqual([dollars(want.usage), dollars(want.point), dollars(mtd + want.point), dollars(mtd + want.low), dollars(mtd + want.high)]);
  }, 60_000);

  it('as of 9 Nov, before the gap: nothing is missing and the output is as before (no missing-day columns)', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2018-11-09', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed] = JSON.parse(run.stdout) as Json[];
    const want = await independentForecast(file, 'billed', { asOf: '2018-11-09', fitFrom: '2018-10-13', fitTo: '2018-11-09', estimated: days(10, 30) });
    expect([billed.daysElapsed, billed.daysRemaining, 'daysMissing' in billed, billed.forecast]).toEqual([9, 21, false, dollars(want.usage + want.posted + want.expected + want.point)]);
    expect(run.stderr.split('\n')[0]).toBe('Month 2018-11 as of 9 Nov 2018 (given): 9 of 30 days complete, 21 projected.');
  }, 60_000);

  it('names the missing days, leaves them out of the month to date and shows the forecast costlens forecast makes', async () => {
    const out = join(dir, 'mail');
    const run = await costlens(db, 'report', 'weekly', '--week', '2018-W46', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.html'))!), 'utf8');
    const text = emailText(html);
    const [mtd] = await duckdbRows(`SELECT CAST(round(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))), 2) AS VARCHAR) AS billed FROM read_parquet($file)
      WHERE line_item_usage_start_date < TIMESTAMP '2018-11-19'`, { file });
    const [f] = JSON.parse((await costlens(db, 'forecast', '--as-of', '2018-11-18', '--format', 'json')).stdout) as Json[];
    const cents = (d: string) => Number(micro(d) / 10_000n + ((micro(d) % 10_000n) >= 5_000n ? 1n : 0n));
    const usd = (c: number) => `$${(c / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    const [mtdCents, forecastCents] = [Math.round(Number(mtd.billed) * 100), cents(f.forecast as string)];
    expect([mtd.billed, f.daysMissing, f.missingDays]).toEqual(['2489.70', 3, MISSING.join('; ')]);
    expect(text).toContain('Month to date: 2018-11 The days counted: 1–18 Nov 2018. 10–12 Nov 2018 are not in the store: the month to date leaves them out and the projection estimates them at the usage run-rate, never as $0.00.');
    expect(text).toContain(`BilledCost Month to date ${usd(mtdCents)} Projected rest of month ${usd(forecastCents - mtdCents)} Month-end forecast ${usd(forecastCents)} Range ${usd(cents(f.low as string))} – ${usd(cents(f.high as string))}`);
    expect(text).toContain('projected over the remaining days (and the days missing from the store) and the recurring fees');
  }, 120_000);
});
