/**
 * A week's money by charge class, and its usage by service and account, for the comparisons of
 * the weekly report: week over week and against the 4-week average compare usage only (it
 * accrues day by day), while recurring fees, one-time charges, tax, credits and adjustments (which
 * post once a period, often on the 1st or at month end) are shown as their own lines, so a fee
 * never reads as a spike or a drop in spend: the classes as every report lists them
 * (LISTED_CHARGE_CLASSES, the query's listed_class). Exact sums from the daily_spend rollup, each
 * rounded once to cents.
 */
import { exactUnits, roundToCents, sumExact } from '../analyze/attribution/index.ts';
import type { Engine } from '../engine/engine.ts';
import { runQuery, type QueryRowTypes } from '../engine/query-types.ts';
import { LISTED_CHARGE_CLASSES, type ListedChargeClass } from '../store/charge-class.ts';
import { roundCut, type Cents } from './cuts.ts';
import type { Amounts } from './spend.ts';
import type { IsoWeek } from './week.ts';
import { groupBy } from '../lib/group-by.ts';
import { listParam } from '../engine/duckdb.ts';

/** One week in charge classes, and its usage split by service and account (cents that add up). */
export interface WeekUsage {
  week: IsoWeek;
  /**
   * Every charge class's cents, each its exact sum rounded once (half away from zero): a measured
   * amount, as the Overview and `costlens explain` show it (an RI fee of 147.384 is $147.38 in
   * each), never nudged by a cent so that the classes add up to the week's total; the cents they
   * leave of the week's total, itself rounded once, are the totals table's rounding row (layout.ts).
   */
  classes: Map<ListedChargeClass, Cents>;
  usage: Cents;
  /** The usage class's exact amounts (what `usage` rounds). */
  usageExact: Amounts;
  service: Map<string, Cents>;
  account: Map<string, Cents>;
  accountNames: Map<string, string>;
}

type MoneyColumns<B extends string, E extends string> = Record<B | E, bigint | null>;

function exactAmounts<B extends string, E extends string>(rows: MoneyColumns<B, E>[], billed: B, effective: E): Amounts {
  return { billed: sumExact(rows.map((r) => exactUnits(r[billed] ?? 0n))), effective: sumExact(rows.map((r) => exactUnits(r[effective] ?? 0n))) };
}

function cents(a: Amounts): Cents {
  return { billed: roundToCents(a.billed), effective: roundToCents(a.effective), exact: a };
}

type DailyRow = QueryRowTypes['trends/daily_spend_by_service_and_account'];

function group(rows: DailyRow[], key: 'service' | 'account_id'): Map<string, Amounts> {
  const by = groupBy(rows, (r) => r[key]!);
  return new Map([...by].map(([k, rs]) => [k, exactAmounts(rs, 'usage_billed_cost', 'usage_effective_cost')]));
}

/** Reads one week's charge classes and usage cuts; without the lines of `excludeSources` (a delivery that has ended: week-source-end.ts) when given. */
export async function readWeekUsage(engine: Engine, week: IsoWeek, excludeSources: readonly string[] = []): Promise<WeekUsage> {
  const range = { from: week.start, to: week.end, exclude_sources: listParam(excludeSources) };
  const [byClass, daily] = await Promise.all([
    runQuery(engine, 'trends/spend_by_class_and_service', range),
    runQuery(engine, 'trends/daily_spend_by_service_and_account', range),
  ]);
  const amountsOf = (c: ListedChargeClass) => exactAmounts(byClass.filter((r) => r.listed_class === c), 'billed_cost', 'effective_cost');
  const classes = new Map<ListedChargeClass, Cents>(LISTED_CHARGE_CLASSES.map((c) => [c, cents(amountsOf(c))]));
  const usage = classes.get('usage')!;
  const accountNames = new Map<string, string>();
  for (const r of daily) if (r.account_name) accountNames.set(r.account_id!, r.account_name);
  return {
    week,
    classes,
    usage,
    usageExact: amountsOf('usage'),
    service: roundCut(group(daily, 'service'), usage),
    account: roundCut(group(daily, 'account_id'), usage),
    accountNames,
  };
}
