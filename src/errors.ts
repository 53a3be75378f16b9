/** Machine-readable error codes; exit codes and HTTP statuses derive from them. */
export type ErrorCode =
  | 'usage'
  | 'config'
  | 'input'
  | 'not_found'
  | 'store_locked'
  | 'store'
  | 'read_only'
  | 'aws'
  | 'internal';

const EXIT_CODES: Record<ErrorCode, number> = {
  usage: 2,
  config: 3,
  input: 4,
  not_found: 5,
  store_locked: 6,
  store: 7,
  read_only: 8,
  aws: 9,
  internal: 1,
};

const HTTP_STATUSES: Record<ErrorCode, number> = {
  usage: 400,
  config: 500,
  input: 400,
  not_found: 404,
  store_locked: 503,
  store: 500,
  read_only: 403,
  aws: 502,
  internal: 500,
};

/** The hint of an error costlens did not expect: an `internal` CostlensError without its own, or any other error reaching the CLI. */
export const BUG_HINT = 'this is a bug; rerun with COSTLENS_DEBUG=1 for the stack and report it';

export interface CostlensErrorOptions {
  hint?: string;
  cause?: unknown;
}

/** An error a user can act on: a one-line message, an optional hint, and the original cause. */
export class CostlensError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: CostlensErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CostlensError';
    this.code = code;
    this.hint = options.hint ?? (code === 'internal' ? BUG_HINT : undefined);
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }

  get status(): number {
    return HTTP_STATUSES[this.code];
  }
}

/** Returns the message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
