import { parseSelection, type Selection, SelectionError, type SelectionRules, type SelectionValues, URL_SELECTION } from '../analyze/selection.ts';
import { CostlensError } from '../errors.ts';
import { isIsoDay } from '../lib/calendar.ts';
import { FieldError } from './field-error.ts';
import { MAX_TEXT_LENGTH } from './params.ts';

export { FieldError } from './field-error.ts';

/** Query-string parameters as Hono gives them: each name with every value it was given. */
export type Filters = Record<string, string[]>;

/**
 * The filters of a view, read strictly: a name the view does not take, a name given twice, or a
 * value that is not what it should be is a usage error (HTTP 400) naming it. An empty value (what
 * a form sends for "all") counts as absent.
 */
export class FilterReader {
  constructor(
    private readonly query: Filters,
    /** What the view is called in messages, e.g. "the Attribution page". */
    where: string,
    allowed: readonly string[],
  ) {
    for (const name of Object.keys(query)) {
      if (!allowed.includes(name)) {
        throw new FieldError(name, `${where} takes no parameter "${clip(name, 40)}"`, { hint: allowed.length > 0 ? `its parameters: ${allowed.join(', ')}` : 'it takes no parameters' });
      }
    }
  }

  /** The one value of `name`, or undefined when absent or empty. */
  one(name: string): string | undefined {
    const values = this.query[name];
    if (!values || values.length === 0) return undefined;
    if (values.length > 1) throw new FieldError(name, `"${name}" is given ${values.length} times; give it once`);
    return values[0] === '' ? undefined : values[0];
  }

  /** Every non-empty value of a repeatable `name` (each checked as text), without repeats. */
  many(name: string, max = MAX_TEXT_LENGTH): string[] {
    const values = [...new Set((this.query[name] ?? []).filter((v) => v !== ''))];
    for (const value of values) {
      if (value.length > max) throw fail(name, `at most ${max} characters`, value);
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(value)) throw fail(name, 'text without control characters', value);
    }
    return values;
  }

  /** A real calendar date `YYYY-MM-DD`. */
  date(name: string): string | undefined {
    const value = this.one(name);
    if (value !== undefined && !isIsoDay(value)) throw fail(name, 'a date YYYY-MM-DD', value);
    return value;
  }

  /** The `period`, `start` and `end` filters as one selection (see {@link readSelection}). */
  selection(rules: SelectionRules = {}): Selection {
    return readSelection({ period: this.one('period'), from: this.one('start'), to: this.one('end') }, rules);
  }

  /** One of a fixed list. */
  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const value = this.one(name);
    if (value !== undefined && !(choices as readonly string[]).includes(value)) throw fail(name, `one of ${choices.join(', ')}`, value);
    return value as T | undefined;
  }

  /** Text: at most `max` characters, no control characters, not only blanks. */
  text(name: string, max = MAX_TEXT_LENGTH): string | undefined {
    const value = this.one(name);
    if (value === undefined) return undefined;
    if (value.length > max) throw fail(name, `at most ${max} characters`, value);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value)) throw fail(name, 'text without control characters', value);
    if (value.trim() === '') throw fail(name, 'more than blanks', value);
    return value;
  }

  /** Text matching a pattern, described as `what`. */
  matching(name: string, pattern: RegExp, what: string): string | undefined {
    const value = this.one(name);
    if (value !== undefined && !pattern.test(value)) throw fail(name, what, value);
    return value;
  }
}

/**
 * A selection from URL values (`period`, `start`, `end`) by the rules of src/analyze/selection.ts;
 * a problem is a FieldError on the field at fault, so a page marks it.
 */
export function readSelection(values: SelectionValues, rules: SelectionRules = {}): Selection {
  try {
    return parseSelection(values, URL_SELECTION, rules);
  } catch (error) {
    if (error instanceof SelectionError) throw new FieldError(error.field, error.message, { hint: error.hint, cause: error });
    throw error;
  }
}

function fail(name: string, expected: string, value: string): CostlensError {
  return new FieldError(name, `${name} must be ${expected}; got "${clip(value, 60)}"`);
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 3)}…` : value;
}
