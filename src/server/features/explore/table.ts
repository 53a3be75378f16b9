/**
 * Explore's table: one row per value of the dimension (the largest 25, then "Other (N more)"), each
 * value a link to the next level down, and, with a comparison (compared-rows.ts), the compared
 * span's cost and the change beside it: over spans of days the change of usage alone, with the
 * Usage columns it is the difference of when the view holds fees, tax or credits too (a row of
 * fees only reads "posted", no change %); over whole months the change of the cost. Money stays
 * exact: costs are the store's decimals (each cell's data-value), changes are computed in units of
 * 1e-10 dollars (src/lib/money.ts). What is shown is in cents that add up both ways: down each
 * column to its total (each span's exact total rounded once, as the headline shows it), and along
 * each row, whose change is its two shown figures' difference, so the rows' changes add up to the
 * total's, which the headline's change repeats. Each pair of columns is rounded as
 * src/server/comparison-cents.ts rounds it (largest remainder, or controlled rounding when a row's
 * change would otherwise be more than a cent's rounding from its exact change), so that every
 * figure, each change too, is its exact amount rounded down or up.
 */
import { html } from 'hono/html';
import { shownCents, shownComparison } from '../../comparison-cents.ts';
import { centsOfUnits, formatCents, toUnits } from '../../../lib/money.ts';
import type { ComparedRow, ComparedTable } from './compared-rows.ts';
import type { SpendRow } from './compared-sums.ts';
import type { DayRange } from './range.ts';
import type { ExploreListFilter } from './view.ts';
import { DIMENSION_LABELS } from './form.ts';
import { count, type Html, moneyBesideShareCell, percent, signedMoney, tableScroll, totalShare } from '../../html/index.ts';

/**
 * Where a click on a value goes: service → usage type → resource → the resource page; account,
 * region and tag value → service. The value becomes a filter of the next view.
 */
export const DRILL: Record<string, { next: string; filter: ExploreListFilter } | { resourcePage: true }> = {
  service: { next: 'usage_type', filter: 'service' },
  account: { next: 'service', filter: 'account' },
  region: { next: 'service', filter: 'region' },
  tag: { next: 'service', filter: 'tag_value' },
  usage_type: { next: 'resource', filter: 'usage_type' },
  resource: { resourcePage: true },
};

/** Values that are not one value of the dimension ("Other (N more)", "(none)"): no drill-down. */
export function drillable(dimension: string, value: string): boolean {
  if (value === 'Other' || /^Other \(\d+ more\)$/.test(value)) return false;
  return value !== '(none)' && (value !== '(untagged)' || dimension === 'tag');
}

/** The link base a chart or row drills to, and the parameter the clicked value fills in. */
export function drillTarget(dimension: string, url: URL, range: DayRange): { href: string; param: string } | undefined {
  const step = DRILL[dimension];
  if (!step) return undefined;
  if ('resourcePage' in step) return { href: `/resource?${new URLSearchParams({ start: range.start, end: range.end })}`, param: 'id' };
  const params = new URLSearchParams(url.search);
  params.set('dimension', step.next);
  return { href: `/explore?${params}`, param: step.filter };
}

/** The URL of one value's drill-down. */
export function drillHref(target: { href: string; param: string }, value: string): string {
  const [path, query] = target.href.split('?');
  const params = new URLSearchParams(query);
  params.append(target.param, value);
  return `${path}?${params}`;
}

export interface ExploreTableInput {
  dimension: string;
  groupLabel: string;
  rows: SpendRow[];
  total: string;
  lines: number;
  drill?: { href: string; param: string };
  /** With a comparison: its rows (compared-rows.ts) and label. */
  compare?: { table: ComparedTable; label: string };
}

/**
 * The table, its footer the totals. With a comparison, a Compared column, then the change: of
 * usage with its own columns (Usage, Usage compared) when the view holds other charges too, of
 * the cost itself when it holds usage alone or compares whole months; none when nothing is compared.
 */
export function exploreTable(input: ExploreTableInput): Html {
  const { dimension, groupLabel, rows, total, lines, drill, compare } = input;
  const valueCell = (value: string) =>
    drill && drillable(dimension, value)
      ? html`<a class="drill" href="${drillHref(drill, value)}" title="${DRILL[dimension] && 'next' in DRILL[dimension] ? `${DIMENSION_LABELS[(DRILL[dimension] as { next: string }).next]} of ${value}` : `The resource ${value}`}">${value}</a>`
      : value;
  const nameCell = (name: string | null | undefined) => (dimension === 'account' ? html`<td>${name ?? ''}</td>` : '');
  if (!compare) {
    const shown = shownCents(rows.map((r) => r.cost ?? '0'), total);
    return tableScroll(`Spend by ${groupLabel.toLowerCase()}`, html`<table class="numbers" id="explore-table">
  <thead><tr><th>${groupLabel}</th>${dimension === 'account' ? html`<th>Name</th>` : ''}<th>Cost</th><th>Share</th><th>Lines</th></tr></thead>
  <tbody>
    ${rows.map((r, i) => html`<tr><td>${valueCell(r.value ?? '')}</td>${nameCell(r.name)}${costCell(r.cost ?? '0', shown[i])}<td>${percent(r.share_pct)}</td><td>${count(r.lines)}</td></tr>`)}
  </tbody>
  <tfoot><tr><th>Total</th>${nameCell('')}${costCell(total, centsOfUnits(toUnits(total)))}<td>${totalShare(rows.length, total)}</td><td>${count(String(lines))}</td></tr></tfoot>
</table>`);
  }
  const { table, label } = compare;
  const columns = changeColumns(table);
  return tableScroll(`Spend by ${groupLabel.toLowerCase()}`, html`<table class="numbers" id="explore-table">
  <thead><tr><th>${groupLabel}</th>${dimension === 'account' ? html`<th>Name</th>` : ''}<th>Cost</th><th title="${label}">Compared</th>${columns.head}<th>Share</th><th>Lines</th></tr></thead>
  <tbody>
    ${table.rows.map((r, i) => r.source
    ? html`<tr><td>${valueCell(r.value)}</td>${nameCell(r.source.name)}${columns.cells(i)}<td>${percent(r.source.share_pct)}</td><td>${count(r.source.lines)}</td></tr>`
    : html`<tr class="only-compared"><td>${r.value}</td>${nameCell('')}${columns.cells(i)}<td>–</td><td>0</td></tr>`)}
  </tbody>
  <tfoot><tr><th>Total</th>${nameCell('')}${columns.cells('total')}<td>${totalShare(rows.length, table.total.cost)}</td><td>${count(String(lines))}</td></tr></tfoot>
</table>`);
}

/** An amount in its cents as the table shows them (`<$0.01` for one not zero that shows none, format.ts). */
function costCell(exact: string, cents: bigint): Html {
  return moneyBesideShareCell(exact, cents);
}

/**
 * The columns of a compare table after Cost: their headings and each row's cells (Cost first). Each
 * pair of columns is shown in cents that add up down the columns and along the rows
 * (comparison-cents.ts); a change shown is the difference of its two shown figures.
 */
function changeColumns(table: ComparedTable): { head: Html | ''; cells: (i: number | 'total') => Html } {
  const { rows, total } = table;
  const costs = shownComparison(rows.map((r) => r.cost), total.cost, rows.map((r) => r.compared), total.compared);
  const pick = (shown: bigint[], exact: string, i: number | 'total') => (i === 'total' ? centsOfUnits(toUnits(exact)) : shown[i]);
  const row = (i: number | 'total') => (i === 'total' ? total : rows[i]);
  const costCells = (i: number | 'total') => html`${costCell(row(i).cost, pick(costs.now, total.cost, i))}${costCell(row(i).compared, pick(costs.then, total.compared, i))}`;
  if (table.on === 'none') return { head: '', cells: costCells };
  if (table.on === 'bill' || (!table.holdsOtherCharges && !table.leftOut)) {
    const head = html`<th>Change</th><th>Change %</th>`;
    return { head, cells: (i) => html`${costCells(i)}${changeCell(row(i), pick(costs.now, total.cost, i) - pick(costs.then, total.compared, i))}` };
  }
  const usage = shownComparison(rows.map((r) => r.usage ?? '0'), total.usage ?? '0', rows.map((r) => r.comparedUsage ?? '0'), total.comparedUsage ?? '0');
  const usageCells = (i: number | 'total') => {
    const r = row(i);
    const [now, then] = [pick(usage.now, r.usage ?? '0', i), pick(usage.then, r.comparedUsage ?? '0', i)];
    if (i !== 'total' && toUnits(r.usage ?? '0') === 0n && toUnits(r.comparedUsage ?? '0') === 0n) {
      return html`<td data-value="${r.usage ?? '0'}">–</td><td data-value="${r.comparedUsage ?? '0'}">–</td><td class="change" data-value="${r.change ?? ''}">–</td>${pctCell(r)}`;
    }
    return html`${costCell(r.usage ?? '0', now)}${costCell(r.comparedUsage ?? '0', then)}${changeCell(r, now - then)}`;
  };
  const without = table.leftOut ? ', without the lines of a delivery that has ended (above)' : '';
  const head = html`<th title="Usage lines alone (charge class usage)${without}">Usage</th><th title="Usage lines alone, in the compared span${without}">Usage compared</th><th>Usage change</th><th>Change %</th>`;
  return { head, cells: (i) => html`${costCells(i)}${usageCells(i)}` };
}

/** A row's change (the exact change as data-value; shown, the difference of its two shown figures in cents) and its change %. */
function changeCell(row: ComparedRow, shownDeltaCents: bigint): Html {
  return html`<td class="change" data-value="${row.change ?? ''}">${signedMoney(formatCents(shownDeltaCents))}</td>${pctCell(row)}`;
}

/** The change %: of the compared amount; "posted" for a row whose spend in a span is only fees; – when there was nothing before. */
function pctCell(row: ComparedRow): Html {
  if (row.on === 'posted') return html`<td class="change posted" data-value="" title="Only fees, tax or credits in a span: they post once a month, so they are shown but not compared day for day">posted</td>`;
  return html`<td class="change" data-value="${row.pct ?? ''}">${row.pct === null ? '–' : percent(row.pct, true)}</td>`;
}
