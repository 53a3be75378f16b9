/**
 * The usage a weekly report's comparison leaves out of a delivery that has ended, the organisation's and each
 * team's, from one pair of reads per week compared (its usage whole and without those lines: src/report/ended-left-out.ts):
 * the teams' parts, the untagged lines' with them, are the organisation's figure split by the owner tag, and a
 * team's e-mail reads nothing more for them. The real CURs of Oct 2018 and Nov 2018 cut after 13 Nov beside the
 * FOCUS sample moved to Nov 2018; teams by the `environment` tag (the CUR's `Production` and the FOCUS sample's
 * `prod` are team prod). Every figure by DuckDB on the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cents } from '../helpers/shown-cents-rule.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { toUnits } from '../../src/lib/money.ts';
import { duckdbRows } from '../helpers/cli.ts';
import { billedOf, type CursBesideFocus, curCutBesideFocusStore } from '../helpers/ended-delivery-files.ts';
import { reportsByEnvironment, team } from '../helpers/ended-delivery-reports.ts';


describe('the 2018 CURs, the November one cut after 13 Nov 2018, beside the FOCUS sample moved to Nov 2018', () => {
  let files: CursBesideFocus;
  let db: string;
  beforeAll(async () => {
    ({ files, db } = await curCutBesideFocusStore());
  }, 300_000);

  /** Usage BilledCost of the CURs' lines of charge days `from` to `to` that carry no `environment` tag, exact, by DuckDB on the files (usage as billedOf reads it). */
  const untaggedOf = async (from: string, to: string): Promise<string> => {
    const [sum] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet([$oct, $nov])
      WHERE CAST(line_item_usage_start_date AS DATE) BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND coalesce(resource_tags_user_environment, '') = ''
        AND line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') AND line_item_usage_end_date - line_item_usage_start_date <= INTERVAL 1 DAY`,
    { oct: files.curs[0], nov: files.curs[1], from, to });
    return sum.billed!;
  };

  it('2018-W46: the CUR\'s usage left out, $308.01 of this week and $1,071.33 of last week, is team prod\'s $25.22 and $88.13, team Development\'s $0.74 and $2.60 and the untagged lines\' $282.05 and $980.60; a team\'s e-mail reads nothing more for it', async () => {
    const ofWeek = async (from: string, to: string) => {
      const [all, prod, development, untagged] = await Promise.all([
        billedOf(files, from, to, { of: 'cur' }), billedOf(files, from, to, { of: 'cur', environment: { cur: 'Production', focus: '' } }),
        billedOf(files, from, to, { of: 'cur', environment: { cur: 'Development', focus: '' } }), untaggedOf(from, to),
      ]);
      return { all, prod, development, untagged };
    };
    const [now, last] = await Promise.all([ofWeek('2018-11-12', '2018-11-18'), ofWeek('2018-11-05', '2018-11-11')]);
    expect([now, last]).toEqual([
      { all: '308.0099639987', prod: '25.2201196784', development: '0.7417362364', untagged: '282.0481080839' },
      { all: '1071.3319219036', prod: '88.1338303744', development: '2.5961444264', untagged: '980.6019471028' },
    ]);
    // The CUR's environment values (Production, Development, none; Test holds no usage these days) split its usage exactly.
    for (const w of [now, last]) expect(toUnits(w.prod) + toUnits(w.development) + toUnits(w.untagged)).toBe(toUnits(w.all));
    const [finance, prod, development, untagged] = await reportsByEnvironment(db, '2018-W46', [{ kind: 'finance' }, team('prod'), team('Development'), team('(untagged)')]);
    const leftOut = (r: WeeklyReport) => r.status.endedBefore!.usageLeftOut;
    expect([finance, prod, development, untagged].map(leftOut)).toEqual([
      { thisWeek: cents(now.all), lastWeek: cents(last.all), averaged: cents(last.all) },
      { thisWeek: cents(now.prod), lastWeek: cents(last.prod), averaged: cents(last.prod) },
      { thisWeek: cents(now.development), lastWeek: cents(last.development), averaged: cents(last.development) },
      { thisWeek: cents(now.untagged), lastWeek: cents(last.untagged), averaged: cents(last.untagged) },
    ]);
    // Rounded once each, the teams' cents add up to the organisation's here: 2522 + 74 + 28205 = 30801, 8813 + 260 + 98060 = 107133.
    expect([cents(now.prod) + cents(now.development) + cents(now.untagged), cents(last.prod) + cents(last.development) + cents(last.untagged)]).toEqual([30801n, 107133n]);
    // A team's e-mail has its part from the reads its spend is compared on: no read of the organisation's charge classes (it read each week whole and without the CUR's lines by class).
    const ran: string[] = [];
    const [alone] = await reportsByEnvironment(db, '2018-W46', [team('prod')], ran);
    expect(leftOut(alone)).toEqual(leftOut(prod));
    // The reads were logged (the data horizon's first), so the check below cannot pass on an empty log.
    expect(ran).toContain('calendar/data_horizon');
    expect(ran.filter((name) => name === 'trends/spend_by_class_and_service' || name === 'trends/daily_spend_by_service_and_account')).toEqual([]);
  });
});
