/**
 * The shared demo's cached store read in place, with its truth config (tests/server/page-helpers.ts
 * demoConfigYaml) in a scratch folder: for test files that only read the store, where
 * page-helpers.ts demoStore copies it for those that write to it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type CostlensConfig } from '../../src/config.ts';
import { demoConfigYaml } from '../server/page-helpers.ts';
import { cachedDemoStore } from './cached-stores.ts';
import { scratchDir } from './scratch-dirs.ts';

/** The cached store of the demo's `files` (callers only read it) and the demo's truth config beside it. */
export async function cachedDemoWithConfig(demoDir: string, files: readonly string[]): Promise<{ db: string; configPath: string; config: CostlensConfig }> {
  const db = await cachedDemoStore(demoDir, files);
  const dir = scratchDir();
  const configPath = join(dir, 'costlens.config.yaml');
  writeFileSync(configPath, demoConfigYaml(demoDir));
  return { db, configPath, config: loadConfig(configPath, {}, dir) };
}
