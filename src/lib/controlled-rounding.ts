/**
 * Controlled rounding: whole steps (cents) for exact amounts that add up in more than one
 * direction. A table's cells add up along its rows and along its columns; rounding each row's cells
 * to the row's total on their own (largest remainder) leaves the columns a cent or two off their
 * totals, and the other way round. Here the table is a flow — source → row → cell → column → sink,
 * with rows within groups and columns within groups as further layers — and every amount in it
 * (cell, row, column and group totals) is rounded to its floor or its ceiling so that the flow is
 * still conserved at every node and the grand total is the exact one rounded once, half away from
 * zero. Such a rounding always exists: the exact amounts are a fractional flow within those bounds,
 * and a network's flow polytope has whole-number corners (Causey, Cox and Ernst 1985; Cox,
 * "A constructive procedure for unbiased controlled rounding", 1987). Whole amounts stay as they are.
 *
 * Among the roundings, the one chosen is of least cost (successive shortest paths, {@link roundFlow}):
 * first it keeps the preferred totals (the largest-remainder ones, rows before columns), then each
 * cell as near its exact amount as the totals allow, then equal remainders give their step to the
 * earlier cell ({@link controlledRounding}).
 */
import { CostlensError } from '../errors.ts';
import { divideRounded } from './money.ts';
import { descending } from './order.ts';

/** An exact amount in steps (e.g. cents): `num / den`, den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** The largest whole number of steps not above the amount. */
export function floorRatio(r: Ratio): bigint {
  const q = r.num / r.den;
  return r.num % r.den !== 0n && r.num < 0n ? q - 1n : q;
}

/** The amount rounded to whole steps, half away from zero (money's one rounding rule). */
export function roundRatio(r: Ratio): bigint {
  return divideRounded(r.num, r.den);
}

/** a + b, exactly (not reduced). */
function addRatio(a: Ratio, b: Ratio): Ratio {
  return a.den === b.den ? { num: a.num + b.num, den: a.den } : { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

/** The exact sum of amounts (reduced by their common factors as it goes, so denominators stay small). */
export function sumRatios(amounts: readonly Ratio[]): Ratio {
  let total: Ratio = { num: 0n, den: 1n };
  for (const a of amounts) {
    const s = addRatio(total, a);
    const g = gcd(s.num, s.den);
    total = g > 1n ? { num: s.num / g, den: s.den / g } : s;
  }
  return total;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * Largest-remainder apportionment: whole steps, each the floor of its amount or one more, that sum
 * to exactly `target`. The extra steps go to the largest remainders; equal remainders go to the
 * earlier amount, so callers decide ties by the order they pass. A target the floors cannot reach
 * that way (below their sum, or more than one step per amount above it) is an internal error.
 */
export function largestRemainder(amounts: readonly Ratio[], target: bigint): bigint[] {
  const parts = amounts.map((a, index) => {
    const floor = floorRatio(a);
    return { index, floor, remainder: a.num - floor * a.den, den: a.den };
  });
  const missing = target - parts.reduce((s, p) => s + p.floor, 0n);
  if (missing < 0n || missing > BigInt(parts.length)) {
    throw new CostlensError('internal', `apportion: cannot make ${amounts.length} amounts add up to ${target} (floors leave ${missing})`);
  }
  const order = [...parts].sort((x, y) => {
    const l = x.remainder * y.den;
    const r = y.remainder * x.den;
    return descending(l, r) || x.index - y.index;
  });
  const result = parts.map((p) => p.floor);
  for (let i = 0; i < Number(missing); i++) result[order[i].index] += 1n;
  return result;
}

/** One arc of a rounding network: its exact flow, and the rounding it should take when the others allow. */
export interface RoundingArc {
  from: number;
  to: number;
  /** The exact flow, in steps. */
  exact: Ratio;
  /**
   * The preferred rounding (the floor or the ceiling of `exact`) and its priority: a preference of a
   * lower level is never given up to keep any number of preferences of higher levels.
   */
  prefer?: { value: bigint; level: number };
  /**
   * Where the search starts (the floor or the ceiling; default the preferred rounding, else the
   * nearest). Starting from the answer to most of the problem (e.g. each row's cells rounded to the
   * row's total) leaves few steps to move; a start that is not of least cost for its own sums is
   * detected and replaced by the default.
   */
  start?: bigint;
}

/** A network whose exact flow is conserved at every node but `source` and `sink`. */
export interface RoundingNetwork {
  nodes: number;
  source: number;
  sink: number;
  /** The whole steps that flow from source to sink (the grand total: its floor or its ceiling). */
  total: bigint;
  arcs: readonly RoundingArc[];
}

/** Steps of the nearness cost: a remainder is compared to 2⁻⁶⁴ of a step. */
const NEAR_BITS = 64n;

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

/**
 * The cost of taking an arc's ceiling rather than its floor, one bigint ordered lexicographically:
 * each preference level (+1 when it prefers the floor, −1 the ceiling), then nearness
 * (1 − 2 × remainder, to 2⁻⁶⁴), then the arc's index (earlier arcs are cheaper to round up).
 * The weight of each part exceeds whatever all lower parts can add up to over every arc.
 */
function upCosts(arcs: readonly RoundingArc[], lo: bigint[]): bigint[] {
  const count = BigInt(arcs.length);
  const levels = [...new Set(arcs.flatMap((a) => (a.prefer ? [a.prefer.level] : [])))].sort((a, b) => b - a);
  let bound = count * count;
  const nearWeight = bound + 1n;
  bound += count * (2n << NEAR_BITS) * nearWeight;
  const levelWeight = new Map<number, bigint>();
  for (const level of levels) {
    const weight = bound + 1n;
    levelWeight.set(level, weight);
    bound += count * weight;
  }
  return arcs.map((a, i) => {
    const remainder = a.exact.num - lo[i] * a.exact.den;
    const scaled = (remainder << NEAR_BITS) / a.exact.den;
    const near = (1n << NEAR_BITS) - 2n * scaled;
    const preference = a.prefer ? (a.prefer.value === lo[i] ? 1n : -1n) * levelWeight.get(a.prefer.level)! : 0n;
    return preference + near * nearWeight + BigInt(i);
  });
}

interface Residual {
  /** Arc index. */
  arc: number;
  /** The node the residual arc leads to. */
  to: number;
  /** Whether following it rounds the arc up (forward, from its floor) or down (backward, from its ceiling). */
  forward: boolean;
}

/** Both directions of every arc that can move, by the node they leave (only one is open at a time). */
function residualArcs(nodes: number, arcs: readonly RoundingArc[], lo: bigint[], hi: bigint[]): Residual[][] {
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
function initialPotentials(nodes: number, arcs: readonly RoundingArc[], lo: bigint[], hi: bigint[], up: boolean[], cost: bigint[]): bigint[] | null {
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
class PathSearch {
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

/** A binary min-heap of (bigint key, node); ties pop the smaller node first. */
class MinHeap {
  private keys: bigint[] = [];
  private nodes: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: bigint, node: number): void {
    this.keys.push(key);
    this.nodes.push(node);
    let i = this.keys.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): { key: bigint; node: number } {
    const top = { key: this.keys[0], node: this.nodes[0] };
    const lastKey = this.keys.pop()!;
    const lastNode = this.nodes.pop()!;
    if (this.keys.length > 0) {
      this.keys[0] = lastKey;
      this.nodes[0] = lastNode;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.keys.length && this.less(l, m)) m = l;
        if (r < this.keys.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.nodes[a] < this.nodes[b]);
  }
  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.nodes[a], this.nodes[b]] = [this.nodes[b], this.nodes[a]];
  }
}

/** A table rounded so that it adds up every way. */
export interface RoundedTable {
  /** Whole steps per cell (null cells stay null). */
  cells: (bigint | null)[][];
  rowTotals: bigint[];
  columnTotals: bigint[];
  /** With `columnGroups`: each group's total, which its columns add up to (else empty). */
  columnGroupTotals: bigint[];
  total: bigint;
  /** With `rowGroups`: the groups' table (a group's rows summed cell by cell), which the rows add up to. */
  rowGroupTable?: RoundedTable;
}

/** How {@link controlledRounding} groups a table, and its grand total. */
export interface ControlledRoundingOptions {
  /** The grand total in steps: the floor or the ceiling of the exact total (default: the exact total rounded half away from zero). */
  total?: bigint;
  /**
   * Row i's group (0 … groups − 1, every group with a row), e.g. the --by rows of one tag value: a
   * group's rows add up, cell by cell, to the groups' table, which is rounded first, as this
   * function rounds it without `rowGroups` (so it is the rounding of the groups on their own).
   */
  rowGroups?: readonly number[];
  /**
   * Column j's group (0 … groups − 1, every group with a column), e.g. the methods that make up a
   * class: a group's columns add up to the group's total, and the groups' totals to the grand total.
   */
  columnGroups?: readonly number[];
}

/** Preference levels, most important first: a level is never given up to keep any number of later ones. */
const LEVEL = { rowsOrGroups: 0, columnGroups: 1, columns: 2, groupCells: 3, rowsInGroups: 4 } as const;

/**
 * Controlled rounding of a table of exact amounts (rows × columns, in steps; null for a cell that
 * does not exist): every figure — cell, row total, column total, group total — becomes its floor or
 * its ceiling, every row adds up to its total, every column to its, and each set of totals to the
 * grand total, which is the exact one rounded once, half away from zero (or `options.total`).
 *
 * Where the cells allow it (almost always) the totals are the largest-remainder ones: the rows' (or
 * the row groups') of the grand total; the column groups' of the grand total and each column's of
 * its group's total (or the columns' of the grand total); a grouped row's of its group's total.
 * Ties go to the earlier row or column. Within those totals each cell is as near its exact amount
 * as it can be, equal remainders giving their step to the earlier cell (a row's cells start from
 * their largest-remainder rounding to the row's total, so a per-row rounding that already adds up
 * by columns is kept as it is). When no rounding within a step has all of those totals, the fewest
 * move to their other rounding, in this order: grouped rows' totals, the groups' cells, column
 * totals, column groups' totals, and last the rows' (or row groups') totals.
 */
export function controlledRounding(cells: readonly (readonly (Ratio | null)[])[], options: ControlledRoundingOptions = {}): RoundedTable {
  const columns = cells.reduce((n, row) => Math.max(n, row.length), 0);
  const cell = (i: number, j: number): Ratio | null => cells[i][j] ?? null;
  const rowExact = cells.map((_, i) => sumRatios(presentIn(columns, (j) => cell(i, j))));
  const columnExact = Array.from({ length: columns }, (_, j) => sumRatios(presentIn(cells.length, (i) => cell(i, j))));
  const total = options.total ?? roundRatio(sumRatios(rowExact));
  const columnGroups = options.columnGroups ? groupIndex(options.columnGroups, columns, 'column') : null;
  const rowGroups = options.rowGroups ? groupIndex(options.rowGroups, cells.length, 'row') : null;

  // The groups' table first, as it is rounded on its own; rows that are their groups' only rows are that table.
  let groupTable: RoundedTable | null = null;
  if (rowGroups) {
    const groupCells = rowGroups.members.map((members) => Array.from({ length: columns }, (_, j) => {
      const present = members.flatMap((i) => (cell(i, j) ? [cell(i, j)!] : []));
      return present.length > 0 ? sumRatios(present) : null;
    }));
    groupTable = controlledRounding(groupCells, { total, columnGroups: options.columnGroups });
    if (rowGroups.members.every((m) => m.length === 1)) {
      const g = rowGroups.of;
      return {
        cells: cells.map((_, i) => groupTable!.cells[g[i]]), rowTotals: cells.map((_, i) => groupTable!.rowTotals[g[i]]),
        columnTotals: groupTable.columnTotals, columnGroupTotals: groupTable.columnGroupTotals, total, rowGroupTable: groupTable,
      };
    }
  }

  // Preferred totals: largest remainder, top down.
  const columnGroupExact = columnGroups ? columnGroups.members.map((members) => sumRatios(members.map((j) => columnExact[j]))) : [];
  const columnGroupTotals = groupTable ? groupTable.columnGroupTotals : columnGroups ? largestRemainder(columnGroupExact, total) : [];
  const columnTotals = groupTable ? groupTable.columnTotals : columnGroups ? withinGroups(columnGroups, columnExact, columnGroupTotals, columns) : largestRemainder(columnExact, total);
  const rowTotals = groupTable && rowGroups ? withinGroups(rowGroups, rowExact, groupTable.rowTotals, cells.length) : largestRemainder(rowExact, total);
  if (groupTable && rowGroups) {
    // Each group's rows on their own first (small and quick); the whole network only when a group
    // cannot keep its cells of the groups' table.
    const local = roundGroupsAlone(cells, columns, rowGroups, groupTable, rowExact, rowTotals);
    if (local) return { cells: local.cells, rowTotals: local.rowTotals, columnTotals, columnGroupTotals, total, rowGroupTable: groupTable };
  }

  // The network: source → (row group →) row → cell → ((group, column) →) column → (column group →) sink.
  const net = new NetworkBuilder();
  const source = net.node();
  const sink = net.node();
  const groupNodes = rowGroups ? rowGroups.members.map(() => net.node()) : [];
  const rowNodes = cells.map(() => net.node());
  const sumNodes = rowGroups ? rowGroups.members.map(() => Array.from({ length: columns }, () => net.node())) : [];
  const columnNodes = Array.from({ length: columns }, () => net.node());
  const columnGroupNodes = columnGroups ? columnGroups.members.map(() => net.node()) : [];

  const groupArcs = groupTable && rowGroups
    ? rowGroups.members.map((members, g) => net.arc(source, groupNodes[g], sumRatios(members.map((i) => rowExact[i])), groupTable!.rowTotals[g], LEVEL.rowsOrGroups))
    : [];
  const rowArcs = cells.map((_, i) => (rowGroups
    ? net.arc(groupNodes[rowGroups.of[i]], rowNodes[i], rowExact[i], rowTotals[i], LEVEL.rowsInGroups)
    : net.arc(source, rowNodes[i], rowExact[i], rowTotals[i], LEVEL.rowsOrGroups)));
  const cellArcs = cells.map((_, i) => {
    const present = presentIndexes(columns, (j) => cell(i, j));
    const start = largestRemainder(present.map((j) => cell(i, j)!), rowTotals[i]);
    const arcs: (number | null)[] = new Array(columns).fill(null);
    present.forEach((j, k) => {
      arcs[j] = net.arc(rowNodes[i], rowGroups ? sumNodes[rowGroups.of[i]][j] : columnNodes[j], cell(i, j)!, undefined, undefined, start[k]);
    });
    return arcs;
  });
  const sumArcs = groupTable && rowGroups
    ? rowGroups.members.map((members, g) => Array.from({ length: columns }, (_, j) => {
      const present = members.flatMap((i) => (cell(i, j) ? [cell(i, j)!] : []));
      return present.length > 0 ? net.arc(sumNodes[g][j], columnNodes[j], sumRatios(present), groupTable!.cells[g][j]!, LEVEL.groupCells) : null;
    }))
    : [];
  const columnArcs = columnExact.map((exact, j) => (columnGroups
    ? net.arc(columnNodes[j], columnGroupNodes[columnGroups.of[j]], exact, columnTotals[j], LEVEL.columns)
    : net.arc(columnNodes[j], sink, exact, columnTotals[j], LEVEL.columns)));
  const columnGroupArcs = columnGroupExact.map((exact, h) => net.arc(columnGroupNodes[h], sink, exact, columnGroupTotals[h], LEVEL.columnGroups));

  const flows = roundFlow({ nodes: net.nodes, source, sink, total, arcs: net.arcs });
  const flow = (k: number | null) => (k === null ? null : flows[k]);
  const rounded: RoundedTable = {
    cells: cellArcs.map((row) => row.map(flow)),
    rowTotals: rowArcs.map((k) => flows[k]),
    columnTotals: columnArcs.map((k) => flows[k]),
    columnGroupTotals: columnGroupArcs.map((k) => flows[k]),
    total,
  };
  if (groupTable) {
    rounded.rowGroupTable = {
      cells: sumArcs.map((row) => row.map(flow)),
      rowTotals: groupArcs.map((k) => flows[k]),
      columnTotals: rounded.columnTotals,
      columnGroupTotals: rounded.columnGroupTotals,
      total,
    };
  }
  return rounded;
}

/**
 * Each group's rows rounded on their own: columns held to the group's cells in the groups' table
 * (first), rows preferring their largest-remainder totals; null when some group cannot hold them.
 */
function roundGroupsAlone(
  cells: readonly (readonly (Ratio | null)[])[], columns: number, rowGroups: Groups, groupTable: RoundedTable, rowExact: readonly Ratio[], rowTotals: readonly bigint[],
): { cells: (bigint | null)[][]; rowTotals: bigint[] } | null {
  const rounded: (bigint | null)[][] = cells.map(() => new Array<bigint | null>(columns).fill(null));
  const totals = [...rowTotals];
  for (const [g, members] of rowGroups.members.entries()) {
    const net = new NetworkBuilder();
    const source = net.node();
    const sink = net.node();
    const columnNodes = Array.from({ length: columns }, () => net.node());
    const rowArcs = members.map((i) => {
      const row = net.node();
      const present = presentIndexes(columns, (j) => cells[i][j] ?? null);
      const start = largestRemainder(present.map((j) => cells[i][j]!), rowTotals[i]);
      const cellArcs = present.map((j, k) => ({ j, arc: net.arc(row, columnNodes[j], cells[i][j]!, undefined, undefined, start[k]) }));
      return { i, arc: net.arc(source, row, rowExact[i], rowTotals[i], 1), cellArcs };
    });
    const columnArcs = columnNodes.map((node, j) => {
      const present = members.flatMap((i) => (cells[i][j] ? [cells[i][j]!] : []));
      return present.length > 0 ? { j, arc: net.arc(node, sink, sumRatios(present), groupTable.cells[g][j]!, 0) } : null;
    });
    const flows = roundFlow({ nodes: net.nodes, source, sink, total: groupTable.rowTotals[g], arcs: net.arcs });
    if (columnArcs.some((c) => c !== null && flows[c.arc] !== groupTable.cells[g][c.j])) return null;
    for (const { i, arc, cellArcs } of rowArcs) {
      totals[i] = flows[arc];
      for (const { j, arc: k } of cellArcs) rounded[i][j] = flows[k];
    }
  }
  return { cells: rounded, rowTotals: totals };
}

function presentIndexes(count: number, at: (k: number) => Ratio | null): number[] {
  return Array.from({ length: count }, (_, k) => k).filter((k) => at(k) !== null);
}

function presentIn(count: number, at: (k: number) => Ratio | null): Ratio[] {
  return presentIndexes(count, at).map((k) => at(k)!);
}

interface Groups {
  of: readonly number[];
  members: number[][];
}

function groupIndex(of: readonly number[], count: number, what: string): Groups {
  if (of.length !== count) throw new CostlensError('internal', `controlled rounding: ${of.length} ${what} groups for ${count} ${what}s`);
  const groups = of.reduce((n, g) => Math.max(n, g + 1), 0);
  const members = Array.from({ length: groups }, () => [] as number[]);
  of.forEach((g, k) => members[g].push(k));
  if (members.some((m) => m.length === 0)) throw new CostlensError('internal', `controlled rounding: a ${what} group has no ${what}`);
  return { of, members };
}

/** Each member's largest-remainder rounding to its group's total. */
function withinGroups(groups: Groups, exact: readonly Ratio[], groupTotals: readonly bigint[], count: number): bigint[] {
  const result = new Array<bigint>(count);
  groups.members.forEach((members, g) => largestRemainder(members.map((k) => exact[k]), groupTotals[g]).forEach((t, n) => (result[members[n]] = t)));
  return result;
}

/** Collects the nodes and arcs of a rounding network. */
class NetworkBuilder {
  nodes = 0;
  readonly arcs: RoundingArc[] = [];
  node(): number {
    return this.nodes++;
  }
  arc(from: number, to: number, exact: Ratio, prefer?: bigint, level?: number, start?: bigint): number {
    this.arcs.push({ from, to, exact, ...(prefer !== undefined ? { prefer: { value: prefer, level: level! } } : {}), ...(start !== undefined ? { start } : {}) });
    return this.arcs.length - 1;
  }
}
