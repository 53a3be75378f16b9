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
 * first it keeps the preferred totals (the largest-remainder ones: column groups', rows', columns'), then each
 * cell as near its exact amount as the totals allow, then equal remainders give their step to the
 * earlier cell ({@link controlledRounding}).
 *
 * This module is the public entry (import from here): the table rounding, and re-exported from its
 * parts, the amounts (controlled-rounding-ratio.ts), largest remainder
 * (controlled-rounding-largest-remainder.ts), a comparison's then, now and change rounded together
 * (controlled-rounding-comparison.ts) and the network rounding (controlled-rounding-flow.ts, over
 * -network.ts, -costs.ts, -paths.ts and -min-heap.ts).
 */
import { CostlensError } from '../errors.ts';
import { roundFlow } from './controlled-rounding-flow.ts';
import { largestRemainder } from './controlled-rounding-largest-remainder.ts';
import { NetworkBuilder } from './controlled-rounding-network.ts';
import { roundRatio, sumRatios, type Ratio } from './controlled-rounding-ratio.ts';

export { roundComparison, type ComparedRow } from './controlled-rounding-comparison.ts';
export { roundFlow } from './controlled-rounding-flow.ts';
export { largestRemainder } from './controlled-rounding-largest-remainder.ts';
export type { RoundingArc, RoundingNetwork } from './controlled-rounding-network.ts';
export { floorRatio, roundRatio, sumRatios, type Ratio } from './controlled-rounding-ratio.ts';

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
const LEVEL = { columnGroups: 0, rowsOrGroups: 1, columns: 2, groupCells: 3, rowsInGroups: 4 } as const;

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
 * totals, the rows' (or row groups') totals, and last the column groups' totals: a column group is
 * a total another table shows on its own (attribution's methods grouped as tag coverage's classes,
 * which `--coverage period` rounds from the grand total alone), so a row gives up its cent first.
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
