/**
 * Chromium for the browser tests, found the same way on every machine: `COSTLENS_CHROMIUM` when
 * set (then the only path tried), else Debian's `/usr/bin/chromium`, else a playwright-managed
 * Chromium. tests/global-setup.ts looks once per run and prints one line when the browser tests
 * are skipped; under `CI=true` a missing browser fails them instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { beforeAll, describe, inject } from 'vitest';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** What the lookup found: a browser to launch, a reason to skip the browser tests, or a reason to fail them. */
export type ChromiumLookup =
  | { status: 'found'; path: string }
  | { status: 'skip'; message: string }
  | { status: 'fail'; message: string };

/** Where the lookup looks; tests pass fakes. */
export interface ChromiumPlaces {
  exists(path: string): boolean;
  /** The executable of playwright's own Chromium, whether or not it was downloaded. */
  playwrightPath(): string | undefined;
}

const REAL_PLACES: ChromiumPlaces = {
  exists: existsSync,
  playwrightPath: () => {
    try {
      return chromium.executablePath();
    } catch {
      return undefined;
    }
  },
};

const ENABLE = 'install it (`apt-get install -y chromium`) or set COSTLENS_CHROMIUM=/path/to/chromium';

/** Finds the Chromium the browser tests drive, by the rule in this module's comment. */
export function findChromium(env: NodeJS.ProcessEnv, places: ChromiumPlaces = REAL_PLACES): ChromiumLookup {
  const chosen = env.COSTLENS_CHROMIUM;
  if (chosen) {
    return places.exists(chosen)
      ? { status: 'found', path: chosen }
      : { status: 'fail', message: `COSTLENS_CHROMIUM=${chosen}: no such file; point it at a Chromium executable, or unset it to use ${SYSTEM_CHROMIUM}` };
  }
  const candidates = [SYSTEM_CHROMIUM, places.playwrightPath()].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => places.exists(path));
  if (found) return { status: 'found', path: found };
  const tried = candidates.join(', ');
  if (env.CI === 'true') return { status: 'fail', message: `CI=true and no Chromium for the browser tests (tried ${tried}): ${ENABLE}` };
  return { status: 'skip', message: `BROWSER TESTS SKIPPED: no Chromium found (tried ${tried}); to run them, ${ENABLE}` };
}

/**
 * `describe` for a suite that drives Chromium: skipped when this run has no browser (global setup
 * said so once), failing first thing with the reason when the browser is required but missing.
 */
export function describeWithChromium(name: string, body: () => void): void {
  const lookup = inject('chromium');
  if (lookup.status === 'skip') {
    describe.skip(name, body);
    return;
  }
  describe(name, () => {
    beforeAll(() => {
      if (lookup.status === 'fail') throw new Error(lookup.message);
    });
    body();
  });
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** This process's Chromium, launched by the first file that asks (vitest runs file after file in one process). */
let shared: Promise<Browser> | undefined;

function sharedChromium(path: string): Promise<Browser> {
  shared ??= chromium.launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS }).then((browser) => {
    browser.on('disconnected', () => {
      shared = undefined;
    });
    return browser;
  }, (error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/**
 * Chromium as CI runs it (headless, no sandbox, nothing that talks to the network): a fresh context
 * (its own cookies, storage and cache) of the one Chromium this test process shares across files,
 * launched on first use. close() closes the context; playwright ends the browser, and removes its
 * profile, when the process exits.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const lookup = inject('chromium');
  if (lookup.status !== 'found') throw new Error(lookup.message);
  const browser = await sharedChromium(lookup.path);
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  return { context, close: () => context.close() };
}

const AXE = resolve(__dirname, '../../node_modules/axe-core/axe.min.js');
let axeSource: string | undefined;

/**
 * axe-core's violations on the page, one line each (rule, help, first targets). axe is injected
 * through the DevTools protocol, so the page's CSP stays on; it reports violations only (the
 * passes it would otherwise list in full are not needed, and on a large page cost seconds).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(AXE, 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
}

/** Whether the browser tests write their screenshots: `COSTLENS_TEST_SCREENSHOTS=1`. */
const SCREENSHOTS_WANTED = process.env.COSTLENS_TEST_SCREENSHOTS === '1';

/**
 * Writes a screenshot of the page or element (playwright's options) when SCREENSHOTS_WANTED, for
 * a person to look at; nothing asserts on them. Capturing a whole page costs more than checking
 * it (a third of the responsive test's CPU), so a plain `npm test` takes none.
 */
export async function saveScreenshot(target: Pick<Page, 'screenshot'>, options: { path: string; fullPage?: boolean }): Promise<void> {
  if (SCREENSHOTS_WANTED) await target.screenshot(options);
}
