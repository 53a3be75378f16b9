import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { CostlensError } from '../../errors.ts';
import { API_FORMATS, CONTENT_TYPES, toArrow, toCsv, toJson, type ApiFormat } from '../query-result-bodies.ts';
import type { ParamRequirement } from '../../engine/queries.ts';
import { describeParam } from '../params.ts';
import type { QueryResult } from '../query-service.ts';
import type { ServerServices } from '../services.ts';
import { wholeBillsCheck, withoutDailyUsageListing } from './without-daily-usage-queries.ts';

/** Query names as they appear in URLs: `area/name`, lower-case words. */
const QUERY_NAME = /^[a-z0-9_]+(\/[a-z0-9_]+)*$/;

/**
 * The query API. The client names a query of `queries/` and gives its parameters; it never
 * sends SQL.
 * - GET /api/queries: every query with its description, parameters (type, default, allowed
 *   values), cross-parameter rules (`requires`, its header's `@requires` lines), its rule on a
 *   store without daily usage (`withoutDailyUsage`: answered, whole months only, or refused) and
 *   returned columns.
 * - GET /api/queries/:area/:name?param=value[&format=json|csv|arrow]: the rows as JSON (default;
 *   exact text cells and column types), CSV (the bytes `costlens query NAME --format csv` prints)
 *   or Arrow IPC stream. Bad parameters → 400, unknown query → 404, both with a JSON message.
 *   On a store without daily usage (without-daily-usage-queries.ts): a query that reads days of
 *   usage → 404 with its page's refusal, not rows of $0.00; a range of charge days cut inside a
 *   month → 400 naming the bounds given. The store is read for that on the generation the query
 *   then reads (QueryService.run's check).
 */
export function apiRoutes(services: ServerServices): Hono {
  const app = new Hono();

  app.get('/api/queries', (c) =>
    c.json({
      queries: services.queries.queries.map((q) => ({
        name: q.name,
        description: q.description,
        params: q.params.map((p) => describeParam(p, q.params)),
        requires: (q.requires ?? []).map(describeRequirement),
        withoutDailyUsage: withoutDailyUsageListing(q),
        returns: q.returns,
      })),
    }),
  );

  app.get('/api/queries/:name{.+}', async (c) => {
    const name = c.req.param('name');
    if (!QUERY_NAME.test(name)) throw new CostlensError('not_found', 'no such query: names are area/name in lower case', { hint: 'GET /api/queries lists them' });
    const params = c.req.queries();
    const format = apiFormat(params.format);
    delete params.format;
    const query = services.queries.find(name);
    const { result, cached } = await services.queries.run(query.name, params, wholeBillsCheck(query, params, (n) => services.queries.find(n)));
    return sendResult(c, result, format, cached);
  });

  return app;
}

/**
 * A header's `@requires` line as `GET /api/queries` lists it: `param` is needed when `when` holds
 * a value of its own, or (with `values`) one of those values; `description` says what to give
 * (empty when the line says nothing). `-- @requires tag_key when dimension=tag  the tag key to
 * group by` → `{ param: "tag_key", when: "dimension", values: ["tag"], description: "the tag key to group by" }`.
 */
export function describeRequirement(requirement: ParamRequirement): Record<string, unknown> {
  return {
    param: requirement.param,
    when: requirement.when,
    ...(requirement.values ? { values: [...requirement.values] } : {}),
    description: requirement.description,
  };
}

/** Reads `?format=`: json (default), csv or arrow; anything else is a 400. */
export function apiFormat(values: string[] | undefined): ApiFormat {
  if (!values) return 'json';
  const [value] = values;
  if (values.length === 1 && (API_FORMATS as readonly string[]).includes(value)) return value as ApiFormat;
  throw new CostlensError('usage', `format must be one of ${API_FORMATS.join(', ')}; got "${values.join(',').slice(0, 40)}"`);
}

/** Sends a result in a format with its generation, cache state and an ETag (304 when unchanged). */
export function sendResult(c: Context, result: QueryResult, format: ApiFormat, cached: boolean): Response {
  const etag = `"${result.generation}.${createHash('sha256').update(`${result.query}\u0000${JSON.stringify(result.params)}\u0000${format}`).digest('base64url').slice(0, 16)}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', 'private, no-cache');
  c.header('X-Costlens-Generation', result.generation);
  c.header('X-Costlens-Cache', cached ? 'hit' : 'miss');
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  c.header('Content-Type', CONTENT_TYPES[format]);
  if (format !== 'json') {
    c.header('Content-Disposition', `attachment; filename="${result.query.replaceAll('/', '_')}.${format === 'csv' ? 'csv' : 'arrow'}"`);
  }
  if (format === 'csv') return c.body(toCsv(result));
  if (format === 'arrow') return c.body(toArrow(result) as Uint8Array<ArrayBuffer>);
  return c.body(toJson(result));
}
