import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { analysisConfigSchema, type AnalysisConfig } from '../analyze/config.ts';
import { QUERIES_DIR } from '../engine/queries.ts';
import { CostlensError, messageOf } from '../errors.ts';
import { AnalysisService, type AnalysisSource } from './analysis-service.ts';
import { ATTRIBUTION_SOURCES } from './features/attribution/index.ts';
import { loginRoutes, requireToken } from './auth.ts';
import { DASHBOARDS_DIR, loadCharts } from './charts.ts';
import { errorBody as jsonErrorBody } from './errors.ts';
import { exploreSources } from './features/explore/index.ts';
import { OPTIMISATION_SOURCES } from './features/optimisation/index.ts';
import { COMMITMENTS_SOURCES } from './features/commitments/index.ts';
import { errorBody as htmlErrorBody, layout, type NavEntry } from './html/index.ts';
import { NAVIGATION } from './navigation.ts';
import { QueryService, type QueryResult } from './query-service.ts';
import { ResultCache, type ResultCacheOptions } from './result-cache.ts';
import { analysisRoutes } from './routes/analyses.ts';
import { apiRoutes } from './routes/api.ts';
import { attributionRoutes } from './features/attribution/index.ts';
import { chartRoutes } from './routes/charts.ts';
import { healthRoutes } from './routes/health.ts';
import { optimisationRoutes } from './features/optimisation/index.ts';
import { pageRoutes } from './routes/pages.ts';
import { FailureLimiter, type FailureLimiterOptions } from './rate-limit.ts';
import { checkBindPolicy, loopbackHostOnly, securityHeaders, wellFormedRequest } from './security.ts';
import { SessionStore } from './sessions.ts';
import type { RenderedPage, ServerServices } from './services.ts';
import { staticRoutes } from './static.ts';
import { StorePool } from './store-pool.ts';

/** What the server is built from. Only storePath is required; the rest have defaults. */
export interface AppDeps {
  /** The DuckDB store, opened read-only (a new generation is picked up after each ingest). */
  storePath: string;
  /** costlens.config.* as loaded (the server reads its analysis sections); defaults when absent. */
  config?: AnalysisConfig;
  /** Named queries. Default: the shipped `queries/`. */
  queriesDir?: string;
  /** Vega-Lite specs. Default: the shipped `dashboards/`. */
  dashboardsDir?: string;
  /** COSTLENS_TOKEN: when set, every request but /healthz and /login needs it (≥ 16 characters off loopback). */
  token?: string;
  /** Trust X-Forwarded-Proto and X-Forwarded-For from a TLS proxy (server.trustProxy). Default false. */
  trustProxy?: boolean;
  /** Wrong tokens a client may send before it is refused for a while. Default 10 a minute. */
  authLimit?: Pick<FailureLimiterOptions, 'maxFailures' | 'windowMs' | 'now'>;
  /** The address the server will bind: a non-loopback one requires a token. Default 127.0.0.1. */
  host?: string;
  /** Host names besides loopback that a token-less server answers to (e.g. a local alias). */
  allowedHosts?: string[];
  /** Today, for provisional periods and default dates. Default: the system clock. */
  clock?: () => Date;
  /** Read-only connections to the store (queries that run at once). Default 4. */
  connections?: number;
  /** Result cache bounds. */
  cache?: ResultCacheOptions;
  /** A query running longer is stopped. Default 60 s. */
  queryTimeoutMs?: number;
  /** Where unexpected errors are logged. Default: stderr. */
  log?: (line: string) => void;
  /** The navigation and its pages. Default: NAVIGATION of navigation.ts. */
  nav?: NavEntry[];
}

/** The Hono app with its resources: the store pool to close when done. */
export type CostlensApp = Hono & {
  readonly services: ServerServices;
  /** Closes the store connections (requests in flight finish first). */
  close(): Promise<void>;
};

/**
 * Builds the costlens server without listening: tests call `app.request(url)` on it, and
 * `costlens serve` hands `app.fetch` to @hono/node-server. Refuses (throws a usage error) to
 * build a server for a non-loopback host without a token of at least 16 characters.
 */
export function createApp(deps: AppDeps): CostlensApp {
  const host = deps.host ?? '127.0.0.1';
  const token = deps.token || undefined;
  checkBindPolicy(host, token);
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const cache = new ResultCache<QueryResult>(deps.cache);
  const svgCache = new ResultCache<string>({ maxEntries: 200, maxBytes: 32 * 1024 * 1024 });
  const pageCache = new ResultCache<RenderedPage>({ maxEntries: 500, maxBytes: 32 * 1024 * 1024 });
  const analysisCache = new ResultCache<unknown>({ maxEntries: 300, maxBytes: 64 * 1024 * 1024 });
  const pool = new StorePool(deps.storePath, {
    connections: deps.connections,
    onSwitch: (generation) => {
      cache.retainGeneration(generation);
      svgCache.retainGeneration(generation);
      pageCache.retainGeneration(generation);
      analysisCache.retainGeneration(generation);
    },
  });
  const queries = QueryService.load(pool, cache, deps.queriesDir ?? QUERIES_DIR, { timeoutMs: deps.queryTimeoutMs });
  const config = deps.config ?? analysisConfigSchema.parse({});
  const clock = deps.clock ?? (() => new Date());
  const sources = new Map<string, AnalysisSource>([...ATTRIBUTION_SOURCES, ...OPTIMISATION_SOURCES, ...COMMITMENTS_SOURCES, ...exploreSources(queries, clock)].map((s) => [s.name, s]));
  const services: ServerServices = {
    storePath: deps.storePath,
    pool,
    queries,
    analyses: new AnalysisService(queries, analysisCache, config, sources),
    charts: loadCharts(deps.dashboardsDir ?? DASHBOARDS_DIR, queries, sources),
    svgCache,
    pageCache,
    config,
    clock,
  };
  const nav = deps.nav ?? NAVIGATION;

  const auth = token
    ? { token, trustProxy: deps.trustProxy ?? false, sessions: new SessionStore(), limiter: new FailureLimiter({ ...deps.authLimit, log }) }
    : undefined;

  const app = new Hono();
  app.use(securityHeaders());
  app.use(wellFormedRequest());
  if (auth) app.use(requireToken(auth));
  else app.use(loopbackHostOnly(deps.allowedHosts));
  app.use(compress());
  app.route('/', healthRoutes(services));
  if (auth) app.route('/', loginRoutes(auth));
  app.route('/', staticRoutes());
  app.route('/', apiRoutes(services));
  app.route('/', analysisRoutes(services));
  app.route('/', attributionRoutes(services));
  app.route('/', chartRoutes(services));
  app.route('/', optimisationRoutes(services));
  app.route('/', pageRoutes(services, { nav, logout: Boolean(token) }));

  app.notFound((c) => respondWithError(c, new CostlensError('not_found', `nothing at ${c.req.path.slice(0, 200)}`), nav, Boolean(token)));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse(); // e.g. hono/csrf's 403
    const known = error instanceof CostlensError ? error : new CostlensError('internal', 'internal error: the server log has the details', { cause: error });
    if (known.status >= 500 && known.status !== 503) log(`costlens serve: ${c.req.method} ${c.req.path}: ${messageOf(error)}\n${(error as Error).stack ?? ''}`);
    return respondWithError(c, known, nav, Boolean(token));
  });

  return Object.assign(app, {
    services,
    async close() {
      pool.close();
    },
  });
}

/** HTML for a browser asking for a page; JSON `{error: {code, message, hint}}` for everything else. */
function respondWithError(c: Context, error: CostlensError, nav: NavEntry[], logout: boolean): Response | Promise<Response> {
  const status = error.status as 400;
  const wantsHtml = c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html') && !/^\/(api|charts|vendor|assets)\//.test(c.req.path);
  if (!wantsHtml) return c.json(jsonErrorBody(error), status);
  return c.html(layout({ title: 'Error', activePath: '', nav, body: htmlErrorBody(error.status, error.message, error.hint), scripts: false, logout }), status);
}
