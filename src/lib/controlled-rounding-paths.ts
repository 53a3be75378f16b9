/**
 * The shortest paths of controlled rounding's successive-shortest-path search: a rounding
 * network's residual arcs (each arc can move one step, up from its floor or down from its
 * ceiling), node potentials that keep their reduced costs non-negative, and Dijkstra over them.
 */
import { MinHeap } from './controlled-rounding-min-heap.ts';
import type { RoundingArc } from './controlled-rounding-network.ts';

/** A residual arc: one direction of a network arc that can move. */
export interface Residual {
  /** Arc index. */
  arc: number;
  /** The node the residual arc leads to. */
  to: number;
  /** Whether following it rounds the arc up (forward, from its floor) or down (backward, from its ceiling). */
  forward: boolean;
}

/** Both directions of every arc that can move, by the node they leave (only one is open at a time). */
export function residualArcs(nodes: number, arcs: readonly RoundingArc[], lo: bigint[], hi: bigint[]): Residual[][] {
  const out = Array.from({ length: nodes }, () => [] as Residual[]);
  arcs.forEach((a, i) => {
    if (lo[i] === hi[i]) return;
    out[a.from].push({ arc: i, to: a.to, forward: true });
    out[a.to].push({ arc: i, to: a.from, forward: false });
  });
  return out;
}

/**
 * Node potentials that make every open residual arc's reduced cost non-negative (Bellman–Ford from
 * a virtual root), or null when the start holds a negative cycle (it was not of least cost).
 */
export function initialPotentials(nodes: number, arcs: readonly RoundingArc[], lo: bigint[], hi: bigint[], up: boolean[], cost: bigint[]): bigint[] | null {
  const potential = new Array<bigint>(nodes).fill(0n);
  const open: { from: number; to: number; cost: bigint }[] = [];
  arcs.forEach((a, i) => {
    if (lo[i] === hi[i]) return;
    open.push(up[i] ? { from: a.to, to: a.from, cost: -cost[i] } : { from: a.from, to: a.to, cost: cost[i] });
  });
  const byFrom = Array.from({ length: nodes }, () => [] as typeof open);
  for (const r of open) byFrom[r.from].push(r);
  const queue: number[] = [];
  const queued = new Array<boolean>(nodes).fill(true);
  const relaxed = new Array<number>(nodes).fill(0);
  for (let n = 0; n < nodes; n++) queue.push(n);
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head];
    queued[u] = false;
    for (const r of byFrom[u]) {
      const d = potential[u] + r.cost;
      if (d < potential[r.to]) {
        potential[r.to] = d;
        if (++relaxed[r.to] > nodes) return null;
        if (!queued[r.to]) {
          queued[r.to] = true;
          queue.push(r.to);
        }
      }
    }
  }
  return potential;
}

/**
 * Dijkstra on reduced costs over the open residual arcs, its arrays kept from one search to the
 * next (a search stamps the nodes it labels, so none has to be cleared).
 */
export class PathSearch {
  private readonly dist: bigint[];
  private readonly via: (Residual | null)[];
  private readonly labelled: Int32Array;
  private readonly settled: Int32Array;
  private round = 0;

  constructor(
    nodes: number,
    private readonly residual: Residual[][],
    private readonly arcs: readonly RoundingArc[],
    private readonly up: boolean[],
    private readonly cost: bigint[],
    private readonly potential: bigint[],
  ) {
    this.dist = new Array<bigint>(nodes).fill(0n);
    this.via = new Array<Residual | null>(nodes).fill(null);
    this.labelled = new Int32Array(nodes);
    this.settled = new Int32Array(nodes);
  }

  /**
   * The cheapest path from a node with excess (`starts`) to a node short of flow (`ends`), every
   * start labelled with its real distance 0 and every end leading to one virtual end; then moves
   * the potentials so that reduced costs stay non-negative once the path is flipped.
   */
  cheapest(starts: ReadonlySet<number>, ends: ReadonlySet<number>): { from: number; to: number; arcs: number[] } | null {
    const { dist, via, labelled, settled, residual, up, cost, potential } = this;
    const round = ++this.round;
    const heap = new MinHeap();
    const label = (v: number, d: bigint, from: Residual | null) => {
      dist[v] = d;
      via[v] = from;
      labelled[v] = round;
      heap.push(d, v);
    };
    for (const n of starts) label(n, -potential[n], null);
    let endPotential: bigint | null = null;
    for (const n of ends) if (endPotential === null || potential[n] < endPotential) endPotential = potential[n];
    if (endPotential === null) return null;
    // The virtual end's potential is the least of the ends', so the arcs into it cost ≥ 0 reduced.
    const reached: number[] = [];
    let best: { node: number; label: bigint } | null = null;
    while (heap.size > 0) {
      const { key, node: u } = heap.pop();
      if (best && key >= best.label) break;
      if (settled[u] === round || key !== dist[u]) continue;
      settled[u] = round;
      reached.push(u);
      if (ends.has(u)) {
        const end = key + potential[u] - endPotential;
        if (best === null || end < best.label) best = { node: u, label: end };
      }
      for (const r of residual[u]) {
        if (r.forward === up[r.arc]) continue; // closed: forward needs the floor, backward the ceiling
        const d = key + (r.forward ? cost[r.arc] : -cost[r.arc]) + potential[u] - potential[r.to];
        if (labelled[r.to] !== round || d < dist[r.to]) label(r.to, d, r);
      }
    }
    if (!best) return null;
    // π(v) += min(dist(v), cap) − cap: the usual update less a shift common to every node.
    const cap = best.label;
    for (const v of reached) if (dist[v] < cap) potential[v] += dist[v] - cap;
    const path: number[] = [];
    let node = best.node;
    while (via[node]) {
      const r = via[node]!;
      path.push(r.arc);
      node = r.forward ? this.arcs[r.arc].from : this.arcs[r.arc].to;
    }
    return { from: node, to: best.node, arcs: path };
  }
}

