/**
 * What the weeks compared with the report week leave out when they hold the data of a delivery that
 * has ended before it or inside it (DataStatus.endedBefore): its usage BilledCost in this week, in last week's compared days and in
 * the weeks averaged, each the span's usage read whole less without its lines (readReportWeeks' usageWhole and usage),
 * the difference exact and rounded once to the cent, which the report's "Delivery ended" warning names; and, in a team's
 * e-mail, the team's own part of them from the same reads (teamEndedBefore), so that its warning and its spend are the
 * team's, and the teams' parts (the untagged lines' with them) add up to the organisation's.
 */
import { roundToCents, sumExact, type Exact, ZERO } from '../analyze/attribution/index.ts';
import { amountsCents, type ReportWeeks } from './build-weeks.ts';
import { CostlensError } from '../errors.ts';
import type { DataStatus, EndedBeforeStatus } from './model.ts';
import { type Amounts, NO_AMOUNTS, subtractAmounts, subtractExact, type WeekSpend } from './spend.ts';
import type { IsoWeek } from './week.ts';

/**
 * The usage of span `i` compared (ReportWeeks.spans) that its comparison leaves out, exact, of `part` of each
 * read (the week's total, or a team's value): its usage read whole (`usageWhole`) less without those lines
 * (`usage`), the same reads, so that the teams' parts of it add up to the organisation's. Zero when it leaves none out.
 */
function usageLeftOutOf(weeks: ReportWeeks, i: number, part: (spend: WeekSpend) => Amounts): Exact {
  if (i < 0) throw new CostlensError('internal', 'weekly report: a week compared without the lines of a delivery that has ended is not one of the weeks read');
  const whole = weeks.usageWhole[i];
  return whole ? subtractExact(part(whole).billed, part(weeks.usage[i].spend).billed) : ZERO;
}

/** The index in `weeks.spans` of `w`, a week before this one compared (-1: none). */
const spanOf = (weeks: ReportWeeks, w: IsoWeek) => weeks.spans.findIndex((s, i) => i > 0 && s.start === w.start);

/**
 * `status` with the usage BilledCost its weeks compared (`weeks`, readReportWeeks') leave out of the deliveries
 * that have ended before the report week or inside it (`endedBefore.usageLeftOut`): of this week when it leaves
 * lines out, of last week's compared days when it is compared without them, and of the weeks averaged without
 * them, together; and this week's totals and their lines' part of them (`endedBefore.thisWeek`), and last
 * week's (`endedBefore.lastWeekWhole`, when it is compared without them). Unchanged without `endedBefore`.
 */
export function withUsageLeftOut(status: DataStatus, weeks: ReportWeeks): DataStatus {
  const before = status.endedBefore;
  if (!before) return status;
  const total = (spend: WeekSpend) => spend.total;
  const whole = weeks.thisWeekWhole;
  const now = whole ? usageLeftOutOf(weeks, 0, total) : null;
  const last = before.lastWeek === 'without' ? usageLeftOutOf(weeks, 1, total) : null;
  const averaged = before.averagedWithout.length > 0 ? sumExact(before.averagedWithout.map((w) => usageLeftOutOf(weeks, spanOf(weeks, w), total))) : null;
  const cents = (exact: Exact | null) => (exact === null ? null : roundToCents(exact));
  const lastWeekWhole = weeks.lastWeekWhole && before.lastWeek === 'without' ? { total: weeks.lastWeekWhole.total, leftOut: weeks.lastWeekWhole.leftOut } : null;
  return { ...status, endedBefore: { ...before, thisWeek: whole, lastWeekWhole, usageLeftOut: { thisWeek: cents(now), lastWeek: cents(last), averaged: cents(averaged) } } };
}

/** The weeks left out of the 4-week average for a delivery's end (EndedBeforeStatus.weeksLeftOut), each read whole and without that delivery's lines. */
export type WeeksLeftOutRead = readonly { whole: WeekSpend; without: WeekSpend }[];

/**
 * A team's part of the organisation's `before` (withUsageLeftOut's), for the team's e-mail: this week's
 * whole total of the team and the cents of the ended delivery's lines in it (each the team's exact amount,
 * rounded once), and the team's own usage left out of this week, of last week and of the weeks averaged
 * (`weeks.usageWhole` less `weeks.usage`, the team's value as each read names it, as the organisation's is read). A week whose lines left
 * out hold none of the team's spend compares the team as if none were: it is not said to be compared without
 * them. Null when nothing the team's figures are compared on changes: none of its lines left out, and no
 * week left out of its average or not compared for the delivery's end. When none of them holds the team's lines
 * of the delivery (`leftOutWeeks`, the weeks left out of the average read whole and without them), `teamHoldsNone`:
 * the team gets no warning.
 */
export function teamEndedBefore(before: EndedBeforeStatus | null, weeks: ReportWeeks, team: string, leftOutWeeks: WeeksLeftOutRead = []): EndedBeforeStatus | null {
  if (!before) return null;
  const teamOf = (spend: WeekSpend): Amounts => spend.owner.byValue.get(spend.owner.canonical(team)) ?? NO_AMOUNTS;
  // The team's usage BilledCost left out of span i compared (weeks.spans), exact; null when none.
  const teamUsageLeftOut = (i: number): Exact | null => {
    const exact = usageLeftOutOf(weeks, i, teamOf);
    return exact.num === 0n ? null : exact;
  };
  const allLeftOut = weeks.thisWeekWhole ? subtractAmounts(teamOf(weeks.whole[0].spend), teamOf(weeks.compared[0].spend)) : null;
  const holds = allLeftOut !== null && (allLeftOut.billed.num !== 0n || allLeftOut.effective.num !== 0n);
  const whole = teamOf(weeks.whole[0].spend);
  const thisWeek = holds ? { total: amountsCents(whole), leftOut: amountsCents(allLeftOut) } : null;
  const lastWeek = before.lastWeek === 'without' && teamUsageLeftOut(1) === null ? null : before.lastWeek;
  // Last week's whole total of the team and its lines left out, as this week's: when it is compared without them.
  const lastAll = weeks.lastWeekWhole && lastWeek === 'without' ? teamOf(weeks.lastWeekWhole.spend) : null;
  const lastLeftOut = lastAll && subtractAmounts(lastAll, teamOf(weeks.compared[1].spend));
  const lastWeekWhole = lastAll && lastLeftOut && (lastLeftOut.billed.num !== 0n || lastLeftOut.effective.num !== 0n)
    ? { total: amountsCents(lastAll), leftOut: amountsCents(lastLeftOut) } : null;
  const averagedWithout = before.averagedWithout.filter((w) => teamUsageLeftOut(spanOf(weeks, w)) !== null);
  const thisWeekHolds = before.thisWeekHolds === 'without' && !thisWeek ? null : before.thisWeekHolds;
  if (!thisWeek && !thisWeekHolds && !lastWeek && averagedWithout.length === 0 && before.weeksLeftOut.length === 0) return null;
  // The weeks left out of the average hold none of the team's lines of the delivery (each read whole and without them; unread: held).
  const heldIn = (w: IsoWeek) => {
    const read = leftOutWeeks.find((r) => r.whole.week.start === w.start);
    const own = read ? subtractAmounts(teamOf(read.whole), teamOf(read.without)) : null;
    return own === null || own.billed.num !== 0n || own.effective.num !== 0n;
  };
  const teamHoldsNone = !thisWeek && !thisWeekHolds && !lastWeek && averagedWithout.length === 0 && !before.weeksLeftOut.some(heldIn);
  const cents = (exact: Exact | null) => (exact === null ? null : roundToCents(exact));
  return {
    ...before, thisWeek, lastWeekWhole, thisWeekHolds, lastWeek, averagedWithout, ...(teamHoldsNone ? { teamHoldsNone } : {}),
    usageLeftOut: {
      thisWeek: thisWeek ? roundToCents(teamUsageLeftOut(0) ?? ZERO) : null,
      lastWeek: lastWeek === 'without' ? cents(teamUsageLeftOut(1)) : null,
      averaged: averagedWithout.length > 0 ? roundToCents(sumExact(averagedWithout.map((w) => teamUsageLeftOut(spanOf(weeks, w))!))) : null,
    },
  };
}
