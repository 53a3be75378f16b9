/**
 * The one registry of named queries: every file of `queries/` read once per process (lazily, on
 * first use), parsed and checked as a whole before anything runs. The CLI, the server and both
 * engines look queries up here; nothing else reads `queries/`.
 *
 * Checked at load, each error naming the file (and line where there is one): every header is
 * well formed (queries.ts), every query declares what it returns, every `@include` resolves to a
 * `.cte.sql` fragment, every `$name` the SQL binds is declared (in each engine's form), every engine
 * twin (`name.athena.sql`) stands beside its portable file with the same parameters, `@requires`
 * and columns, and every engine fragment (`name.athena.cte.sql`) beside its portable fragment.
 *
 * Engine twins of fragments: the Athena form of a query (its twin, else the portable file) reads
 * each fragment it includes, `x.cte.sql`, as `x.athena.cte.sql` where that file exists. A query
 * whose SQL differs on Athena only in fragments needs no twin of its own: its Athena form is its
 * own header and text with those fragments' Athena forms ({@link QueryRegistry.twinOf}).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CostlensError } from '../errors.ts';
import { closestMatch } from '../lib/suggest.ts';
import { toAthenaStatement } from './athena-sql.ts';
import { QUERIES_DIR, parseQueryFile, type NamedQuery } from './queries.ts';
import { ENGINE_FRAGMENT, expandIncludes } from './query-includes.ts';

/** Where the registry reads its files from: injected by tests to count reads or serve files from memory. */
export interface QueryFiles {
  /** Every `.sql` file under the folder, as paths relative to it (`/`-separated). */
  list(): string[];
  /** One file's text, by path relative to the folder. */
  read(relativePath: string): string;
}

/** The `.sql` files of a folder on disk. */
export function folderFiles(dir: string): QueryFiles {
  return {
    list() {
      let entries: string[];
      try {
        entries = readdirSync(dir, { recursive: true }) as string[];
      } catch (error) {
        throw new CostlensError('config', `cannot read the queries folder ${dir}`, { cause: error, hint: 'the queries/ folder ships with costlens; reinstall it' });
      }
      return entries.map((p) => p.split(sep).join('/')).filter((p) => p.endsWith('.sql')).sort();
    },
    read(relativePath) {
      try {
        return readFileSync(join(dir, relativePath), 'utf8');
      } catch (error) {
        throw new CostlensError('config', `cannot read the query file ${join(dir, relativePath)}`, { cause: error });
      }
    },
  };
}

/** Engine twins end `.<engine>.sql`; fragments end `.cte.sql`; anything else `.sql` is a portable query. */
const TWIN = /\.([a-z]+)\.sql$/;

/** The named queries of one folder, read and checked once. */
export class QueryRegistry {
  private readonly byName: Map<string, NamedQuery>;

  private constructor(
    /** The folder read. */
    readonly dir: string,
    /** The portable queries, by name. */
    readonly queries: readonly NamedQuery[],
    /** The Athena forms that differ from their portable query (a twin, or the query with Athena fragments), by name. */
    private readonly athenaTwins: ReadonlyMap<string, NamedQuery>,
  ) {
    this.byName = new Map(queries.map((q) => [q.name, q]));
  }

  /**
   * Reads every file under `dir` through `files` (each exactly once) and checks them (see the
   * module comment); throws a config error naming the first file at fault.
   */
  static load(dir: string, files: QueryFiles = folderFiles(dir)): QueryRegistry {
    const texts = new Map<string, string>();
    for (const path of files.list()) texts.set(path, files.read(path));
    const absolute = (path: string) => join(dir, path);
    const fragmentAt = (path: string) => texts.get(relative(dir, path).split(sep).join('/'));
    const athenaFragmentAt = (path: string) => fragmentAt(path.replace(/\.cte\.sql$/, '.athena.cte.sql')) ?? fragmentAt(path);
    checkEngineFragments(texts, absolute);
    /** A file's header and its SQL with the fragments of one engine (checked: see checkQuery). */
    const load = (path: string, name: string, fragments: typeof fragmentAt): NamedQuery => {
      const parsed = parseQueryFile(name, absolute(path), texts.get(path)!);
      const query = { ...parsed, sql: expandIncludes(parsed.path, parsed.sql, fragments) };
      checkQuery(query);
      return query;
    };
    const queries: NamedQuery[] = [];
    const twins = new Map<string, NamedQuery>();
    const twinPaths: [string, string, string][] = [];
    /** Each portable query's file, by name. */
    const portablePaths = new Map<string, string>();
    for (const path of texts.keys()) {
      const engine = TWIN.exec(path)?.[1];
      if (engine === 'cte') continue;
      const name = path.replace(TWIN, '.sql').replace(/\.sql$/, '');
      if (engine === undefined) {
        queries.push(load(path, name, fragmentAt));
        portablePaths.set(name, path);
      } else twinPaths.push([path, name, engine]);
    }
    const portable = new Map(queries.map((q) => [q.name, q]));
    for (const [path, name, engine] of twinPaths) {
      if (engine !== 'athena') throw new CostlensError('config', `${absolute(path)}: unknown engine "${engine}" (twins are name.athena.sql)`);
      const base = portable.get(name);
      if (!base) throw new CostlensError('config', `${absolute(path)}: an Athena twin without its portable query ${name}.sql`, { hint: 'a twin stands beside the portable file it replaces on Athena' });
      const twin = load(path, name, athenaFragmentAt);
      checkTwin(base, twin);
      twins.set(name, twin);
    }
    // A query without a twin whose fragments have Athena forms: its fragment twin.
    for (const query of queries) {
      if (twins.has(query.name)) continue;
      const sql = expandIncludes(query.path, texts.get(portablePaths.get(query.name)!)!, athenaFragmentAt);
      if (sql === query.sql) continue;
      const athena = { ...query, sql };
      checkQuery(athena, ' (its Athena form, with .athena.cte.sql fragments)');
      twins.set(query.name, athena);
    }
    return new QueryRegistry(dir, queries, twins);
  }

  /** Finds a query by `area/name`, or by `name` alone when that is unique; a not-found error otherwise, naming the closest query when one is close. */
  find(name: string): NamedQuery {
    const exact = this.byName.get(name);
    if (exact) return exact;
    const byLeaf = this.queries.filter((q) => q.name.split('/').pop() === name);
    if (byLeaf.length === 1) return byLeaf[0];
    const meant = byLeaf.length > 1 ? undefined : closestMatch(name, this.queries.map((q) => q.name));
    const list = 'costlens query --list (or GET /api/queries) lists them';
    const hint = byLeaf.length > 1 ? `ambiguous: ${byLeaf.map((q) => q.name).join(', ')}` : meant ? `did you mean "${meant}"? ${list}` : list;
    throw new CostlensError('not_found', `no query named "${name.slice(0, 100)}"`, { hint });
  }

  /**
   * The form Athena runs for `name`: its `.athena.sql` twin when there is one, else the portable
   * query, each with the Athena forms of the fragments it includes (`x.athena.cte.sql`, where one exists).
   */
  athenaForm(name: string): NamedQuery {
    const portable = this.find(name);
    return this.athenaTwins.get(portable.name) ?? portable;
  }

  /**
   * The Athena form of a query when it differs from the portable one: its `.athena.sql` twin, or
   * (a fragment twin) the portable file's header and text with the Athena forms of its fragments,
   * under the portable file's path; undefined when Athena runs the portable query as it is.
   */
  twinOf(name: string): NamedQuery | undefined {
    return this.athenaTwins.get(this.find(name).name);
  }
}

/** An engine's fragment (`name.athena.cte.sql`) stands beside its portable fragment (`name.cte.sql`), for a known engine. */
function checkEngineFragments(texts: ReadonlyMap<string, string>, absolute: (path: string) => string): void {
  for (const path of texts.keys()) {
    const engine = ENGINE_FRAGMENT.exec(path)?.[1];
    if (engine === undefined) continue;
    if (engine !== 'athena') throw new CostlensError('config', `${absolute(path)}: unknown engine "${engine}" (engine fragments are name.athena.cte.sql)`);
    const portable = path.replace(ENGINE_FRAGMENT, '.cte.sql');
    if (!texts.has(portable)) {
      throw new CostlensError('config', `${absolute(path)}: an Athena fragment without its portable fragment ${portable}`, {
        hint: 'queries include the portable fragment; their Athena forms read the .athena.cte.sql beside it in its place',
      });
    }
  }
}

/** `form` follows the file in an error: which form of it binds an undeclared parameter. */
function checkQuery(query: NamedQuery, form = ''): void {
  if (query.returns.length === 0) {
    throw new CostlensError('config', `${query.path}: no @returns line`, { hint: 'the header names the columns the query returns: -- @returns name TYPE, name TYPE' });
  }
  const declared = new Set(query.params.map((p) => p.name));
  const undeclared = [...new Set(toAthenaStatement(query.sql).parameterNames.filter((p) => !declared.has(p)))];
  if (undeclared.length > 0) {
    throw new CostlensError('config', `${query.path}${form}: binds ${undeclared.map((p) => `$${p}`).join(', ')} without a @param line`, { hint: 'declare every parameter in the header: -- @param name TYPE description' });
  }
}

function checkTwin(portable: NamedQuery, twin: NamedQuery): void {
  const header = (q: NamedQuery) => JSON.stringify({ params: q.params, requires: q.requires ?? [], returns: q.returns, returnTypes: q.returnTypes });
  const columns = (q: NamedQuery) => JSON.stringify([q.returns, q.returnTypes]);
  const params = (q: NamedQuery) => JSON.stringify(q.params);
  if (header(portable) !== header(twin)) {
    const differs = columns(portable) !== columns(twin) ? '@returns' : params(portable) !== params(twin) ? '@param lines' : '@requires lines';
    throw new CostlensError('config', `${twin.path}: its ${differs} differ from ${portable.path}`, { hint: 'a twin declares exactly the parameters, requirements and columns of its portable query' });
  }
}

const registries = new Map<string, QueryRegistry>();

/** The registry of `dir` (default: the shipped `queries/`), loaded on first use and kept for the process. */
export function queryRegistry(dir: string = QUERIES_DIR): QueryRegistry {
  let registry = registries.get(dir);
  if (!registry) {
    registry = QueryRegistry.load(dir);
    registries.set(dir, registry);
  }
  return registry;
}
