/**
 * `costlens anomalies --format json` names the days it gave no verdict (`unjudgedDays`, each with
 * its cause): before, only the text output's notes (on stderr with --format json) said so, and a
 * JSON reader could not tell an empty `events` from days never judged. On the real October and
 * November 2018 CUR without its lines of 10–12 Nov (removed by DuckDB), as of 30 Nov over 24 days
 * (7–30 Nov): 10–12 Nov have no billing data, 13–27 Nov lack some of their 28 trailing days, and
 * 28–30 Nov are provisional. The first two are found here by SQL on the store, independently.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { realCursWithout10To12NovStore } from '../helpers/derived-files.ts';
import { days } from './fixtures.ts';

type Unjudged = { day: string; cause: string; reason: string };

describe('anomalies JSON on the real 2018 CUR with 10–12 Nov missing: the days not judged, and why', () => {
  /** The store of the real October and the November without 10–12 Nov, ingested once per machine (tests/helpers/derived-files.ts); only read. */
  let db: string;

  beforeAll(async () => {
    ({ db } = await realCursWithout10To12NovStore());
  }, 180_000);

  it('lists every day from `from` to as-of without a verdict: no data, too little history, provisional', async () => {
    // Independently: each day of 7–27 Nov, whether the store holds a line on it, and on how many of its 28 trailing days.
    const held = await sqlRows(db, `WITH d AS (SELECT CAST(ChargePeriodStart AS DATE) AS day FROM line_items GROUP BY 1),
        examined AS (SELECT CAST(t.day AS DATE) AS day FROM range(DATE '2018-11-07', DATE '2018-11-28', INTERVAL 1 DAY) t(day))
      SELECT CAST(e.day AS VARCHAR) AS day, CAST(EXISTS (SELECT 1 FROM d WHERE d.day = e.day) AS VARCHAR) AS held,
        CAST((SELECT count(*) FROM d WHERE d.day >= e.day - INTERVAL 28 DAY AND d.day < e.day) AS VARCHAR) AS trailing
      FROM examined e ORDER BY 1`);
    const missing = held.filter((r) => r.held === 'false').map((r) => r.day);
    const shortHistory = held.filter((r) => r.held === 'true' && r.trailing !== '28').map((r) => r.day);
    expect(missing).toEqual(['2018-11-10', '2018-11-11', '2018-11-12']);
    expect(shortHistory).toEqual(days('2018-11-13', '2018-11-27'));

    const run = await costlens(db, 'anomalies', '--as-of', '2018-11-30', '--days', '24', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { from: string; to: string; events: unknown[]; unjudgedDays: Unjudged[] };
    expect([out.from, out.to]).toEqual(['2018-11-07', '2018-11-27']);
    expect(out.unjudgedDays).toEqual([
      ...missing.map((day) => ({ day, cause: 'missing', reason: 'no billing data that day' })),
      ...shortHistory.map((day) => ({ day, cause: 'history', reason: 'fewer than 28 trailing days of billing data' })),
      ...days('2018-11-28', '2018-11-30').map((day) => ({
        day, cause: 'provisional', reason: 'treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays); --include-provisional examines it',
      })),
    ]);
    // The same days as the notes (the text output's, here on stderr).
    expect(run.stderr).toContain('Not examined: 28–30 Nov 2018, treated as provisional: costlens counts the last 3 complete days back from the data horizon (anomalies.provisionalDays); --include-provisional examines them.');
    expect(run.stderr).toContain('Not judged: 10–12 Nov 2018 (no billing data that day).');
    expect(run.stderr).toContain('Not judged: 13–27 Nov 2018 (fewer than 28 trailing days of billing data).');
  }, 60_000);

  it('a table whose examined days were none of them judged says so in its heading, not "0 events"', async () => {
    // Independently: 10–12 Nov hold no line, and 13–27 Nov lack some of their 28 trailing days (found by SQL in the test above).
    const [held] = await sqlRows(db, `WITH d AS (SELECT DISTINCT CAST(ChargePeriodStart AS DATE) AS day FROM line_items)
      SELECT CAST(count(*) FILTER (WHERE day BETWEEN DATE '2018-11-10' AND DATE '2018-11-12') AS VARCHAR) AS missing_held,
        CAST(count(*) FILTER (WHERE day BETWEEN DATE '2018-10-16' AND DATE '2018-11-27') AS VARCHAR) AS held FROM d`);
    expect(held).toEqual({ missing_held: '0', held: '40' }); // 43 days from 16 Oct to 27 Nov, 3 of them without data
    const history = 'fewer than 28 trailing days of billing data';
    for (const byDay of [[], ['--by-day']]) {
      const run = await costlens(db, 'anomalies', '--as-of', '2018-11-27', '--days', '15', ...byDay);
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe(`Spend anomalies: no day of 13–27 Nov 2018 was judged for anomalies: ${history}.`);
      expect(lines).toContain(`Not judged: 13–27 Nov 2018 (${history}).`);
      expect(run.stdout).not.toMatch(/0 events|0 flagged days|\(0 rows\)/);
    }
    // Two reasons: the heading leaves them to the notes.
    const both = await costlens(db, 'anomalies', '--as-of', '2018-11-27', '--days', '18');
    expect(both.stdout.split('\n').filter((l) => /^(Spend anomalies|Not judged)/.test(l))).toEqual([
      'Spend anomalies: no day of 10–27 Nov 2018 was judged for anomalies (the notes below say why).',
      'Not judged: 10–12 Nov 2018 (no billing data that day).',
      `Not judged: 13–27 Nov 2018 (${history}).`,
    ]);
  }, 60_000);

  it('a range whose every day was judged lists none, and --include-provisional judges the provisional days too', async () => {
    const judged = JSON.parse((await costlens(db, 'anomalies', '--as-of', '2018-11-09', '--days', '3', '--format', 'json')).stdout) as { from: string; to: string; unjudgedDays: Unjudged[] };
    expect([judged.from, judged.to, judged.unjudgedDays]).toEqual(['2018-11-07', '2018-11-09', []]);
    const all = JSON.parse((await costlens(db, 'anomalies', '--days', '3', '--include-provisional', '--format', 'json')).stdout) as { from: string; to: string; unjudgedDays: Unjudged[] };
    expect([all.from, all.to, all.unjudgedDays.map((d) => [d.day, d.cause])])
      .toEqual(['2018-11-28', '2018-11-30', [['2018-11-28', 'history'], ['2018-11-29', 'history'], ['2018-11-30', 'history']]]);
  }, 60_000);
});
