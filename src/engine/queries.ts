import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CostlensError } from '../errors.ts';

/** `VARCHAR[]` is a list of text: its raw value is a JSON array of strings (`["a","b"]`), bound as a DuckDB list / Athena array. */
export type ParamType = 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR[]';
const PARAM_TYPES: readonly ParamType[] = ['VARCHAR', 'DATE', 'TIMESTAMP', 'INTEGER', 'DOUBLE', 'BOOLEAN', 'VARCHAR[]'];

export interface QueryParam {
  name: string;
  type: ParamType;
  /** The default as written in the header; a parameter without one is required. */
  defaultValue?: string;
  description: string;
}

/** One query file of `queries/`: its name (`area/name`), header and SQL text. */
export interface NamedQuery {
  name: string;
  path: string;
  description: string;
  params: QueryParam[];
  returns: string[];
  sql: string;
}

/** The shipped `queries/` folder. */
export const QUERIES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../queries');

/**
 * Parses a query file's header: leading `--` comment lines give the description, then
 * `@param name TYPE [= default] description` and `@returns col, col, …`.
 */
export function parseQueryFile(name: string, path: string, text: string): NamedQuery {
  const params: QueryParam[] = [];
  const description: string[] = [];
  let returns: string[] = [];
  for (const line of text.split('\n')) {
    const comment = /^\s*--\s?(.*)$/.exec(line);
    if (!comment) {
      if (line.trim() === '') continue;
      break;
    }
    const body = comment[1];
    const param = /^@param\s+([a-z_][a-z0-9_]*)\s+([A-Z]+(?:\[\])?)(?:\s*=\s*(\S+))?\s*(.*)$/.exec(body);
    if (param) {
      if (!PARAM_TYPES.includes(param[2] as ParamType)) {
        throw new CostlensError('config', `${path}: @param ${param[1]} has unknown type ${param[2]} (use ${PARAM_TYPES.join(', ')})`);
      }
      params.push({ name: param[1], type: param[2] as ParamType, defaultValue: param[3], description: param[4].trim() });
    } else if (body.startsWith('@returns')) {
      returns = body.slice('@returns'.length).split(',').map((s) => s.trim()).filter(Boolean);
    } else if (body.trim()) {
      description.push(body.trim());
    }
  }
  return { name, path, description: description.join(' '), params, returns, sql: expandIncludes(path, text) };
}

const INCLUDE = /^[ \t]*--[ \t]*@include[ \t]+(\S+)[ \t]*$/gm;

/**
 * Replaces each `-- @include relative/path.cte.sql` line of a query's body with that fragment's
 * text followed by a comma: a fragment is a list of CTEs shared by several queries (e.g.
 * queries/metrics/metric_days.cte.sql), so the line stands where the includer's next CTE follows.
 * Paths are relative to the including file; a fragment may not include another.
 */
export function expandIncludes(path: string, text: string): string {
  return text.replace(INCLUDE, (_line, target: string) => {
    const fragmentPath = resolve(dirname(path), target);
    if (!fragmentPath.endsWith('.cte.sql') || !existsSync(fragmentPath)) {
      throw new CostlensError('config', `${path}: @include ${target}: no CTE fragment (a .cte.sql file) at ${fragmentPath}`, {
        hint: 'an @include names a .cte.sql file relative to the query that includes it',
      });
    }
    const fragment = readFileSync(fragmentPath, 'utf8').trimEnd();
    if (new RegExp(INCLUDE.source, 'm').test(fragment)) {
      throw new CostlensError('config', `${fragmentPath}: a CTE fragment may not @include another`, { hint: 'include both fragments from the query itself' });
    }
    return `${fragment},`;
  });
}

/** Lists every query under `dir` (portable `.sql` files; engine twins like `.athena.sql` excluded). */
export function listQueries(dir: string = QUERIES_DIR): NamedQuery[] {
  if (!existsSync(dir)) return [];
  const out: NamedQuery[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.sql') && !/\.[a-z]+\.sql$/.test(entry.name)) {
        const name = relative(dir, full).replace(/\\/g, '/').replace(/\.sql$/, '');
        out.push(parseQueryFile(name, full, readFileSync(full, 'utf8')));
      }
    }
  };
  visit(dir);
  return out;
}

/** Finds a query by `area/name`, or by `name` alone when that is unique. */
export function findQuery(name: string, dir: string = QUERIES_DIR): NamedQuery {
  const all = listQueries(dir);
  const exact = all.find((q) => q.name === name);
  if (exact) return exact;
  const byLeaf = all.filter((q) => q.name.split('/').pop() === name);
  if (byLeaf.length === 1) return byLeaf[0];
  const hint = byLeaf.length > 1 ? `ambiguous: ${byLeaf.map((q) => q.name).join(', ')}` : `known queries: ${all.map((q) => q.name).join(', ')}`;
  throw new CostlensError('not_found', `no query named "${name}" in ${dir}`, { hint });
}
