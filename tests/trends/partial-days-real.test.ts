/**
 * The data horizon on the real October and November 2018 CUR (Athena Parquet): a store whose
 * November stops at 2018-11-20 12:00 (the later lines removed by DuckDB) holds half of the 20th,
 * so its horizon, the last complete day, is the 19th. Anomalies and forecast refuse an --as-of on
 * the half day (judged as a whole day it made two "drops", and the forecast counted it as
 * complete); unit-cost shows it without a unit cost; a store holding one day of usage, which is
 * provisional, says no day was examined instead of a range that ends before it starts; and the
 * forecast's dollar parts show what the store holds rounded once. Every figure is computed here by
 * DuckDB on the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { days } from './fixtures.ts';

const EFFECTIVE = `CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END`;
/** Usage: lines whose usage period is at most a day (the month-long RIFee lines are not). */
const USAGE = 'line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY';
const HINT = '  hint: give a day from 2018-10-01 to 2018-11-19 (the data horizon, the last complete day in the store), or leave --as-of out for 2018-11-19';

/** The first line of a JSON table or object printed by costlens, parsed. */
const parsed = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>[] & Record<string, unknown>;

describe('a partial day after the data horizon, on the real 2018 CUR', () => {
  /** The two stores, their files written and ingested once per machine (tests/helpers/derived-files.ts, cached-stores.ts); only read. */
  const partial = { db: '' };
  const oneDay = { db: '' };
  let partialNov: string;

  beforeAll(async () => {
    const files = await derivedFiles([
      { name: 'nov-to-20th-noon.parquet', sql: "SELECT * FROM read_parquet($file) WHERE line_item_usage_start_date < TIMESTAMP '2018-11-20 12:00:00'", params: { file: REAL_NOV_2018 } },
      { name: 'nov-5th.parquet', sql: "SELECT * FROM read_parquet($file) WHERE CAST(line_item_usage_start_date AS DATE) = DATE '2018-11-05'", params: { file: REAL_NOV_2018 } },
      { name: 'business-metrics.csv', text: ['date,metric,value', ...days('2018-10-01', '2018-11-30').map((d) => `${d},orders,100`)].join('\n') + '\n' },
    ]);
    partialNov = files['nov-to-20th-noon.parquet'];
    // A failed ingest fails the cached store's build, naming its files and what it printed.
    [partial.db, oneDay.db] = await Promise.all([cachedStore([[REAL_OCT_2018, partialNov, files['business-metrics.csv']]]), cachedStore([[files['nov-5th.parquet']]])]);
  }, 120_000);

  it('the store holds part of the 20th: its last usage line starts at 11:00', async () => {
    const [last] = await duckdbRows(`SELECT CAST(max(line_item_usage_start_date) AS VARCHAR) AS start FROM read_parquet($file) WHERE ${USAGE}`, { file: partialNov });
    expect(last.start).toBe('2018-11-20 11:00:00');
  });

  it('anomalies and forecast refuse an --as-of on the partial day, naming the horizon; the hint gives the complete days', async () => {
    const refusal = '--as-of 2018-11-20 is after the data horizon, 2018-11-19, the last complete day in the store: 2018-11-20 is a partial day (not all of its usage is in the store yet)';
    for (const args of [['anomalies', '--as-of', '2018-11-20', '--include-provisional'], ['forecast', '--as-of', '2018-11-20']]) {
      const run = await costlens(partial.db, ...args);
      expect([run.code, run.stdout, run.stderr], args.join(' ')).toEqual([2, '', `costlens: ${refusal}\n${HINT}\n`]);
    }
    // A day after every line is outside the data; the hint still ends at the horizon.
    const late = await costlens(partial.db, 'forecast', '--as-of', '2018-11-21');
    expect([late.code, late.stderr]).toEqual([2, `costlens: --as-of 2018-11-21 is outside the billing data in the store (1 Oct – 20 Nov 2018)\n${HINT}\n`]);
    // The horizon itself is an --as-of: 19 of November's 30 days complete.
    const ok = await costlens(partial.db, 'forecast', '--as-of', '2018-11-19');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.split('\n')[0]).toBe('Month 2018-11 as of 19 Nov 2018 (given): 19 of 30 days complete, 11 projected.');
  });

  it('unit-cost shows the partial day without a unit cost, and says why', async () => {
    const truth = await duckdbRows(`SELECT CAST(CAST(line_item_usage_start_date AS DATE) AS VARCHAR) AS day, CAST(sum(${EFFECTIVE}) AS DECIMAL(18, 6)) AS effective
      FROM read_parquet($file) WHERE ${USAGE} AND line_item_usage_start_date >= TIMESTAMP '2018-11-19' GROUP BY 1 ORDER BY 1`, { file: partialNov });
    expect(truth).toEqual([{ day: '2018-11-19', effective: '164.405514' }, { day: '2018-11-20', effective: '83.156384' }]);
    const run = await costlens(partial.db, 'unit-cost', '--metric', 'orders', '--from', '2018-11-19', '--to', '2018-11-22', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(parsed(run.stdout)).toEqual([
      { day: '2018-11-19', days: 1, metricDays: 1, effectiveCost: '164.405514', units: 100, unitCost: '1.6440551383', note: null }, // 164.4055138… / 100
      { day: '2018-11-20', days: 1, metricDays: 1, effectiveCost: '83.156384', units: 100, unitCost: null, note: 'partial day (after the data horizon)' },
      { day: '2018-11-21', days: 1, metricDays: 1, effectiveCost: null, units: 100, unitCost: null, note: 'no billing data' },
    ]);
    // The week of the 19th: the two days, summed exactly, then rounded once.
    const [both] = await duckdbRows(`SELECT CAST(sum(${EFFECTIVE}) AS DECIMAL(18, 6)) AS effective FROM read_parquet($file)
      WHERE ${USAGE} AND line_item_usage_start_date >= TIMESTAMP '2018-11-19'`, { file: partialNov });
    expect(both.effective).toBe('247.561897');
    const week = await costlens(partial.db, 'unit-cost', '--metric', 'orders', '--from', '2018-11-19', '--to', '2018-11-26', '--grain', 'week', '--format', 'csv');
    expect(week.stdout.split('\r\n')[1]).toBe('2018-11-19,7,7,247.561897,700,,no billing data on 5 of 7 days; partial day (after the data horizon) on 1 of 7 days');
    const table = await costlens(partial.db, 'unit-cost', '--metric', 'orders', '--from', '2018-11-20', '--to', '2018-11-21');
    expect(table.stdout).toContain('2018-11-20     1            1          $83.16    100             partial day (after the data horizon)\n');
  });

  it('unit-cost refuses days that hold none of the billing data, and a --from after the horizon without --to, naming only the flags given', async () => {
    const hint = '  hint: give days from 2018-10-01 to 2018-11-20 (--to is exclusive: at most --to 2018-11-21), or leave --from/--to out for the complete days in the store, 2018-10-01 to 2018-11-19\n';
    const refusals: [string[], string][] = [
      [['--from', '2025-01-01', '--to', '2025-02-01'], 'costlens: --from 2025-01-01 --to 2025-02-01 (1–31 Jan 2025) is outside the billing data in the store (1 Oct – 20 Nov 2018)\n' + hint],
      [['--from', '2025-01-01'], 'costlens: --from 2025-01-01 is outside the billing data in the store (1 Oct – 20 Nov 2018)\n' + hint],
      [['--to', '2018-10-01'], 'costlens: --to 2018-10-01 (the days before it) is outside the billing data in the store (1 Oct – 20 Nov 2018)\n' + hint],
      [['--from', '2018-11-20'], 'costlens: --from 2018-11-20 is after the data horizon, 2018-11-19 (the last complete day in the store), where unit-cost ends when --to is left out\n'
        + '  hint: give --to too (at most --to 2018-11-21) for the partial days after the horizon, or a --from up to 2018-11-19\n'],
    ];
    for (const [flags, stderr] of refusals) {
      const run = await costlens(partial.db, 'unit-cost', '--metric', 'orders', ...flags);
      expect([run.code, run.stdout, run.stderr], flags.join(' ')).toEqual([2, '', stderr]);
    }
  });

  it('anomalies on a store whose every day is provisional: no day examined, and why; JSON without a range', async () => {
    const why = '5 Nov 2018, the one day in the range, is treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays)';
    const table = await costlens(oneDay.db, 'anomalies');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe(`Spend anomalies: no day examined, ${why}; --include-provisional examines it.`);
    expect(table.stdout).not.toContain('2018-11-04');
    const byDay = await costlens(oneDay.db, 'anomalies', '--by-day');
    expect(byDay.stdout.split('\n')[0]).toBe(`Spend anomalies: no day examined, ${why}; --include-provisional examines it.`);
    const json = await costlens(oneDay.db, 'anomalies', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const found = parsed(json.stdout);
    expect([found.from, found.to, found.noDayExamined, found.flaggedDays, found.events]).toEqual([null, null, why, 0, []]);
    // Examined, the day is a range of one day, and the JSON says no reason.
    const examined = parsed((await costlens(oneDay.db, 'anomalies', '--format', 'json', '--include-provisional')).stdout);
    expect([examined.from, examined.to, examined.noDayExamined]).toEqual(['2018-11-05', '2018-11-05', null]);
  });

  it('the forecast of October 2018 as of its last day shows the RI fee rounded once: $149.78, and the cent it leaves as rounding', async () => {
    const [truth] = await duckdbRows(`SELECT CAST(sum(line_item_unblended_cost) FILTER (WHERE ${USAGE}) AS DECIMAL(18, 10)) AS usage,
        CAST(sum(line_item_unblended_cost) FILTER (WHERE NOT (${USAGE})) AS DECIMAL(18, 10)) AS fee FROM read_parquet($file)`, { file: REAL_OCT_2018 });
    // 3,914.7077525364 → $3,914.71; 149.775379 → $149.78; together 4,064.4831315364 → $4,064.48, a cent less.
    expect(truth).toEqual({ usage: '3914.7077525364', fee: '149.7753790000' });
    const run = await costlens(partial.db, 'forecast', '--as-of', '2018-10-31');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[1].split(/\s+/)).toEqual(['cost', 'usage_actual', 'posted_other', 'projected_usage', 'expected_other', 'rounding', 'forecast', 'low', 'high']);
    expect(lines[3].split(/\s+/)).toEqual(['BilledCost', '$3,914.71', '$149.78', '$0.00', '$0.00', '-$0.01', '$4,064.48', '$4,064.48', '$4,064.48']);
    expect(run.stdout).toContain('rounding: the cents that usage_actual and posted_other, each rounded once, leave of the forecast rounded once, with no estimate to carry them.');
  });
});
