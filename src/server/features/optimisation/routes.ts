import { Hono } from 'hono';
import { findingsTable } from '../../../analyze/findings.ts';
import { rightsizingTable } from '../../../analyze/rightsizing/index.ts';
import { renderTable } from '../../../lib/table.ts';
import { idleJson, rightsizingJson } from '../../../analyze/optimisation-json.ts';
import { FilterReader } from '../../filters.ts';
import type { ServerServices } from '../../services.ts';
import { idleAsOfChecks, rightsizingAsOfChecks } from '../../../analyze/rule-lookbacks.ts';
import { refuseAsOfOutsideData } from './selection.ts';

/** The findings exports: what each is called in its URL, and the CLI command it equals. */
export const OPTIMISATION_EXPORTS = ['idle', 'rightsize'] as const;

/**
 * GET /optimisation/{idle|rightsize}.{csv|json}[?as_of=YYYY-MM-DD]: every finding of an as-of day,
 * byte for byte what `costlens idle|rightsize [--as-of DAY] --format csv|json` prints on the same
 * store and config (the same analysers and renderers). Without `as_of` the day is the one the CLI
 * chooses. The page's account, rule and owner filters do not apply: the export is the CLI's list.
 * An as-of day whose days the command looks back on at most (its 30-day cost window, or a longer
 * rule window or `rightsizing.lookbackDays`) hold no day of the billing data, or whose look-back of
 * the command's rules (idle's shortest rule window, rightsizing's look-back) no complete day of it,
 * is refused (400 naming `as_of`), as the CLI refuses the same --as-of: by the command's own checks
 * (rule-lookbacks.ts), in the same words.
 */
export function optimisationRoutes(services: ServerServices): Hono {
  const app = new Hono();
  app.get('/optimisation/:file{(idle|rightsize)\\.(csv|json)}', async (c) => {
    const [command, format] = c.req.param('file').split('.') as ['idle' | 'rightsize', 'csv' | 'json'];
    const { body, asOf, generation } = await services.analyses.withSession(async (analyses) => {
      const given = new FilterReader(c.req.queries(), `/optimisation/${command}.${format}`, ['as_of']).date('as_of');
      await refuseAsOfOutsideData(analyses, given, command === 'idle' ? idleAsOfChecks(analyses.config.idle) : rightsizingAsOfChecks(analyses.config.rightsizing));
      const day = given ?? (await analyses.defaultAsOf());
      if (command === 'idle') {
        const report = await analyses.idle(day);
        return { body: format === 'csv' ? renderTable(findingsTable(report.findings), 'csv') : idleJson(report.findings), asOf: day, generation: analyses.generation };
      }
      const report = await analyses.rightsizing(day);
      return { body: format === 'csv' ? renderTable(rightsizingTable(report), 'csv') : rightsizingJson(report.recommendations), asOf: day, generation: analyses.generation };
    });
    c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${command}-${asOf}.${format}"`);
    c.header('Cache-Control', 'private, no-cache');
    c.header('X-Costlens-Generation', generation);
    return c.body(body);
  });
  return app;
}
