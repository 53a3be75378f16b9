import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CostlensError, messageOf } from '../errors.ts';
import { withMoneyAxes } from '../lib/money-axis.ts';
import { ascending } from '../lib/order.ts';
import type { StoreDays } from '../lib/store-days.ts';
import { seriesColours } from '../lib/series-colours.ts';
import { withSpanLabels } from './chart-span-labels.ts';
import { withUnitPanels } from './unit-panels.ts';
import type { AnalysisSource } from './analysis-service.ts';
import { CONTEXT_NAMES, type ReportContext } from './context.ts';
import { chartValues } from './query-result-bodies.ts';
import type { QueryResult, QueryService } from './query-service.ts';
import { packagePath } from '../lib/package-root.ts';

/** The shipped `dashboards/` folder. */
export const DASHBOARDS_DIR = packagePath('dashboards');

/** Chart names: the file name of `dashboards/<name>.vl.json`. */
export const CHART_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * A Vega-Lite spec of `dashboards/` and the named query whose rows feed it, declared in the spec:
 * `"usermeta": {"costlens": {"query": "area/name", "params": {"start": "{{month_start}}"}}}`, or
 * the analysis (src/server/analysis-service.ts) that computes them: `{"analysis": "area/name"}`.
 * Parameter values may use the report context as `{{name}}` (see CONTEXT_NAMES); a request's
 * own parameters override them.
 */
export interface ChartDefinition {
  name: string;
  title: string;
  /** The query (or analysis) whose rows feed the chart. */
  query: string;
  /** Whether `query` names a SQL query of `queries/` or an analysis. */
  source: 'query' | 'analysis';
  params: Record<string, string>;
  spec: Record<string, unknown>;
}

/** Reads every `*.vl.json` of `dir`; a spec naming an unknown query or parameter fails loudly at start. */
export function loadCharts(dir: string, queries: QueryService, analyses: ReadonlyMap<string, AnalysisSource> = new Map()): Map<string, ChartDefinition> {
  const charts = new Map<string, ChartDefinition>();
  if (!existsSync(dir)) return charts;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.vl.json')).sort()) {
    const name = file.slice(0, -'.vl.json'.length);
    const path = join(dir, file);
    const fail = (what: string) => new CostlensError('config', `${path}: ${what}`, { hint: 'see "Dashboards and the query API" in README.md' });
    if (!CHART_NAME.test(name)) throw fail('chart file names are lower-case letters, digits, - and _');
    let spec: Record<string, unknown>;
    try {
      spec = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw fail(`not valid JSON (${messageOf(error)})`);
    }
    const meta = (spec.usermeta as { costlens?: { query?: unknown; analysis?: unknown; params?: unknown } } | undefined)?.costlens;
    let query: { name: string; params: { name: string }[] };
    if (meta?.analysis !== undefined && meta.query !== undefined) throw fail('usermeta.costlens names a query and an analysis: give one');
    if (typeof meta?.analysis === 'string') {
      const analysis = analyses.get(meta.analysis);
      if (!analysis) throw fail(`usermeta.costlens.analysis: no analysis named "${meta.analysis}" (known: ${[...analyses.keys()].join(', ') || 'none'})`);
      query = analysis;
    } else {
      if (typeof meta?.query !== 'string') throw fail('usermeta.costlens.query must name the query whose rows feed the chart (or usermeta.costlens.analysis the analysis)');
      query = queries.find(meta.query);
    }
    const params = (meta.params ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(params)) {
      if (typeof value !== 'string') throw fail(`usermeta.costlens.params.${key} must be a string`);
      if (!query.params.some((p) => p.name === key)) throw fail(`usermeta.costlens.params.${key}: ${query.name} has no such parameter`);
      for (const [, ref] of value.matchAll(/\{\{(\w+)\}\}/g)) {
        if (!(CONTEXT_NAMES as readonly string[]).includes(ref)) throw fail(`usermeta.costlens.params.${key}: unknown {{${ref}}} (use ${CONTEXT_NAMES.join(', ')})`);
      }
    }
    const title = typeof spec.title === 'string' ? spec.title : typeof spec.description === 'string' ? spec.description : name;
    charts.set(name, { name, title, query: query.name, source: typeof meta?.analysis === 'string' ? 'analysis' : 'query', params: params as Record<string, string>, spec });
  }
  return charts;
}

/** The chart's query parameters: its own (with `{{context}}` filled in), overridden by the request's. */
export function chartParams(chart: ChartDefinition, context: ReportContext, request: Record<string, string | string[]>): Record<string, string | string[]> {
  const own = Object.fromEntries(
    Object.entries(chart.params).map(([key, value]) => [key, value.replace(/\{\{(\w+)\}\}/g, (_, ref: string) => String(context[ref as keyof ReportContext] ?? ''))]),
  );
  return { ...own, ...request };
}

/**
 * The chart's spec with the query's rows inlined as `data.values` (numbers as numbers), its
 * nominal colours given by src/lib/series-colours.ts (same name, same colour, on every chart whose
 * larger names are the same), its money axes drawn by src/lib/money-axis.ts (no two ticks alike)
 * and, where the spec asks, one panel per series with its unit as the axis title (unit-panels.ts)
 * and the days a month-to-date chart compares in its title and legend, with those of them the store
 * does not hold (`store`, its days) said under the title (chart-span-labels.ts). A monthly chart's
 * rows count the days of each month the store holds as its query gives them
 * (queries/calendar/month_days_in_store.cte.sql), so a month a gap cuts is drawn lighter.
 */
export function boundSpec(chart: ChartDefinition, result: QueryResult, store?: StoreDays): Record<string, unknown> {
  const values = chartValues(result);
  return {
    ...withMoneyAxes(withSeriesColours(withUnitPanels(withSpanLabels(chart.spec, result.params, store), values), values)),
    data: { values },
    usermeta: { costlens: { query: result.query, params: result.params, generation: result.generation } },
  };
}

type Spec = Record<string, unknown>;
type Channel = { field?: unknown; type?: unknown };
type ColourChannel = Channel & { scale?: Record<string, unknown> | null; legend?: unknown };

/**
 * Gives every nominal colour encoding (of the spec, its facet's inner spec and its layers) the
 * domain of its names in the order the rows first name them (the legend's order, largest first for
 * ranked queries) and one colour per name from the shared series palette, claimed largest first:
 * by each name's total of the chart's quantity (the field of its quantitative x or y), then by
 * name, as Explore's queries rank them; so the colours of a chart's names depend only on the names
 * larger than them, and two charts naming the largest values of one ranking (8 by day, 12 in
 * total) agree on every name they share. An encoding whose scale states its own domain or range
 * (e.g. fixed meanings such as "direct" and "shared") keeps it.
 */
export function withSeriesColours(spec: Spec, values: Record<string, unknown>[]): Spec {
  const colour = (encoding: unknown): unknown => {
    const channels = encoding as { color?: ColourChannel; x?: Channel; y?: Channel } | undefined;
    const color = channels?.color;
    if (!color || color.type !== 'nominal' || typeof color.field !== 'string' || color.scale === null) return encoding;
    if (color.scale && ('domain' in color.scale || 'range' in color.scale)) return encoding;
    const field = color.field;
    const names = [...new Set(values.map((row) => row[field]).filter((v) => v !== null && v !== undefined).map(String))];
    const claimOrder = largestFirst(names, values, field, quantityField(channels));
    const claimed = seriesColours(claimOrder);
    const colours = new Map(claimOrder.map((name, i) => [name, claimed[i]]));
    const { scheme: _scheme, ...scale } = color.scale ?? {};
    return { ...channels, color: { ...color, scale: { ...scale, domain: names, range: names.map((name) => colours.get(name)!) } } };
  };
  const out: Spec = { ...spec };
  if (spec.encoding) out.encoding = colour(spec.encoding);
  if (spec.spec && typeof spec.spec === 'object') out.spec = withSeriesColours(spec.spec as Spec, values);
  if (Array.isArray(spec.layer)) out.layer = (spec.layer as Spec[]).map((layer) => withSeriesColours(layer, values));
  return out;
}

/** The field of the encoding's quantitative x or y (the quantity its marks draw), if any. */
function quantityField(channels: { x?: Channel; y?: Channel } | undefined): string | undefined {
  const channel = [channels?.x, channels?.y].find((c) => c?.type === 'quantitative' && typeof c.field === 'string');
  return channel?.field as string | undefined;
}

/**
 * The names by their total of `quantity` over the rows, largest first, then by name (code-unit
 * order, as DuckDB orders text); totals are compared to a millionth, so that the float sums of one
 * figure split differently (by day, or in one row) rank alike. Without a quantity in the rows, the
 * names in the order given.
 */
function largestFirst(names: string[], values: Record<string, unknown>[], field: string, quantity: string | undefined): string[] {
  if (quantity === undefined || !values.some((row) => typeof row[quantity] === 'number')) return names;
  const totals = new Map<string, number>();
  for (const row of values) {
    const name = row[field];
    const amount = row[quantity];
    if (name === null || name === undefined || typeof amount !== 'number') continue;
    totals.set(String(name), (totals.get(String(name)) ?? 0) + amount);
  }
  const millionths = (name: string) => Math.round((totals.get(name) ?? 0) * 1e6);
  return [...names].sort((a, b) => millionths(b) - millionths(a) || ascending(a, b));
}
