/**
 * `costlens anomalies --by-day` / `--all` print a day's money as the exact decimal the store sums
 * to: `actual` (the day's spend), `expected` (the median of its 28 trailing days, halved once to
 * the 1e-10 unit, half away from zero) and `delta` = actual − expected, 10 decimals each (the MAD
 * and the range too, rounded once: anomalies-shown-cents.test.ts). Before, the day's spend was a float and all
 * six figures were printed from floats to 6 decimals, so the printed figures did not add up:
 *  - the real 2018 CUR, 19 Nov, CloudWatch Events: actual 0.000017, expected 0.000017, delta
 *    0.000000 and yet direction "drop"; exactly 0.0000170000 against a median of 0.0000175000;
 *  - the demo, 22 Oct 2026, Amazon S3: 142.704587 − 141.191167 printed a delta of 1.513419 (the
 *    float 1.51341949999…); exactly 142.7045865032 − 141.1911670032 = 1.5134195000.
 * Every figure is restated by SQL on line_items (usage lines, per UTC charge day).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { judgeUnits, twiceMedian } from '../../src/analyze/anomalies/index.ts';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, sqlRows } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { judgedDaysCtes } from '../helpers/anomaly-judged-sql.ts';

type Row = Record<string, string | null>;

/** `-12.3456789012` (DuckDB's DECIMAL(38,10) text) → units of 1e-10. */
const units = (text: string): bigint => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
  return text.startsWith('-') ? -value : value;
};
/** Units → 10-decimal text, `-0.0000005000`. */
const text = (u: bigint): string => {
  const digits = (u < 0n ? -u : u).toString().padStart(11, '0');
  return `${u < 0n ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`;
};
/** Twice a median (exact) halved once, half away from zero. */
const halved = (twice: bigint): bigint => (twice < 0n ? -1n : 1n) * (((twice < 0n ? -twice : twice) + 1n) / 2n);

/**
 * Every (day, service or account) from `from` to `to` that the rule examines, as SQL on the store
 * finds it: the day's usage spend and twice the median of its 28 trailing days (the 14th + 15th
 * by spend, a day without lines spending 0), leaving out a value with no spend that day or in its window.
 */
async function restated(db: string, firstTrailing: string, from: string, dayAfter: string): Promise<Map<string, Row>> {
  const rows = await sqlRows(db, `${judgedDaysCtes(firstTrailing, from, dayAfter)}
    SELECT CAST(day AS VARCHAR) AS day, dimension, value, CAST(actual AS VARCHAR) AS actual,
      CAST(xs[14] + xs[15] AS VARCHAR) AS twice_expected, CAST(len(xs) AS VARCHAR) AS window_days
    FROM judged WHERE actual <> 0 OR window_spent`);
  return new Map(rows.map((r) => [`${r.day}|${r.dimension}|${r.value}`, r]));
}

/** Each printed row against SQL: actual, expected and delta exactly, the direction the exact delta's sign. */
function expectExact(printed: Row[], sql: Map<string, Row>) {
  expect(printed.map((r) => `${r.day}|${r.dimension}|${r.value}`).sort()).toEqual([...sql.keys()].sort());
  for (const r of printed) {
    const s = sql.get(`${r.day}|${r.dimension}|${r.value}`)!;
    const label = `${r.day} ${r.dimension} ${r.value}`;
    expect(s.window_days, label).toBe('28');
    const expected = halved(units(s.twice_expected!));
    const delta = units(s.actual!) - expected;
    expect([r.actual, r.expected, r.delta, r.direction], label).toEqual([s.actual, text(expected), text(delta), delta > 0n ? 'spike' : delta < 0n ? 'drop' : 'none']);
  }
}

describe('anomalies day by day: the day\'s spend, its median and their delta as exact decimals', () => {
  it('a median of two days keeps its half unit until it is halved once, half away from zero', () => {
    expect(twiceMedian([3n, 1n, 2n, 4n])).toBe(5n);
    expect(twiceMedian([7n, -1n, 5n])).toBe(10n);
    const rule = { madMultiplier: 3, madScale: 1, minDollars: 10 };
    const verdict = judgeUnits([1n, 2n, 2n, 1n], 1n, rule);
    expect([verdict.twiceExpected, verdict.expected, verdict.delta]).toEqual([3n, 2n, -1n]);
    expect(judgeUnits([-1n, -2n], 0n, rule).expected).toBe(-2n);
  });

  describe('the real October and November 2018 CUR', () => {
    let db: string;
    let rows: Row[];
    beforeAll(async () => {
      db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
      const run = await costlens(db, 'anomalies', '--as-of', '2018-11-27', '--days', '30', '--all', '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      rows = JSON.parse(run.stdout) as Row[];
    }, 180_000);

    it('every examined day of 29 Oct – 27 Nov (360 rows), service and account, prints what SQL sums on the store', async () => {
      expect(rows.length).toBe(360);
      expectExact(rows, await restated(db, '2018-10-01', '2018-10-29', '2018-11-28'));
    });

    it('19 Nov, CloudWatch Events: 0.0000170000 against a median of 0.0000175000, a drop of 0.0000005000 (before: 0.000017, 0.000017, 0.000000, "drop")', () => {
      const row = rows.find((r) => r.day === '2018-11-19' && r.value === 'CloudWatch Events')!;
      expect([row.status, row.actual, row.expected, row.delta, row.direction]).toEqual(['normal', '0.0000170000', '0.0000175000', '-0.0000005000', 'drop']);
      // MAD 0.0000025, 3 × MAD 0.0000075: the range 0.0000175 ∓ 0.0000075, each exact to 10 decimals (the float MAD printed 0.000003).
      expect([row.mad, row.low, row.high]).toEqual(['0.0000025000', '0.0000100000', '0.0000250000']);
    });
  });

  describe('the demo organisation', () => {
    let db: string;
    beforeAll(async () => {
      db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    }, 300_000);

    it('22 Oct 2026, Amazon S3: 142.7045865032 − 141.1911670032 = 1.5134195000, as printed (before: 142.704587 − 141.191167 printed 1.513419)', async () => {
      const run = await costlens(db, 'anomalies', '--as-of', '2026-10-22', '--days', '1', '--all', '--by', 'service', '--format', 'csv');
      expect(run.code, run.stderr).toBe(0);
      const [columns, ...records] = parseCsvRecords(run.stdout);
      const printed = records.map((cells) => Object.fromEntries(cells.map((cell, i) => [columns[i], cell === '' ? null : cell])));
      const s3 = printed.find((r) => r.value === 'Amazon Simple Storage Service')!;
      expect([s3.actual, s3.expected, s3.delta, s3.direction]).toEqual(['142.7045865032', '141.1911670032', '1.5134195000', 'spike']);
      const sql = await restated(db, '2026-09-24', '2026-10-22', '2026-10-23');
      expectExact(printed, new Map([...sql].filter(([, r]) => r.dimension === 'service')));
    });
  });
});
