/**
 * Issue #16, item 9: the server's edges. Each case is the exact input the issue reports.
 */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { REAL_LEGACY_CSV } from '../helpers/cli.ts';
import { appOn, ingestedStore } from './helpers.ts';

const TOKEN = 'e3b1c2d4f5a6978812345678abcdefab';

/** A raw HTTP/1.1 GET over loopback with exactly the Host header given (fetch would refuse it). */
function rawGet(url: string, path: string, host: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += String(chunk)));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A form post as a browser on this site sends it. */
function post(form: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  };
}

/** Runs the CLI in this process with a given environment. */
async function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (chunk, _e, done) => (into.push(String(chunk)), done()) });
  const code = await main(args, { stdout: sink(out), stderr: sink(err), env, cwd: process.cwd() });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

let db: string;
beforeAll(async () => {
  ({ db } = await ingestedStore(REAL_LEGACY_CSV));
});

describe('a Host header that is not a host name', () => {
  const logs: string[] = [];
  let open: RunningServer;
  let guarded: RunningServer;
  beforeAll(async () => {
    open = await startServer({ storePath: db, port: 0, log: (line) => logs.push(line) });
    guarded = await startServer({ storePath: db, port: 0, host: '127.0.0.1', token: TOKEN, log: (line) => logs.push(line) });
  });
  afterAll(async () => {
    await open.close();
    await guarded.close();
  });

  it('`Host: 127.0.0.999` gets 400 with a JSON message and no stack, on every path, with or without a token', async () => {
    for (const server of [open, guarded]) {
      for (const path of ['/healthz', '/', '/api/queries', '/login', '/nothing']) {
        for (const accept of ['application/json', 'text/html']) {
          const response = await rawGet(server.url, path, '127.0.0.999', { accept });
          expect(response.status, path).toBe(400);
          expect(JSON.parse(response.body)).toEqual({ error: { code: 'usage', message: 'bad request: the Host header is not a valid host name' } });
          expect(response.body).not.toMatch(/\bat |Error:|\.ts:\d/);
          expect(response.headers['x-content-type-options']).toBe('nosniff');
        }
      }
    }
    expect(logs).toEqual([]);
  });

  it('a loopback server still answers 421 to a real host name that is not its own (DNS rebinding)', async () => {
    const response = await rawGet(open.url, '/api/queries', 'evil.example');
    expect(response.status).toBe(421);
  });
});

describe('the login redirect: next', () => {
  let app: CostlensApp;
  beforeAll(() => {
    app = appOn(db, { host: '0.0.0.0', token: TOKEN });
  });
  afterAll(() => app.close());

  it('`/login?next=` with CR/LF is a 400, not a 500, and sets no header from it', async () => {
    for (const next of ['%0d%0aSet-Cookie:%20x=1', '%0D%0A', '/explore%0d%0aX-Injected:%201']) {
      const response = await app.request(`/login?next=${next}`, { headers: { accept: 'text/html' } });
      expect(response.status, next).toBe(400);
      expect(response.headers.get('x-injected')).toBeNull();
      expect(await response.text()).toContain('next must be a path on this server');
    }
    const posted = await app.request('/login', post({ token: TOKEN, next: '/\r\nX-Injected: 1' }));
    expect(posted.status).toBe(400);
    expect(posted.headers.get('set-cookie')).toBeNull();
  });

  it('accepts only a same-origin path: `/%09/evil.com`, `//x`, `/\\x` and schemes are refused', async () => {
    for (const next of ['/%09/evil.com', '//x', '/%5Cx', '/\\x', 'https://evil.com/', 'javascript:alert(1)', 'evil.com', '/%20/evil.com', '%2F%2Fevil.com']) {
      const form = await app.request(`/login?next=${next}`);
      expect(form.status, next).toBe(400);
      expect((await form.json()).error.message).toBe('next must be a path on this server: one leading /, no blanks, control characters or backslashes');
    }
    for (const next of ['/\t/evil.com', '//evil.com', '/\\evil.com', 'javascript:alert(1)']) {
      const login = await app.request('/login', post({ token: TOKEN, next }));
      expect(login.status, next).toBe(400);
      expect(login.headers.get('location')).toBeNull();
    }
    const good = await app.request('/login', post({ token: TOKEN, next: '/explore?dimension=region&tag_key=team' }));
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/explore?dimension=region&tag_key=team');
  });
});

describe('the token off loopback', () => {
  it('`COSTLENS_TOKEN=a` on 0.0.0.0 is refused at start with a clear error; 16 characters are accepted', async () => {
    const env = { ...process.env, COSTLENS_DB: db, COSTLENS_TOKEN: 'a' };
    const run = await cli(env, 'serve', '--host', '0.0.0.0', '--port', '0');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'costlens: refusing to serve on 0.0.0.0 with a COSTLENS_TOKEN of 1 character: off loopback it must have at least 16\n' +
        '  hint: set COSTLENS_TOKEN to a long random secret (e.g. `openssl rand -hex 32`), or keep the default --host 127.0.0.1\n',
    );
    expect(() => appOn(db, { host: '0.0.0.0', token: 'x'.repeat(15) })).toThrow('with a COSTLENS_TOKEN of 15 characters');
    appOn(db, { host: '0.0.0.0', token: 'x'.repeat(16) }).close();
    appOn(db, { host: '127.0.0.1', token: 'a' }).close();
  });
});

describe('wrong tokens are throttled per client, one log line per burst', () => {
  let now = 1_000_000;
  const logs: string[] = [];
  let app: CostlensApp;
  beforeAll(() => {
    app = appOn(db, { host: '0.0.0.0', token: TOKEN, log: (line) => logs.push(line), authLimit: { maxFailures: 10, windowMs: 60_000, now: () => now } });
  });
  afterAll(() => app.close());
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('ten wrong bearer tokens get 401; then every token, even the right one, gets 429 with Retry-After until the minute has passed', async () => {
    const login = await app.request('/login', post({ token: TOKEN }));
    const session = login.headers.get('set-cookie')!.split(';')[0];
    for (let i = 0; i < 10; i++) {
      const wrong = await app.request('/api/queries', bearer(`guess-${i}`));
      expect(wrong.status).toBe(401);
      now += 100;
    }
    expect(logs).toEqual(['costlens serve: local: 10 failed authentications in 0.9 s; refusing its tokens and logins for 60 s']);
    for (const token of ['guess-10', TOKEN]) {
      const refused = await app.request('/api/queries', bearer(token));
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect((await refused.json()).error.message).toBe('too many wrong tokens from this client; try again in 60 s');
    }
    const form = await app.request('/login', post({ token: TOKEN }));
    expect(form.status).toBe(429);
    expect(form.headers.get('set-cookie')).toBeNull();
    expect((await app.request('/api/queries', { headers: { cookie: session } })).status).toBe(200);
    expect(logs).toHaveLength(1);
    now += 60_000;
    expect((await app.request('/api/queries', bearer(TOKEN))).status).toBe(200);
  });

  it('wrong logins count too, per client address (a real socket: 127.0.0.1)', async () => {
    const lines: string[] = [];
    const server = await startServer({ storePath: db, port: 0, token: TOKEN, log: (line) => lines.push(line), authLimit: { maxFailures: 3, windowMs: 60_000 } });
    try {
      const origin = new URL(server.url).origin;
      const attempt = () => fetch(`${server.url}/login`, { ...post({ token: 'guess' }, { origin }), redirect: 'manual' });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      expect((await attempt()).status).toBe(429);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^costlens serve: (::ffff:)?127\.0\.0\.1: 3 failed authentications in \d+\.\d s; refusing its tokens and logins for 60 s$/);
    } finally {
      await server.close();
    }
  });
});

describe('the session cookie', () => {
  it('is Secure when the request came over TLS, and behind a proxy only when the proxy is trusted', async () => {
    const plain = appOn(db, { host: '0.0.0.0', token: TOKEN });
    const proxied = appOn(db, { host: '0.0.0.0', token: TOKEN, trustProxy: true });
    try {
      const https = await plain.request('https://costlens.example/login', post({ token: TOKEN }, { origin: 'https://costlens.example' }));
      expect(https.headers.get('set-cookie')).toMatch(/; HttpOnly; Secure; SameSite=Strict$/);
      const forged = await plain.request('/login', post({ token: TOKEN }, { 'x-forwarded-proto': 'https' }));
      expect(forged.status).toBe(303);
      expect(forged.headers.get('set-cookie')).not.toContain('Secure');
      const behindProxy = await proxied.request('http://costlens.example/login', post({ token: TOKEN }, { origin: 'https://costlens.example', 'x-forwarded-proto': 'https' }));
      expect(behindProxy.status).toBe(303);
      expect(behindProxy.headers.get('set-cookie')).toMatch(/; HttpOnly; Secure; SameSite=Strict$/);
      const proxiedPlain = await proxied.request('/login', post({ token: TOKEN }, { 'x-forwarded-proto': 'http' }));
      expect(proxiedPlain.headers.get('set-cookie')).not.toContain('Secure');
    } finally {
      await plain.close();
      await proxied.close();
    }
  });

  it('is a random value per login, kept by the server and revoked by logout', async () => {
    const app = appOn(db, { host: '0.0.0.0', token: TOKEN });
    try {
      const login = async () => (await app.request('/login', post({ token: TOKEN }))).headers.get('set-cookie')!.split(';')[0];
      const first = await login();
      const second = await login();
      expect(first).not.toBe(second);
      for (const cookie of [first, second]) expect((await app.request('/api/queries', { headers: { cookie } })).status).toBe(200);
      const logout = await app.request('/logout', post({}, { cookie: first }));
      expect(logout.status).toBe(303);
      expect((await app.request('/api/queries', { headers: { cookie: first } })).status).toBe(401);
      expect((await app.request('/api/queries', { headers: { cookie: second } })).status).toBe(200);
      const otherServer = appOn(db, { host: '0.0.0.0', token: TOKEN });
      expect((await otherServer.request('/api/queries', { headers: { cookie: second } })).status).toBe(401);
      await otherServer.close();
    } finally {
      await app.close();
    }
  });
});
