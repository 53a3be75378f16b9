/**
 * The weekly e-mail says once why a week is not compared: the alert under the headline says it, and the
 * headline names the spend alone, as it does beside a delivery that has ended ("Delivery ended"). On the real
 * October 2018 CUR beside November's without its lines of 7–10 Nov (removed by DuckDB: a gap inside 2018-W45,
 * with 11 Nov held after it), 2018-W45's headline read "… usage was $458.55. This week's days are not all in
 * the store, so nothing is compared with last week." above "! Incomplete week: …, so this week has 3 of its
 * days and is not compared with last week." ("No last week" and "Incomplete last week": real-files.test.ts,
 * data-gaps.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { cents, usd } from '../helpers/shown-cents-rule.ts';
import { reportCli } from './helpers.ts';

describe('2018-W45 on the real Oct 2018 CUR beside November\'s without 7–10 Nov: "not compared" said once, by the "Incomplete week" alert', () => {
  let nov: string;
  let db: string;

  beforeAll(async () => {
    const name = 'nov-2018-without-7-10.parquet';
    ({ [name]: nov } = await derivedFiles([{
      name,
      sql: 'SELECT * FROM read_parquet($file) WHERE CAST(line_item_usage_start_date AS DATE) NOT BETWEEN DATE \'2018-11-07\' AND DATE \'2018-11-10\'',
      params: { file: REAL_NOV_2018 },
    }]));
    db = await cachedStore([[REAL_OCT_2018, nov]]);
  }, 600_000);

  it('the headline names the week\'s spend and usage (5, 6 and 11 Nov, by DuckDB on the file) and stops there; the alert under it says why nothing is compared', async () => {
    const [week] = await duckdbRows(`SELECT CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) AS VARCHAR) AS billed,
        CAST(sum(CAST(line_item_unblended_cost AS DECIMAL(38,10))) FILTER (WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage')) AS VARCHAR) AS usage
      FROM read_parquet($file) WHERE CAST(line_item_usage_start_date AS DATE) BETWEEN DATE '2018-11-05' AND DATE '2018-11-11'`, { file: nov });
    expect(week).toEqual({ billed: '458.5538465941', usage: '458.5538465941' });
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W45', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const mail = await simpleParser(readFileSync(join(out, '2018-W45-finance.eml')));
    expect(mail.subject).toBe(`[costlens] Finance weekly 2018-W45 (5–11 Nov 2018): ${usd(cents(week.billed!))} billed, not compared: this week's days are not all in the store [incomplete week]`);
    const flat = mail.text!.replace(/\s+/g, ' ');
    expect(flat).toContain(`The organisation spent ${usd(cents(week.billed!))} (BilledCost) in 2018-W45; usage was ${usd(cents(week.usage!))}. `
      + '! Incomplete week: the store holds no billing data on 7–10 Nov 2018; 7–10 Nov 2018 are not in it, so this week has 3 of its days and is not compared with last week. ');
    expect(flat).not.toContain('nothing is compared');
  }, 300_000);
});
