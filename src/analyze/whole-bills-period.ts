/**
 * The billing period a command reports by default, and the day ranges it refuses, in a store that
 * may hold no daily usage (a CUR at monthly time granularity, or fees only: billSpan's
 * `wholeBillsOnly`). Such a store attributes, invoices and reports whole billing periods as a daily
 * one does, but its lines are all dated to the first of their month, so a range of days cut inside
 * a month would take that month's whole bill or none of it: it is refused, saying why.
 */
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';
import { addDays, monthLabel, monthStart } from '../lib/calendar.ts';
import { type BillingDaySpan, billSpan } from './billing-calendar.ts';
import { type DefaultPeriod, defaultPeriodOf } from './default-period.ts';
import { completeBills } from './monthly-bills.ts';
import { readSourceSpans, type SourceSpans } from './source-spans.ts';

/**
 * The period a command shows by default: with daily usage, the last month up to the data horizon
 * complete by every delivery holding it (`spans`, readSourceSpans of `span`: a bill of fees only not
 * invoiced yet keeps its month open; default-period.ts); without, the last complete bill (every bill
 * but a latest not invoiced yet), else the latest bill, said to be not complete yet.
 */
export function defaultBillPeriod(span: BillingDaySpan, spans: SourceSpans): DefaultPeriod {
  const bills = span.wholeBillsOnly;
  if (!bills) return defaultPeriodOf(span, spans);
  const holds = `the store holds no daily usage: ${bills.reason}`;
  const last = completeBills(bills).at(-1);
  if (last) return { period: last, reason: `${last}, the last complete bill (complete bills through ${monthLabel(last)}; ${holds})` };
  const latest = bills.periods.at(-1)!;
  return { period: latest, reason: `${latest}, the latest bill, not complete yet (${bills.incomplete?.why ?? 'it is not invoiced yet'}; ${holds})` };
}

/**
 * The store's span as whole bills read it (billSpan) and its default period ({@link defaultBillPeriod}),
 * judged on its deliveries' spans (readSourceSpans: what billSpan read, no query in a store of one source).
 */
export async function readDefaultBillPeriod(engine: Engine): Promise<{ span: BillingDaySpan; chosen: DefaultPeriod }> {
  const span = await billSpan(engine);
  return { span, chosen: defaultBillPeriod(span, await readSourceSpans(engine, span)) };
}

/** Charge days given as `--from`/`--to` (half-open, either end open). */
export interface GivenChargeDays {
  from?: string;
  to?: string;
}

/** Whether both given ends (those given) fall on the first of a month: whole billing periods, in a store of monthly lines. */
export function onMonthBounds(days: GivenChargeDays): boolean {
  return [days.from, days.to].every((day) => day === undefined || day === monthStart(day));
}

/**
 * Refuses `--from`/`--to` cut inside a month in a store without daily usage (`span.wholeBillsOnly`):
 * its lines are dated to the first of their month, so such a range would count a whole month's
 * bill, or none of it, as the days given. A usage error naming the flags and what the store holds,
 * with the period or month bounds that work; nothing in a store of daily usage.
 */
export function refuseDaysWithoutDailyUsage(days: GivenChargeDays, span: BillingDaySpan): void {
  const bills = span.wholeBillsOnly;
  if (!bills || onMonthBounds(days)) return;
  const given = [days.from === undefined ? '' : `--from ${days.from}`, days.to === undefined ? '' : `--to ${days.to}`].filter(Boolean).join(' ');
  const first = monthStart(days.from ?? days.to!);
  const last = monthStart(days.to === undefined ? first : addDays(days.to, -1));
  const period = first === last ? `--period ${first.slice(0, 7)}` : `--period ${first.slice(0, 7)} and --period ${last.slice(0, 7)}`;
  const bounds = `--from ${first} --to ${monthStart(addDays(last, 32))}`;
  throw new CostlensError('usage', `${given} cuts a month into days, but the store holds no daily usage: ${bills.reason}, so its lines are dated to the first of their month and only whole billing periods add up`, {
    hint: `give ${period}, or --from and --to on the first of a month (${bounds})`,
  });
}
