/**
 * Explore's tables as analyses: the queries explore/spend_by and explore/daily_spend_by, with a
 * tag dimension read as attribution reads it (src/analyze/tag-values.ts: every spelling of the
 * key, value aliases, case and whitespace folded, so "payments " and "payments" are one row), or
 * raw with `raw_tags=1` (the key as spelled, values as ingested: for tag hygiene). The Explore
 * page, its charts and its CSV download read them; `/api/queries/explore/…` stays the plain query.
 */
import { tagValueParams } from '../analyze/tag-values.ts';
import type { RawParams } from '../engine/duckdb.ts';
import type { NamedQuery, QueryParam } from '../engine/queries.ts';
import { CostlensError } from '../errors.ts';
import type { AnalysisSource, AnalysisTable, Analyses } from './analysis-service.ts';
import type { Filters } from './filters.ts';
import { validateParams } from './params.ts';
import type { QueryService } from './query-service.ts';

/** The query parameters that carry the normalisation: the analysis fills them in, a request may not. */
const NORMALISATION_PARAMS = ['tag_keys', 'tag_raw_values', 'tag_values'];

/** "Read the tag raw" as the URL spells it. */
export const RAW_TAGS = 'raw_tags';

/** "No tag key" as the explore queries spell it. */
const NO_TAG = '-';

/** The explore queries served as analyses of the same name. */
const EXPLORE_QUERIES = ['explore/spend_by', 'explore/daily_spend_by'];

/** Whether a request asks for raw tags (`raw_tags=1`; absent or `0`: normalised). */
export function rawTagsOf(filters: Filters): boolean {
  const values = filters[RAW_TAGS] ?? [];
  if (values.length > 1) throw new CostlensError('usage', `"${RAW_TAGS}" is given ${values.length} times; give it once`);
  const value = values[0] ?? '';
  if (!['', '0', '1'].includes(value)) throw new CostlensError('usage', `"${RAW_TAGS}" must be 1 (raw tags) or 0 (normalised); got "${value.slice(0, 40)}"`);
  return value === '1';
}

/**
 * Explore's analyses, one per explore query the server has, with that query's parameters (less
 * the normalisation lists) and `raw_tags`.
 */
export function exploreSources(queries: QueryService): AnalysisSource[] {
  const present = queries.queries.filter((q) => EXPLORE_QUERIES.includes(q.name));
  return present.map((query): AnalysisSource => {
    const name = query.name;
    const params: QueryParam[] = [
      ...query.params.filter((p) => !NORMALISATION_PARAMS.includes(p.name)),
      { name: RAW_TAGS, type: 'VARCHAR', defaultValue: '0', description: 'read a tag dimension raw: the key as spelled, values as ingested (one of: 0, 1)' },
    ];
    return {
      name,
      description: `${query.description} A tag is read as attribution reads it (every spelling of the key, value aliases, case and whitespace folded) unless ${RAW_TAGS}=1.`,
      params,
      returns: query.returns,
      compute: (analyses, filters) => exploreTable(analyses, query, params, filters),
    };
  });
}

async function exploreTable(analyses: Analyses, query: NamedQuery, declared: QueryParam[], filters: Filters): Promise<AnalysisTable> {
  for (const param of Object.keys(filters)) {
    if (!declared.some((p) => p.name === param)) {
      throw new CostlensError('usage', `analysis ${query.name} has no parameter "${param.slice(0, 40)}"`, { hint: `its parameters: ${declared.map((p) => p.name).join(', ')}` });
    }
  }
  const raw = rawTagsOf(filters);
  const request = Object.fromEntries(Object.entries(filters).filter(([k]) => k !== RAW_TAGS));
  const params = await exploreParams(analyses, query, request, raw);
  const result = await analyses.runDerived(query.name, params);
  const shown = Object.fromEntries(Object.entries(result.params).filter(([k]) => !NORMALISATION_PARAMS.includes(k)));
  return { params: { ...shown, [RAW_TAGS]: raw ? '1' : '0' }, columns: result.columns, types: result.types, rows: result.rows };
}

/**
 * The explore query's parameters for a request: checked as the query API checks them, plus,
 * when grouping by a tag, the normalisation of its key over the request's days.
 */
export async function exploreParams(analyses: Analyses, query: NamedQuery, request: Record<string, string | string[] | undefined>, raw: boolean): Promise<RawParams> {
  const checked = validateParams(query, request);
  if (checked.dimension !== 'tag' || !checked.tag_key || checked.tag_key === NO_TAG) return checked;
  const values = await analyses.tagValues(checked.tag_key, { chargeFrom: checked.start, chargeTo: checked.end }, raw);
  return { ...checked, ...tagValueParams(values) };
}
