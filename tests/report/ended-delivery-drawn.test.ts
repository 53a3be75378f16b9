/**
 * The e-mail's daily chart, its tag coverage trend and its drivers ("Why they moved") read the weeks as the
 * comparison reads them, after a delivery has ended: the real CURs of Oct 2018 and Nov 2018 cut after 13 Nov
 * beside the FOCUS sample moved to Nov 2018. In 2018-W46 the table compares usage without the CUR's lines
 * ($6.94 against $1.30) while the chart drew them (5 Nov: $155.13, 12 Nov: $156.82) and the trend's 2018-W45
 * held them ($1,072.63 beside the table's $1.30); the drivers were not explained at all ("last week holds the
 * data of aws/836060457634, …"). Now the chart and the trend leave the CUR's lines out of the weeks the
 * comparison leaves them out of, and say so under them; the drivers explain the weeks without them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cents } from '../helpers/shown-cents-rule.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { layoutReport } from '../../src/report/layout.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { dayRange } from '../../src/lib/calendar.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { billedByDay, billedOf, type CursBesideFocus, curCutBesideFocus2018 } from '../helpers/ended-delivery-files.ts';

const CUR = 'aws/836060457634';
const ENDED = `${CUR}, a delivery that has ended (its data ends on 13 Nov 2018)`;
const configs: ReportConfigs = { ...parseConfig({}), report: reportConfigSchema.parse({}) };
/** `1.3008891012` → 130n: cents, half away from zero. */

describe('the 2018 CURs, the November one cut after 13 Nov 2018, beside the FOCUS sample moved to Nov 2018: the finance e-mail', () => {
  let files: CursBesideFocus;
  let focus: string;
  let w46: WeeklyReport;
  let w47: WeeklyReport;
  const section = (report: WeeklyReport, id: string) => layoutReport(report, '').sections.find((s) => s.id === id)!;
  beforeAll(async () => {
    const derived = await curCutBesideFocus2018();
    focus = derived.focus;
    files = { curs: [REAL_OCT_2018, derived.cut], focus };
    const db = await cachedStore([[REAL_OCT_2018, derived.cut, focus]]);
    const built = await withEngine(db, async (engine) => Promise.all(['2018-W46', '2018-W47'].map((week) =>
      buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week: parseIsoWeek(week), audiences: [{ kind: 'finance' }] }))));
    [w46, w47] = built.map((b) => b.reports[0]);
  }, 300_000);

  it('2018-W46\'s daily chart draws both weeks without the CUR\'s lines, as the table compares them: each day the FOCUS export\'s usage (12 Nov $1.73, where it drew $156.82), and says so', async () => {
    const [focusDays, wholeDays] = await Promise.all([billedByDay(files, '2018-11-05', '2018-11-18', { of: 'focus' }), billedByDay(files, '2018-11-05', '2018-11-18')]);
    expect([focusDays.get('2018-11-12'), wholeDays.get('2018-11-12'), wholeDays.get('2018-11-05')]).toEqual(['1.7347374351', '156.8169236119', '155.1348425308']);
    expect(w46.daily.map((p) => `${p.day} ${p.billed}`)).toEqual(dayRange('2018-11-05', '2018-11-18').map((day) => `${day} ${cents(focusDays.get(day) ?? '0')}`));
    expect(w46.daily.every((p) => p.leftOut?.join() === CUR)).toBe(true);
    expect(section(w46, 'daily').notes).toEqual([`Usage BilledCost per day (fees, tax and credits left out). Both weeks' bars leave out the lines of ${ENDED}, `
      + 'as the comparison above does: this week\'s spend holds them (the "Delivery ended" warning).']);
  });

  it('2018-W47\'s chart leaves the CUR\'s lines out of last week only (this week holds none), as last week is compared', () => {
    expect([...new Set(w47.daily.map((p) => `${p.series}: ${p.leftOut?.join() ?? ''}`))]).toEqual([`last week: ${CUR}`, 'this week: ']);
    expect(section(w47, 'daily').notes[0]).toBe(`Usage BilledCost per day (fees, tax and credits left out). Last week's bars leave out the lines of ${ENDED}, as the comparison above does.`);
  });

  it('the coverage trend reads each week as the comparisons do: 2018-W45 and W46 without the CUR\'s lines ($1.30, $6.94: the table\'s), 2018-W42–W44, which the FOCUS data does not cover, with them; its note says which (W45 read $1,072.63)', async () => {
    const weeks = [['2018-10-15', '2018-10-21'], ['2018-10-22', '2018-10-28'], ['2018-10-29', '2018-11-04']];
    const whole = await Promise.all(weeks.map(([from, to]) => billedOf(files, from, to)));
    const [w45, w45Whole, thisWeek] = await Promise.all([billedOf(files, '2018-11-05', '2018-11-11', { of: 'focus' }), billedOf(files, '2018-11-05', '2018-11-11'), billedOf(files, '2018-11-12', '2018-11-18', { of: 'focus' })]);
    expect([...whole, w45, w45Whole, thisWeek]).toEqual(['906.1566351686', '896.7999720519', '1062.5674039596', '1.3008891012', '1072.6328110048', '6.9355468347']);
    const points = w46.coverage!.points;
    expect(points.map((p) => [p.week.label, p.total, p.ended])).toEqual([
      ['2018-W42', cents(whole[0]), { sources: [CUR], leftOut: false }], ['2018-W43', cents(whole[1]), { sources: [CUR], leftOut: false }],
      ['2018-W44', cents(whole[2]), { sources: [CUR], leftOut: false }], ['2018-W45', cents(w45), { sources: [CUR], leftOut: true }], ['2018-W46', cents(thisWeek), { sources: [CUR], leftOut: true }],
    ]);
    expect([w46.usage!.billed.previous, w46.usage!.billed.current]).toEqual([cents(w45), cents(thisWeek)]);
    expect(section(w46, 'coverage').notes[1]).toBe(`2018-W45 and 2018-W46 leave out the lines of ${ENDED}, as the tables above compare them; `
      + '2018-W42, 2018-W43 and 2018-W44 hold them: the other deliveries\' data does not cover those weeks whole, so they are not compared.');
  });

  it('the drivers explain both weeks without the CUR\'s lines, as the movers compare them: EC2\'s top driver is i-021f2ebl49063f9l1, new, +$2.00 in 2018-W46 and gone, −$2.00, in 2018-W47 (they were not explained)', async () => {
    const [line] = await duckdbRows(`SELECT CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed, min(CAST(ChargePeriodStart AS DATE)) AS first, max(CAST(ChargePeriodStart AS DATE)) AS last
      FROM read_parquet($file) WHERE ResourceId = 'i-021f2ebl49063f9l1'`, { file: focus });
    expect(line).toEqual({ billed: '2.0000000000', first: '2018-11-18', last: '2018-11-18' });
    const top = (report: WeeklyReport, dimension: 'service' | 'account', value: string) => report.drivers!.drivers.find((d) => d.dimension === dimension && d.value === value);
    expect([w46.drivers!.missing, w46.drivers!.withoutSources, w47.drivers!.missing, w47.drivers!.withoutSources]).toEqual([null, [CUR], null, [CUR]]);
    expect(top(w46, 'service', 'Amazon Elastic Compute Cloud')).toMatchObject({ resource: 'i-021f2ebl49063f9l1', part: 'new', change: cents(line.billed!) });
    expect(top(w47, 'account', '11353890204')).toMatchObject({ resource: 'i-021f2ebl49063f9l1', part: 'gone', change: -cents(line.billed!) });
    expect(section(w46, 'drivers').notes[0]).toContain(`(usage, BilledCost; 12–18 Nov 2018 against 5–11 Nov 2018). The weeks are explained without the lines of ${CUR} (a delivery that has ended), as the movers compare them and as costlens explain compares these days. `);
  });
});
