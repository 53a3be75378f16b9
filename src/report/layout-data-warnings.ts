/**
 * The data warnings at the top of the report: days of the week not in the store yet, a week or
 * last week the store holds only in part (so not compared), and the provisional days, in the one
 * wording of the CLI and the pages (treatedAsProvisional).
 */
import type { WeeklyReport } from './model.ts';
import { daySpan, runsOfDays, shortDay } from '../lib/calendar.ts';
import { formatUsd } from '../lib/money.ts';
import { daysNotInStoreAre, runsText } from '../lib/store-days.ts';
import { treatedAsProvisional } from '../analyze/provisional-wording.ts';
import { andList, pluralNoun } from '../lib/text.ts';
import { shiftWeek, weekSpan } from './week.ts';
import { AVERAGE_WEEKS, sameDays } from './week-data.ts';
import { averagedDays, lastWeekHeld } from './layout-comparison.ts';
import type { WeekSourceEnd } from './week-source-end.ts';
import { deliveryEndedClause } from '../analyze/ended-delivery.ts';

/** The report's data warnings, in the order they are shown; empty when the week is whole and settled. */
export function dataWarnings(report: WeeklyReport): string[] {
  const { week, status } = report;
  const alerts: string[] = [];
  const { partialDays: partial, missingDays: missing } = status;
  if (partial.length > 0 || missing.length > 0) {
    // After the horizon: its partial day (usage lines stopping before midnight), then the days to the week's end, each a run as every span of days is written.
    const after = [
      ...(partial.length > 0 ? [partialDaysWords(partial)] : []),
      ...(missing.length > 0 ? [`${daySpan(missing[0], missing.at(-1)!)} ${missing.length === 1 ? 'is' : 'are'} not in it yet`] : []),
    ];
    alerts.push(`Incomplete week: the store has billing data up to ${shortDay(status.lastDay, true)}; ${after.join(' and ')}, so this week's days are compared with the same days of the weeks before.`);
  }
  // A team none of whose lines the delivery held gets no warning (its average's note still names the weeks it takes).
  if (status.endedBefore && !status.endedBefore.teamHoldsNone) alerts.push(endedBeforeWords(report));
  const { weekNotInStore: thisWeek, lastWeekNotInStore: lastWeek } = status;
  if (thisWeek) {
    const partial = sourceEndWords(status.sourceEnd);
    alerts.push(`Incomplete week: ${partial?.ends ?? ''}${thisWeek.why}; ${partial?.days ?? ''}${daysNotInStoreAre(thisWeek)} not in it, so this week has ${status.weekDaysHeld} of its days${status.comparedNotInStore && !lastWeek ? ' and is not compared with last week' : ''}.`);
  }
  // Said once: the "No last week" alert says this week is not compared; the gap (or start) the incomplete week's alert names is not named twice.
  const named = thisWeek !== null && thisWeek.why === lastWeek?.why;
  const lastWhy = (gone: NonNullable<typeof lastWeek>) => (named ? 'last week is not in the store either'
    : `${gone.why}${gone.gaps.length ? '' : `, after ${weekSpan(sameDays(shiftWeek(week, -1), status.comparedDays))}`}`);
  if (lastWeek?.all) alerts.push(`No last week: ${lastWhy(lastWeek)}, so this week is not compared with it.`);
  else if (lastWeek) alerts.push(`Incomplete last week: ${lastWeek.why}; ${daysNotInStoreAre(lastWeek)} not in it, so this week is not compared with it (it holds ${lastWeekHeld(report)}).`);
  if (status.provisionalDays.length > 0) {
    const days = status.provisionalDays;
    // Counted back from the horizon of the delivery holding the week, named as the anomalies section names it.
    const horizon = status.provisionalTo ? { lastDay: status.provisionalTo, sources: status.provisionalSources ?? [] } : null;
    // In an invoiced billing period they are final, as costlens status says, and provisional only by costlens's count (as the Overview says it).
    const invoiced = status.provisionalInvoiced ?? [];
    const after = invoiced.length === 0 ? `; ${pluralNoun(days.length, 'its', 'their')} figures can change`
      : `, whatever the invoice: billing ${pluralNoun(invoiced.length, 'period', 'periods')} ${andList(invoiced)} ${invoiced.length === 1 ? 'is' : 'are'} invoiced, final in costlens status`;
    alerts.push(`Provisional: ${runsText(runsOfDays(days))}, ${treatedAsProvisional(pluralNoun(days.length, 'it', 'them'), '', 'anomalies.provisionalDays', horizon)}${after}.`);
  }
  return alerts;
}

/**
 * The warning of a week after the end of deliveries whose data the weeks it is compared with hold
 * (`status.endedBefore`), naming the usage left out: `Delivery ended: the data of aws/1234567890123 ends on
 * 29 Oct 2018, more than 7 days before the store's latest data (that delivery has ended), and this week holds
 * none of it: last week (29 Oct – 4 Nov 2018) is compared without its lines ($0.65 of usage BilledCost left
 * out), and the 4-week average takes 8 Oct – 4 Nov 2018 without them ($19.87 left out), so that its end does
 * not read as a drop in spend.` A week the others' data does not cover whole is not compared, or not averaged.
 * A week such a delivery stops inside is read whole and compared without its lines: `Delivery ended: the data
 * of aws/123412340534 ends on 13 Nov 2023, … (that delivery has ended): this week holds $0.21 of its BilledCost
 * ($0.21 of usage) in the week's spend but left out of its comparison, and last week (6–12 Nov 2023) …`.
 */
function endedBeforeWords(report: WeeklyReport): string {
  const { status } = report;
  const { deliveries, thisWeek, thisWeekHolds, othersFrom, lastWeek, weeksLeftOut, averagedWithout, usageLeftOut } = status.endedBefore!;
  const its = pluralNoun(deliveries.length, 'its', 'their');
  const days = (weeks: typeof weeksLeftOut) => averagedDays({ averaged: weeks, comparedDays: status.comparedDays }, true);
  const amount = (cents: bigint | null, what: string) => (cents === null ? '' : ` (${formatUsd(cents)} ${what}left out)`);
  const left = days(weeksLeftOut);
  const without = days(averagedWithout);
  const kept = averagedDays(status, true);
  const spend = report.audience.kind === 'team' ? 'the team\'s spend' : 'the week\'s spend';
  const ended = `Delivery ended: ${deliveryEndedClause(deliveries)}`;
  // Compared with no week: last week and the average need no words of their own.
  if (thisWeekHolds === 'not compared') {
    const others = othersFrom === null ? 'no other delivery\'s data holds this week' : `the other deliveries' data begins on ${shortDay(othersFrom, true)}, after this week's Monday`;
    return `${ended}. This week holds ${its} last days and ${others}: with ${its} lines or without them, ${its} end or the others' start would read as a change in spend, so this week is compared with no week, neither last week nor the ${AVERAGE_WEEKS}-week average.`;
  }
  const parts = [
    ...(thisWeek ? [`this week holds ${formatUsd(thisWeek.leftOut.billed)} of ${its} BilledCost`
      + `${usageLeftOut.thisWeek === null ? '' : ` (${formatUsd(usageLeftOut.thisWeek)} of usage)`} in ${spend} but left out of its comparison`] : []),
    ...(lastWeek === 'without' ? [`last week (${weekSpan(sameDays(shiftWeek(report.week, -1), status.comparedDays))}) is compared without ${its} lines${amount(usageLeftOut.lastWeek, 'of usage BilledCost ')}`] : []),
    ...(lastWeek === 'not compared' ? [`last week holds ${its} lines where the other deliveries' data does not cover it, so this week is not compared with it`] : []),
  ];
  const average = [
    ...(without ? [`takes ${without} without them${amount(usageLeftOut.averaged, '')}`] : []),
    // The days it averages are named once: after "takes", or here.
    ...(left ? [`leaves out ${left}, which ${weeksLeftOut.length === 1 ? 'holds' : 'hold'} ${its} lines where the other deliveries' data does not${kept === without ? '' : kept ? ` (it averages ${kept})` : ' (no week is left to average)'}`] : []),
  ];
  if (average.length > 0) parts.push(`the ${AVERAGE_WEEKS}-week average ${average.join(' and ')}`);
  const holds = thisWeek !== null;
  return `${ended}${holds ? ':' : ', and this week holds none of it:'} ${parts.join(', and ')}, so that ${its} end does not read as a drop in spend.`;
}

/**
 * The words of a week whose data ends at its source's data horizon before a gap (`sourceEnd`): where
 * it ends, `the data of aws/123412340534, this week's source, ends on 13 Nov 2023, its data horizon, and `,
 * and its partial days, `14 Nov 2023 is a partial day (not all of its usage is in the store) and `; null without one.
 */
function sourceEndWords(sourceEnd: WeekSourceEnd | null): { ends: string; days: string } | null {
  if (!sourceEnd) return null;
  const { sources, partialDays } = sourceEnd;
  return {
    ends: `the data of ${sources.join(', ')}, this week's ${pluralNoun(sources.length, 'source', 'sources')}, ends on ${shortDay(sourceEnd.lastDay, true)}, its data horizon, and `,
    days: `${partialDaysWords(partialDays)} and `,
  };
}

/** Partial days after a data horizon, a run: `14 Nov 2023 is a partial day (not all of its usage is in the store)`. */
function partialDaysWords(days: readonly string[]): string {
  const partial = days.length === 1 ? `${shortDay(days[0], true)} is a partial day` : `${daySpan(days[0], days.at(-1)!)} are partial days`;
  return `${partial} (not all of ${pluralNoun(days.length, 'its', 'their')} usage is in the store)`;
}
