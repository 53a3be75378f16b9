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
 * A store whose last complete week lies wholly in a gap (the real October 2018 CUR beside the November
 * CUR's lines of 14–16 Nov only: 2018-W45, 5–11 Nov, holds none of its days) refuses the default week as
 * it refuses a --week in a gap (exit 4), naming the runs of days held and their weeks; it was refused as
 * "--week 2018-W45 … is in a gap" though no --week was given, and a --send run read the send ledger first.
 *
 * The stores are cut from the real November 2018 CUR with DuckDB: the lines of 5 Nov 2018 (a
 * Monday), those of 7–11 Nov (Wednesday to Sunday), and those of 14–16 Nov (Wednesday to Friday).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { CostlensError } from '../../src/errors.ts';
import { checkWeekInData, defaultReportWeek, parseIsoWeek } from '../../src/report/week.ts';
import { cachedStore, storeCopy } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { reportCli } from './helpers.ts';

/** The November 2018 lines whose usage starts in [from, to) (cut as cutCurParquet cuts them), written once per machine (tests/helpers/derived-files.ts). */
async function novemberCut(from: string, to: string): Promise<string> {
  const name = `cur-${from}.parquet`;
  const { [name]: file } = await derivedFiles([{
    name,
    sql: 'SELECT * FROM read_parquet($source) WHERE line_item_usage_start_date >= CAST($from AS TIMESTAMP) AND line_item_usage_start_date < CAST($to AS TIMESTAMP)',
    params: { source: REAL_NOV_2018, from, to },
  }]);
  return file;
}

/** A store of {@link novemberCut}'s lines, ingested once per machine (cached-stores.ts): only read. */
async function storeOf(from: string, to: string): Promise<string> {
  return cachedStore([[await novemberCut(from, to)]]);
}

/** A store without gaps, for defaultReportWeek. */
const NO_GAPS = { gaps: [] };

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
    const error = thrown(() => defaultReportWeek({ firstDay: '2018-11-05', lastDay: '2018-11-05' }, NO_GAPS));
    expect([error.code, error.message, error.hint]).toEqual([
      'usage',
      'no --week given, and the store holds no complete ISO week to report on: its billing data covers 1 day, 5 Nov 2018; a weekly report needs a complete week, Monday to Sunday',
      'give --week 2018-W45 for a report on the day of it the store holds (not compared with the week before), or ingest billing data through Sunday 11 Nov 2018 to complete 2018-W45',
    ]);
  });

  it('Wednesday 7 to Sunday 11 Nov: its week begins before the data, so it is not complete either; 5–6 Nov would complete it', () => {
    const error = thrown(() => defaultReportWeek({ firstDay: '2018-11-07', lastDay: '2018-11-11' }, NO_GAPS));
    expect(error.message).toBe('no --week given, and the store holds no complete ISO week to report on: its billing data covers 5 days, 7–11 Nov 2018; a weekly report needs a complete week, Monday to Sunday');
    expect(error.hint).toBe('give --week 2018-W45 for a report on the 5 days of it the store holds (not compared with the week before), or ingest the billing data of 5–6 Nov 2018 to complete 2018-W45');
  });

  it('Thursday 8 to Tuesday 13 Nov: 2018-W45 lacks 5–7 Nov, 2018-W46 its last five days', () => {
    expect(thrown(() => defaultReportWeek({ firstDay: '2018-11-08', lastDay: '2018-11-13' }, NO_GAPS)).hint)
      .toBe('give --week 2018-W45 for a report on the 4 days of it the store holds (not compared with the week before), or ingest the billing data of 5–7 Nov 2018 to complete 2018-W45');
    expect(thrown(() => defaultReportWeek({ firstDay: '2018-11-08', lastDay: '2018-11-10' }, NO_GAPS)).hint)
      .toBe('give --week 2018-W45 for a report on the 3 days of it the store holds (not compared with the week before), or ingest billing data through Sunday 18 Nov 2018 to complete 2018-W46');
  });

  it('a store holding a complete week keeps it as the default: Monday 5 to Sunday 11 Nov is 2018-W45; 1–30 Nov 2018 is 2018-W47', () => {
    expect(defaultReportWeek({ firstDay: '2018-11-05', lastDay: '2018-11-11' }, NO_GAPS).label).toBe('2018-W45');
    expect(defaultReportWeek({ firstDay: '2018-11-01', lastDay: '2018-11-30' }, NO_GAPS).label).toBe('2018-W47');
  });

  it('a week given that ends before the data: the hint gives the weeks to pick from, and no default when the store has no complete week', () => {
    expect(thrown(() => checkWeekInData(parseIsoWeek('2018-W44'), { firstDay: '2018-11-05', lastDay: '2018-11-05' })).hint).toBe('give --week 2018-W45');
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
    expect(run.stderr).toBe('costlens: no --week given, and the store holds no complete ISO week to report on: its billing data covers 1 day, 5 Nov 2018; a weekly report needs a complete week, Monday to Sunday\n'
      + '  hint: give --week 2018-W45 for a report on the day of it the store holds (not compared with the week before), or ingest billing data through Sunday 11 Nov 2018 to complete 2018-W45\n');
    expect(run.stderr).not.toContain('2018-W44');
    expect(run.stderr).not.toContain('leave --week out');
  });

  it('--week 2018-W44: refused as before the data, with no default offered', async () => {
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W44', '--out', scratchDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('costlens: --week 2018-W44 (29 Oct – 4 Nov 2018) ends before the billing data begins (5 Nov 2018): the store holds 5 Nov 2018\n  hint: give --week 2018-W45\n');
  });

  it('--week 2018-W45, as the hint says: the report of its one day; no day of it was examined for anomalies (5 Nov is provisional), and the section says so', async () => {
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--week', '2018-W45', '--audience', 'finance', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const text = (await simpleParser(readFileSync(join(out, '2018-W45-finance.eml')))).text!;
    const section = text.split('\nNew anomalies\n-------------\n')[1].split('\n\nNoise floor:')[0].replace(/\s+/g, ' ');
    expect(section).toContain('No day of 2018-W45 was examined for anomalies: 5 Nov 2018, the one day in the range, is treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays).');
    expect(section).not.toContain('No anomaly event in 2018-W45');
    expect(section).not.toContain('through 4 Nov');
  });
});

describe('costlens report weekly on a store of 7–11 Nov 2018 (Wednesday to Sunday)', () => {
  it('no --week: refused, naming its 5 days; the hint gives 2018-W45 or the two days that would complete it', async () => {
    const db = await storeOf('2018-11-07', '2018-11-12');
    const run = await reportCli(db, {}, 'weekly', '--out', scratchDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('costlens: no --week given, and the store holds no complete ISO week to report on: its billing data covers 5 days, 7–11 Nov 2018; a weekly report needs a complete week, Monday to Sunday\n'
      + '  hint: give --week 2018-W45 for a report on the 5 days of it the store holds (not compared with the week before), or ingest the billing data of 5–6 Nov 2018 to complete 2018-W45\n');
  }, 600_000);
});

describe('costlens report weekly on the October 2018 CUR beside the November CUR\'s lines of 14–16 Nov 2018 only: the last complete week, 2018-W45, lies in the gap', () => {
  const GAP = 'costlens: no --week given, and the last complete week up to the data horizon (16 Nov 2018), 2018-W45 (5–11 Nov 2018), is in a gap of the store: '
    + 'its billing data runs to 31 Oct 2018 and resumes on 14 Nov 2018, none on 1–13 Nov 2018, so the week has no day to report on\n'
    + '  hint: the store holds 1–31 Oct 2018 (2018-W40 to 2018-W44) and 14–16 Nov 2018 (2018-W46): give --week for one of their weeks, '
    + 'or ingest billing data through Sunday 18 Nov 2018 to complete 2018-W46\n';
  let files: string[];
  let db: string;

  beforeAll(async () => {
    files = [REAL_OCT_2018, await novemberCut('2018-11-14', '2018-11-17')];
    db = await cachedStore([files]);
  }, 600_000);

  it('by DuckDB on the files: October\'s lines run to 31 Oct, the cut November\'s from 14 Nov to 16 Nov, whose usage reaches midnight (16 Nov is the data horizon)', async () => {
    const [days] = await duckdbRows(`SELECT (SELECT CAST(max(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) FROM read_parquet($oct)) AS oct_last,
      CAST(min(CAST(line_item_usage_start_date AS DATE)) AS VARCHAR) AS nov_first, CAST(max(line_item_usage_end_date) AS VARCHAR) AS nov_end
      FROM read_parquet($nov) WHERE line_item_usage_start_date >= TIMESTAMP '2018-11-14' AND line_item_usage_start_date < TIMESTAMP '2018-11-17' AND line_item_line_item_type = 'Usage'`,
    { oct: REAL_OCT_2018, nov: REAL_NOV_2018 });
    expect(days).toEqual({ oct_last: '2018-10-31', nov_first: '2018-11-14', nov_end: '2018-11-17 00:00:00' });
  });

  it('no --week: refused, exit 4, naming the default week, the gap, the runs of days held and their weeks; nothing written', async () => {
    const out = scratchDir();
    const run = await reportCli(db, {}, 'weekly', '--out', out);
    expect([run.code, run.stdout, run.stderr]).toEqual([4, '', GAP]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('no --week with --send: refused alike before the send ledger is read or a message is sent', async () => {
    const { db: copy } = await storeCopy([files]);
    const run = await reportCli(copy, { COSTLENS_SMTP_URL: 'smtp://127.0.0.1:9', COSTLENS_MAIL_FROM: 'finops@example.com' }, 'weekly', '--send', '--to', 'finance@example.com');
    expect([run.code, run.stdout, run.stderr]).toEqual([4, '', GAP]);
  });

  it('--week after or before the data: the hint names the runs\' weeks, 2018-W46 alone (it read "2018-W46 to 2018-W46"), and offers no default, 2018-W45 lying in the gap', async () => {
    const held = 'the store holds 1–31 Oct 2018 and 14–16 Nov 2018\n  hint: give a week from 2018-W40 to 2018-W44 or 2018-W46\n';
    const after = await reportCli(db, {}, 'weekly', '--week', '2018-W49', '--out', scratchDir());
    expect([after.code, after.stderr]).toEqual([2, `costlens: --week 2018-W49 (3–9 Dec 2018) begins after the billing data ends (16 Nov 2018, its data horizon): ${held}`]);
    const before = await reportCli(db, {}, 'weekly', '--week', '2018-W39', '--out', scratchDir());
    expect([before.code, before.stderr]).toEqual([2, `costlens: --week 2018-W39 (24–30 Sep 2018) ends before the billing data begins (1 Oct 2018): ${held}`]);
  });

  it('defaultReportWeek alone: the same refusal, an input error; a store without the gap keeps 2018-W45', () => {
    const error = thrown(() => defaultReportWeek({ firstDay: '2018-10-01', lastDay: '2018-11-16' }, { gaps: [{ first: '2018-11-01', last: '2018-11-13' }] }));
    expect([error.code, `costlens: ${error.message}\n  hint: ${error.hint}\n`]).toEqual(['input', GAP]);
    expect(defaultReportWeek({ firstDay: '2018-10-01', lastDay: '2018-11-16' }, { gaps: [{ first: '2018-11-01', last: '2018-11-06' }] }).label).toBe('2018-W45');
  });
});
