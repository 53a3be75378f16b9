import { createHash, randomBytes } from 'node:crypto';

export interface SessionStoreOptions {
  /** How long a login lasts. Default 7 days. */
  lifetimeMs?: number;
  /** Sessions kept at most; the oldest is dropped beyond it. Default 10,000. */
  maxSessions?: number;
  /** The clock. Default Date.now. */
  now?: () => number;
}

/**
 * Login sessions, kept in the server's memory: each login gets its own random identifier (256
 * bits), and the server keeps only its SHA-256 with the expiry. Logging out revokes the session;
 * restarting the server revokes them all. A cookie is worth nothing without this store.
 */
export class SessionStore {
  private readonly sessions = new Map<string, number>();
  private readonly lifetimeMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: SessionStoreOptions = {}) {
    this.lifetimeMs = options.lifetimeMs ?? 7 * 24 * 3600 * 1000;
    this.maxSessions = options.maxSessions ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds a session lasts, for the cookie's Max-Age. */
  get lifetimeSeconds(): number {
    return Math.floor(this.lifetimeMs / 1000);
  }

  /** Starts a session; returns the identifier the cookie carries. */
  create(): string {
    const id = randomBytes(32).toString('base64url');
    if (this.sessions.size >= this.maxSessions) this.pruneExpired();
    while (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(digest(id), this.now() + this.lifetimeMs);
    return id;
  }

  /** True when `id` names a live session. */
  isValid(id: string | undefined): boolean {
    if (!id) return false;
    const key = digest(id);
    const expires = this.sessions.get(key);
    if (expires === undefined) return false;
    if (expires <= this.now()) {
      this.sessions.delete(key);
      return false;
    }
    return true;
  }

  /** Ends a session (logout); an unknown identifier is ignored. */
  revoke(id: string | undefined): void {
    if (id) this.sessions.delete(digest(id));
  }

  /** Live sessions (for tests and logs). */
  get size(): number {
    this.pruneExpired();
    return this.sessions.size;
  }

  private pruneExpired(): void {
    const now = this.now();
    for (const [key, expires] of this.sessions) if (expires <= now) this.sessions.delete(key);
  }
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
