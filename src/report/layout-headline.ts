/**
 * The report's words at the top: the audience's title, the subject line and the headline
 * sentence, each with the week's billed total and its change (usage's, when the report splits
 * usage from the charge classes that post once a billing period).
 */
import type { WeeklyReport } from './model.ts';
import { formatUsd } from '../lib/money.ts';
import { formatChangePercentOf, formatSignedUsd } from './money.ts';
import { weekSpan } from './week.ts';
import { againstText, averagedDays, endedNotCompared, lastWeekHeld, notComparedBecause } from './layout-comparison.ts';
import { capitalised } from '../lib/text.ts';

const AUDIENCE_TITLE = { finance: 'Finance', engineering: 'Engineering', team: 'Team' } as const;

/** The audience as the subject and heading name it: `Finance`, `Engineering`, `Team payments`. */
export function audienceTitle(report: WeeklyReport): string {
  return report.audience.kind === 'team' ? `Team ${report.audience.team}` : AUDIENCE_TITLE[report.audience.kind];
}

/** The subject line: audience, week, and the headline number with its change. */
export function subjectLine(report: WeeklyReport, prefix: string): string {
  const b = report.totals.billed;
  const { partialDays, missingDays, lastWeekNotInStore, weekNotInStore, provisionalDays, endedBefore } = report.status;
  const incompleteWeek = partialDays.length > 0 || missingDays.length > 0 || weekNotInStore !== null;
  const flags = incompleteWeek ? ' [incomplete week]' : lastWeekNotInStore ? ' [incomplete last week]' : endedChangesSubject(endedBefore) ? ' [delivery ended]' : provisionalDays.length > 0 ? ' [provisional]' : '';
  const because = notComparedBecause(report);
  const endedSources = endedBefore?.deliveries.map((own) => own.sources.join(', ')).join('; ');
  const change = because?.side === 'last week' && lastWeekNotInStore?.all && report.status.comparedDays === 7 ? 'no last week in the store to compare'
    : because?.side === 'last week' && lastWeekNotInStore && !lastWeekNotInStore.all ? `not compared with last week (${lastWeekHeld(report)} in the store)`
    : because?.side === 'last week' && endedBefore?.lastWeek === 'not compared' ? `not compared with last week (the data of ${endedSources} ${endedBefore.thisWeekHolds ? 'ends inside this week' : 'ended before this week'})`
    : because?.side === 'this week' && endedBefore?.thisWeekHolds === 'not compared' ? `not compared (the data of ${endedSources} ends inside this week, the other deliveries' begins after its Monday)`
    : because ? `not compared: ${because.why}`
    : report.usage ? `usage ${formatChangePercentOf(report.usage.billed)} vs last week` : `${formatChangePercentOf(b)} vs last week`;
  const head = `${audienceTitle(report)} weekly ${report.week.label} (${weekSpan(report.week)}): ${formatUsd(weekBilled(report))} billed, ${change}${flags}`;
  return prefix ? `${prefix} ${head}` : head;
}

/**
 * Whether the end of a delivery (DataStatus.endedBefore, the audience's: a team's holds its own lines) changes
 * what the subject line shows, which its `[delivery ended]` flag marks: the week's spend holds lines its
 * comparison leaves out, this week or last week is compared without its lines, or either is not compared
 * because of it. Not when the audience's weeks compared hold none of its lines, nor when it changes only the
 * 4-week average (taken without its lines, or leaving weeks out): the warning says so; the subject's figures are as they were.
 */
function endedChangesSubject(ended: WeeklyReport['status']['endedBefore']): boolean {
  return ended !== null && (ended.thisWeek !== null || ended.thisWeekHolds !== null || ended.lastWeek !== null);
}

/**
 * The BilledCost the audience spent in the week: with the lines of a delivery that has ended inside it, which
 * its comparison leaves out (DataStatus.endedBefore.thisWeek, the team's own in a team's report); else the total compared.
 */
function weekBilled(report: WeeklyReport): bigint {
  const whole = report.status.endedBefore?.thisWeek;
  return whole ? whole.total.billed : report.totals.billed.current;
}

/** `usage was` and, when this week is compared without the lines of a delivery that has ended inside it, which lines. */
function usageWas(report: WeeklyReport): string {
  const ended = report.status.endedBefore;
  if (!ended?.thisWeek) return 'usage was';
  const held = ended.deliveries.filter((own) => own.lastDay >= report.week.start).flatMap((own) => own.sources);
  return `usage without the lines of ${held.join(', ')}, a delivery that has ended, was`;
}

/**
 * The headline in one sentence: what the audience spent, and (when the weeks are compared) the
 * change against last week and the 4-week average, of usage when the report splits it out; when
 * they are not compared, why, unless a warning under it says so: a delivery's end ("Delivery ended"), days of
 * last week ("No last week", "Incomplete last week") or of this week ("Incomplete week") not in the store.
 */
export function headlineSentence(report: WeeklyReport): string {
  const { week, totals, status } = report;
  const b = totals.billed;
  const notCompared = notComparedBecause(report);
  const compared = report.usage ? report.usage.billed : b;
  const averaged = averagedDays(status, true);
  const avg = compared.average === null ? '' : `, ${formatChangePercentOf(compared.vsAverage!)} against the ${compared.averageWeeks}-week average${averaged ? ` (${averaged})` : ''} of ${formatUsd(compared.average)}`;
  const who = report.audience.kind === 'team' ? `Team ${report.audience.team}` : 'The organisation';
  // Why the weeks are not compared is said once, by the warning under the headline (layout-data-warnings.ts): "Delivery ended",
  // "No last week", "Incomplete last week", or "Incomplete week" when this week's compared days are not all in the store.
  const warned = notCompared !== null && (notCompared.why === endedNotCompared(week, status)?.why || status.lastWeekNotInStore !== null
    || (status.comparedNotInStore !== null && status.weekNotInStore !== null));
  return notCompared
    ? `${who} spent ${formatUsd(weekBilled(report))} (BilledCost) in ${week.label}${report.usage ? `; ${usageWas(report)} ${formatUsd(compared.current)}` : ''}.`
      + (warned ? '' : ` ${capitalised(notCompared.why)}, so nothing is compared with ${notCompared.side === 'last week' ? 'it' : 'last week'}.`)
    : report.usage
    ? `${who} spent ${formatUsd(weekBilled(report))} (BilledCost) in ${week.label}; ${usageWas(report)} ${formatUsd(compared.current)}, `
      + `${formatSignedUsd(compared.change)} (${formatChangePercentOf(compared)}) against ${againstText(report, 'the same days of the week before')}${avg}.`
    : `${who} spent ${formatUsd(weekBilled(report))} (BilledCost) in ${week.label}, `
      + `${formatSignedUsd(b.change)} (${formatChangePercentOf(b)}) against ${againstText(report, 'the week before')}${avg}.`;
}
