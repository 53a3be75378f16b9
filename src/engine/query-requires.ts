/**
 * Cross-parameter rules of a query header: a parameter that must be given when another holds a
 * value or a given value. README.md ("Queries") is the reference:
 *
 *   -- @requires NAME when OTHER[=VALUE[,VALUE…]] [what to give, in prose]
 *
 * e.g. `-- @requires tag_key when dimension=tag  the tag key to group by` and `-- @requires
 * tag_key when tag_filter  the tag key whose values tag_filter lists`. queries.ts parses the line
 * into the query's `requires` and checks it against the query's parameters; this module reads
 * the line and judges a set of values against it.
 */

/** What a `@requires` check reads of a parameter (a QueryParam of queries.ts). */
export interface RequiresParam {
  name: string;
  /** `VARCHAR[]` for a list; any other type is judged as text. */
  type: string;
  defaultValue?: string;
  description: string;
}

/** One `@requires` line: `param` must hold a value of its own when `when` does (or holds one of `values`). */
export interface ParamRequirement {
  /** The parameter that must be given. */
  param: string;
  /** The parameter whose value calls for it. */
  when: string;
  /** `when=a,b`: the values of `when` that call for it; absent: any value of its own (see {@link holdsValue}). */
  values?: string[];
  /** What `param` must give, in prose (`the tag key to group by`); empty when the line gives none. */
  description: string;
}

const REQUIRES_LINE = /^@requires\s+([a-z_][a-z0-9_]*)\s+when\s+([a-z_][a-z0-9_]*)(?:=(\S*))?(?:\s+(.*))?$/;

/**
 * Reads a header's `@requires` line (its text after `--`), or says what is wrong with it: a
 * malformed line, an empty or blank value in its list.
 */
export function parseRequiresLine(body: string): ParamRequirement | { problem: string } {
  const match = REQUIRES_LINE.exec(body);
  if (!match) return { problem: `malformed @requires: expected "@requires name when other[=value,…] description"; got "${body}"` };
  const [, param, when, valueText, description = ''] = match;
  const requirement: ParamRequirement = { param, when, description: description.trim() };
  if (valueText !== undefined) {
    requirement.values = valueText.split(',');
    if (requirement.values.some((v) => v === '')) return { problem: `@requires ${param} when ${when}=: lists an empty value ("${valueText}")` };
  }
  return requirement;
}

/**
 * Whether a parameter holds a value of its own: given (or defaulted) to something other than its
 * header default, not blank, and for a list (`VARCHAR[]`) not an empty one. `tag_key=-` (the
 * explore queries' "no tag key" default) holds none.
 */
export function holdsValue(param: RequiresParam, value: string | undefined): boolean {
  if (value === undefined || value === param.defaultValue || value.trim() === '') return false;
  if (param.type !== 'VARCHAR[]') return true;
  try {
    const list: unknown = JSON.parse(value);
    return !Array.isArray(list) || list.length > 0;
  } catch {
    return true; // not a list: its type check refuses it
  }
}

/** A `@requires` not met: the parameter that must be given, the usage error's message and a hint. */
export interface RequirementFault<P extends RequiresParam = RequiresParam> {
  param: P;
  /** `parameter "tag_key" of explore/spend_by is needed with dimension=tag: give the tag key to group by`. */
  message: string;
  /** The parameter and its description. */
  hint: string;
}

/**
 * The first of the query's `@requires` (in header order) that `values` break (raw text of every
 * parameter, defaults filled in), or undefined. Names the value that called for the parameter
 * (`dimension=tag`), or the parameter alone when any value of its own does (`tag_filter`).
 */
export function requirementFault<P extends RequiresParam>(
  query: { name: string; params: readonly P[]; requires?: readonly ParamRequirement[] },
  values: Readonly<Record<string, string | undefined>>,
): RequirementFault<P> | undefined {
  for (const requirement of query.requires ?? []) {
    const param = query.params.find((p) => p.name === requirement.param);
    const when = query.params.find((p) => p.name === requirement.when);
    if (!param || !when) continue;
    const whenValue = values[when.name];
    const calledFor = requirement.values ? whenValue !== undefined && requirement.values.includes(whenValue) : holdsValue(when, whenValue);
    if (!calledFor || holdsValue(param, values[param.name])) continue;
    const given = requirement.values ? `${when.name}=${whenValue}` : when.name;
    const what = requirement.description || `a value${param.defaultValue !== undefined ? ` other than its default ${param.defaultValue}` : ''}`;
    return {
      param,
      message: `parameter "${param.name}" of ${query.name} is needed with ${given}: give ${what}`,
      hint: `${param.name}: ${param.description || param.type}`,
    };
  }
  return undefined;
}
