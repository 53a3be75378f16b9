/**
 * Explore on the demo organisation (tests/server/explore-presets-compare.test.ts and
 * explore-filters-drilldown.test.ts): the app on the shared demo's cached store (CUR 2.0, metrics,
 * inventory; only read) with its truth config as of 15 Nov 2026, the store opened once for the
 * file's own SQL, and how it reads Explore's figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { appOn } from '../server/helpers.ts';
import { DEMO_NOW } from '../server/page-helpers.ts';
import { cachedDemoWithConfig } from './demo-config-store.ts';
import { storeReader, type StoreReader } from './read-only-sql-session.ts';
import { unitsOf } from '../report/helpers.ts';

/**
 * The app on the demo store as of DEMO_NOW with its truth config, a reader of the same store (nothing
 * writes to it), and `team`: SQL of a line's team as the config normalises it (truth.json's
 * spellings), or (untagged). The caller closes the app and the reader.
 */
export async function exploreOnDemo(demoDir: string): Promise<{ app: CostlensApp; store: StoreReader; team: string }> {
  const demo = await cachedDemoWithConfig(demoDir, ['cur2', 'metrics.csv', 'inventory.csv']);
  const app = appOn(demo.db, { clock: () => DEMO_NOW, config: demo.config });
  const store = storeReader(demo.db);
  const truth = JSON.parse(readFileSync(join(demoDir, 'truth.json'), 'utf8')) as { tagging: { teamAliases: Record<string, string[]>; teamTagKeys: string[] } };
  const keys = ['team', ...truth.tagging.teamTagKeys.filter((k) => k !== 'team')];
  const raw = `coalesce(${keys.map((k) => `nullif(trim(Tags['${k}']), '')`).join(', ')})`;
  const whens = Object.entries(truth.tagging.teamAliases).flatMap(([canonical, spellings]) => spellings.map((s) => `WHEN '${s.replaceAll("'", "''")}' THEN '${canonical}'`));
  const team = `CASE WHEN ${raw} IS NULL THEN '(untagged)' ELSE CASE ${raw} ${whens.join(' ')} ELSE lower(${raw}) END END`;
  return { app, store, team };
}

/** Explore on the demo as a test file reads it: the app, its store's reader, the team SQL, and a sum of the store's lines. */
export interface ExploreDemo {
  readonly app: CostlensApp;
  /** The store opened once for the file's SQL (nothing writes to it). */
  readonly store: StoreReader;
  /** SQL: a line's team as the config normalises it (truth.json's spellings), or (untagged). */
  readonly team: string;
  /** Rows of a read-only statement on the store. */
  sqlRows(sql: string): Promise<Record<string, string | null>[]>;
  /** The exact sum of `cost` (BilledCost by default) over the lines `where` holds, as DuckDB's text. */
  sum(where: string, cost?: string): Promise<string | null>;
}

/**
 * {@link exploreOnDemo} opened before the calling file's tests (on the shared demo, `inject('demoDir')`)
 * and closed after them; its fields are read inside tests.
 */
export function exploreDemoPerFile(): ExploreDemo {
  let opened: { app: CostlensApp; store: StoreReader; team: string } | undefined;
  beforeAll(async () => {
    opened = await exploreOnDemo(inject('demoDir'));
  });
  afterAll(async () => {
    opened?.app.close();
    await opened?.store.close();
  });
  const sqlRows = (sql: string) => opened!.store.rows(sql);
  return {
    get app() { return opened!.app; },
    get store() { return opened!.store; },
    get team() { return opened!.team; },
    sqlRows,
    sum: async (where, cost = 'BilledCost') => (await sqlRows(`SELECT CAST(sum(${cost}) AS VARCHAR) AS c FROM line_items WHERE ${where}`))[0].c,
  };
}

/** Exact units of 1e-10 of a decimal text (null: 0): tests/report/helpers.ts's unitsOf. */
export function units(text: string | null | undefined): bigint {
  return unitsOf(text ?? null);
}

/** SQL: the lines charged from `start` to `end` (exclusive). */
export const days = (start: string, end: string): string => `ChargePeriodStart >= TIMESTAMP '${start}' AND ChargePeriodStart < TIMESTAMP '${end}'`;
/** The attribute `name` of the element with id `id`. */
export const attr = (html: string, id: string, name: string): string | undefined => new RegExp(`id="${id}"[^>]*\\b${name}="([^"]*)"|\\b${name}="([^"]*)"[^>]*id="${id}"`).exec(html)?.slice(1).find(Boolean);
/** Explore's total, as exact decimal text. */
export const total = (html: string): string | undefined => /id="explore-total" data-value="([^"]*)"/.exec(html)?.[1];
/** The drill-down links of a page: each one's href (entities read) and text. */
export const links = (html: string): { href: string; text: string }[] => [...html.matchAll(/<a class="drill" href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => ({ href: m[1].replaceAll('&amp;', '&'), text: m[2] }));
