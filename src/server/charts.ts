import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CostlensError, messageOf } from '../errors.ts';
import { seriesColours } from '../lib/series-colours.ts';
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
 * nominal colours given by src/lib/series-colours.ts (same name, same colour, on every chart).
 */
export function boundSpec(chart: ChartDefinition, result: QueryResult): Record<string, unknown> {
  const values = chartValues(result);
  return {
    ...withSeriesColours(chart.spec, values),
    data: { values },
    usermeta: { costlens: { query: result.query, params: result.params, generation: result.generation } },
  };
}

type Spec = Record<string, unknown>;
type ColourChannel = { field?: unknown; type?: unknown; scale?: Record<string, unknown> | null; legend?: unknown };

/**
 * Gives every nominal colour encoding (of the spec, its facet's inner spec and its layers) the
 * domain of its names in the order the rows first name them (the legend's order, largest first for
 * ranked queries) and one colour per name from the shared series palette. An encoding whose
 * scale states its own domain or range (e.g. fixed meanings such as "direct" and "shared") keeps it.
 */
export function withSeriesColours(spec: Spec, values: Record<string, unknown>[]): Spec {
  const colour = (encoding: unknown): unknown => {
    const channels = encoding as { color?: ColourChannel } | undefined;
    const color = channels?.color;
    if (!color || color.type !== 'nominal' || typeof color.field !== 'string' || color.scale === null) return encoding;
    if (color.scale && ('domain' in color.scale || 'range' in color.scale)) return encoding;
    const field = color.field;
    const names = [...new Set(values.map((row) => row[field]).filter((v) => v !== null && v !== undefined).map(String))];
    const { scheme: _scheme, ...scale } = color.scale ?? {};
    return { ...channels, color: { ...color, scale: { ...scale, domain: names, range: seriesColours(names) } } };
  };
  const out: Spec = { ...spec };
  if (spec.encoding) out.encoding = colour(spec.encoding);
  if (spec.spec && typeof spec.spec === 'object') out.spec = withSeriesColours(spec.spec as Spec, values);
  if (Array.isArray(spec.layer)) out.layer = (spec.layer as Spec[]).map((layer) => withSeriesColours(layer, values));
  return out;
}
