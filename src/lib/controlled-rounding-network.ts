/**
 * A rounding network: nodes, and arcs that carry exact flows (in steps) conserved at every node
 * but the source and the sink, each with the rounding it prefers and where the search starts
 * (src/lib/controlled-rounding-flow.ts rounds them); and a builder that numbers them.
 */
import type { Ratio } from './controlled-rounding-ratio.ts';

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

/** Collects the nodes and arcs of a rounding network. */
export class NetworkBuilder {
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
