/**
 * `-- @include` of CTE fragments in a query file (README "Queries"): a fragment is a list of CTEs
 * shared by several queries, and an engine may have its own form of one (`name.athena.cte.sql`
 * beside `name.cte.sql`), which the registry (query-registry.ts) reads in its place for that
 * engine's form of a query.
 */
import { dirname, resolve } from 'node:path';
import { CostlensError } from '../errors.ts';

const INCLUDE = /^[ \t]*--[ \t]*@include[ \t]+(\S+)[ \t]*$/gm;
/** What follows an include that is the last CTE: blank lines and comments (not another include), then the SELECT. */
const FINAL_SELECT = /^\s*(?:--(?![ \t]*@include\b)[^\n]*\n\s*)*SELECT\b/i;

/** An engine's form of a fragment: `name.athena.cte.sql` beside `name.cte.sql`. */
export const ENGINE_FRAGMENT = /\.([a-z]+)\.cte\.sql$/;

/**
 * Replaces each `-- @include relative/path.cte.sql` line of a query's body with that fragment's
 * text followed by a comma: a fragment is a list of CTEs shared by several queries (e.g.
 * queries/metrics/metric_days.cte.sql), so the line stands where the includer's next CTE follows;
 * as the last CTE (the query's SELECT follows the line, comments aside) it takes no comma.
 * Paths are relative to the including file; `fragmentAt` gives a fragment's text by absolute path
 * (undefined when there is none): the registry gives an engine's form of it there
 * (`name.athena.cte.sql` for the Athena form of a query), so an include names the portable
 * fragment, never an engine's. A fragment may not include another. Errors name the file and line.
 */
export function expandIncludes(path: string, text: string, fragmentAt: (absolutePath: string) => string | undefined): string {
  return text.replace(INCLUDE, (line: string, target: string, offset: number) => {
    const lineNo = text.slice(0, offset).split('\n').length;
    const fragmentPath = resolve(dirname(path), target);
    const engine = ENGINE_FRAGMENT.exec(fragmentPath)?.[1];
    if (engine !== undefined) {
      throw new CostlensError('config', `${path}:${lineNo}: @include ${target}: names an engine's form of a fragment`, {
        hint: `include ${target.replace(ENGINE_FRAGMENT, '.cte.sql')}: the ${engine} form of a query reads ${target.replace(/^.*\//, '')} in its place`,
      });
    }
    const fragment = fragmentPath.endsWith('.cte.sql') ? fragmentAt(fragmentPath) : undefined;
    if (fragment === undefined) {
      throw new CostlensError('config', `${path}:${lineNo}: @include ${target}: no CTE fragment (a .cte.sql file) at ${fragmentPath}`, {
        hint: 'an @include names a .cte.sql file relative to the query that includes it',
      });
    }
    if (new RegExp(INCLUDE.source, 'm').test(fragment)) {
      throw new CostlensError('config', `${fragmentPath}: a CTE fragment may not @include another`, { hint: 'include both fragments from the query itself' });
    }
    const last = FINAL_SELECT.test(text.slice(offset + line.length));
    return `${fragment.trimEnd()}${last ? '' : ','}`;
  });
}
