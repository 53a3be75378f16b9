/**
 * A query file's header: what `queries/<area>/<name>.sql` declares about itself. README.md
 * ("Queries") is the reference for the syntax:
 *
 *   -- What the query returns, in prose.
 *   -- @param NAME TYPE [= DEFAULT] [RULE=VALUE …] description
 *   -- @requires NAME when OTHER[=VALUE,…] description
 *   -- @returns column TYPE, column TYPE, …
 *
 * with rules `one_of=a,b,c` (VARCHAR), `min=N` and `max=N` (INTEGER, DOUBLE) and `pattern=REGEX`
 * (VARCHAR; the whole value must match), and cross-parameter rules `@requires` (query-requires.ts).
 * The registry (query-registry.ts) reads the files once; this module parses one and checks values
 * against a parameter's rules, and, across parameters ({@link crossParamFault}), a range's end
 * against its start (`rangeBounds`: paired by name for every query, not written in headers) and
 * each `@requires`.
 */
import { CostlensError } from '../errors.ts';
import { packagePath } from '../lib/package-root.ts';
import { reversedRange } from './query-ranges.ts';
import { parseRequiresLine, requirementFault, type ParamRequirement } from './query-requires.ts';

export { rangeBounds, type RangeBounds } from './query-ranges.ts';
export type { ParamRequirement } from './query-requires.ts';

/** `VARCHAR[]` is a list of text: its raw value is a JSON array of strings (`["a","b"]`), bound as a DuckDB list / Athena array. */
export type ParamType = 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'VARCHAR[]';
export const PARAM_TYPES: readonly ParamType[] = ['VARCHAR', 'DATE', 'TIMESTAMP', 'INTEGER', 'DOUBLE', 'BOOLEAN', 'VARCHAR[]'];

/**
 * What a query's column holds, as its `@returns` line declares it: the DuckDB type of the column
 * (BIGINT also covers DuckDB's HUGEINT, the type of a sum of BIGINTs). A list is returned as JSON
 * text (`CAST(list AS JSON)`), a VARCHAR. src/engine/conversion/ reads each into a typed cell.
 */
export type ColumnType = 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'DECIMAL' | 'BOOLEAN';
export const COLUMN_TYPES: readonly ColumnType[] = ['VARCHAR', 'DATE', 'TIMESTAMP', 'BIGINT', 'INTEGER', 'DOUBLE', 'DECIMAL', 'BOOLEAN'];

/** What a parameter may hold beyond its type: the structured rules of its `@param` line. */
export interface ParamRule {
  /** `one_of=a,b,c`: the only values allowed (VARCHAR). */
  oneOf?: string[];
  /** `min=N`, `max=N`: inclusive bounds of a number (INTEGER, DOUBLE). */
  min?: number;
  max?: number;
  /** `pattern=REGEX`: a regular expression the whole value must match (VARCHAR). */
  pattern?: string;
}

export interface QueryParam {
  name: string;
  type: ParamType;
  /** The default as written in the header; a parameter without one is required. */
  defaultValue?: string;
  description: string;
  /** Its rules, when the header gives any. */
  rule?: ParamRule;
}

/** One query file of `queries/`: its name (`area/name`), header and SQL text (includes expanded). */
export interface NamedQuery {
  name: string;
  path: string;
  description: string;
  params: QueryParam[];
  /** Its `@requires` lines, in header order (absent or empty: none). */
  requires?: ParamRequirement[];
  /** The column names of its `@returns`, in order. */
  returns: string[];
  /** The declared type of each column of `returns`, in the same order. */
  returnTypes: ColumnType[];
  sql: string;
}

/** The shipped `queries/` folder. */
export const QUERIES_DIR = packagePath('queries');

const RULE_KEYS = ['one_of', 'min', 'max', 'pattern'] as const;
const PARAM_LINE = /^@param\s+([a-z_][a-z0-9_]*)\s+([A-Z]+(?:\[\])?)(?:\s*=\s*(\S+))?(?:\s+(.*))?$/;
/** Rules written in prose before the header had fields for them (`(one of: a, b)`, `(1 to 100)`). */
const PROSE_RULE = /\(one of:[^)]*\)|\(-?\d+(?:\.\d+)?\s+to\s+-?\d+(?:\.\d+)?\)/;

/** An error in a query file's header, naming the file and the line. */
function headerError(path: string, line: number, message: string, hint?: string): CostlensError {
  return new CostlensError('config', `${path}:${line}: ${message}`, { hint: hint ?? 'see "Queries" in README.md for the header syntax' });
}

/**
 * Parses a query file's header: leading `--` comment lines give the description, then
 * `@param`, `@requires` and `@returns` lines (see the module comment). Any other `@word` in the
 * header, a malformed `@param`, an unknown type or rule, a rule that does not fit the type, a
 * default that breaks its own rules, a rule still written in prose or a `@requires` that does not
 * fit the parameters (see {@link checkRequirement}) is a config error naming the file and line.
 * `sql` is `text` as given: the registry expands `@include` lines.
 */
export function parseQueryFile(name: string, path: string, text: string): NamedQuery {
  const params: QueryParam[] = [];
  const requires: { requirement: ParamRequirement; lineNo: number }[] = [];
  const description: string[] = [];
  let returns: { name: string; type: ColumnType }[] | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const comment = /^\s*--\s?(.*)$/.exec(lines[i]);
    if (!comment) {
      if (lines[i].trim() === '') continue;
      break;
    }
    const body = comment[1].trim();
    const lineNo = i + 1;
    if (body.startsWith('@param')) {
      const param = parseParamLine(path, lineNo, body);
      if (params.some((p) => p.name === param.name)) throw headerError(path, lineNo, `@param ${param.name} is declared twice`);
      params.push(param);
    } else if (body.startsWith('@requires')) {
      const requirement = parseRequiresLine(body);
      if ('problem' in requirement) throw headerError(path, lineNo, requirement.problem);
      requires.push({ requirement, lineNo });
    } else if (body.startsWith('@returns')) {
      if (returns) throw headerError(path, lineNo, '@returns is declared twice');
      returns = parseReturnsLine(path, lineNo, body);
    } else if (body.startsWith('@include')) {
      break; // the body's first CTE fragment: the header is over
    } else if (body.startsWith('@')) {
      throw headerError(path, lineNo, `unknown header field ${body.split(/\s/)[0]} (use @param, @requires, @returns or @include)`);
    } else if (body) {
      description.push(body);
    }
  }
  requires.forEach(({ requirement, lineNo }, i) => checkRequirement(path, lineNo, requirement, params, requires.slice(0, i).map((r) => r.requirement)));
  return {
    name, path, description: description.join(' '), params, requires: requires.map((r) => r.requirement),
    returns: (returns ?? []).map((c) => c.name), returnTypes: (returns ?? []).map((c) => c.type), sql: text,
  };
}

/**
 * A `@requires` line against the query's parameters: both declared (by `@param` anywhere in the
 * header), two different ones, the required one with a default (one without is always required),
 * values only for a parameter that is not a list, each keeping that parameter's rules, and not
 * the same line twice. A config error naming the file and line otherwise.
 */
function checkRequirement(path: string, lineNo: number, r: ParamRequirement, params: readonly QueryParam[], before: readonly ParamRequirement[]): void {
  const line = `@requires ${r.param} when ${r.when}${r.values ? `=${r.values.join(',')}` : ''}`;
  const fail = (message: string) => headerError(path, lineNo, `${line}: ${message}`);
  const [param, when] = [r.param, r.when].map((name) => params.find((p) => p.name === name));
  for (const [name, found] of [[r.param, param], [r.when, when]] as const) if (!found) throw fail(`no @param declares ${name}`);
  if (r.param === r.when) throw fail('a parameter cannot require itself');
  if (param!.defaultValue === undefined) throw fail(`${r.param} has no default, so it is always required`);
  if (r.values && when!.type === 'VARCHAR[]') throw fail(`${r.when} is a list: write "when ${r.when}" (the list is not empty)`);
  for (const value of r.values ?? []) {
    const problem = ruleProblem(when!, value);
    if (problem) throw fail(`"${value}" is not a value ${r.when} can take (it must be ${problem})`);
  }
  if (before.some((b) => b.param === r.param && b.when === r.when && String(b.values) === String(r.values))) throw fail('is declared twice');
}

const RETURNS_COLUMN = /^([A-Za-z_][A-Za-z0-9_]*)\s+([A-Z]+)$/;

/** `@returns name TYPE, name TYPE, …`: each column with its type (a config error naming the file and line otherwise). */
function parseReturnsLine(path: string, lineNo: number, body: string): { name: string; type: ColumnType }[] {
  const items = body.slice('@returns'.length).split(',').map((s) => s.trim());
  if (items.length === 1 && items[0] === '') throw headerError(path, lineNo, '@returns must list columns with their types: -- @returns name TYPE, name TYPE');
  const columns = items.map((item) => {
    const match = RETURNS_COLUMN.exec(item);
    if (!match) throw headerError(path, lineNo, `@returns must list columns with their types (name TYPE) separated by commas; got "${item}"`);
    const [, name, type] = match;
    if (!COLUMN_TYPES.includes(type as ColumnType)) throw headerError(path, lineNo, `@returns ${name} has unknown type ${type} (use ${COLUMN_TYPES.join(', ')})`);
    return { name, type: type as ColumnType };
  });
  const twice = columns.find((c, i) => columns.findIndex((d) => d.name === c.name) !== i);
  if (twice) throw headerError(path, lineNo, `@returns lists ${twice.name} twice`);
  return columns;
}

function parseParamLine(path: string, lineNo: number, body: string): QueryParam {
  const match = PARAM_LINE.exec(body);
  if (!match) throw headerError(path, lineNo, `malformed @param: expected "@param name TYPE [= default] [rule=value …] description"; got "${body}"`);
  const [, name, typeText, defaultValue, tail = ''] = match;
  if (!PARAM_TYPES.includes(typeText as ParamType)) throw headerError(path, lineNo, `@param ${name} has unknown type ${typeText} (use ${PARAM_TYPES.join(', ')})`);
  const type = typeText as ParamType;
  const rule: ParamRule = {};
  const words = tail.split(/\s+/).filter(Boolean);
  let used = 0;
  for (const word of words) {
    const assignment = /^([a-z_]+)=(.*)$/.exec(word);
    if (!assignment) break;
    used += 1;
    const [, key, value] = assignment;
    if (!(RULE_KEYS as readonly string[]).includes(key)) throw headerError(path, lineNo, `@param ${name}: unknown rule ${key}= (use ${RULE_KEYS.map((k) => `${k}=`).join(', ')})`);
    if (value === '') throw headerError(path, lineNo, `@param ${name}: rule ${key}= has no value`);
    setRule(path, lineNo, name, type, rule, key as (typeof RULE_KEYS)[number], value);
  }
  const description = words.slice(used).join(' ');
  const prose = PROSE_RULE.exec(description);
  if (prose) {
    throw headerError(path, lineNo, `@param ${name} states the rule "${prose[0]}" in prose; write it as a field (one_of=a,b or min=N max=N) after the default`);
  }
  const param: QueryParam = { name, type, defaultValue, description };
  if (Object.keys(rule).length > 0) param.rule = rule;
  if (defaultValue !== undefined) {
    const problem = ruleProblem(param, defaultValue);
    if (problem) throw headerError(path, lineNo, `@param ${name}: the default "${defaultValue}" is not ${problem}`);
  }
  return param;
}

function setRule(path: string, lineNo: number, name: string, type: ParamType, rule: ParamRule, key: (typeof RULE_KEYS)[number], value: string): void {
  const fits = (types: ParamType[]) => {
    if (!types.includes(type)) throw headerError(path, lineNo, `@param ${name}: rule ${key}= applies to ${types.join(' or ')}, not ${type}`);
  };
  if (key in rule || (key === 'one_of' && rule.oneOf)) throw headerError(path, lineNo, `@param ${name}: rule ${key}= is given twice`);
  if (key === 'one_of') {
    fits(['VARCHAR']);
    rule.oneOf = value.split(',');
    if (rule.oneOf.some((v) => v === '')) throw headerError(path, lineNo, `@param ${name}: one_of= lists an empty value ("${value}")`);
  } else if (key === 'pattern') {
    fits(['VARCHAR']);
    try {
      new RegExp(value);
    } catch (error) {
      throw new CostlensError('config', `${path}:${lineNo}: @param ${name}: pattern= is not a regular expression: ${(error as Error).message}`, { cause: error });
    }
    rule.pattern = value;
  } else {
    fits(['INTEGER', 'DOUBLE']);
    const bound = Number(value);
    if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(bound)) throw headerError(path, lineNo, `@param ${name}: ${key}= must be a number; got "${value}"`);
    rule[key] = bound;
    if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) throw headerError(path, lineNo, `@param ${name}: min=${rule.min} is above max=${rule.max}`);
  }
}

/**
 * What `value` (raw text, of the parameter's type) fails to be under the parameter's rules, as
 * the words an error message puts after "must be" (`one of billed, effective`, `between 1 and
 * 100`), or undefined when it keeps them all.
 */
export function ruleProblem(param: QueryParam, value: string): string | undefined {
  const rule = param.rule;
  if (!rule) return undefined;
  if (rule.oneOf && !rule.oneOf.includes(value)) return `one of ${rule.oneOf.join(', ')}`;
  if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) return `text matching ${rule.pattern}`;
  const { min, max } = rule;
  if (min !== undefined || max !== undefined) {
    const n = Number(value);
    const inside = Number.isFinite(n) && (min === undefined || n >= min) && (max === undefined || n <= max);
    if (!inside) return min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
  }
  return undefined;
}

/** A fault across parameters: the parameter to fix, the usage error's message (naming it) and a hint. */
export interface CrossParamFault {
  param: QueryParam;
  /**
   * `parameter "end" of explore/spend_by must be on or after start (2026-10-01); got "2026-09-01"`,
   * `parameter "tag_key" of explore/spend_by is needed with dimension=tag: give the tag key to group by`.
   */
  message: string;
  /** What the parameters mean, from their descriptions. */
  hint: string;
}

/** A range whose end precedes its start (the end bound named). */
export type RangeFault = CrossParamFault;

/**
 * The rules across a query's parameters, checked in one place wherever a query runs (`bindParams`
 * for `costlens query`, the engines and the analyses; the server's `validateParams`): the first
 * range whose end precedes its start, else the first `@requires` not met, given every parameter's
 * value (raw text, defaults filled in, each already checked against its type and rules), or undefined.
 */
export function crossParamFault(query: Pick<NamedQuery, 'name' | 'params' | 'requires'>, values: Readonly<Record<string, string | undefined>>): CrossParamFault | undefined {
  return reversedRange(query, values) ?? requirementFault(query, values);
}
