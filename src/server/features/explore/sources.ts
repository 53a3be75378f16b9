/**
 * Explore's analyses: explore/spend_by, explore/daily_spend_by and explore/daily_postings (view.ts `exploreTable`: the
 * queries with a tag read as attribution reads it, or raw), and explore/spend_compared, the
 * compare table (compared-source.ts).
 */
import type { NamedQuery, QueryParam } from '../../../engine/queries.ts';
import type { AnalysisSource } from '../../analysis-service.ts';
import type { QueryService } from '../../query-service.ts';
import { comparedSource } from './compared-source.ts';
import { exploreTable, NORMALISATION_PARAMS, RAW_TAGS } from './view.ts';

/** The explore queries served as analyses of the same name. */
const EXPLORE_QUERIES = ['explore/spend_by', 'explore/daily_spend_by', 'explore/daily_postings'];

/**
 * Explore's analyses, one per explore query the server has, with that query's parameters (less
 * the normalisation lists) and `raw_tags`, and, when it has explore/spend_by, its compare table
 * (whose store context takes today from `clock`, the app's).
 */
export function exploreSources(queries: QueryService, clock: () => Date): AnalysisSource[] {
  const present = queries.queries.filter((q) => EXPLORE_QUERIES.includes(q.name));
  const sources = present.map((query): AnalysisSource => {
    const params = analysisParams(query);
    return {
      name: query.name,
      description: `${query.description} A tag is read as attribution reads it (every spelling of the key, value aliases, case folded and spaces at the ends trimmed) unless ${RAW_TAGS}=1.`,
      params,
      returns: query.returns,
      compute: (analyses, filters) => exploreTable(analyses, query, params, filters),
    };
  });
  const spendBy = present.find((q) => q.name === 'explore/spend_by');
  return spendBy ? [...sources, comparedSource(spendBy, analysisParams(spendBy), clock)] : sources;
}

/** An explore query's parameters as its analysis takes them: less the normalisation lists, plus `raw_tags`. */
function analysisParams(query: NamedQuery): QueryParam[] {
  return [
    ...query.params.filter((p) => !NORMALISATION_PARAMS.includes(p.name)),
    { name: RAW_TAGS, type: 'VARCHAR', defaultValue: '0', description: 'read a tag dimension raw: the key as spelled, values as ingested', rule: { oneOf: ['0', '1'] } },
  ];
}
