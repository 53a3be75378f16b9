/**
 * The "This week" section: one block per measure (BilledCost, EffectiveCost) of usage, compared
 * with last week and the 4-week average, each charge class that posts once a billing period
 * (listed, not compared), the rounding row and the total; and the notes that say what the week
 * covers and why a row is not compared.
 */
import type { LayoutSection, LayoutTable } from './layout-parts.ts';
import type { TotalFigures, WeeklyReport } from './model.ts';
import { formatUsd } from '../lib/money.ts';
import { formatChangePercentOf, formatSignedUsd, type Change } from './money.ts';
import { shiftWeek, weekSpan } from './week.ts';
import { sameDays } from './week-data.ts';
import { averagedDays, lastWeekColumnNote, notComparedBecause } from './layout-comparison.ts';

/** The row of a week's lines of a delivery that has ended inside it (DataStatus.endedBefore.thisWeek): in the total, left out of the comparison. */
const ENDED_ROW = 'Lines of a delivery that has ended';

const CLASS_NAMES: Record<string, string> = {
  recurring: 'Recurring fees', 'one-time': 'One-time charges', tax: 'Tax', credit: 'Credits, refunds and discounts', adjustment: 'Adjustments',
  posted: 'Fees, tax and credits',
};

/**
 * The days the average takes (`days`), and how many of the 4 weeks before, when not all: only weeks wholly in the store's data
 * count, and, after the end of a delivery whose data this week does not hold (`ended`: weeks left out for it), only those wholly
 * in the data of the deliveries that have not ended.
 */
function averagedWeeksNote(weeks: number, days: string | null, ended: boolean): string {
  const which = ended ? 'wholly in the store\'s data and in the data of the deliveries that have not ended' : 'wholly in the store\'s data';
  if (weeks === 0 || days === null) return ` (none of them lies ${which})`;
  return weeks === 4 ? ` (${days})` : ` (the ${weeks} of them ${which}: ${days})`;
}

function changeText(t: Change): string {
  return `${formatSignedUsd(t.change)} (${formatChangePercentOf(t)})`;
}

/** The cents a measure's rows leave of its total shown: the total less usage and every class, each rounded once. */
function roundingOf(total: bigint, usage: bigint, classes: bigint[]): bigint {
  return classes.reduce((rest, c) => rest - c, total - usage);
}

/** One row's cents this week and last. */
interface WeekAmounts {
  current: bigint;
  previous: bigint;
}

/**
 * Whether a measure's week-over-week total is all usage: no fee, tax or credit (nor a cent of
 * rounding) in it this week or last. Only then is the total compared; a total holding a fee posted
 * once a billing period would read the fee as a change in spend.
 */
function totalIsUsage(classes: WeekAmounts[], rounding: bigint[]): boolean {
  return classes.every((c) => c.current === 0n && c.previous === 0n) && rounding.every((r) => r === 0n);
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
  // The weeks usage averages (a team's totals average none: its usage is what is compared).
  const weeks = (usage ?? totals).billed.averageWeeks;
  // The average's head names its days when they are whole weeks (a cut-short week's are named in the note below).
  const days = report.status.comparedDays === 7 ? averagedDays(report.status, false) : null;
  const average = weeks === 4 || weeks === 0 ? '4-week average' : `${weeks}-week average`;
  const columns = ['Cost', 'This week', 'Last week', 'Change', days ? `${average} (${days})` : average, 'vs average'];
  const numeric = [false, true, true, true, true, true];
  if (!usage || !classes) return { columns, numeric, rows: [row('BilledCost', totals.billed), row('EffectiveCost', totals.effective)] };
  // A week a delivery that has ended stops inside, or last week compared without its lines: they are in each week's total, not in the rows compared.
  const whole = report.status.endedBefore?.thisWeek ?? null;
  const lastWhole = report.status.endedBefore?.lastWeekWhole ?? null;
  const block = (measure: 'billed' | 'effective', name: string) => {
    const own = [
      ...classes.map((c) => ({ name: CLASS_NAMES[c.chargeClass] ?? c.chargeClass, current: c.current[measure], previous: c.previous[measure] })),
      ...(whole || lastWhole ? [{ name: ENDED_ROW, current: whole?.leftOut[measure] ?? 0n, previous: lastWhole?.leftOut[measure] ?? 0n }] : []),
    ];
    const total = { ...totals[measure], current: whole?.total[measure] ?? totals[measure].current, previous: lastWhole?.total[measure] ?? totals[measure].previous };
    const rounding = {
      current: roundingOf(total.current, usage[measure].current, own.map((c) => c.current)),
      previous: roundingOf(total.previous, usage[measure].previous, own.map((c) => c.previous)),
    };
    const listed = [...own.map((c) => ({ ...c, change: 'not compared' })), { name: 'Rounding', ...rounding, change: '' }].filter((c) => c.current !== 0n || c.previous !== 0n);
    const totalCompared = compared && totalIsUsage(own, [rounding.current, rounding.previous]);
    return [
      row(`Usage (${name})`, usage[measure]),
      ...listed.map((c) => [`${c.name} (${name})`, formatUsd(c.current), c.name === ENDED_ROW && !lastWhole ? 'left out' : previous(c.previous), c.change, '', '']),
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
  if (rows.some((r) => r[0].startsWith(`${ENDED_ROW} (`))) {
    notes.push('Lines of a delivery that has ended are the lines of the delivery the "Delivery ended" warning names: they are in each week\'s total, and this week and the weeks before are compared without them.');
  }
  if (notComparedBecause(report) === null && rows.some((r) => r[0].startsWith('Total ') && r[3] === 'not compared')) {
    notes.push('The totals are not compared with last week: they hold fees, tax or credits that post once a billing period, which would read as a change in spend; usage above is what is compared.');
  }
  return notes;
}

/**
 * The "This week" section: the table, then notes on the days it covers (and those compared), last
 * week's days in the store when it holds only some, which charge classes are compared, and its
 * rows that are not.
 */
export function totalsLayoutSection(report: WeeklyReport): LayoutSection {
  const { week, status } = report;
  const compares = notComparedBecause(report) === null;
  const compared = report.usage ? report.usage.billed : report.totals.billed;
  const classNote = report.usage
    ? [`Usage (the usage charge class: hourly and daily usage) is compared with last week and the average of the 4 weeks before${averagedWeeksNote(compared.averageWeeks, averagedDays(status, true), (status.endedBefore?.weeksLeftOut.length ?? 0) > 0)}; recurring fees, one-time charges, tax and credits post once a billing period (often on the 1st or at month end), so they are listed but not compared.`]
    : [];
  const totalsLayout = totalsTable(report);
  return {
    id: 'totals', title: 'This week', paragraphs: [], tables: [totalsLayout],
    notes: [
      `Week ${week.label}: charges of ${weekSpan(sameDays(week, status.comparedDays))} (UTC day of ChargePeriodStart${compares ? `; the days compared: ${weekSpan(sameDays(week, status.comparedDays))} against ${weekSpan(sameDays(shiftWeek(week, -1), status.comparedDays))}` : ''}). BilledCost is what the invoice charges; EffectiveCost spreads upfront fees and commitments over their use.`,
      ...[lastWeekColumnNote(status)].filter((note) => note !== null),
      ...classNote,
      ...totalsNotes(report, totalsLayout.rows),
    ],
  };
}
