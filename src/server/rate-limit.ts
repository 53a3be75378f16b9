export interface FailureLimiterOptions {
  /** Failures a client may make in a window before it is refused. Default 10. */
  maxFailures?: number;
  /** The window, and how long a client is refused once over the limit. Default 60 s. */
  windowMs?: number;
  /** Clients tracked at most (the oldest are forgotten beyond it). Default 10,000. */
  maxClients?: number;
  /** Where a burst is reported: one line when a client goes over the limit. */
  log?: (line: string) => void;
  /** The clock. Default Date.now. */
  now?: () => number;
}

interface ClientRecord {
  windowStart: number;
  failures: number;
  blockedUntil: number;
}

/**
 * Throttles token guessing: counts failed authentications (a wrong bearer token, a wrong token
 * posted to /login) per client in a fixed window. A client over the limit is refused, without
 * its guesses being checked, until the window after the burst has passed; each burst is logged
 * once, with the client and the count.
 */
export class FailureLimiter {
  private readonly clients = new Map<string, ClientRecord>();
  private readonly options: Required<Omit<FailureLimiterOptions, 'log'>> & Pick<FailureLimiterOptions, 'log'>;

  constructor(options: FailureLimiterOptions = {}) {
    this.options = { maxFailures: 10, windowMs: 60_000, maxClients: 10_000, now: Date.now, ...options };
  }

  /** Milliseconds until `client` may try again, or 0 when it may try now. */
  retryAfterMs(client: string): number {
    const record = this.clients.get(client);
    const now = this.options.now();
    if (!record || record.blockedUntil <= now) return 0;
    return record.blockedUntil - now;
  }

  /** Records a failed attempt by `client`; logs when it starts a burst over the limit. */
  fail(client: string): void {
    const now = this.options.now();
    let record = this.clients.get(client);
    if (!record || now - record.windowStart >= this.options.windowMs) {
      if (!record) this.makeRoom();
      record = { windowStart: now, failures: 0, blockedUntil: record?.blockedUntil ?? 0 };
      this.clients.delete(client);
      this.clients.set(client, record);
    }
    record.failures++;
    if (record.failures === this.options.maxFailures) {
      record.blockedUntil = now + this.options.windowMs;
      this.options.log?.(
        `costlens serve: ${client}: ${record.failures} failed authentications in ${((now - record.windowStart) / 1000).toFixed(1)} s; ` +
          `refusing its tokens and logins for ${Math.round(this.options.windowMs / 1000)} s`,
      );
    }
  }

  private makeRoom(): void {
    if (this.clients.size < this.options.maxClients) return;
    const now = this.options.now();
    for (const [client, record] of this.clients) {
      if (record.blockedUntil <= now && now - record.windowStart >= this.options.windowMs) this.clients.delete(client);
    }
    while (this.clients.size >= this.options.maxClients) this.clients.delete(this.clients.keys().next().value!);
  }
}
