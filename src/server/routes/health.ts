import { Hono } from 'hono';
import { messageOf } from '../../errors.ts';
import type { ServerServices } from '../services.ts';

/**
 * GET /healthz: 200 `{status: 'ok', generation, opened_at}` when the store opens and answers a
 * query, 503 `{status: 'unavailable', reason}` otherwise. Open without the token (it reveals
 * no data), and it never names the store's path.
 */
export function healthRoutes(services: ServerServices): Hono {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      const info = await services.pool.use(async (snapshot) => {
        await snapshot.withConnection((connection) => connection.run('SELECT 1'));
        return { generation: snapshot.generation, opened_at: snapshot.openedAt.toISOString() };
      });
      return c.json({ status: 'ok', ...info });
    } catch (error) {
      const reason = messageOf(error).split('\n')[0].replaceAll(services.storePath, 'the store file');
      return c.json({ status: 'unavailable', reason }, 503);
    }
  });
  return app;
}
