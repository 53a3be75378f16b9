/**
 * A comparison table in whole steps: each row's amount then, its amount now, and the change
 * between them, every column adding up to its total and every row's change the difference of its
 * two figures. Rounding each column on its own (largest remainder) makes both columns add up, but
 * a row's change, then the difference of two roundings, can be more than a step from its exact
 * change (an exact +72.50 read +72.49). Here the table is rounded as a whole — source → row (now)
 * → then column | change column → sink — so that every figure, the changes too, is the floor or
 * the ceiling of its exact amount (src/lib/controlled-rounding-flow.ts).
 */
import { roundFlow } from './controlled-rounding-flow.ts';
import { NetworkBuilder } from './controlled-rounding-network.ts';
import { floorRatio, sumRatios, type Ratio } from './controlled-rounding-ratio.ts';

/** One row of a comparison: its exact amounts, and the whole steps it shows when the changes allow. */
export interface ComparedRow {
  then: Ratio;
  now: Ratio;
  /** The figures preferred (e.g. each column's largest-remainder rounding): kept unless a change needs them to move. */
  shown: { then: bigint; now: bigint };
}

/**
 * Each row's figures then and now, in whole steps, so that the rows add up to `totals` in both
 * columns and each row's change (now − then) is the floor or the ceiling of its exact change, as
 * is every figure of its own amount. The preferred figures are kept when every change they make is
 * such a rounding; else the fewest figures move, rows' figures now before their figures then, and
 * each moved figure is as near its exact amount as it can be (ties: the earlier row). Null when
 * there is no such rounding: a preferred figure or a total that is not the floor or the ceiling of
 * its exact amount, or totals whose difference is not a rounding of the exact change of the total.
 */
export function roundComparison(rows: readonly ComparedRow[], totals: { then: bigint; now: bigint }): { then: bigint; now: bigint }[] | null {
  const changes = rows.map((r) => difference(r.now, r.then));
  const exact = { then: sumRatios(rows.map((r) => r.then)), now: sumRatios(rows.map((r) => r.now)) };
  if (!isRounding(totals.then, exact.then) || !isRounding(totals.now, exact.now) || !isRounding(totals.now - totals.then, difference(exact.now, exact.then))) return null;
  if (rows.some((r) => !isRounding(r.shown.then, r.then) || !isRounding(r.shown.now, r.now))) return null;
  if (rows.every((r, i) => isRounding(r.shown.now - r.shown.then, changes[i]))) return rows.map((r) => r.shown);

  const net = new NetworkBuilder();
  const source = net.node();
  const sink = net.node();
  const thenColumn = net.node();
  const changeColumn = net.node();
  const arcs = rows.map((r, i) => {
    const row = net.node();
    return {
      now: net.arc(source, row, r.now, r.shown.now, 1),
      then: net.arc(row, thenColumn, r.then, r.shown.then, 2),
      change: net.arc(row, changeColumn, changes[i]),
    };
  });
  const thenTotal = net.arc(thenColumn, sink, exact.then, totals.then, 0);
  net.arc(changeColumn, sink, difference(exact.now, exact.then));
  const flows = roundFlow({ nodes: net.nodes, source, sink, total: totals.now, arcs: net.arcs });
  if (flows[thenTotal] !== totals.then) return null;
  return arcs.map((a) => ({ then: flows[a.then], now: flows[a.now] }));
}

/** a − b, exactly. */
function difference(a: Ratio, b: Ratio): Ratio {
  return sumRatios([a, { num: -b.num, den: b.den }]);
}

/** Whether whole steps are the floor or the ceiling of an exact amount (the amount itself when it is whole). */
function isRounding(steps: bigint, exact: Ratio): boolean {
  const floor = floorRatio(exact);
  return steps === floor || (steps === floor + 1n && exact.num % exact.den !== 0n);
}
