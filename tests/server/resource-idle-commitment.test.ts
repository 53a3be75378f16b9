import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { COVERED_AS_OF, coveredIdleStore, sqlSplits, type SqlSplit } from '../optimisation/idle-commitment-store.ts';
import { jsonOf } from '../optimisation/fixtures.ts';
import { appOn, page } from './helpers.ts';

/** The saving cell the Optimisation page and the resource view both show: cash, and the commitment freed under it. */
const cell = (cash: string, commitment: string) => `<td data-value="${cash}">$${cash}${commitment === '0.00'
  ? '' : `<span class="note freed" data-value="${commitment}">+ $${commitment} of commitment freed</span>`}</td>`;

/** The cells of the row of `rule` in the section or table whose HTML is given. */
function rowOf(html: string, rule: string): string {
  const row = new RegExp(`<tr data-rule="${rule}"[^>]*>([^]*?)</tr>`).exec(html);
  expect(row, rule).not.toBeNull();
  return row![1];
}

/**
 * The resource view shows a finding's saving as the Optimisation page and `costlens idle` do: the
 * cash, and under it what frees commitment instead. On the README's covered demo, SQL on the store
 * splits i-03a0b3ff9fb0e24a0 (all its hours on a Savings Plan with unused commitment) into 0.00 cash
 * and 132.45 of commitment, and i-05fa4710bd8270944 into 185.47 cash and 75.94 of commitment; the
 * view showed only the cash ($0.00 and $185.47).
 */
describe('the resource view shows the commitment an idle finding frees, as the Optimisation page does (the covered demo)', () => {
  let app: CostlensApp;
  let splits: Map<string, SqlSplit>;
  let rightsize: RightsizingRecommendation[];
  const view = (id: string) => page(app, `/resource?${new URLSearchParams({ id, start: '2025-01-14', end: COVERED_AS_OF })}`);

  beforeAll(async () => {
    const store = await coveredIdleStore();
    app = appOn(store.db, { config: store.config });
    const idle = await jsonOf<IdleFinding[]>(store.db, 'idle', '--as-of', COVERED_AS_OF, '--config', store.configPath);
    rightsize = await jsonOf<RightsizingRecommendation[]>(store.db, 'rightsize', '--as-of', COVERED_AS_OF, '--config', store.configPath);
    splits = new Map((await sqlSplits(store.db, idle.filter((f) => f.kind === 'ec2-instance').map((f) => f.resourceId!))).map((s) => [s.id, s]));
  }, 240_000);
  afterAll(() => app?.close());

  it('each covered idle instance: the cash and the commitment SQL gives, in the cell the Optimisation page shows, with a note', async () => {
    const worklist = await (await page(app, `/optimisation?as_of=${COVERED_AS_OF}&owner_key=-`)).text();
    expect([...splits.values()].map((s) => [s.id, s.cash, s.commitment])).toEqual([
      ['i-03a0b3ff9fb0e24a0', '0.00', '132.45'], ['i-053a53266cec1fe4e', '0.00', '42.17'],
      ['i-05fa4710bd8270944', '185.47', '75.94'], ['i-080458c4e7c89c6de', '0.00', '66.23'],
    ]);
    for (const s of splits.values()) {
      const response = await view(s.id);
      expect(response.status, s.id).toBe(200);
      const section = /id="resource-findings">([^]*?)<\/section>/.exec(await response.text())![1];
      expect(rowOf(section, 'ec2-low-utilisation'), s.id).toContain(cell(s.cash, s.commitment));
      expect(new RegExp(`<tr data-rule="ec2-low-utilisation" data-resource="${s.id}">[^]*?</tr>`).exec(worklist)![0], s.id).toContain(cell(s.cash, s.commitment));
      expect(section, s.id).toContain('id="resource-commitment-note"');
    }
  });

  it('a rightsizing recommendation on the same instance shows its own split: i-03a0b3ff9fb0e24a0 downsized frees 66.23 of commitment, no cash', async () => {
    // Half of the month the idle finding frees, 132.45 (0.18144 an hour × 730 h): the window's 130.6368 over 720 h × 730/720 × 0.5 = 66.2256
    // (it freed 65.32, the 720 h as the month, where idle counts 730).
    const r = rightsize.find((x) => x.resourceId === 'i-03a0b3ff9fb0e24a0')!;
    expect([r.rule, r.monthlySavingBill, r.monthlySavingCommitment]).toEqual(['rightsize-downsize', '0.00', '66.23']);
    const section = /id="resource-findings">([^]*?)<\/section>/.exec(await (await view(r.resourceId)).text())![1];
    expect(rowOf(section, 'rightsize-downsize')).toContain(cell('0.00', '66.23'));
  });

  it('a finding no commitment covered shows its cash alone, without the note: vol-0c43218d9e0cf6dce saves 80.00', async () => {
    const section = /id="resource-findings">([^]*?)<\/section>/.exec(await (await view('vol-0c43218d9e0cf6dce')).text())![1];
    expect(rowOf(section, 'ebs-unattached')).toContain(cell('80.00', '0.00'));
    expect(section).not.toContain('note freed');
    expect(section).not.toContain('resource-commitment-note');
  });
});
