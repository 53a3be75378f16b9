/**
 * `costlens anomalies --by-day` / `--all` in a terminal: the day's actual and expected are each
 * rounded once to the cent and the delta shown is their difference, so the row adds up as it reads
 * (csv and json keep the exact decimals). Before, each money cell was rounded on its own, and on
 * the real 2018 CUR 59 of the 360 rows of 29 Oct – 27 Nov did not add up, 7 of them anomalies:
 *  - 25 Nov, RDS: $0.01 − $29.94 printed a delta of −$29.94 (exact −29.9367249008), now −$29.93;
 *  - 23 Nov, account 836060457634: $48.26 − $150.62 printed −$102.37 (exact −102.3656241269), now −$102.36;
 *  - the demo, 20 Oct 2026, checkout-prod: $104.55 − $74.54 printed $30.02 (exact 30.0167756497), now $30.01.
 * Each row's rule text (`3 × MAD = …`) is the exact MAD's, rounded once to 6 decimals (trailing
 * zeros dropped: `3.61619`, `6`; before `3.616190`, `6.000000`): before that, it
 * was the floats' high − median, a digit low on exact ties (real 6 Nov, S3: 3 × MAD = 0.0019575
 * printed 0.001957, now 0.001958; the demo, 2 Oct 2026, S3: 3.6161895 printed 3.616189, now
 * 3.61619), and the verdict is the rule on the exact figures. The MAD and the range (mad, low,
 * high) are exact too: in json and csv each is rounded once to 10 decimals (as actual, expected and
 * delta) from the exact median and MAD; in the terminal the MAD is rounded once to the cent and the
 * range is the shown expected ∓ 3 × MAD rounded once, so it is symmetric about what the row shows.
 * Before, they were floats printed to 6 decimals, and in the terminal each was rounded alone:
 *  - real 2 Nov, CloudWatch Events: mad 0.000003, low 0.000000, high 0.000020; exactly 0.0000035,
 *    −0.0000005 and 0.0000205 (30 of the real CUR's figures and 8 of the demo's were a millionth low);
 *  - real 25 Nov, RDS: expected $29.94 between $29.94 and $29.95, now $29.93 and $29.95 (3 × MAD $0.01);
 *  - the FOCUS sample, 30 Sep 2024, VPC: a MAD of 0.0049999981 printed 0.005000 and then $0.01, now $0.00.
 * Every figure is restated by SQL on line_items (usage lines, per UTC charge day).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { departsExactly, halfWidthText, judgeUnits, ruleFigures } from '../../src/analyze/anomalies/index.ts';
import { cachedDemoStore, cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_NOV_2018, REAL_OCT_2018, costlens, sqlRows } from '../helpers/cli.ts';
import { judgedDaysCtes } from '../helpers/anomaly-judged-sql.ts';
import { parseCsvRecords } from '../helpers/csv.ts';

type Row = Record<string, string>;

/** `-12.3456789012` (DuckDB's DECIMAL text) → units of 1e-10. */
const units = (text: string): bigint => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 10n ** 10n + BigInt(fraction.padEnd(10, '0'));
  return text.startsWith('-') ? -value : value;
};
/** `n ÷ d` (d > 0) to the nearest integer, half away from zero. */
const rounded = (n: bigint, d: bigint): bigint => (n < 0n ? -1n : 1n) * (((n < 0n ? -n : n) * 2n + d) / (2n * d));
/** Units → 10-decimal text, `-0.0000005000`. */
const text = (u: bigint): string => {
  const digits = (u < 0n ? -u : u).toString().padStart(11, '0');
  return `${u < 0n ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`;
};
/** `$1,234.56` / `-$29.93` (a terminal money cell) → cents. */
const cents = (cell: string): bigint => BigInt(cell.replace(/[$,.]/g, ''));
/** 3 × MAD from four times the MAD (units), to 6 decimals, half away from zero, without trailing zeros (`6`, not `6.000000`). */
const threeMad = (fourMad: bigint): string => {
  const micros = rounded(3n * fourMad, 4n * 10n ** 4n);
  const fraction = String(micros % 10n ** 6n).padStart(6, '0').replace(/0+$/, '');
  return `${micros / 10n ** 6n}${fraction ? `.${fraction}` : ''}`;
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

/** The rule's MAD and range as json and csv print them: each rounded once to 10 decimals from SQL's exact median and MAD (k = 3). */
function exactFiguresBySql(s: Row): Row {
  const [twiceMedian, fourMad] = [units(s.twice_expected), units(s.four_mad)];
  return { mad: text(rounded(fourMad, 4n)), low: text(rounded(2n * twiceMedian - 3n * fourMad, 4n)), high: text(rounded(2n * twiceMedian + 3n * fourMad, 4n)) };
}

/** The same in a terminal, in cents: the MAD rounded once; the range the shown median ∓ 3 × MAD rounded once. */
function shownFiguresBySql(s: Row) {
  const [twiceMedian, fourMad] = [units(s.twice_expected), units(s.four_mad)];
  const median = rounded(rounded(twiceMedian, 2n), 10n ** 8n);
  const halfWidth = rounded(3n * fourMad, 4n * 10n ** 8n);
  return { mad: rounded(fourMad, 4n * 10n ** 8n), low: median - halfWidth, high: median + halfWidth };
}

const RULE = /^\|actual − median\| > 3 × MAD = (\d+(?:\.\d{0,5}[1-9])?) and > 10\.00; median and MAD of the trailing 28 days$/;

describe('anomalies day by day in a terminal: actual and expected each rounded once, the delta their difference', () => {
  it('the rule\'s text and figures are the exact MAD\'s, each rounded once; the verdict the rule on exact figures, strictly', () => {
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
    // Median 3 units, MAD 2: 3 × MAD 6, the range −3 … 9 units.
    expect(ruleFigures(6n, 8n, rule, 10)).toEqual({ mad: 2n, halfWidth: 6n, low: -3n, high: 9n });
    // Median $1.00 and raw MAD $1.00 with k 2.5 and the scale 1.4826: MAD 1.4826, 2.5 × MAD 3.7065, the range −2.7065 … 4.7065, each rounded once.
    const scaledRule = { madMultiplier: 2.5, madScale: 1.4826 };
    expect(ruleFigures(2n * 10n ** 10n, 4n * 10n ** 10n, scaledRule, 10)).toEqual({ mad: 14_826_000_000n, halfWidth: 37_065_000_000n, low: -27_065_000_000n, high: 47_065_000_000n });
    expect(ruleFigures(2n * 10n ** 10n, 4n * 10n ** 10n, scaledRule, 2)).toEqual({ mad: 148n, halfWidth: 371n, low: -271n, high: 471n });
    // A median of half a unit (twice 1) and 4 × MAD of 1 unit: MAD ¼, 3 × MAD ¾; the range −¼ … 1¼ rounds once to 0 and 1 unit.
    expect(ruleFigures(1n, 1n, rule, 10)).toEqual({ mad: 0n, halfWidth: 1n, low: 0n, high: 1n });
  });

  describe('the real October and November 2018 CUR, 29 Oct – 27 Nov', () => {
    let printed: Row[];
    let sql: Map<string, Row>;
    let json: Map<string, Row>;
    let rules: Map<string, string>;
    beforeAll(async () => {
      const db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
      const args = ['anomalies', '--as-of', '2018-11-27', '--days', '30', '--all'];
      const [table, exact] = await Promise.all([costlens(db, ...args, '--wide'), costlens(db, ...args, '--format', 'json')]);
      expect([table.code, exact.code], table.stderr + exact.stderr).toEqual([0, 0]);
      printed = terminalRows(table.stdout);
      json = new Map((JSON.parse(exact.stdout) as Row[]).map((r) => [`${r.day}|${r.dimension}|${r.value}`, r]));
      rules = new Map([...json].map(([key, r]) => [key, r.rule]));
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

    it('every row\'s mad, low and high: in json SQL\'s exact figures rounded once to 10 decimals, in the terminal the MAD in cents and the shown expected ∓ 3 × MAD', () => {
      expect(json.size).toBe(360);
      for (const [key, r] of json) expect([r.mad, r.low, r.high], key).toEqual(Object.values(exactFiguresBySql(sql.get(key)!)));
      for (const r of printed) {
        const key = `${r.day}|${r.dimension}|${r.value}`;
        const s = shownFiguresBySql(sql.get(key)!);
        expect([cents(r.mad), cents(r.low), cents(r.high)], key).toEqual([s.mad, s.low, s.high]);
        expect(cents(r.high) - cents(r.expected), key).toBe(cents(r.expected) - cents(r.low));
      }
    });

    it('2 Nov, CloudWatch Events: mad 0.0000035000, low −0.0000005000, high 0.0000205000 (before the floats 0.000003, 0.000000, 0.000020)', () => {
      const key = '2018-11-02|service|CloudWatch Events';
      expect(['twice_expected', 'four_mad'].map((c) => sql.get(key)![c])).toEqual(['0.0000200000', '0.0000140000']);
      const r = json.get(key)!;
      expect([r.expected, r.mad, r.low, r.high]).toEqual(['0.0000100000', '0.0000035000', '-0.0000005000', '0.0000205000']);
      expect(RULE.exec(r.rule)![1]).toBe('0.000011');
    });

    it('25 Nov, RDS: expected $29.94 between $29.93 and $29.95, 3 × MAD = 0.0058221 rounded once to $0.01 (before $29.94 and $29.95, each rounded alone)', () => {
      const r = printed.find((p) => p.day === '2018-11-25' && p.value === 'Amazon Relational Database Service')!;
      expect([r.expected, r.mad, r.low, r.high]).toEqual(['$29.94', '$0.00', '$29.93', '$29.95']);
      expect(sql.get('2018-11-25|service|Amazon Relational Database Service')!.four_mad).toBe('0.0077628000');
    });
  });

  it('the FOCUS sample, 30 Sep 2024, VPC: a MAD of 0.0049999981 shows $0.00 (before $0.01: the float\'s 0.005000 rounded again), the range $0.01 ∓ $0.01', async () => {
    const db = await cachedStore([[REAL_FOCUS]]);
    const args = ['anomalies', '--as-of', '2024-09-30', '--days', '1', '--all', '--by', 'service', '--include-provisional'];
    const [table, exact] = await Promise.all([costlens(db, ...args, '--wide'), costlens(db, ...args, '--format', 'csv')]);
    expect([table.code, exact.code], table.stderr + exact.stderr).toEqual([0, 0]);
    const sql = await restated(db, '2024-09-02', '2024-09-30', '2024-10-01');
    const vpc = '2024-09-30|service|Amazon Virtual Private Cloud';
    expect(['twice_expected', 'four_mad'].map((c) => sql.get(vpc)![c])).toEqual(['0.0100000000', '0.0199999924']);
    const [columns, ...records] = parseCsvRecords(exact.stdout);
    const csv = records.map((cells) => Object.fromEntries(cells.map((cell, i) => [columns[i], cell])) as Row);
    expect(csv.length).toBe([...sql.values()].filter((r) => r.dimension === 'service').length);
    for (const r of csv) expect([r.mad, r.low, r.high], r.value).toEqual(Object.values(exactFiguresBySql(sql.get(`${r.day}|service|${r.value}`)!)));
    expect(Object.values(exactFiguresBySql(sql.get(vpc)!))).toEqual(['0.0049999981', '-0.0099999943', '0.0199999943']);
    const shown = terminalRows(table.stdout).find((r) => r.value === 'Amazon Virtual Private Cloud')!;
    expect([shown.expected, shown.mad, shown.low, shown.high]).toEqual(['$0.01', '$0.00', '$0.00', '$0.02']);
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

    it('2 Oct 2026, S3: 3 × MAD = 3.6161895 exactly, printed 3.61619 (before 3.616190, and before that 3.616189); MAD 1.2053965000 (before the float\'s 1.205396)', async () => {
      const run = await costlens(db, 'anomalies', '--as-of', '2026-10-02', '--days', '1', '--all', '--by', 'service', '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      const s3 = (JSON.parse(run.stdout) as Row[]).find((r) => r.value === 'Amazon Simple Storage Service')!;
      const sql = await restated(db, '2026-09-04', '2026-10-02', '2026-10-03');
      expect(sql.get('2026-10-02|service|Amazon Simple Storage Service')!.four_mad).toBe('4.8215860000');
      expect(RULE.exec(s3.rule)![1]).toBe('3.61619');
      const figures = exactFiguresBySql(sql.get('2026-10-02|service|Amazon Simple Storage Service')!);
      expect([s3.mad, s3.low, s3.high]).toEqual(Object.values(figures));
      expect(figures.mad).toBe('1.2053965000');
    });
  });
});
