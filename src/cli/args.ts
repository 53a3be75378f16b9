import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CostlensError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's flags, turning node's parse errors into usage errors that name the command. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new CostlensError('usage', `${command}: ${(error as Error).message}`, {
      hint: `run \`costlens ${command} --help\` for its options`,
      cause: error,
    });
  }
}

/** Reads a choice flag, rejecting values outside the allowed list with a usage error. */
export function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CostlensError('usage', `--${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
}

/** Parses an integer flag, naming the flag in the error. */
export function integer(flag: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CostlensError('usage', `--${flag} must be an integer ≥ ${min}; got "${value}"`);
  return n;
}
