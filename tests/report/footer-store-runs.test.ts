/**
 * The weekly e-mail's footer names the days the store holds as runs around its gaps (lib/store-days.ts runsText): on
 * both real 2018 CURs without the November lines of 10–12 Nov (days missing inside a billing period are a gap, README
 * "Days in the store") it read "Data in the store: 1 Oct – 30 Nov 2018", as if every day were held. (The store of every
 * real file, which read "1 Oct 2018 – 30 Sep 2024" over a five-year gap: tests/report/multi-source-week.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { realCursWithout10To12NovStore } from '../helpers/derived-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';

describe('the e-mail of 2018-W48 on both real 2018 CURs without 10–12 Nov', () => {
  let nov: string;
  let db: string;

  beforeAll(async () => {
    ({ nov, db } = await realCursWithout10To12NovStore());
  }, 600_000);

  it('by DuckDB on the files: October\'s usage runs 1–31 Oct; November\'s 1–9 Nov and 13–30 Nov (27 days)', async () => {
    const days = await duckdbRows(`SELECT DISTINCT CAST(CAST(line_item_usage_start_date AS DATE) AS VARCHAR) AS day FROM read_parquet([$oct, $nov])
      WHERE line_item_line_item_type = 'Usage' ORDER BY day`, { oct: REAL_OCT_2018, nov });
    const november = days.map((d) => d.day).filter((d) => d!.startsWith('2018-11'));
    expect([days.length, november.length, november[8], november[9]]).toEqual([31 + 27, 27, '2018-11-09', '2018-11-13']);
  }, 300_000);

  it('the footer, HTML and plain text: "1 Oct – 9 Nov 2018 and 13–30 Nov 2018" (it read "1 Oct – 30 Nov 2018")', async () => {
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W48', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const footer = 'Data in the store: 1 Oct – 9 Nov 2018 and 13–30 Nov 2018; provisional from 28 Nov 2018.';
    expect(readFileSync(join(out, '2018-W48-finance.html'), 'utf8')).toContain(footer);
    const mail = await simpleParser(readFileSync(join(out, '2018-W48-finance.eml')));
    expect(mail.text?.replace(/\s+/g, ' ')).toContain(footer);
  }, 300_000);
});
