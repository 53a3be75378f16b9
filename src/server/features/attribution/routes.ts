import { Hono } from 'hono';
import { allocationTable } from '../../../analyze/attribution/index.ts';
import { renderTable } from '../../../lib/table.ts';
import { allocationFor } from './view.ts';
import type { ServerServices } from '../../services.ts';

/**
 * GET /attribution.csv?tag=KEY[&period=YYYY-MM | &start=YYYY-MM-DD&end=YYYY-MM-DD][&cost=billed|effective]:
 * the chargeback export, byte for byte what `costlens attribute --tag KEY [--period … | --from …
 * --to …] [--cost …] --format csv` prints on the same store and config (one renderer,
 * src/analyze/attribution/tables.ts). Without a period or range it is the latest billing period,
 * as with the CLI. Bad parameters → 400 with a message.
 */
export function attributionRoutes(services: ServerServices): Hono {
  const app = new Hono();
  app.get('/attribution.csv', async (c) => {
    const { csv, name, generation } = await services.analyses.withSession(async (analyses) => {
      const { selection, result } = await allocationFor(analyses, c.req.queries(), 'the attribution CSV');
      const range = selection.period ?? `${selection.start}_${selection.end}`;
      return {
        csv: renderTable(allocationTable(result), 'csv'),
        name: `attribution-${selection.tag.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${range}-${selection.cost}.csv`,
        generation: analyses.generation,
      };
    });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    c.header('Cache-Control', 'private, no-cache');
    c.header('X-Costlens-Generation', generation);
    return c.body(csv);
  });
  return app;
}
