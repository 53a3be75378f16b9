import { describe, expect, it } from 'vitest';
import {
  controlledRounding, floorRatio, largestRemainder, roundFlow, roundRatio, type Ratio, type RoundedTable,
} from '../../src/lib/controlled-rounding.ts';
import { prng } from '../helpers/prng.ts';

/** An amount in cents from decimal cents text (`'0.6'` → 0.6 of a cent). */
const c = (text: string): Ratio => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const den = 10n ** BigInt(fraction.length);
  const num = BigInt(whole + fraction);
  return { num: text.startsWith('-') ? -num : num, den };
};
const q = (num: number, den: number): Ratio => ({ num: BigInt(num), den: BigInt(den) });

const sum = (xs: readonly bigint[]) => xs.reduce((s, x) => s + x, 0n);
const exactSum = (xs: readonly Ratio[]): Ratio => xs.reduce((s, x) => ({ num: s.num * x.den + x.num * s.den, den: s.den * x.den }), q(0, 1));
/** Whether a whole number is the floor or the ceiling of an exact amount (the amount itself when it is whole). */
const adjacent = (x: bigint, a: Ratio) => x === floorRatio(a) || (a.num % a.den !== 0n && x === floorRatio(a) + 1n);

/** Every promise of a controlled rounding, checked from the exact table alone (and its column groups). */
function expectControlled(cells: (Ratio | null)[][], r: RoundedTable, columnGroups?: number[]) {
  const columns = Math.max(0, ...cells.map((row) => row.length));
  const rowExact = cells.map((row) => exactSum(row.filter((x): x is Ratio => x !== null)));
  const columnExact = Array.from({ length: columns }, (_, j) => exactSum(cells.flatMap((row) => (row[j] ? [row[j]!] : []))));
  expect(r.total).toBe(roundRatio(exactSum(rowExact)));
  cells.forEach((row, i) => row.forEach((x, j) => {
    if (x === null) expect(r.cells[i][j]).toBeNull();
    else expect(adjacent(r.cells[i][j]!, x), `cell ${i},${j}`).toBe(true);
  }));
  r.rowTotals.forEach((t, i) => {
    expect(adjacent(t, rowExact[i]), `row ${i}`).toBe(true);
    expect(sum(r.cells[i].filter((x): x is bigint => x !== null))).toBe(t);
  });
  r.columnTotals.forEach((t, j) => {
    expect(adjacent(t, columnExact[j]), `column ${j}`).toBe(true);
    expect(sum(r.cells.flatMap((row) => (row[j] === null || row[j] === undefined ? [] : [row[j]!])))).toBe(t);
  });
  expect(sum(r.rowTotals)).toBe(r.total);
  expect(sum(r.columnTotals)).toBe(r.total);
  if (columnGroups) {
    r.columnGroupTotals.forEach((t, h) => {
      const members = columnGroups.flatMap((g, j) => (g === h ? [j] : []));
      expect(adjacent(t, exactSum(members.map((j) => columnExact[j]))), `column group ${h}`).toBe(true);
      expect(sum(members.map((j) => r.columnTotals[j]))).toBe(t);
    });
    expect(sum(r.columnGroupTotals)).toBe(r.total);
  } else {
    expect(r.columnGroupTotals).toEqual([]);
  }
}

/** |x − a| summed over the cells, as a float (for comparing roundings of the same table). */
const distance = (cells: (Ratio | null)[][], rounded: (bigint | null)[][]) =>
  cells.reduce((s, row, i) => s + row.reduce((t, a, j) => (a === null ? t : t + Math.abs(Number(rounded[i][j]!) - Number(a.num) / Number(a.den))), 0), 0);

describe('largest remainder', () => {
  it('gives the missing steps to the largest remainders, equal remainders to the earlier amount', () => {
    expect(largestRemainder([q(1, 3), q(1, 3), q(1, 3)], 1n)).toEqual([1n, 0n, 0n]);
    expect(largestRemainder([c('1000.4'), c('0.7'), c('0.9')], 1002n)).toEqual([1000n, 1n, 1n]);
    expect(largestRemainder([c('-1.5'), c('2'), c('-0.4')], 0n)).toEqual([-2n, 2n, 0n]);
    expect(() => largestRemainder([c('0.5')], 2n)).toThrow('cannot make 1 amounts add up to 2');
  });
});

describe('controlled rounding of a table: rows and columns both add up', () => {
  it('rounds the attribution case the per-row rounding got wrong: the column (pool) keeps its cents', () => {
    // Two values, a tag column and a tax pool of exactly 1.00 cent split ½ : ½. Rows 10.25 + 0.5 and 20.25 + 0.5
    // (10.75, 20.75; total 31.5 → 32): rows by largest remainder 11 and 21 (tie: the first, then the second). Rounded
    // each on its own, both rows give their extra cent to the pool's ½ (remainder ½ > ¼): the pool shows 2 of its 1.
    const cells = [[c('10.25'), c('0.5')], [c('20.25'), c('0.5')]];
    const perRow = cells.map((row, i) => largestRemainder(row, [11n, 21n][i]));
    expect(perRow).toEqual([[10n, 1n], [20n, 1n]]);
    const r = controlledRounding(cells);
    expectControlled(cells, r);
    expect(r).toEqual({ cells: [[11n, 0n], [20n, 1n]], rowTotals: [11n, 21n], columnTotals: [31n, 1n], columnGroupTotals: [], total: 32n });
  });

  it('keeps a per-row rounding that already adds up by columns, ties and all', () => {
    // Support 1.00 split evenly over three values plus whole tags: rows 60.333…, 30.333…, 10.333… (101 cents in all).
    const third = q(1, 3);
    const cells = [[c('60'), third], [c('30'), third], [c('10'), third]];
    const r = controlledRounding(cells);
    expect(r.cells).toEqual([[60n, 1n], [30n, 0n], [10n, 0n]]);
    expect(r.rowTotals).toEqual([61n, 30n, 10n]);
  });

  it('when the rows\' and the columns\' largest-remainder totals cannot both hold, moves one column total and keeps every row', () => {
    // Row 0 is 0.6 in column 0 only; row 1 is 0.3 in column 0 and 0.91 in each of columns 1–10 (total 10.0).
    // Rows by largest remainder: 1 and 9; columns: 0.9 → 0 and each 0.91 → 1. Row 0 needs its cent in column 0,
    // which would have none: no rounding within a cent meets both, so one column total gives its cent to column 0
    // (the columns of 0.91 tie: the last gives it, as equal remainders keep their cents in the earlier ones).
    const cells = [[c('0.6'), ...Array(10).fill(null)], [c('0.3'), ...Array(10).fill(c('0.91'))]];
    expect(largestRemainder([c('0.6'), c('9.4')], 10n)).toEqual([1n, 9n]);
    expect(largestRemainder([c('0.9'), ...Array(10).fill(c('0.91'))], 10n)).toEqual([0n, ...Array(10).fill(1n)]);
    const r = controlledRounding(cells);
    expectControlled(cells, r);
    expect(r.rowTotals).toEqual([1n, 9n]);
    expect(r.columnTotals).toEqual([1n, ...Array(9).fill(1n), 0n]);
    expect(r.cells[0][0]).toBe(1n);
  });

  it('when the columns\' totals are whole and forced, moves the fewest row totals', () => {
    // Column 0 is exactly 1 cent (½ + ½ from rows 0 and 1); rows 2 and 3 are 0.45 each. Rows by largest remainder
    // would be 1, 1, 0, 0 (total 1.9 → 2), but rows 0 and 1 can only take their cent from column 0, which has one.
    const cells = [[c('0.5'), null, null], [c('0.5'), null, null], [null, c('0.45'), null], [null, null, c('0.45')]];
    const r = controlledRounding(cells);
    expectControlled(cells, r);
    expect(r.columnTotals).toEqual([1n, 1n, 0n]);
    expect(r.rowTotals).toEqual([1n, 0n, 1n, 0n]);
  });

  it('handles credits, whole cells that must stay, empty rows and a given total', () => {
    const cells = [[c('-1.5'), c('2'), c('-0.4')], [c('0.5'), null, c('-0.5')], [null, null, null]];
    const r = controlledRounding(cells);
    expectControlled(cells, r);
    expect(r.cells[0][1]).toBe(2n);
    expect(r.rowTotals[2]).toBe(0n);
    const high = controlledRounding([[c('0.4'), c('0.4')]], { total: 1n });
    expect(high.total).toBe(1n);
    expect(high.cells).toEqual([[1n, 0n]]);
    expect(() => controlledRounding([[c('0.4'), c('0.4')]], { total: 2n })).toThrow('cannot make 1 amounts add up to 2');
    expect(controlledRounding([])).toEqual({ cells: [], rowTotals: [], columnTotals: [], columnGroupTotals: [], total: 0n });
  });

  it('for 300 random small tables: every promise holds, the largest-remainder totals whenever any rounding has them, and no rounding with them is nearer', () => {
    const random = prng(20261206);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(random() * 4);
      const columns = 1 + Math.floor(random() * 4);
      const cells: (Ratio | null)[][] = Array.from({ length: rows }, () => Array.from({ length: columns }, () => {
        const pick = random();
        if (pick < 0.15) return null;
        if (pick < 0.25) return q(Math.floor(random() * 5) - 1, 1);
        return q(Math.floor((random() - 0.2) * 3000), [2, 3, 4, 7, 10, 100][Math.floor(random() * 6)]);
      }));
      const r = controlledRounding(cells);
      expectControlled(cells, r);
      // Brute force over every rounding of the fractional cells: which keep the largest-remainder totals?
      const rowExact = cells.map((row) => exactSum(row.filter((x): x is Ratio => x !== null)));
      const columnExact = Array.from({ length: columns }, (_, j) => exactSum(cells.flatMap((row) => (row[j] ? [row[j]!] : []))));
      const wantRows = largestRemainder(rowExact, r.total);
      const wantColumns = largestRemainder(columnExact, r.total);
      const free = cells.flatMap((row, i) => row.flatMap((x, j) => (x && x.num % x.den !== 0n ? [{ i, j }] : [])));
      let best: number | null = null;
      for (let mask = 0; mask < 2 ** free.length; mask++) {
        const rounded = cells.map((row) => row.map((x) => (x === null ? null : floorRatio(x))));
        free.forEach(({ i, j }, k) => { if (mask & (1 << k)) rounded[i][j]! += 1n; });
        const rowsOk = rounded.every((row, i) => sum(row.filter((x): x is bigint => x !== null)) === wantRows[i]);
        const columnsOk = wantColumns.every((t, j) => sum(rounded.flatMap((row) => (row[j] === null ? [] : [row[j]!]))) === t);
        if (rowsOk && columnsOk) best = Math.min(best ?? Infinity, distance(cells, rounded));
      }
      if (best !== null) {
        expect(r.rowTotals, `trial ${trial}`).toEqual(wantRows);
        expect(r.columnTotals, `trial ${trial}`).toEqual(wantColumns);
        expect(distance(cells, r.cells)).toBeLessThanOrEqual(best + 1e-9);
      }
    }
  });

  it('column groups: the groups\' totals are the largest remainder of the groups, each column\'s of its group\'s total', () => {
    // The demo's February 2025 by method, in cents: tag, alias, untagged, shared:tax, shared:support. On their own the
    // columns round to 357252 + 842053 + 168885 + 59761 + 125773 (untagged's .544 beats alias's .475 for the one cent
    // the total 1553724.399 → 1553724 leaves). Grouped as tag coverage classes (tagged = tag + alias, untagged, shared),
    // tagged's .855 beats untagged's .544: tagged 1199306 and untagged 168884, as `--coverage period` shows them, and
    // within tagged the cent goes to alias (.475 > .380).
    const row = [c('357252.37969234'), c('842053.47510429'), c('168884.54440152'), c('59761'), c('125773')];
    expect(controlledRounding([row]).columnTotals).toEqual([357252n, 842053n, 168885n, 59761n, 125773n]);
    const grouped = controlledRounding([row], { columnGroups: [0, 0, 2, 1, 1] });
    expectControlled([row], grouped, [0, 0, 2, 1, 1]);
    expect(grouped.columnGroupTotals).toEqual([1199306n, 185534n, 168884n]);
    expect(grouped.columnTotals).toEqual([357252n, 842054n, 168884n, 59761n, 125773n]);
    expect(grouped.total).toBe(1553724n);
  });

  it('for 300 random small tables with column groups: the largest-remainder totals at every level whenever any rounding has them', () => {
    const random = prng(4242);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(random() * 3);
      const columns = 2 + Math.floor(random() * 3);
      const columnGroups = Array.from({ length: columns }, (_, j) => (j === 0 ? 0 : Math.floor(random() * 2) + (j > 1 ? 1 : 0)));
      const renumber = [...new Set(columnGroups)].sort((a, b) => a - b);
      const groupOf = columnGroups.map((g) => renumber.indexOf(g));
      const cells: (Ratio | null)[][] = Array.from({ length: rows }, () => Array.from({ length: columns }, () =>
        (random() < 0.1 ? null : q(Math.floor((random() - 0.2) * 3000), [2, 3, 4, 7, 100][Math.floor(random() * 5)]))));
      const r = controlledRounding(cells, { columnGroups: groupOf });
      expectControlled(cells, r, groupOf);
      const rowExact = cells.map((row) => exactSum(row.filter((x): x is Ratio => x !== null)));
      const columnExact = Array.from({ length: columns }, (_, j) => exactSum(cells.flatMap((row) => (row[j] ? [row[j]!] : []))));
      const groups = renumber.length;
      const members = Array.from({ length: groups }, (_, h) => groupOf.flatMap((g, j) => (g === h ? [j] : [])));
      const wantRows = largestRemainder(rowExact, r.total);
      const wantGroups = largestRemainder(members.map((m) => exactSum(m.map((j) => columnExact[j]))), r.total);
      const wantColumns = new Array<bigint>(columns);
      members.forEach((m, h) => largestRemainder(m.map((j) => columnExact[j]), wantGroups[h]).forEach((t, k) => (wantColumns[m[k]] = t)));
      const free = cells.flatMap((row, i) => row.flatMap((x, j) => (x && x.num % x.den !== 0n ? [{ i, j }] : [])));
      let feasible = false;
      for (let mask = 0; mask < 2 ** free.length && !feasible; mask++) {
        const rounded = cells.map((row) => row.map((x) => (x === null ? null : floorRatio(x))));
        free.forEach(({ i, j }, k) => { if (mask & (1 << k)) rounded[i][j]! += 1n; });
        feasible = rounded.every((row, i) => sum(row.filter((x): x is bigint => x !== null)) === wantRows[i])
          && wantColumns.every((t, j) => sum(rounded.flatMap((row) => (row[j] === null ? [] : [row[j]!]))) === t);
      }
      if (feasible) {
        expect(r.rowTotals, `trial ${trial}`).toEqual(wantRows);
        expect(r.columnGroupTotals, `trial ${trial}`).toEqual(wantGroups);
        expect(r.columnTotals, `trial ${trial}`).toEqual(wantColumns);
      }
    }
  });

  // Its speed is not asserted here (tests never assert on wall time): a loaded machine took over a second.
  it('rounds a table of 400 rows by 8 columns, rows and columns adding up', () => {
    const random = prng(7);
    const cells = Array.from({ length: 400 }, () => Array.from({ length: 8 }, () => q(Math.floor(random() * 1e7), 997)));
    expectControlled(cells, controlledRounding(cells));
  });
});

describe('controlled rounding of a grouped table (--by rows within a value)', () => {
  it('groups add up to the groups\' table rounded on its own, and rows to the groups cell by cell', () => {
    // Group 0 has two rows; group 1 one. Group 0's tax cell is ½ + ½ = 1 cent exactly: its rows must share it.
    const cells = [[c('10.25'), c('0.5')], [c('5.25'), c('0.5')], [c('20.4'), c('0.3')]];
    const groupOf = [0, 0, 1];
    const r = controlledRounding(cells, { rowGroups: groupOf });
    const alone = controlledRounding([[c('15.5'), c('1')], [c('20.4'), c('0.3')]]);
    expect(r.rowGroupTable!).toEqual(alone);
    expectControlled(cells, r);
    expect(r.cells[0][1]! + r.cells[1][1]!).toBe(1n);
    for (let g = 0; g < 2; g++) {
      for (let j = 0; j < 2; j++) {
        expect(sum(cells.flatMap((_, i) => (groupOf[i] === g ? [r.cells[i][j]!] : [])))).toBe(alone.cells[g][j]);
      }
    }
  });

  it('when the groups\' table leaves a row no cent it must have, moves the fewest column totals and keeps the groups\' totals', () => {
    // Group 0: row 0 is 0.7 + 0.7 (1.4, so 1 or 2), row 1 is 0.6 + 0.6 in two other columns (1.2: 1 or 2);
    // group 1 is 0.7 in a fifth column. Total 3.3 → 3; groups 2.6 and 0.7 → 2 and 1 (the larger remainder).
    // Columns 0.7, 0.7, 0.6, 0.6, 0.7 → 1, 1, 0, 0, 1. Alone, group 0's cells are forced to 1, 1, 0, 0: row 1 would
    // show 0 for 1.2. Within a cent everywhere, one of group 0's cents must move from column 0 or 1 to column 2 or 3:
    // the later of the tied columns gives it (1), the earlier takes it (2).
    const cells = [[c('0.7'), c('0.7'), null, null, null], [null, null, c('0.6'), c('0.6'), null], [null, null, null, null, c('0.7')]];
    const alone = controlledRounding([[c('0.7'), c('0.7'), c('0.6'), c('0.6'), null], [null, null, null, null, c('0.7')]]);
    expect(alone).toEqual({ cells: [[1n, 1n, 0n, 0n, null], [null, null, null, null, 1n]], rowTotals: [2n, 1n], columnTotals: [1n, 1n, 0n, 0n, 1n], columnGroupTotals: [], total: 3n });
    const r = controlledRounding(cells, { rowGroups: [0, 0, 1] });
    expectControlled(cells, r);
    expect(r.cells).toEqual([[1n, 0n, null, null, null], [null, null, 1n, 0n, null], [null, null, null, null, 1n]]);
    expect(r.rowTotals).toEqual([1n, 1n, 1n]);
    expect(r.rowGroupTable!).toEqual({ cells: [[1n, 0n, 1n, 0n, null], [null, null, null, null, 1n]], rowTotals: [2n, 1n], columnTotals: [1n, 0n, 1n, 0n, 1n], columnGroupTotals: [], total: 3n });
  });

  it('for 200 random grouped tables: rows, groups and columns all add up, almost always in the groups\' table of the groups alone', () => {
    const random = prng(99);
    const big = (_: string, v: unknown) => (typeof v === 'bigint' ? String(v) : v);
    let [sameCells, sameTotals] = [0, 0];
    for (let trial = 0; trial < 200; trial++) {
      const rows = 2 + Math.floor(random() * 8);
      const columns = 1 + Math.floor(random() * 4);
      const groupOf = Array.from({ length: rows }, (_, i) => (i === 0 ? 0 : Math.min(i, Math.floor(random() * 3))));
      const groups = new Set(groupOf).size;
      const renumber = [...new Set(groupOf)].sort((a, b) => a - b);
      const group = groupOf.map((g) => renumber.indexOf(g));
      const cells = Array.from({ length: rows }, () => Array.from({ length: columns }, () =>
        (random() < 0.2 ? null : q(Math.floor((random() - 0.1) * 5000), [2, 3, 8, 9, 100][Math.floor(random() * 5)]))));
      const r = controlledRounding(cells, { rowGroups: group });
      expectControlled(cells, r);
      const groupCells = Array.from({ length: groups }, (_, g) => Array.from({ length: columns }, (_, j) => {
        const present = cells.flatMap((row, i) => (group[i] === g && row[j] ? [row[j]!] : []));
        return present.length ? exactSum(present) : null;
      }));
      expectControlled(groupCells, r.rowGroupTable!);
      const alone = controlledRounding(groupCells);
      if (JSON.stringify(r.rowGroupTable!.rowTotals.concat(r.rowGroupTable!.columnTotals), big) === JSON.stringify(alone.rowTotals.concat(alone.columnTotals), big)) sameTotals++;
      if (JSON.stringify(r.rowGroupTable!.cells, big) === JSON.stringify(alone.cells, big)) sameCells++;
      for (let g = 0; g < groups; g++) {
        expect(sum(r.rowTotals.filter((_, i) => group[i] === g))).toBe(r.rowGroupTable!.rowTotals[g]);
        for (let j = 0; j < columns; j++) {
          if (groupCells[g][j]) expect(sum(cells.flatMap((_, i) => (group[i] === g && cells[i][j] ? [r.cells[i][j]!] : [])))).toBe(r.rowGroupTable!.cells[g][j]);
        }
      }
    }
    // The groups' table is that of the groups alone but in the rare tables where no rounding of the rows has it.
    expect([sameTotals, sameCells]).toEqual([200, 199]);
  });
});

describe('roundFlow', () => {
  it('replaces a start that is not of least cost by the nearest rounding, and finds the same answer', () => {
    // source 0 → rows 2, 3 → columns 4, 5 → sink 1. Row 2 is 0.9 + 0.1 (1), row 3 is 0.5 + 0.5 (1); columns 1.4 and 0.6.
    const network = (start?: [bigint, bigint, bigint, bigint]) => ({
      nodes: 6, source: 0, sink: 1, total: 2n,
      arcs: [
        { from: 0, to: 2, exact: c('1') }, { from: 0, to: 3, exact: c('1') },
        { from: 2, to: 4, exact: c('0.9'), start: start?.[0] }, { from: 2, to: 5, exact: c('0.1'), start: start?.[1] },
        { from: 3, to: 4, exact: c('0.5'), start: start?.[2] }, { from: 3, to: 5, exact: c('0.5'), start: start?.[3] },
        { from: 4, to: 1, exact: c('1.4') }, { from: 5, to: 1, exact: c('0.6') },
      ],
    });
    const best = roundFlow(network());
    expect(best).toEqual([1n, 1n, 1n, 0n, 0n, 1n, 1n, 1n]);
    // Starting with row 2's cent on its 0.1 and row 3's on column 4: a cycle of negative cost, so the start is dropped.
    expect(roundFlow(network([0n, 1n, 1n, 0n]))).toEqual(best);
  });


  it('refuses exact flows that are not conserved', () => {
    expect(() => roundFlow({ nodes: 3, source: 0, sink: 1, total: 1n, arcs: [{ from: 0, to: 2, exact: c('1') }, { from: 2, to: 1, exact: c('0.5') }] }))
      .toThrow('not conserved at node 2');
  });
});
