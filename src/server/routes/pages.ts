import { Hono } from 'hono';
import { utcToday } from '../../lib/calendar.ts';
import { CostlensError } from '../../errors.ts';
import { reportContext } from '../context.ts';
import { invalidFormBody } from '../invalid-form.ts';
import { emptyStoreBody, layout, type NavEntry, type PageRequest } from '../html/index.ts';
import type { RenderedPage, ServerServices } from '../services.ts';
import { ascending } from '../../lib/order.ts';

export interface PageRoutesOptions {
  nav: NavEntry[];
  /** Show the log-out button (the server has a token). */
  logout: boolean;
}


/**
 * One GET route per page of the navigation. Each request pins one store generation, so every
 * figure on a page comes from the same data; the page renders inside the shared layout. A page
 * depends only on the generation, its URL and today's date, so the rendered HTML is cached on
 * those (and dropped with the generation). While the store holds no billing line, a page shows what
 * to ingest (unless it says it renders an empty store itself), never an error.
 */
export function pageRoutes(services: ServerServices, options: PageRoutesOptions): Hono {
  const app = new Hono();
  for (const entry of options.nav) {
    const page = entry.page;
    if (!page) continue;
    app.get(page.path, async (c) => {
      const url = new URL(c.req.url);
      const now = services.clock();
      const query = [...url.searchParams].sort(([a], [b]) => ascending(a, b));
      const key = `${page.path}\u0000${JSON.stringify(query)}\u0000${utcToday(now)}`;
      const rendered = await services.analyses.withSession(async (analyses) => {
        const { run, generation } = analyses;
        const { value } = await services.pageCache.get(generation, key, async () => {
          const context = await reportContext(analyses, now);
          const request: PageRequest = {
            url,
            query: c.req.queries(),
            run,
            analyses,
            describe: (name) => services.queries.find(name),
            context,
            config: services.config,
            charts: services.charts,
          };
          const result = context.lines === 0 && !page.rendersEmptyStore
            ? { title: page.title, body: emptyStoreBody(page.title, page.shows ?? `the ${page.title.toLowerCase()} figures`) }
            : await page.render(request).catch(async (error: unknown) => {
                if (!(error instanceof CostlensError) || error.status !== 400) throw error;
                // A filter it cannot use: the form with the values as given and the error beside the field.
                const body = await invalidFormBody(page, request, error);
                if (!body) throw error;
                return { title: page.title, body, status: 400 as const };
              });
          if ('redirect' in result) return { value: result, bytes: 256 };
          const html = String(await layout({ title: result.title, activePath: page.navPath ?? page.path, nav: options.nav, body: result.body, logout: options.logout }));
          const shown: RenderedPage = 'status' in result ? { html, status: 400 } : { html };
          return { value: shown, bytes: html.length * 2 };
        });
        return value;
      });
      if ('redirect' in rendered) return c.redirect(rendered.redirect, 302);
      c.header('Cache-Control', 'private, no-cache');
      return c.html(rendered.html, rendered.status ?? 200);
    });
  }
  return app;
}
