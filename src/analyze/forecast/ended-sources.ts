/**
 * The deliveries that have ended that a month-end forecast leaves out of its run-rate (ended-delivery.ts
 * endedLeftOutOfFit: their data horizon before as-of while another delivery's data runs on): their lines
 * count in what the month holds (usage_actual, posted_other: money billed, so every total still reconciles
 * to the store), but they are not fitted, and neither their usage nor their fees and tax are projected,
 * nothing more coming from them. The days are read once by source (trends/daily_spend `by`), the rows without
 * them and each one's usage summed from them, exactly; so is what has posted this month (trends/spend_by_class_and_service
 * `by`: month-end.ts sums its rows with and without them).
 */
import type { Engine } from '../../engine/engine.ts';
import { runQuery, type QueryRowTypes } from '../../engine/query-types.ts';
import { addMonths } from '../../lib/calendar.ts';
import { COST_COLUMN, type CostMeasure } from '../anomalies/index.ts';
import { deliveryEndedClause, endedFeesClause, type EndedDelivery } from '../ended-delivery.ts';
import { classTotal } from './expected.ts';

/** A delivery that has ended left out of a forecast's run-rate, and its usage in the month. */
export interface EndedForecastSource {
  /** Its sources, sorted. */
  sources: string[];
  /** Its data horizon: the last complete day of its data, where its data ends. */
  lastDay: string;
  /** Its usage on the days of the month the forecast covers up to as-of, exact, in each measure: part of usageActual. */
  usageActual: Record<CostMeasure, bigint>;
  /**
   * When it holds no line in the month up to as-of: its recurring fees of the month before (the month the forecast expects
   * fees from), exact, in each measure, which a forecast of the store without its end would expect again and this one does
   * not ({@link endedFeesNotExpected}); absent when it holds lines this month, no fee is expected from the month before, or
   * it posted none there.
   */
  feesNotExpected?: Record<CostMeasure, bigint>;
  /** Its tax of the month before, likewise not expected again (its ratio to the other charges left out with them); absent as the fees are, or when it posted none. */
  taxNotExpected?: Record<CostMeasure, bigint>;
}

type DailyRow = QueryRowTypes['trends/daily_spend'];

const plus = (a: bigint | null, b: bigint | null): bigint | null => (a === null ? b : b === null ? a : a + b);

/** Rows of days and sources summed per day, in the order of their days (a day without a row absent): trends/daily_spend's rows by day. */
function perDay(rows: readonly DailyRow[]): DailyRow[] {
  const days = new Map<string, DailyRow>();
  for (const r of rows) {
    const day = days.get(r.day!);
    days.set(r.day!, !day ? { ...r, source: null } : {
      ...day,
      lines: day.lines === null ? r.lines : r.lines === null ? day.lines : day.lines + r.lines,
      billed_cost: plus(day.billed_cost, r.billed_cost),
      effective_cost: plus(day.effective_cost, r.effective_cost),
      usage_billed_cost: plus(day.usage_billed_cost, r.usage_billed_cost),
      usage_effective_cost: plus(day.usage_effective_cost, r.usage_effective_cost),
    });
  }
  return [...days.values()];
}

/**
 * The rows of a query read by source (`by: 'source'`) without the lines of `sources`: a row of no source is kept,
 * as the queries' `exclude_sources` keeps a line of none. Summing what is left (exact bigint units) is what the
 * query would return with `exclude_sources: sources`, read once for both.
 */
export function withoutSources<Row extends { source: string | null }>(rows: readonly Row[], sources: ReadonlySet<string>): Row[] {
  return rows.filter((r) => r.source === null || !sources.has(r.source));
}

/**
 * trends/daily_spend over `range`, read once by day and source: its rows by day (`rows`, every line), the rows
 * without the lines of `ended` (`fitRows`, those the run-rate is fitted on: a day only they hold absent), and each
 * of `ended` with its usage on `monthDays`, exact: the sum of its own sources' rows on those days. With `laterTo`
 * (a day after `range.to`), the same read runs on to it: the days from `range.to` are apart, by day with every
 * source (`later`: the lines dated after as-of, the data horizon, that the forecast names and does not count, after-horizon.ts).
 */
export async function readWithoutEnded(engine: Engine, ended: readonly EndedDelivery[], range: { from: string; to: string },
  monthDays: readonly string[], laterTo?: string): Promise<{ rows: DailyRow[]; fitRows: DailyRow[]; endedSources: EndedForecastSource[]; noLineInMonth: EndedForecastSource[]; later: DailyRow[] }> {
  const read = await runQuery(engine, 'trends/daily_spend', { from: range.from, to: laterTo !== undefined && laterTo > range.to ? laterTo : range.to, by: 'source' });
  const bySource = read.filter((r) => r.day! < range.to);
  const days = new Set(monthDays);
  const endedOf = (own: EndedDelivery) => bySource.filter((r) => r.source !== null && own.sources.includes(r.source));
  const usageOf = (rows: readonly DailyRow[], cost: CostMeasure) => rows.reduce((sum, r) => sum + (days.has(r.day!) ? r[`usage_${cost}_cost`] ?? 0n : 0n), 0n);
  const noLineInMonth: EndedForecastSource[] = [];
  const endedSources = ended.map((own): EndedForecastSource => {
    const rows = endedOf(own);
    const source = { sources: own.sources, lastDay: own.lastDay, usageActual: { billed: usageOf(rows, 'billed'), effective: usageOf(rows, 'effective') } };
    if (!rows.some((r) => days.has(r.day!))) noLineInMonth.push(source);
    return source;
  });
  const leftOut = new Set(ended.flatMap((own) => own.sources));
  return { rows: perDay(bySource), fitRows: perDay(withoutSources(bySource, leftOut)), endedSources, noLineInMonth, later: perDay(read.filter((r) => r.day! >= range.to)) };
}

type ClassRows = QueryRowTypes['trends/spend_by_class_and_service'][];

/**
 * Sets {@link EndedForecastSource.feesNotExpected} and `taxNotExpected` of each of `noLineInMonth` (deliveries left out that
 * hold no line in the month up to as-of: their lines lie in the month before): its recurring fees and its tax of the month
 * before, exact, which the forecast leaves out of what it expects; summed from that month's trends/spend_by_class_and_service
 * read by source (`previousBySource`).
 */
export function endedFeesNotExpected(noLineInMonth: readonly EndedForecastSource[], previousBySource: readonly ClassRows[number][]): void {
  for (const own of noLineInMonth) {
    const rows = previousBySource.filter((r) => r.source !== null && own.sources.includes(r.source));
    const ofClass = (chargeClass: 'recurring' | 'tax'): Record<CostMeasure, bigint> | undefined => {
      const units = { billed: classTotal(rows, chargeClass, 'billed'), effective: classTotal(rows, chargeClass, 'effective') };
      return units.billed !== 0n || units.effective !== 0n ? units : undefined;
    };
    const [fees, tax] = [ofClass('recurring'), ofClass('tax')];
    if (fees) own.feesNotExpected = fees;
    if (tax) own.taxNotExpected = tax;
  }
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
 * ended): its usage in 2023-11, $1.602309 BilledCost and $1.602309 EffectiveCost, counts in usage_actual,
 * but it is not fitted and nothing more of it is projected or expected.`; of one holding no usage in the month (its data
 * in the month before) `…: it holds no usage in 2018-11, and it is not fitted and …`, naming the fees of the month before
 * that are not expected again in the budgets' words (ended-delivery.ts endedFeesClause): `…; the fees of aws/836060457634
 * ($149.775379 BilledCost and $48.995561 EffectiveCost) posted in Oct 2018 are not expected again.`, and its tax beside them
 * or alone: `…; the tax of aws/123412340534 ($0.08 BilledCost and $0.08 EffectiveCost) posted in Nov 2023 is not expected again.`
 */
export function endedSourceSentence(ended: EndedForecastSource, month: string, words: EndedSourceWords): string {
  const inMeasures = (units: Record<CostMeasure, bigint>) => (['billed', 'effective'] as const).map((cost) => `${words.money(units[cost])} ${COST_COLUMN[cost]}`).join(' and ');
  const held = ended.usageActual.billed === 0n && ended.usageActual.effective === 0n
    ? `it holds no usage in ${month}, and it is not fitted`
    : `its usage in ${month}, ${inMeasures(ended.usageActual)}, counts in ${words.counted}, but it is not fitted`;
  const { feesNotExpected: fees, taxNotExpected: tax } = ended;
  const notExpected = fees || tax
    ? `; ${endedFeesClause(ended, addMonths(`${month}-01`, -1), { ...(fees ? { fees: inMeasures(fees) } : {}), ...(tax ? { tax: inMeasures(tax) } : {}) })}` : '';
  return `Delivery ended: ${deliveryEndedClause([ended])}: ${held} and nothing more of it is projected or expected${notExpected}.`;
}
