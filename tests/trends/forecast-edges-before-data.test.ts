/**
 * A month that begins before the store's billing data: the real November 2018 CUR from 10 Nov on
 * (its lines of 1–9 Nov, the RI fees posted on the 1st among them, left out by DuckDB), the only
 * file in the store. `forecast` projected 1–9 Nov at the run-rate as "missing" days and added them
 * to the month's forecast ($4,688.58 as of 20 Nov; $3,295.32 of it held or projected after the
 * 20th), spend the store holds no evidence of, where `budgets` leaves such days out of the actual
 * and does not judge the month. Now the forecast covers the month from the store's first day
 * (10–30 Nov), names 1–9 Nov as not in the store and not in it, and agrees with the budget's
 * actual once the month is over. Every figure is made here by DuckDB on the file: the actuals as
 * exact sums, the run-rate as DuckDB's own least-squares line (regr_slope, regr_intercept) summed
 * over the days projected, each floored at 0 and rounded once to the micro-dollar.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastMonthEnd } from '../../src/analyze/forecast/index.ts';
import { forecastConfigSchema } from '../../src/analyze/trends-config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, tempStore } from '../helpers/cli.ts';
import { realNovemberFrom10th } from '../helpers/derived-files.ts';

type Json = Record<string, string | number | null>;

const BEFORE = ['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((d) => `2018-11-${d}`);
const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2018-11-${String(from + i).padStart(2, '0')}`);


/**
 * By DuckDB on the file: BilledCost of usage held from 10 Nov up to `asOf`, every line's BilledCost
 * up to it, and the least-squares line over the days with usage from `fitFrom` to `asOf` (x = days
 * since `fitFrom`) summed over `projected` days, each floored at 0, rounded to the micro-dollar.
 */
async function independent(file: string, m: { asOf: string; fitFrom: string; projected: string[] }) {
  const [row] = await duckdbRows(`WITH lines AS (
      SELECT CAST(line_item_usage_start_date AS DATE) AS day, line_item_line_item_type AS type, CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS cost
      FROM read_parquet($file)),
    usage AS (SELECT day, sum(cost) AS y FROM lines WHERE type IN ('Usage', 'DiscountedUsage') GROUP BY day),
    points AS (SELECT date_diff('day', CAST($fitFrom AS DATE), day) AS x, CAST(y AS DOUBLE) AS y FROM usage WHERE day BETWEEN CAST($fitFrom AS DATE) AND CAST($asOf AS DATE)),
    fit AS (SELECT regr_slope(y, x) AS b, regr_intercept(y, x) AS a, count(*) AS n FROM points),
    projected AS (SELECT date_diff('day', CAST($fitFrom AS DATE), CAST(d AS DATE)) AS x FROM unnest(string_split($projected, ' ')) AS t(d) WHERE d <> '')
    SELECT
      CAST(round((SELECT sum(y) FROM usage WHERE day <= CAST($asOf AS DATE)), 6) AS DECIMAL(38,6)) AS usage_actual,
      CAST((SELECT sum(cost) FROM lines WHERE day <= CAST($asOf AS DATE)) AS DECIMAL(38,10)) AS all_lines,
      (SELECT string_agg(DISTINCT type, ' ' ORDER BY type) FROM lines) AS types,
      CAST(min_day AS VARCHAR) AS first_day,
      CAST(round((SELECT sum(greatest(0, a + b * x)) FROM projected, fit), 6) AS DECIMAL(38,6)) AS projection,
      (SELECT n FROM fit) AS fit_days
    FROM (SELECT min(day) AS min_day FROM lines)`, { file, asOf: m.asOf, fitFrom: m.fitFrom, projected: m.projected.join(' ') });
  return row;
}

/** A 6-decimal string as integer micro-dollars, and back. */
const micro = (text: string) => BigInt(text.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1'));
const dollars = (units: bigint) => `${units / 1_000_000n}.${String(units % 1_000_000n).padStart(6, '0')}`;

describe('forecast of the month in which the store begins (real Nov 2018 CUR from 10 Nov)', () => {
  let file: string;
  let db: string;

  beforeAll(async () => {
    file = await realNovemberFrom10th();
    db = await cachedStore([[file]]);
  }, 180_000);

  it('as of 20 Nov: 10–20 Nov held, 21–30 Nov projected, 1–9 Nov neither counted nor projected', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2018-11-20', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed] = JSON.parse(run.stdout) as Json[];
    const want = await independent(file, { asOf: '2018-11-20', fitFrom: '2018-10-24', projected: days(21, 30) });
    expect([want.first_day, want.types, want.fit_days]).toEqual(['2018-11-10', 'DiscountedUsage Usage', '11']);
    expect([billed.daysInMonth, billed.daysElapsed, billed.daysRemaining, 'daysMissing' in billed, billed.fitFrom, billed.fitTo, billed.fitDays])
      .toEqual([30, 11, 10, false, '2018-11-10', '2018-11-20', 11]);
    expect([billed.usageActual, billed.mtdActual, billed.projectedUsage, billed.expectedOther, billed.forecast])
      .toEqual([want.usage_actual, want.usage_actual, want.projection, '0.000000', dollars(micro(want.usage_actual!) + micro(want.projection!))]);
    expect(billed.forecast).toBe('3295.316410');
    expect([billed.coversFrom, billed.daysBeforeData]).toEqual(['2018-11-10', 9]);
    const table = await costlens(db, 'forecast', '--as-of', '2018-11-20');
    expect(table.stdout).toContain('Month 2018-11 as of 20 Nov 2018 (given): 11 of 21 days from 10 Nov 2018 complete, 10 projected. 1–9 Nov 2018 are not in the store'
      + " (the store's billing data begins on 10 Nov 2018) and not in the forecast: it covers the 21 days from 10 Nov 2018, never counting those as $0.00 nor projecting them;"
      + ' ingest their billing files for the whole month.');
    // Before: 1–9 Nov projected too, at the same line: $4,688.58, 1,393.26 of spend the store holds nothing of.
    const old = await independent(file, { asOf: '2018-11-20', fitFrom: '2018-10-24', projected: [...BEFORE, ...days(21, 30)] });
    expect(dollars(micro(old.usage_actual!) + micro(old.projection!))).toBe('4688.584941');
  }, 60_000);

  it('says which days it covers: from 10 Nov, 1–9 Nov not in the store (its billing data begins on 10 Nov) and not in the forecast', async () => {
    const f = await withEngine(db, (engine) => forecastMonthEnd(engine, forecastConfigSchema.parse({}), { asOf: '2018-11-20' }));
    expect([f.coversFrom, f.daysBeforeData, f.beforeDataWhy, f.missingDays, f.missingWhy]).toEqual(['2018-11-10', BEFORE, "the store's billing data begins on 10 Nov 2018", [], null]);
    expect(f.days.map((d) => d.day)).toEqual(days(10, 30));
    expect(f.days.filter((d) => d.status === 'missing')).toEqual([]);
    expect(f.billed.usageActual + f.billed.projectedUsage).toBe(f.billed.forecast);
  }, 60_000);

  it('as of 30 Nov (the month over) the forecast is what the store holds of it, the budget\'s actual to the digit; both name 1–9 Nov as not in the store', async () => {
    const run = await costlens(db, 'forecast', '--as-of', '2018-11-30', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed] = JSON.parse(run.stdout) as Json[];
    const want = await independent(file, { asOf: '2018-11-30', fitFrom: '2018-11-03', projected: [] });
    expect(want.all_lines).toBe('1973.9381581288');
    expect([billed.daysElapsed, billed.daysRemaining, billed.projectedUsage, billed.forecast]).toEqual([21, 0, '0.000000', '1973.938158']);

    const config = join(tempStore().dir, 'costlens.config.json');
    writeFileSync(config, JSON.stringify({ budgets: [{ name: 'org', amount: 4000 }] }));
    const budgets = await costlens(db, 'budgets', '--config', config, '--format', 'json');
    expect(budgets.code, budgets.stderr).toBe(0);
    const [org] = JSON.parse(budgets.stdout).budgets as Json[];
    expect([org.periodLabel, org.asOf, org.daysCounted, org.judged, org.actual, org.coverage]).toEqual(['2018-11', '2018-11-30', 21, false, want.all_lines, '2018-11: 21 of its 30 days in the store (10–30 Nov 2018)']);
    expect(org.forecastBasis).toBe("no forecast: 1–9 Nov 2018 are not in the store: the store's billing data begins on 10 Nov 2018");
    const f = await withEngine(db, (engine) => forecastMonthEnd(engine, forecastConfigSchema.parse({}), { asOf: '2018-11-30' }));
    expect([f.beforeDataWhy, f.daysBeforeData.length, f.billed.forecast]).toEqual(["the store's billing data begins on 10 Nov 2018", 9, 19739381581288n]);
  }, 60_000);
});
