import { CostlensError, messageOf, type CostlensErrorOptions } from '../errors.ts';

/**
 * The store cannot answer right now (missing file, another schema, all connections busy): the
 * request may succeed later, so HTTP says 503 whatever the underlying code.
 */
export class UnavailableError extends CostlensError {
  override get status(): number {
    return 503;
  }
}

/** Builds a 503 error naming what is unavailable; keeps the cause's hint when it has one. */
export function unavailable(message: string, options: CostlensErrorOptions = {}): UnavailableError {
  const cause = options.cause;
  const hint = options.hint ?? (cause instanceof CostlensError ? cause.hint : undefined);
  return new UnavailableError('store', message, { hint, cause });
}

/** DuckDB's messages for a value it could not use: a bad parameter, so a 400, not a 500. */
const BAD_VALUE = /Conversion Error|Invalid Input Error|Out of Range Error/i;

/**
 * Rewrites a failed query's error: DuckDB rejecting a parameter value becomes a usage error
 * (HTTP 400) naming the query; anything else passes through unchanged.
 */
export function classifyQueryError(error: unknown, queryName: string): unknown {
  if (error instanceof CostlensError && error.code === 'store' && BAD_VALUE.test(messageOf(error))) {
    return new CostlensError('usage', `a parameter of ${queryName} has a value the engine cannot use: ${messageOf(error).replace(/^query \S+ failed: /, '')}`, {
      cause: error,
    });
  }
  return error;
}

/** The JSON body of an error response: the message and hint, never a stack. */
export function errorBody(error: CostlensError): { error: { code: string; message: string; hint?: string } } {
  return { error: { code: error.code, message: error.message.split('\n')[0], ...(error.hint ? { hint: error.hint } : {}) } };
}
