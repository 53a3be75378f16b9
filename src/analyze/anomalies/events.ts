/**
 * Anomaly events with a root cause. The rule (anomalies.ts) flags days; consecutive flagged days of
 * one service or account are one **event**, whose figures are exact (store units, 1e-10):
 * actual = the spend of its days, expected = the sum of their trailing medians, impact = actual −
 * expected. The **explanation** is `costlens explain`'s decomposition (explain/drivers.ts) of the
 * event's days against the baseline the rule itself used: each day's median day(s) of its trailing
 * window (anomalies/baseline.ts), limited to the event's service or account. Its drivers (usage
 * types, resources, regions) split into volume, rate, new, gone and other, and add up to the
 * impact to the cent. Events under the **noise floor** (the config's `anomalies.noiseFloor`) are
 * kept apart, so lists and e-mails show the events that matter and say how many they left out.
 */
import type { Engine } from '../../engine/engine.ts';
import { addDays, dayRange } from '../../lib/calendar.ts';
import { formatCents, fromUnits, parseDecimal, toUnits } from '../../lib/money.ts';
import { detectSpendAnomalies, type AnomalyDimension, type AnomalyOptions, type AnomalyReport, type FlaggedRun } from './detect.ts';
import { eventBaseline, noiseFloorUnits, readDailyGrains, type DailyGrains } from './baseline.ts';
import type { StartCut } from './follow-back.ts';
import { driversBy, PARTS, restAfter, shareOfChange, shortResource, type Dimension, type Driver, type DriverSet, type Parts } from '../explain/index.ts';
import type { AnomaliesConfig } from '../trends-config.ts';

/** Options of {@link findAnomalyEvents}: the rule's options, its config, and how many drivers to list. */
export interface AnomalyEventOptions extends AnomalyOptions {
  config: AnomaliesConfig;
  /** Drivers listed per level (usage types, resources, regions); the rest is summed. Default 3. */
  top?: number;
}

/** The levels an event is explained by. */
export const DRIVER_LEVELS = ['usageTypes', 'resources', 'regions'] as const;
export type DriverLevel = (typeof DRIVER_LEVELS)[number];

/** Money of a change in cents (decimal strings): the change and its parts, which add up to it. */
export type CentParts = Record<'change' | (typeof PARTS)[number], string>;

/** One driver of an event: a usage type, a resource (with its usage type) or a region. */
export interface EventDriver extends CentParts {
  chargeClass: string;
  /** Account events name the service of a usage type or resource. */
  service?: string;
  usageType?: string;
  resource?: string;
  region?: string;
  /** The driver's change as a percentage of the event's impact (one decimal), null for a zero impact. */
  shareOfImpact: number | null;
}

/** What the drivers after the listed ones explain together. */
export interface EventRest extends CentParts {
  drivers: number;
  shareOfImpact: number | null;
}

/** The drivers an event lists at one level, and the drivers not listed with their change and its parts together. */
export interface ListedEventDrivers {
  drivers: EventDriver[];
  /**
   * The drivers not listed and what they explain together: the analyser's rest, plus the parts of
   * the drivers left out for showing $0.00 (their change adds no cent, their parts may cancel out).
   */
  rest: EventRest;
}

/**
 * The drivers an event lists at a level (default: resources) and what the others explain together:
 * a driver whose change shows as $0.00 (new and old cost, each rounded once, are the same cents) is
 * not listed, as if it moved nothing; it joins the others, whose change is the analyser's rest (those
 * drivers add no cents to it) and whose parts take up its parts. So the listed drivers and the rest
 * add up to the impact shown, to the cent, in every column. The Overview, the weekly e-mail, the
 * anomaly alerts and `costlens anomalies --detail` list drivers this way.
 */
export function listedEventDrivers(e: AnomalyEvent, level: DriverLevel = 'resources'): ListedEventDrivers {
  const drivers = e.drivers[level].filter((d) => toUnits(d.change) !== 0n);
  const unlisted = e.drivers[level].filter((d) => toUnits(d.change) === 0n);
  const rest = e.rest[level];
  const parts = Object.fromEntries(PARTS.map((p) => [p, formatCents(centsOf(rest[p]) + unlisted.reduce((sum, d) => sum + centsOf(d[p]), 0n))]));
  const share = rest.shareOfImpact === null ? null : Math.round((rest.shareOfImpact + unlisted.reduce((sum, d) => sum + (d.shareOfImpact ?? 0), 0)) * 10) / 10;
  return { drivers, rest: { ...rest, ...parts, drivers: rest.drivers + unlisted.length, shareOfImpact: share } };
}

/** Money in cents as the events write it (`-12.34`), as a number of cents. */
function centsOf(text: string): bigint {
  return parseDecimal(text, 2);
}

/** Consecutive flagged days of one service or account, its exact figures and its explanation. */
export interface AnomalyEvent {
  /**
   * `dimension:value:start`: the same whichever days are examined, since an event flagged on the
   * first examined day is followed back to the day it began, unless `startCut` is `range`.
   */
  id: string;
  dimension: AnomalyDimension;
  value: string;
  /** The account name (accounts only). */
  name: string | null;
  /** The first flagged day: followed back before the first examined day when the event was flagged on it. */
  start: string;
  /**
   * The event is flagged on `start` and the day before it got no verdict, so it may have begun
   * earlier ("began on or before `start`"); `startCut` says why.
   */
  startsBeforeRange: boolean;
  /**
   * Why the day before `start` got no verdict, else null: `history`, it has no full trailing window
   * of billing data (before the store's first judgeable day, or after a gap), so no range can judge
   * it and `start` is the same everywhere; `range`, the event was flagged on every day followed back
   * (`trailingDays` days before the first examined day), so its start depends on the days examined.
   */
  startCut: StartCut | null;
  /** The last flagged day; null while the event is ongoing (still flagged on the last day examined). */
  end: string | null;
  /** The last flagged day, ongoing or not. */
  lastDay: string;
  days: number;
  direction: 'spike' | 'drop' | 'mixed';
  /** A day of the event is provisional (treated as provisional: src/analyze/provisional-wording.ts). */
  provisional: boolean;
  /** Exact decimals (10 places): actual − expected = impact. */
  actual: string;
  expected: string;
  impact: string;
  /** The impact in cents and its parts, which add up to it. */
  parts: CentParts;
  /** The smallest |impact| listed for this event (exact decimal) and whether the event reaches it. */
  noiseFloor: string;
  aboveNoiseFloor: boolean;
  /** What each event day was compared with: its median day(s). */
  baseline: { day: string; medianDays: string[] }[];
  /** The top drivers per level, largest change first. */
  drivers: Record<DriverLevel, EventDriver[]>;
  /** What the other drivers of each level explain. */
  rest: Record<DriverLevel, EventRest>;
}

/** What {@link findAnomalyEvents} found. */
export interface AnomalyEvents {
  /** The day-by-day judgement the events come from. */
  report: AnomalyReport;
  /** Events at or above their noise floor. */
  events: AnomalyEvent[];
  /** Events under their noise floor (left out of lists and e-mails; counted). */
  belowFloor: AnomalyEvent[];
  noiseFloor: AnomaliesConfig['noiseFloor'];
  /** The baseline, in one sentence (said beside every list of events). */
  baselineRule: string;
}

/** The dimensions of each level, for service events and for account events. */
const LEVEL_DIMENSIONS: Record<AnomalyDimension, Record<DriverLevel, Dimension[]>> = {
  service: { usageTypes: ['usage_type'], resources: ['usage_type', 'resource'], regions: ['region'] },
  account: { usageTypes: ['service', 'usage_type'], resources: ['service', 'usage_type', 'resource'], regions: ['region'] },
};

/**
 * Judges the days (detectSpendAnomalies), groups the flagged days into events (an event flagged on
 * the first examined day followed back to the day it began, anomalies/follow-back.ts) and explains
 * each against its median days, limited to its service or account. Each event needs its days and
 * the trailing days of its first day, all read at once (anomalies/event_lines).
 */
export async function findAnomalyEvents(engine: Engine, options: AnomalyEventOptions): Promise<AnomalyEvents> {
  const { config } = options;
  const report = await detectSpendAnomalies(engine, config, options);
  const grains = await readGrainsOfRuns(engine, report.runs, options);
  const all = report.runs.map((run, i) => explainRun(run, grains[i], options));
  return {
    report,
    events: all.filter((e) => e.aboveNoiseFloor),
    belowFloor: all.filter((e) => !e.aboveNoiseFloor),
    noiseFloor: config.noiseFloor,
    baselineRule: baselineRule(config),
  };
}

/** The baseline and the floor as the notes of every list say them. */
export function baselineRule(config: AnomaliesConfig): string {
  const middle = config.trailingDays % 2 === 0 ? 'the mean of the two middle days' : 'the middle day';
  return `Each event day is explained against the median of its trailing ${config.trailingDays} days, which is ${middle} by spend: `
    + 'the explanation compares the event\'s usage types, resources and regions with theirs, so the drivers add up to the impact (actual − expected).';
}

/** The daily grains each run is explained by (its days and the trailing days of its first day), in the order of `runs`. */
function readGrainsOfRuns(engine: Engine, runs: readonly FlaggedRun[], options: AnomalyEventOptions): Promise<DailyGrains[]> {
  const { trailingDays, charges } = options.config;
  return readDailyGrains(engine, {
    windows: runs.map((run) => ({ dimension: run.dimension, value: run.value, from: addDays(run.start, -trailingDays), to: addDays(run.end, 1) })),
    cost: options.cost ?? 'billed',
    charges: charges === 'all' ? 'all' : 'usage',
  });
}

function explainRun(run: FlaggedRun, daily: DailyGrains, options: AnomalyEventOptions): AnomalyEvent {
  const { config } = options;
  const days = dayRange(run.start, run.end);
  const baseline = eventBaseline(daily, days, config.trailingDays);
  const impact = baseline.actual - baseline.expected;
  const floor = noiseFloorUnits(daily, run.start, days.length, config.trailingDays, config.noiseFloor);
  const top = options.top ?? 3;
  const sets = Object.fromEntries(DRIVER_LEVELS.map((level) => [level, driversBy(baseline.grains, LEVEL_DIMENSIONS[run.dimension][level])])) as Record<DriverLevel, DriverSet>;
  // Every level splits the same total: its parts in cents are the event's (explain/drivers.ts rounds the total first).
  const total = sets.regions;
  return {
    id: `${run.dimension}:${run.value}:${run.start}`,
    dimension: run.dimension,
    value: run.value,
    name: run.name,
    start: run.start,
    startsBeforeRange: run.startCut !== null,
    startCut: run.startCut,
    end: run.ongoing ? null : run.end,
    lastDay: run.end,
    days: days.length,
    direction: run.direction,
    provisional: run.provisional,
    actual: fromUnits(baseline.actual),
    expected: fromUnits(baseline.expected),
    impact: fromUnits(impact),
    parts: centParts({ ...total.partCents, change: total.changeCents }),
    noiseFloor: fromUnits(floor),
    aboveNoiseFloor: (impact < 0n ? -impact : impact) >= floor,
    baseline: baseline.medianDays.map((m) => ({ day: m.day, medianDays: m.baseline[0] === m.baseline[1] ? [m.baseline[0]] : [...m.baseline] })),
    drivers: Object.fromEntries(DRIVER_LEVELS.map((level) => [level, sets[level].drivers.slice(0, top).map((d) => eventDriver(d, sets[level], impact))])) as Record<DriverLevel, EventDriver[]>,
    rest: Object.fromEntries(DRIVER_LEVELS.map((level) => {
      const rest = restAfter(sets[level], top);
      return [level, { drivers: rest.drivers, ...centParts(rest.cents), shareOfImpact: shareOfChange(rest.change, impact) }];
    })) as Record<DriverLevel, EventRest>,
  };
}

function centParts(c: Parts & { change: bigint }): CentParts {
  return { change: formatCents(c.change), ...Object.fromEntries(PARTS.map((p) => [p, formatCents(c[p])])) } as CentParts;
}

function eventDriver(d: Driver, set: DriverSet, impact: bigint): EventDriver {
  const key = d.key;
  return {
    chargeClass: d.chargeClass,
    ...(set.dimensions.includes('service') ? { service: key.service } : {}),
    ...(key.usage_type !== undefined ? { usageType: key.usage_type } : {}),
    ...(key.resource !== undefined ? { resource: key.resource } : {}),
    ...(key.region !== undefined ? { region: key.region } : {}),
    ...centParts(d.cents),
    shareOfImpact: shareOfChange(d.change, impact),
  };
}

/**
 * The event's largest resource driver in a few words, `checkout-prod-order-events (Lambda-GB-Second)`,
 * or null without drivers: its resource named by the last part of its ARN or path, as the Overview and
 * `explain` name it (shortResource), or whole with `wholeResource` (--wide).
 */
export function topDriverText(event: AnomalyEvent, options: { wholeResource?: boolean } = {}): string | null {
  const d = event.drivers.resources[0];
  if (!d) return null;
  if (d.resource === '(none)') return `${d.usageType} (no resource id)`;
  return `${options.wholeResource ? d.resource : shortResource(d.resource!)} (${d.usageType})`;
}
