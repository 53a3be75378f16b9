/** The days an idle run is judged on: its as-of day, the last complete day its current rates read, and where its bill sums end. */
import type { Engine } from '../../engine/engine.ts';
import { CostlensError } from '../../errors.ts';
import { addDays } from '../../lib/calendar.ts';
import type { BillingDaySpan } from '../billing-calendar.ts';
import { MONTHLY_COST_DAYS, billingSpanIfAny, costWindowOnBill, findingsAsOf, lookbackRange, type CostWindowHeld } from '../findings-window.ts';

/** What every idle rule's query is given besides its thresholds. */
export interface IdleRuleDays {
  /** YYYY-MM-DD; look-back windows end at the start of this day. */
  asOf: string;
  /**
   * YYYY-MM-DD, the data horizon (the last complete day of the billing data; the day before `asOf`
   * in a store without billing lines). Each resource's hourly rate is its cost on this day, or on
   * the day before `asOf` when that comes first, ÷ 24 h (queries/optimisation/current_hourly_rates.cte.sql).
   */
  dataHorizon: string;
  /**
   * YYYY-MM-DD, where the counted days end (exclusive): `asOf`, or the day after the data horizon
   * when that comes first, so that no line of a partial day enters a window cost, the bill's
   * look-back evidence (idle-address hours, the bill-only rules' billed days) or a commitment's
   * coverage, and no metric row of it enters a metric rule's days.
   */
  completeUntil: string;
  /** The days of the 30-day cost window the store's billing data holds complete, the only ones counted. */
  costWindowHeld: CostWindowHeld;
}

/**
 * The as-of day (the given one, a checked calendar day, else the day after the data horizon:
 * defaultFindingsAsOf), the data horizon and the complete days of the cost window, read once.
 */
export async function idleRuleDays(engine: Engine, asOf?: string): Promise<IdleRuleDays> {
  const span = await findingsSpan(engine);
  const day = await findingsAsOf(engine, asOf, { span });
  const { held, countedEnd } = await costWindowOnBill(engine, lookbackRange(day, MONTHLY_COST_DAYS), { span });
  return { asOf: day, dataHorizon: span?.lastDay ?? addDays(day, -1), completeUntil: countedEnd, costWindowHeld: held };
}

/**
 * The billing data's span as idle and rightsizing read it ({@link billingSpanIfAny}: undefined in a
 * store of metrics and inventory only, whose latest metric day then gives the default as-of). On
 * Athena, which holds the bill and no metrics, a CUR table without billing lines is the not_found
 * error that says so, not a query of the metrics table Athena does not have.
 */
export async function findingsSpan(engine: Engine): Promise<BillingDaySpan | undefined> {
  const span = await billingSpanIfAny(engine);
  if (span || engine.name !== 'athena') return span;
  throw new CostlensError('not_found', 'the CUR table in Athena holds no billing lines to analyse', {
    hint: 'check aws.athena.database and aws.athena.curTable (README, "Live AWS sources and Athena"), or run on the local store (--engine duckdb)',
  });
}
