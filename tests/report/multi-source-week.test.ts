/**
 * The weekly report of a week that a delivery's data ends in, in a store of several deliveries: the
 * real 2018 CURs, the legacy CUR of Nov 2023 (usage to 04:00 on 14 Nov 2023, then a gap to the FOCUS
 * sample of Sept 2024). Its 2023-W46 ends on 13 Nov 2023, the legacy CUR's data horizon, as in a store
 * of that file alone (it ran to 14 Nov, the day before the gap: a partial day compared with a full one),
 * and every section reads the same days: the comparison, month to date, the KPI line, savings and
 * commitments (src/report/week-source-end.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { detectSpendAnomalies } from '../../src/analyze/anomalies/index.ts';
import { anomalyNotes } from '../../src/cli/anomalies-output.ts';
import { sourceSpansOf, storeWideSpans } from '../../src/analyze/source-spans.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import { layoutReport } from '../../src/report/layout.ts';
import { monthLayoutSection } from '../../src/report/layout-month.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { comparedDaysOf, dataStatus, spanForWeek, weekDaysRead } from '../../src/report/week-data.ts';
import { weekSourceEnd } from '../../src/report/week-source-end.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { stubEngine } from '../helpers/stub-engine.ts';
import { budgetPeriodOf, budgetsNotes, type BudgetsReport, evaluateBudgets } from '../../src/analyze/budgets/index.ts';
import { toUnits as units } from '../../src/lib/money.ts';

const W46 = parseIsoWeek('2023-W46'); // 13–19 Nov 2023
const LEGACY = 'aws/123412340534';

/** BilledCost (the CSV's UnblendedCost) of the legacy CUR's lines charged from `from` up to `to`, exact, and in cents (half away from zero); `usage`: usage lines only. */
async function legacyBilled(from: string, to: string, usage: boolean): Promise<{ exact: string; cents: bigint }> {
  const [row] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS exact,
      CAST(round(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) * 100) AS BIGINT) AS cents
    FROM read_csv($file, all_varchar = true)
    WHERE ($usage = 'no' OR "lineItem/LineItemType" = 'Usage')
      AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= CAST($from AS TIMESTAMP) AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) < CAST($to AS TIMESTAMP)`,
  { file: REAL_LEGACY_CSV, from, to, usage: usage ? 'yes' : 'no' });
  return { exact: row.exact!, cents: BigInt(row.cents!) };
}

describe('weekSourceEnd: before a gap, a week\'s data ends at its own delivery\'s data horizon', () => {
  const row = (source: string, period: string, file: string, days: [string, string, string, string, string]) => {
    const [first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period] = days;
    return { source, billing_period: period, file, first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period };
  };
  // calendar/data_horizon_by_source and calendar/billing_period_days of the legacy CUR beside the FOCUS sample's AWS account.
  const horizons = [
    row(LEGACY, '2023-11', 'legacy.csv', ['2023-11-01', '2023-11-14', '2023-11-14 04:00:00', '2023-11-14', '2023-11']),
    row('aws/1234567890123', '2024-09', 'focus.csv', ['2024-09-01', '2024-09-30', '2024-10-01 00:00:00', '2024-09-30', '2024-09']),
  ];
  const periods = [
    { source: LEGACY, billing_period: '2023-11', first_day: '2023-11-01', last_day: '2023-11-14' },
    { source: 'aws/1234567890123', billing_period: '2024-09', first_day: '2024-09-01', last_day: '2024-09-30' },
  ];
  const span = { firstDay: '2023-11-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-09' };
  const store = { firstDay: '2023-11-01', gaps: [{ first: '2023-11-15', last: '2024-08-31' }] };
  const engine = stubEngine({ 'calendar/billing_period_days': () => periods });

  it('the legacy CUR\'s 2023-W46 ends on 13 Nov 2023 (14 Nov a partial day), not on 14 Nov, the day before the gap; its 2023-W45 and a store of one delivery are as before', async () => {
    const ends = await weekSourceEnd(engine, span, store, W46, sourceSpansOf(horizons, span));
    expect(ends).toEqual({ lastDay: '2023-11-13', sources: [LEGACY], partialDays: ['2023-11-14'] });
    expect(spanForWeek(span, store, W46, ends).lastDay).toBe('2023-11-13');
    expect(spanForWeek(span, store, W46).lastDay).toBe('2023-11-14');
    const status = dataStatus(span, store, W46, 3, 1, ends);
    expect([status.weekDaysHeld, status.sourceEnd]).toEqual([1, ends]);
    expect(status.weekNotInStore).toMatchObject({ runs: [{ first: '2023-11-15', last: '2023-11-19' }], days: 5 });
    expect(dataWarnings({ week: W46, status } as WeeklyReport)).toEqual([
      `Incomplete week: the data of ${LEGACY}, this week's source, ends on 13 Nov 2023, its data horizon, and the store holds no billing data from 15 Nov 2023 to 31 Aug 2024; `
      + '14 Nov 2023 is a partial day (not all of its usage is in the store) and 15–19 Nov 2023 are not in it, so this week has 1 of its days.',
    ]);
    // No gap in the week, or one delivery (whose horizon is the store's): nothing is read.
    const none = stubEngine({});
    expect(await weekSourceEnd(none, span, store, parseIsoWeek('2023-W45'), sourceSpansOf(horizons, span))).toBeNull();
    expect(await weekSourceEnd(none, span, store, W46, storeWideSpans(span))).toBeNull();
  });

  it('a week whose partial day is its Monday (usage to 04:00 on 13 Nov 2023, a gap from 14 Nov) reads none of its days: its spend is read over an empty span, not over 13 Nov (it read $0.01 of it)', async () => {
    const cut = [{ ...horizons[0], last_usage_day: '2023-11-13', last_usage_end: '2023-11-13 04:00:00', last_charge_day: '2023-11-13' }, horizons[1]];
    const cutStore = { firstDay: '2023-11-01', gaps: [{ first: '2023-11-14', last: '2024-08-31' }] };
    const cutEngine = stubEngine({ 'calendar/billing_period_days': () => [{ ...periods[0], last_day: '2023-11-13' }, periods[1]] });
    const ends = await weekSourceEnd(cutEngine, span, cutStore, W46, sourceSpansOf(cut, span));
    expect(ends).toEqual({ lastDay: '2023-11-12', sources: [LEGACY], partialDays: ['2023-11-13'] });
    const reported = spanForWeek(span, cutStore, W46, ends);
    expect(reported.lastDay).toBe('2023-11-12');
    expect(weekDaysRead(W46, reported)).toEqual({ ...W46, last: '2023-11-12', end: '2023-11-13' });
    expect(comparedDaysOf(W46, reported)).toBe(7);
    expect(dataStatus(span, cutStore, W46, 3, 7, ends).weekDaysHeld).toBe(0);
    // A week the data ends inside, or after, reads its days up to that day, or all of them.
    expect(weekDaysRead(W46, { lastDay: '2023-11-13' })).toEqual({ ...W46, last: '2023-11-13', end: '2023-11-14' });
    expect(weekDaysRead(W46, { lastDay: '2024-09-30' })).toEqual(W46);
  });
});

describe('report weekly --week 2023-W46 on the real 2018 CURs, the legacy CUR and the FOCUS sample together: as on the legacy CUR alone', () => {
  // Budgets as the review's config (/tmp/rvu/cfg-real2.yaml) has them: the whole bill at $20 and EC2 at $2.
  const budgets = [{ name: 'all', amount: 20 }, { name: 'ec2', amount: 2, scope: { services: ['Amazon Elastic Compute Cloud'] } }];
  const budgetsConfig = parseConfig({ budgets });
  const configs: ReportConfigs = { ...budgetsConfig, report: reportConfigSchema.parse({}) };
  const audiences = [{ kind: 'finance' as const }, { kind: 'engineering' as const }];
  let together: WeeklyReport[];
  let alone: WeeklyReport[];
  let togetherDb: string;

  const build = async (db: string) => (await withEngine(db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: W46, audiences }))).reports;
  beforeAll(async () => {
    togetherDb = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
    together = await build(togetherDb);
    alone = await build(await cachedStore([[REAL_LEGACY_CSV]]));
  }, 300_000);

  it('compares 13 Nov 2023 with 6 Nov 2023 (it compared 13–14 Nov, $0.21, with 6–7 Nov, $0.30): usage $0.20 against $0.20, by DuckDB on the CSV', async () => {
    const [thisWeek, lastWeek] = [await legacyBilled('2023-11-13', '2023-11-14', true), await legacyBilled('2023-11-06', '2023-11-07', true)];
    expect([thisWeek, lastWeek]).toEqual([{ exact: '0.2046081542', cents: 20n }, { exact: '0.1957673895', cents: 20n }]);
    const [finance] = together;
    expect(finance.status.sourceEnd).toEqual({ lastDay: '2023-11-13', sources: [LEGACY], partialDays: ['2023-11-14'] });
    expect([finance.status.comparedDays, finance.status.weekDaysHeld]).toEqual([1, 1]);
    expect([finance.usage!.billed.current, finance.usage!.billed.previous, finance.usage!.billed.average]).toEqual([thisWeek.cents, lastWeek.cents, lastWeek.cents]);
    expect([finance.totals.billed.current, finance.totals.billed.previous]).toEqual([thisWeek.cents, lastWeek.cents]);
    // The daily chart draws 13 Nov and the 6 Nov before it, not 14 Nov; the movers and drivers compare the same days.
    expect(finance.daily.map((p) => `${p.day} ${p.billed}`)).toEqual(alone[0].daily.map((p) => `${p.day} ${p.billed}`));
    expect(finance.daily.at(-1)!.day).toBe('2023-11-13');
    expect(finance.movers).toEqual(alone[0].movers);
    expect(finance.drivers).toEqual(alone[0].drivers);
    expect(finance.coverage!.points.at(-1)!.week).toEqual({ ...W46, last: '2023-11-13', end: '2023-11-14' });
  });

  it('month to date 1–13 Nov 2023, $1.67 (it counted 14 Nov: $1.68); the KPI line, savings and commitments read the same days as the legacy CUR alone', async () => {
    const month = await legacyBilled('2023-11-01', '2023-11-14', false);
    expect(month).toEqual({ exact: '1.6732411158', cents: 167n });
    const [finance, engineering] = together;
    expect([finance.month!.through, finance.month!.billed.mtd, finance.month!.effective.mtd]).toEqual(['2023-11-13', month.cents, month.cents]);
    expect([engineering.kpi!.all!.firstDay, engineering.kpi!.all!.lastDay]).toEqual(['2023-11-01', '2023-11-13']);
    expect(engineering.kpi).toEqual(alone[1].kpi);
    expect([finance.savings.asOf, engineering.savings.asOf]).toEqual(['2023-11-14', '2023-11-14']);
    expect(finance.savings).toEqual(alone[0].savings);
    // Beside later data, 13 Nov 2023 is where the legacy CUR's data ends, as `costlens commitments --period 2023-11` says it (it read "the data ends on 13 Nov 2023, the data horizon"); alone, it is the horizon.
    const days = (ends: string) => `1–13 Nov 2023 (${ends}; lines dated up to 14 Nov 2023 are counted too)`;
    expect([finance.commitments!.covers, alone[0].commitments!.covers]).toEqual([`${days(`the data of ${LEGACY} ends on 13 Nov 2023`)}; Oct 2023, the last billing period complete by 13 Nov 2023, is not in the store`,
      `${days('the data ends on 13 Nov 2023, the data horizon')}: no billing period is complete up to 13 Nov 2023`]);
    expect(finance.commitments!.invoice).toEqual(alone[0].commitments!.invoice);
  });

  it('provisional days count back from the legacy CUR\'s own horizon, 13 Nov 2023 (not the store\'s, 30 Sep 2024): 11–13 Nov are left out of the fit and of the anomalies, as in the legacy CUR alone (it fitted 13 days: $7.77)', () => {
    const [finance] = together;
    const [aloneFinance] = alone;
    expect([finance.status.provisionalFrom, finance.status.provisionalDays]).toEqual(['2023-11-11', ['2023-11-13']]);
    expect(finance.month!.provisionalDays).toEqual(['2023-11-11', '2023-11-12', '2023-11-13']);
    expect(finance.daily.filter((p) => p.provisional).map((p) => p.day)).toEqual(['2023-11-11', '2023-11-12', '2023-11-13']);
    // The forecast fitted on 1–10 Nov 2023: $8.92 ($8.24 – $9.81), not on 1–13 Nov ($7.77).
    expect([finance.month!.billed.forecast, finance.month!.billed.low, finance.month!.billed.high]).toEqual([892n, 824n, 981n]);
    expect(finance.month).toEqual({ ...aloneFinance.month, expectationsWhyNot: finance.month!.expectationsWhyNot });
    // The horizon they count back from is named: the store's data horizon is 30 Sep 2024 (it said "back from the data horizon").
    const provisional = (of: string) => `13 Nov 2023, the one day in the range, is treated as provisional: costlens counts the last 3 complete days back from the data horizon${of} (anomalies.provisionalDays)`;
    expect([finance.anomalies!.noDayExamined, aloneFinance.anomalies!.noDayExamined]).toEqual([provisional(` of ${LEGACY}, 13 Nov 2023, where its data ends`), provisional('')]);
    expect(finance.anomalies!.notJudged).toBe(`13 Nov 2023 is not judged yet, treated as provisional: costlens counts it back from the data horizon of ${LEGACY}, 13 Nov 2023, where its data ends (anomalies.provisionalDays).`);
    expect({ ...finance.anomalies, noDayExamined: null, notJudged: '' }).toEqual({ ...aloneFinance.anomalies, noDayExamined: null, notJudged: '' });
    expect(finance.status.provisionalDays).toEqual(aloneFinance.status.provisionalDays);
    // The footer names where they end, the store's data running on to 30 Sep 2024 (it said "provisional from 28 Sep 2024"), and the runs
    // of days it holds around its gaps (it read "1 Oct 2018 – 30 Sep 2024", over a five-year gap).
    const footer = (report: WeeklyReport) => layoutReport(report, '[costlens]').footer.find((line) => line.startsWith('Data in the store'));
    expect([footer(finance), footer(aloneFinance)]).toEqual([
      'Data in the store: 1 Oct – 30 Nov 2018 and 1–14 Nov 2023 and 1–30 Sep 2024; provisional: 11–13 Nov 2023 (the last days of the data of this week\'s source).',
      'Data in the store: 1–13 Nov 2023; provisional from 11 Nov 2023.',
    ]);
  });

  it('a monthly budget\'s forecast as of 13 Nov 2023 is the forecast\'s, $8.92 (44.6% of $20), as on the legacy CUR alone (it was $7.77, 38.9%)', async () => {
    const { budgets } = parseConfig({ budgets: [{ name: 'all', amount: 20 }] });
    const statusOf = async (db: string) => (await withEngine(db, (engine) => evaluateBudgets(engine, { budgets, attribution: configs.attribution, forecast: configs.forecast }, { asOf: '2023-11-13' }))).statuses[0];
    const stores = [await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]), await cachedStore([[REAL_LEGACY_CSV]])];
    // In cents (half up: both positive), whether the status keeps the forecast exact or rounded to the cent.
    const cents = (units: bigint | null) => (units === null ? null : (units + 50_000_000n) / 100_000_000n);
    const [together13, alone13] = await Promise.all(stores.map(statusOf));
    expect([cents(together13.forecast), cents(alone13.forecast), together13.forecast === alone13.forecast]).toEqual([892n, 892n, true]);
    // By DuckDB on the CSV (finished-month-real.test.ts legacyNovember): 1–13 Nov 1.6732411158 + regr_slope/regr_intercept on 1–10 Nov summed over 14–30 Nov 7.2417717 = 8.9150128, $8.92; 44.575% of $20.
    expect([together13.forecast, together13.forecastSharePercent, alone13.forecastSharePercent]).toEqual([units('8.92'), 44.6, 44.6]);
  });

  it('anomalies as of 13 Nov 2023 leave out 11–13 Nov 2023 as provisional, as on the legacy CUR alone (it examined them), and --include-provisional names them so (it said "2023-11-11 to 2024-09-30"); the range begins on 1 Nov 2023, after the gap (it named 31 Oct 2023 not judged, "no billing data that day")', async () => {
    const stores = [await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]), await cachedStore([[REAL_LEGACY_CSV]])];
    const detect = (db: string, includeProvisional: boolean) => withEngine(db, (engine) => detectSpendAnomalies(engine, configs.anomalies, { asOf: '2023-11-13', includeProvisional, followBack: false }));
    const [together13, alone13] = await Promise.all(stores.map((db) => detect(db, false)));
    expect([together13.firstProvisionalDay, together13.skippedProvisional, together13.examined]).toEqual(['2023-11-11', ['2023-11-11', '2023-11-12', '2023-11-13'], { from: '2023-11-01', to: '2023-11-10' }]);
    expect(together13.skippedProvisional).toEqual(alone13.skippedProvisional);
    // 31 Oct 2023 lies in the gap between the 2018 CUR and the legacy CUR, whose first charge day is 1 Nov 2023 (by DuckDB on the
    // CSV): the range begins on 1 Nov, as on the legacy CUR alone, and does not name 31 Oct "not judged: no billing data that day".
    const [first] = await duckdbRows(`SELECT CAST(min(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE)::VARCHAR AS day FROM read_csv($file, all_varchar = true)`, { file: REAL_LEGACY_CSV });
    expect([first.day, together13.from, alone13.from]).toEqual(['2023-11-01', '2023-11-01', '2023-11-01']);
    expect(together13.notJudged).toEqual(alone13.notJudged);
    expect(anomalyNotes(together13).filter((n) => n.startsWith('Not judged'))).toEqual(['Not judged: 1–10 Nov 2023 (fewer than 28 trailing days of billing data).']);
    const examined = (await detect(stores[0], true));
    expect(anomalyNotes(examined).filter((n) => n.startsWith('Examined with'))).toEqual([
      `Examined with --include-provisional: 11–13 Nov 2023, treated as provisional: costlens counts the last 3 complete days back from the data horizon of ${LEGACY}, 13 Nov 2023, where its data ends (anomalies.provisionalDays).`,
    ]);
  });

  it('the month section expects no fees or tax from October 2023, a month in the gap, and says so (it said they were "still expected from the previous month")', () => {
    const [together13, alone13] = [together[0].month!, alone[0].month!].map((m) => monthLayoutSection(m).notes[0]);
    const basis = 'Forecast as of 13 Nov 2023: the month to date plus the usage run-rate projected over the remaining days (costlens forecast --as-of 2023-11-13); the range is its low/high band.';
    expect(together13).toBe(`${basis} Expected charges: none, the month before (Oct 2023) is not in the store: the store holds no billing data from 1 Dec 2018 to 31 Oct 2023.`);
    expect(alone13).toBe(`${basis} Expected charges: none, the month before (Oct 2023) is not in the store: the store's billing data begins on 1 Nov 2023.`);
    // After it, one line on the trend running far above the rate of 4–10 Nov (11–13 Nov provisional): 0.138407 a day (tests/report/real-files.test.ts, by
    // DuckDB on the CSV) × the 17 days left + 1–13 Nov's 1.6732411158 = 4.0261601158, $4.03; the same on both stores.
    const caveats = [together[0].month!, alone[0].month!].map((m) => monthLayoutSection(m).notes.slice(1));
    expect(caveats).toEqual([0, 1].map(() => ['BilledCost: the forecast\'s trend runs above the rate of its last 7 fitted days (4–10 Nov 2023, $0.14 a day): '
      + 'at that rate the month would be $4.03. costlens forecast --as-of 2023-11-13 gives the rule and its evidence.']));
  });

  it('budgets of 2023-11, in the e-mail and `budgets --period 2023-11`, are judged on the legacy CUR\'s data: as of 13 Nov 2023, 13 of 30 days, $1.67, its 0.0090675816 ($0.01) of 14 Nov named (it counted 14 of 30 days, $1.68, as of 30 Nov)', async () => {
    const [month, partial] = [await legacyBilled('2023-11-01', '2023-11-14', false), await legacyBilled('2023-11-14', '2023-11-15', false)];
    expect(partial.exact).toBe('0.0090675816');
    // Named in cents, $0.01, as the table writes the actual (it read the exact $0.0090675816); 13 Nov 2023 is where the legacy CUR's data ends, in the
    // words of commitments' days (it read "to 13 Nov 2023, the data horizon", as on the legacy CUR alone, though the store's runs to 30 Sep 2024).
    const noteOf = (ends: string) => `all: 2023-11: the actual counts the complete days to 13 Nov 2023${ends}; it leaves out $0.01 of lines in scope dated 14 Nov 2023, a day not complete yet (\`costlens invoice\` counts them in the bill of the days the store holds).`;
    const note = noteOf(` (the data of ${LEGACY} ends on 13 Nov 2023)`);
    const figures = (report: BudgetsReport) => report.statuses.map((s) => [s.budget.name, s.asOf, s.daysCounted, s.period.days, s.actual, s.notJudged]);
    const expected = [['all', '2023-11-13', 13, 30, units(month.exact), null], ['ec2', '2023-11-13', 13, 30, 0n, null]];
    const mailed = together[0].budgets!;
    expect([mailed.asOf, figures(mailed), mailed.afterHorizon]).toEqual(['2023-11-13', expected, [note]]);
    expect(alone[0].budgets!.afterHorizon).toEqual([noteOf(', the data horizon')]);
    expect(mailed.statuses[0].forecast).toBe(alone[0].budgets!.statuses[0].forecast);
    const cli = await withEngine(togetherDb, (engine) => evaluateBudgets(engine, budgetsConfig, { period: budgetPeriodOf('2023-11') }));
    expect([cli.asOf, figures(cli), cli.afterHorizon]).toEqual(['2023-11-13', expected, [note]]);
    expect(cli.asOfReason).toBe(`the data horizon of ${LEGACY}, where its data ends (the store's runs to 30 Sep 2024), inside 2023-11`);
    expect(budgetsNotes(cli)).toContain(note);
  });

  it('a scope matching nothing says why the days read begin before its period (the forecast reads the month before) and names the days the store holds of them, the others not in the store: 2024-09\'s note read "from 2024-08-01", a day in the gap; a quarter read from its first day, 2018-Q4 (the store begins on 1 Oct 2018), has no such words', async () => {
    const none = { services: ['No Such Service'] };
    const config = parseConfig({ budgets: [{ name: 'm', amount: 10, scope: none }, { name: 'q', amount: 10, period: 'quarterly', scope: none }, { name: 'all', amount: 10 }] });
    const how = 'services are matched by ServiceName (e.g. "Amazon Elastic Compute Cloud") or product code (AmazonEC2), accounts by SubAccountId, tags as attribution reads them: '
      + 'costlens sql "SELECT DISTINCT ServiceName, x_ProductCode FROM line_items" lists the names the store holds.';
    const before = (period: string) => `: its period ${period} to as-of and the days before it that its forecast reads (the month before, for the recurring fees and tax it expects again, and the days its usage run-rate is fitted on)`;
    const evaluated = (period?: string) => withEngine(togetherDb, (engine) => evaluateBudgets(engine, config, period ? { period: budgetPeriodOf(period) } : {}));
    const unmatched = async (period?: string) => budgetsNotes(await evaluated(period)).filter((n) => n.includes('matches its scope'));
    // The gap, by DuckDB on the files: the legacy CUR's last charge day and the FOCUS sample's first.
    const [gap] = await duckdbRows(`SELECT (SELECT CAST(max(CAST("lineItem/UsageStartDate" AS TIMESTAMP)) AS DATE) FROM read_csv($legacy, all_varchar = true)) AS legacy_last,
        (SELECT CAST(min(CAST(ChargePeriodStart AS TIMESTAMP)) AS DATE) FROM read_csv($focus, all_varchar = true, nullstr = 'NULL')) AS focus_first`, { legacy: REAL_LEGACY_CSV, focus: REAL_FOCUS });
    expect(gap).toEqual({ legacy_last: '2023-11-14', focus_first: '2024-09-01' });
    const inGap = '(the store holds no billing data from 15 Nov 2023 to 31 Aug 2024)';
    // The days read begin in the gap: the note names the first day the store holds of them, and the others as not in the store (it read "from 2024-08-01", "from 2024-06-01").
    expect(await unmatched()).toEqual([
      `m: no line item on 1–30 Sep 2024 matches its scope (service No Such Service), the days the store holds of those it read from 1 Aug to 30 Sep 2024${before('2024-09')}; `
      + `1–31 Aug 2024 are not in the store ${inGap}; ${how}`,
      `q: no line item on 1–30 Sep 2024 matches its scope (service No Such Service), the days the store holds of those it read from 1 Jun to 30 Sep 2024${before('2024-Q3')}; `
      + `1 Jun – 31 Aug 2024 are not in the store ${inGap}; ${how}`,
    ]);
    // 2023-12, as of its last day, in the gap: the days held are the legacy CUR's 1–14 Nov 2023 (it read "from 2023-11-01 to 2023-12-31", as if the store held them all).
    expect(await unmatched('2023-12')).toEqual([
      `m: no line item on 1–14 Nov 2023 matches its scope (service No Such Service), the days the store holds of those it read from 1 Nov to 31 Dec 2023${before('2023-12')}; `
      + `15 Nov – 31 Dec 2023 are not in the store ${inGap}; ${how}`,
      `q: no line item on 1–14 Nov 2023 matches its scope (service No Such Service), the days the store holds of those it read from 1 Sep to 31 Dec 2023${before('2023-Q4')}; `
      + `1 Sep – 31 Oct 2023 and 15 Nov – 31 Dec 2023 are not in the store (the store holds no billing data from 1 Dec 2018 to 31 Oct 2023 and from 15 Nov 2023 to 31 Aug 2024); ${how}`,
    ]);
    // None of the days read in the store (2024-03, read from 1 Feb): nothing could match, even the whole bill; the not-judged note says why (it said the whole bill matched nothing).
    const march = await evaluated('2024-03');
    expect(march.statuses.map((s) => [s.budget.name, s.daysCounted, s.unmatched])).toEqual([['m', 0, null], ['q', 0, null], ['all', 0, null]]);
    expect(budgetsNotes(march).filter((n) => n.includes('matches its scope'))).toEqual([]);
    expect(await unmatched('2018-11')).toEqual([
      `m: no line item from 1 Oct to 30 Nov 2018 matches its scope (service No Such Service)${before('2018-11')}; ${how}`,
      `q: no line item from 1 Oct to 30 Nov 2018 matches its scope (service No Such Service); ${how}`,
    ]);
  });

  it('a forecast\'s share is that of the exact forecast, as the actual\'s: EC2 in Sept 2024, $16.0416930505 of $2, is 802.1 % both (the forecast\'s read 802.0 %, of $16.04)', async () => {
    const [ec2] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS exact,
        CAST(round(sum(CAST(BilledCost AS DECIMAL(38,10))) * 100 / 2, 1) AS VARCHAR) AS share
      FROM read_csv($file, all_varchar = true, nullstr = 'NULL') WHERE ServiceName = 'Amazon Elastic Compute Cloud'
        AND CAST(ChargePeriodStart AS TIMESTAMP) >= TIMESTAMP '2024-09-01' AND CAST(ChargePeriodStart AS TIMESTAMP) < TIMESTAMP '2024-10-01'`, { file: REAL_FOCUS });
    expect(ec2).toEqual({ exact: '16.0416930505', share: '802.1' });
    const report = await withEngine(togetherDb, (engine) => evaluateBudgets(engine, budgetsConfig));
    const status = report.statuses.find((s) => s.budget.name === 'ec2')!;
    expect([status.period.label, status.complete, status.actual, status.forecast]).toEqual(['2024-09', true, units(ec2.exact!), units('16.04')]);
    expect([status.sharePercent, status.forecastSharePercent]).toEqual([802.1, 802.1]);
  });
});

