/**
 * The weekly e-mail after a delivery has ended, as a new user read it (the real CURs of Oct 2018 and Nov 2018
 * cut after 13 Nov beside the FOCUS sample moved to Nov 2018): a team none of whose lines the CUR held (team
 * dev: the CUR's `Development` is not aliased to it) gets no "Delivery ended" warning, and a team's average
 * column names the weeks it averages, as its headline does; the warning names the days averaged once; and
 * beside the FOCUS sample from 14 Nov only, the week the CUR stops inside is said to be compared with no week
 * once, in one sentence that names what it holds (it ran on through "holds some" three times).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chartData } from '../../src/report/charts.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import { headlineSentence } from '../../src/report/layout-headline.ts';
import { totalsLayoutSection } from '../../src/report/layout-totals.ts';
import { layoutReport } from '../../src/report/layout.ts';
import { renderText } from '../../src/report/text.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { billedOf, type CursBesideFocus, curCutBesideFocus2018, focus2018From, curCutBesideFocusStore } from '../helpers/ended-delivery-files.ts';
import { reportsByEnvironment, team } from '../helpers/ended-delivery-reports.ts';
import { cents, percentChangeText } from '../helpers/shown-cents-rule.ts';

const CUR = 'aws/836060457634';

describe('the 2018 CURs, the November one cut after 13 Nov 2018, beside the FOCUS sample moved to Nov 2018', () => {
  let files: CursBesideFocus;
  let db: string;
  beforeAll(async () => {
    ({ files, db } = await curCutBesideFocusStore());
  }, 300_000);

  it('2018-W46, team dev: no "Delivery ended" warning (the CUR holds no line of it: its 15 Oct – 4 Nov hold the FOCUS export\'s $0.12 of dev alone), and its average column reads "1-week average", as its headline (it read a warning and "4-week average")', async () => {
    // The CUR's lines tagged dev (none: its value is Development, not aliased) and the dev lines of the weeks left out of the average.
    const [curDev] = await duckdbRows(`SELECT count(*) AS n FROM read_parquet([$oct, $cut]) WHERE resource_tags_user_environment = 'dev'`, { oct: REAL_OCT_2018, cut: files.curs[1] });
    const dev = { cur: 'dev', focus: 'dev' };
    const [leftOutCur, leftOutFocus, now, before] = await Promise.all([
      billedOf(files, '2018-10-15', '2018-11-04', { of: 'cur', charges: 'all', environment: dev }), billedOf(files, '2018-10-15', '2018-11-04', { of: 'focus', charges: 'all', environment: dev }),
      billedOf(files, '2018-11-12', '2018-11-18', { environment: dev }), billedOf(files, '2018-11-05', '2018-11-11', { environment: dev }),
    ]);
    expect([Number(curDev.n), leftOutCur, leftOutFocus, now, before]).toEqual([0, null, '0.1168097186', '5.5784053333', '0.3474323901']);
    const [w46] = await reportsByEnvironment(db, '2018-W46', [team('dev')]);
    expect([w46.usage!.billed.current, w46.usage!.billed.previous, w46.usage!.billed.averageWeeks]).toEqual([cents(now), cents(before), 1]);
    expect(w46.status.endedBefore!.teamHoldsNone).toBe(true);
    expect(dataWarnings(w46)).toEqual([]);
    // The percentage of the exact amounts (DuckDB's above): +1505.6% (it read +1494.3%, $5.23 over the rounded $0.35).
    const pct = percentChangeText(now!, before!, 1);
    expect(pct).toBe('+1505.6%');
    expect(headlineSentence(w46)).toBe(`Team dev spent $5.77 (BilledCost) in 2018-W46; usage was $5.58, +$5.23 (${pct}) against the same days of the week before, ${pct} against the 1-week average (5–11 Nov 2018) of $0.35.`);
    expect(totalsLayoutSection(w46).tables[0].columns[4]).toBe('1-week average (5–11 Nov)');
  });

  it('2018-W48, finance: the commitments section calls 2018-11 not complete, naming where the CUR ends, as `costlens commitments` does (it read "1–30 Nov 2018, the last complete billing period up to 30 Nov 2018")', async () => {
    const [cut] = await duckdbRows(`SELECT CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS last FROM read_parquet($cut) WHERE line_item_line_item_type = 'Usage'`, { cut: files.curs[1] });
    expect(cut.last).toBe('2018-11-13');
    const [w48] = await reportsByEnvironment(db, '2018-W48', [{ kind: 'finance' }]);
    const ended = `Nov 2018 holds the data of ${CUR} only through 13 Nov 2018, where it ends (more than 7 days before the store's latest data: that delivery has ended)`;
    expect(w48.commitments).toMatchObject({ period: '2018-11', covers: `1–30 Nov 2018, not complete: ${ended}` });
    expect(renderText(layoutReport(w48, '[costlens]')).replace(/\s+/g, ' ')).toContain(`Billing period 2018-11 (1–30 Nov 2018, not complete: ${ended}): `);
  });

  it('2018-W46, finance: the coverage trend marks the weeks that hold the CUR\'s lines (2018-W42–W44) and says on the chart that the step after them is those lines left out (W44 $1,062.57, W45 $1.30 drew a 99.9 % fall with no mark)', async () => {
    const [w44, w45] = await Promise.all([billedOf(files, '2018-10-29', '2018-11-04'), billedOf(files, '2018-11-05', '2018-11-11', { of: 'focus' })]);
    expect([w44, w45]).toEqual(['1062.5674039596', '1.3008891012']);
    const [w46] = await reportsByEnvironment(db, '2018-W46', [{ kind: 'finance' }]);
    const trend = chartData(w46).find((chart) => chart.name === 'trend')!;
    expect([...new Set(trend.rows.map((row) => String(row.week)))]).toEqual(['2018-W42*', '2018-W43*', '2018-W44*', '2018-W45', '2018-W46']);
    // Each week's bar, its four classes' dollars, in cents: the usage DuckDB sums on the files (W44 with the CUR's lines, W45 without).
    const barCents = (week: string) => BigInt(trend.rows.filter((row) => row.week === week).reduce((sum, row) => sum + Math.round(Number(row.billed) * 100), 0));
    expect([barCents('2018-W44*'), barCents('2018-W45')]).toEqual([cents(w44), cents(w45)]);
    expect(trend.subtitle).toEqual(['* weeks holding a delivery that has', 'ended (its data ends on 13 Nov 2018):', 'the step after them is its lines', 'left out, not a drop in spend']);
  });

  it('2018-W46, finance: the warning names the days averaged once (it read "takes 5–11 Nov 2018 … (it averages 5–11 Nov 2018)"); the footer says the average is of usage', async () => {
    const [w46] = await reportsByEnvironment(db, '2018-W46', [{ kind: 'finance' }]);
    expect(dataWarnings(w46)[0]).toBe(`Delivery ended: the data of ${CUR} ends on 13 Nov 2018, more than 7 days before the store's latest data (that delivery has ended): `
      + 'this week holds $308.01 of its BilledCost ($308.01 of usage) in the week\'s spend but left out of its comparison, and last week (5–11 Nov 2018) is compared without its lines ($1,071.33 of usage BilledCost left out), '
      + 'and the 4-week average takes 5–11 Nov 2018 without them ($1,071.33 left out) and leaves out 15 Oct – 4 Nov 2018, which hold its lines where the other deliveries\' data does not, so that its end does not read as a drop in spend.');
    // The average is of usage, the row compared with it (it read "the mean of the weekly totals").
    expect(layoutReport(w46, '').footer.join('\n')).toContain('The 4-week average is the mean of the weekly usage of the four weeks before the report week');
  });
});

describe('the same CURs beside the FOCUS sample moved to Nov 2018, from 14 Nov only', () => {
  let db: string;
  beforeAll(async () => {
    const { cut } = await curCutBesideFocus2018();
    db = await cachedStore([[REAL_OCT_2018, cut, await focus2018From('2018-11-14')]]);
  }, 300_000);

  it('2018-W46: one sentence says the week holds the CUR\'s last days and is compared with no week (it said "holds some" twice and "not compared" three ways in one run-on sentence)', async () => {
    const [w46] = await reportsByEnvironment(db, '2018-W46', [{ kind: 'finance' }]);
    expect(w46.status.endedBefore!.thisWeekHolds).toBe('not compared');
    expect(dataWarnings(w46)).toEqual([`Delivery ended: the data of ${CUR} ends on 13 Nov 2018, more than 7 days before the store's latest data (that delivery has ended). `
      + 'This week holds its last days and the other deliveries\' data begins on 14 Nov 2018, after this week\'s Monday: with its lines or without them, its end or the others\' start '
      + 'would read as a change in spend, so this week is compared with no week, neither last week nor the 4-week average.']);
  });
});
