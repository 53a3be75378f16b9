/** The days an idle run is judged on: its as-of day, and the last complete day its current rates read. */
import type { Engine } from '../../engine/engine.ts';
import { addDays } from '../../lib/calendar.ts';
import { parseDay } from '../billing-calendar.ts';
import { billingSpanIfAny, defaultFindingsAsOf } from '../findings-window.ts';

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
}

/**
 * The as-of day (the given one, a checked calendar day, else the day after the data horizon:
 * defaultFindingsAsOf) and the data horizon, read once.
 */
export async function idleRuleDays(engine: Engine, asOf?: string): Promise<IdleRuleDays> {
  const span = await billingSpanIfAny(engine);
  const day = asOf !== undefined ? parseDay('as-of', asOf) : await defaultFindingsAsOf(engine, span);
  return { asOf: day, dataHorizon: span?.lastDay ?? addDays(day, -1) };
}
