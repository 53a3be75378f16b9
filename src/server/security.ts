import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { CostlensError } from '../errors.ts';
import { plural } from '../lib/text.ts';

/**
 * Content-Security-Policy of every response. Scripts and styles come only from this server
 * (no inline script, no CDN). Vega needs no 'unsafe-eval': the browser embeds charts with
 * vega-embed's `ast: true`, which evaluates Vega expressions with vega-interpreter (bundled in
 * vega-embed) instead of generating functions. vega-embed's own <style> and vega-tooltip's are
 * turned off (`defaultStyle: false`, `disableDefaultStyle`), and app.css carries their rules.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Security headers on every response, errors and 404s included: the CSP above,
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`,
 * same-origin opener and resource policies, and a Permissions-Policy that turns off the
 * browser features a dashboard never uses.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    strictTransportSecurity: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  });
}

/** True for an address that only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || bare === '::ffff:127.0.0.1';
}

/**
 * Without a token the server trusts whoever can reach loopback, so it must also refuse requests
 * whose Host header names another site: that is how DNS rebinding lets a web page read a
 * loopback server. Such requests get 421 Misdirected Request.
 */
export function loopbackHostOnly(extraHosts: readonly string[] = []): MiddlewareHandler {
  const extra = new Set(extraHosts.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const hostname = new URL(c.req.url).hostname.toLowerCase();
    if (!isLoopbackHost(hostname) && !extra.has(hostname)) {
      return c.json({ error: { code: 'usage', message: `this server answers only on loopback; Host "${hostname}" is refused` } }, 421);
    }
    await next();
  };
}

/** The shortest COSTLENS_TOKEN a server reachable from other machines accepts. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Checks the bind address against the token: a server reachable from other machines must have
 * one, at least MIN_TOKEN_LENGTH characters long. Throws a usage error that says how to set it.
 */
export function checkBindPolicy(host: string, token: string | undefined): void {
  if (isLoopbackHost(host)) return;
  const hint = 'set COSTLENS_TOKEN to a long random secret (e.g. `openssl rand -hex 32`), or keep the default --host 127.0.0.1';
  if (!token) {
    throw new CostlensError('usage', `refusing to serve on ${host} without COSTLENS_TOKEN: anyone who can reach it could read the store`, { hint });
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new CostlensError('usage', `refusing to serve on ${host} with a COSTLENS_TOKEN of ${plural(token.length, 'character')}: off loopback it must have at least ${MIN_TOKEN_LENGTH}`, { hint });
  }
}

/**
 * Refuses, with 400 and a JSON message, a request whose URL cannot be parsed (a Host header
 * such as `127.0.0.999`), before anything reads it: such a request never reaches a handler, so it
 * cannot end in a 500.
 */
export function wellFormedRequest(): MiddlewareHandler {
  return async (c, next) => {
    try {
      new URL(c.req.url);
    } catch {
      return c.json({ error: { code: 'usage', message: 'bad request: the Host header is not a valid host name' } }, 400);
    }
    await next();
  };
}
