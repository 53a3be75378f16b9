/**
 * The demo app of a describe block: the shared demo in a private store with its truth config and
 * an app on it as of 15 Nov 2026 (tests/server/page-helpers.ts demoApp), made before the block's
 * tests and closed after them (the suite shares workers: no app outlives its block).
 */
import { afterAll, beforeAll } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { demoApp } from '../server/page-helpers.ts';

/** The block's demo store and the app on it (from the block's beforeAll on). */
export interface DemoAppOfBlock {
  readonly db: string;
  readonly app: CostlensApp;
}

/** Registers the calling describe's hooks: makes {@link demoApp} before its tests, closes the app after them. */
export function useDemoApp(): DemoAppOfBlock {
  let made: Awaited<ReturnType<typeof demoApp>> | undefined;
  beforeAll(async () => {
    made = await demoApp();
  }, 600_000);
  afterAll(() => made?.app.close());
  const demo = () => {
    if (!made) throw new Error('the demo app is made in beforeAll: use it inside a test or hook');
    return made;
  };
  return {
    get db() { return demo().db; },
    get app() { return demo().app; },
  };
}
