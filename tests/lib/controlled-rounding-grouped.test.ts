/**
 * Controlled rounding of a grouped table (`--by` rows within a value): the groups add up to the
 * groups' table rounded on its own, the rows to the groups cell by cell, and the columns; a
 * table's own rounding: controlled-rounding.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { controlledRounding } from '../../src/lib/controlled-rounding.ts';
import { c, exactSum, expectControlled, q, sum } from '../helpers/controlled-rounding-checks.ts';
import { prng } from '../helpers/prng.ts';

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

