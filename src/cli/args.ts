import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CostlensError } from '../errors.ts';
import { closestMatch } from '../lib/suggest.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A string flag followed by a negative number (`--days -5`) would read as an ambiguous option to
 * node's parser: join them (`--days=-5`) so that the flag's own check can say what is wrong.
 */
function joinNegativeValues(args: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && i + 1 < args.length && /^-\d/.test(args[i + 1])) {
      out.push(`${arg}=${args[++i]}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * What a command says of flags it does not take but other tools (or its sibling commands) do, by
 * name without the dashes: `{ 'dry-run': 'without --out or --send it sends nothing…' }`.
 */
export type UnknownOptionHints = Readonly<Record<string, string>>;

/**
 * The usage error for node's parse error: an unknown flag gets what the command says of it
 * (`unknownHints`), else the closest of its options ("did you mean"), then where its options are.
 */
function parseError(command: string, error: Error & { code?: string }, options: Options, args: string[], unknownHints: UnknownOptionHints): CostlensError {
  const help = `run \`costlens ${command} --help\` for its options`;
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) {
    const flag = unknown[1];
    const name = flag.startsWith('--') ? flag.slice(2).split('=')[0] : undefined;
    const said = name === undefined || !Object.hasOwn(unknownHints, name) ? undefined : unknownHints[name];
    const guess = name === undefined || said !== undefined ? undefined : closestMatch(name, Object.keys(options));
    return new CostlensError('usage', `${command}: unknown option ${flag}`, {
      hint: said !== undefined ? `${said}; ${help}` : guess ? `did you mean --${guess}? ${help}` : help, cause: error,
    });
  }
  const missing = /Option '(-\w, )?(--[\w-]+) <value>' argument missing/.exec(error.message);
  if (missing) return new CostlensError('usage', `${command}: ${missing[2]} needs a value`, { hint: help, cause: error });
  const ambiguous = /Option '(-\w, )?(--[\w-]+)' argument is ambiguous/.exec(error.message);
  if (ambiguous) {
    const flag = ambiguous[2];
    const at = args.findIndex((arg, i) => arg === flag && args[i + 1]?.startsWith('-'));
    const next = at < 0 ? undefined : args[at + 1];
    return new CostlensError('usage', `${command}: ${flag} needs a value${next === undefined ? '' : `, and "${next}" after it is an option`}`, {
      hint: `write ${flag} VALUE (a value that starts with a dash as ${flag}=-VALUE); ${help}`, cause: error,
    });
  }
  const valued = /Option '(-\w, )?(--[\w-]+)' does not take an argument/.exec(error.message);
  if (valued) {
    const given = args.find((a) => a.startsWith(`${valued[2]}=`));
    return new CostlensError('usage', `${command}: ${valued[2]} takes no value${given === undefined ? '' : `; got "${given}"`}`, { hint: `write ${valued[2]} alone; ${help}`, cause: error });
  }
  const positional = /Unexpected argument '([^']+)'/.exec(error.message);
  if (positional) return new CostlensError('usage', `${command}: unexpected argument "${positional[1]}"`, { hint: help, cause: error });
  return new CostlensError('usage', `${command}: ${error.message}`, { hint: help, cause: error });
}

/**
 * Parses a command's flags, turning node's parse errors into usage errors that name the command;
 * an unknown flag named in `unknownHints` gets that hint instead of the closest of its options.
 */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, allowPositionals = true, unknownHints: UnknownOptionHints = {}) {
  try {
    return parseArgs({ args: joinNegativeValues(args, options), options, allowPositionals, strict: true });
  } catch (error) {
    throw parseError(command, error as Error, options, args, unknownHints);
  }
}

/** Reads a choice flag, rejecting values outside the allowed list with a usage error (and the likeliest meant). */
export function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const guess = closestMatch(value, allowed);
  throw new CostlensError('usage', `--${flag} must be one of ${allowed.join(', ')}; got "${value}"`, {
    hint: guess ? `did you mean --${flag} ${guess}?` : `e.g. --${flag} ${fallback} (the default)`,
  });
}

/** The largest TCP port (`--port`). */
export const MAX_PORT = 65_535;

/** The port `costlens serve` and `costlens start` listen on by default. */
export const DEFAULT_PORT = 8787;

/** Parses an integer flag of at least `min` (and at most `max`, when given), naming the flag in the error. */
export function integer(flag: string, value: string | undefined, fallback: number, min = 0, max?: number): number {
  if (value === undefined) return fallback;
  const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  const within = (x: number) => Number.isSafeInteger(x) && x >= min && (max === undefined || x <= max);
  if (within(n)) return n;
  const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
  const wanted = max === undefined ? (min > 0 ? ` of at least ${min}` : '') : ` from ${min} to ${max}`;
  const example = within(fallback) ? `${fallback} (the default)` : String(min);
  throw new CostlensError('usage', `--${flag} must be an integer ${range}; got "${value}"`, { hint: `give a whole number${wanted}, e.g. --${flag} ${example}` });
}
