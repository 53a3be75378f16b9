/**
 * The weekly e-mails' anomaly section: the anomaly events of the report week (a run of flagged
 * days of one service or account, src/analyze/anomalies/events.ts), each with its impact and its top
 * drivers (resource and usage type, with the part that moved: volume, rate, new, gone), instead of
 * one row per flagged day. Events under the noise floor (anomalies.noiseFloor) are counted, not listed.
 */
import { configMoneyText, configNumberText, eventDaysText, eventStartSentence, findAnomalyEvents, judgedDays, listedEventDrivers, provisionalNotJudgedSentence, seriesNotJudgedSentences, unjudgedRuns, unjudgedRunsText, type AnomalyEvent, type AnomalyReport, type EventDriver } from '../analyze/anomalies/index.ts';
import { PARTS, restLabel, shortResource } from '../analyze/explain/index.ts';
import { lastCompleteDays, treatedAsProvisional } from '../analyze/provisional-wording.ts';
import type { BillingDaySpan } from '../analyze/billing-calendar.ts';
import type { AnomaliesConfig } from '../analyze/trends-config.ts';
import type { Engine } from '../engine/engine.ts';
import { daySpan, daysBetween, laterDay, shortDay } from '../lib/calendar.ts';
import { formatUsd, toUnits } from '../lib/money.ts';
import { plural, pluralNoun } from '../lib/text.ts';
import type { LayoutSection } from './layout-parts.ts';
import { centsOfDecimal, compare, formatSignedUsd } from './money.ts';
import { type IsoWeek, lastReportedDay } from './week.ts';
import { codePointOrder, descending } from '../lib/order.ts';

/** Drivers named under each event. */
const TOP_DRIVERS = 3;

/** The section's content: the week's events at or above the noise floor, largest impact first. */
export interface AnomaliesSectionModel {
  events: AnomalyEvent[];
  /** Events of the week under the noise floor (counted, not listed). */
  belowFloor: number;
  /** The last day examined that got a verdict (judgedDays): an event still flagged on the last day its series was judged is ongoing. */
  lastJudged: string;
  /** Why no day of the report week was examined (its days are all provisional, …), else null. */
  noDayExamined: string | null;
  /**
   * The days of the week given no verdict, with why, as sentences: the examined ones in runs with the
   * reason `costlens anomalies` gives (`Not judged: 6–10 Nov 2023 (fewer than 28 trailing days of
   * billing data).`), then the provisional ones (`11–12 Nov 2023 are not judged yet, …`: unjudged.ts); '' when none.
   */
  notJudged: string;
  /** The examined days that got a verdict: how many, the first and the last; null when none did. */
  judged: { days: number; first: string; last: string } | null;
  baselineRule: string;
  noiseFloor: AnomaliesConfig['noiseFloor'];
  /** The events' starts in words: those followed back before the week, what "perhaps begun before" means ('' when neither applies). */
  starts: string;
}

/**
 * The events with a flagged day in the report week (BilledCost, the anomalies: rule of the config):
 * the week's days are examined, and an event flagged on the first of them is followed back to the
 * day it began (anomalies/follow-back.ts), so it shows the start, impact and id that
 * `costlens anomalies` and the Overview show for it.
 */
export async function buildAnomaliesSection(engine: Engine, config: AnomaliesConfig, week: IsoWeek, span: BillingDaySpan): Promise<AnomaliesSectionModel> {
  const asOf = lastReportedDay(week, span);
  const empty = { events: [], belowFloor: 0, lastJudged: asOf, noDayExamined: `the store holds no day of ${week.label}`, notJudged: '', judged: null, baselineRule: '', noiseFloor: config.noiseFloor, starts: '' };
  if (asOf < week.start || asOf < span.firstDay) return empty;
  const from = laterDay(week.start, span.firstDay);
  const found = await findAnomalyEvents(engine, { config, asOf, days: daysBetween(from, asOf) + 1, cost: 'billed', top: TOP_DRIVERS });
  const size = (e: AnomalyEvent) => { const u = toUnits(e.impact); return u < 0n ? -u : u; };
  return {
    events: [...found.events].sort((a, b) => descending(size(a), size(b)) || codePointOrder(a.id, b.id)),
    belowFloor: found.belowFloor.length,
    lastJudged: judgedDays(found.report)?.last ?? asOf,
    noDayExamined: noDayOfWeekExamined(found.report, asOf),
    notJudged: notJudgedSentences(found.report),
    judged: judgedDays(found.report),
    baselineRule: found.baselineRule,
    noiseFloor: found.noiseFloor,
    starts: eventStartSentence(found.events, found.report.from, config.trailingDays, (day) => shortDay(day)),
  };
}

/**
 * Why none of the report week's days (up to `asOf`, its last day in the store) was examined, in
 * words, or null when one was: they are all provisional.
 */
function noDayOfWeekExamined(report: AnomalyReport, asOf: string): string | null {
  if (report.examined !== null) return null;
  if (report.from === asOf) return report.noDayExamined;
  return `its days in the store, ${daySpan(report.from, asOf)}, are ${treatedAsProvisional(lastCompleteDays(report.rule.provisionalDays), '', 'anomalies.provisionalDays', report.provisionalHorizon)}`;
}

/** The week's days given no verdict, in the words of `costlens anomalies` and the Overview ('' when every day got one). */
function notJudgedSentences(report: AnomalyReport): string {
  const runs = unjudgedRuns(report);
  return [runs.length ? `Not judged: ${unjudgedRunsText(runs)}.` : '', ...seriesNotJudgedSentences(report.notJudgedSeries),
    provisionalNotJudgedSentence(report.skippedProvisional, report.provisionalHorizon)].filter(Boolean).join(' ');
}

/** An event's drivers cell: its listed drivers, then the others together (or, with every driver listed, the cents their rounding one by one leaves), if any. */
function driversText(e: AnomalyEvent): string {
  const { drivers, rest } = listedEventDrivers(e);
  const others = rest.drivers > 0 || centsOfDecimal(rest.change) !== 0n ? [`${restLabel(rest)} ${formatSignedUsd(centsOfDecimal(rest.change))}`] : [];
  return [...drivers.map(driverText), ...others].join('; ');
}

/**
 * `i-0abc (DataTransfer-Out-Bytes) +$76.50 (new +$76.50)` — the driver, its change and the parts that made it;
 * a resource by the last part of its ARN or path (shortResource), as the Overview and the e-mail's drivers name it.
 */
function driverText(d: EventDriver): string {
  const what = d.resource === undefined || d.resource === '(none)' ? d.usageType ?? '' : `${shortResource(d.resource)} (${d.usageType})`;
  const parts = PARTS.filter((p) => centsOfDecimal(d[p]) !== 0n).map((p) => `${p} ${formatSignedUsd(centsOfDecimal(d[p]))}`);
  return `${d.service ? `${d.service}: ` : ''}${what} ${formatSignedUsd(centsOfDecimal(d.change))}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** The noise floor's note: its minimum and share as the config writes them (`$25.00`, `$0.005`: never rounded to the cent). */
function noiseFloorNote(floor: AnomaliesConfig['noiseFloor']): string {
  return `Noise floor: an event is listed when its impact reaches max(${configMoneyText(floor.minDollars, 'usd')}, ${configNumberText(floor.share)} × its average daily spend × its days) (anomalies.noiseFloor).`;
}

/** `the 4 days of 2026-W49 judged, 30 Nov – 3 Dec 2026`, `10 Nov 2023, the one day of 2023-W45 judged`. */
function judgedText(judged: { days: number; first: string; last: string }, weekLabel: string): string {
  if (judged.days === 1) return `${shortDay(judged.first, true)}, the one day of ${weekLabel} judged`;
  return `the ${judged.days} days of ${weekLabel} judged, ${daySpan(judged.first, judged.last)}`;
}

/** The section as the report layout prints it (HTML and text alike). */
export function anomaliesLayoutSection(model: AnomaliesSectionModel, weekLabel: string): LayoutSection {
  const listed = model.events.length;
  const below = model.belowFloor ? ` ${plural(model.belowFloor, 'smaller event')} under the noise floor ${pluralNoun(model.belowFloor, 'is', 'are')} left out.` : '';
  // Days examined without a verdict are named with the reason, never claimed free of anomalies.
  const notJudged = model.notJudged ? ` ${model.notJudged}` : '';
  const nothingJudged = listed === 0 && (model.noDayExamined !== null || model.judged === null);
  return {
    id: 'anomalies',
    title: 'New anomalies',
    paragraphs: [model.noDayExamined !== null && listed === 0
      ? `No day of ${weekLabel} was examined for anomalies: ${model.noDayExamined}.`
      : listed
      ? `${plural(listed, 'anomaly event')} in ${weekLabel}, largest first, each with the drivers that explain it.${notJudged}${below}`
      : model.judged === null
      ? `No day of ${weekLabel} was judged for anomalies.${notJudged}`
      : notJudged
      ? `No anomaly event at or above the noise floor on ${judgedText(model.judged, weekLabel)}.${notJudged}${below}`
      : `No anomaly event in ${weekLabel} at or above the noise floor.${below}`],
    tables: listed ? [{
      columns: ['Service or account', 'Days', 'Spend', 'Expected', 'Impact', 'Top drivers'],
      numeric: [false, false, true, true, true, false],
      rows: model.events.map((e) => {
        // The impact shown is the difference of the spend and expected shown (report/money.ts: a change is
        // the difference of the two rounded amounts beside it), not the exact impact rounded on its own.
        const shown = compare(centsOfDecimal(e.actual), centsOfDecimal(e.expected), { current: toUnits(e.actual), previous: toUnits(e.expected) });
        return [
          e.name ? `${e.name} (${e.value})` : e.value,
          eventDaysText(e, false),
          formatUsd(shown.current),
          formatUsd(shown.previous),
          formatSignedUsd(shown.change),
          driversText(e),
        ];
      }),
      detail: 5,
    }] : [],
    notes: [
      'Runs of days whose usage BilledCost for a service or account departs from the median of the trailing days (the anomalies: rule of the config; costlens anomalies --detail).'
      + (nothingJudged ? '' : ` Spend, expected and impact are the event's days, through ${shortDay(model.lastJudged)} ("ongoing": still flagged then).`)
      + (listed > 0 && model.starts ? ` ${model.starts}` : ''),
      ...(model.baselineRule ? [model.baselineRule] : []),
      noiseFloorNote(model.noiseFloor),
    ],
  };
}
