/**
 * Rounds a network's exact flows to whole steps that are still conserved at every node: the
 * least-cost such rounding (src/lib/controlled-rounding-costs.ts) by successive shortest paths
 * from the preferred start (src/lib/controlled-rounding-paths.ts). Such a rounding always exists:
 * the exact flows are a fractional flow within their floors and ceilings, and a network's flow
 * polytope has whole-number corners.
 */
import { CostlensError } from '../errors.ts';
import { upCosts } from './controlled-rounding-costs.ts';
import type { RoundingNetwork } from './controlled-rounding-network.ts';
import { initialPotentials, PathSearch, residualArcs } from './controlled-rounding-paths.ts';
import { floorRatio, sumRatios, type Ratio } from './controlled-rounding-ratio.ts';

/**
 * Rounds every arc's flow to its floor or its ceiling so that flow is conserved at every node and
 * `total` leaves the source, keeping as many preferences as it can (lowest level first), then each
 * arc as near its exact flow as possible, then giving equal remainders' steps to earlier arcs.
 * Returns each arc's whole steps, in the arcs' order. Exact flows that are not conserved, or a total
 * that is not the floor or the ceiling of the exact flow out of the source, are internal errors.
 */
export function roundFlow(network: RoundingNetwork): bigint[] {
  const { nodes, source, sink, total, arcs } = network;
  const lo = arcs.map((a) => floorRatio(a.exact));
  const hi = arcs.map((a, i) => (a.exact.num % a.exact.den === 0n ? lo[i] : lo[i] + 1n));
  checkConserved(network, lo, hi);
  const cost = upCosts(arcs, lo);
  const isUp = (i: number, value: bigint | undefined) => value !== undefined && value === hi[i] && hi[i] !== lo[i];
  const cheapest = (i: number) => hi[i] !== lo[i] && cost[i] < 0n;
  let up = arcs.map((a, i) => (a.start !== undefined ? isUp(i, a.start) : a.prefer ? isUp(i, a.prefer.value) : cheapest(i)));
  let potential = initialPotentials(nodes, arcs, lo, hi, up, cost);
  if (!potential) {
    up = arcs.map((_, i) => cheapest(i));
    potential = new Array<bigint>(nodes).fill(0n);
  }

  // Excess at each node: what flows in minus what flows out (the sink sends `total` back to the source).
  const excess = new Array<bigint>(nodes).fill(0n);
  excess[source] += total;
  excess[sink] -= total;
  arcs.forEach((a, i) => {
    const flow = up[i] ? hi[i] : lo[i];
    excess[a.to] += flow;
    excess[a.from] -= flow;
  });
  const search = new PathSearch(nodes, residualArcs(nodes, arcs, lo, hi), arcs, up, cost, potential);
  const starts = new Set<number>();
  const ends = new Set<number>();
  excess.forEach((e, n) => (e > 0n ? starts.add(n) : e < 0n ? ends.add(n) : undefined));
  while (starts.size > 0) {
    const path = search.cheapest(starts, ends);
    if (!path) throw new CostlensError('internal', 'controlled rounding: no rounding of the flows within a step adds up (the exact flows do not)');
    for (const i of path.arcs) up[i] = !up[i];
    if (--excess[path.from] === 0n) starts.delete(path.from);
    if (++excess[path.to] === 0n) ends.delete(path.to);
  }
  return arcs.map((_, i) => (up[i] ? hi[i] : lo[i]));
}

/** Throws unless the exact flows are conserved, `total` is a rounding of theirs, and every preference and start is a rounding of its arc. */
function checkConserved(network: RoundingNetwork, lo: bigint[], hi: bigint[]): void {
  const { nodes, source, sink, total, arcs } = network;
  const net = Array.from({ length: nodes }, () => [] as Ratio[]);
  arcs.forEach((a) => {
    net[a.to].push(a.exact);
    net[a.from].push({ num: -a.exact.num, den: a.exact.den });
  });
  for (let n = 0; n < nodes; n++) {
    if (n !== source && n !== sink && sumRatios(net[n]).num !== 0n) {
      throw new CostlensError('internal', `controlled rounding: the exact flows are not conserved at node ${n}`);
    }
  }
  const out = sumRatios(net[source]);
  const exactTotal: Ratio = { num: -out.num, den: out.den };
  const floor = floorRatio(exactTotal);
  if (total !== floor && !(total === floor + 1n && exactTotal.num % exactTotal.den !== 0n)) {
    throw new CostlensError('internal', `controlled rounding: a total of ${total} steps is not the floor or the ceiling of the exact total`);
  }
  arcs.forEach((a, i) => {
    if (a.prefer && a.prefer.value !== lo[i] && a.prefer.value !== hi[i]) throw new CostlensError('internal', `controlled rounding: arc ${i} prefers ${a.prefer.value}, not its floor or ceiling`);
    if (a.start !== undefined && a.start !== lo[i] && a.start !== hi[i]) throw new CostlensError('internal', `controlled rounding: arc ${i} starts at ${a.start}, not its floor or ceiling`);
  });
}
