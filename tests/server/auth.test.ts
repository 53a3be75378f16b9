import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { CostlensError } from '../../src/errors.ts';
import { REAL_LEGACY_CSV, costlens } from '../helpers/cli.ts';
import { appOn, expectSecurityHeaders, ingestedStore } from './helpers.ts';

const TOKEN = 'e3b1c2d4f5a6978812345678abcdefab';

/** A form post as a browser on this site sends it (browsers always send Origin on POST). */
function post(form: Record<string, string> = {}, origin = 'http://localhost'): RequestInit {
  return { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() };
}

describe('binding and tokens', () => {
  let db: string;
  beforeAll(async () => {
    ({ db } = await ingestedStore(REAL_LEGACY_CSV));
  });

  it('refuses to build a server for a non-loopback address without COSTLENS_TOKEN', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      expect(() => appOn(db, { host })).toThrow(CostlensError);
      expect(() => appOn(db, { host })).toThrow(`refusing to serve on ${host} without COSTLENS_TOKEN: anyone who can reach it could read the store`);
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) appOn(db, { host }).close();
  });

  it('`costlens serve --host 0.0.0.0` without a token exits 2 with the reason and a hint, before listening', async () => {
    const run = await costlens(db, 'serve', '--host', '0.0.0.0', '--port', '0');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'costlens: refusing to serve on 0.0.0.0 without COSTLENS_TOKEN: anyone who can reach it could read the store\n' +
        '  hint: set COSTLENS_TOKEN to a long random secret (e.g. `openssl rand -hex 32`), or keep the default --host 127.0.0.1\n',
    );
  });

  describe('with a token (bound to 0.0.0.0)', () => {
    let app: CostlensApp;
    beforeAll(() => {
      app = appOn(db, { host: '0.0.0.0', token: TOKEN });
    });
    afterAll(() => app.close());

    it('the API needs the token: 401 with WWW-Authenticate without it or with a wrong one, 200 with the bearer token', async () => {
      const none = await app.request('/api/queries');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="costlens"');
      expect((await none.json()).error.message).toMatch(/needs its token/);
      expectSecurityHeaders(none);
      const wrong = await app.request('/api/queries', { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` } });
      expect(wrong.status).toBe(401);
      const basic = await app.request('/api/queries', { headers: { authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` } });
      expect(basic.status).toBe(401);
      const right = await app.request('/api/queries/store/spend_by_service?period=2023-11', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(right.status).toBe(200);
      const rows = (await right.json()).rows;
      expect(rows.reduce((n: number, r: { rows: string }) => n + Number(r.rows), 0)).toBe(1281);
    });

    it('charts, vendor files and pages need it too; /healthz and /login do not', async () => {
      for (const path of ['/api/charts', '/charts/explore_totals.svg', '/vendor/vega.js', '/assets/app.js']) {
        expect((await app.request(path)).status, path).toBe(401);
      }
      expect((await app.request('/healthz')).status).toBe(200);
      expect((await app.request('/login')).status).toBe(200);
      expect((await app.request('/assets/app.css')).status).toBe(200);
    });

    it('a browser asking for a page without the cookie is sent to /login, keeping where it was going', async () => {
      const response = await app.request('/explore?dimension=region', { headers: { accept: 'text/html' } });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/login?next=%2Fexplore%3Fdimension%3Dregion');
      const form = await (await app.request('/login?next=%2Fexplore%3Fdimension%3Dregion')).text();
      expect(form).toContain('<input type="hidden" name="next" value="/explore?dimension=region">');
      expect(form).not.toContain('<script');
    });

    it('logging in once sets an HttpOnly SameSite=Strict cookie (a random session, not the token) that then opens every page', async () => {
      const wrong = await app.request('/login', post({ token: 'guess', next: '/' }));
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      expect(await wrong.text()).toContain('That is not the token this server was started with.');

      const login = await app.request('/login', post({ token: TOKEN, next: '/explore?dimension=region' }));
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/explore?dimension=region');
      const cookie = login.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^costlens_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Strict$/);
      expect(cookie).not.toContain(TOKEN);

      const session = cookie.split(';')[0];
      const api = await app.request('/api/queries', { headers: { cookie: session } });
      expect(api.status).toBe(200);
      const pageResponse = await app.request('/', { headers: { cookie: session, accept: 'text/html' } });
      expect(pageResponse.status).toBe(200);
      expect(await pageResponse.text()).toContain('<form class="logout" method="post" action="/logout">');
      const forged = await app.request('/api/queries', { headers: { cookie: `costlens_session=${'A'.repeat(43)}` } });
      expect(forged.status).toBe(401);
    });

    it('refuses cross-site login posts and redirects only within this site', async () => {
      const crossSite = await app.request('/login', post({ token: TOKEN }, 'https://attacker.example'));
      expect(crossSite.status).toBe(403);
      expect(crossSite.headers.get('set-cookie')).toBeNull();
      expectSecurityHeaders(crossSite);
      const noOrigin = await app.request('/login', { method: 'POST', body: new URLSearchParams({ token: TOKEN }) });
      expect(noOrigin.status).toBe(403);
      for (const next of ['//attacker.example/', 'https://attacker.example/', '/\\attacker.example']) {
        const login = await app.request('/login', post({ token: TOKEN, next }));
        expect(login.status, next).toBe(400);
        expect(login.headers.get('location'), next).toBeNull();
        expect(login.headers.get('set-cookie'), next).toBeNull();
      }
    });

    it('logging out clears the cookie', async () => {
      const response = await app.request('/logout', post());
      expect(response.status).toBe(303);
      expect(response.headers.get('set-cookie')).toBe('costlens_session=; Max-Age=0; Path=/');
    });

    it('answers any Host name (the token protects it), unlike a token-less loopback server', async () => {
      const response = await app.request('http://costlens.internal.example/api/queries', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
    });
  });

  it('a token on loopback is enforced as well', async () => {
    const app = appOn(db, { token: TOKEN });
    try {
      expect((await app.request('/api/queries')).status).toBe(401);
      expect((await app.request('/api/queries', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
