import type { AnalysisConfig } from '../analyze/config.ts';
import type { AnalysisService } from './analysis-service.ts';
import type { ChartDefinition } from './charts.ts';
import type { QueryService } from './query-service.ts';
import type { ResultCache } from './result-cache.ts';
import type { StorePool } from './store-pool.ts';

/** What the routes share: built once by createApp, passed to each route module. */
export interface ServerServices {
  storePath: string;
  pool: StorePool;
  queries: QueryService;
  /** The analysers (attribution, idle, rightsizing) on the store's generations, their results cached per generation. */
  analyses: AnalysisService;
  charts: Map<string, ChartDefinition>;
  /** Rendered SVG charts, keyed like query results by store generation. */
  svgCache: ResultCache<string>;
  /** Rendered pages, keyed by generation, URL and today's date. */
  pageCache: ResultCache<RenderedPage>;
  config: AnalysisConfig;
  clock: () => Date;
}

/** A rendered page as the page cache keeps it. */
export type RenderedPage = { html: string; status?: 400 } | { redirect: string };
