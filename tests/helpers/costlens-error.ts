/**
 * The CostlensError a call throws, for the tests that check a refusal's words: its one-line message
 * and its hint (src/errors.ts).
 */
import { expect } from 'vitest';
import { CostlensError } from '../../src/errors.ts';

/** The CostlensError `fn` throws, as its message and hint (a test fails when it throws none, or another error). */
export function costlensErrorOf(fn: () => unknown): { message: string; hint: string | undefined } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CostlensError);
    return { message: (e as CostlensError).message, hint: (e as CostlensError).hint };
  }
  throw new Error('expected an error');
}
