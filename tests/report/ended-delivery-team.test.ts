/**
 * A team's e-mail in a week a delivery that has ended stops inside, or after it: the team's spend is its
 * whole week (as the organisation's headline is) and its "Delivery ended" warning names the team's own
 * lines left out, not the organisation's; a team none of whose lines the delivery held gets neither the
 * warning nor the subject's `[delivery ended]` flag. Teams by the `environment` tag: the real 2018 CUR's
 * `Production` and the FOCUS sample's `prod` are team prod, the legacy CUR's account is prod's by default.
 * (a) the real CURs of Oct 2018 and Nov 2018 cut after 13 Nov beside the FOCUS sample moved to Nov 2018;
 * (b) the legacy CUR of Nov 2023 (its data to 13 Nov) beside the FOCUS sample moved to Nov 2023.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cents, percentChangeText } from '../helpers/shown-cents-rule.ts';
import { dataWarnings } from '../../src/report/layout-data-warnings.ts';
import { headlineSentence, subjectLine } from '../../src/report/layout-headline.ts';
import { totalsLayoutSection } from '../../src/report/layout-totals.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_LEGACY_CSV, duckdbRows } from '../helpers/cli.ts';
import { billedOf, type CursBesideFocus, focusMovedBack, curCutBesideFocusStore } from '../helpers/ended-delivery-files.ts';
import { reportsByEnvironment, team } from '../helpers/ended-delivery-reports.ts';

const CUR = 'aws/836060457634';
const LEGACY = 'aws/123412340534';
const PROD = { cur: 'Production', focus: 'prod' };

describe('(a) the 2018 CURs, the November one cut after 13 Nov 2018, beside the FOCUS sample moved to Nov 2018: team prod', () => {
  let files: CursBesideFocus;
  let db: string;
  beforeAll(async () => {
    ({ files, db } = await curCutBesideFocusStore());
  }, 300_000);

  it('2018-W46: team prod spent $26.02, its whole week, of which the CUR\'s $25.22 is left out of its comparison ($0.80 against $0.47); its warning names $25.22 and last week\'s $88.13, not the organisation\'s $308.01 and $1,071.33 (it headlined $0.80)', async () => {
    const prod = (from: string, to: string, of: 'cur' | 'focus', charges: 'usage' | 'all' = 'usage') => billedOf(files, from, to, { of, charges, environment: PROD });
    const [curAll, focusAll, curUsage, focusUsage, curLastWeek, focusLastWeek] = await Promise.all([
      prod('2018-11-12', '2018-11-18', 'cur', 'all'), prod('2018-11-12', '2018-11-18', 'focus', 'all'), prod('2018-11-12', '2018-11-18', 'cur'),
      prod('2018-11-12', '2018-11-18', 'focus'), prod('2018-11-05', '2018-11-11', 'cur'), prod('2018-11-05', '2018-11-11', 'focus'),
    ]);
    expect([curAll, focusAll, curUsage, focusUsage, curLastWeek, focusLastWeek]).toEqual(['25.2201196784', '0.7981134400', '25.2201196784', '0.7981134400', '88.1338303744', '0.4691348112']);
    // 25.2201196784 + 0.7981134400 = 26.0182331184: the team's whole week, $26.02.
    expect(cents('26.0182331184')).toBe(2602n);
    const [w46] = await reportsByEnvironment(db, '2018-W46', [team('prod')]);
    const ended = w46.status.endedBefore!;
    expect([ended.thisWeek!.total.billed, ended.thisWeek!.leftOut.billed, ended.usageLeftOut]).toEqual([
      cents('26.0182331184'), cents(curAll), { thisWeek: cents(curUsage), lastWeek: cents(curLastWeek), averaged: cents(curLastWeek) },
    ]);
    expect([w46.usage!.billed.current, w46.usage!.billed.previous]).toEqual([cents(focusUsage), cents(focusLastWeek)]);
    // The percentage of the exact amounts (DuckDB's above): +70.1% (it read +70.2%, $0.33 over the rounded $0.47).
    const pct = percentChangeText(focusUsage, focusLastWeek, 1);
    expect(pct).toBe('+70.1%');
    expect(subjectLine(w46, '[costlens]')).toBe(`[costlens] Team prod weekly 2018-W46 (12–18 Nov 2018): $26.02 billed, usage ${pct} vs last week [delivery ended]`);
    expect(headlineSentence(w46)).toBe(`Team prod spent $26.02 (BilledCost) in 2018-W46; usage without the lines of ${CUR}, a delivery that has ended, was $0.80, `
      + `+$0.33 (${pct}) against the same days of the week before, ${pct} against the 1-week average (5–11 Nov 2018) of $0.47.`);
    expect(dataWarnings(w46)).toEqual([`Delivery ended: the data of ${CUR} ends on 13 Nov 2018, more than 7 days before the store's latest data (that delivery has ended): `
      + 'this week holds $25.22 of its BilledCost ($25.22 of usage) in the team\'s spend but left out of its comparison, and last week (5–11 Nov 2018) is compared without its lines ($88.13 of usage BilledCost left out), '
      + 'and the 4-week average takes 5–11 Nov 2018 without them ($88.13 left out) and leaves out 15 Oct – 4 Nov 2018, which hold its lines where the other deliveries\' data does not, so that its end does not read as a drop in spend.']);
    // Last week's total is the team's whole week too: the CUR's $88.13 and the FOCUS export's $0.47, every charge (it read $0.47 beside "left out").
    const [curLastAll, focusLastAll] = await Promise.all([prod('2018-11-05', '2018-11-11', 'cur', 'all'), prod('2018-11-05', '2018-11-11', 'focus', 'all')]);
    expect([curLastAll, focusLastAll]).toEqual(['88.1338303744', '0.4691348112']);
    // 88.1338303744 + 0.4691348112 = 88.6029651856: $88.60.
    expect(cents('88.6029651856')).toBe(8860n);
    expect(totalsLayoutSection(w46).tables[0].rows.slice(0, 3)).toEqual([
      ['Usage (BilledCost)', '$0.80', '$0.47', `+$0.33 (${pct})`, '$0.47', `+$0.33 (${pct})`],
      ['Lines of a delivery that has ended (BilledCost)', '$25.22', '$88.13', 'not compared', '', ''],
      ['Total BilledCost', '$26.02', '$88.60', 'not compared', '', ''],
    ]);
    expect(totalsLayoutSection(w46).tables[0].columns[4]).toBe('1-week average (5–11 Nov)');
  });

  it('2018-W47: team prod\'s warning names its own $25.22 of last week and $113.35 of the weeks averaged (the organisation\'s: $308.01, $1,379.34)', async () => {
    const [lastWeek, earlier] = await Promise.all([billedOf(files, '2018-11-12', '2018-11-18', { of: 'cur', environment: PROD }), billedOf(files, '2018-11-05', '2018-11-18', { of: 'cur', environment: PROD })]);
    // 88.1338303744 + 25.2201196784: the CUR's Production usage of 5–18 Nov.
    expect([lastWeek, earlier]).toEqual(['25.2201196784', '113.3539500528']);
    const [w47] = await reportsByEnvironment(db, '2018-W47', [team('prod')]);
    expect(w47.status.endedBefore!.usageLeftOut).toEqual({ thisWeek: null, lastWeek: cents(lastWeek), averaged: cents(earlier) });
    expect(dataWarnings(w47)).toEqual([`Delivery ended: the data of ${CUR} ends on 13 Nov 2018, more than 7 days before the store's latest data (that delivery has ended), and this week holds none of it: `
      + 'last week (12–18 Nov 2018) is compared without its lines ($25.22 of usage BilledCost left out), and the 4-week average takes 5–18 Nov 2018 without them ($113.35 left out) '
      + 'and leaves out 22 Oct – 4 Nov 2018, which hold its lines where the other deliveries\' data does not, so that its end does not read as a drop in spend.']);
    expect(subjectLine(w47, '[costlens]')).toMatch(/^\[costlens\] Team prod weekly 2018-W47 \(19–25 Nov 2018\): .* vs last week \[delivery ended\]$/);
  });
});

describe('(b) the legacy CUR of Nov 2023 beside the FOCUS sample moved to Nov 2023: team prod holds the legacy CUR\'s lines (its account\'s default), team dev none', () => {
  let focus: string;
  let db: string;
  beforeAll(async () => {
    focus = await focusMovedBack(10);
    db = await cachedStore([[REAL_LEGACY_CSV, focus]]);
  }, 300_000);

  it('2023-W46: team prod spent $1.00, the legacy CUR\'s $0.21 of 13–14 Nov with the FOCUS export\'s prod lines (it read $0.78, the figure compared)', async () => {
    const [legacy] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true)
      WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-13' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-20'`, { file: REAL_LEGACY_CSV });
    const [prodAll, prodUsage] = await Promise.all([billedOf({ curs: [], focus }, '2023-11-13', '2023-11-19', { of: 'focus', charges: 'all', environment: PROD }),
      billedOf({ curs: [], focus }, '2023-11-13', '2023-11-19', { of: 'focus', environment: PROD })]);
    expect([legacy.billed, prodAll, prodUsage]).toEqual(['0.2136757358', '0.7820957986', '0.7820957986']);
    // 0.2136757358 + 0.7820957986 = 0.9957715344: $1.00.
    expect(cents('0.9957715344')).toBe(100n);
    const [prod] = await reportsByEnvironment(db, '2023-W46', [team('prod')]);
    expect([prod.status.endedBefore!.thisWeek!.total.billed, prod.status.endedBefore!.thisWeek!.leftOut.billed, prod.usage!.billed.current]).toEqual([100n, cents(legacy.billed!), cents(prodUsage)]);
    // Usage compared, the FOCUS export's prod lines: 6–12 Nov's $0.4816700488 (below), to 13–19 Nov's: +62.4% of the exact amounts (it read +62.5%, $0.30 over $0.48).
    const pct = percentChangeText(prodUsage, '0.4816700488', 1);
    expect(pct).toBe('+62.4%');
    expect(subjectLine(prod, '[costlens]')).toBe(`[costlens] Team prod weekly 2023-W46 (13–19 Nov 2023): $1.00 billed, usage ${pct} vs last week [delivery ended]`);
    // Last week's total is the team's whole week: the legacy CUR's lines of 6–12 Nov (its account's default is prod) and the FOCUS export's prod lines.
    const [legacyLast] = await duckdbRows(`SELECT CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_csv($file, all_varchar = true)
      WHERE CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-06' AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) < TIMESTAMP '2023-11-13'`, { file: REAL_LEGACY_CSV });
    const prodLast = await billedOf({ curs: [], focus }, '2023-11-06', '2023-11-12', { of: 'focus', charges: 'all', environment: PROD });
    expect([legacyLast.billed, prodLast]).toEqual(['1.1670750493', '0.4816700488']);
    // 1.1670750493 + 0.4816700488 = 1.6487450981: $1.65 (it read $0.48, the FOCUS lines alone).
    expect(cents('1.6487450981')).toBe(165n);
    expect(totalsLayoutSection(prod).tables[0].rows.slice(0, 4)).toEqual([
      ['Usage (BilledCost)', '$0.78', '$0.48', `+$0.30 (${pct})`, '$0.48', `+$0.30 (${pct})`],
      ['Lines of a delivery that has ended (BilledCost)', '$0.21', '$1.17', 'not compared', '', ''],
      ['Rounding (BilledCost)', '$0.01', '$0.00', '', '', ''],
      ['Total BilledCost', '$1.00', '$1.65', 'not compared', '', ''],
    ]);
  });

  it('2023-W46 and W47: team dev, none of whose lines the legacy CUR held, has no "Delivery ended" warning and no [delivery ended] flag (both read the organisation\'s); finance keeps both', async () => {
    const dev = (from: string, to: string, charges: 'usage' | 'all' = 'usage') => billedOf({ curs: [], focus }, from, to, { charges, environment: { cur: '', focus: 'dev' } });
    const [all46, usage45, usage46, all47, usage47] = await Promise.all([dev('2023-11-13', '2023-11-19', 'all'), dev('2023-11-06', '2023-11-12'), dev('2023-11-13', '2023-11-19'),
      dev('2023-11-20', '2023-11-26', 'all'), dev('2023-11-20', '2023-11-26')]);
    expect([all46, usage45, usage46, all47, usage47]).toEqual(['4.2703057569', '1.9964506371', '4.2703057569', '6.8369196431', '6.8369196431']);
    const [finance46, dev46] = await reportsByEnvironment(db, '2023-W46', [{ kind: 'finance' }, team('dev')]);
    const [finance47, dev47] = await reportsByEnvironment(db, '2023-W47', [{ kind: 'finance' }, team('dev')]);
    expect([dev46.status.endedBefore, dev47.status.endedBefore, dataWarnings(dev46), dataWarnings(dev47)]).toEqual([null, null, [], []]);
    // $4.27 against $2.00 and $6.84 against $4.27; the percentages of the exact amounts: +113.9 % and +60.1 % (they read +113.5 % and +60.2 %, of the cents).
    expect([cents(all46), cents(usage45), cents(usage46), cents(all47), cents(usage47)]).toEqual([427n, 200n, 427n, 684n, 684n]);
    const [pct46, pct47] = [percentChangeText(usage46, usage45, 1), percentChangeText(usage47, usage46, 1)];
    expect([pct46, pct47]).toEqual(['+113.9%', '+60.1%']);
    expect(subjectLine(dev46, '[costlens]')).toBe(`[costlens] Team dev weekly 2023-W46 (13–19 Nov 2023): $4.27 billed, usage ${pct46} vs last week`);
    expect(subjectLine(dev47, '[costlens]')).toBe(`[costlens] Team dev weekly 2023-W47 (20–26 Nov 2023): $6.84 billed, usage ${pct47} vs last week`);
    expect(dataWarnings(finance47)).toEqual([`Delivery ended: the data of ${LEGACY} ends on 13 Nov 2023, more than 7 days before the store's latest data (that delivery has ended), and this week holds none of it: `
      + 'last week (13–19 Nov 2023) is compared without its lines ($0.21 of usage BilledCost left out), and the 4-week average takes 6–19 Nov 2023 without them ($1.38 left out), so that its end does not read as a drop in spend.']);
    expect([subjectLine(finance46, '[costlens]'), subjectLine(finance47, '[costlens]')].map((subject) => subject.endsWith(' [delivery ended]'))).toEqual([true, true]);
    // The flag marks a change of what the subject shows: a week whose only change is the 4-week average (taken without the lines) is not flagged.
    const averageOnly = { ...finance47.status.endedBefore!, lastWeek: null, usageLeftOut: { ...finance47.status.endedBefore!.usageLeftOut, lastWeek: null } };
    expect(subjectLine({ ...finance47, status: { ...finance47.status, endedBefore: averageOnly } }, '[costlens]')).toBe(subjectLine(finance47, '[costlens]').replace(' [delivery ended]', ''));
  });
});
