/**
 * Turns a query file's text into what Athena runs: comments removed, `$name` parameters replaced
 * by `?` placeholders in order (bound through ExecutionParameters, never spliced into the text),
 * and logical table names renamed to the configured Athena objects. String literals and quoted
 * identifiers are left exactly as written.
 */
import { CostlensError } from '../errors.ts';
import type { BoundValue } from './duckdb.ts';
import type { NamedQuery, ParamType } from './queries.ts';

export interface AthenaStatement {
  sql: string;
  /** The parameter names in placeholder order (a name used twice appears twice). */
  parameterNames: string[];
}

/** Rewrites `text`: see the module comment. `tables` maps a logical table name to its Athena name. */
export function toAthenaStatement(text: string, tables: Record<string, string> = {}): AthenaStatement {
  let sql = '';
  const parameterNames: string[] = [];
  for (let i = 0; i < text.length;) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      sql += ' ';
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === ch && text[j + 1] !== ch)) j += text[j] === ch ? 2 : 1;
      sql += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '$' && /[a-z_]/.test(next ?? '')) {
      const name = /^[a-z_][a-z0-9_]*/.exec(text.slice(i + 1))![0];
      parameterNames.push(name);
      sql += '?';
      i += 1 + name.length;
    } else if (/[A-Za-z_]/.test(ch) && !/[A-Za-z0-9_$.]/.test(text[i - 1] ?? '')) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      const renamed = tables[word.toLowerCase()];
      sql += renamed !== undefined && text[i + word.length] !== '(' ? renamed : word;
      i += word.length;
    } else {
      sql += ch;
      i += 1;
    }
  }
  return { sql: sql.replace(/[ \t]+\n/g, '\n').replace(/^\s*\n/gm, '').trim(), parameterNames };
}

/**
 * One ExecutionParameters value: Athena reads each as a SQL literal, so text is quoted (quotes
 * doubled), numbers and booleans written plainly, a list as an `ARRAY[...]` of quoted texts. DATE
 * and TIMESTAMP go as text, as the DuckDB engine binds them, and the queries CAST them.
 */
export function athenaLiteral(type: ParamType, value: BoundValue): string {
  if (type === 'VARCHAR[]') {
    const items = (value as string[]).map((v) => athenaLiteral('VARCHAR', v));
    return items.length ? `ARRAY[${items.join(', ')}]` : 'CAST(ARRAY[] AS ARRAY(VARCHAR))';
  }
  if (type === 'INTEGER' || type === 'DOUBLE') {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new RangeError(`not a number: ${value}`);
    return type === 'INTEGER' ? String(Math.trunc(n)) : String(n);
  }
  if (type === 'BOOLEAN') return value === true || value === 'true' ? 'true' : 'false';
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** The longest ExecutionParameters value Athena takes (characters). */
export const ATHENA_PARAMETER_MAX = 1024;

/**
 * The ExecutionParameters for a statement, from the query's declared types and bound values; a
 * value longer than Athena takes is refused here, naming the parameter, rather than by Athena.
 */
export function executionParameters(query: NamedQuery, statement: AthenaStatement, bound: Record<string, BoundValue>): string[] {
  const types = new Map(query.params.map((p) => [p.name, p.type]));
  return statement.parameterNames.map((name) => {
    const literal = athenaLiteral(types.get(name) ?? 'VARCHAR', bound[name]);
    if (literal.length > ATHENA_PARAMETER_MAX) {
      throw new CostlensError('usage', `parameter "${name}" of ${query.name} is ${literal.length} characters as an Athena literal; Athena takes at most ${ATHENA_PARAMETER_MAX}`, {
        hint: 'give it fewer or shorter values, or run the query on the local store (--engine duckdb)',
      });
    }
    return literal;
  });
}
