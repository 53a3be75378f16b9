/**
 * `costlens anomalies --by-day` / `--all` in a terminal: the day's actual and expected are each
 * rounded once to the cent and the delta shown is their difference, so the row adds up as it reads
 * (csv and json keep the exact decimals). Before, each money cell was rounded on its own, and on
 * the real 2018 CUR 59 of the 360 rows of 29 Oct – 27 Nov did not add up, 7 of them anomalies:
 *  - 25 Nov, RDS: $0.01 − $29.94 printed a delta of −$29.94 (exact −29.9367249008), now −$29.93;
 *  - 23 Nov, account 836060457634: $48.26 − $150.62 printed −$102.37 (exact −102.3656241269), now −$102.36;
 *  - the demo, 20 Oct 2026, checkout-prod: $104.55 − $74.54 printed $30.02 (exact 30.0167756497), now $30.01.
 * Each row's rule text (`3 × MAD = …`) is the exact MAD's, rounded once to 6 decimals: before, it
 * was the floats' high − median, a digit low on exact ties (real 6 Nov, S3: 3 × MAD = 0.0019575
 * printed 0.001957, now 0.001958; the demo, 2 Oct 2026, S3: 3.6161895 printed 3.616189, now
 * 3.616190), and the verdict is the rule on the exact figures. Every figure is restated by SQL on
 * line_items (usage lines, per UTC charge day).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { departsExactly, halfWidthText, judgeUnits } from '../../src/analyze/anomalies/index.ts';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018, costlens, sqlRows } from '../helpers/cli.ts';
import { judgedDaysCtes } from '../helpers/anomaly-judged-sql.ts';

type Row = Record<string, string>;

/** `-12.3456789012` (DuckDB's DECIMAL text) → units of 1e-10. */
const units = (text: string): bigint => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
  return text.startsWith('-') ? -value : value;
};
/** `n ÷ d` (d > 0) to the nearest integer, half away from zero. */
const rounded = (n: bigint, d: bigint): bigint => (n < 0n ? -1n : 1n) * (((n < 0n ? -n : n) * 2n + d) / (2n * d));
/** `$1,234.56` / `-$29.93` (a terminal money cell) → cents. */
const cents = (cell: string): bigint => BigInt(cell.replace(/[$,.]/g, ''));
/** 3 × MAD from four times the MAD (units), to 6 decimals, half away from zero. */
const threeMad = (fourMad: bigint): string => {
  const micros = rounded(3n * fourMad, 4n * 10n ** 4n);
  return `${micros / 10n ** 6n}.${String(micros % 10n ** 6n).padStart(6, '0')}`;
};

/** The rows of a terminal table (`--wide`), each cell cut at its column's dashes. */
function terminalRows(stdout: string): Row[] {
  const lines = stdout.split('\n');
  const rule = lines.findIndex((l) => /^-+( {2}-+)+$/.test(l));
  const spans = [...lines[rule].matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const cellsOf = (line: string) => spans.map(([from, to]) => line.slice(from, to).trim());
  const names = cellsOf(lines[rule - 1]);
  const end = lines.findIndex((l, i) => i > rule && /^\(\d+ rows?\)$/.test(l));
  return lines.slice(rule + 1, end).map((l) => Object.fromEntries(cellsOf(l).map((c, i) => [names[i], c])));
}

/**
 * Every (day, service or account) from `from` to `to` that the rule examines, as SQL on the store
 * finds it: the day's usage spend, twice the median of its 28 trailing days (the 14th + 15th by
 * spend, a day without lines spending 0) and four times their MAD (the 14th + 15th of
 * |2 × spend − twice the median|).
 */
async function restated(db: string, firstTrailing: string, from: string, dayAfter: string): Promise<Map<string, Row>> {
  const rows = await sqlRows(db, `${judgedDaysCtes(firstTrailing, from, dayAfter)}, centred AS (
      SELECT *, xs[14] + xs[15] AS twice_median FROM judged WHERE actual <> 0 OR window_spent
    ), deviations AS (
      SELECT *, list_sort(list_transform(xs, lambda x: abs(2 * x - twice_median))) AS ds FROM centred
    )
    SELECT CAST(day AS VARCHAR) AS day, dimension, value, CAST(actual AS VARCHAR) AS actual,
      CAST(twice_median AS VARCHAR) AS twice_expected, CAST(ds[14] + ds[15] AS VARCHAR) AS four_mad
    FROM deviations`);
  return new Map(rows.map((r) => [`${r.day}|${r.dimension}|${r.value}`, r as Row]));
}

/** What SQL says a row shows: spend and median in cents (each rounded once), their difference, the rule's 3 × MAD and the verdict. */
function shownBySql(s: Row) {
  const [actual, twiceMedian, fourMad] = [units(s.actual), units(s.twice_expected), units(s.four_mad)];
  const [spend, median] = [rounded(actual, 10n ** 8n), rounded(rounded(twiceMedian, 2n), 10n ** 8n)];
  const twiceDeparture = 2n * actual - twiceMedian;
  const magnitude = twiceDeparture < 0n ? -twiceDeparture : twiceDeparture;
  const anomaly = 2n * magnitude > 3n * fourMad && magnitude > 2n * 10n * 10n ** 10n;
  return { spend, median, delta: spend - median, deltaAlone: rounded(actual - rounded(twiceMedian, 2n), 10n ** 8n), threeMad: threeMad(fourMad), status: anomaly ? 'anomaly' : 'normal' };
}

const RULE = /^\|actual − median\| > 3 × MAD = (\d+\.\d{6}) and > 10\.000000; median and MAD of the trailing 28 days$/;

describe('anomalies day by day in a terminal: actual and expected each rounded once, the delta their difference', () => {
  it('the rule\'s text is the exact MAD\'s, rounded once; the verdict the rule on exact figures, strictly', () => {
    const rule = { madMultiplier: 3, madScale: 1, minDollars: 10 };
    // 4 × MAD = 0.0000140000: 3 × MAD = 0.0000105 exactly, half away from zero (the floats' high − median printed 0.000010).
    expect(halfWidthText(140_000n, rule)).toBe('0.000011');
    expect(halfWidthText(140_000n, { madMultiplier: 2.5, madScale: 1.4826 })).toBe('0.000013');
    // MAD 1.00 scaled by 1.4826, k 3: the range's edge is 4.4478 from the median; on it, not flagged; a unit past it, flagged.
    const scaled = { madMultiplier: 3, madScale: 1.4826, minDollars: 0 };
    expect([departsExactly(2n * 44_478_000_000n, 4n * 10n ** 10n, scaled), departsExactly(-2n * 44_478_000_001n, 4n * 10n ** 10n, scaled)]).toEqual([false, true]);
    // The minimum too: $10.00 exactly over the median is not flagged.
    expect([departsExactly(2n * 10n ** 11n, 0n, rule), departsExactly(2n * 10n ** 11n + 1n, 0n, rule)]).toEqual([false, true]);
    const verdict = judgeUnits([0n, 2n, 4n, 10n], 5n, rule);
    expect([verdict.twiceExpected, verdict.fourTimesMad]).toEqual([6n, 8n]);
  });

  describe('the real October and November 2018 CUR, 29 Oct – 27 Nov', () => {
    let printed: Row[];
    let sql: Map<string, Row>;
    let rules: Map<string, string>;
    beforeAll(async () => {
      const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
      const args = ['anomalies', '--as-of', '2018-11-27', '--days', '30', '--all'];
      const [table, csv] = await Promise.all([costlens(db, ...args, '--wide'), costlens(db, ...args, '--format', 'json')]);
      expect([table.code, csv.code], table.stderr + csv.stderr).toEqual([0, 0]);
      printed = terminalRows(table.stdout);
      rules = new Map((JSON.parse(csv.stdout) as Row[]).map((r) => [`${r.day}|${r.dimension}|${r.value}`, r.rule]));
      sql = await restated(db, '2018-10-01', '2018-10-29', '2018-11-28');
    }, 180_000);

    it('every row (360) shows SQL\'s spend and median in cents and their difference; 59 of them differ from the exact delta rounded alone', () => {
      expect(printed.length).toBe(360);
      let differ = 0;
      for (const r of printed) {
        const key = `${r.day}|${r.dimension}|${r.value}`;
        const s = shownBySql(sql.get(key)!);
        expect([cents(r.actual), cents(r.expected), cents(r.delta), r.status], key).toEqual([s.spend, s.median, s.delta, s.status]);
        if (s.deltaAlone !== s.delta) differ += 1;
      }
      expect(differ).toBe(59);
    });

    it('25 Nov, RDS: $0.01 − $29.94 = −$29.93 (before −$29.94); 23 Nov, account 836060457634: $48.26 − $150.62 = −$102.36 (before −$102.37)', () => {
      const cells = (day: string, value: string) => {
        const r = printed.find((p) => p.day === day && p.value === value)!;
        return [r.status, r.actual, r.expected, r.delta];
      };
      expect(cells('2018-11-25', 'Amazon Relational Database Service')).toEqual(['anomaly', '$0.01', '$29.94', '-$29.93']);
      expect(cells('2018-11-23', '836060457634')).toEqual(['anomaly', '$48.26', '$150.62', '-$102.36']);
      expect(['actual', 'twice_expected'].map((c) => sql.get('2018-11-25|service|Amazon Relational Database Service')![c])).toEqual(['0.0074837240', '59.8884172496']);
      expect(['actual', 'twice_expected'].map((c) => sql.get('2018-11-23|account|836060457634')![c])).toEqual(['48.2578901919', '301.2470286376']);
    });

    it('every row\'s rule says 3 × MAD from the exact MAD, rounded once (6 Nov, S3: 0.0019575 → 0.001958; before 0.001957)', () => {
      for (const [key, rule] of rules) expect(RULE.exec(rule)?.[1], key).toBe(shownBySql(sql.get(key)!).threeMad);
      expect(sql.get('2018-11-06|service|Amazon Simple Storage Service')!.four_mad).toBe('0.0026100000');
      expect(RULE.exec(rules.get('2018-11-06|service|Amazon Simple Storage Service')!)![1]).toBe('0.001958');
      expect(RULE.exec(rules.get('2018-10-29|service|CloudWatch Events')!)![1]).toBe('0.000011');
    });
  });

  describe('the demo organisation', () => {
    let db: string;
    beforeAll(async () => {
      db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    }, 300_000);

    it('20 Oct 2026, checkout-prod (826243960925): $104.55 − $74.54 = $30.01 (before $30.02, the exact 30.0167756497 rounded alone)', async () => {
      const run = await costlens(db, 'anomalies', '--as-of', '2026-10-20', '--days', '1', '--all', '--by', 'account', '--wide');
      expect(run.code, run.stderr).toBe(0);
      const printed = terminalRows(run.stdout);
      const sql = await restated(db, '2026-09-22', '2026-10-20', '2026-10-21');
      for (const r of printed) {
        const s = shownBySql(sql.get(`${r.day}|account|${r.value}`)!);
        expect([cents(r.actual), cents(r.expected), cents(r.delta), r.status], r.value).toEqual([s.spend, s.median, s.delta, s.status]);
      }
      const checkout = printed.find((r) => r.value === '826243960925')!;
      expect([checkout.name, checkout.status, checkout.actual, checkout.expected, checkout.delta]).toEqual(['checkout-prod', 'anomaly', '$104.55', '$74.54', '$30.01']);
      expect(sql.get('2026-10-20|account|826243960925')!.actual).toBe('104.5527978180');
    });

    it('2 Oct 2026, S3: 3 × MAD = 3.6161895 exactly, printed 3.616190 (before 3.616189)', async () => {
      const run = await costlens(db, 'anomalies', '--as-of', '2026-10-02', '--days', '1', '--all', '--by', 'service', '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      const s3 = (JSON.parse(run.stdout) as Row[]).find((r) => r.value === 'Amazon Simple Storage Service')!;
      const sql = await restated(db, '2026-09-04', '2026-10-02', '2026-10-03');
      expect(sql.get('2026-10-02|service|Amazon Simple Storage Service')!.four_mad).toBe('4.8215860000');
      expect(RULE.exec(s3.rule)![1]).toBe('3.616190');
    });
  });
});
