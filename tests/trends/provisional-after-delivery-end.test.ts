/**
 * Provisional days on a store of several deliveries are the last `provisionalDays` complete days of
 * the delivery holding the days read, counted back from its data horizon, and no more: on the real
 * 2018 CURs, the legacy CUR of Nov 2023 (its data horizon 13 Nov 2023, usage to 04:00 on 14 Nov, then
 * a gap to the FOCUS sample of Sept 2024), `anomalies --as-of 2023-12-05` called each day from
 * 22 Nov to 5 Dec 2023 provisional, days in the gap that hold no billing data, and `--as-of
 * 2023-11-20` called 11–20 Nov provisional (14 Nov a partial day, 15–20 Nov in the gap); the forecast
 * counted 1–5 Dec 2023 as provisional days of its month, and projected December 2023, a month no
 * delivery holds, from the legacy CUR that has ended ($27.73): it is refused. The horizon they count
 * back from is named, as the store's runs on to 30 Sep 2024. The forecast's 14 Nov is `partial`, its
 * usage in mtd_provisional (it read `actual`, left out of it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { days } from './fixtures.ts';

type Unjudged = { day: string; cause: string; reason: string };
const LEGACY = 'aws/123412340534';
const HORIZON = `the data horizon of ${LEGACY}, 13 Nov 2023, where its data ends`;

describe('anomalies and forecast after the legacy CUR\'s data horizon, on the store of every real file', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
  }, 300_000);

  it('the legacy CUR\'s usage ends at 04:00 on 14 Nov 2023 (its horizon 13 Nov, 14 Nov a partial day) and the store holds no line from 15 Nov 2023 to 31 Aug 2024 (by DuckDB on the files)', async () => {
    const [legacy] = await duckdbRows(`SELECT CAST(max(CAST("lineItem/UsageEndDate" AS TIMESTAMP)) AS VARCHAR) AS usage_end, CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS VARCHAR) AS last_start
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`, { file: REAL_LEGACY_CSV });
    const [focus] = await duckdbRows('SELECT CAST(min(CAST(ChargePeriodStart AS TIMESTAMP)) AS VARCHAR) AS first FROM read_csv($file, all_varchar = true, nullstr = \'NULL\')', { file: REAL_FOCUS });
    expect([legacy.usage_end, legacy.last_start?.slice(0, 10), focus.first]).toEqual(['2023-11-14 04:00:00', '2023-11-14', '2024-09-01 00:00:00']);
  });

  it('--as-of 2023-12-05: 22 Nov – 5 Dec 2023 are days without billing data, not provisional (it said "every day in the range, 2023-11-22 to 2023-12-05, is treated as provisional")', async () => {
    const text = await costlens(db, 'anomalies', '--as-of', '2023-12-05');
    expect(text.stdout.split('\n')[0]).toBe('Spend anomalies: no day of 22 Nov – 5 Dec 2023 was judged for anomalies: no billing data that day.');
    expect(text.stdout).toContain('Not judged: 22 Nov – 5 Dec 2023 (no billing data that day).');
    expect(text.stdout).not.toContain('provisional:');
    const json = JSON.parse((await costlens(db, 'anomalies', '--as-of', '2023-12-05', '--format', 'json')).stdout) as { from: string | null; to: string | null; noDayExamined: string | null; unjudgedDays: Unjudged[] };
    expect([json.from, json.to, json.noDayExamined]).toEqual(['2023-11-22', '2023-12-05', null]);
    expect(json.unjudgedDays).toEqual(days('2023-11-22', '2023-12-05').map((day) => ({ day, cause: 'missing', reason: 'no billing data that day' })));
    // --include-provisional names no day: the range holds none of 11–13 Nov (it said "Examined with --include-provisional: 2023-11-11 to 2023-11-13").
    expect((await costlens(db, 'anomalies', '--as-of', '2023-12-05', '--include-provisional')).stdout).not.toContain('Examined with');
  });

  it('--as-of 2023-11-20: 11–13 Nov provisional, named by the legacy CUR\'s horizon; 14 Nov, a partial day (it read "fewer than 28 trailing days"), and 15–20 Nov, in the gap, each for its own reason (it called 11–20 Nov provisional)', async () => {
    const run = await costlens(db, 'anomalies', '--as-of', '2023-11-20', '--format', 'json');
    const json = JSON.parse(run.stdout) as { from: string; to: string; unjudgedDays: Unjudged[] };
    expect([json.from, json.to]).toEqual(['2023-11-07', '2023-11-20']);
    expect(json.unjudgedDays.map((d) => [d.day, d.cause])).toEqual([
      ...days('2023-11-07', '2023-11-10').map((day) => [day, 'history']), ...days('2023-11-11', '2023-11-13').map((day) => [day, 'provisional']),
      ['2023-11-14', 'partial'], ...days('2023-11-15', '2023-11-20').map((day) => [day, 'missing']),
    ]);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('Not '))).toEqual([
      `Not examined: 11–13 Nov 2023, treated as provisional: costlens counts the last 3 complete days back from ${HORIZON} (anomalies.provisionalDays); --include-provisional examines them.`,
      'Not judged: 7–10 Nov 2023 (fewer than 28 trailing days of billing data).',
      `Not judged: 14 Nov 2023, a partial day (the data of ${LEGACY} ends on 13 Nov 2023): not all of its usage is in the store.`,
      'Not judged: 15–20 Nov 2023 (no billing data that day).',
    ]);
  });

  it('forecast --as-of 2023-12-05 is refused: no delivery holds December 2023 and its run-rate would be fitted only on the legacy CUR, which has ended (it projected $27.73 for the month, 1–5 Dec counted as provisional days before that); --as-of 2018-12-15 likewise names the 2018 CUR', async () => {
    const refusal = (month: string, gap: string, source: string, end: string) => `costlens: no delivery holds ${month} (the store holds no billing data ${gap}), and the run-rate would be fitted only on the data of `
      + `${source}, a delivery that has ended (its data ends on ${end}, more than 7 days before the store's latest data): its spend stopped arriving, so it is not projected over a month after its end\n`
      + '  hint: give an --as-of in a month the store holds (costlens status lists each billing period and its days)\n';
    for (const args of [['--as-of', '2023-12-05'], ['--as-of', '2023-12-05', '--daily'], ['--as-of', '2023-12-05', '--format', 'json']]) {
      const run = await costlens(db, 'forecast', ...args);
      expect([run.code, run.stdout, run.stderr]).toEqual([4, '', refusal('2023-12', 'from 15 Nov 2023 to 31 Aug 2024', LEGACY, '13 Nov 2023')]);
    }
    const december2018 = await costlens(db, 'forecast', '--as-of', '2018-12-15');
    expect([december2018.code, december2018.stderr]).toEqual([4, refusal('2018-12', 'from 1 Dec 2018 to 31 Oct 2023', 'aws/836060457634', '30 Nov 2018')]);
  });

  it('forecast --as-of 2023-11-20, of the month the legacy CUR holds: its provisional days are 11–13 Nov, counted back from its own horizon, out of the fit', async () => {
    const [billed] = JSON.parse((await costlens(db, 'forecast', '--as-of', '2023-11-20', '--format', 'json')).stdout) as Record<string, unknown>[];
    expect([billed.provisionalDays, billed.unfittedDays, billed.daysMissing, billed.fitTo]).toEqual([3, 3, 6, '2023-11-10']);
  });

  it('forecast: 14 Nov 2023, the legacy CUR\'s partial day (usage to 04:00), is `partial`, named, and in mtd_provisional with 11–13 Nov: 0.563774 (it read `actual` and 0.554706)', async () => {
    const usage = await duckdbRows(`SELECT CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) = DATE '2023-11-14' AS partial, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 10))) AS VARCHAR) AS usage
      FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-11' GROUP BY 1 ORDER BY 1`, { file: REAL_LEGACY_CSV });
    expect(usage).toEqual([{ partial: 'false', usage: '0.5547064178' }, { partial: 'true', usage: '0.0090675816' }]);
    const note = '2023-11-14 is a partial day (the data of aws/123412340534 ends on 13 Nov 2023): counted in usage_actual and mtd_provisional, not fitted.';
    for (const asOf of ['2023-11-14', '2023-11-20']) {
      const run = await costlens(db, 'forecast', '--as-of', asOf, '--format', 'json');
      const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
      expect(rows.map((r) => [r.cost, r.mtdProvisional, r.provisionalDays, r.fitTo])).toEqual([['BilledCost', '0.563774', 3, '2023-11-10'], ['EffectiveCost', '0.563774', 3, '2023-11-10']]);
      expect(run.stderr.split('\n').filter((line) => line.includes('partial day'))).toEqual([note]);
      const daily = JSON.parse((await costlens(db, 'forecast', '--as-of', asOf, '--daily', '--format', 'json')).stdout) as { day: string; status: string; billedCost: string }[];
      expect(daily.filter((d) => d.day >= '2023-11-11' && d.day <= '2023-11-15').map((d) => [d.day, d.status, d.billedCost])).toEqual([
        ['2023-11-11', 'provisional', '0.167714'], ['2023-11-12', 'provisional', '0.182384'], ['2023-11-13', 'provisional', '0.204608'],
        ['2023-11-14', 'partial', '0.009068'], ['2023-11-15', asOf === '2023-11-14' ? 'projected' : 'missing', '0.289324'],
      ]);
    }
  });
});
