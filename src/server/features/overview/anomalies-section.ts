import { html } from 'hono/html';
import { eventDaysText, eventStartSentence, findAnomalyEvents, judgedDays, listedEventDrivers, provisionalNotJudgedSentence, seriesNotJudgedSentences, unjudgedRuns, unjudgedRunsText, type AnomalyEvent, type AnomalyEvents, type EventDriver, type ListedEventDrivers } from '../../../analyze/anomalies/index.ts';
import { PARTS, restLabel, shortResource } from '../../../analyze/explain/index.ts';
import { CostlensError } from '../../../errors.ts';
import { andList, plural, pluralNoun } from '../../../lib/text.ts';
import { addDays, daySpan, onDaySpan } from '../../../lib/calendar.ts';
import { centsOfUnits, formatCents, formatUsd, toUnits } from '../../../lib/money.ts';
import { day, type Html, type PageRequest, signedAmount, signedMoney, tableScroll } from '../../html/index.ts';

/** Days examined up to the page's as-of day (as `costlens anomalies` examines by default). */
export const OVERVIEW_ANOMALY_DAYS = 14;

/**
 * The Overview's anomaly events: the runs of flagged days of the last 14 days up to as-of (one
 * flagged on the first of them followed back to the day it began), at or above the noise floor, each with its impact and its top drivers (resource and usage type, split
 * into volume, rate, new and gone; each resource links to its page over the days its change
 * compares: the earliest median day to the event's last day), as `costlens anomalies --detail`
 * finds them. Computed once per store generation, as-of day and cost.
 */
export async function anomalyEventsSection(request: PageRequest, asOf: string, cost: 'billed' | 'effective'): Promise<Html> {
  const { analyses } = request;
  let found: AnomalyEvents;
  try {
    found = (await analyses.cached(`anomaly-events\u0000${asOf}\u0000${cost}`, () =>
      findAnomalyEvents(analyses.engine, { config: request.config.anomalies, asOf, days: OVERVIEW_ANOMALY_DAYS, cost }))).value;
  } catch (error) {
    // An empty store, or an as-of day outside the billing data: the rest of the Overview says which.
    if (error instanceof CostlensError && (error.code === 'not_found' || error.code === 'usage')) return html``;
    throw error;
  }
  const { events, belowFloor, report } = found;
  const { examined } = report;
  const skipped = report.skippedProvisional;
  const provisional = skipped.length ? ` ${provisionalNotJudgedSentence(skipped, report.provisionalHorizon)}` : '';
  // An event is ongoing when still flagged on the last day its service or account was judged: that day, or each when they differ (a delivery's end left some unjudged).
  const ongoingDays = [...new Set(events.filter((e) => e.end === null).map((e) => e.lastDay))].sort();
  const ongoing = ongoingDays.length === 0 ? '' : ongoingDays.length === 1 ? ` An ongoing event is still flagged on ${day(ongoingDays[0])}.`
    : ` An ongoing event is still flagged on the last day its service or account was judged (${andList(ongoingDays.map(day))}).`;
  const below = belowFloor.length ? ` ${plural(belowFloor.length, 'smaller event')} under the noise floor ${pluralNoun(belowFloor.length, 'is', 'are')} left out.` : '';
  const starts = examined === null ? '' : eventStartSentence(events, examined.from, report.rule.trailingDays, day);
  // Examined days without a verdict (too few trailing days of data, none that day): named, never claimed free of anomalies.
  const unjudged = unjudgedRuns(report);
  // Series a delivery's end left unjudged on days others were judged on (anomalies/ended-series.ts): named too.
  const seriesNote = seriesNotJudgedSentences(report.notJudgedSeries).map((sentence) => ` ${sentence}`).join('');
  const notJudged = `${unjudged.length ? ` Not judged: ${unjudgedRunsText(unjudged)}.` : ''}${seriesNote}`;
  const judged = judgedDays(report);
  return html`<section class="top-table" id="anomaly-events">
  <h2>Anomaly events</h2>
  <p id="anomaly-days">${examined === null
    ? `No day was examined for anomalies: ${report.noDayExamined ?? 'the range holds no day'}.`
    : events.length
    ? `${plural(events.length, 'event')} ${onDaySpan(examined.from, examined.to)}, each explained by its drivers.${starts ? ` ${starts}` : ''}${ongoing}${notJudged}${provisional}${below}`
    : judged === null
    ? `No day of ${daySpan(examined.from, examined.to)} was judged for anomalies${unjudged.length === 1 ? `: ${unjudged[0].reason}.` : `.${notJudged}`}${provisional}`
    : unjudged.length || seriesNote
    ? `No anomaly event at or above the noise floor on ${judged.days === 1 ? `${day(judged.first)}, the one day judged` : `the ${judged.days} days judged, ${daySpan(judged.first, judged.last)}`}.${notJudged}${provisional}${below}`
    : `No anomaly event ${onDaySpan(examined.from, examined.to)} at or above the noise floor.${provisional}${below}`}</p>
  ${events.length ? tableScroll('Anomaly events', html`<table class="numbers stack" id="anomaly-table">
    <thead><tr><th>Service or account</th><th>Days</th><th>Spend</th><th>Expected</th><th>Impact</th><th>Drivers</th></tr></thead>
    <tbody>${events.map((e) => eventRow(e))}</tbody>
  </table>`) : ''}
  <p class="note">${found.baselineRule} Costs: ${cost === 'effective' ? 'EffectiveCost' : 'BilledCost'} of usage. The rule and the noise floor are the anomalies: section of the config; <code>costlens anomalies --detail</code> lists every driver.</p>
</section>`;
}

/**
 * One event's row. Spend and expected are each rounded once to the cent, and the impact shown is
 * their difference, so that the row adds up as it reads; `data-value` keeps the exact decimals.
 * Its drivers cell says how many of how many drivers it lists, then the others together: the
 * analyser's top resource drivers that moved a cent or more, and the rest, which add up to that
 * impact to the cent (explain/shown-cents.ts: each driver rounded once, the rest what the impact
 * leaves after them).
 */
export function eventRow(e: AnomalyEvent): Html {
  const spend = centsOfUnits(toUnits(e.actual));
  const expected = centsOfUnits(toUnits(e.expected));
  const listed = listedEventDrivers(e);
  return html`<tr data-event="${e.id}">
  <td>${e.name ? `${e.name} (${e.value})` : e.value}</td>
  <td>${eventDaysText(e)}</td>
  <td data-value="${e.actual}">${formatUsd(spend)}</td>
  <td data-value="${e.expected}">${formatUsd(expected)}</td>
  <td data-value="${e.impact}">${signedMoney(formatCents(spend - expected))}</td>
  <td class="text wrap"><p class="note drivers-count">${driversCount(listed)}</p><ul class="drivers">${listed.drivers.map((d) => driverItem(d, eventDays(e)))}${otherDrivers(listed)}</ul></td>
</tr>`;
}

/** `The largest 3 of 41 drivers, then the other 38:` or `Its 2 drivers:`, above the list. */
function driversCount({ drivers, rest }: ListedEventDrivers): string {
  const listed = drivers.length;
  const total = listed + rest.drivers;
  if (listed === total) return total === 1 ? 'Its one driver:' : `Its ${total} drivers:`;
  if (listed === 0) return `Its ${total} drivers, none of which moved a cent on its own:`;
  return `The largest ${listed} of ${total} drivers, then the other ${total - listed}:`;
}

/** The drivers after the listed ones, together; with every driver listed, the cent their rounding one by one leaves, if any. */
function otherDrivers({ rest }: ListedEventDrivers): Html | string {
  if (rest.drivers === 0 && rest.change === '0.00') return '';
  return html`<li class="other-drivers" data-change="${rest.change}">${restLabel(rest)} ${signedAmount(rest.change)}</li>`;
}

/**
 * The days a driver's change compares (half-open), for its resource link: from the earliest median
 * day the event is measured against to the event's last day.
 */
function eventDays(e: AnomalyEvent): { start: string; end: string } {
  const days = [e.start, ...e.baseline.flatMap((b) => b.medianDays)].sort();
  return { start: days[0], end: addDays(e.lastDay, 1) };
}

function driverItem(d: EventDriver, days: { start: string; end: string }): Html {
  const parts = PARTS.filter((p) => d[p] !== '0.00').map((p, i) => html`${i > 0 ? ', ' : ''}${p} ${signedAmount(d[p])}`);
  const service = d.service ? `${d.service}: ` : '';
  const what = d.resource === undefined || d.resource === '(none)'
    ? html`${d.usageType}`
    : html`<a href="/resource?${new URLSearchParams({ id: d.resource, ...days })}" title="${d.resource}">${shortResource(d.resource)}</a> (${d.usageType})`;
  return html`<li data-change="${d.change}">${service}${what} ${signedAmount(d.change)}${parts.length > 0 ? html` (${parts})` : ''}</li>`;
}
