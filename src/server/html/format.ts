import { html } from 'hono/html';
import { splitCents } from '../../analyze/attribution/index.ts';
import { daySpan, shortDay } from '../../lib/calendar.ts';
import { centsOfUnits, dollarsOfDecimal, formatUsd, groupThousands, isDecimalText, parseDecimal, roundDecimal, toUnits, withoutTrailingZeros } from '../../lib/money.ts';
import { changePercentText } from '../../lib/percent-change.ts';
import type { Html } from './page.ts';

/** `3505.3269681268` → `$3,505.33`; `-408.47` → `−$408.47`; null → `–`. */
export function money(text: string | null | undefined): string {
  if (text === null || text === undefined) return '–';
  const rounded = roundDecimal(text, 2);
  return isDecimalText(rounded) ? formatUsd(parseDecimal(rounded, 2)) : rounded;
}

/**
 * An amount beside a share, as the pages show it: its cents (`cents`, those a table apportions it
 * so that its rows add up, else the exact amount rounded) as {@link money} writes them, but an
 * amount that is not zero and shows no cents reads `<$0.01` (`−<$0.01` below zero): `$0.00` beside
 * `0.06%` read as nothing spent. It counts as $0.00 in the cents that add up to a total.
 */
export function moneyBesideShare(exact: string | null | undefined, cents?: bigint): string {
  if (exact === null || exact === undefined || !isDecimalText(exact)) return money(exact);
  const units = toUnits(exact);
  const shown = cents ?? centsOfUnits(units);
  if (shown !== 0n || units === 0n) return formatUsd(shown);
  return units < 0n ? '−<$0.01' : '<$0.01';
}

/**
 * A table cell of an amount beside a share ({@link moneyBesideShare}): the exact amount its
 * data-value, and, where it reads `<$0.01`, its title too (`$0.0009362808`).
 */
export function moneyBesideShareCell(exact: string | null | undefined, cents?: bigint): Html {
  const shown = moneyBesideShare(exact, cents);
  return shown.includes('<$')
    ? html`<td data-value="${exact}" title="${dollarsOfDecimal(withoutTrailingZeros(exact!, 2), '−')}">${shown}</td>`
    : html`<td data-value="${exact ?? ''}">${shown}</td>`;
}

/** The share of a table's total row: `100.00%` of an amount, `–` of none (no row, or rows that add up to exactly $0). */
export function totalShare(rows: number, total: string): string {
  return rows > 0 && isDecimalText(total) && toUnits(total) !== 0n ? '100.00%' : '–';
}

/** Rows (exact amounts in units) that split a total as the pages print them (`$1,234.56`, `–` for none), adding up to the total shown (splitCents). */
export function splitMoney(rows: readonly (bigint | null)[], total: bigint | null): string[] {
  return splitCents(rows, total).map((c) => (c === null ? '–' : formatUsd(c)));
}

/** A signed money change: `+$19.93`, `−$286.71`. */
export function signedMoney(text: string | null | undefined): string {
  const shown = money(text);
  return shown.startsWith('−') || shown === '–' || roundDecimal(text ?? '0') === '0.00' ? shown : `+${shown}`;
}

/**
 * A signed money change in running text, which never breaks inside (`−` at a line's end and `$5.61`
 * on the next): {@link signedMoney} in a `span.amount` (app.css keeps it on one line).
 */
export function signedAmount(text: string | null | undefined): Html {
  return html`<span class="amount">${signedMoney(text)}</span>`;
}

/**
 * The change from `previous` to `current` (exact decimal texts, as the store gives them) in percent, two
 * decimals, by the one rule of every surface (src/lib/percent-change.ts: from the exact amounts, rounded
 * once): `+433.14%`; `–` when either is absent or `previous` is zero.
 */
export function changePercent(current: string | null | undefined, previous: string | null | undefined): string {
  if (current === null || current === undefined || previous === null || previous === undefined) return '–';
  return percent(changePercentText(toUnits(current), toUnits(previous), 2), true);
}

/** A percentage as the store gives it (already rounded): `-10.44` → `−10.44%`, null → `–`. */
export function percent(text: string | null | undefined, signed = false): string {
  if (text === null || text === undefined) return '–';
  const value = Number(text);
  const body = `${Math.abs(value).toFixed(2)}%`;
  if (value < 0) return `−${body}`;
  return signed && value > 0 ? `+${body}` : body;
}


/** `2018-11-30` → `30 Nov 2018`. */
export function day(text: string | null | undefined): string {
  if (!text) return '–';
  return shortDay(text.slice(0, 10), true);
}

/**
 * Days from `first` to `last`, both included, as every page writes a span (calendar.ts daySpan):
 * `7 Nov – 6 Dec 2026`, `1–6 Dec 2026`, never `7 Nov 2026 – 6 Dec 2026`; a timestamp counts by its
 * day; `–` without either end.
 */
export function daysSpan(first: string | null | undefined, last: string | null | undefined): string {
  if (!first || !last) return '–';
  return daySpan(first.slice(0, 10), last.slice(0, 10));
}

/** A whole number with thousands separators. */
export function count(text: string | null | undefined): string {
  return text === null || text === undefined ? '–' : groupThousands(text);
}

/** An AWS resource id: a prefix, a hyphen and hex digits (`i-06ed77da38103e0dd`, `vol-…`, `eipalloc-…`). */
const AWS_ID = /^[a-z][a-z\d]*-[\da-f]{8,}$/;

/**
 * The class of an element that shows a resource id, for app.css: `resource` for an AWS id, which
 * stays whole (never `i-` on one line and the digits on the next); `resource arn` for an ARN, which
 * may break anywhere; `resource named` for a name (a bucket, a function), which may break at its
 * hyphens only.
 */
export function resourceClass(id: string | null | undefined): string {
  if (id?.startsWith('arn:')) return 'resource arn';
  return !id || AWS_ID.test(id) ? 'resource' : 'resource named';
}

/**
 * Text that may break at each position `at` matches (a zero-width pattern):
 * `billed_<wbr>shared_<wbr>by_<wbr>billed` with `/(?<=_)/`, so long names fit a narrow column.
 */
export function withBreaks(text: string, at: RegExp): Html {
  const [first, ...rest] = text.split(at);
  return html`${first}${rest.map((part) => html`<wbr>${part}`)}`;
}

/**
 * Text whose `backticked` parts are commands or config keys, as the analysers write them for the
 * CLI: on a page each such part is set as `<code>`, the backticks dropped (an odd one stays as it is).
 */
export function withCode(text: string): Html {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return html`${text}`;
  return html`${parts.map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part))}`;
}
