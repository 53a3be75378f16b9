/**
 * How tests/lib/controlled-rounding*.test.ts write exact amounts and check a controlled rounding
 * from the exact table alone (src/lib/controlled-rounding.ts): each promise restated here.
 */
import { expect } from 'vitest';
import { floorRatio, roundRatio, type Ratio, type RoundedTable } from '../../src/lib/controlled-rounding.ts';

/** An amount in cents from decimal cents text (`'0.6'` → 0.6 of a cent). */
export const c = (text: string): Ratio => {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const den = 10n ** BigInt(fraction.length);
  const num = BigInt(whole + fraction);
  return { num: text.startsWith('-') ? -num : num, den };
};
/** An exact amount num ÷ den. */
export const q = (num: number, den: number): Ratio => ({ num: BigInt(num), den: BigInt(den) });

/** The sum of whole numbers. */
export const sum = (xs: readonly bigint[]): bigint => xs.reduce((s, x) => s + x, 0n);
/** The exact sum of amounts. */
export const exactSum = (xs: readonly Ratio[]): Ratio => xs.reduce((s, x) => ({ num: s.num * x.den + x.num * s.den, den: s.den * x.den }), q(0, 1));
/** Whether a whole number is the floor or the ceiling of an exact amount (the amount itself when it is whole). */
/** True when `x` is `a` rounded down or, when `a` is not whole, up. */
export const adjacent = (x: bigint, a: Ratio) => x === floorRatio(a) || (a.num % a.den !== 0n && x === floorRatio(a) + 1n);

/** Every promise of a controlled rounding, checked from the exact table alone (and its column groups). */
export function expectControlled(cells: (Ratio | null)[][], r: RoundedTable, columnGroups?: number[]): void {
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
export const distance = (cells: (Ratio | null)[][], rounded: (bigint | null)[][]): number =>
  cells.reduce((s, row, i) => s + row.reduce((t, a, j) => (a === null ? t : t + Math.abs(Number(rounded[i][j]!) - Number(a.num) / Number(a.den))), 0), 0);
