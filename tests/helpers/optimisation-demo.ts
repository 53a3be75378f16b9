/**
 * The Optimisation page on the demo organisation (tests/server/optimisation-findings.test.ts and
 * optimisation-page-filters.test.ts): the shared demo's CUR 2.0, metrics and inventory in a private
 * store with its truth config and an app on it as of DEMO_NOW (tests/server/page-helpers.ts demoApp),
 * the store opened once for the tests' own SQL, and how the tests read the page's worklist.
 */
import { afterAll, beforeAll } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { demoApp, tableRows } from '../server/page-helpers.ts';
import { storeReader, type StoreReader } from './read-only-sql-session.ts';

/** A finding row of the page: resource id, rule, account, region, owner, monthly cost, monthly saving. */
export interface FindingRow { id: string; rule: string; account: string; region: string; owner: string; cost: string; saving: string }

/**
 * The finding rows of the page (the worklist's columns: resource, monthly saving, action and evidence,
 * confidence, owner, account, rule, region, monthly cost) as resource id, rule, account, region, owner, monthly cost, monthly saving.
 */
export function findings(html: string): FindingRow[] {
  return tableRows(html, 'findings').map((r) => ({ id: r[0], rule: r[6].replace(/also .*/, '').trim(), account: r[5], region: r[7], owner: r[4], cost: r[8], saving: r[1] }));
}

/** The data-value of the span with this id. */
export const spanValue = (html: string, id: string): string | undefined => new RegExp(`<span id="${id}" data-value="([^"]*)"`).exec(html)?.[1];

/** The demo's store, its config, the app on them and a reader of the store, as a test file reads them. */
export interface OptimisationDemo {
  readonly db: string;
  readonly configPath: string;
  readonly app: CostlensApp;
  /** The store opened once for the statements the tests check the pages against (nothing writes to it). */
  readonly store: StoreReader;
}

/**
 * {@link OptimisationDemo} opened before the calling file's tests (then `ready` runs, e.g. the
 * commands whose output the tests compare with) and closed after them; its fields are read inside tests.
 */
export function optimisationDemoPerFile(ready: (demo: OptimisationDemo) => Promise<void> = async () => undefined): OptimisationDemo {
  let opened: OptimisationDemo | undefined;
  beforeAll(async () => {
    const { db, configPath, app } = await demoApp();
    opened = { db, configPath, app, store: storeReader(db) };
    await ready(opened);
  });
  afterAll(async () => {
    opened?.app.close();
    await opened?.store.close();
  });
  return {
    get db() { return opened!.db; },
    get configPath() { return opened!.configPath; },
    get app() { return opened!.app; },
    get store() { return opened!.store; },
  };
}
