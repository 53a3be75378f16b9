import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { generateDemo } from '../src/demo/index.ts';
import { findChromium, type ChromiumLookup } from './helpers/browser.ts';

/** The demo every test shares: fixed seed and date, so its truth.json is stable. */
export const TEST_DEMO_OPTIONS = { seed: 42, months: 3, scale: 1, asOf: '2026-11-15' } as const;

function demoSourceHash(): string {
  const hash = createHash('sha256').update(JSON.stringify(TEST_DEMO_OPTIONS));
  for (const dir of ['src/demo', 'src/formats']) {
    const folder = resolve(__dirname, '..', dir);
    for (const name of readdirSync(folder).sort()) hash.update(name).update(readFileSync(join(folder, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Generates the shared demo once (cached in the temp folder by the generator's source, written
 * aside and renamed into place so concurrent runs never see half a demo), for `inject('demoDir')`.
 */
export default async function setup(project: TestProject) {
  const dir = join(tmpdir(), `costlens-test-demo-${demoSourceHash()}`);
  if (!existsSync(join(dir, 'truth.json'))) {
    const scratch = `${dir}.tmp-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    await generateDemo({ outDir: scratch, ...TEST_DEMO_OPTIONS });
    try {
      renameSync(scratch, dir);
    } catch {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
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
