/**
 * The figures a weekly report compares: a total against last week and the average of the weeks
 * before, and the rows of a cut that moved most.
 */
import { type Exact, sumExact } from '../analyze/attribution/index.ts';
import { divideRounded } from '../lib/money.ts';
import { topMovers } from './cuts.ts';
import type { Cents } from './cuts.ts';
import type { CutRow, TotalFigures } from './model.ts';
import { compare } from './money.ts';

/** One measure of a week's total: its cents as shown, and the exact amount they round. */
interface ShownAmount {
  cents: bigint;
  exact: Exact;
}

/** The `measure` of `cents` as {@link totalFigures} takes it. */
export function shownOf(cents: Cents, measure: 'billed' | 'effective'): ShownAmount {
  return { cents: cents[measure], exact: cents.exact[measure] };
}

/**
 * This week, last week, and the mean of the earlier weeks' rounded totals (half away from zero); each
 * change in percent of the exact amounts (money.ts, compare), against the average of the exact mean.
 */
export function totalFigures(current: ShownAmount, previous: ShownAmount, earlier: ShownAmount[]): TotalFigures {
  const n = BigInt(earlier.length);
  let average: bigint | null = null;
  if (n > 0n) average = divideRounded(earlier.reduce((s, x) => s + x.cents, 0n), n);
  const exactMean = (): Exact => {
    const sum = sumExact(earlier.map((x) => x.exact));
    return { num: sum.num, den: sum.den * n };
  };
  return {
    ...compare(current.cents, previous.cents, { current: current.exact, previous: previous.exact }),
    average,
    averageWeeks: earlier.length,
    vsAverage: average === null ? null : compare(current.cents, average, { current: current.exact, previous: exactMean() }),
  };
}

/** A cut's top `n` movers (cuts.ts topMovers), named by its dimension. */
export function moversOf(dimension: string, rows: CutRow[], n: number): { dimension: string; rows: CutRow[] } {
  return { dimension, rows: topMovers(rows, n) };
}
