/**
 * `costlens explain`: the difference in cost between two spans of equal length decomposed into
 * drivers along a hierarchy (service → usage type → resource by default), each driver into
 * volume, rate, new, gone and other (src/analyze/explain/drivers.ts), charge classes apart.
 * Two months compare their whole bills; day spans compare usage only, since fees, tax and
 * credits are posted once a month, not spent by the day: those posted in the spans are listed
 * apart, not compared. Reads one query, explain/cost_drivers, through the Engine.
 */
import { listParam, type RawParams } from '../../engine/duckdb.ts';
import type { Engine } from '../../engine/engine.ts';
import { runQuery } from '../../engine/query-types.ts';
import { CostlensError } from '../../errors.ts';
import { type AttributionConfig, type AttributionRange, rangeParams, readTagValues, tagValueParams } from '../attribution/index.ts';
import { centsOfUnits } from '../../lib/money.ts';
import { codePointOrder } from '../../lib/order.ts';
import { CHARGE_CLASSES } from '../../store/charge-class.ts';
import { DIMENSIONS, driversBy, grainOf, type Dimension, type DriverSet, type Grain } from './drivers.ts';
import { resolveSpans, type ExplainSpans } from './spans.ts';
import { judgedOnSources, latestDataWords } from './source-horizon.ts';
import { readSourceSpans } from '../source-spans.ts';
import { billSpan, storeDays } from '../billing-calendar.ts';
import { endedLeftOutFigures, endedLeftOutOf, type EndedLeftOut } from './ended-left-out.ts';

/** The measures explain can decompose. */
export const EXPLAIN_COSTS = ['billed', 'effective'] as const;
export type ExplainCost = (typeof EXPLAIN_COSTS)[number];

/** The default hierarchy. */
export const DEFAULT_DIMENSIONS: Dimension[] = ['service', 'usage_type', 'resource'];

export interface ExplainOptions {
  /** `--from` and `--to` as given (undefined: the defaults, from the data horizon). */
  from?: string;
  to?: string;
  dimensions: Dimension[];
  cost: ExplainCost;
  /** How the team dimension reads tags: attribution's normalisation of `tagKey`. */
  team: { attribution: AttributionConfig; tagKey: string };
  /**
   * Compare only usage (the Overview and the weekly report do); left out, what the spans call for:
   * two months their whole bills, day spans usage only (see {@link Explanation.compared}).
   */
  chargeClass?: 'usage';
  /** Sources (x_Source) whose lines each span leaves out (the weekly report's weeks compared without a delivery that has ended); default none. */
  excludeSources?: { old: readonly string[]; new: readonly string[] };
  /**
   * Spans beside a delivery that has ended (src/analyze/ended-comparison.ts): compare without its lines where the
   * others' data covers a span (two months: both bills without them), else refuse as not compared (`costlens explain`);
   * ignored with `excludeSources`.
   */
  leaveOutEnded?: boolean;
}

/** What a comparison compares: `bill` every charge class of two full bills, `usage` usage lines only. */
export type Compared = 'bill' | 'usage';

/** A charge class posted in the spans but not compared: its cost in each span, exact and rounded once to cents. */
export interface PostedClass {
  chargeClass: string;
  oldCost: bigint;
  newCost: bigint;
  oldCents: bigint;
  newCents: bigint;
}

/** A comparison explained: its spans and the drivers at each level of the hierarchy. */
export interface Explanation {
  spans: ExplainSpans;
  cost: ExplainCost;
  /**
   * `bill`: two months' full bills, every charge class; `usage`: usage only (day spans, where a fee
   * posted once a month on one side is no change in spend), the other classes listed in `posted`.
   */
  compared: Compared;
  /** With `usage`: each other charge class with lines in either span, not compared (recurring, one-time, tax, credit order). */
  posted: PostedClass[];
  /** One driver per charge class compared: usage apart from recurring, one-time, tax and credit. */
  classes: DriverSet;
  /** Drivers by each leading part of the hierarchy: [service], [service, usage_type], …; the last is the finest. */
  levels: DriverSet[];
  /** With --by team: the tag key read and its raw spellings, in pick order. */
  teamKey?: { name: string; rawKeys: string[] };
  /** Spans compared without the lines of deliveries that have ended (`leaveOutEnded`): the sentence saying so, and what each span leaves out. */
  endedLeftOut?: EndedLeftOut;
}

/** Parses `--by`: a comma-separated list of dimensions, in hierarchy order, without repeats. */
export function parseDimensions(text: string | undefined): Dimension[] {
  if (text === undefined) return [...DEFAULT_DIMENSIONS];
  const names = text.split(',').map((s) => s.trim().replace(/-/g, '_'));
  for (const name of names) {
    if (!(DIMENSIONS as readonly string[]).includes(name)) {
      throw new CostlensError('usage', `--by must list dimensions from ${DIMENSIONS.join(', ')}; got "${name || text}"`, {
        hint: 'e.g. --by service,usage_type,resource (the default), --by account or --by team,service',
      });
    }
  }
  if (new Set(names).size !== names.length) throw new CostlensError('usage', `--by names a dimension twice: "${text}"`);
  return names as Dimension[];
}

/**
 * Reads both spans at the finest grain and decomposes their difference at every level of
 * `dimensions`. A store without daily usage (a monthly CUR, fees only) compares whole months only;
 * asked for usage alone (`chargeClass`), it is a usage error saying so.
 */
export async function explainChange(engine: Engine, options: ExplainOptions): Promise<Explanation> {
  const span = await billSpan(engine);
  if (span.wholeBillsOnly && options.chargeClass === 'usage') {
    throw new CostlensError('usage', `the store holds no daily usage: ${span.wholeBillsOnly.reason}, so usage is not compared day for day`, {
      hint: 'costlens explain compares its whole monthly bills (--from YYYY-MM --to YYYY-MM)',
    });
  }
  // In a store of several deliveries, months are judged on their own source's data; the defaults follow the latest, naming it.
  const sources = await readSourceSpans(engine, span);
  const spans = judgedOnSources(resolveSpans(options.from, options.to, span, await storeDays(engine, span), sources, latestDataWords(sources)), span, sources, options);
  const prefix = (params: RawParams, side: string): RawParams => Object.fromEntries(Object.entries(params).map(([k, v]) => [`${side}_${k}`, v]));
  const team = options.dimensions.includes('team') ? await readTagValues(engine, options.team.attribution, options.team.tagKey, bothSpans(spans)) : undefined;
  const ended = options.leaveOutEnded && !options.excludeSources ? endedLeftOutOf(sources, spans, options) : null;
  const excludeSources = options.excludeSources ?? ended?.leftOut;
  const read = (exclude: typeof excludeSources) => runQuery(engine, 'explain/cost_drivers', {
    ...prefix(rangeParams(spans.old.range), 'old'), ...prefix(rangeParams(spans.new.range), 'new'), cost: options.cost,
    ...(team ? tagValueParams(team) : {}),
    ...(exclude ? { old_exclude_sources: listParam(exclude.old), new_exclude_sources: listParam(exclude.new) } : {}),
  });
  // Without the ended deliveries' lines, and whole: what they leave out, and the classes posted in the spans (not compared, listed whole).
  const [rows, wholeRows] = await Promise.all([read(excludeSources), ended ? read(undefined) : null]);
  const compared: Compared = options.chargeClass ?? (spans.new.kind === 'month' ? 'bill' : 'usage');
  const all = rows.map(grainOf);
  const grains = compared === 'bill' ? all : all.filter((g) => g.chargeClass === 'usage');
  const whole = wholeRows?.map(grainOf) ?? all;
  return {
    spans,
    cost: options.cost,
    compared,
    posted: compared === 'bill' ? [] : postedClasses(whole.filter((g) => g.chargeClass !== 'usage')),
    ...(team ? { teamKey: { name: team.key.name, rawKeys: team.key.rawKeys } } : {}),
    ...(ended ? { endedLeftOut: endedLeftOutFigures(ended, spans, compared === 'bill' ? whole : whole.filter((g) => g.chargeClass === 'usage'), grains) } : {}),
    classes: driversBy(grains, []),
    levels: options.dimensions.map((_, i) => driversBy(grains, options.dimensions.slice(0, i + 1))),
  };
}

/** A range holding both spans (and the days between): where the team tag's values are read. */
function bothSpans(spans: ExplainSpans): AttributionRange {
  return spans.old.kind === 'month'
    ? { billingFrom: spans.old.range.billingFrom, billingTo: spans.new.range.billingTo }
    : { chargeFrom: spans.old.range.chargeFrom, chargeTo: spans.new.range.chargeTo };
}

/**
 * The grains of classes not compared, summed per charge class, each span's sum rounded once (known
 * classes in CHARGE_CLASSES' order, then any other by name): explain's day spans and budget alerts' drivers.
 */
export function postedClasses(grains: readonly Grain[]): PostedClass[] {
  const byClass = new Map<string, { oldCost: bigint; newCost: bigint }>();
  for (const g of grains) {
    const sums = byClass.get(g.chargeClass) ?? { oldCost: 0n, newCost: 0n };
    byClass.set(g.chargeClass, { oldCost: sums.oldCost + g.oldCost, newCost: sums.newCost + g.newCost });
  }
  const known: readonly string[] = CHARGE_CLASSES;
  const rank = (c: string) => (known.includes(c) ? known.indexOf(c) : known.length);
  return [...byClass.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || codePointOrder(a, b))
    .map(([chargeClass, s]) => ({ chargeClass, ...s, oldCents: centsOfUnits(s.oldCost), newCents: centsOfUnits(s.newCost) }));
}
