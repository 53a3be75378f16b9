/**
 * Chromium for the browser tests, found the same way on every machine: `COSTLENS_CHROMIUM` when
 * set (then the only path tried), else Debian's `/usr/bin/chromium`, else a playwright-managed
 * Chromium. tests/global-setup.ts looks once per run and prints one line when the browser tests
 * are skipped; under `CI=true` a missing browser fails them instead.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
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

/** Chromium as CI runs it: headless, no sandbox, nothing that talks to the network; close() removes its profile. */
export async function launchChromium(options: LaunchOptions = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const lookup = inject('chromium');
  if (lookup.status !== 'found') throw new Error(lookup.message);
  const profile = mkdtempSync(join(tmpdir(), 'costlens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: lookup.path,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
