/**
 * `costlens explain` comparing two months' whole bills beside a delivery that has ended, by the rule day spans are
 * compared by (src/analyze/ended-comparison.ts, endedInComparison; src/analyze/explain/ended-left-out.ts): without its
 * lines where the other deliveries' data covers both months, else not compared, saying why. A month a delivery stops
 * inside is not a whole bill of it (README, "Explaining a change").
 * - The Oct 2018 CUR and the Nov 2018 CUR cut after 13 Nov beside the FOCUS sample moved to Nov 2018: the default,
 *   Oct 2018 → Nov 2018, read "change -$1,903.64 = volume -$1,582.96, …", the CUR's missing 14–30 Nov as less usage.
 *   October holds only the CUR's data, so the bills are not compared.
 * - Both 2018 CURs beside the FOCUS sample moved to Oct 2018 (its data ending on 29 Oct): the CURs cover both months, so
 *   both bills are compared without the FOCUS lines, the real bills' −$559.15, naming the $20.28 and $0.24 left out
 *   (it read −$579.19, the FOCUS export's end a drop).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens, duckdbRows, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';
import { type CursBesideFocus, cursBesideFocusOctober2018Store, curCutBesideFocusStore } from '../helpers/ended-delivery-files.ts';
import { cents } from '../helpers/shown-cents-rule.ts';

const CUR = 'aws/836060457634';
const FOCUS_SOURCES = 'aws/1234567890123, microsoft//providers/Microsoft.Billing/billingAccounts/8611537, oracle/20209880';

/** The whole bill (every line's unblended cost) of a CUR Parquet file, exact, by DuckDB. */
async function curBill(file: string): Promise<string> {
  const [row] = await duckdbRows('SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed FROM read_parquet($file)', { file });
  return row.billed!;
}

describe('the Oct 2018 CUR, the Nov 2018 CUR cut after 13 Nov and the FOCUS sample moved to Nov 2018: October holds only the CUR', () => {
  let files: CursBesideFocus;
  let db: string;
  beforeAll(async () => {
    ({ files, db } = await curCutBesideFocusStore());
  }, 300_000);

  it('the default, Oct 2018 → Nov 2018, is not compared, saying why (it read volume -$1,582.96, the CUR\'s missing 14–30 Nov); so is --from 2018-10 --to 2018-11', async () => {
    // By DuckDB on the files: the FOCUS export's data begins on 1 Nov, the cut CUR's ends on 13 Nov.
    const [focus] = await duckdbRows('SELECT CAST(min(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS first FROM read_parquet($file)', { file: files.focus });
    const [cut] = await duckdbRows('SELECT CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS last FROM read_parquet($file)', { file: files.curs[1] });
    expect([focus.first, cut.last]).toEqual(['2018-11-01', '2018-11-13']);
    const why = `1–31 Oct 2018 holds the data of ${CUR}, a delivery that has ended (its data ends on 13 Nov 2018), and the other deliveries' data begins on 1 Nov 2018, after its first day, so its end would read as a change in spend`;
    const hint = '  hint: compare days up to 2018-11-13 (where its data ends) on both sides (e.g. --from 2018-10-01..2018-10-13 --to 2018-11-01..2018-11-13), or days the other deliveries\' data covers on both sides';
    const defaults = await costlens(db, 'explain');
    expect([defaults.code, defaults.stdout]).toEqual([2, '']);
    expect(defaults.stderr.split('\n').slice(0, 2)).toEqual([`costlens: --from and --to left out: Oct 2018 (full bill, 31 days) and Nov 2018 (full bill, 30 days) are not compared: ${why}`, hint]);
    const given = await costlens(db, 'explain', '--from', '2018-10', '--to', '2018-11');
    expect(given.code).toBe(2);
    expect(given.stderr.split('\n')[0]).toBe(`costlens: --from Oct 2018 (full bill, 31 days) and --to Nov 2018 (full bill, 30 days) are not compared: ${why}`);
  });

  it('the hint\'s days compare, the CUR\'s lines in both spans: 1–13 Oct against 1–13 Nov 2018', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-10-01..2018-10-13', '--to', '2018-11-01..2018-11-13', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).endedLeftOut).toBeUndefined();
  });
});

describe('both 2018 CURs beside the FOCUS sample moved to Oct 2018 (its data ending on 29 Oct): the CURs cover both months', () => {
  let focus: string;
  let db: string;
  beforeAll(async () => {
    ({ focus, db } = await cursBesideFocusOctober2018Store());
  }, 300_000);

  it('the default compares both bills without the FOCUS lines: the CURs\' 4,064.48 → 3,505.33 (−559.15), the FOCUS export\'s $20.28 of Oct and $0.24 of Nov left out (it read −579.19)', async () => {
    const [oct, nov] = [await curBill(REAL_OCT_2018), await curBill(REAL_NOV_2018)];
    const focusBills = await duckdbRows(`SELECT strftime(BillingPeriodStart, '%Y-%m') AS period, CAST(sum(CAST(BilledCost AS DECIMAL(38,10))) AS VARCHAR) AS billed
      FROM read_parquet($file) GROUP BY 1 ORDER BY 1`, { file: focus });
    expect([oct, nov, focusBills]).toEqual(['4064.4831315379', '3505.3269681268', [{ period: '2018-10', billed: '20.2802267289' }, { period: '2018-11', billed: '0.2400000000' }]]);
    const run = await costlens(db, 'explain', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect([json.compared, json.total.oldCost, json.total.newCost, json.total.change]).toEqual(['bill', oct, nov, '-559.1561634111']);
    expect(json.endedLeftOut).toEqual({
      sources: { old: FOCUS_SOURCES.split(', '), new: FOCUS_SOURCES.split(', ') }, oldCost: focusBills[0].billed, newCost: focusBills[1].billed,
      note: `Whole bills are compared without the lines of ${FOCUS_SOURCES}, a delivery that has ended (its data ends on 29 Oct 2018): `
        + '$20.28 left out of the bill of Oct 2018 and $0.24 of the bill of Nov 2018, so that its end does not read as a drop in spend.',
    });
    expect([cents(focusBills[0].billed!), cents(focusBills[1].billed!)]).toEqual([2028n, 24n]);
    const table = await costlens(db, 'explain', '--top', '1');
    expect(table.stdout.split('\n')[1]).toBe(json.endedLeftOut.note);
    expect(table.stdout).toContain('$4,064.48 → $3,505.33: change -$559.15 (exact -559.1561634111)');
  });
});
