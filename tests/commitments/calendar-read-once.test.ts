/**
 * What a commitments analysis reads of the store's calendar, it reads once (src/analyze/commitments/horizon.ts):
 * - queries/calendar/data_horizon.sql once per analysis: on a store of whole monthly bills it ran
 *   twice (once for the bill span, then again for the store's first and last charge days); it runs
 *   in parallel with commitments/data_horizon and calendar/billing_period_days (the gaps between
 *   billing periods, read once too);
 * - where the store's usage ends, per billing period, from queries/commitments/data_horizon.sql:
 *   commitments/utilisation_until takes it as `data_ends_at` and does not scan line_items for it
 *   (commitments/utilisation, the query a user runs, reads it itself). The figures
 *   stay those of the scan: a month the data does not complete is cut at the end of its own billing
 *   period's usage, whatever later bills the store holds (the real October 2018 CUR cut at 20 Oct,
 *   with and without the whole November CUR in the store: each RI pays for its hours up to the end of
 *   October's usage, worked out by DuckDB on the file).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { analyseCommitments } from '../../src/analyze/commitments/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { RawParams } from '../../src/engine/duckdb.ts';
import { DuckDBEngine, withEngine } from '../../src/engine/duckdb-engine.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, duckdbRows, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { monthlyStore } from '../helpers/monthly-store-fixture.ts';
import { dailyStoreWithoutNovember } from '../helpers/stores-without-november.ts';

/** The engine, recording each query it runs with its parameters. */
function recording(engine: Engine, ran: { name: string; params: RawParams }[]): Engine {
  return { name: engine.name, close: () => engine.close(), run: (name, params = {}) => (ran.push({ name, params }), engine.run(name, params)) };
}

/** The queries `analyseCommitments` runs on `db` for a billing period, in order, with their parameters. */
async function queriesRun(db: string, period: string): Promise<{ name: string; params: RawParams }[]> {
  const config = loadConfig(undefined, {}, process.cwd());
  const ran: { name: string; params: RawParams }[] = [];
  await withEngine(db, (engine) => analyseCommitments(recording(engine, ran), {
    commitments: config.commitments, attribution: config.attribution, teamTagKey: config.report.ownerTagKey,
  }, { range: { billingFrom: `${period}-01`, billingTo: '2018-12-01' }, label: period }));
  return ran;
}

describe('commitments read the store\'s calendar once', () => {
  it('whole monthly bills: calendar/data_horizon once (it ran twice), with commitments/data_horizon and the billing-period days, before the bills', async () => {
    const ran = (await queriesRun((await monthlyStore()).db, '2018-11')).map((q) => q.name);
    expect(ran.slice(0, 4)).toEqual(['commitments/data_horizon', 'calendar/data_horizon', 'calendar/billing_period_days', 'calendar/bills_by_class']);
    expect(ran.filter((name) => name === 'calendar/billing_period_days')).toHaveLength(1);
    expect(ran.filter((name) => name === 'calendar/data_horizon')).toHaveLength(1);
    expect(ran.filter((name) => name === 'commitments/data_horizon')).toHaveLength(1);
  }, 300_000);

  it('daily usage: commitments/utilisation_until is given where the usage ends (2018-12-01 00:00), and reads line_items once (it scanned it again for that)', async () => {
    const ran = await queriesRun(await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]), '2018-11');
    expect(ran.filter((q) => q.name.endsWith('data_horizon')).map((q) => q.name)).toEqual(['commitments/data_horizon', 'calendar/data_horizon']);
    // The period, the expiry's latest periods and its look-back. The advice's look-back ends on the horizon's next day and is cut there:
    // here that is where the data ends, so it is the expiry's look-back, read once (it ran a fourth time, with data_ends_at 2018-12-01).
    const utilisation = ran.filter((q) => q.name === 'commitments/utilisation_until').map((q) => q.params);
    expect(utilisation.map((p) => p.data_ends_at)).toEqual(['2018-12-01 00:00:00', '2018-12-01 00:00:00', '2018-12-01 00:00:00']);
    expect(utilisation[2]).toEqual({ charge_from: '2018-11-01', charge_to: '2018-12-01', data_ends_at: '2018-12-01 00:00:00' });
    expect(ran.filter((q) => q.name === 'commitments/utilisation')).toEqual([]);
    expect(queryRegistry().find('commitments/utilisation_until').sql.match(/\bFROM line_items\b/g)).toHaveLength(1);
    expect(queryRegistry().find('commitments/utilisation').sql.match(/\bFROM line_items\b/g)).toHaveLength(2);
  }, 300_000);
});

/** Runs `costlens commitments …args` on `db`, counting the queries DuckDB runs by name. */
async function cliQueries(db: string, ...args: string[]): Promise<{ code: number; stderr: string; runs: (name: string) => number }> {
  const run = vi.spyOn(DuckDBEngine.prototype, 'run');
  try {
    const result = await costlens(db, 'commitments', ...args, '--format', 'json');
    const names = run.mock.calls.map(([name]) => name);
    return { code: result.code, stderr: result.stderr, runs: (name) => names.filter((n) => n === name).length };
  } finally {
    run.mockRestore();
  }
}

const CALENDAR = ['commitments/data_horizon', 'calendar/data_horizon', 'calendar/billing_period_days'];

describe('costlens commitments reads the calendar once per run: the default period, a refusal and the analysis share one read', () => {
  it('the default period on daily usage: the billing-period days and calendar/data_horizon once each (each ran twice: once for the default, once for the analysis)', async () => {
    const { code, stderr, runs } = await cliQueries(await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]));
    expect([code, stderr]).toEqual([0, 'period 2018-11, the last complete month (data through 30 Nov 2018, the last complete day in the store)\n']);
    expect(CALENDAR.map(runs)).toEqual([1, 1, 1]);
  }, 300_000);

  it('the default period on whole monthly bills: the billing-period days, which it read without using, once, and the bills once', async () => {
    const { code, runs } = await cliQueries((await monthlyStore()).db);
    expect(code).toBe(0);
    expect([...CALENDAR, 'calendar/bills_by_class'].map(runs)).toEqual([1, 1, 1, 1]);
  }, 300_000);

  it('--from/--to inside months, and a period in a gap it refuses, read nothing more (they read the span or the days again)', async () => {
    const days = await cliQueries(await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]), '--from', '2018-11-10', '--to', '2018-11-20');
    expect([days.code, days.stderr]).toEqual([0, '']);
    expect(CALENDAR.map(days.runs)).toEqual([1, 1, 1]);
    const gap = await cliQueries((await dailyStoreWithoutNovember()).db, '--period', '2018-11');
    expect(gap.code).not.toBe(0);
    expect(gap.stderr).toContain('--period 2018-11 (1–30 Nov 2018) is not in the store: the store holds no billing data on 1–30 Nov 2018');
    expect(CALENDAR.map(gap.runs)).toEqual([1, 1, 1]);
  }, 300_000);
});

describe('a month the data does not complete is cut at the end of its own usage, whatever the store holds after it', () => {
  let octoberTo20th: string;

  beforeAll(async () => {
    const name = 'oct-2018-to-20th.parquet';
    octoberTo20th = (await derivedFiles([{
      name,
      sql: 'SELECT * FROM read_parquet($file) WHERE line_item_usage_start_date < CAST($to AS TIMESTAMP)',
      params: { file: REAL_OCT_2018, to: '2018-10-20' },
    }]))[name];
  }, 300_000);

  it('--period 2018-10 on October to the 20th, alone and with November: each RI\'s hours up to the end of October\'s usage', async () => {
    const [{ end }] = await duckdbRows(`SELECT CAST(max(line_item_usage_end_date) AS VARCHAR) AS "end" FROM read_parquet($file)
      WHERE line_item_line_item_type IN ('Usage', 'DiscountedUsage') AND line_item_usage_end_date <= line_item_usage_start_date + INTERVAL 1 DAY`, { file: octoberTo20th });
    expect(end).toBe('2018-10-20 00:00:00');
    const onFile = await duckdbRows(`SELECT reservation_reservation_a_r_n AS arn,
        round(CAST(reservation_number_of_reservations AS DOUBLE) * date_diff('second', greatest(line_item_usage_start_date, TIMESTAMP '2018-10-01'), CAST($end AS TIMESTAMP)) / 3600.0, 6) AS hours
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee' ORDER BY arn`, { file: octoberTo20th, end: end! });
    expect(onFile).toHaveLength(9);
    const expected = Object.fromEntries(onFile.map((f) => [f.arn, Number(f.hours)]));
    for (const ingests of [[[octoberTo20th]], [[octoberTo20th], [REAL_NOV_2018]]]) {
      const run = await costlens(await cachedStore(ingests), 'commitments', '--period', '2018-10', '--format', 'json');
      expect([run.code, run.stderr]).toEqual([0, '']);
      const commitments: { arn: string; purchased: number }[] = JSON.parse(run.stdout).commitments;
      expect(Object.fromEntries(commitments.map((c) => [c.arn, c.purchased]))).toEqual(expected);
    }
  }, 300_000);
});
