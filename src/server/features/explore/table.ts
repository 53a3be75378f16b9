/**
 * Explore's table: one row per value of the dimension (the largest 25, then "Other (N more)"), each
 * value a link to the next level down, and, with a comparison, the compared span's cost and the
 * change beside it. Money stays exact: costs are the store's decimals (each cell's data-value),
 * changes are computed in units of 1e-10 dollars (src/lib/money.ts). What is shown is in cents that
 * add up both ways: down each column to its total (each span's exact total rounded once, as the
 * headline shows it), and along each row, whose change is its two shown figures' difference, so
 * the rows' changes add up to the total's, which the headline's change repeats. Each column's rows
 * are the largest-remainder rounding of its total unless a row's change would then be more than a
 * cent's rounding from its exact change (an exact +$72.50 read +$72.49); then the table is rounded
 * as a whole (controlled rounding, src/lib/controlled-rounding.ts), so that every figure, each
 * change too, is its exact amount rounded down or up, and a row whose cost did not change shows
 * the same figure in both columns.
 */
import { html } from 'hono/html';
import { shownCents, shownComparison } from '../../comparison-cents.ts';
import { centsOfUnits, divideRounded, formatCents, formatDecimal, fromUnits, parseDecimal, toUnits } from '../../../lib/money.ts';
import type { DayRange } from './range.ts';
import type { ExploreListFilter } from './view.ts';
import { DIMENSION_LABELS } from './form.ts';
import { count, type Html, money, percent, signedMoney, tableScroll } from '../../html/index.ts';

/** A row of explore/spend_by as text cells. */
export type SpendRow = Record<string, string | null>;

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
  /** The compared span's rows (every value, top 500) and total, with its label. */
  compare?: { rows: SpendRow[]; total: string; label: string };
}

/** The table, its footer the totals; with a comparison, "Compared" and "Change" columns. */
export function exploreTable(input: ExploreTableInput): Html {
  const { dimension, groupLabel, rows, total, lines, drill, compare } = input;
  const before = compare ? comparedCosts(rows, compare.rows, compare.total) : undefined;
  const valueCell = (value: string) =>
    drill && drillable(dimension, value)
      ? html`<a class="drill" href="${drillHref(drill, value)}" title="${DRILL[dimension] && 'next' in DRILL[dimension] ? `${DIMENSION_LABELS[(DRILL[dimension] as { next: string }).next]} of ${value}` : `The resource ${value}`}">${value}</a>`
      : value;
  const missing = compare && before ? onlyCompared(rows, compare.rows, compare.total, before) : undefined;
  const nowCosts = [...rows.map((r) => r.cost ?? '0'), ...(missing ? ['0'] : [])];
  const thenCosts = before ? [...before, ...(missing ? [missing.cost] : [])] : [];
  const { now: shownNow, then: shownThen } = compare && before ? shownComparison(nowCosts, total, thenCosts, compare.total) : { now: shownCents(nowCosts, total), then: undefined };
  const costCell = (exact: string, cents: bigint) => html`<td data-value="${exact}">${money(formatCents(cents))}</td>`;
  const compareCells = (now: string, then: string | undefined, i: number | 'total') => {
    if (then === undefined || !shownThen) return '';
    const thenCents = i === 'total' ? centsOfUnits(toUnits(then)) : shownThen[i];
    const nowCents = i === 'total' ? centsOfUnits(toUnits(now)) : shownNow[i];
    return html`${costCell(then, thenCents)}${changeCells(now, then, nowCents - thenCents)}`;
  };
  return tableScroll(`Spend by ${groupLabel.toLowerCase()}`, html`<table class="numbers" id="explore-table">
  <thead><tr><th>${groupLabel}</th>${dimension === 'account' ? html`<th>Name</th>` : ''}<th>Cost</th>${compare ? html`<th title="${compare.label}">Compared</th><th>Change</th><th>Change %</th>` : ''}<th>Share</th><th>Lines</th></tr></thead>
  <tbody>
    ${rows.map((r, i) => html`<tr><td>${valueCell(r.value ?? '')}</td>${dimension === 'account' ? html`<td>${r.name ?? ''}</td>` : ''}${costCell(r.cost ?? '0', shownNow[i])}${compareCells(r.cost ?? '0', before?.[i], i)}<td>${percent(r.share_pct)}</td><td>${count(r.lines)}</td></tr>`)}
    ${missing ? html`<tr class="only-compared"><td>${missing.label}</td>${dimension === 'account' ? html`<td></td>` : ''}${costCell('0', 0n)}${compareCells('0', missing.cost, rows.length)}<td>–</td><td>0</td></tr>` : ''}
  </tbody>
  <tfoot><tr><th>Total</th>${dimension === 'account' ? html`<td></td>` : ''}${costCell(total, centsOfUnits(toUnits(total)))}${compareCells(total, compare?.total, 'total')}<td>${rows.length ? '100.00%' : '–'}</td><td>${count(String(lines))}</td></tr></tfoot>
</table>`);
}

/**
 * The compared span's cost of each shown row: a named value's own (zero when it had none then),
 * and for "Other (N more)" the compared total less every named row's, so the column adds up to
 * the compared total exactly.
 */
export function comparedCosts(rows: SpendRow[], compared: SpendRow[], comparedTotal: string): string[] {
  const byValue = new Map(compared.map((r) => [r.value ?? '', toUnits(r.cost ?? '0')]));
  const named = rows.map((r) => (drillableOrNamed(r.value ?? '') ? byValue.get(r.value ?? '') ?? 0n : undefined));
  const namedSum = named.reduce<bigint>((s, v) => s + (v ?? 0n), 0n);
  return named.map((v) => fromUnits(v ?? toUnits(comparedTotal) - namedSum));
}

/**
 * The compared span's cost of values the range does not hold at all (a service used last week
 * only), as one row, so the Compared column still adds up to the compared total; undefined when
 * every compared value is shown (or "Other" took them).
 */
export function onlyCompared(rows: SpendRow[], compared: SpendRow[], comparedTotal: string, shown: string[]): { label: string; cost: string } | undefined {
  const rest = toUnits(comparedTotal) - shown.reduce((s, v) => s + toUnits(v), 0n);
  if (rest === 0n) return undefined;
  const present = new Set(rows.map((r) => r.value));
  const absent = compared.filter((r) => !present.has(r.value)).length;
  return { label: `Only in the compared span (${absent} ${absent === 1 ? 'value' : 'values'})`, cost: fromUnits(rest) };
}

function drillableOrNamed(value: string): boolean {
  return !/^Other \(\d+ more\)$/.test(value);
}

/** Adds decimal texts exactly (no floating point), keeping the most decimals any of them has. */
export function sumDecimals(values: (string | null)[]): string {
  const present = values.filter((v): v is string => v !== null && /^-?\d+(\.\d+)?$/.test(v));
  const scale = Math.max(0, ...present.map((v) => (v.split('.')[1] ?? '').length));
  return formatDecimal(present.reduce((total, v) => total + parseDecimal(v, scale), 0n), scale);
}

/**
 * The change from `then` to `now`: exact decimal text, and hundredths of a percent of `then`
 * (rounded once, half away from zero; null when then is zero).
 */
export function change(now: string, then: string): { delta: string; pct: string | null } {
  const delta = toUnits(now) - toUnits(then);
  const base = toUnits(then);
  return { delta: fromUnits(delta), pct: base === 0n ? null : formatDecimal(divideRounded(delta * 10_000n, base < 0n ? -base : base), 2) };
}

/** `+$12.34 (+5.67%)`: a change of two totals as a sentence shows it (the money: the difference of the two totals as shown, in cents). */
export function changeText(now: string, then: string): string {
  const { pct } = change(now, then);
  const shown = centsOfUnits(toUnits(now)) - centsOfUnits(toUnits(then));
  return `${signedMoney(formatCents(shown))} (${pct === null ? 'no cost before' : percent(pct, true)})`;
}

/**
 * The change cells of a row: signed money (the exact change as data-value; shown, the difference
 * of the row's two shown figures in cents), and percent of `then` (– when then is zero).
 */
export function changeCells(now: string, then: string, shownDeltaCents: bigint): Html {
  const { delta, pct } = change(now, then);
  return html`<td class="change" data-value="${delta}">${signedMoney(formatCents(shownDeltaCents))}</td><td class="change" data-value="${pct ?? ''}">${pct === null ? '–' : percent(pct, true)}</td>`;
}
