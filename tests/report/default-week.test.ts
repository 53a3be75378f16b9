/**
 * `costlens report weekly` with no --week on a store that holds no complete ISO week refuses with a
 * reason of its own: how many days the store holds, which, and that a weekly report needs a
 * complete week; its hint names a week to give and the days that would complete one. Before, it
 * took 2018-W44 for the last complete week of a store holding only 5 Nov 2018, then refused that
 * week as ending before the data, with a hint to "leave --week out for the last complete week
 * (2018-W44)", though --week was left out. A week given by hand on such a store is refused without
 * pointing at a default it does not have.
 *
 * And the e-mail's anomaly section on a week none of whose days was examined (its one day in the
 * store is provisional) says so and why, instead of "No anomaly event in 2018-W45" with the
 * events' days "through 4 Nov".
 *
 * The stores are cut from the real November 2018 CUR with DuckDB: the lines of 5 Nov 2018 (a
 * Monday), and those of 7–11 Nov (Wednesday to Sunday).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { CostlensError } from '../../src/errors.ts';
import { checkWeekInData, defaultReportWeek, parseIsoWeek } from '../../src/report/week.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';

/**
 * A store of the November 2018 lines whose usage starts in [from, to) (cut as cutCurParquet cuts them), the file
 * written and the store ingested once per machine (tests/helpers/derived-files.ts, cached-stores.ts): only read.
 */
async function storeOf(from: string, to: string): Promise<string> {
  const name = `cur-${from}.parquet`;
  const { [name]: file } = await derivedFiles([{
    name,
    sql: 'SELECT * FROM read_parquet($source) WHERE line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)',
    params: { source: REAL_NOV_2018, from, to },
  }]);
  return cachedStore([[file]]);
}

/** The error `fn` throws. */
function thrown(fn: () => unknown): CostlensError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CostlensError);
    return error as CostlensError;
  }
  throw new Error('expected an error');
}

describe('the default week of a store with no complete ISO week', () => {
  it('one day, Monday 5 Nov 2018: refused, naming the day; the hint gives 2018-W45 for its one day, or the days through Sunday 11 Nov', () => {
    const error = thrown(() => defaultReportWeek({ firstDay: '2018-11-05', lastDay: '2018-11-05' }));
    expect([error.code, error.message, error.hint]).toEqual([
      'usage',
      'no --week given, and the store holds no complete ISO week to report on: its billing data covers 1 day, 2018-11-05; a weekly report needs a complete week, Monday to Sunday',
      'give --week 2018-W45 for a report on the day of it the store holds (not compared with the week before), or ingest billing data through Sunday 11 Nov 2018 to complete 2018-W45',
    ]);
  });

  it('Wednesday 7 to Sunday 11 Nov: its week begins before the data, so it is not complete either; 5–6 Nov would complete it', () => {
    const error = thrown(() => defaultReportWeek({ firstDay: '2018-11-07', lastDay: '2018-11-11' }));
    expect(error.message).toBe('no --week given, and the store holds no complete ISO week to report on: its billing data covers 5 days, 2018-11-07 to 2018-11-11; a weekly report needs a complete week, Monday to Sunday');
    expect(error.hint).toBe('give --week 2018-W45 for a report on the 5 days of it the store holds (not compared with the week before), or ingest the billing data of 5–6 Nov 2018 to complete 2018-W45');
  });

  it('Thursday 8 to Tuesday 13 Nov: 2018-W45 lacks 5–7 Nov, 2018-W46 its last five days', () => {
    expect(thrown(() => defaultReportWeek({ firstDay: '2018-11-08', lastDay: '2018-11-13' })).hint)
      .toBe('give --week 2018-W45 for a report on the 4 days of it the store holds (not compared with the week before), or ingest the billing data of 5–7 Nov 2018 to complete 2018-W45');
    expect(thrown(() => defaultReportWeek({ firstDay: '2018-11-08', lastDay: '2018-11-10' })).hint)
      .toBe('give --week 2018-W45 for a report on the 3 days of it the store holds (not compared with the week before), or ingest billing data through Sunday 18 Nov 2018 to complete 2018-W46');
  });

  it('a store holding a complete week keeps it as the default: Monday 5 to Sunday 11 Nov is 2018-W45; 1–30 Nov 2018 is 2018-W47', () => {
    expect(defaultReportWeek({ firstDay: '2018-11-05', lastDay: '2018-11-11' }).label).toBe('2018-W45');
    expect(defaultReportWeek({ firstDay: '2018-11-01', lastDay: '2018-11-30' }).label).toBe('2018-W47');
  });

  it('a week given that ends before the data: the hint gives the weeks to pick from, and no default when the store has no complete week', () => {
    expect(thrown(() => checkWeekInData(parseIsoWeek('2018-W44'), { firstDay: '2018-11-05', lastDay: '2018-11-05' })).hint).toBe('give a week from 2018-W45 to 2018-W45');
    expect(thrown(() => checkWeekInData(parseIsoWeek('2018-W44'), { firstDay: '2018-11-05', lastDay: '2018-11-25' })).hint)
      .toBe('give a week from 2018-W45 to 2018-W47, or leave --week out for the last complete week (2018-W47)');
  });
});

describe('costlens report weekly on a store of the lines of 5 Nov 2018 only', () => {
  let db: string;

  beforeAll(async () => {
    db = await storeOf('2018-11-05', '2018-11-06');
    const [day] = await duckdbRows(`SELECT min(CAST(line_item_usage_start_date AS DATE)) AS first, max(CAST(line_item_usage_start_date AS DATE)) AS last, count(*) AS n
      FROM read_parquet($file) WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-05' AND line_item_usage_start_date < TIMESTAMP '2018-11-06'`, { file: REAL_NOV_2018 });
    expect([day.first, day.last, day.n]).toEqual(['2018-11-05', '2018-11-05', '4237']);
  }, 600_000);

  it('no --week: exit 2, the store\'s one day named and why no week is reported; the hint does not point back at the default', async () => {
    const run = await reportCli(db, {}, 'weekly', '--out', scratchDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('costlens: no --week given, and the store holds no complete ISO week to report on: its billing data covers 1 day, 2018-11-05; a weekly report needs a complete week, Monday to Sunday\n'
      + '  hint: give --week 2018-W45 for a report on the day of it the store holds (not compared with the week before), or ingest billing data through Sunday 11 Nov 2018 to complete 2018-W45\n');
    expect(run.stderr).not.toContain('2018-W44');
    expect(run.stderr).not.toContain('leave --week out');
  });

  it('--week 2018-W44: refused as before the data, with no default offered', async () => {
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W44', '--out', scratchDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('costlens: --week 2018-W44 (29 Oct – 4 Nov 2018) ends before the billing data begins (5 Nov 2018): the store holds 5 Nov 2018\n  hint: give a week from 2018-W45 to 2018-W45\n');
  });

  it('--week 2018-W45, as the hint says: the report of its one day; no day of it was examined for anomalies (5 Nov is provisional), and the section says so', async () => {
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W45', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const text = (await simpleParser(readFileSync(join(out, '2018-W45-finance.eml')))).text!;
    const section = text.split('\nNew anomalies\n-------------\n')[1].split('\n\nNoise floor:')[0].replace(/\s+/g, ' ');
    expect(section).toContain('No day of 2018-W45 was examined for anomalies: 2018-11-05, the one day in the range, is treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays).');
    expect(section).not.toContain('No anomaly event in 2018-W45');
    expect(section).not.toContain('through 4 Nov');
  });
});

describe('costlens report weekly on a store of 7–11 Nov 2018 (Wednesday to Sunday)', () => {
  it('no --week: refused, naming its 5 days; the hint gives 2018-W45 or the two days that would complete it', async () => {
    const db = await storeOf('2018-11-07', '2018-11-12');
    const run = await reportCli(db, {}, 'weekly', '--out', scratchDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('costlens: no --week given, and the store holds no complete ISO week to report on: its billing data covers 5 days, 2018-11-07 to 2018-11-11; a weekly report needs a complete week, Monday to Sunday\n'
      + '  hint: give --week 2018-W45 for a report on the 5 days of it the store holds (not compared with the week before), or ingest the billing data of 5–6 Nov 2018 to complete 2018-W45\n');
  }, 600_000);
});
