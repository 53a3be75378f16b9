/**
 * The deliveries that have ended that a month-end forecast leaves out of its run-rate (ended-delivery.ts
 * endedLeftOutOfFit: their data horizon before as-of while another delivery's data runs on): their lines
 * count in what the month holds (usage_actual, posted_other: money billed, so every total still reconciles
 * to the store), but they are not fitted, and neither their usage nor their fees and tax are projected,
 * nothing more coming from them. The rows without them are read through the trend queries' bound
 * `exclude_sources`, as the weekly report compares a week without them (src/report/week-source-end.ts).
 */
import type { Engine } from '../../engine/engine.ts';
import { listParam } from '../../engine/duckdb.ts';
import { runQuery, type QueryRowTypes } from '../../engine/query-types.ts';
import { COST_COLUMN, type CostMeasure } from '../anomalies/index.ts';
import { deliveryEndedClause, type EndedDelivery } from '../ended-delivery.ts';

/** A delivery that has ended left out of a forecast's run-rate, and its usage in the month. */
export interface EndedForecastSource {
  /** Its sources, sorted. */
  sources: string[];
  /** Its data horizon: the last complete day of its data, where its data ends. */
  lastDay: string;
  /** Its usage on the days of the month the forecast covers up to as-of, exact, in each measure: part of usageActual. */
  usageActual: Record<CostMeasure, bigint>;
}

type DailyRows = QueryRowTypes['trends/daily_spend'][];

const usageOf = (rows: DailyRows, days: ReadonlySet<string>, cost: CostMeasure) =>
  rows.reduce((sum, r) => sum + (days.has(r.day!) ? r[`usage_${cost}_cost`] ?? 0n : 0n), 0n);

/**
 * trends/daily_spend over `range` without the lines of `ended` (the rows the run-rate is fitted on), and
 * each of `ended` with its usage on `monthDays`, exact: what `rows` (the same days, every line) holds
 * less what the rows without it hold, one delivery left out after the other. `rows` itself when none has ended.
 */
export async function withoutEnded(engine: Engine, ended: readonly EndedDelivery[], range: { from: string; to: string }, rows: DailyRows,
  monthDays: readonly string[]): Promise<{ fitRows: DailyRows; endedSources: EndedForecastSource[] }> {
  const days = new Set(monthDays);
  const endedSources: EndedForecastSource[] = [];
  const leftOut: string[] = [];
  let before = rows;
  for (const own of ended) {
    leftOut.push(...own.sources);
    const after = await runQuery(engine, 'trends/daily_spend', { ...range, exclude_sources: listParam(leftOut) });
    const usage = (cost: CostMeasure) => usageOf(before, days, cost) - usageOf(after, days, cost);
    endedSources.push({ sources: own.sources, lastDay: own.lastDay, usageActual: { billed: usage('billed'), effective: usage('effective') } });
    before = after;
  }
  return { fitRows: before, endedSources };
}

/** How a surface names what the month holds (`usage_actual`, `the month to date`) and writes money. */
interface EndedSourceWords {
  counted: string;
  money: (units: bigint) => string;
}

/**
 * The one sentence a surface showing the forecast says of a delivery left out of its run-rate, where its
 * data ends in ended-delivery.ts's words (deliveryEndedClause): `Delivery ended: the data of
 * aws/123412340534 ends on 13 Nov 2023, more than 7 days before the store's latest data (that delivery has
 * ended): its usage in 2023-11, $1.602309 BilledCost and $1.594004 EffectiveCost, counts in usage_actual,
 * but it is not fitted and nothing more of it is projected or expected.`; of one holding no usage in the month (its data
 * in the month before, whose fees it is not expected to bill again) `…: it holds no usage in 2018-11, and it is not fitted and …`.
 */
export function endedSourceSentence(ended: EndedForecastSource, month: string, words: EndedSourceWords): string {
  const usage = (['billed', 'effective'] as const).map((cost) => `${words.money(ended.usageActual[cost])} ${COST_COLUMN[cost]}`).join(' and ');
  const held = ended.usageActual.billed === 0n && ended.usageActual.effective === 0n
    ? `it holds no usage in ${month}, and it is not fitted`
    : `its usage in ${month}, ${usage}, counts in ${words.counted}, but it is not fitted`;
  return `Delivery ended: ${deliveryEndedClause([ended])}: ${held} and nothing more of it is projected or expected.`;
}
