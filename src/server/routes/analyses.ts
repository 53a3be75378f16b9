import { Hono } from 'hono';
import { CostlensError } from '../../errors.ts';
import { describeParam } from '../params.ts';
import { ANALYSIS_NAME } from '../analysis-service.ts';
import type { ServerServices } from '../services.ts';
import { apiFormat, sendResult } from './api.ts';

/**
 * The analyses API: tables the analysers compute (attribution, idle, rightsizing), served as the
 * query API serves a query. Results are cached per store generation.
 * - GET /api/analyses: every analysis with its description and parameters.
 * - GET /api/analyses/:area/:name?param=value[&format=json|csv|arrow]: the rows; bad parameters → 400.
 */
export function analysisRoutes(services: ServerServices): Hono {
  const app = new Hono();

  app.get('/api/analyses', (c) =>
    c.json({
      analyses: [...services.analyses.sources.values()].map((a) => ({
        name: a.name,
        description: a.description,
        params: a.params.map((p) => describeParam(p, a.params)),
        returns: a.returns,
      })),
    }),
  );

  app.get('/api/analyses/:name{.+}', async (c) => {
    const name = c.req.param('name');
    if (!ANALYSIS_NAME.test(name)) throw new CostlensError('not_found', 'no such analysis: names are area/name in lower case', { hint: 'GET /api/analyses lists them' });
    services.analyses.find(name);
    const params = c.req.queries();
    const format = apiFormat(params.format);
    delete params.format;
    const { result, cached } = await services.analyses.withSession((analyses) => analyses.source(name, params));
    return sendResult(c, result, format, cached);
  });

  return app;
}
