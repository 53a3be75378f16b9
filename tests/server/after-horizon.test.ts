/**
 * Days after the data horizon are not days of no spend: on the demo (usage complete through 14 Nov
 * 2026), a span that reaches past the horizon is not compared with a full span, on the Overview,
 * Data transfer and Explore alike, and each page says which days the store does not hold and why.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CostlensApp } from '../../src/server/app.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { tempStore } from '../helpers/cli.ts';
import { appOn, page } from './helpers.ts';

/** The page's text as a reader sees it: tags dropped, entities decoded, white space collapsed. */
async function textOf(app: CostlensApp, path: string): Promise<string> {
  const response = await page(app, path);
  expect(response.status, path).toBe(200);
  return (await response.text()).replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
}

describe('a span past the data horizon (14 Nov 2026) is not compared as if complete', () => {
  const { db } = tempStore();
  let app: CostlensApp;

  beforeAll(async () => {
    copyFileSync(await cachedDemoStore(inject('demoDir'), ['cur2']), db);
    app = appOn(db, { clock: () => new Date('2026-11-20T09:00:00Z') });
  }, 600_000);
  afterAll(() => app?.close());

  it('the Overview as of 20 Nov: 1–20 Nov against 1–20 Oct is not compared, naming 15–20 Nov', async () => {
    const text = await textOf(app, '/?as_of=2026-11-20');
    expect(text).toContain("The store's billing data ends on 14 Nov 2026, so 15–20 Nov 2026 are not in it this month. Usage is not compared: a day not in the store is not a day of no spend.");
    expect(text).toContain('Change in usage not compared');
  });

  it('Data transfer as of 20 Nov says the same and compares nothing', async () => {
    const text = await textOf(app, '/data-transfer?as_of=2026-11-20');
    expect(text).toContain("The store's billing data ends on 14 Nov 2026, so 15–20 Nov 2026 are not in it this month, and nothing is compared.");
  });

  it('Explore, 8–21 Nov against the 14 days before: not compared, 15–21 Nov named', async () => {
    const text = await textOf(app, '/explore?dimension=service&start=2026-11-08&end=2026-11-22&compare=previous&cost=billed');
    expect(text).toContain("(the store's billing data ends on 14 Nov 2026: 15–21 Nov 2026 are not in it, and a day not in the store is not a day of no spend)");
  });

  it('as of the horizon itself, the Overview compares as before', async () => {
    const text = await textOf(app, '/?as_of=2026-11-14');
    expect(text).toMatch(/Change in usage [−+-]?\$[\d,]+\.\d\d/);
    expect(text).not.toContain('are not in it this month');
  });
});
