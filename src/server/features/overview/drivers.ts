/**
 * Why the Overview's usage moved: explain's drivers (src/analyze/explain/usage.ts) of the month to
 * date against the same days of last month (or as many days just before this month when it is shorter), at the grain service › usage type › resource ›
 * account. The "Why it changed" card lists the top drivers of the total change and what the rest
 * explains (in cents that add up to the change shown); the service and account tables show each
 * row's top driver. Each driver links to its resource page, or to Explore by usage type when the
 * lines carry no resource id.
 */
import { html } from 'hono/html';
import { type Driver, type DriverSet, type ExplainCost, explainUsageChange, mainPart, PART_MEANINGS, restAfter, shareTenthsOfChange, shortResource, topDriversOf, USAGE_DRIVER_DIMENSIONS } from '../../../analyze/explain/index.ts';
import { CostlensError } from '../../../errors.ts';
import { addDays, daySpan, daysBetween, runOfRange } from '../../../lib/calendar.ts';
import { type DaysNotInStore } from '../../../lib/store-days.ts';
import { formatCents, formatPercentTenths } from '../../../lib/money.ts';
import { plural } from '../../../lib/text.ts';
import { type Html, type PageRequest, resourceClass, signedMoney, tableScroll } from '../../html/index.ts';
import { endedReference, type OverviewEnded } from './ended-comparison.ts';

/** Drivers listed on the card before the rest. */
export const CARD_DRIVERS = 5;

/**
 * The month-to-date drivers, or why there are none (no days to compare, spans of unequal length; null: the store holds
 * no billing data, and the card is left out); `replacementSentence`: the card's whole sentence in place of `No explanation:
 * REASON.`, when it refers to the reason the cards above give (`Not compared, as the cards above: a delivery that has ended.`).
 */
export type OverviewDrivers =
  | { ok: true; set: DriverSet; old: { first: string; last: string }; new: { first: string; last: string }; cost: ExplainCost }
  | { ok: false; reason: string | null; replacementSentence?: string };

/**
 * Explains the Overview's usage comparison: `current` and `previous` are the half-open day
 * ranges of overview/month_to_date; `notInStore` (the page's daysNotInStore of each) says which of
 * their days are not in the store (before its data, or in a gap), and then nothing is explained;
 * `previousName` names the earlier span in that reason (`the 31 days before` when last month is shorter).
 * Cached per store generation.
 */
export async function overviewDrivers(
  request: PageRequest,
  current: { start: string | null; end: string | null },
  previous: { start: string | null; end: string | null },
  cost: string,
  notInStore: { current: DaysNotInStore | null; previous: DaysNotInStore | null },
  previousName = "last month's days",
  ended: OverviewEnded | null = null,
): Promise<OverviewDrivers> {
  if (!request.context.last_day) return { ok: false, reason: null };
  if (!current.start || !current.end || !previous.start || !previous.end || current.start >= current.end || previous.start >= previous.end) {
    return { ok: false, reason: 'there are no complete days to compare yet' };
  }
  for (const [which, span, missing] of [[previousName, previous, notInStore.previous], ["this month's days", current, notInStore.current]] as const) {
    if (missing) return { ok: false, reason: `${which} (${daySpan(span.start!, addDays(span.end!, -1))}) are ${missing.all ? 'not' : 'not all'} in the store: ${missing.why}` };
  }
  if (ended?.notCompared) return { ok: false, reason: ended.notCompared, replacementSentence: endedReference(ended) };
  const spans = { old: runOfRange(previous.start, previous.end), new: runOfRange(current.start, current.end) };
  const exclude = ended?.notCompared === null ? ended.exclude : undefined;
  const measure: ExplainCost = cost === 'effective' ? 'effective' : 'billed';
  try {
    const { value } = await request.analyses.cached(`overview-drivers\u0000${JSON.stringify([spans, measure, exclude ?? null])}`,
      async () => (await explainUsageChange(request.analyses.engine, spans, measure, request.config.attribution, exclude)).drivers);
    return { ok: true, set: value, ...spans, cost: measure };
  } catch (error) {
    // explain compares equal spans inside the data; month to date always gives two (queries/calendar/month_to_date_spans.cte.sql).
    if (error instanceof CostlensError && (error.code === 'usage' || error.code === 'not_found')) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Where a driver leads: its resource's page over both spans, else Explore by usage type over both spans. */
export function driverHref(d: Driver, drivers: Extract<OverviewDrivers, { ok: true }>): string {
  const range = { start: drivers.old.first, end: addDays(drivers.new.last, 1) };
  if (d.key.resource && d.key.resource !== '(none)') return `/resource?${new URLSearchParams({ id: d.key.resource, ...range })}`;
  return `/explore?${new URLSearchParams({ dimension: 'usage_type', ...range, cost: drivers.cost })}`;
}

/**
 * A driver's name: its usage type and resource (`USW2-DataTransfer-Out-Bytes · i-0bc5bec372e2c4079`),
 * the resource in a span of its resourceClass, so an id stays whole (never `i-` at a line's end).
 */
export function driverName(d: Driver): Html {
  if (!d.key.resource || d.key.resource === '(none)') return html`${d.key.usage_type} (no resource id)`;
  const resource = shortResource(d.key.resource);
  return html`${d.key.usage_type} · <span class="${resourceClass(resource)}">${resource}</span>`;
}

/** The cell of a service or account row: its top driver, the part that moved most and its change, linked. */
export function driverCell(drivers: OverviewDrivers, dimension: 'service' | 'account', value: string | null): Html {
  if (!drivers.ok || value === null) return html`<td class="driver text wrap">–</td>`;
  const [d] = topDriversOf(drivers.set, dimension, value);
  if (!d) return html`<td class="driver text wrap">no change</td>`;
  const part = mainPart(d);
  return html`<td class="driver text wrap" data-usage-type="${d.key.usage_type}" data-resource="${d.key.resource}" data-part="${part}" data-change="${formatCents(d.cents.change)}"><a href="${driverHref(d, drivers)}" title="${d.key.resource}">${driverName(d)}</a> <span class="part part-${part}" title="${PART_MEANINGS[part]}">${part}</span> <span class="amount">${signedMoney(formatCents(d.cents.change))}</span></td>`;
}

/** The "Why it changed" card: the top drivers of the usage change, the rest, and the total they add up to. */
export function whyItChangedCard(drivers: OverviewDrivers): Html {
  if (!drivers.ok) {
    if (drivers.reason === null) return html``;
    return html`<section class="top-table" id="why-it-changed"><h2>Why it changed</h2><p class="note">${drivers.replacementSentence ?? `No explanation: ${drivers.reason}.`}</p></section>`;
  }
  const { set } = drivers;
  const top = set.drivers.filter((d) => d.change !== 0n).slice(0, CARD_DRIVERS);
  const rest = restAfter(set, top.length);
  const restMoved = set.drivers.slice(top.length).filter((d) => d.change !== 0n).length;
  const share = (change: bigint) => formatPercentTenths(shareTenthsOfChange(change, set.change));
  const label = (first: string, last: string) => {
    const days = daysBetween(first, last) + 1;
    return `${daySpan(first, last)} (${plural(days, 'day')})`;
  };
  return html`<section class="top-table" id="why-it-changed">
  <h2>Why it changed</h2>
  <p class="range" id="why-spans">Usage ${label(drivers.new.first, drivers.new.last)} against ${label(drivers.old.first, drivers.old.last)}, ${drivers.cost} cost: ${listedDriversText(top.length)}.</p>
  ${tableScroll('Why usage changed: the top drivers', html`<table class="numbers stack" id="drivers">
    <thead><tr><th>Driver</th><th class="text">Service</th><th class="text">Account</th><th class="text">Part</th><th>Change</th><th>Share of change</th></tr></thead>
    <tbody>
      ${top.length === 0 ? html`<tr><td colspan="6">Nothing moved.</td></tr>` : ''}
      ${top.map((d) => {
        const part = mainPart(d);
        return html`<tr data-resource="${d.key.resource}" data-usage-type="${d.key.usage_type}" data-part="${part}"><td><a href="${driverHref(d, drivers)}" title="${d.key.resource}">${driverName(d)}</a></td><td class="text">${d.key.service}</td><td class="text">${d.key.account}</td><td class="text"><span class="part part-${part}" title="${PART_MEANINGS[part]}">${part}</span></td><td data-value="${formatCents(d.cents.change)}">${signedMoney(formatCents(d.cents.change))}</td><td>${share(d.change)}</td></tr>`;
      })}
      <tr id="drivers-rest" data-drivers="${rest.drivers}" data-moved="${restMoved}"><td>${restText(rest.drivers, restMoved)}</td><td></td><td></td><td></td><td data-value="${formatCents(rest.cents.change)}">${signedMoney(formatCents(rest.cents.change))}</td><td>${share(rest.change)}</td></tr>
      <tr id="drivers-total"><th>Change in usage</th><td></td><td></td><td></td><td data-value="${formatCents(set.changeCents)}">${signedMoney(formatCents(set.changeCents))}</td><td>${set.change === 0n ? '–' : '100.0%'}</td></tr>
    </tbody>
  </table>`)}
  <p class="note">From <code id="drivers-command">${explainCommand(drivers, top.length)}</code>, usage only: each driver is one usage type of one resource; its part says why it moved (volume: ${PART_MEANINGS.volume}; rate: ${PART_MEANINGS.rate}; new: ${PART_MEANINGS.new}; gone: ${PART_MEANINGS.gone}). Rows add up to the change to the cent.</p>
</section>`;
}

/**
 * What the card lists, after its spans: `the top driver and what the rest explains`, `the top 5
 * drivers and what the rest explains`; when no driver moved, that none is listed, in words (never
 * "the top 0 drivers").
 */
export function listedDriversText(listed: number): string {
  if (listed === 0) return 'no driver moved, so none is listed';
  return `${listed === 1 ? 'the top driver' : `the top ${listed} drivers`} and what the rest explains`;
}

/**
 * The `costlens explain` that prints the card's figures: the same spans, cost and grain
 * (USAGE_DRIVER_DIMENSIONS, not explain's default service › usage type › resource, which merges a
 * resource's accounts into fewer drivers), and as many drivers listed before the rest as the card
 * lists (at least one, explain's least), so its "Top N of M drivers" and "rest (R drivers)" are the
 * card's.
 */
export function explainCommand(drivers: Extract<OverviewDrivers, { ok: true }>, listed: number): string {
  const cost = drivers.cost === 'effective' ? ' --cost effective' : '';
  return `costlens explain --from ${drivers.old.first}..${drivers.old.last} --to ${drivers.new.first}..${drivers.new.last} --by ${USAGE_DRIVER_DIMENSIONS.join(',')}${cost} --top ${Math.max(listed, 1)}`;
}

/** The rest row's label: the drivers after the listed ones, counted as explain counts them (`rest (409 drivers)`), and how many of them moved. */
function restText(drivers: number, moved: number): string {
  const counted = plural(drivers, 'driver');
  if (drivers === 0) return 'The rest (no other driver)';
  return `The rest (${counted}, ${moved === drivers ? (drivers === 1 ? 'which moved' : 'all of which moved') : moved === 0 ? 'none of which moved' : `${moved} of which moved`})`;
}
