import { afterAll, beforeAll, expect } from 'vitest';
import { createApp, type AppDeps, type CostlensApp } from '../../src/server/app.ts';
import { storeCopy } from '../helpers/cached-stores.ts';
import { storeReader, type StoreReader } from '../helpers/read-only-sql-session.ts';
import { realFilesStore } from '../helpers/real-2018-store.ts';

/** The day the server tests pretend it is: mid-November 2018, inside the real files' data. */
export const TODAY = '2018-11-15';
export const CLOCK = () => new Date(`${TODAY}T12:00:00Z`);

/** A private store with the given files ingested through the CLI, one `costlens ingest` each (built once, then copied). */
export function ingestedStore(...files: string[]): Promise<{ dir: string; db: string }> {
  return storeCopy(files.map((file) => [file]));
}

/** The app on a store, with the test clock. */
export function appOn(db: string, deps: Partial<AppDeps> = {}): CostlensApp {
  return createApp({ storePath: db, clock: CLOCK, log: () => undefined, ...deps });
}

/** GET as a browser asks for a page. */
export function page(app: CostlensApp, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(app.request(path, { headers: { accept: 'text/html', ...headers } }));
}

/** The security headers every response must carry. */
export function expectSecurityHeaders(response: Response): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp.split('; ')).toEqual(expect.arrayContaining([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]));
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

/** Rows of a JSON API body as objects of text cells. */
export async function apiRows(response: Response): Promise<Record<string, string | null>[]> {
  expect(response.status).toBe(200);
  return (await response.json()).rows;
}

/** The dashboards' navigation of a page: each link's href, label and whether it marks the current page; and whether a greyed slot is left. */
export function navigationOf(html: string): { links: [string, string, boolean][]; hasSlot: boolean } {
  const nav = /<nav aria-label="Dashboards">([^]*?)<\/nav>/.exec(html)![1];
  return {
    links: [...nav.matchAll(/<a href="([^"]*)"( aria-current="page")?>([^<]*)<\/a>/g)].map((m) => [m[1], m[3], Boolean(m[2])]),
    hasSlot: nav.includes('nav-slot'),
  };
}

/** The dashboards every page links, in order, with `current` marked as the page shown. */
export function dashboardLinks(current: string): [string, string, boolean][] {
  return [['/', 'Overview'], ['/explore', 'Explore'], ['/attribution', 'Attribution'], ['/optimisation', 'Optimisation'],
    ['/commitments', 'Commitments'], ['/storage', 'Storage'], ['/data-transfer', 'Data transfer'], ['/kpi', 'KPIs']]
    .map(([href, label]) => [href, label, href === current]);
}

/**
 * An app on a store, opened before the calling describe's tests and closed after them (`db` and `app`
 * are read inside tests): `openStore` gives the store's path, e.g. a cached store the file only reads.
 */
export function appPerDescribe(openStore: () => Promise<string>, timeout?: number): { readonly db: string; readonly app: CostlensApp } {
  const opened = {} as { db: string; app: CostlensApp };
  beforeAll(async () => {
    opened.db = await openStore();
    opened.app = appOn(opened.db);
  }, timeout);
  afterAll(() => opened.app?.close());
  return { get db() { return opened.db; }, get app() { return opened.app; } };
}

/**
 * appPerDescribe on the real October and November 2018 files' cached store (realFilesStore, only read),
 * with `sqlRows` running the file's own SQL on one read-only session opened beside it.
 */
export function realFilesApp(): { readonly db: string; readonly app: CostlensApp; sqlRows(sql: string): Promise<Record<string, string | null>[]> } {
  const opened = appPerDescribe(realFilesStore);
  let store: StoreReader | undefined;
  beforeAll(() => {
    store = storeReader(opened.db);
  });
  afterAll(async () => {
    await store?.close();
  });
  return { get db() { return opened.db; }, get app() { return opened.app; }, sqlRows: (sql) => store!.rows(sql) };
}
