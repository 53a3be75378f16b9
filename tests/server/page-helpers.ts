/**
 * Helpers for the Attribution, Optimisation and resource page tests: the shared demo ingested
 * with a config written from its truth.json, CSV parsing, and Chromium driven by playwright-core.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { loadConfig, type CostlensConfig } from '../../src/config.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { startServer, type RunningServer } from '../../src/server/listen.ts';
import { launchChromium as launch } from '../helpers/browser.ts';
import { demoStoreCopy } from '../helpers/cached-stores.ts';
import { keepScratchDir } from '../helpers/scratch-dirs.ts';
import { costlens } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import { appOn } from './helpers.ts';

/** The shared demo (tests/global-setup.ts) is generated as of 2026-11-15. */
export const DEMO_NOW = new Date('2026-11-15T09:00:00Z');

export const ARTIFACTS = resolve(__dirname, '../artifacts');

interface DemoTruth {
  tagging: { teamTagKeys: string[]; teamAliases: Record<string, string[]>; costCenterTagKeys: string[] };
}

/** The YAML a FinOps analyst would write from the demo's tagging notes, with tax and support shared. */
export function demoConfigYaml(demoDir: string): string {
  const truth: DemoTruth = JSON.parse(readFileSync(join(demoDir, 'truth.json'), 'utf8'));
  const aliases = truth.tagging.teamTagKeys.filter((k) => k !== 'team');
  const values = Object.entries(truth.tagging.teamAliases)
    .map(([team, spellings]) => `        ${JSON.stringify(team)}: [${spellings.map((s) => JSON.stringify(s)).join(', ')}]`);
  return [
    'attribution:',
    '  tags:',
    '    team:',
    `      aliases: [${aliases.map((a) => JSON.stringify(a)).join(', ')}]`,
    '      values:',
    ...values,
    '    cost_center:',
    `      aliases: [${truth.tagging.costCenterTagKeys.map((a) => JSON.stringify(a)).join(', ')}]`,
    '  sharedCosts:',
    '    - name: tax',
    '      match: { chargeCategory: [Tax] }',
    '    - name: support',
    '      match: { productCode: [AWSSupportBusiness] }',
    '      split: even',
    '',
  ].join('\n');
}

/** A private store with the demo's files ingested in one `costlens ingest` (built once, then copied), and its config file (also parsed, for createApp). */
export async function demoStore(demoDir: string, files: string[]): Promise<{ dir: string; db: string; configPath: string; config: CostlensConfig }> {
  const store = await demoStoreCopy(demoDir, files);
  const configPath = join(store.dir, 'costlens.config.yaml');
  writeFileSync(configPath, demoConfigYaml(demoDir));
  return { ...store, configPath, config: loadConfig(configPath, {}, store.dir) };
}

/** The shared demo's CUR 2.0 export, metrics and inventory: what the pages read. */
const DEMO_PAGE_FILES = ['cur2', 'metrics.csv', 'inventory.csv'] as const;

/**
 * The shared demo's CUR 2.0 export, metrics and inventory in a private store with its truth config
 * ({@link demoStore}), and an app on it as of DEMO_NOW; the caller closes the app.
 */
export async function demoApp(): Promise<{ db: string; configPath: string; config: CostlensConfig; app: CostlensApp }> {
  const { db, configPath, config } = await demoStore(inject('demoDir'), [...DEMO_PAGE_FILES]);
  return { db, configPath, config, app: appOn(db, { clock: () => DEMO_NOW, config }) };
}

/** Runs the CLI and returns its stdout, failing the test on a non-zero exit. */
export async function cli(db: string, ...args: string[]): Promise<string> {
  const run = await costlens(db, ...args);
  expect(run.code, `costlens ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

/** Parses RFC 4180 CSV (as the CLI prints it) into rows of fields. */
export const parseCsv = parseCsvRecords;

/** The `data-value` of the `.figure` inside the element with this id. */
export function figure(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"[^]*?class="figure[^"]*" data-value="([^"]*)"`).exec(html)?.[1];
}

/** The inner HTML of the table with this id. */
export function tableHtml(html: string, id: string): string {
  const found = new RegExp(`<table[^>]*id="${id}"[^>]*>([^]*?)</table>`).exec(html);
  expect(found, `table #${id}`).not.toBeNull();
  return found![1];
}

/** The body rows of a table: each cell's data-value when it has one, else its text. */
export function tableRows(html: string, id: string): string[][] {
  const body = /<tbody>([^]*?)<\/tbody>/.exec(tableHtml(html, id))![1];
  return [...body.matchAll(/<tr[^>]*>([^]*?)<\/tr>/g)].map((tr) =>
    [...tr[1].matchAll(/<td([^>]*)>([^]*?)<\/td>/g)].map(([, attrs, inner]) => {
      const value = /data-value="([^"]*)"/.exec(attrs);
      return unescape(value ? value[1] : inner.replace(/<[^>]*>/g, '').trim());
    }));
}

/** An HTML fragment's text: tags as spaces, the entities the pages write decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

function unescape(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

/** Chromium as the page tests drive it (tests/helpers/browser.ts), with the artifacts folder ready for screenshots. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return launch();
}

/**
 * A page that records console errors and warnings, uncaught exceptions, failed requests and HTTP
 * errors (aside from the tab icon's fetch when a navigation aborts it: a browser context asks for
 * the icon again on each page).
 */
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // The browser's own revalidation of the tab icon (no-cache), cut short when the test navigates on, is not the page's.
    if (new URL(request.url()).pathname === '/assets/favicon.svg' && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, problems };
}

/** Marks a drawn chart holds: bars (rect), points (symbol) and lines, per chart; -1 for a chart that failed. */
export interface ChartMarks {
  bars: number;
  points: number;
  lines: number;
}

/** Waits until every chart of the page is drawn (or failed), and counts each chart's marks. */
export async function chartMarks(page: Page): Promise<Record<string, ChartMarks | null>> {
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-chart]')].every((e) => ['drawn', 'error', 'empty'].includes(e.getAttribute('data-state') ?? '')),
    null,
    { timeout: 60_000 },
  );
  return page.$$eval('[data-chart]', (elements) =>
    Object.fromEntries(elements.map((e) => [
      e.getAttribute('data-chart'),
      e.getAttribute('data-state') === 'drawn'
        ? { bars: e.querySelectorAll('svg .mark-rect.role-mark path').length, points: e.querySelectorAll('svg .mark-symbol.role-mark path').length, lines: e.querySelectorAll('svg .mark-line.role-mark path').length }
        : null,
    ])),
  );
}

/** Runs an action that navigates, and waits for the URL to show `urlPart`. */
export async function navigated(page: Page, action: () => Promise<unknown>, urlPart: string): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.search.includes(urlPart), { timeout: 30_000 }), action()]);
}

/** Opens the page's filter panel when it is folded (app.js folds it under 480 px). */
export async function openFilters(page: Page): Promise<void> {
  const panel = page.locator('form.filters details.filter-panel');
  if ((await panel.count()) > 0 && !(await panel.evaluate((details) => (details as HTMLDetailsElement).open))) await page.click('form.filters summary');
}

/**
 * Changes the filters with `change` (the panel opened first), then presses Apply, the only way a
 * filter form is sent, and waits for the URL to show `urlPart`.
 */
export async function applyFilters(page: Page, change: () => Promise<unknown>, urlPart: string): Promise<void> {
  await openFilters(page);
  await change();
  await navigated(page, () => page.click('form.filters button[type="submit"]'), urlPart);
}

/** The shared demo's store, its config, and a server reading it as of DEMO_NOW. */
export interface ServedDemo {
  db: string;
  configPath: string;
  config: CostlensConfig;
  server: RunningServer;
}

const servedDemos = new Map<string, Promise<ServedDemo>>();

/**
 * The shared demo with `files` ingested (a private copy, with its truth config) served on loopback
 * as of DEMO_NOW: started by the first file of this test process to ask and kept for the next, so
 * the server's result cache is warm when they load the same pages; the copy is removed when the
 * process ends. Tests only read through it: a test that writes to the store, or needs another clock,
 * config or token, starts its own server.
 */
export function servedDemo(files: readonly string[] = DEMO_PAGE_FILES): Promise<ServedDemo> {
  const key = files.join('\u0000');
  let served = servedDemos.get(key);
  if (!served) {
    served = (async () => {
      const store = await demoStore(inject('demoDir'), [...files]);
      keepScratchDir(store.dir);
      // vitest ends a worker with SIGTERM (then SIGKILL), which skips 'exit': remove the copy on
      // either; on SIGTERM, then end as the signal would have (a listener replaces that default).
      const remove = () => rmSync(store.dir, { recursive: true, force: true });
      process.once('exit', remove);
      process.once('SIGTERM', () => {
        remove();
        if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
      });
      const server = await startServer({ storePath: store.db, host: '127.0.0.1', port: 0, clock: () => DEMO_NOW, config: store.config });
      return { db: store.db, configPath: store.configPath, config: store.config, server };
    })();
    served.catch(() => servedDemos.delete(key));
    servedDemos.set(key, served);
  }
  return served;
}

/**
 * The shared demo (CUR 2.0, metrics, inventory, its truth config) served on loopback as of
 * DEMO_NOW ({@link servedDemo}), and a Chromium context to read it: ready before the suite that
 * calls this, the context closed after.
 */
export function demoServedInChromium(): { server: RunningServer; browser: { context: BrowserContext; close: () => Promise<void> } } {
  const served = {} as ReturnType<typeof demoServedInChromium>;
  beforeAll(async () => {
    served.server = (await servedDemo()).server;
    served.browser = await launchChromium();
  });
  afterAll(async () => {
    await served.browser?.close();
  });
  return served;
}
