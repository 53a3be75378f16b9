/**
 * The report laid out as text: titled sections of sentences and tables whose cells are the
 * formatted figures. The HTML and the plain-text part both print this layout, so they carry the
 * same figures, character for character.
 */
import { UNTAGGED } from '../analyze/attribution/index.ts';
import { savingsLayout } from './layout-savings.ts';
import { sectionLinks } from './links.ts';
import type { LayoutSection, LayoutTable } from './layout-parts.ts';
import { anomaliesLayoutSection } from './anomalies-section.ts';
import { commitmentsLayoutSection } from './commitments-section.ts';
import { driversLayoutSection } from './drivers-section.ts';
import { kpiLayoutSection } from './kpi-section.ts';
import { alertsLayoutSection } from './alerts-section.ts';
import { budgetLayoutSection } from './budget-section.ts';
import { SHARED_LABEL } from './spend.ts';
import type { CutRow, TotalFigures, WeeklyReport } from './model.ts';
import { formatPercentTenths, formatUsd } from '../lib/money.ts';
import { formatChangePercent, formatSignedUsd } from './money.ts';
import { daysNotInStoreAre, runsOfDays, shortDay } from '../lib/calendar.ts';
import { shiftWeek, weekSpan } from './week.ts';
import { sameDays } from './week-data.ts';
import { againstText, lastWeekHeld, notComparedBecause, trendWeekLabel } from './layout-comparison.ts';
import { capitalised } from '../lib/text.ts';

export type { LayoutSection, LayoutTable } from './layout-parts.ts';

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

const AUDIENCE_TITLE = { finance: 'Finance', engineering: 'Engineering', team: 'Team' } as const;

/** The rounding rules, as the footer states them. */
export const ROUNDING_NOTE = 'Money is summed exactly from the line items and rounded once to cents, half away from zero. '
  + 'Tables that split a total (cost centres, services, accounts, tag coverage) round by largest remainder, so their rows add up to the total shown. '
  + 'The teams\' usage and their shares of fees, tax and credits are rounded as one table, so the teams add up to the week\'s usage and a team\'s usage and fees to its total, each within a cent of its exact amount: a team\'s usage reads the same in its e-mail and in the engineering e-mail. '
  + 'This week\'s table shows usage, each charge class and the total each rounded once, as measured; the cents its rows leave of the total are its Rounding row. '
  + 'Changes are differences of the amounts shown; percentages are those changes over the earlier amount shown, to one decimal ("new" when it was $0.00, "n/a" when it was a credit). '
  + 'The 4-week average is the mean of the weekly totals of the four weeks before the report week (of those wholly in the store: after its first charge day and outside any gap), rounded half away from zero.';

function title(report: WeeklyReport): string {
  return report.audience.kind === 'team' ? `Team ${report.audience.team}` : AUDIENCE_TITLE[report.audience.kind];
}

/** How many of the 4 weeks before the average takes, when not all: only weeks wholly in the store's data count. */
function averagedWeeksNote(weeks: number): string {
  if (weeks === 4) return '';
  return weeks === 0 ? ' (none of them lies wholly in the store\'s data)' : ` (the ${weeks} of them wholly in the store's data)`;
}

function changeText(t: { change: bigint; tenths: bigint | null; previous: bigint }): string {
  return `${formatSignedUsd(t.change)} (${formatChangePercent(t.tenths, t.previous)})`;
}

/** Finance's footer line on the chargeback CSV: what it covers, or why none is attached. */
function chargebackNote(report: WeeklyReport): string[] {
  const span = report.chargebackSpan;
  if (!span) return [];
  const key = report.costCentreTagKey;
  return [span.complete
    ? `Attached: the chargeback of ${span.period} (${span.covers}) by ${key} (costlens attribute --tag ${key} --period ${span.period} --format csv).`
    : `No chargeback attached: billing period ${span.period} is not complete (${span.covers}).`];
}

/** The subject line: audience, week, and the headline number with its change. */
export function subjectLine(report: WeeklyReport, prefix: string): string {
  const b = report.totals.billed;
  const { missingDays, lastWeekNotInStore, weekNotInStore, provisionalDays } = report.status;
  const incompleteWeek = missingDays.length > 0 || weekNotInStore !== null;
  const flags = incompleteWeek ? ' [incomplete week]' : lastWeekNotInStore ? ' [incomplete last week]' : provisionalDays.length > 0 ? ' [provisional]' : '';
  const because = notComparedBecause(report);
  const change = because?.side === 'last week' && lastWeekNotInStore!.all && report.status.comparedDays === 7 ? 'no last week in the store to compare'
    : because?.side === 'last week' && !lastWeekNotInStore!.all ? `not compared with last week (${lastWeekHeld(report)} in the store)`
    : because ? `not compared: ${because.why}`
    : report.usage ? `usage ${formatChangePercent(report.usage.billed.tenths, report.usage.billed.previous)} vs last week` : `${formatChangePercent(b.tenths, b.previous)} vs last week`;
  const head = `${title(report)} weekly ${report.week.label} (${weekSpan(report.week)}): ${formatUsd(b.current)} billed, ${change}${flags}`;
  return prefix ? `${prefix} ${head}` : head;
}

const CLASS_NAMES: Record<string, string> = {
  recurring: 'Recurring fees', 'one-time': 'One-time charges', tax: 'Tax', credit: 'Credits and refunds', posted: 'Fees, tax and credits',
};

/** The cents a measure's rows leave of its total shown: the total less usage and every class, each rounded once. */
function roundingOf(total: bigint, usage: bigint, classes: bigint[]): bigint {
  return classes.reduce((rest, c) => rest - c, total - usage);
}

/**
 * Whether a measure's week-over-week total is all usage: no fee, tax or credit (nor a cent of
 * rounding) in it this week or last. Only then is the total compared; a total holding a fee posted
 * once a billing period would read the fee as a change in spend.
 */
function totalIsUsage(classes: WeekAmounts[], rounding: bigint[]): boolean {
  return classes.every((c) => c.current === 0n && c.previous === 0n) && rounding.every((r) => r === 0n);
}

/** One row's cents this week and last. */
interface WeekAmounts {
  current: bigint;
  previous: bigint;
}

/**
 * This week's table, one block per measure: usage (compared with last week and the average), each
 * charge class that posts once a period (listed, not compared), the cents those rows, each rounded
 * once, leave of the total shown (a rounding row, when there are any), and the total. The total is
 * compared only when it is all usage (then its change is usage's); otherwise its change reads
 * "not compared", and a note says why.
 */
function totalsTable(report: WeeklyReport): LayoutTable {
  const { totals, usage, classes } = report;
  const absent = report.status.lastWeekNotInStore?.all === true;
  const because = notComparedBecause(report);
  const compared = because === null;
  // A week whose own days are not all in the store is compared with no average either.
  const averaged = because?.side !== 'this week';
  const previous = (amount: bigint) => (absent ? 'no data' : formatUsd(amount));
  const row = (name: string, t: TotalFigures) => [
    name, formatUsd(t.current), previous(t.previous), compared ? changeText(t) : 'not compared',
    t.average === null ? '–' : formatUsd(t.average), t.vsAverage === null || !averaged ? '–' : changeText(t.vsAverage),
  ];
  const weeks = totals.billed.averageWeeks;
  const columns = ['Cost', 'This week', 'Last week', 'Change', weeks === 4 || weeks === 0 ? '4-week average' : `${weeks}-week average`, 'vs average'];
  const numeric = [false, true, true, true, true, true];
  if (!usage || !classes) return { columns, numeric, rows: [row('BilledCost', totals.billed), row('EffectiveCost', totals.effective)] };
  const block = (measure: 'billed' | 'effective', name: string) => {
    const own = classes.map((c) => ({ name: CLASS_NAMES[c.chargeClass] ?? c.chargeClass, current: c.current[measure], previous: c.previous[measure] }));
    const total = totals[measure];
    const rounding = {
      current: roundingOf(total.current, usage[measure].current, own.map((c) => c.current)),
      previous: roundingOf(total.previous, usage[measure].previous, own.map((c) => c.previous)),
    };
    const listed = [...own.map((c) => ({ ...c, change: 'not compared' })), { name: 'Rounding', ...rounding, change: '' }].filter((c) => c.current !== 0n || c.previous !== 0n);
    const totalCompared = compared && totalIsUsage(own, [rounding.current, rounding.previous]);
    return [
      row(`Usage (${name})`, usage[measure]),
      ...listed.map((c) => [`${c.name} (${name})`, formatUsd(c.current), previous(c.previous), c.change, '', '']),
      [`Total ${name}`, formatUsd(total.current), previous(total.previous), totalCompared ? formatSignedUsd(total.change) : compared ? 'not compared' : '', '', ''],
    ];
  };
  return { columns, numeric, rows: [...block('billed', 'BilledCost'), ...block('effective', 'EffectiveCost')] };
}

/**
 * The notes under this week's table on its rows that are not compared: what a rounding row is, and
 * why a total holding fees, tax or credits is not compared. Empty when the table has no such rows.
 */
function totalsNotes(report: WeeklyReport, rows: string[][]): string[] {
  if (!report.usage || !report.classes) return [];
  const notes: string[] = [];
  if (rows.some((r) => r[0].startsWith('Rounding ('))) {
    notes.push('Rounding is the cents the rows above it leave of the total: usage, each charge class and the total are each summed exactly and rounded once to the cent, so the rows can miss the total by a cent or two.');
  }
  if (notComparedBecause(report) === null && rows.some((r) => r[0].startsWith('Total ') && r[3] === 'not compared')) {
    notes.push('The totals are not compared with last week: they hold fees, tax or credits that post once a billing period, which would read as a change in spend; usage above is what is compared.');
  }
  return notes;
}

function label(r: CutRow): string {
  return r.name ? `${r.name} (${r.value})` : r.value;
}

/** The total of a cut's rows (each measure rounded to add up to it). */
function splitTotal(rows: CutRow[]): { billed: bigint; previous: bigint; effective: bigint } {
  return rows.reduce((t, r) => ({ billed: t.billed + r.current, previous: t.previous + r.previous, effective: t.effective + r.effective }), { billed: 0n, previous: 0n, effective: 0n });
}

/** A cut of the week (every value, adding up to the total); without a last week in the store, its columns read – rather than $0.00 and a change. */
function cutTable(heading: string, rows: CutRow[], withTotal: { billed: bigint; previous: bigint; effective: bigint } | null, compared: boolean): LayoutTable {
  const then = (amount: bigint, change: bigint, tenths: bigint | null) => (compared ? [formatUsd(amount), formatSignedUsd(change), formatChangePercent(tenths, amount)] : ['–', '–', '–']);
  const table: LayoutTable = {
    columns: [heading, 'This week', 'Last week', 'Change', '%', 'Share', 'EffectiveCost'],
    numeric: [false, true, true, true, true, true, true],
    rows: rows.map((r) => [label(r), formatUsd(r.current), ...then(r.previous, r.change, r.tenths), formatPercentTenths(r.shareTenths), formatUsd(r.effective)]),
  };
  if (withTotal) {
    const [previous, change] = then(withTotal.previous, withTotal.billed - withTotal.previous, null);
    table.footer = ['Total', formatUsd(withTotal.billed), previous, change, '', withTotal.billed > 0n ? '100.0%' : '–', formatUsd(withTotal.effective)];
  }
  return table;
}

function moversTable(heading: string, rows: CutRow[]): LayoutTable {
  return {
    columns: [heading, 'This week', 'Last week', 'Change', '%'],
    numeric: [false, true, true, true, true],
    rows: rows.map((r) => [label(r), formatUsd(r.current), formatUsd(r.previous), formatSignedUsd(r.change), formatChangePercent(r.tenths, r.previous)]),
  };
}

/**
 * Lays out one report. With `publicUrl` (the dashboards' address, public-url.ts) every section
 * links to its page there; without it there are no links.
 */
export function layoutReport(report: WeeklyReport, subjectPrefix: string, publicUrl: string | null = null): ReportLayout {
  const { week, totals, status } = report;
  const b = totals.billed;
  const sections: LayoutSection[] = [];
  const alerts: string[] = [];
  if (status.missingDays.length > 0) {
    const missing = status.missingDays;
    const days = missing.length === 1 ? shortDay(missing[0]) : `${shortDay(missing[0])} – ${shortDay(missing.at(-1)!)}`;
    alerts.push(`Incomplete week: the store has billing data up to ${shortDay(status.lastDay, true)}; ${days} ${missing.length === 1 ? 'is' : 'are'} not in it yet, so this week's days are compared with the same days of the weeks before.`);
  }
  const notCompared = notComparedBecause(report);
  const compares = notCompared === null;
  const { weekNotInStore: thisWeek, lastWeekNotInStore: lastWeek } = status;
  if (thisWeek) alerts.push(`Incomplete week: ${thisWeek.why}; ${daysNotInStoreAre(thisWeek)} not in it, so this week has ${status.weekDaysHeld} of its days${status.comparedNotInStore ? ' and is not compared with last week' : ''}.`);
  if (lastWeek?.all) alerts.push(`No last week: ${lastWeek.why}${lastWeek.gaps.length ? '' : `, after ${weekSpan(sameDays(shiftWeek(week, -1), status.comparedDays))}`}, so this week is not compared with it.`);
  else if (lastWeek) alerts.push(`Incomplete last week: ${lastWeek.why}; ${daysNotInStoreAre(lastWeek)} not in it, so this week is not compared with it (it holds ${lastWeekHeld(report)}).`);
  if (status.provisionalDays.length > 0) {
    alerts.push(`Provisional: ${status.provisionalDays.map((d) => shortDay(d)).join(', ')} are among the last days of billing data, which AWS may still restate; their figures can change.`);
  }

  const compared = report.usage ? report.usage.billed : b;
  const avg = compared.average === null ? '' : `, ${formatChangePercent(compared.vsAverage!.tenths, compared.average)} against the ${compared.averageWeeks}-week average of ${formatUsd(compared.average)}${status.comparedDays < 7 ? ' (of the same days)' : ''}`;
  const who = report.audience.kind === 'team' ? `Team ${report.audience.team}` : 'The organisation';
  const headline = !compares
    ? `${who} spent ${formatUsd(b.current)} (BilledCost) in ${week.label}${report.usage ? `; usage was ${formatUsd(compared.current)}` : ''}. `
      + `${capitalised(notCompared.why)}, so nothing is compared with ${notCompared.side === 'last week' ? 'it' : 'last week'}.`
    : report.usage
    ? `${who} spent ${formatUsd(b.current)} (BilledCost) in ${week.label}; usage was ${formatUsd(compared.current)}, `
      + `${formatSignedUsd(compared.change)} (${formatChangePercent(compared.tenths, compared.previous)}) against ${againstText(report, 'the same days of the week before')}${avg}.`
    : `${who} spent ${formatUsd(b.current)} (BilledCost) in ${week.label}, `
      + `${formatSignedUsd(b.change)} (${formatChangePercent(b.tenths, b.previous)}) against ${againstText(report, 'the week before')}${avg}.`;
  const classNote = report.usage
    ? [`Usage (the usage charge class: hourly and daily usage) is compared with last week and the average of the 4 weeks before${averagedWeeksNote(compared.averageWeeks)}; recurring fees, one-time charges, tax and credits post once a billing period (often on the 1st or at month end), so they are listed but not compared.`]
    : [];
  const totalsLayout = totalsTable(report);
  sections.push({
    id: 'totals', title: 'This week', paragraphs: [], tables: [totalsLayout],
    notes: [
      `Week ${week.label}: charges from ${week.start} up to, not including, ${sameDays(week, status.comparedDays).end} (UTC day of ChargePeriodStart${compares ? `; the days compared: ${weekSpan(sameDays(week, status.comparedDays))} against ${weekSpan(sameDays(shiftWeek(week, -1), status.comparedDays))}` : ''}). BilledCost is what the invoice charges; EffectiveCost spreads upfront fees and commitments over their use.`,
      ...(lastWeek && !lastWeek.all ? [`Last week's column is its ${status.comparedDays - lastWeek.days} days in the store (${daysNotInStoreAre(lastWeek)} not), shown but not compared.`] : []),
      ...classNote,
      ...totalsNotes(report, totalsLayout.rows),
    ],
  });

  if (report.daily.length > 0) {
    sections.push({ id: 'daily', title: 'Day by day', paragraphs: [], chart: 'daily', tables: [], notes: ['Usage BilledCost per day (fees, tax and credits left out). Lighter bars are provisional days.'] });
  }

  if (report.month) {
    const m = report.month;
    const row = (name: string, x: typeof m.billed) => [name, formatUsd(x.mtd), x.projected === null ? '–' : formatUsd(x.projected), x.forecast === null ? '–' : formatUsd(x.forecast),
      x.low === null || x.high === null ? '–' : `${formatUsd(x.low)} – ${formatUsd(x.high)}`];
    sections.push({
      id: 'month', title: `Month to date: ${m.month}`,
      paragraphs: [`From ${shortDay(`${m.month}-01`)} to ${shortDay(m.through, true)}${m.provisionalDays.length ? ` (${m.provisionalDays.length} provisional day(s) included)` : ''}.${monthMissingNote(m.missingDays)}`],
      tables: [{ columns: ['Cost', 'Month to date', 'Projected rest of month', 'Month-end forecast', 'Range'], numeric: [false, true, true, true, true], rows: [row('BilledCost', m.billed), row('EffectiveCost', m.effective)] }],
      notes: [m.noForecast ? `No forecast: ${m.noForecast}` : `Forecast as of ${shortDay(m.through, true)}: the month to date plus the usage run-rate projected over the remaining days${m.missingDays.length ? ' (and the days missing from the store)' : ''} and the recurring fees and tax still expected from the previous month (costlens forecast --as-of ${m.through}); the range is its low/high band.`],
    });
  }

  const splitTitle = report.split.dimension === 'service' ? 'Spend by service' : report.audience.kind === 'finance' ? `Spend by cost centre (${report.split.dimension})` : `Spend by team (${report.split.dimension})`;
  sections.push({
    id: 'split', title: splitTitle, paragraphs: [], chart: report.split.dimension === 'service' ? 'services' : undefined,
    tables: [cutTable(capitalised(report.split.dimension), report.split.rows, splitTotal(report.split.rows), compares)],
    notes: [report.split.dimension === 'service'
      ? `The team's usage by service (lines whose ${report.ownerTagKey} tag, after attribution, is ${report.audience.kind === 'team' ? report.audience.team : ''})${report.split.rows.some((r) => r.value === SHARED_LABEL) ? `; ${SHARED_LABEL} is its share of the shared-cost rules` : ''}; its share of fees, tax and credits is in the totals above.`
      : `Usage by every value of the ${report.split.dimension} tag after attribution (aliases, account defaults and shared-cost rules of the config); ${UNTAGGED} is usage that carries none. Fees, tax and credits post once a billing period and are in the totals above.`],
  });

  const movers = compares ? report.movers.filter((m) => m.rows.length > 0) : [];
  sections.push({
    id: 'movers', title: 'Top movers',
    paragraphs: compares ? (movers.length ? [] : ['Nothing moved.']) : [`Not compared: ${notCompared.why}.`],
    chart: report.split.dimension === 'service' || !compares ? undefined : 'services',
    tables: movers.map((m) => moversTable(capitalised(m.dimension), m.rows)),
    notes: compares ? [report.usage
      ? `The largest changes of BilledCost against ${againstText(report, 'the week before')}, up or down, of usage only: services, accounts and tag values (after attribution).`
      : `The largest changes of BilledCost against ${againstText(report, 'the week before')}, up or down.`] : [],
  });

  if (report.drivers) sections.push(driversLayoutSection(report.drivers, week, publicUrl));

  if (report.anomalies) sections.push(anomaliesLayoutSection(report.anomalies, week.label));

  if (report.coverage) {
    const points = report.coverage.points;
    const last = points.at(-1);
    // The trend leaves out weeks the store holds no day of: its last point is this week only when this week has data.
    const thisWeek = last && last.week.start === week.start ? last : null;
    sections.push({
      id: 'coverage', title: `Untagged spend and ${report.coverage.key} tag coverage`,
      paragraphs: [thisWeek
        ? `${formatUsd(thisWeek.untagged)} of ${formatUsd(thisWeek.total)} carried no ${report.coverage.key} tag this week; coverage ${formatPercentTenths(thisWeek.coverageTenths)}.`
        : `This week has no billing data in the store, so no coverage; the weeks before it are listed.`],
      chart: 'trend',
      tables: [{
        columns: ['Week', 'Total', 'Tagged', 'Account default', 'Shared', 'Untagged', 'Coverage'],
        numeric: [false, true, true, true, true, true, true],
        rows: points.map((p) => [trendWeekLabel(p.week, status), formatUsd(p.total), formatUsd(p.tagged), formatUsd(p.accountDefault), formatUsd(p.shared), formatUsd(p.untagged), formatPercentTenths(p.coverageTenths)]),
      }],
      notes: ['Coverage is the tagged BilledCost over the week total; each line is counted once, as costlens attribute --coverage counts it.'],
    });
  }

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
    subheading: report.audience.kind === 'team' ? title(report) : `${title(report)} · ${report.scope}`,
    headline,
    alerts,
    sections,
    footer: [
      ROUNDING_NOTE,
      `Data in the store: ${shortDay(status.firstDay, true)} to ${shortDay(status.lastDay, true)}${status.provisionalFrom ? `; provisional from ${shortDay(status.provisionalFrom, true)}` : ''}.`,
      ...chargebackNote(report),
    ],
  };
}

/** The month section's words on days of the month the store does not hold ('' when it holds them all). */
function monthMissingNote(missing: readonly string[]): string {
  if (missing.length === 0) return '';
  return ` ${daysNotInStoreAre({ runs: runsOfDays(missing), days: missing.length })} not in the store: the month to date leaves them out and the projection estimates them at the usage run-rate, never as $0.00.`;
}
