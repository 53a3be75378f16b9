import type { TestProject } from 'vitest/node';
import { findChromium, type ChromiumLookup } from './helpers/browser.ts';
import { cachedDemo } from './helpers/cached-demo.ts';
import { removeUnusedCaches } from './helpers/test-caches.ts';

/** The demo every test shares: fixed seed and date, so its truth.json is stable. */
export const TEST_DEMO_OPTIONS = { seed: 42, months: 3, scale: 1, asOf: '2026-11-15' } as const;

/**
 * Removes the test caches no run has used for two hours (helpers/test-caches.ts), generates the shared
 * demo once (cached in the temp folder by the generator's source; see helpers/cached-demo.ts) for
 * `inject('demoDir')`, and looks for Chromium once for the browser tests.
 */
export default async function setup(project: TestProject) {
  removeUnusedCaches();
  const dir = await cachedDemo(TEST_DEMO_OPTIONS);
  project.provide('demoDir', dir);
  const chromium = findChromium(process.env);
  if (chromium.status !== 'found') process.stderr.write(`\n*** ${chromium.message} ***\n\n`);
  project.provide('chromium', chromium);
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoDir: string;
    /** The Chromium the browser tests drive, or why they are skipped or fail (tests/helpers/browser.ts). */
    chromium: ChromiumLookup;
  }
}
