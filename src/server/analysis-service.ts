import { type AttributeOptions, attributeSpendByTag, type Attribution, type AttributionRange, type CostMeasure, type CoverageDimension, readTagKeys, readTagValues, tagCoverage, type TagCoverage, type TagValues } from '../analyze/attribution/index.ts';
import { billSpan, type BillingDaySpan } from '../analyze/billing-calendar.ts';
import { defaultFindingsAsOf, findingsAsOf } from '../analyze/findings-window.ts';
import { findIdleResources, type IdleReport } from '../analyze/idle/index.ts';
import { defaultBillPeriod } from '../analyze/whole-bills-period.ts';
import { readSourceSpans, type SourceSpans } from '../analyze/source-spans.ts';
import { recommendRightsizing, type RightsizingReport } from '../analyze/rightsizing/index.ts';
import { loadInstanceCatalogue, type InstanceCatalogue } from '../catalogue/ec2.ts';
import type { AnalysisConfig } from '../analyze/config.ts';
import type { RawParams } from '../engine/duckdb.ts';
import type { Engine } from '../engine/engine.ts';
import type { QueryParam } from '../engine/queries.ts';
import { CostlensError } from '../errors.ts';
import type { Filters } from './filters.ts';
import type { QueryResult, QueryRunner, QueryService } from './query-service.ts';
import type { ResultCache } from './result-cache.ts';
import { ascending } from '../lib/order.ts';

/** A table an analysis source computes: text cells as the CLI prints them, with DuckDB-style column types. */
export interface AnalysisTable {
  /** The parameters as the source understood them (defaults filled in). */
  params: RawParams;
  columns: string[];
  types: string[];
  rows: (string | null)[][];
}

/**
 * A table computed by the analysers (src/analyze) rather than by one SQL file: charts of
 * `dashboards/` name it as `"usermeta": {"costlens": {"analysis": "attribution/allocation"}}`, and
 * `/api/analyses/NAME` serves it like a query (JSON, CSV, Arrow).
 */
export interface AnalysisSource {
  name: string;
  description: string;
  /** Its parameters, described as a query header describes them (for listings and chart checks). */
  params: QueryParam[];
  returns: string[];
  /** Reads the parameters strictly (400 naming the problem) and computes the table. */
  compute(analyses: Analyses, filters: Filters): Promise<AnalysisTable>;
}

let catalogue: InstanceCatalogue | undefined;

/** The shipped EC2 catalogue, read once. */
function instanceCatalogue(): InstanceCatalogue {
  catalogue ??= loadInstanceCatalogue();
  return catalogue;
}

/**
 * The analysers on one pinned store generation: every result is cached under that generation
 * (an analysis of a generation never changes, since an ingest writes a new one), and every query
 * they run goes through the server's Engine adapter on the same generation.
 */
export class Analyses {
  readonly generation: string;
  /** Named queries with request parameters (strict). */
  readonly run: QueryRunner;
  /** Named queries with parameters derived from the store on top of checked request ones (QuerySession.runDerived). */
  readonly runDerived: QueryRunner;
  /** The Engine the analysers run on (src/server/snapshot-engine.ts). */
  readonly engine: Engine;

  constructor(
    session: { generation: string; run: QueryRunner; runDerived: QueryRunner; engine: Engine },
    private readonly cache: ResultCache<unknown>,
    readonly config: AnalysisConfig,
    private readonly sources: Map<string, AnalysisSource>,
  ) {
    this.generation = session.generation;
    this.run = session.run;
    this.runDerived = session.runDerived;
    this.engine = session.engine;
  }

  /** A value computed once per generation and key (concurrent requests share the computation). */
  async cached<T>(key: string, compute: () => Promise<T>): Promise<{ value: T; hit: boolean }> {
    const { value, hit } = await this.cache.get(this.generation, key, async () => {
      const value = await compute();
      return { value, bytes: estimateBytes(value) };
    });
    return { value: value as T, hit };
  }

  /**
   * The default billing period, as `costlens attribute` picks it: the last month up to the data
   * horizon complete by every delivery holding it, or in a store without daily usage its last
   * complete bill (defaultBillPeriod, on {@link sourceSpans}); undefined when the store holds no billing data.
   */
  async latestPeriod(): Promise<string | undefined> {
    const [span, spans] = await Promise.all([this.billingSpan(), this.sourceSpans()]);
    return span && spans ? defaultBillPeriod(span, spans).period : undefined;
  }

  /**
   * The spans of the store's deliveries (readSourceSpans on {@link billingSpan}'s span: what billSpan
   * read, so no query of its own, and none in a store of one source); undefined when the store holds
   * no billing data. Worked out once per generation, as billingSpan is: the context, the default
   * period and the commitments page of one request each ask for it.
   */
  async sourceSpans(): Promise<SourceSpans | undefined> {
    const { value } = await this.cached('source-spans', async (): Promise<SourceSpans | null> => {
      const span = await this.billingSpan();
      return span ? readSourceSpans(this.engine, span) : null;
    });
    return value ?? undefined;
  }

  /**
   * The charge days of the store's billing data, as the CLI's attribute, invoice and commitments
   * read them (billSpan): up to the data horizon, or in a store without daily usage (a monthly CUR,
   * fees only; `wholeBillsOnly` says which) up to the last day of its last complete bill. Undefined
   * when it holds no billing data. Read once per generation, as the range checks, the default
   * period and the pages of one request each ask for it.
   */
  async billingSpan(): Promise<BillingDaySpan | undefined> {
    const { value } = await this.cached('billing-day-span', () => billSpan(this.engine).then((span): BillingDaySpan | null => span).catch((error) => {
      if (error instanceof CostlensError && error.code === 'not_found') return null;
      throw error;
    }));
    return value ?? undefined;
  }

  /** The raw tag keys on the line items of a range (as attribution reads them). */
  async tagKeys(range: AttributionRange): Promise<string[]> {
    return (await this.cached(`tag-keys\u0000${JSON.stringify(range)}`, () => readTagKeys(this.engine, range))).value;
  }

  /** How a tag key's values are read over a range (src/analyze/attribution/tag-values.ts): normalised with the server's config, or raw. */
  async tagValues(tagKey: string, range: AttributionRange, raw = false): Promise<TagValues> {
    const key = `tag-values\u0000${JSON.stringify([tagKey, range, raw])}`;
    return (await this.cached(key, () => readTagValues(this.engine, this.config.attribution, tagKey, range, { raw }))).value;
  }

  /** `attributeSpendByTag` with the server's config. */
  async attribution(options: AttributeOptions): Promise<Attribution> {
    const key = `attribution\u0000${JSON.stringify([options.tagKey, options.byKey ?? null, options.range, options.cost, options.postedFees === true])}`;
    return (await this.cached(key, () => attributeSpendByTag(this.engine, this.config.attribution, options))).value;
  }

  /** `tagCoverage` with the server's config. */
  async coverage(options: { tagKey: string; range: AttributionRange; cost: CostMeasure; by: CoverageDimension }): Promise<TagCoverage> {
    const key = `coverage\u0000${JSON.stringify([options.tagKey, options.range, options.cost, options.by])}`;
    return (await this.cached(key, () => tagCoverage(this.engine, this.config.attribution, options))).value;
  }

  /**
   * The as-of day idle and rightsizing use when none is given, as `costlens idle` without --as-of
   * chooses it (defaultFindingsAsOf): the day after the data horizon, which `costlens modernise`
   * defaults to as well; in a store without billing lines, the day after its latest metric day.
   */
  async defaultAsOf(): Promise<string> {
    return defaultFindingsAsOf(this.engine, await this.billingSpan());
  }

  /** The given as-of day (checked), else {@link defaultAsOf}. */
  private async asOfOrDefault(asOf: string | undefined): Promise<string> {
    return asOf === undefined ? this.defaultAsOf() : findingsAsOf(this.engine, asOf);
  }

  /**
   * `findIdleResources` with the server's config, as of a day (default: as the CLI defaults it), with
   * what `costlens idle` says beside its findings: the usage lines without a usage type and the rules
   * not run for want of metrics or inventory (`notRun`, with the resources the bill charged).
   */
  async idle(asOf?: string): Promise<IdleReport> {
    const day = await this.asOfOrDefault(asOf);
    return (await this.cached(`idle\u0000${day}`, () => findIdleResources(this.engine, this.config.idle, { asOf: day, usageWithoutType: true, notRun: true }))).value;
  }

  /** `recommendRightsizing` with the shipped catalogue and the server's config. */
  async rightsizing(asOf?: string): Promise<RightsizingReport> {
    const day = await this.asOfOrDefault(asOf);
    return (await this.cached(`rightsizing\u0000${day}`, () => recommendRightsizing(this.engine, instanceCatalogue(), this.config.rightsizing, { asOf: day, usageWithoutType: true }))).value;
  }

  /** An analysis source's table as a query result (cached per generation and parameters). */
  async source(name: string, filters: Filters): Promise<{ result: QueryResult; cached: boolean }> {
    const source = this.sources.get(name);
    if (!source) throw new CostlensError('not_found', `no analysis named "${name.slice(0, 100)}"`, { hint: 'GET /api/analyses lists them' });
    const key = `source\u0000${name}\u0000${JSON.stringify(Object.entries(filters).sort(([a], [b]) => ascending(a, b)))}`;
    const { value, hit } = await this.cached(key, async (): Promise<QueryResult> => {
      const table = await source.compute(this, filters);
      return { query: name, generation: this.generation, ...table, encoded: new Map() };
    });
    return { result: value, cached: hit };
  }
}

/** Analysis names as they appear in URLs (`/api/analyses/NAME`): `area/name`, lower-case words. */
export const ANALYSIS_NAME = /^[a-z0-9_]+\/[a-z0-9_]+$/;

/** Builds analysis sessions on the query service's generations. */
export class AnalysisService {
  /** Refuses a source whose name its URL could not reach (a programming error, so a plain Error). */
  constructor(
    private readonly queries: QueryService,
    private readonly cache: ResultCache<unknown>,
    readonly config: AnalysisConfig,
    readonly sources: Map<string, AnalysisSource>,
  ) {
    for (const name of sources.keys()) {
      if (!ANALYSIS_NAME.test(name)) throw new Error(`analysis source "${name}" is not named area/name in lower-case letters, digits and underscores, so /api/analyses/${name} could not serve it`);
    }
  }

  /** Runs `work` with the analysers and the queries of one pinned generation. */
  withSession<T>(work: (analyses: Analyses) => Promise<T>): Promise<T> {
    return this.queries.withSession((session) => work(new Analyses(session, this.cache, this.config, this.sources)));
  }

  /** An analysis source by name; 404 otherwise. */
  find(name: string): AnalysisSource {
    const source = this.sources.get(name);
    if (!source) throw new CostlensError('not_found', `no analysis named "${name.slice(0, 100)}"`, { hint: 'GET /api/analyses lists them' });
    return source;
  }
}

/** A rough size in memory (bigints and Maps included) for the cache's bounds. */
export function estimateBytes(value: unknown): number {
  try {
    const text = JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Map ? [...v.entries()] : v));
    return 256 + (text?.length ?? 0) * 3;
  } catch {
    return 64 * 1024;
  }
}
