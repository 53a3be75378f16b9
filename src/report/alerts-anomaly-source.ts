/**
 * Anomaly alerts: every anomaly event at or above the noise floor (analyze/anomalies/events.ts) in
 * the days `costlens anomalies` examines by default (the 14 days to the latest complete day, the
 * provisional days left out) is a candidate, keyed by the event's id (`service:Amazon EC2:2026-11-03`)
 * and the threshold `open`, so each event is sent once when it opens, however long it lasts. An
 * event flagged on the first examined day is followed back to the day it began (anomalies/follow-back.ts),
 * so its id is the one it opened with whichever day the check runs; one flagged on every day
 * followed back (startCut `range`) is left out, as its start, and so its id, would move with the
 * days examined (a check that ran while it opened sent it). One whose day before has no full
 * trailing window of billing data (startCut `history`) keeps its start everywhere and is sent.
 * Its drivers are the event's resource-level drivers against the rule's own baseline (each day's
 * trailing median), which with the rest add up to its impact as shown; its link is the Overview's anomaly events.
 * Its title and summary show spend and expected each rounded once to the cent and the impact as
 * their difference (report/money.ts: a change is the difference of the amounts shown), as the
 * weekly e-mail and the Overview show an event; `amount` and `facts` keep the exact decimals.
 * A store without daily usage (a monthly CUR, fees only) has no day to judge: no candidate, so
 * its budget alerts still go out.
 */
import { findAnomalyEvents, listedEventDrivers, type AnomalyEvent } from '../analyze/anomalies/index.ts';
import { billSpan } from '../analyze/billing-calendar.ts';
import { PARTS } from '../analyze/explain/index.ts';
import { daySpan, shortDay } from '../lib/calendar.ts';
import { formatCents, formatUsd, toUnits } from '../lib/money.ts';
import { centsOfDecimal, compare, type Change } from './money.ts';
import { alertRest, type AlertCandidate, type AlertDriver, type AlertSource } from './alerts-source.ts';
import { pageUrl } from './public-url.ts';

/** The Overview's anomaly events as of the event's last day, under the public URL. */
function anomalyEventLink(base: string | null, event: AnomalyEvent): string | null {
  return base ? `${pageUrl(base, '/', { as_of: event.lastDay, cost: 'billed' })}#anomaly-events` : null;
}

function subject(event: Pick<AnomalyEvent, 'name' | 'value'>): string {
  return event.name ? `${event.name} (${event.value})` : event.value;
}

/** Spend, expected and impact as the alert shows them: spend and expected rounded once, the impact their difference. */
function shownImpact(event: Pick<AnomalyEvent, 'actual' | 'expected'>): Change {
  return compare(centsOfDecimal(event.actual), centsOfDecimal(event.expected), { current: toUnits(event.actual), previous: toUnits(event.expected) });
}

/**
 * When the event ran, as a title says it: `from 17 Nov (ended 30 Nov)`, `on 25 Nov` (one day,
 * ended), `from 1 Dec (ongoing)`; each day with its year when the event spans two years.
 */
function titleSpan(event: Pick<AnomalyEvent, 'start' | 'end' | 'lastDay'>): string {
  const withYear = event.start.slice(0, 4) !== event.lastDay.slice(0, 4);
  const start = shortDay(event.start, withYear);
  if (event.end === null) return `from ${start} (ongoing)`;
  return event.end === event.start ? `on ${start}` : `from ${start} (ended ${shortDay(event.end, withYear)})`;
}

/**
 * An anomaly alert's title (e-mail subject, webhook title): `Anomaly: AWS Lambda spike of $416.15
 * from 17 Nov (ended 30 Nov)`. A spike or a drop names its size, unsigned (`drop of $76.16`); a
 * mixed event a signed change (`change of −$12.00`). The ledger keys alerts by the event id, not
 * by their title, so a reworded title sends nothing again.
 */
export function anomalyAlertTitle(event: Pick<AnomalyEvent, 'name' | 'value' | 'direction' | 'start' | 'end' | 'lastDay' | 'actual' | 'expected'>): string {
  const change = shownImpact(event).change;
  const size = event.direction === 'mixed' ? `change of ${formatUsd(change)}` : `${event.direction} of ${formatUsd(change < 0n ? -change : change)}`;
  return `Anomaly: ${subject(event)} ${size} ${titleSpan(event)}`;
}

/**
 * An anomaly alert's summary: `The service AWS Lambda spent $1,016.15 against $600.01 expected (14 days,
 * 17–30 Nov 2026), an impact of +$416.14, above its noise floor of $25.00.`; an ongoing event's days
 * `from 25 Nov 2026, ongoing on 6 Dec 2026`, and one that may have begun before its first day says so.
 */
export function anomalyAlertSummary(event: Pick<AnomalyEvent, 'dimension' | 'name' | 'value' | 'start' | 'end' | 'lastDay' | 'days' | 'startsBeforeRange' | 'provisional' | 'actual' | 'expected' | 'noiseFloor'>): string {
  const shown = shownImpact(event);
  const span = event.end === null ? `from ${shortDay(event.start, true)}, ongoing on ${shortDay(event.lastDay, true)}` : `${daySpan(event.start, event.lastDay)}`;
  // Only a start with no full trailing window before it is sent so (startCut `history`): it may have begun earlier.
  const earlier = event.startsBeforeRange ? `, flagged from the first day that could be judged, so it may have begun before ${shortDay(event.start, true)}` : '';
  return `The ${event.dimension} ${subject(event)} spent ${formatUsd(shown.current)} against ${formatUsd(shown.previous)} expected `
    + `(${event.days} day${event.days === 1 ? '' : 's'}, ${span}${earlier}${event.provisional ? ', some days provisional' : ''}), `
    + `an impact of ${formatUsd(shown.change)}, above its noise floor of ${formatUsd(centsOfDecimal(event.noiseFloor))}.`;
}

/**
 * The event's resource-level drivers as alerts name them (`service › usage type › resource`): those
 * that moved a cent or more, the others together (listedEventDrivers, src/analyze/anomalies/events.ts).
 */
function eventAlertDrivers(event: AnomalyEvent, top: number): Pick<AlertCandidate, 'drivers' | 'rest' | 'driversTotal'> {
  const listed = listedEventDrivers(event);
  const drivers = listed.drivers.slice(0, top).map((d): AlertDriver => ({
    label: [...(d.chargeClass === 'usage' ? [] : [d.chargeClass]), ...(d.service ? [d.service] : []), d.usageType ?? '(none)', d.resource ?? '(none)'].join(' › '),
    change: d.change,
    parts: Object.fromEntries(PARTS.filter((p) => toUnits(d[p]) !== 0n).map((p) => [p, d[p]])),
    shareOfChange: d.shareOfImpact,
  }));
  const rest = { drivers: listed.rest.drivers + listed.drivers.length - drivers.length, change: formatCents(centsOfDecimal(event.parts.change) - drivers.reduce((s, d) => s + centsOfDecimal(d.change), 0n)) };
  return { driversTotal: event.parts.change, drivers, rest: alertRest(rest) };
}

/** The anomaly-event alert source (off with `alerts.anomalyEvents: false`). */
export const anomalyAlertSource: AlertSource = {
  kind: 'anomaly',
  async candidates({ engine, config, publicUrl, topDrivers, anomalyEvents }) {
    if (anomalyEvents === false || (await billSpan(engine)).wholeBillsOnly) return [];
    const found = await findAnomalyEvents(engine, { config: config.anomalies, top: topDrivers });
    return found.events.filter((e) => e.startCut !== 'range').map((event): AlertCandidate => ({
      kind: 'anomaly',
      subjectKey: event.id,
      threshold: 'open',
      title: anomalyAlertTitle(event),
      summary: anomalyAlertSummary(event),
      amount: event.impact,
      driversCompare: `${daySpan(event.start, event.lastDay)} against each day's trailing median (${config.anomalies.trailingDays} days), BilledCost`,
      driversNotCompared: null,
      driversPosted: [],
      ...eventAlertDrivers(event, topDrivers),
      link: anomalyEventLink(publicUrl, event),
      facts: {
        event: event.id, dimension: event.dimension, value: event.value, name: event.name, start: event.start, startsBeforeRange: event.startsBeforeRange, end: event.end,
        lastDay: event.lastDay, days: event.days, direction: event.direction, provisional: event.provisional,
        actual: event.actual, expected: event.expected, impact: event.impact, noiseFloor: event.noiseFloor,
      },
    }));
  },
};
