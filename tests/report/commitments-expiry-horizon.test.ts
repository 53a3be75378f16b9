/**
 * The weekly e-mail of the week to 25 Nov 2018 on the real 2018 store (October and November CURs)
 * reads billing period 2018-10, and said "No commitment ends within the expiry windows after 30 Nov
 * 2018.": a day after the report week, neither the period nor the week, named as nothing. It is the
 * data horizon, which the expiry windows count from (as `costlens commitments` counts them, which
 * said it in other words: "Nothing expires within the expiry windows after 2018-11-30."). Both now
 * say it in one sentence naming the day as the data horizon (src/analyze/commitments/expiry.ts,
 * expiringHeadline). The horizon and the RIs' ends: DuckDB on the November file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';

const SENTENCE = 'No commitment ends within the expiry windows after 30 Nov 2018, the data horizon.';

describe('the commitments section names the day its expiry windows count from, in the words of costlens commitments', () => {
  let db: string;

  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
  }, 600_000);

  it('by DuckDB on the November file: the data horizon is 30 Nov 2018, and the first RI end after it, 3 Apr 2019, is 123 days after the horizon day (none within the 90-day window)', async () => {
    expect(await duckdbRows(`SELECT CAST(CAST(max(line_item_usage_end_date) AS DATE) - INTERVAL 1 DAY AS DATE) AS horizon FROM read_parquet($file)
      WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY`, { file: REAL_NOV_2018 }))
      .toEqual([{ horizon: '2018-11-30' }]);
    const [first] = await duckdbRows(`SELECT CAST(min(CAST(NULLIF(reservation_end_time, '') AS TIMESTAMP)) AS VARCHAR) AS ends FROM read_parquet($file)
      WHERE line_item_line_item_type = 'RIFee' AND CAST(NULLIF(reservation_end_time, '') AS TIMESTAMP) > TIMESTAMP '2018-12-01'`, { file: REAL_NOV_2018 });
    expect(first.ends).toBe('2019-04-03 01:21:12');
    expect(Math.floor((Date.parse('2019-04-03T01:21:12Z') - Date.parse('2018-12-01T00:00:00Z')) / 86_400_000)).toBe(123);
  });

  it('2018-W47 (to 25 Nov), finance: period 2018-10, and the expiry sentence names 30 Nov 2018 as the data horizon, as costlens commitments --period 2018-10 does', async () => {
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W47', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const text = (await simpleParser(readFileSync(join(out, '2018-W47-finance.eml')))).text!.replace(/\s+/g, ' ');
    const section = /Commitments -+ ([^]*?) Utilisation as AWS's/.exec(text)![1];
    expect(section).toContain('Billing period 2018-10 (1–31 Oct 2018, the last complete billing period up to 25 Nov 2018): ');
    expect(section).toContain(` ${SENTENCE} `);
    const cli = await costlens(db, 'commitments', '--period', '2018-10');
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout.split('\n')).toContain(SENTENCE);
  });
});
