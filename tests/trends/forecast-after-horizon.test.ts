/**
 * `costlens forecast` as of the data horizon names the lines of the month dated after it that the store holds and no
 * column counts, as `costlens budgets` names those its actual leaves out (src/analyze/forecast/after-horizon.ts, the
 * words shared in src/analyze/after-horizon-words.ts). The legacy CUR of Nov 2023 alone: its horizon is 13 Nov 2023 and
 * it holds 14 Nov's usage to 04:00, 0.0090675816 BilledCost (usage only: no line of another class is dated that day),
 * which the forecast left out of usage_actual and projected whole at the run-rate without a word. The real Nov 2018 CUR
 * cut at 20 Nov 12:00: 20 Nov's lines differ by measure (reservations amortise). Every figure is computed here by DuckDB
 * on the files; every column of the forecast stays as it was.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forecastAfterHorizonNote, forecastLinesAfterHorizon, type ForecastAfterHorizon } from '../../src/analyze/forecast/index.ts';
import { fromUnits, toUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';

const INVOICE = '(`costlens invoice` counts them in the bill of the days the store holds).';
const LEGACY_NOTE = 'usage_actual and posted_other count the complete days to 13 Nov 2023, the data horizon; the store holds $0.01 more of lines dated '
  + `14 Nov 2023, a day not complete yet, which the forecast projects whole instead ${INVOICE}`;

type JsonRow = Record<string, unknown> & { cost: string; mtdActual: string; afterHorizon?: { amount: string; first: string; last: string } };

describe('forecast as of the data horizon: the lines dated after it, held and not counted', () => {
  let legacy: string;
  let half: string;
  let halfNov: string;

  beforeAll(async () => {
    // The same derived file as tests/trends/partial-days-real.test.ts: written once per machine.
    const files = await derivedFiles([
      { name: 'nov-to-20th-noon.parquet', sql: "SELECT * FROM read_parquet($file) WHERE line_item_usage_start_date < TIMESTAMP '2018-11-20 12:00:00'", params: { file: REAL_NOV_2018 } },
    ]);
    halfNov = files['nov-to-20th-noon.parquet'];
    [legacy, half] = await Promise.all([cachedStore([[REAL_LEGACY_CSV]]), cachedStore([[REAL_OCT_2018, halfNov]])]);
  }, 120_000);

  it('the legacy CUR holds 0.0090675816 BilledCost dated 14 Nov 2023, all of it usage, and 1.6823086974 in the month', async () => {
    const rows = await duckdbRows(`SELECT "lineItem/LineItemType" AS type, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed
      FROM read_csv($file, all_varchar = true) WHERE CAST("lineItem/UsageStartDate" AS DATE) = DATE '2023-11-14' GROUP BY 1`, { file: REAL_LEGACY_CSV });
    expect(rows).toEqual([{ type: 'Usage', billed: '0.0090675816' }]);
    const [month] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    expect(month.billed).toBe('1.6823086974');
  });

  it('as of 13 Nov 2023, by default and given: one note in budgets\' words, the figures as before', async () => {
    for (const args of [[], ['--as-of', '2023-11-13']]) {
      const run = await costlens(legacy, 'forecast', ...args);
      expect(run.code, args.join(' ')).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe(`Month 2023-11 as of 13 Nov 2023 (${args.length ? 'given' : 'the last complete day in the store'}): 13 of 30 days complete, 17 projected.`);
      // The columns are what they were without the note: 14 Nov is not counted, its day projected whole.
      expect(lines.slice(3, 5).map((l) => l.split(/\s+/))).toEqual([
        ['BilledCost', '$1.59', '$0.08', '$7.25', '$0.00', '$8.92', '$8.24', '$9.81'],
        ['EffectiveCost', '$1.59', '$0.08', '$7.25', '$0.00', '$8.92', '$8.24', '$9.81'],
      ]);
      expect(lines.filter((l) => l.includes('the store holds'))).toEqual([LEGACY_NOTE]);
      // The note follows posted_other's.
      expect(lines[lines.indexOf(LEGACY_NOTE) - 1]).toMatch(/^posted_other: /);
    }
  });

  it('JSON: afterHorizon per row, exact; mtdActual and it make the month the file holds (1.6732411158 + 0.0090675816 = 1.6823086974)', async () => {
    const run = await costlens(legacy, 'forecast', '--format', 'json');
    const rows = JSON.parse(run.stdout) as JsonRow[];
    expect(rows.map((r) => [r.cost, r.afterHorizon])).toEqual([
      ['BilledCost', { amount: '0.0090675816', first: '2023-11-14', last: '2023-11-14' }],
      ['EffectiveCost', { amount: '0.0090675816', first: '2023-11-14', last: '2023-11-14' }],
    ]);
    expect(rows.map((r) => [r.usageActual, r.postedOther, r.mtdActual, r.projectedUsage, r.forecast])).toEqual([
      ['1.593241', '0.080000', '1.673241', '7.241772', '8.915013'], ['1.593241', '0.080000', '1.673241', '7.241772', '8.915013'],
    ]);
    expect(fromUnits(toUnits('1.6823086974') - toUnits(rows[0].afterHorizon!.amount))).toBe('1.6732411158');
    expect(run.stderr.split('\n')).toContain(LEGACY_NOTE);
    // The CSV's notes (stderr) say it too.
    expect((await costlens(legacy, 'forecast', '--format', 'csv')).stderr.split('\n')).toContain(LEGACY_NOTE);
  });

  it('as of a day before the horizon, no note and no afterHorizon: the days after as-of are complete', async () => {
    const run = await costlens(legacy, 'forecast', '--as-of', '2023-11-12');
    expect(run.stdout).not.toContain('the store holds');
    const json = JSON.parse((await costlens(legacy, 'forecast', '--as-of', '2023-11-12', '--format', 'json')).stdout) as JsonRow[];
    expect(json.map((r) => 'afterHorizon' in r)).toEqual([false, false]);
  });

  it('Nov 2018 cut at 20 Nov 12:00: 20 Nov\'s lines in each measure, as DuckDB sums them on the file', async () => {
    const [file] = await duckdbRows(`SELECT CAST(sum(line_item_unblended_cost) AS DECIMAL(38,10)) AS billed,
      CAST(sum(CASE line_item_line_item_type WHEN 'DiscountedUsage' THEN reservation_effective_cost
        WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
        ELSE line_item_unblended_cost END) AS DECIMAL(38,10)) AS effective
      FROM read_parquet($file) WHERE CAST(line_item_usage_start_date AS DATE) = DATE '2018-11-20'`, { file: halfNov });
    expect(file).toEqual({ billed: '79.2997095268', effective: '83.1563835268' });
    const run = await costlens(half, 'forecast');
    expect(run.stdout.split('\n')).toContain('usage_actual and posted_other count the complete days to 19 Nov 2018, the data horizon; the store holds '
      + `$79.30 BilledCost and $83.16 EffectiveCost more of lines dated 20 Nov 2018, a day not complete yet, which the forecast projects whole instead ${INVOICE}`);
    const json = JSON.parse((await costlens(half, 'forecast', '--format', 'json')).stdout) as JsonRow[];
    expect(json.map((r) => r.afterHorizon)).toEqual([
      { amount: file.billed, first: '2018-11-20', last: '2018-11-20' }, { amount: file.effective, first: '2018-11-20', last: '2018-11-20' },
    ]);
  });
});

describe('the lines after the horizon, by hand', () => {
  const day = (d: string, billed: string, usage: string) => ({ day: d, billed_cost: toUnits(billed), effective_cost: toUnits(billed), usage_billed_cost: toUnits(usage), usage_effective_cost: toUnits(usage) });
  const rows = [day('2023-11-13', '9', '9'), day('2023-11-14', '1.25', '0.25'), day('2023-11-15', '0.5', '0.5'), day('2023-12-01', '7', '7')];
  const month = { first: '2023-11-01', last: '2023-11-30' };
  const span = { lastDay: '2023-11-13' };

  it('posted_other counting to the last charge day (the default as-of): usage alone is left out, and the note says posted_other counts the charges to that day', () => {
    const after = forecastLinesAfterHorizon(rows, month, '2023-11-13', '2023-11-15', span)!;
    expect(after).toEqual({ units: { billed: toUnits('0.75'), effective: toUnits('0.75') }, first: '2023-11-14', last: '2023-11-15', postedTo: '2023-11-15', horizon: span, sources: [] });
    expect(forecastAfterHorizonNote(after)).toBe('usage_actual counts the complete days to 13 Nov 2023, the data horizon, and posted_other the charges dated to 15 Nov 2023; '
      + `the store holds $0.75 more of usage dated 14–15 Nov 2023, days not complete yet, which the forecast projects whole instead ${INVOICE}`);
  });

  it('posted_other counting to as-of (given): every class dated after it is left out; none of December', () => {
    const after = forecastLinesAfterHorizon(rows, month, '2023-11-13', '2023-11-13', span)!;
    expect([after.units.billed, after.postedTo]).toEqual([toUnits('1.75'), null]);
  });

  it('as-of not the horizon, or the month\'s last day: none; of a delivery that has ended, where its data ends', () => {
    expect(forecastLinesAfterHorizon(rows, month, '2023-11-12', '2023-11-12', span)).toBeNull();
    expect(forecastLinesAfterHorizon(rows, month, '2023-11-30', '2023-11-30', { lastDay: '2023-11-30' })).toBeNull();
    const ended: ForecastAfterHorizon = { units: { billed: toUnits('0.0042'), effective: toUnits('0.0042') }, first: '2023-11-14', last: '2023-11-14', postedTo: null, horizon: span, sources: ['aws/123412340534'] };
    expect(forecastAfterHorizonNote(ended)).toBe('usage_actual and posted_other count the complete days to 13 Nov 2023 (the data of aws/123412340534 ends on 13 Nov 2023); '
      + `the store holds $0.0042 more of lines dated 14 Nov 2023, a day not complete yet, which the forecast projects whole instead ${INVOICE}`);
  });
});
