/**
 * "Why they moved": the top drivers, from explain (src/analyze/explain/usage.ts), of each service
 * and account among the week's top movers — one usage type of one resource, the part that moved
 * most (volume, rate, new, gone) and its change — each linking to the resource's page (or to
 * Explore by usage type when the lines carry no resource id) over both weeks. Usage only, this
 * week against the same days of the week before, as the movers compare them.
 */
import type { AttributionConfig } from '../analyze/attribution/index.ts';
import type { BillingDaySpan } from '../analyze/billing-calendar.ts';
import { addDays, daysBetween } from '../analyze/billing-calendar.ts';
import { type Driver, explainUsageChange, mainPart, type Part, PART_MEANINGS, shortResource, topDriversOf } from '../analyze/explain/index.ts';
import type { Engine } from '../engine/engine.ts';
import { CostlensError } from '../errors.ts';
import type { LayoutSection, LayoutTable, SectionLink } from './layout-parts.ts';
import { formatSignedUsd } from './money.ts';
import { pageUrl } from './public-url.ts';
import { daySpan } from '../lib/calendar.ts';
import { type DaysNotInStore } from '../lib/store-days.ts';
import { type IsoWeek, lastReportedDay, shiftWeek } from './week.ts';
import { codePointOrder } from '../lib/order.ts';

/** Drivers shown under each mover. */
const DRIVERS_PER_MOVER = 2;

/** One driver of one mover, in cents. */
export interface MoverDriver {
  /** The mover: `service` or `account`, its value and readable name. */
  dimension: 'service' | 'account';
  value: string;
  name: string | null;
  usageType: string;
  /** The resource id, or null when the lines carry none. */
  resource: string | null;
  part: Part;
  /** The driver's change in cents (explain's rounding: its new cost shown less its old cost shown). */
  change: bigint;
}

/** The section's model: the days compared and the drivers, or why there are none. */
export interface MoverDriversModel {
  /** Days compared, both included. */
  old: { first: string; last: string };
  new: { first: string; last: string };
  drivers: MoverDriver[];
  /** Set when explain could not compare the weeks (no earlier week in the data). */
  missing: string | null;
  /** The sources whose lines the weeks explained leave out, as they are compared (a delivery that has ended: week-source-end.ts); absent or empty when none. */
  withoutSources?: string[];
}

/**
 * How the weeks compared treat deliveries that have ended (DataStatus.endedBefore): why their end keeps the
 * weeks from being compared (layout-comparison.ts endedNotCompared), or the sources each week leaves out.
 */
interface EndedInDrivers {
  notCompared: string | null;
  leftOut: { old: readonly string[]; new: readonly string[] };
}

/**
 * Explains the week's usage change and picks the top drivers of each service and account mover.
 * An unfinished week compares its days in the data with the same weekdays of the week before;
 * a week, or a last week, with compared days not in the store (`notInStore`, the report's status)
 * is not explained, and the model says which days and why; nor are weeks that the end of a delivery keeps
 * from being compared (`ended.notCompared`). Weeks compared without the lines of a delivery that has ended
 * are explained without them (`ended.leftOut`), as the movers compare them.
 */
export async function buildMoverDrivers(
  engine: Engine,
  attribution: AttributionConfig,
  week: IsoWeek,
  span: BillingDaySpan,
  movers: { dimension: string; rows: { value: string; name: string | null }[] }[],
  notInStore: { week: DaysNotInStore | null; lastWeek: DaysNotInStore | null },
  ended: EndedInDrivers = { notCompared: null, leftOut: { old: [], new: [] } },
): Promise<MoverDriversModel> {
  const last = lastReportedDay(week, span);
  const days = daysBetween(week.start, last);
  const spans = { old: { first: addDays(week.start, -7), last: addDays(last, -7) }, new: { first: week.start, last } };
  if (days < 0) return { ...spans, drivers: [], missing: 'the week has no day in the data' };
  if (notInStore.week) {
    return { ...spans, drivers: [], missing: `this week (${daySpan(spans.new.first, spans.new.last)}) is ${notInStore.week.all ? 'not' : 'not all'} in the store: ${notInStore.week.why}` };
  }
  const lastWeekNotInStore = notInStore.lastWeek;
  if (lastWeekNotInStore) {
    return { ...spans, drivers: [], missing: `last week (${daySpan(spans.old.first, spans.old.last)}) is ${lastWeekNotInStore.all ? 'not' : 'not all'} in the store: ${lastWeekNotInStore.why}` };
  }
  if (ended.notCompared !== null) return { ...spans, drivers: [], missing: ended.notCompared };
  const withoutSources = [...new Set([...ended.leftOut.old, ...ended.leftOut.new])].sort(codePointOrder);
  try {
    const { drivers } = await explainUsageChange(engine, spans, 'billed', attribution, withoutSources.length > 0 ? ended.leftOut : undefined);
    const picked: MoverDriver[] = [];
    for (const m of movers) {
      if (m.dimension !== 'service' && m.dimension !== 'account') continue;
      const dimension = m.dimension;
      for (const row of m.rows) {
        for (const d of topDriversOf(drivers, dimension, row.value, DRIVERS_PER_MOVER)) picked.push(moverDriver(dimension, row, d));
      }
    }
    return { ...spans, drivers: picked, missing: null, ...(withoutSources.length > 0 ? { withoutSources } : {}) };
  } catch (error) {
    if (error instanceof CostlensError && error.code === 'usage') return { ...spans, drivers: [], missing: error.message };
    throw error;
  }
}

function moverDriver(dimension: 'service' | 'account', row: { value: string; name: string | null }, d: Driver): MoverDriver {
  const resource = d.key.resource && d.key.resource !== '(none)' ? d.key.resource : null;
  return { dimension, value: row.value, name: row.name, usageType: d.key.usage_type ?? '(none)', resource, part: mainPart(d), change: d.cents.change };
}

/** The page a driver links to: its resource over both weeks, else Explore by usage type over both weeks. */
function driverLink(d: MoverDriver, model: MoverDriversModel, base: string): SectionLink {
  const range = { start: model.old.first, end: addDays(model.new.last, 1) };
  return d.resource
    ? { text: `${d.resource} on its resource page`, href: pageUrl(base, '/resource', { id: d.resource, ...range }) }
    : { text: `${d.usageType} in Explore`, href: pageUrl(base, '/explore', { dimension: 'usage_type', ...range, cost: 'billed' }) };
}

/** How many drivers the section leaves out as showing $0.00 of change, in a sentence; '' when none. */
function zeroDriversWords(count: number): string {
  if (count === 0) return '';
  return count === 1
    ? ' One driver whose change shows as $0.00 (its cost shows the same cents both weeks) is left out.'
    : ` ${count} drivers whose change shows as $0.00 (each one's cost shows the same cents both weeks) are left out.`;
}

/** What the weeks explained leave out, as the movers compare them, in a sentence; '' when nothing. */
function withoutWords(sources: readonly string[]): string {
  if (sources.length === 0) return '';
  return `The weeks are explained without the lines of ${sources.join(', ')} (a delivery that has ended), as the movers compare them and as costlens explain compares these days. `;
}

/**
 * The section: one table per cut (services, accounts), a row per driver; with a public URL each
 * driver links to its page. A driver whose change shows as $0.00 is left out (noise beside cents),
 * the note saying how many were.
 */
export function driversLayoutSection(model: MoverDriversModel, week: IsoWeek, publicUrl: string | null): LayoutSection {
  const tables: LayoutTable[] = [];
  const shown = model.drivers.filter((d) => d.change !== 0n);
  for (const [dimension, heading] of [['service', 'Service'], ['account', 'Account']] as const) {
    const rows = shown.filter((d) => d.dimension === dimension);
    if (rows.length === 0) continue;
    tables.push({
      columns: [heading, 'Driver (usage type · resource)', 'Part', 'Change'],
      numeric: [false, false, false, true],
      rows: rows.map((d) => [d.name ? `${d.name} (${d.value})` : d.value, d.resource ? `${d.usageType} · ${shortResource(d.resource)}` : `${d.usageType} (no resource id)`, d.part, formatSignedUsd(d.change)]),
      // The driver is the link (what it opens: the resource, or its usage type in Explore), not the mover two drivers share.
      ...(publicUrl ? { links: rows.map((d) => driverLink(d, model, publicUrl)), linkColumn: 1 } : {}),
    });
  }
  const compared = `${daySpan(model.new.first, model.new.last)} against ${daySpan(model.old.first, model.old.last)}`;
  return {
    id: 'drivers',
    title: 'Why they moved',
    paragraphs: model.missing ? [`No explanation for ${week.label}: ${model.missing}.`] : tables.length ? [] : [model.drivers.length ? 'No driver of the movers changed by a cent.' : 'No service or account moved.'],
    tables,
    notes: model.missing ? [] : [
      `The top ${DRIVERS_PER_MOVER} drivers of each service and account above, from costlens explain --from ${model.old.first}..${model.old.last} --to ${model.new.first}..${model.new.last} (usage, BilledCost; ${compared}). ${withoutWords(model.withoutSources ?? [])}`
      + `Each is one usage type of one resource (an ARN or a resource path by its last part; the link opens the resource); its part says why it moved: volume, ${PART_MEANINGS.volume}; rate, ${PART_MEANINGS.rate}; new, ${PART_MEANINGS.new}; gone, ${PART_MEANINGS.gone}. `
      + `Changes are explain's cents: each driver's cost this week less last week's, each rounded once to the cent.${zeroDriversWords(model.drivers.length - shown.length)}`,
    ],
  };
}

/** The link under the section: both weeks by usage type in Explore. */
export function driversSectionLink(week: IsoWeek, base: string): SectionLink {
  return { text: 'Both weeks by usage type in Explore', href: pageUrl(base, '/explore', { dimension: 'usage_type', start: shiftWeek(week, -1).start, end: week.end, cost: 'billed' }) };
}
