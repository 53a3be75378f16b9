/**
 * The retry strategy every costlens AWS client uses: throttling, transient network errors (a
 * dropped connection, a timeout) and 5xx answers are retried with exponential backoff and full
 * jitter, a bounded number of times; anything else fails at once. It implements the SDK's
 * RetryStrategyV2 contract, so the SDK's own retry middleware drives it.
 */

/** `aws.retry` in the config. */
export interface RetrySettings {
  /** Attempts per call, the first included (1 = no retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The error classes of the SDK's retry middleware. */
type RetryErrorType = 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';

interface RetryErrorInfo {
  errorType: RetryErrorType;
  retryAfterHint?: Date;
}

/** A token as the SDK's retry middleware reads it. */
export interface BackoffRetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
  getRetryCost(): number | undefined;
}

const RETRYABLE: ReadonlySet<RetryErrorType> = new Set(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR']);

/**
 * The delay before retry number `retry` (0-based): a uniformly random time in
 * [0, min(maxDelayMs, baseDelayMs × 2^retry)) — "full jitter".
 */
export function backoffDelay(retry: number, settings: Pick<RetrySettings, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

function token(retryCount: number, delay: number): BackoffRetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => delay, getRetryCost: () => undefined };
}

/** Exponential backoff with full jitter on throttling, transient errors and 5xx; bounded attempts. */
export class BackoffRetryStrategy {
  readonly mode = 'standard';

  constructor(private readonly settings: RetrySettings, private readonly random: () => number = Math.random) {}

  async acquireInitialRetryToken(_scope: string): Promise<BackoffRetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: BackoffRetryToken, errorInfo: RetryErrorInfo): Promise<BackoffRetryToken> {
    const retries = previous.getRetryCount();
    if (!RETRYABLE.has(errorInfo.errorType) || retries + 1 >= this.settings.maxAttempts) {
      throw new Error('no retry: the error is not retryable or the attempts are used up');
    }
    let delay = backoffDelay(retries, this.settings, this.random);
    if (errorInfo.retryAfterHint) {
      const asked = errorInfo.retryAfterHint.getTime() - Date.now();
      delay = Math.max(delay, Math.min(asked, this.settings.maxDelayMs));
    }
    return token(retries + 1, delay);
  }

  recordSuccess(_token: BackoffRetryToken): void {}

  async maxAttempts(): Promise<number> {
    return this.settings.maxAttempts;
  }
}
