/**
 * The week cut by a dimension: the "Spend by …" section (every value of the audience's split,
 * adding up to the week's usage, with a total row) and "Top movers" (the largest changes against
 * last week, per dimension). Their week columns name their days: `This week (30 Nov – 6 Dec)`.
 */
import { UNTAGGED } from '../analyze/attribution/index.ts';
import type { LayoutSection, LayoutTable } from './layout-parts.ts';
import { SHARED_LABEL } from './spend.ts';
import type { CutRow, WeeklyReport } from './model.ts';
import { formatPercentTenths, formatUsd } from '../lib/money.ts';
import { formatChangePercentOf, formatSignedUsd, type Change } from './money.ts';
import { againstText, lastWeekColumnNote, notComparedBecause, weekColumns } from './layout-comparison.ts';
import { capitalised } from '../lib/text.ts';

function label(r: CutRow): string {
  return r.name ? `${r.name} (${r.value})` : r.value;
}

/** The total of a cut's rows (each measure rounded to add up to it). */
function splitTotal(rows: CutRow[]): { billed: bigint; previous: bigint; effective: bigint } {
  return rows.reduce((t, r) => ({ billed: t.billed + r.current, previous: t.previous + r.previous, effective: t.effective + r.effective }), { billed: 0n, previous: 0n, effective: 0n });
}

/**
 * A cut of the week (every value, adding up to the total). A week not compared shows last week's
 * figures as "This week" does (its days in the store; "no data" when it has none) and – for the
 * change, rather than a change it does not make.
 */
function cutTable(heading: string, weeks: [string, string], rows: CutRow[], withTotal: { billed: bigint; previous: bigint; effective: bigint } | null, compared: boolean, lastWeekAbsent: boolean): LayoutTable {
  const previous = (c: Change) => (lastWeekAbsent ? 'no data' : formatUsd(c.previous));
  const then = (c: Change) => (compared ? [formatUsd(c.previous), formatSignedUsd(c.change), formatChangePercentOf(c)] : [previous(c), '–', '–']);
  const table: LayoutTable = {
    columns: [heading, ...weeks, 'Change', '%', 'Share', 'EffectiveCost'],
    numeric: [false, true, true, true, true, true, true],
    rows: rows.map((r) => [label(r), formatUsd(r.current), ...then(r), formatPercentTenths(r.shareTenths), formatUsd(r.effective)]),
  };
  if (withTotal) {
    const [previous, change] = then({ current: withTotal.billed, previous: withTotal.previous, change: withTotal.billed - withTotal.previous, tenths: null });
    table.footer = ['Total', formatUsd(withTotal.billed), previous, change, '', withTotal.billed > 0n ? '100.0%' : '–', formatUsd(withTotal.effective)];
  }
  return table;
}

function moversTable(heading: string, weeks: [string, string], rows: CutRow[]): LayoutTable {
  return {
    columns: [heading, ...weeks, 'Change', '%'],
    numeric: [false, true, true, true, true],
    rows: rows.map((r) => [label(r), formatUsd(r.current), formatUsd(r.previous), formatSignedUsd(r.change), formatChangePercentOf(r)]),
  };
}

/** "Spend by service / cost centre / team": the audience's split of the week's usage, every value, with its total. */
export function splitLayoutSection(report: WeeklyReport): LayoutSection {
  const compares = notComparedBecause(report) === null;
  const splitTitle = report.split.dimension === 'service' ? 'Spend by service' : report.audience.kind === 'finance' ? `Spend by cost centre (${report.split.dimension})` : `Spend by team (${report.split.dimension})`;
  return {
    id: 'split', title: splitTitle, paragraphs: [], chart: report.split.dimension === 'service' ? 'services' : undefined,
    tables: [cutTable(capitalised(report.split.dimension), weekColumns(report), report.split.rows, splitTotal(report.split.rows), compares, report.status.lastWeekNotInStore?.all === true)],
    notes: [report.split.dimension === 'service'
      ? `The team's usage by service (lines whose ${report.ownerTagKey} tag, after attribution, is ${report.audience.kind === 'team' ? report.audience.team : ''})${report.split.rows.some((r) => r.value === SHARED_LABEL) ? `; ${SHARED_LABEL} is its share of the shared-cost rules` : ''}; its share of fees, tax and credits is in the totals above.`
      : `Usage by every value of the ${report.split.dimension} tag after attribution (aliases, account defaults and shared-cost rules of the config); ${UNTAGGED} is usage that carries none. Fees, tax and credits post once a billing period and are in the totals above.`,
    ...[lastWeekColumnNote(report.status)].filter((note) => note !== null)],
  };
}

/** "Top movers": a table per dimension that moved, or why nothing is compared. */
export function moversLayoutSection(report: WeeklyReport): LayoutSection {
  const notCompared = notComparedBecause(report);
  const compares = notCompared === null;
  const movers = compares ? report.movers.filter((m) => m.rows.length > 0) : [];
  return {
    id: 'movers', title: 'Top movers',
    paragraphs: compares ? (movers.length ? [] : ['Nothing moved.']) : [`Not compared: ${notCompared.why}.`],
    chart: report.split.dimension === 'service' || !compares ? undefined : 'movers',
    tables: movers.map((m) => moversTable(capitalised(m.dimension), weekColumns(report), m.rows)),
    notes: compares ? [report.usage
      ? `The largest changes of BilledCost against ${againstText(report, 'the week before')}, up or down, of usage only: services, accounts and tag values (after attribution).`
      : `The largest changes of BilledCost against ${againstText(report, 'the week before')}, up or down.`] : [],
  };
}
