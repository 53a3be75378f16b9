import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { packagePath } from '../lib/package-root.ts';

const require = createRequire(import.meta.url);
const ASSETS_DIR = packagePath('src/server/assets');

/** A file served from memory, with its gzip form and a content hash for ETag. */
interface Asset {
  body: Uint8Array;
  gzip: Uint8Array;
  etag: string;
  type: string;
  cacheControl: string;
}

/** The browser's chart libraries, served from node_modules (no CDN: the dashboards work offline). */
export const VENDOR_FILES: Record<string, () => string> = {
  'vega.js': () => join(dirname(require.resolve('vega')), 'vega.min.js'),
  'vega-lite.js': () => join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js'),
  'vega-embed.js': () => join(dirname(require.resolve('vega-embed')), 'vega-embed.min.js'),
};

/** The dashboards' own scripts and stylesheet (src/server/assets): app.js is a module, importing chart-summary.js and tables.js. */
export const ASSET_FILES: Record<string, string> = {
  'app.js': join(ASSETS_DIR, 'app.js'),
  'chart-summary.js': join(ASSETS_DIR, 'chart-summary.js'),
  'tables.js': join(ASSETS_DIR, 'tables.js'),
  'filters.js': join(ASSETS_DIR, 'filters.js'),
  'app.css': join(ASSETS_DIR, 'app.css'),
  'favicon.svg': join(ASSETS_DIR, 'favicon.svg'),
};

function load(path: string, cacheControl: string): Asset {
  const body = readFileSync(path);
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 20)}"`,
    type: path.endsWith('.css') ? 'text/css; charset=utf-8' : path.endsWith('.svg') ? 'image/svg+xml' : 'text/javascript; charset=utf-8',
    cacheControl,
  };
}

/**
 * GET /vendor/{vega,vega-lite,vega-embed}.js and /assets/{app.js,chart-summary.js,tables.js,filters.js,app.css,favicon.svg}: read once, kept in
 * memory with a gzip copy, answered with ETag / 304 and Cache-Control.
 */
export function staticRoutes(): Hono {
  const app = new Hono();
  const loaded = new Map<string, Asset>();
  const serve = (key: string, resolvePath: () => string, cacheControl: string) => (c: import('hono').Context) => {
    let asset = loaded.get(key);
    if (!asset) {
      asset = load(resolvePath(), cacheControl);
      loaded.set(key, asset);
    }
    c.header('ETag', asset.etag);
    c.header('Cache-Control', asset.cacheControl);
    c.header('Vary', 'Accept-Encoding');
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    c.header('Content-Type', asset.type);
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip');
      return c.body(asset.gzip as Uint8Array<ArrayBuffer>);
    }
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  };
  for (const [file, path] of Object.entries(VENDOR_FILES)) app.get(`/vendor/${file}`, serve(`vendor/${file}`, path, 'public, max-age=86400'));
  for (const [file, path] of Object.entries(ASSET_FILES)) app.get(`/assets/${file}`, serve(`assets/${file}`, () => path, 'no-cache'));
  return app;
}
