/**
 * The weekly e-mail's provisional days stop at the data horizon they are counted back from, and the
 * partial day after it, a delivery's lines stopping inside the day, is named as one (in the words of
 * `costlens forecast`: ended-delivery.ts, partialDayWords). The real Nov 2018 CUR cut at 04:00 on
 * Sunday 18 Nov 2018 (its data horizon 17 Nov) beside the FOCUS sample moved back to Dec 2018: its
 * 2018-W46 is read to its Sunday, and the e-mail drew 18 Nov as a 4th provisional day ("Lighter bars are
 * the provisional days (15 Nov, 16 Nov, 17 Nov, 18 Nov)", "4 provisional days included"), its
 * provisional days chosen from their first with no upper bound, and its anomalies section called
 * 18 Nov a day of too few trailing days. The legacy CUR of Nov 2023 (usage to 04:00 on 14 Nov) beside
 * the FOCUS sample moved to Nov 2023: 2023-W46 is read whole and counted 14 Nov as a full day; its month now
 * names it partial, fitted by the forecast without the ended CUR's lines (the forecast leaves that CUR out of its run-rate), while its daily chart, drawing the weeks without the ended CUR's lines as they are compared,
 * draws none of that partial day's lines and names no partial day (src/report/week-data.ts, dailyPoints).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { chartData } from '../../src/report/charts.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { layoutReport } from '../../src/report/layout.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, REAL_NOV_2018, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { focusMovedBack, usageBilled } from '../helpers/ended-delivery-files.ts';
import { cents } from '../helpers/shown-cents-rule.ts';

const CUR = 'aws/836060457634';
const LEGACY = 'aws/123412340534';
const configs: ReportConfigs = { ...parseConfig({}), report: reportConfigSchema.parse({}) };
const financeReport = async (db: string, week: string): Promise<WeeklyReport> =>
  (await withEngine(db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek(week), audiences: [{ kind: 'finance' }] }))).reports[0];

const thisWeek = (report: WeeklyReport) => report.daily.filter((p) => p.series === 'this week');
const layoutOf = (report: WeeklyReport, id: string) => layoutReport(report, '').sections.find((s) => s.id === id)!;

describe('the real Nov 2018 CUR cut at 04:00 on Sunday 18 Nov 2018 beside the FOCUS sample moved to Dec 2018: report weekly --week 2018-W46', () => {
  let files: { cut: string; focus: string };
  let w46: WeeklyReport;
  beforeAll(async () => {
    const cut = await derivedFiles([{ name: 'nov-2018-to-18th-4am.parquet', sql: 'SELECT * FROM read_parquet($file) WHERE line_item_usage_start_date < CAST($before AS TIMESTAMP)', params: { file: REAL_NOV_2018, before: '2018-11-18 04:00:00' } }]);
    files = { cut: cut['nov-2018-to-18th-4am.parquet'], focus: await focusMovedBack(69) };
    w46 = await financeReport(await cachedStore([[files.cut, files.focus]]), '2018-W46');
  }, 300_000);

  it('the CUR\'s usage ends at 04:00 on 18 Nov 2018: its data horizon is 17 Nov, 18 Nov a partial day, and the FOCUS export begins on 1 Dec 2018 (by DuckDB on the files)', async () => {
    const [cur] = await duckdbRows('SELECT CAST(max(line_item_usage_end_date) AS VARCHAR) AS usage_end FROM read_parquet($file) WHERE line_item_line_item_type = \'Usage\'', { file: files.cut });
    const [focus] = await duckdbRows('SELECT CAST(min(ChargePeriodStart) AS VARCHAR) AS first FROM read_parquet($file)', { file: files.focus });
    expect([cur.usage_end, focus.first]).toEqual(['2018-11-18 04:00:00', '2018-12-01 00:00:00']);
  });

  it('the daily chart draws 15–17 Nov provisional and 18 Nov, usage $26.62 up to 04:00, as a partial day named in the forecast\'s words (it drew 18 Nov as a 4th provisional day)', async () => {
    const partialUsage = await usageBilled({ curs: [files.cut], focus: files.focus }, '2018-11-18', '2018-11-18', 'cur');
    expect(partialUsage).toBe('26.6158961616');
    const partial = { day: '2018-11-18', lastDay: '2018-11-17', sources: [CUR] };
    expect(w46.status.provisionalDays).toEqual(['2018-11-15', '2018-11-16', '2018-11-17']);
    expect(thisWeek(w46).filter((p) => p.provisional).map((p) => p.day)).toEqual(['2018-11-15', '2018-11-16', '2018-11-17']);
    expect(thisWeek(w46).filter((p) => p.partial).map((p) => [p.day, p.partial, p.billed])).toEqual([['2018-11-18', partial, cents(partialUsage)]]);
    expect(chartData(w46)[0].rows.filter((r) => r.series === 'this week').map((r) => `${r.day} ${r.status}`).slice(3)).toEqual([
      '2018-11-15 provisional', '2018-11-16 provisional', '2018-11-17 provisional', '2018-11-18 partial',
    ]);
    expect(layoutOf(w46, 'daily').notes).toEqual(['Usage BilledCost per day (fees, tax and credits left out). Lighter bars are the provisional days (15–17 Nov 2018). '
      + `18 Nov 2018 is a partial day (the data of ${CUR} ends on 17 Nov 2018), drawn lighter too: not all of its usage is in the store.`]);
  });

  it('the month to date counts 3 provisional days and names 18 Nov as partial, as costlens forecast does (it read "4 provisional days included")', () => {
    expect([w46.month!.through, w46.month!.provisionalDays, w46.month!.partialDays, w46.month!.partialDaysFitted]).toEqual(['2018-11-18', ['2018-11-15', '2018-11-16', '2018-11-17'], [{ day: '2018-11-18', lastDay: '2018-11-17', sources: [CUR] }], []]);
    expect(layoutOf(w46, 'month').paragraphs[0]).toBe('The days counted: 1–18 Nov 2018 (3 provisional days included). '
      + `18 Nov 2018 is a partial day (the data of ${CUR} ends on 17 Nov 2018): counted as far as the store holds it, not fitted by the forecast.`);
  });

  it('the anomalies section does not judge 18 Nov against full days: it says it is a partial day (it said "18 Nov 2018 (fewer than 28 trailing days of billing data)")', () => {
    expect(w46.anomalies!.notJudged).toBe(`Not judged: 12–14 Nov 2018 (fewer than 28 trailing days of billing data); 18 Nov 2018, a partial day (the data of ${CUR} ends on 17 Nov 2018): `
      + 'not all of its usage is in the store. 15–17 Nov 2018 are not judged yet, treated as provisional: costlens counts them back from the data horizon of '
      + `${CUR}, 17 Nov 2018, where its data ends (anomalies.provisionalDays).`);
  });
});

describe('the legacy CUR of Nov 2023 beside the FOCUS sample moved to Nov 2023, and alone: report weekly --week 2023-W46', () => {
  let focus: string;
  let both: WeeklyReport;
  let alone: WeeklyReport;
  beforeAll(async () => {
    focus = await focusMovedBack(10);
    both = await financeReport(await cachedStore([[REAL_LEGACY_CSV, focus]]), '2023-W46');
    alone = await financeReport(await cachedStore([[REAL_LEGACY_CSV]]), '2023-W46');
  }, 300_000);

  it('beside the FOCUS export, 14 Nov 2023 is counted as the legacy CUR\'s partial day in the month (its usage $0.0090675816 to 04:00), fitted without the CUR\'s lines, but its bar leaves the ended CUR\'s lines out, as the comparison does: the FOCUS export\'s $0.0056242416, no partial day', async () => {
    const [usage] = await duckdbRows(`WITH legacy AS (
        SELECT sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS billed, max(CAST("lineItem/UsageEndDate" AS TIMESTAMP)) AS usage_end
        FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-14'
      ), focus AS (
        SELECT sum(CAST(BilledCost AS DECIMAL(38,10))) AS billed FROM read_parquet($focus)
        WHERE CAST(ChargePeriodStart AS DATE) = DATE '2023-11-14' AND ChargeCategory NOT IN ('Tax', 'Credit', 'Adjustment', 'Purchase')
          AND coalesce(ChargeFrequency, '') <> 'Recurring' AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY
      )
      SELECT CAST(legacy.billed AS VARCHAR) AS legacy, CAST(legacy.usage_end AS VARCHAR) AS usage_end, CAST(focus.billed AS VARCHAR) AS focus,
        CAST(legacy.billed + focus.billed AS VARCHAR) AS day FROM legacy, focus`, { file: REAL_LEGACY_CSV, focus });
    expect([usage.legacy, usage.usage_end, usage.focus, usage.day]).toEqual(['0.0090675816', '2023-11-14 04:00:00', '0.0056242416', '0.0146918232']);
    const partial = { day: '2023-11-14', lastDay: '2023-11-13', sources: [LEGACY] };
    // 2023-W46 and the week before are compared without the legacy CUR's lines (it has ended: the "Delivery ended" warning), and
    // drawn so: 14 Nov's bar holds none of its lines, so it is no partial day in the chart, and the note says only that they are left out.
    expect(thisWeek(both).find((p) => p.day === '2023-11-14')).toMatchObject({ provisional: false, partial: null, leftOut: [LEGACY], billed: cents(usage.focus!) });
    // 13 Nov too is drawn of the FOCUS export's usage alone, $2.19 (with the legacy CUR's lines it would be $2.39).
    const [thirteenth] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($focus)
      WHERE CAST(ChargePeriodStart AS DATE) = DATE '2023-11-13' AND ChargeCategory NOT IN ('Tax', 'Credit', 'Adjustment', 'Purchase')
        AND coalesce(ChargeFrequency, '') <> 'Recurring' AND ChargePeriodEnd - ChargePeriodStart <= INTERVAL 1 DAY`, { focus });
    expect(thirteenth.billed).toBe('2.1853728678');
    expect(thisWeek(both).find((p) => p.day === '2023-11-13')!.billed).toBe(cents(thirteenth.billed!));
    expect(thisWeek(both).filter((p) => p.provisional || p.partial)).toEqual([]);
    expect(layoutOf(both, 'daily').notes).toEqual([`Usage BilledCost per day (fees, tax and credits left out). Both weeks' bars leave out the lines of ${LEGACY}, a delivery that has ended `
      + '(its data ends on 13 Nov 2023), as the comparison above does: this week\'s spend holds them (the "Delivery ended" warning).']);
    // The month's forecast leaves the ended CUR out of its run-rate (ended-delivery.ts endedLeftOutOfFit) and fits 14 Nov on the FOCUS export's
    // lines alone: the section says so (it said "not fitted by the forecast", which the forecast of 1–19 Nov over both deliveries did fit).
    expect([both.month!.through, both.month!.provisionalDays, both.month!.partialDays, both.month!.partialDaysFitted]).toEqual(['2023-11-19', [], [partial], ['2023-11-14']]);
    expect(layoutOf(both, 'month').paragraphs[0]).toBe('The days counted: 1–19 Nov 2023. '
      + `14 Nov 2023 is a partial day (the data of ${LEGACY} ends on 13 Nov 2023): counted as far as the store holds it, fitted by the forecast without the lines of ${LEGACY}.`);
  });

  it('alone, the week is read to 13 Nov 2023, its data horizon: 11–13 Nov are its provisional days and 14 Nov is neither drawn nor counted', () => {
    expect(alone.daily.filter((p) => p.provisional).map((p) => p.day)).toEqual(['2023-11-11', '2023-11-12', '2023-11-13']);
    expect([alone.daily.at(-1)!.day, alone.daily.some((p) => p.partial), alone.month!.provisionalDays, alone.month!.partialDays]).toEqual(['2023-11-13', false, ['2023-11-11', '2023-11-12', '2023-11-13'], []]);
  });
});
