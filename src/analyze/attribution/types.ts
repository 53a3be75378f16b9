/**
 * What tag attribution returns (attribute.ts): per billing period, one row per tag value (and --by
 * value) with its BilledCost and EffectiveCost in exact amounts and cents, its parts by method, and
 * the shared pools split among the values.
 */
import type { PeriodDays } from '../charged-days.ts';
import type { Exact } from './cents.ts';
import type { ResolvedKey } from './keys.ts';
import type { CentsPair, PeriodPostedFees } from './posted.ts';
import type { AttributionMethod, AttributionRange } from './spend.ts';

export type CostMeasure = 'billed' | 'effective';
export const COST_MEASURES: readonly CostMeasure[] = ['billed', 'effective'];

export interface AttributeOptions {
  /** The tag key to attribute by (as the config names it, or any spelling that folds to it). */
  tagKey: string;
  /** A second tag key to break each value down by. */
  byKey?: string;
  range: AttributionRange;
  /** The measure rows are sorted by (both are always reported, each split by itself). */
  cost: CostMeasure;
  /**
   * Say how much of each row of a billing period the range cuts is fees posted for a charge period
   * longer than a day (posted.ts): `AttributionRow.postedFees`, `PeriodAttribution.postedFees`.
   */
  postedFees?: boolean;
}

/** Cents of one measure in one row. */
export interface RowCents {
  direct: bigint;
  shared: bigint;
  total: bigint;
}

/** One part of a row: the money one method attributed to it. */
export interface AttributionPart {
  method: AttributionMethod;
  billed: bigint;
  effective: bigint;
}

/** One row of the allocation: a value (and --by value) in a period, in cents. */
export interface AttributionRow {
  period: string;
  value: string;
  /** The --by key's value ('' without --by). */
  byValue: string;
  /** The methods that contributed, in the order tag, alias, account-default, untagged, shared:<rule>. */
  methods: AttributionMethod[];
  billed: RowCents;
  effective: RowCents;
  /** The row's exact amounts before rounding (direct spend plus exact shares), in store units. */
  exact: { billed: Exact; effective: Exact };
  /** Share of the period's total in each measure, in hundredths of a percent (null when that total is not positive). */
  shareHundredths: Record<CostMeasure, bigint | null>;
  parts: AttributionPart[];
  /** With `postedFees`, in a period the range cuts: the cents of the row that are fees posted for a charge period longer than a day; else null. */
  postedFees: CentsPair | null;
}

/** A shared-cost rule's pool in one period. */
export interface SharedPool {
  rule: string;
  split: string;
  lines: number;
  billed: Exact;
  effective: Exact;
  /** The pool in cents: the total of its shared:<rule> column, which the values' shares add up to (controlled rounding). */
  billedCents: bigint;
  effectiveCents: bigint;
  /** Who received each measure's pool (a proportional split can differ: a value may spend in one measure only). */
  recipients: Record<CostMeasure, string[]>;
}

/** The allocation of one billing period. */
export interface PeriodAttribution {
  period: string;
  lines: number;
  total: { billed: Exact; effective: Exact; billedCents: bigint; effectiveCents: bigint };
  pools: SharedPool[];
  rows: AttributionRow[];
  /** With `postedFees`, when the range cuts the period: the fees posted for a charge period longer than a day in its rows (their `postedFees` add up to its cents); else null. */
  postedFees: PeriodPostedFees | null;
}

/** The result of {@link attributeSpendByTag}. */
export interface Attribution {
  key: ResolvedKey;
  byKey?: ResolvedKey;
  cost: CostMeasure;
  periods: PeriodAttribution[];
  /** The charge days of each billing period's lines and the store's gaps, when read to judge which periods the range cuts (readAttributedDays reuses them). */
  periodDays?: PeriodDays;
}
