/**
 * Athena's SQL (Trino) in DuckDB's spelling, for the tests that run Athena SQL on DuckDB: the
 * twins compared with their portable queries (tests/helpers/athena-twin-on-duckdb.ts) and the
 * fake Athena that executes what it is sent (tests/fakes/aws/athena-on-duckdb.ts).
 *
 * Only what costlens sends is covered: the functions its twins and its view DDL
 * (src/engine/athena-view.ts) call, and the literals of its ExecutionParameters
 * (src/engine/athena-sql.ts athenaLiteral). What DuckDB and Trino both run is left as it is.
 */

/**
 * Athena functions DuckDB spells differently:
 * Athena's element_at(map, key) is the value or NULL; DuckDB's element_at returns a list of
 * values, and its map_extract_value is Athena's element_at. Athena's array functions filter,
 * transform and cardinality are DuckDB's list_filter, list_transform and len.
 */
const TRINO_FUNCTIONS_ON_DUCKDB: [RegExp, string][] = [
  [/\belement_at\(filter\(/g, 'list_extract(list_filter('], // element_at(array, 1): the first element
  [/\belement_at\(/g, 'map_extract_value('],
  [/\bfilter\(/g, 'list_filter('],
  [/\btransform\(/g, 'list_transform('],
  [/\bcardinality\((?=[$?])/g, 'len('], // of a list parameter ($name in a query file, ? once sent); cardinality(map) is the same in both
];

/** `sql` with Athena's element_at, filter, transform and cardinality (of a list parameter) in DuckDB's spelling. */
export function trinoFunctionsOnDuckDB(sql: string): string {
  return TRINO_FUNCTIONS_ON_DUCKDB.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), sql);
}

/**
 * Trino functions DuckDB lacks, as DuckDB macros made on the database that runs Athena's SQL:
 * date_format with the format the view uses (`%Y-%m`: the same in both), and
 * from_iso8601_timestamp (a timestamp with time zone, as Trino's).
 */
export const TRINO_MACROS_ON_DUCKDB = [
  'CREATE MACRO date_format(t, f) AS strftime(t, f)',
  'CREATE MACRO from_iso8601_timestamp(t) AS CAST(t AS TIMESTAMPTZ)',
];

/**
 * The index, from `start` and outside string literals and quoted names, of the `)` closing the
 * parenthesis opened before `start`, or of the first character at that depth where `endsHere`
 * holds; -1 when the text ends first.
 */
function endOfLevel(sql: string, start: number, endsHere: (at: number) => boolean = () => false): number {
  let depth = 0;
  for (let at = start; at < sql.length; at++) {
    const c = sql[at];
    if (c === "'" || c === '"') at = skipQuoted(sql, at);
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return at;
      depth--;
    } else if (depth === 0 && endsHere(at)) return at;
  }
  return -1;
}

/** The index of the `)` closing the parenthesis opened just before `start`, outside string literals and quoted names. */
function closingParen(sql: string, start: number): number {
  const at = endOfLevel(sql, start);
  if (at < 0) throw new Error(`no closing parenthesis after ${sql.slice(start, start + 60)}`);
  return at;
}

/** The index of the quote that ends the literal or quoted name opening at `at` (a doubled quote is part of it). */
function skipQuoted(sql: string, at: number): number {
  const quote = sql[at];
  let j = at + 1;
  while (j < sql.length && !(sql[j] === quote && sql[j + 1] !== quote)) j += sql[j] === quote ? 2 : 1;
  return j;
}

/** The top-level comma-separated arguments of a call whose text inside the parentheses is `args`. */
function splitArguments(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let at = 0; at < args.length; at++) {
    const c = args[at];
    if (c === "'" || c === '"') at = skipQuoted(args, at);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(args.slice(from, at));
      from = at + 1;
    }
  }
  return [...parts, args.slice(from)];
}

/** `text` with each bare identifier of `names` (outside string literals and quoted names) replaced. */
function renameIdentifiers(text: string, names: Record<string, string>): string {
  let out = '';
  for (let at = 0; at < text.length;) {
    const c = text[at];
    if (c === "'" || c === '"') {
      const end = skipQuoted(text, at);
      out += text.slice(at, end + 1);
      at = end + 1;
    } else if (/[A-Za-z_]/.test(c) && !/[A-Za-z0-9_.]/.test(text[at - 1] ?? '')) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at))![0];
      out += names[word] ?? word;
      at += word.length;
    } else {
      out += c;
      at += 1;
    }
  }
  return out;
}

/**
 * Trino's map_filter(m, (k, v) -> cond) and transform_keys(m, (k, v) -> key), which DuckDB lacks
 * (its lambdas take list elements), as DuckDB list functions over the map's entries.
 */
export function mapLambdasOnDuckDB(sql: string): string {
  const call = /\b(map_filter|transform_keys)\(/.exec(sql);
  if (!call) return sql;
  const open = call.index + call[0].length;
  const close = closingParen(sql, open);
  const [map, lambda] = splitArguments(sql.slice(open, close));
  const parts = /^\s*\(\s*(\w+)\s*,\s*(\w+)\s*\)\s*->([\s\S]*)$/.exec(lambda ?? '');
  if (!parts) throw new Error(`${call[1]} without a (k, v) -> lambda: ${sql.slice(call.index, close + 1)}`);
  const body = renameIdentifiers(mapLambdasOnDuckDB(parts[3]), { [parts[1]]: 'entry__.key', [parts[2]]: 'entry__.value' });
  const entries = `map_entries(${mapLambdasOnDuckDB(map)})`;
  const rewritten = call[1] === 'map_filter'
    ? `map_from_entries(list_filter(${entries}, entry__ -> ${body}))`
    : `map_from_entries(list_transform(${entries}, entry__ -> struct_pack(key := ${body}, value := entry__.value)))`;
  return sql.slice(0, call.index) + rewritten + mapLambdasOnDuckDB(sql.slice(close + 1));
}

/** Athena SQL as DuckDB runs it: {@link mapLambdasOnDuckDB}, then {@link trinoFunctionsOnDuckDB}. */
export function athenaSqlOnDuckDB(sql: string): string {
  return trinoFunctionsOnDuckDB(mapLambdasOnDuckDB(sql));
}

/** One ExecutionParameters literal (Trino) as DuckDB reads it: the empty array's type is spelled `VARCHAR[]`. */
export function trinoLiteralOnDuckDB(literal: string): string {
  return literal === 'CAST(ARRAY[] AS ARRAY(VARCHAR))' ? 'CAST([] AS VARCHAR[])' : literal;
}

/** Whether `text` holds a `?` placeholder outside string literals and quoted names. */
function holdsPlaceholder(text: string): boolean {
  for (let at = 0; at < text.length; at++) {
    const c = text[at];
    if (c === "'" || c === '"') at = skipQuoted(text, at);
    else if (c === '?') return true;
  }
  return false;
}

/** What ends a GROUP BY clause at its own depth (besides a `)` closing it, a `;` and the end). */
const AFTER_GROUP_BY = /^(HAVING|ORDER\s+BY|LIMIT|OFFSET|FETCH|WINDOW|UNION|INTERSECT|EXCEPT)\b/i;

/** The index where the GROUP BY clause starting at `start` ends (see AFTER_GROUP_BY). */
function groupByEnd(sql: string, start: number): number {
  const at = endOfLevel(sql, start, (i) => sql[i] === ';' || (!/[\w$]/.test(sql[i - 1] ?? '') && AFTER_GROUP_BY.test(sql.slice(i, i + 20))));
  return at < 0 ? sql.length : at;
}

/**
 * The first GROUP BY clause of an Athena statement (`?` placeholders, outside string literals and
 * quoted names) that holds a placeholder, or undefined. Trino takes each `?` as a parameter of its
 * own and matches a SELECT expression with a GROUP BY one node by node, a parameter by its
 * position, so `SELECT CASE WHEN ? = 'source' THEN x END … GROUP BY CASE WHEN ? = 'source' THEN x END`
 * fails there ("must be an aggregate expression or appear in GROUP BY clause") where DuckDB, given
 * the literals, runs it. The rule refuses every such clause (stricter than Trino, which fails only
 * when an expression must match it): group by a column that an inner SELECT computes instead.
 */
export function groupByWithPlaceholder(sql: string): string | undefined {
  for (let at = 0; at < sql.length; at++) {
    const c = sql[at];
    if (c === "'" || c === '"') at = skipQuoted(sql, at);
    else if (/^GROUP\s+BY\b/i.test(sql.slice(at, at + 40)) && !/[\w$]/.test(sql[at - 1] ?? '')) {
      const end = groupByEnd(sql, at);
      const clause = sql.slice(at, end);
      if (holdsPlaceholder(clause)) return clause.replace(/\s+/g, ' ').trim();
      at = end - 1;
    }
  }
  return undefined;
}

/**
 * `sql` with each `?` placeholder (outside string literals and quoted names) replaced by its
 * ExecutionParameters value, in order, as Athena substitutes them: each value is a literal
 * expression. A count that does not match is an error, as Athena's; so is a placeholder in a
 * GROUP BY clause ({@link groupByWithPlaceholder}), which Trino's analyzer refuses and the literals
 * would hide.
 */
export function substituteParameters(sql: string, parameters: readonly string[]): string {
  const grouped = groupByWithPlaceholder(sql);
  if (grouped !== undefined) throw new Error(`a parameter placeholder in "${grouped}": Trino binds each ? apart, so a SELECT expression repeating it must be an aggregate expression or appear in GROUP BY clause; group by a column an inner SELECT computes`);
  let out = '';
  let next = 0;
  for (let at = 0; at < sql.length; at++) {
    const c = sql[at];
    if (c === "'" || c === '"') {
      const end = skipQuoted(sql, at);
      out += sql.slice(at, end + 1);
      at = end;
    } else if (c === '?') {
      if (next >= parameters.length) throw new Error(`more placeholders than the ${parameters.length} ExecutionParameters`);
      out += `(${trinoLiteralOnDuckDB(parameters[next++])})`;
    } else {
      out += c;
    }
  }
  if (next !== parameters.length) throw new Error(`${next} placeholders but ${parameters.length} ExecutionParameters`);
  return out;
}

/**
 * Whether the statement's outermost query sorts its rows (an `ORDER BY` outside parentheses,
 * string literals and quoted names): Athena returns the rows of any other in no particular order.
 */
export function sortsItsRows(sql: string): boolean {
  let depth = 0;
  for (let at = 0; at < sql.length; at++) {
    const c = sql[at];
    if (c === "'" || c === '"') at = skipQuoted(sql, at);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /^ORDER\s+BY\b/i.test(sql.slice(at, at + 20)) && !/[\w$]/.test(sql[at - 1] ?? '')) return true;
  }
  return false;
}
