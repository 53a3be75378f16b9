import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { CostlensError } from '../errors.ts';
import { requestFacts } from './client.ts';
import { loginPage } from './html/index.ts';
import type { FailureLimiter } from './rate-limit.ts';
import type { SessionStore } from './sessions.ts';

export const SESSION_COOKIE = 'costlens_session';

/** Paths anyone may request: the health check, logging in and out and the stylesheet and icon it uses. */
const OPEN_PATHS = new Set(['/healthz', '/login', '/logout', '/assets/app.css', '/assets/favicon.svg']);

/** What token authentication needs: the secret, the sessions logins open, and the guess limiter. */
export interface TokenAuth {
  token: string;
  sessions: SessionStore;
  limiter: FailureLimiter;
  /** Trust X-Forwarded-Proto / X-Forwarded-For from a proxy (server.trustProxy). */
  trustProxy: boolean;
}

/** Compares two secrets in constant time (hashing first so lengths do not leak). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Requires the token on every request but the open paths: `Authorization: Bearer <token>`, or
 * the cookie of a session that /login opened. Without it, a browser asking for a page is sent to
 * /login; anything else gets 401 with `WWW-Authenticate: Bearer`. A wrong bearer token counts
 * against the client (see FailureLimiter); over the limit it gets 429 without its token being
 * checked, while live sessions keep working.
 */
export function requireToken(auth: TokenAuth): MiddlewareHandler {
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    if (auth.sessions.isValid(getCookie(c, SESSION_COOKIE))) return next();
    const header = c.req.header('authorization');
    const bearer = header && /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (bearer) {
      const { client } = requestFacts(c, auth.trustProxy);
      const wait = auth.limiter.retryAfterMs(client);
      if (wait > 0) return tooManyAttempts(c, wait);
      if (sameSecret(bearer, auth.token)) return next();
      auth.limiter.fail(client);
    }
    const wantsPage = c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html') && !/^\/(api|charts|vendor)\//.test(c.req.path);
    if (wantsPage) {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
    }
    c.header('WWW-Authenticate', 'Bearer realm="costlens"');
    return c.json({ error: { code: 'unauthorized', message: 'this server needs its token: Authorization: Bearer <COSTLENS_TOKEN>, or log in at /login' } }, 401);
  };
}

/** 429 with Retry-After, for a client that made too many wrong attempts. */
function tooManyAttempts(c: Context, waitMs: number): Response {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  c.header('Retry-After', String(seconds));
  return c.json({ error: { code: 'rate_limited', message: `too many wrong tokens from this client; try again in ${seconds} s` } }, 429);
}

/** A path of this server: one leading slash (not `//` or `/\`), printable ASCII without spaces or backslashes. */
const SAME_ORIGIN_PATH = /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/;

/**
 * Where to go after login: `next` must be a path of this server (`/explore?dimension=region`);
 * anything else — another host (`//x`, `/\x`, `https://x`), a scheme, control characters or
 * blanks (`/%09/evil.com`, CR/LF) — is a usage error (HTTP 400). Absent or empty means `/`.
 */
export function checkNext(next: string | undefined): string {
  if (next === undefined || next === '') return '/';
  const base = 'http://costlens.invalid';
  let sameOrigin = false;
  if (SAME_ORIGIN_PATH.test(next)) {
    try {
      sameOrigin = new URL(next, base).origin === base;
    } catch {
      sameOrigin = false;
    }
  }
  if (!sameOrigin) {
    throw new CostlensError('usage', 'next must be a path on this server: one leading /, no blanks, control characters or backslashes', {
      hint: 'open /login without next, or follow the link the server gave',
    });
  }
  return next;
}

/**
 * GET /login shows a form for the token; POST /login checks it (constant time, a short delay on
 * failure, counted against the client) and opens a session: a random cookie value the server
 * keeps, HttpOnly, SameSite=Strict, Path=/, and Secure when the request came over TLS (directly,
 * or through a trusted proxy). POST /logout revokes the session and clears the cookie. Both POSTs
 * refuse cross-origin form posts (hono/csrf).
 */
export function loginRoutes(auth: TokenAuth): Hono {
  const app = new Hono();
  const sameOrigin = csrf({ origin: (origin, c) => origin === requestFacts(c, auth.trustProxy).origin });
  app.get('/login', (c) => c.html(loginPage({ next: checkNext(c.req.query('next')) })));
  app.post('/login', sameOrigin, async (c) => {
    const form = await c.req.parseBody();
    const next = checkNext(typeof form.next === 'string' ? form.next : undefined);
    const given = typeof form.token === 'string' ? form.token : '';
    const facts = requestFacts(c, auth.trustProxy);
    const wait = auth.limiter.retryAfterMs(facts.client);
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      c.header('Retry-After', String(seconds));
      return c.html(loginPage({ next, error: `Too many wrong tokens from your address: try again in ${seconds} s.` }), 429);
    }
    if (!sameSecret(given, auth.token)) {
      auth.limiter.fail(facts.client);
      await sleep(250);
      return c.html(loginPage({ next, error: 'That is not the token this server was started with.' }), 401);
    }
    auth.sessions.revoke(getCookie(c, SESSION_COOKIE));
    setCookie(c, SESSION_COOKIE, auth.sessions.create(), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: facts.tls,
      maxAge: auth.sessions.lifetimeSeconds,
    });
    return c.redirect(next, 303);
  });
  app.post('/logout', sameOrigin, (c) => {
    auth.sessions.revoke(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: requestFacts(c, auth.trustProxy).tls });
    return c.redirect('/login', 303);
  });
  return app;
}
