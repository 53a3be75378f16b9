import { bindParams, parseTextList, type RawParams } from '../engine/duckdb.ts';
import { rangeBounds, crossParamFault, ruleProblem, type NamedQuery, type ParamRule, type QueryParam } from '../engine/queries.ts';
import { isIsoDay } from '../lib/calendar.ts';
import { FieldError } from './field-error.ts';

/** Longest text parameter the server accepts (and longest item of a list). */
export const MAX_TEXT_LENGTH = 256;

/** Most items a list parameter (`VARCHAR[]`) may hold. */
export const MAX_LIST_ITEMS = 10_000;

/** A parameter's structured rules (`one_of=`, `min=`, `max=`, `pattern=` of its header line), for listings; `{}` when it has none. */
export function paramRule(param: QueryParam): ParamRule {
  return { ...param.rule };
}

/**
 * A parameter as the API listings describe it: type, whether required, its default (an empty one
 * is left out), description and rules; given the query's parameters, the end bound of a range
 * also names its start (`notBefore: "start"`, src/engine/queries.ts `rangeBounds`).
 */
export function describeParam(param: QueryParam, params: readonly QueryParam[] = []): Record<string, unknown> {
  const range = rangeBounds(params).find((r) => r.end === param.name);
  return {
    name: param.name,
    type: param.type,
    required: param.defaultValue === undefined,
    ...(param.defaultValue ? { default: param.defaultValue } : {}),
    description: param.description,
    ...paramRule(param),
    ...(range ? { notBefore: range.start } : {}),
  };
}

/**
 * Checks request parameters against a query's header more strictly than the CLI does, so that
 * no value reaches DuckDB that it would reject: real calendar dates, ISO timestamps, integers
 * within 15 digits, finite numbers, short text without control characters, the header's rules
 * (`one_of=`, `min=`, `max=`, `pattern=`), a range's end not before its start (the end bound
 * named: `end`, `to`, `charge_to` …), and no parameter given twice. Returns every declared
 * parameter as text (defaults filled in), ready for `runNamedQuery`. Throws a usage error (HTTP
 * 400) that names the parameter.
 */
export function validateParams(query: NamedQuery, raw: Record<string, string | string[] | undefined>): RawParams {
  const single = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value) && value.length > 1) {
      throw new FieldError(name, `parameter "${name}" of ${query.name} is given ${value.length} times; give it once`);
    }
    single.set(name, Array.isArray(value) ? value[0] : value);
  }
  const checked = new Map<string, string | undefined>();
  for (const param of query.params) {
    const given = single.get(param.name);
    if (given !== undefined) checked.set(param.name, checkValue(query, param, given));
    else if (param.defaultValue !== undefined) checked.set(param.name, param.defaultValue); // the header's own: open bounds such as 0001-01-01
  }
  const fault = crossParamFault(query, Object.fromEntries(checked));
  if (fault) throw new FieldError(fault.param.name, fault.message, { hint: fault.hint });
  for (const [name, value] of single) if (!checked.has(name)) checked.set(name, value);
  const out: RawParams = Object.fromEntries(checked);
  bindParams(query, out); // unknown names, missing required values: the CLI's own messages
  return out;
}

function checkValue(query: NamedQuery, param: QueryParam, value: string): string {
  const fail = (expected: string) =>
    new FieldError(param.name, `parameter "${param.name}" of ${query.name} must be ${expected}; got "${clip(value)}"`, {
      hint: param.description ? `${param.name}: ${param.description}` : undefined,
    });
  switch (param.type) {
    case 'DATE':
      if (!isIsoDay(value)) throw fail('a date YYYY-MM-DD');
      break;
    case 'TIMESTAMP': {
      const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?$/.exec(value);
      if (!m || !isIsoDay(m[1]) || Number(m[2] ?? 0) > 23 || Number(m[3] ?? 0) > 59 || Number(m[4] ?? 0) > 59) {
        throw fail('a timestamp YYYY-MM-DD[ HH:MM[:SS]]');
      }
      break;
    }
    case 'INTEGER':
      if (!/^-?\d{1,15}$/.test(value)) throw fail('an integer');
      break;
    case 'DOUBLE':
      if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value) || !Number.isFinite(Number(value))) throw fail('a number');
      break;
    case 'BOOLEAN':
      if (value !== 'true' && value !== 'false') throw fail('true or false');
      break;
    case 'VARCHAR[]': {
      const list = parseTextList(value);
      if (!list) throw fail('a JSON array of strings, e.g. ["a","b"]');
      if (list.length > MAX_LIST_ITEMS) throw fail(`a list of at most ${MAX_LIST_ITEMS} items`);
      if (!list.every(isPlainText)) throw fail(`a list of texts of at most ${MAX_TEXT_LENGTH} characters without control characters`);
      return value;
    }
    default:
      if (value.length > MAX_TEXT_LENGTH) throw fail(`at most ${MAX_TEXT_LENGTH} characters`);
      if (!isPlainText(value)) throw fail('text without control characters');
  }
  const problem = ruleProblem(param, value);
  if (problem) throw fail(problem);
  return value;
}

/** Short text without control characters. */
function isPlainText(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return value.length <= MAX_TEXT_LENGTH && !/[\u0000-\u001f\u007f]/.test(value);
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}
