/**
 * The figures a weekly report compares: a total against last week and the average of the weeks
 * before, and the rows of a cut that moved most.
 */
import { divideRounded } from '../lib/money.ts';
import { topMovers } from './cuts.ts';
import type { CutRow, TotalFigures } from './model.ts';
import { compare } from './money.ts';

/** This week, last week, and the mean of the earlier weeks' rounded totals (half away from zero). */
export function totalFigures(current: bigint, previous: bigint, earlier: bigint[]): TotalFigures {
  const n = BigInt(earlier.length);
  let average: bigint | null = null;
  if (n > 0n) average = divideRounded(earlier.reduce((s, x) => s + x, 0n), n);
  return { ...compare(current, previous), average, averageWeeks: earlier.length, vsAverage: average === null ? null : compare(current, average) };
}

/** A cut's top `n` movers (cuts.ts topMovers), named by its dimension. */
export function moversOf(dimension: string, rows: CutRow[], n: number): { dimension: string; rows: CutRow[] } {
  return { dimension, rows: topMovers(rows, n) };
}
