/**
 * The Overview's budget card on a copy of a store with budgets configured, at 09:00 UTC on 15 Nov
 * 2026 (the day after the tests' demo horizon): registers the app's hooks in the calling describe
 * and returns a reader of the card's HTML.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { analysisConfigSchema } from '../../src/analyze/config.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { tempStore } from '../helpers/cli.ts';
import { appOn, page } from '../server/helpers.ts';

/** `store` is read when the hooks run (the calling file's store is made in its own beforeAll). */
export function overviewBudgetCard(store: () => string, budgets: unknown): () => Promise<string> {
  const copy = tempStore();
  let app: CostlensApp;
  beforeAll(async () => {
    copyFileSync(store(), copy.db);
    app = appOn(copy.db, { clock: () => new Date('2026-11-15T09:00:00Z'), config: analysisConfigSchema.parse({ budgets }) });
  }, 300_000);
  afterAll(() => app?.close());
  return async () => /id="budget-status">([^]*?)<\/section>/.exec(await (await page(app, '/')).text())![1];
}
