/**
 * A week that a delivery which has ended stops inside while another delivery's data runs on
 * (src/report/week-source-end.ts, endedAroundWeek): the real 2018 CUR of account 836060457634 cut
 * after 13 Nov 2018 (its usage lines starting before 14 Nov) beside the FOCUS sample moved back to
 * Nov 2018 (its data to 30 Nov). The report on 2018-W46 (12–18 Nov) reads the whole week as its spend
 * ($315.14) and compares it with 5–11 Nov without the CUR's lines, saying how much is left out; it was
 * cut at the CUR's end and read 12–13 Nov alone as the week's spend ($312.12), so the next report's
 * last week differed. Anomalies do not judge a series whose trailing days hold the data of a delivery
 * that has ended before the day: they flagged AWS Glue, RDS, EC2 and the CUR's account as "drops" from 14 Nov.
 * The weeks after it are compared with the weeks before without the CUR's lines, on the FOCUS export's
 * data (from 1 Nov): 2018-W47 read −97.3 % against 2018-W46 and −99.0 % against the average, the CUR's end.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { detectSpendAnomalies, findAnomalyEvents, unjudgedRuns } from '../../src/analyze/anomalies/index.ts';
import { sourceSpansOf, storeWideSpans } from '../../src/analyze/source-spans.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import { headlineSentence, subjectLine } from '../../src/report/layout-headline.ts';
import { notComparedBecause } from '../../src/report/layout-comparison.ts';
import { totalsLayoutSection } from '../../src/report/layout-totals.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { endedAroundWeek, sourcesLeftOut } from '../../src/report/week-source-end.ts';
import { divideRounded, fromUnits } from '../../src/lib/money.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { type CursBesideFocus, curCutBesideFocus2018, usageBilled } from '../helpers/ended-delivery-files.ts';
import { cents, exactOf, percentChangeOfUnits, percentChangeText } from '../helpers/shown-cents-rule.ts';
import { row } from '../helpers/source-span-rows.ts';

const CUR = 'aws/836060457634';
const W46 = parseIsoWeek('2018-W46'); // 12–18 Nov 2018

/** BilledCost of every line (all charge classes) of the charge days from `from` to `to`, exact, by DuckDB on the files: the CURs' unblended cost, the FOCUS file's BilledCost. */
async function billedAll(files: { cut: string; focus: string }, from: string, to: string, of: 'cur' | 'both'): Promise<string> {
  const [sum] = await duckdbRows(`SELECT CAST(sum(billed) AS VARCHAR) AS billed FROM (
      SELECT CAST(line_item_usage_start_date AS DATE) AS day, CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS billed, 'cur' AS part FROM read_parquet([$oct, $cut])
      UNION ALL
      SELECT CAST(ChargePeriodStart AS DATE), CAST(BilledCost AS DECIMAL(38,10)), 'focus' FROM read_parquet($focus))
    WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND ($of = 'both' OR part = $of)`, { oct: REAL_OCT_2018, cut: files.cut, focus: files.focus, from, to, of });
  return sum.billed!;
}

describe('endedAroundWeek: a delivery that has ended inside the week is compared without its lines, as one ended before it', () => {
  const span = { firstDay: '2018-10-01', lastDay: '2018-11-30', lastChargeDay: '2018-11-30', lastUsagePeriod: '2018-11' };
  const focus = row('aws/1234567890123', '2018-11', 'focus.parquet', ['2018-11-01', '2018-11-30', '2018-12-01 00:00:00', '2018-11-30', '2018-11']);
  const cur = (lastDay: string) => [
    row(CUR, '2018-10', 'oct.parquet', ['2018-10-01', lastDay, `${lastDay} 23:00:00`, lastDay, '2018-11']),
    row(CUR, '2018-11', 'nov.parquet', ['2018-10-01', lastDay, `${lastDay} 23:00:00`, lastDay, '2018-11']),
  ];
  // Its last charge day is the rows' last_charge_day, 14 Nov (the data horizon 13 Nov: its usage ends at 23:00 on 14 Nov).
  const ended = { deliveries: [{ firstDay: '2018-10-01', lastDay: '2018-11-13', lastChargeDay: '2018-11-14', sources: [CUR] }], othersFrom: '2018-11-01' };

  it('the CUR\'s data ending on Tuesday 13 Nov 2018, the FOCUS export\'s on 30 Nov: 2018-W46 read to its Sunday holds it, its lines left out of this week and last', () => {
    expect(endedAroundWeek(W46, sourceSpansOf([...cur('2018-11-14'), focus], span), '2018-10-15', W46.last)).toEqual(ended);
    expect(sourcesLeftOut(W46, ended)).toEqual([CUR]);
    // Read only to its Monday (the store's data ending there), the week holds none of the others' days after the CUR's end.
    expect(endedAroundWeek(W46, sourceSpansOf([...cur('2018-11-14'), focus], span), '2018-10-15').deliveries).toEqual([]);
  });

  it('none when the delivery ends on the week\'s Sunday, lags (within 7 days: it holds the horizon back instead), or is the store\'s only one', () => {
    expect(endedAroundWeek(W46, sourceSpansOf([...cur('2018-11-19'), focus], span), '2018-10-15', W46.last).deliveries).toEqual([]);
    const lagging = sourceSpansOf([...cur('2018-11-27'), focus], span);
    expect([lagging.ended(), endedAroundWeek(parseIsoWeek('2018-W48'), lagging, '2018-10-29', '2018-11-30').deliveries]).toEqual([[], []]);
    expect(endedAroundWeek(W46, storeWideSpans(span), '2018-10-15', W46.last).deliveries).toEqual([]);
  });
});

describe('the store of the October CUR, the November CUR cut after 13 Nov 2018 and the FOCUS sample moved to Nov 2018', () => {
  let files: { cut: string; focus: string };
  let usageFiles: CursBesideFocus;
  let db: string;
  let finance: WeeklyReport;
  const configs: ReportConfigs = { ...parseConfig({}), report: reportConfigSchema.parse({}) };
  const financeReport = async (week: string) => (await withEngine(db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek(week), audiences: [{ kind: 'finance' }] }))).reports[0];
  beforeAll(async () => {
    files = await curCutBesideFocus2018();
    usageFiles = { curs: [REAL_OCT_2018, files.cut], focus: files.focus };
    db = await cachedStore([[REAL_OCT_2018, files.cut, files.focus]]);
    finance = await financeReport('2018-W46');
  }, 300_000);

  it('report weekly --week 2018-W46, the week the CUR stops inside: the whole week is its spend ($315.14), compared without the CUR\'s lines, usage $6.94 against $1.30; it read 12–13 Nov alone as the week\'s spend ($312.12)', async () => {
    // The FOCUS export's usage of 12–18 Nov and 5–11 Nov, compared; the CUR's, left out of each.
    const [now, before, leftOut, lastWeekLeftOut] = [await usageBilled(usageFiles, '2018-11-12', '2018-11-18', 'focus'), await usageBilled(usageFiles, '2018-11-05', '2018-11-11', 'focus'),
      await usageBilled(usageFiles, '2018-11-12', '2018-11-18', 'cur'), await usageBilled(usageFiles, '2018-11-05', '2018-11-11', 'cur')];
    expect([now, before, leftOut, lastWeekLeftOut]).toEqual(['6.9355468347', '1.3008891012', '308.0099639987', '1071.3319219036']);
    // Every line of the week (BilledCost, all charge classes), and the CUR's part of it (its usage alone).
    const [whole, curPart] = [await billedAll(files, '2018-11-12', '2018-11-18', 'both'), await billedAll(files, '2018-11-12', '2018-11-18', 'cur')];
    expect([whole, curPart]).toEqual(['315.1375108334', '308.0099639987']);
    const { status, usage } = finance;
    expect(status.comparedDays).toBe(7);
    const thisWeek = status.endedBefore!.thisWeek!;
    expect([thisWeek.total.billed, thisWeek.leftOut.billed]).toEqual([cents(whole), cents(curPart)]);
    expect(status.endedBefore!.usageLeftOut).toEqual({ thisWeek: cents(leftOut), lastWeek: cents(lastWeekLeftOut), averaged: cents(lastWeekLeftOut) });
    expect([usage!.billed.current, usage!.billed.previous, usage!.billed.change]).toEqual([cents(now), cents(before), cents(now) - cents(before)]);
    expect(finance.daily.at(-1)!.day).toBe('2018-11-18');
    // The percentage is the exact change over the exact amount before (DuckDB's figures above), to one decimal: +433.1%, as Explore's
    // +433.14% to two (tests/server/explore-ended-delivery.test.ts); it read +433.8%, worked out from the rounded $5.64 and $1.30.
    const pct = percentChangeText(now, before, 1);
    expect([pct, percentChangeText(now, before, 2)]).toEqual(['+433.1%', '+433.14%']);
    expect(subjectLine(finance, '[costlens]')).toBe(`[costlens] Finance weekly 2018-W46 (12–18 Nov 2018): $315.14 billed, usage ${pct} vs last week [delivery ended]`);
    expect(headlineSentence(finance)).toBe('The organisation spent $315.14 (BilledCost) in 2018-W46; usage without the lines of aws/836060457634, a delivery that has ended, was $6.94, '
      + `+$5.64 (${pct}) against the same days of the week before, ${pct} against the 1-week average (5–11 Nov 2018) of $1.30.`);
    expect(dataWarnings(finance)).toEqual([`Delivery ended: the data of ${CUR} ends on 13 Nov 2018, more than 7 days before the store's latest data (that delivery has ended): `
      + 'this week holds $308.01 of its BilledCost ($308.01 of usage) in the week\'s spend but left out of its comparison, and last week (5–11 Nov 2018) is compared without its lines ($1,071.33 of usage BilledCost left out), '
      + 'and the 4-week average takes 5–11 Nov 2018 without them ($1,071.33 left out) and leaves out 15 Oct – 4 Nov 2018, which hold its lines where the other deliveries\' data does not, so that its end does not read as a drop in spend.']);
    // The drivers explain both weeks without the CUR's lines, as they are compared (they were not explained: tests/report/ended-delivery-drawn.test.ts).
    expect([finance.drivers!.missing, finance.drivers!.withoutSources]).toEqual([null, [CUR]]);
    // The week's BilledCost: usage compared $6.94, adjustments $0.19 and the CUR's $308.01: $315.14, the whole week (DuckDB above);
    // last week's likewise its whole week, $1,072.71, the CUR's $1,071.33 in it (it read $1.38, the lines compared alone).
    const [lastWhole, lastCurPart] = [await billedAll(files, '2018-11-05', '2018-11-11', 'both'), await billedAll(files, '2018-11-05', '2018-11-11', 'cur')];
    expect([lastWhole, lastCurPart]).toEqual(['1072.7128110048', '1071.3319219036']);
    expect(totalsLayoutSection(finance).tables[0].rows.slice(0, 4)).toEqual([
      ['Usage (BilledCost)', '$6.94', '$1.30', `+$5.64 (${pct})`, '$1.30', `+$5.64 (${pct})`],
      ['Adjustments (BilledCost)', '$0.19', '$0.08', 'not compared', '', ''],
      ['Lines of a delivery that has ended (BilledCost)', '$308.01', '$1,071.33', 'not compared', '', ''],
      ['Total BilledCost', '$315.14', '$1,072.71', 'not compared', '', ''],
    ]);
    expect([status.endedBefore!.lastWeekWhole!.total.billed, status.endedBefore!.lastWeekWhole!.leftOut.billed]).toEqual([cents(lastWhole), cents(lastCurPart)]);
  });

  it('anomalies as of the data horizon, 30 Nov 2018, judge no series whose trailing days hold the CUR\'s data (they listed 4 drops from 14 Nov, AWS Glue −$1,352.67), 17–27 Nov named for them; the FOCUS series are judged', async () => {
    const found = await withEngine(db, (engine) => findAnomalyEvents(engine, { config: parseConfig({}).anomalies }));
    expect([found.events, found.belowFloor]).toEqual([[], []]);
    const reason = `its trailing days hold the data of ${CUR}, a delivery that has ended (its data ends on 13 Nov 2018, more than 7 days before the store's latest data)`;
    // No day is left unjudged as a whole (they read "Not judged: 17–27 Nov" for every series): the CUR's 10 services and 2 accounts are.
    expect(unjudgedRuns(found.report)).toEqual([]);
    const series = found.report.notJudgedSeries;
    expect([series.length, series.filter((s) => s.dimension === 'account').map((s) => s.value)]).toEqual([12, ['836060457634', '011254002932']]);
    expect(series.every((s) => s.from === '2018-11-17' && s.to === '2018-11-27' && s.days === 11 && s.reason === reason)).toBe(true);
    expect(series.find((s) => s.value === 'AWS Glue')).toMatchObject({ dimension: 'service', from: '2018-11-17', to: '2018-11-27', cause: 'ended' });
    // A FOCUS series is judged: its Virtual Machines spend of 17 Nov, exact by DuckDB on the moved file.
    const [vm] = await duckdbRows('SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file) WHERE ServiceName = \'Virtual Machines\' AND CAST(ChargePeriodStart AS DATE) = DATE \'2018-11-17\'', { file: files.focus });
    const judged = found.report.rows.find((r) => r.day === '2018-11-17' && r.dimension === 'service' && r.value === 'Virtual Machines')!;
    expect([vm.billed, judged.status, fromUnits(judged.actual)]).toEqual(['0.1756807200', 'normal', '0.1756807200']);
    // As of its horizon the CUR's days are judged as before; from the next day, 14 Nov, its partial day, its series are not.
    const asOf = (day: string) => withEngine(db, (engine) => detectSpendAnomalies(engine, parseConfig({}).anomalies, { asOf: day }));
    const [on13, on16] = [await asOf('2018-11-13'), await asOf('2018-11-16')];
    expect([on13.notJudged, on13.notJudgedSeries, on16.notJudged]).toEqual([[], [], []]);
    expect(on16.notJudgedSeries.map((s) => [s.value, s.from, s.to]).slice(0, 2)).toEqual([['836060457634', '2018-11-14', '2018-11-16'], ['AWS Glue', '2018-11-14', '2018-11-16']]);
  });

  it('report weekly --week 2018-W47, after the CUR has ended: compared with 2018-W46 without the CUR\'s lines, usage $8.60 against $6.94 (+24.1 %), $308.01 of it left out, and with 2018-W45 and W46 averaged alike ($4.12; W43 and W44 precede the FOCUS data); it read −97.3 %, then nothing was compared', async () => {
    const [now, before, leftOut] = [await usageBilled(usageFiles, '2018-11-19', '2018-11-25'), await usageBilled(usageFiles, '2018-11-12', '2018-11-18', 'focus'), await usageBilled(usageFiles, '2018-11-12', '2018-11-18', 'cur')];
    expect([now, before, leftOut]).toEqual(['8.6039520474', '6.9355468347', '308.0099639987']);
    const [w45, averagedLeftOut] = [await usageBilled(usageFiles, '2018-11-05', '2018-11-11', 'focus'), await usageBilled(usageFiles, '2018-11-05', '2018-11-18', 'cur')];
    expect([w45, averagedLeftOut]).toEqual(['1.3008891012', '1379.3418859023']);
    const w47 = await financeReport('2018-W47');
    // Its last charge day is 13 Nov too: every line of the cut file starts before 14 Nov (by DuckDB on the file).
    const [cutLast] = await duckdbRows('SELECT CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS day FROM read_parquet($file)', { file: files.cut });
    const ended = { firstDay: '2018-10-01', lastDay: '2018-11-13', lastChargeDay: cutLast.day!, sources: [CUR] };
    expect(cutLast.day).toBe('2018-11-13');
    const spans = (weeks: { start: string; last: string }[]) => weeks.map((w) => `${w.start}/${w.last}`);
    const { lastWeekWhole, ...before47 } = w47.status.endedBefore!;
    // Last week's total is its whole week, $315.14 (W46's own), the CUR's $308.01 in it (DuckDB in the test of W46 above).
    expect([lastWeekWhole!.total.billed, lastWeekWhole!.leftOut.billed]).toEqual([31514n, 30801n]);
    expect({ ...before47, weeksLeftOut: spans(before47.weeksLeftOut), averagedWithout: spans(before47.averagedWithout) }).toEqual({
      deliveries: [ended], othersFrom: '2018-11-01', thisWeek: null, thisWeekHolds: null, lastWeek: 'without', weeksLeftOut: ['2018-10-22/2018-10-28', '2018-10-29/2018-11-04'],
      averagedWithout: ['2018-11-05/2018-11-11', '2018-11-12/2018-11-18'], usageLeftOut: { thisWeek: null, lastWeek: cents(leftOut), averaged: cents(averagedLeftOut) },
    });
    expect(spans(w47.status.averaged)).toEqual(['2018-11-05/2018-11-11', '2018-11-12/2018-11-18']);
    const average = (cents(w45) + cents(before)) / 2n; // 130 + 694 = 824 cents, even
    expect([w47.usage!.billed.current, w47.usage!.billed.previous, w47.usage!.billed.change, w47.usage!.billed.average]).toEqual([cents(now), cents(before), cents(now) - cents(before), average]);
    expect(notComparedBecause(w47)).toBeNull();
    // Percentages of the exact amounts (DuckDB's above): against W46, +24.1% (it read +23.9%, $1.66 over $6.94); against the exact mean of
    // W45 and W46, (8.6039520474 × 2) over 1.3008891012 + 6.9355468347, +108.9% (it read +108.7%, $8.60 over the rounded $4.12).
    const [vsLast, vsAverage] = [percentChangeText(now, before, 1), percentChangeOfUnits(2n * exactOf(now), exactOf(w45) + exactOf(before), 1)];
    expect([vsLast, vsAverage]).toEqual(['+24.1%', '+108.9%']);
    expect(subjectLine(w47, '[costlens]')).toBe(`[costlens] Finance weekly 2018-W47 (19–25 Nov 2018): $5.99 billed, usage ${vsLast} vs last week [delivery ended]`);
    expect(headlineSentence(w47)).toBe(`The organisation spent $5.99 (BilledCost) in 2018-W47; usage was $8.60, +$1.66 (${vsLast}) against the same days of the week before, ${vsAverage} against the 2-week average (5–18 Nov 2018) of $4.12.`);
    expect(dataWarnings(w47)).toEqual([`Delivery ended: the data of ${CUR} ends on 13 Nov 2018, more than 7 days before the store's latest data (that delivery has ended), and this week holds none of it: `
      + 'last week (12–18 Nov 2018) is compared without its lines ($308.01 of usage BilledCost left out), and the 4-week average takes 5–18 Nov 2018 without them ($1,379.34 left out) '
      + 'and leaves out 22 Oct – 4 Nov 2018, which hold its lines where the other deliveries\' data does not, so that its end does not read as a drop in spend.']);
    expect(totalsLayoutSection(w47).notes[1]).toMatch(/^Usage \(the usage charge class: hourly and daily usage\) is compared with last week and the average of the 4 weeks before \(the 2 of them wholly in the store's data and in the data of the deliveries that have not ended: 5–18 Nov 2018\);/);
    // The drivers explain last week without the CUR's lines, as it is compared (none were given: explain read them as drivers gone).
    expect([w47.drivers!.missing, w47.drivers!.withoutSources]).toEqual([null, [CUR]]);
  });

  it('report weekly --week 2018-W48 (its data to Friday 30 Nov): compared with 2018-W47, neither holding the CUR, its 4-week average the Mon–Fri of 2018-W45 to W47, the first two without the CUR\'s lines (2018-W44 precedes the FOCUS data)', async () => {
    const [now, before] = [await usageBilled(usageFiles, '2018-11-26', '2018-11-30'), await usageBilled(usageFiles, '2018-11-19', '2018-11-23')];
    expect([now, before]).toEqual(['5.8359105170', '5.1456864419']);
    const earlier = [await usageBilled(usageFiles, '2018-11-05', '2018-11-09', 'focus'), await usageBilled(usageFiles, '2018-11-12', '2018-11-16', 'focus')];
    // The CUR's usage those Mon–Fri spans hold (its data to 13 Nov), left out of the average.
    const leftOut = [await usageBilled(usageFiles, '2018-11-05', '2018-11-09', 'cur'), await usageBilled(usageFiles, '2018-11-12', '2018-11-16', 'cur')];
    expect([...earlier, ...leftOut]).toEqual(['0.8459131309', '4.3892085693', '770.1674051001', '308.0099639987']);
    const w48 = await financeReport('2018-W48');
    expect([w48.status.comparedDays, w48.status.endedBefore!.lastWeek, w48.status.averaged.map((w) => `${w.start}/${w.last}`)]).toEqual([5, null, ['2018-11-05/2018-11-09', '2018-11-12/2018-11-16', '2018-11-19/2018-11-23']]);
    const average = divideRounded(cents(earlier[0]) + cents(earlier[1]) + cents(before), 3n);
    expect([w48.usage!.billed.current, w48.usage!.billed.previous, w48.usage!.billed.average, w48.usage!.billed.averageWeeks]).toEqual([cents(now), cents(before), average, 3]);
    expect(notComparedBecause(w48)).toBeNull();
    // 770.1674051001 + 308.0099639987 = 1,078.1773690988: $1,078.18.
    expect(w48.status.endedBefore!.usageLeftOut).toEqual({ thisWeek: null, lastWeek: null, averaged: 107818n });
    expect(dataWarnings(w48)[1]).toBe(`Delivery ended: the data of ${CUR} ends on 13 Nov 2018, more than 7 days before the store's latest data (that delivery has ended), and this week holds none of it: `
      + 'the 4-week average takes Mon–Fri of each week of 5–18 Nov 2018 without them ($1,078.18 left out) and leaves out Mon–Fri of 29 Oct – 4 Nov 2018, which holds its lines where the other deliveries\' data does not (it averages Mon–Fri of each week of 5–25 Nov 2018), so that its end does not read as a drop in spend.');
  });
});
