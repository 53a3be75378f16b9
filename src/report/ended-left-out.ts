/**
 * What the weeks compared with the report week leave out when they hold the data of a delivery that
 * has ended before it or inside it (DataStatus.endedBefore): its usage BilledCost in this week, in last week's compared days and in
 * the weeks averaged, each read whole and without its lines (readWeekUsage), the difference exact and
 * rounded once to the cent, which the report's "Delivery ended" warning names.
 */
import { addExact, roundToCents, sumExact, type Exact } from '../analyze/attribution/index.ts';
import type { Engine } from '../engine/engine.ts';
import type { Cents } from './cuts.ts';
import type { DataStatus } from './model.ts';
import { readWeekUsage } from './usage.ts';
import type { IsoWeek } from './week.ts';
import { type EndedBefore, sourcesLeftOut } from './week-source-end.ts';

/** The usage BilledCost, exact, of the lines of `ended` that `span` (a week compared) holds and the comparison leaves out. */
async function usageLeftOutOf(engine: Engine, span: IsoWeek, ended: EndedBefore): Promise<Exact> {
  const [whole, without] = await Promise.all([readWeekUsage(engine, span), readWeekUsage(engine, span, sourcesLeftOut(span, ended))]);
  return addExact(whole.usageExact.billed, { num: -without.usageExact.billed.num, den: without.usageExact.billed.den });
}

/**
 * `status` with the usage BilledCost its weeks compared leave out of the deliveries that have ended before
 * the report week or inside it (`endedBefore.usageLeftOut`): of this week (`thisWeek`, its span: when
 * `whole`, this week's totals with their lines and without, is given), of last week's compared days
 * (`lastWeek`, its span) when it is compared without them, and of the weeks averaged without them, together;
 * and, with `whole`, this week's totals and their lines' part of them (`endedBefore.thisWeek`). Unchanged without `endedBefore`.
 */
export async function withUsageLeftOut(engine: Engine, status: DataStatus, weeks: { thisWeek: IsoWeek; lastWeek: IsoWeek },
  ended: EndedBefore, whole: { total: Cents; leftOut: Cents } | null): Promise<DataStatus> {
  const before = status.endedBefore;
  if (!before) return status;
  const [now, last, averaged] = await Promise.all([
    whole ? usageLeftOutOf(engine, weeks.thisWeek, ended) : null,
    before.lastWeek === 'without' ? usageLeftOutOf(engine, weeks.lastWeek, ended) : null,
    before.averagedWithout.length > 0 ? Promise.all(before.averagedWithout.map((w) => usageLeftOutOf(engine, w, ended))).then(sumExact) : null,
  ]);
  const cents = (exact: Exact | null) => (exact === null ? null : roundToCents(exact));
  return { ...status, endedBefore: { ...before, thisWeek: whole, usageLeftOut: { thisWeek: cents(now), lastWeek: cents(last), averaged: cents(averaged) } } };
}
