/**
 * The report laid out as text: titled sections of sentences and tables whose cells are the
 * formatted figures. The HTML and the plain-text part both print this layout, so they carry the
 * same figures, character for character. Each section is built by its own module (layout-*.ts,
 * *-section.ts); this one puts them in order with the heading, warnings and footer.
 */
import { savingsLayout } from './layout-savings.ts';
import { sectionLinks } from './links.ts';
import type { LayoutSection } from './layout-parts.ts';
import { anomaliesLayoutSection } from './anomalies-section.ts';
import { commitmentsLayoutSection } from './commitments-section.ts';
import { driversLayoutSection } from './drivers-section.ts';
import { kpiLayoutSection } from './kpi-section.ts';
import { alertsLayoutSection } from './alerts-section.ts';
import { budgetLayoutSection } from './budget-section.ts';
import { coverageLayoutSection } from './layout-coverage.ts';
import { moversLayoutSection, splitLayoutSection } from './layout-cuts.ts';
import { dataWarnings } from './layout-data-warnings.ts';
import { audienceTitle, headlineSentence, subjectLine } from './layout-headline.ts';
import { monthLayoutSection } from './layout-month.ts';
import { totalsLayoutSection } from './layout-totals.ts';
import type { DataStatus, DayPoint, WeeklyReport } from './model.ts';
import { endedDeliveriesPhrase } from '../analyze/ended-delivery.ts';
import { daySpan, runsOfDays, shortDay } from '../lib/calendar.ts';
import { daysHeldOf, heldRunsWords, runsText } from '../lib/store-days.ts';
import { partialDaysClause } from '../analyze/ended-delivery.ts';
import { weekSpan } from './week.ts';

export type { LayoutSection, LayoutTable } from './layout-parts.ts';
export { subjectLine } from './layout-headline.ts';

/** The whole report as text. */
export interface ReportLayout {
  subject: string;
  /** `costlens weekly report · 2026-W45 (2–8 Nov 2026)`. */
  heading: string;
  /** `Finance · the organisation`. */
  subheading: string;
  /** The headline in one sentence. */
  headline: string;
  /** Data warnings (provisional, incomplete week) shown at the top. */
  alerts: string[];
  sections: LayoutSection[];
  footer: string[];
}

/** The rounding rules, as the footer states them. */
export const ROUNDING_NOTE = 'Money is summed exactly from the line items and rounded once to cents, half away from zero. '
  + 'Tables that split a total (cost centres, services, accounts, tag coverage) round by largest remainder, so their rows add up to the total shown. '
  + 'The teams\' usage and their shares of fees, tax and credits are rounded as one table, so the teams add up to the week\'s usage and a team\'s usage and fees to its total, each within a cent of its exact amount: a team\'s usage reads the same in its e-mail and in the engineering e-mail. '
  + 'This week\'s table shows usage, each charge class and the total each rounded once, as measured; the cents its rows leave of the total are its Rounding row. '
  + 'Changes are differences of the amounts shown; percentages are the exact change over the exact earlier amount, rounded once to one decimal, as every page works them out (so a change too small for the cents shown still reads: $0.00 (+4.5%)) ("new" when it was $0.00 and is not, "unchanged" when both are $0.00, "n/a" when it was a credit). '
  + 'The 4-week average is the mean of the weekly usage of the four weeks before the report week (of those wholly in the store: after its first charge day and outside any gap), rounded half away from zero.';

/** The footer's rule for a week after the end of a delivery whose data the weeks before hold (DataStatus.endedBefore). */
export const ENDED_DELIVERY_NOTE = 'After a delivery has ended, last week and the weeks averaged (and the week it stops inside, whose spend holds them) are compared without its lines (its end is no drop in spend); '
  + 'a week holding its data that the other deliveries\' data does not cover whole is neither compared nor averaged.';

/** Finance's footer line on the chargeback CSV: what it covers, or why none is attached. */
function chargebackNote(report: WeeklyReport): string[] {
  const span = report.chargebackSpan;
  if (!span) return [];
  const key = report.costCentreTagKey;
  return [span.complete
    ? `Attached: the chargeback of ${span.period} (${span.covers}) by ${key} (costlens attribute --tag ${key} --period ${span.period} --format csv).`
    : `No chargeback attached: billing period ${span.period} is not complete by the report week's end (${span.covers}).`];
}

/**
 * The daily chart's section; its note names the lighter bars only when some day drawn is provisional (none is, of a week
 * long settled) or a partial day of a delivery that has ended whose lines its bar holds (`14 Nov 2023 is a partial day (the
 * data of aws/123412340534 ends on 13 Nov 2023)`), and the lines of a delivery that has ended its bars leave out, as the
 * comparison does (a bar leaving out a delivery's lines is not its partial day: dailyPoints).
 */
function dailyLayoutSection(report: WeeklyReport): LayoutSection {
  const provisional = [...new Set(report.daily.filter((d) => d.provisional).map((d) => d.day))].sort();
  const lighter = provisional.length ? ` Lighter bars are the provisional days (${runsText(runsOfDays(provisional))}).` : '';
  const partial = partialDaysClause(report.daily.flatMap((d) => (d.partial && !d.provisional ? [d.partial] : [])), (day) => shortDay(day, true));
  const partialNote = partial ? ` ${partial}, drawn lighter${provisional.length ? ' too' : ''}: not all of its usage is in the store.` : '';
  return { id: 'daily', title: 'Day by day', paragraphs: [], chart: 'daily', tables: [], notes: [`Usage BilledCost per day (fees, tax and credits left out).${lighter}${partialNote}${dailyLeftOutWords(report)}`] };
}

/**
 * Which weeks' bars leave out the lines of a delivery that has ended (DayPoint.leftOut), in a sentence: ` Both
 * weeks' bars leave out the lines of aws/836060457634, a delivery that has ended (its data ends on 13 Nov 2018),
 * as the comparison above does: this week's spend holds them (the "Delivery ended" warning).`; '' when none.
 */
function dailyLeftOutWords(report: WeeklyReport): string {
  const of = (series: DayPoint['series']) => [...new Set(report.daily.filter((d) => d.series === series).flatMap((d) => d.leftOut ?? []))];
  const [now, last] = [of('this week'), of('last week')];
  const sources = new Set([...now, ...last]);
  const ended = (report.status.endedBefore?.deliveries ?? []).filter((own) => own.sources.some((source) => sources.has(source)));
  if (ended.length === 0) return '';
  const which = now.length > 0 && last.length > 0 ? 'Both weeks\' bars leave' : now.length > 0 ? 'This week\'s bars leave' : 'Last week\'s bars leave';
  const held = now.length > 0 ? ': this week\'s spend holds them (the "Delivery ended" warning)' : '';
  return ` ${which} out the lines of ${endedDeliveriesPhrase(ended)}, as the comparison above does${held}.`;
}

/**
 * Lays out one report. With `publicUrl` (the dashboards' address, public-url.ts) every section
 * links to its page there; without it there are no links.
 */
export function layoutReport(report: WeeklyReport, subjectPrefix: string, publicUrl: string | null = null): ReportLayout {
  const { week, status } = report;
  const sections: LayoutSection[] = [totalsLayoutSection(report)];
  if (report.daily.length > 0) sections.push(dailyLayoutSection(report));
  if (report.month) sections.push(monthLayoutSection(report.month));
  sections.push(splitLayoutSection(report), moversLayoutSection(report));
  if (report.drivers) sections.push(driversLayoutSection(report.drivers, week, publicUrl));
  if (report.anomalies) sections.push(anomaliesLayoutSection(report.anomalies, week.label));
  if (report.coverage) sections.push(coverageLayoutSection(report.coverage, week, status));
  sections.push(savingsLayout(report));
  if (report.commitments) sections.push(commitmentsLayoutSection(report.commitments));
  if (report.kpi) sections.push(kpiLayoutSection(report.kpi));
  if (report.budgets) sections.push(budgetLayoutSection(report.budgets));
  if (report.alerts) sections.push(alertsLayoutSection(report.alerts));
  if (publicUrl) {
    const links = sectionLinks(report, publicUrl);
    for (const section of sections) section.link = links[section.id];
  }

  return {
    subject: subjectLine(report, subjectPrefix),
    heading: `costlens weekly report · ${week.label} (${weekSpan(week)})`,
    subheading: report.audience.kind === 'team' ? audienceTitle(report) : `${audienceTitle(report)} · ${report.scope}`,
    headline: headlineSentence(report),
    alerts: dataWarnings(report),
    sections,
    footer: [
      ROUNDING_NOTE,
      ...(status.endedBefore ? [ENDED_DELIVERY_NOTE] : []),
      `Data in the store: ${storeRunsText(status)}${provisionalFooter(status)}.`,
      ...chargebackNote(report),
    ],
  };
}

/**
 * The days the store holds, as the footer names them: its runs around the gaps (`1 Oct – 9 Nov 2018 and 13–30 Nov
 * 2018`), never one span over them (it read `1 Oct 2018 – 30 Sep 2024` over a five-year gap).
 */
function storeRunsText(status: Pick<DataStatus, 'firstDay' | 'lastDay' | 'gaps'>): string {
  return heldRunsWords(daysHeldOf(status.firstDay, status.lastDay, { firstDay: status.firstDay, gaps: status.gaps }));
}

/**
 * The footer's provisional days: `; provisional from 28 Sep 2024`, or, when they end before the store's
 * data (counted back from the horizon of the delivery holding the week: provisional-from.ts),
 * `; provisional: 11–13 Nov 2023 (the last days of the data of this week's source)`; '' with none.
 */
function provisionalFooter(status: WeeklyReport['status']): string {
  if (!status.provisionalFrom) return '';
  if (!status.provisionalTo) return `; provisional from ${shortDay(status.provisionalFrom, true)}`;
  return `; provisional: ${daySpan(status.provisionalFrom, status.provisionalTo)} (the last days of the data of this week's source)`;
}
