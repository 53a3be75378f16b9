/**
 * A week a delivery that has ended stops inside, where the other deliveries' data begins after its Monday:
 * the real CURs of Oct 2018 and Nov 2018 cut after 13 Nov beside the FOCUS sample moved to Nov 2018 and cut
 * to its lines from Wed 14 Nov. 2018-W46 holds the CUR's 12–13 Nov and the FOCUS export's 14–18 Nov: read
 * with the CUR's lines its end would read as a drop, without them the FOCUS export's start as a rise, so it
 * is compared with no week, and the report says that this week holds the CUR's data (it said "last week
 * holds the data of aws/836060457634, …, and this week none of it" and "the data … ended before this week"),
 * once: in the "Delivery ended" warning, not again in the headline above it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cents, usd } from '../helpers/shown-cents-rule.ts';
import { sourceSpansOf } from '../../src/analyze/source-spans.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { parseConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type ReportConfigs } from '../../src/report/build.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { endedNotCompared, notComparedBecause } from '../../src/report/layout-comparison.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import { headlineSentence, subjectLine } from '../../src/report/layout-headline.ts';
import { totalsLayoutSection } from '../../src/report/layout-totals.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { dataStatus } from '../../src/report/week-data.ts';
import { endedAroundWeek, sourcesLeftOut } from '../../src/report/week-source-end.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018 } from '../helpers/cli.ts';
import { billedOf, type CursBesideFocus, curCutBesideFocus2018, focus2018From } from '../helpers/ended-delivery-files.ts';
import { row } from '../helpers/source-span-rows.ts';

const CUR = 'aws/836060457634';
const W46 = parseIsoWeek('2018-W46'); // 12–18 Nov 2018
const WHY = `this week holds the data of ${CUR}, a delivery that has ended (its data ends on 13 Nov 2018), and the other deliveries' data begins on 14 Nov 2018, after its Monday`;
/** `311.0254005305` → 31103n: cents, half away from zero. */

describe('endedAroundWeek and the comparison: the CUR\'s data to Tue 13 Nov 2018, the FOCUS export\'s from Wed 14 Nov', () => {
  const span = { firstDay: '2018-10-01', lastDay: '2018-11-30', lastChargeDay: '2018-11-30', lastUsagePeriod: '2018-11' };
  const spans = sourceSpansOf([
    row(CUR, '2018-10', 'oct.parquet', ['2018-10-01', '2018-11-13', '2018-11-14 00:00:00', '2018-11-13', '2018-11']),
    row(CUR, '2018-11', 'nov.parquet', ['2018-10-01', '2018-11-13', '2018-11-14 00:00:00', '2018-11-13', '2018-11']),
    row('aws/1234567890123', '2018-11', 'focus.parquet', ['2018-11-14', '2018-11-30', '2018-12-01 00:00:00', '2018-11-30', '2018-11']),
  ], span);

  it('2018-W46 holds the CUR\'s data and the FOCUS export\'s only from its Wednesday: no line of it is left out, and it is compared with no week, with the CUR\'s lines or without them', () => {
    const ended = endedAroundWeek(W46, spans, '2018-10-15', W46.last);
    expect(ended).toEqual({ deliveries: [{ firstDay: '2018-10-01', lastDay: '2018-11-13', lastChargeDay: '2018-11-13', sources: [CUR] }], othersFrom: '2018-11-14' });
    expect(sourcesLeftOut(W46, ended)).toEqual([]);
    const status = dataStatus(span, { firstDay: '2018-10-01', gaps: [] }, W46, 3, 7, null, '2018-11-28', ended);
    expect([status.endedBefore!.thisWeekHolds, status.endedBefore!.lastWeek, status.averaged]).toEqual(['not compared', 'not compared', []]);
    expect(notComparedBecause({ week: W46, status } as WeeklyReport)).toEqual({ side: 'this week', why: WHY });
  });
});

describe('report weekly --week 2018-W46 on the CURs of Oct 2018 and Nov 2018 to 13 Nov beside the FOCUS export from 14 Nov 2018', () => {
  let files: CursBesideFocus;
  let w46: WeeklyReport;
  let w47: WeeklyReport;
  beforeAll(async () => {
    const [{ cut }, focus] = await Promise.all([curCutBesideFocus2018(), focus2018From('2018-11-14')]);
    files = { curs: [REAL_OCT_2018, cut], focus };
    const db = await cachedStore([[REAL_OCT_2018, cut, focus]]);
    const configs: ReportConfigs = { ...parseConfig({}), report: reportConfigSchema.parse({}) };
    [w46, w47] = await withEngine(db, async (engine) => Promise.all([W46, parseIsoWeek('2018-W47')].map(async (week) =>
      (await buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week, audiences: [{ kind: 'finance' }] })).reports[0])));
  }, 300_000);

  it('spends $311.03, the whole week, its usage not compared with last week or the average: this week holds the CUR\'s data and the FOCUS export\'s only from 14 Nov', async () => {
    const [all, usage, cur, lastWeek] = await Promise.all([billedOf(files, '2018-11-12', '2018-11-18', { charges: 'all' }), billedOf(files, '2018-11-12', '2018-11-18'),
      billedOf(files, '2018-11-12', '2018-11-18', { of: 'cur' }), billedOf(files, '2018-11-05', '2018-11-11')]);
    expect([all, usage, cur, lastWeek]).toEqual(['311.0254005305', '311.0254005305', '308.0099639987', '1071.3319219036']);
    const ended = w46.status.endedBefore!;
    expect([ended.thisWeekHolds, ended.thisWeek, ended.lastWeek, ended.othersFrom]).toEqual(['not compared', null, 'not compared', '2018-11-14']);
    expect([w46.totals.billed.current, w46.usage!.billed.current, w46.usage!.billed.previous]).toEqual([cents(all), cents(usage), cents(lastWeek)]);
    expect(notComparedBecause(w46)).toEqual({ side: 'this week', why: WHY });
    expect(subjectLine(w46, '[costlens]')).toBe(`[costlens] Finance weekly 2018-W46 (12–18 Nov 2018): $311.03 billed, not compared (the data of ${CUR} ends inside this week, the other deliveries' begins after its Monday) [delivery ended]`);
    // Said once, by the warning under the headline: the headline repeated why and that nothing is compared.
    expect(headlineSentence(w46)).toBe('The organisation spent $311.03 (BilledCost) in 2018-W46; usage was $311.03.');
    expect(dataWarnings(w46)).toEqual([`Delivery ended: the data of ${CUR} ends on 13 Nov 2018, more than 7 days before the store's latest data (that delivery has ended). `
      + 'This week holds its last days and the other deliveries\' data begins on 14 Nov 2018, after this week\'s Monday: with its lines or without them, its end or the others\' start '
      + 'would read as a change in spend, so this week is compared with no week, neither last week nor the 4-week average.']);
    expect(totalsLayoutSection(w46).tables[0].rows[0]).toEqual(['Usage (BilledCost)', '$311.03', '$1,071.33', 'not compared', '–', '–']);
    expect(w46.drivers!.missing).toBe(WHY);
  });

  it('2018-W47 ($5.99 billed, $8.60 of usage), whose last week holds the CUR\'s lines where the FOCUS export\'s do not cover it: the warning says it is not compared, the headline does not repeat it', async () => {
    const [all, usage] = await Promise.all([billedOf(files, '2018-11-19', '2018-11-25', { charges: 'all' }), billedOf(files, '2018-11-19', '2018-11-25')]);
    expect([usd(cents(all)), usd(cents(usage))]).toEqual(['$5.99', '$8.60']);
    expect(endedNotCompared(w47.week, w47.status)?.side).toBe('last week');
    expect(headlineSentence(w47)).toBe('The organisation spent $5.99 (BilledCost) in 2018-W47; usage was $8.60.');
    expect(dataWarnings(w47)[0]).toContain('last week holds its lines where the other deliveries\' data does not cover it, so this week is not compared with it');
  });
});
