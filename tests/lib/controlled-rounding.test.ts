/**
 * Largest remainder, and controlled rounding of a table (src/lib/controlled-rounding.ts): rows and
 * columns both add up, each cell the floor or ceiling of its exact amount, checked from the exact
 * table alone (tests/helpers/controlled-rounding-checks.ts); the flow it rounds on. Grouped tables:
 * controlled-rounding-grouped.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { controlledRounding, floorRatio, largestRemainder, roundFlow, type Ratio } from '../../src/lib/controlled-rounding.ts';
import { adjacent, c, distance, exactSum, expectControlled, q, sum } from '../helpers/controlled-rounding-checks.ts';
import { prng } from '../helpers/prng.ts';

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

  it('for 300 random small tables with column groups: the largest-remainder totals at every level whenever any rounding has them, and the groups\' whenever any has those', () => {
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
      // The groups' totals come first: whenever a rounding within a step of every cell and row has them, they are kept.
      let groupsFeasible = false;
      for (let mask = 0; mask < 2 ** free.length && !groupsFeasible; mask++) {
        const rounded = cells.map((row) => row.map((x) => (x === null ? null : floorRatio(x))));
        free.forEach(({ i, j }, k) => { if (mask & (1 << k)) rounded[i][j]! += 1n; });
        groupsFeasible = rounded.every((row, i) => adjacent(sum(row.filter((x): x is bigint => x !== null)), rowExact[i]))
          && members.every((m, h) => sum(m.flatMap((j) => rounded.flatMap((row) => (row[j] === null ? [] : [row[j]!])))) === wantGroups[h]);
      }
      if (groupsFeasible) expect(r.columnGroupTotals, `trial ${trial}`).toEqual(wantGroups);
    }
  });

  it('when the rows\' and the column groups\' totals cannot both hold, keeps the groups\' (the real October 2018 bill\'s EffectiveCost by cost_center)', () => {
    // In cents: Cost001, Cost002, Cost004, Cost005, Cost006 in the tag column (group 0, tagged), (untagged) in the untagged one
    // (group 1). Rows by largest remainder: the 5 cents the floors leave go to .958, .890, .755, .726 and .69998 (Cost006) before
    // (untagged)'s .68135: 3,609.28. Groups: 58,666.6702958 and 360,928.6813531 → the cent to untagged (.68 > .03): 360,929,
    // as tag coverage shows it. Untagged is one row, so a tagged row gives its cent back: the least remainder, Cost006.
    const cells = [[c('26261.89025659'), null], [c('26115.72608014'), null], [c('920.75521884'), null], [c('1414.95820005'), null],
      [c('3953.69982298'), null], [null, c('360928.68135319')]];
    expect(largestRemainder(cells.map((row) => row[0] ?? row[1]!), 419596n)).toEqual([26262n, 26116n, 921n, 1415n, 3954n, 360928n]);
    const r = controlledRounding(cells, { columnGroups: [0, 1] });
    expectControlled(cells, r, [0, 1]);
    expect(r.columnGroupTotals).toEqual([58667n, 360929n]);
    expect(r.rowTotals).toEqual([26262n, 26116n, 921n, 1415n, 3953n, 360929n]);
  });

  // Its speed is not asserted here (tests never assert on wall time): a loaded machine took over a second.
  it('rounds a table of 400 rows by 8 columns, rows and columns adding up', () => {
    const random = prng(7);
    const cells = Array.from({ length: 400 }, () => Array.from({ length: 8 }, () => q(Math.floor(random() * 1e7), 997)));
    expectControlled(cells, controlledRounding(cells));
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
