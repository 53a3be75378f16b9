import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { loginPage } from './pages/login.ts';

export const SESSION_COOKIE = 'costlens_session';

/** Paths anyone may request: the health check, logging in and out and the stylesheet and icon it uses. */
const OPEN_PATHS = new Set(['/healthz', '/login', '/logout', '/assets/app.css', '/assets/favicon.svg']);

/** How long a login lasts. */
const SESSION_SECONDS = 7 * 24 * 3600;

/** The session cookie's value: an HMAC of a fixed label keyed by the token (the token itself never leaves the server). */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('costlens-session-v1').digest('base64url');
}

/** Compares two secrets in constant time (hashing first so lengths do not leak). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Requires the token on every request but the open paths: `Authorization: Bearer <token>`, or
 * the HttpOnly cookie that /login sets. Without it, a browser asking for a page is sent to
 * /login; anything else gets 401 with `WWW-Authenticate: Bearer`.
 */
export function requireToken(token: string): MiddlewareHandler {
  const session = sessionValue(token);
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization');
    const bearer = header && /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const cookie = getCookie(c, SESSION_COOKIE);
    if ((bearer && sameSecret(bearer, token)) || (cookie && sameSecret(cookie, session))) return next();
    const wantsPage = c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html') && !/^\/(api|charts|vendor)\//.test(c.req.path);
    if (wantsPage) {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
    }
    c.header('WWW-Authenticate', 'Bearer realm="costlens"');
    return c.json({ error: { code: 'unauthorized', message: 'this server needs its token: Authorization: Bearer <COSTLENS_TOKEN>, or log in at /login' } }, 401);
  };
}

/** A same-origin path to go back to after login; anything else (//host, http:…) becomes `/`. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/**
 * GET /login shows a form for the token; POST /login checks it (constant time, a short delay
 * on failure) and sets the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over
 * HTTPS. POST /logout clears it. Both POSTs refuse cross-origin form posts (hono/csrf).
 */
export function loginRoutes(token: string): Hono {
  const app = new Hono();
  app.get('/login', (c) => c.html(loginPage({ next: safeNext(c.req.query('next')) })));
  app.post('/login', csrf(), async (c) => {
    const form = await c.req.parseBody();
    const given = typeof form.token === 'string' ? form.token : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    if (!sameSecret(given, token)) {
      await sleep(250);
      return c.html(loginPage({ next, error: 'That is not the token this server was started with.' }), 401);
    }
    setCookie(c, SESSION_COOKIE, sessionValue(token), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: SESSION_SECONDS,
    });
    return c.redirect(next, 303);
  });
  app.post('/logout', csrf(), (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
  return app;
}
