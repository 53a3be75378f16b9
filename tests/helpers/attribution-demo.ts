/**
 * The Attribution page on the demo organisation (tests/server/attribution-figures.test.ts and
 * attribution-api-refusals-notes.test.ts): the shared demo's CUR 2.0 in a private store with its truth config
 * (tests/server/page-helpers.ts demoStore: the team key and its aliases, tax and support shared),
 * an app on it as of DEMO_NOW, and `costlens attribute` with the same config.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { appOn } from '../server/helpers.ts';
import { cli, DEMO_NOW, demoStore } from '../server/page-helpers.ts';

/** The demo's store, its config and the app on them, as a test file reads them. */
export interface AttributionDemo {
  readonly db: string;
  readonly configPath: string;
  readonly app: CostlensApp;
  /** `costlens attribute ARGS… --config` the demo's config: its stdout (a non-zero exit fails the test). */
  attribute(...args: string[]): Promise<string>;
}

/**
 * The demo's CUR 2.0 in a private store (built once per machine, copied for the file, which may
 * write to it) with its truth config, and the app on it, opened before the calling file's tests
 * and closed after them; the fields are read inside tests.
 */
export function attributionDemoPerFile(): AttributionDemo {
  let opened: { db: string; configPath: string; app: CostlensApp } | undefined;
  beforeAll(async () => {
    const store = await demoStore(inject('demoDir'), ['cur2']);
    opened = { db: store.db, configPath: store.configPath, app: appOn(store.db, { clock: () => DEMO_NOW, config: store.config }) };
  });
  afterAll(() => opened?.app.close());
  return {
    get db() { return opened!.db; },
    get configPath() { return opened!.configPath; },
    get app() { return opened!.app; },
    attribute: (...args: string[]) => cli(opened!.db, 'attribute', ...args, '--config', opened!.configPath),
  };
}
