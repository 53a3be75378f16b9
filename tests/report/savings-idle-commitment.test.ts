import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import type { CostlensConfig } from '../../src/config.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { findSavings, savingsSection, type SavingsWaiting } from '../../src/report/savings.ts';
import type { CostlensApp } from '../../src/server/app.ts';
import { COVERED_AS_OF, coveredIdleStore, sqlSplits } from '../optimisation/idle-commitment-store.ts';
import { jsonOf } from '../optimisation/fixtures.ts';
import { appOn, page } from '../server/helpers.ts';
import { figure } from '../server/page-helpers.ts';

const cents = (text: string) => BigInt(text.replace('.', ''));

/**
 * The weekly report's savings waiting count cash only. On the README's covered demo three idle
 * instances a commitment with unused hours covered in full save 0.00 in cash (SQL on the store:
 * i-03a0b3ff9fb0e24a0 frees 132.45, i-080458c4e7c89c6de 66.23, i-053a53266cec1fe4e 42.17) and
 * i-05fa4710bd8270944 saves 185.47 in cash and frees 75.94. The section listed and counted the three
 * at $0.00 among the cash savings; now they are apart, in `commitment` with the 75.94, and the cash
 * and commitment totals are the Optimisation page's to the cent (each resource once: its finding
 * with the larger cash saving, then the larger commitment freed).
 */
describe('savings waiting: cash savings, and the commitment freed apart (the covered demo)', () => {
  let db: string;
  let config: CostlensConfig;
  let app: CostlensApp;
  let waiting: SavingsWaiting;
  /** Each resource's best finding from the CLIs' JSON: [cash cents, commitment cents]. */
  const best = new Map<string, [bigint, bigint]>();

  beforeAll(async () => {
    const store = await coveredIdleStore();
    ({ db, config } = store);
    app = appOn(db, { config });
    waiting = await withEngine(db, (engine) => findSavings(engine, config, loadInstanceCatalogue(), 'team', COVERED_AS_OF, 'cost_center'));
    const idle = await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', COVERED_AS_OF, '--config', store.configPath);
    const rightsize = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize', '--as-of', COVERED_AS_OF, '--config', store.configPath);
    const all: [string, bigint, bigint][] = [
      ...idle.map((f): [string, bigint, bigint] => [f.resourceId ?? `${f.accountId}/${f.region}/${f.usageType}`, cents(f.monthlySaving), cents(f.monthlySavingCommitment)]),
      ...rightsize.map((r): [string, bigint, bigint] => [r.resourceId, cents(r.monthlySavingBill), cents(r.monthlySavingCommitment)]),
    ];
    for (const [id, cash, commitment] of all) {
      const kept = best.get(id);
      if (!kept || cash > kept[0] || (cash === kept[0] && commitment > kept[1])) best.set(id, [cash, commitment]);
    }
  }, 240_000);
  afterAll(() => app?.close());

  it('the three covered in full are not cash savings: they are listed apart with what SQL says they free, with i-05fa4710bd8270944\'s 75.94', async () => {
    const section = savingsSection(waiting, waiting.savings, 10, 'owner');
    const splits = await sqlSplits(db, ['i-03a0b3ff9fb0e24a0', 'i-053a53266cec1fe4e', 'i-05fa4710bd8270944', 'i-080458c4e7c89c6de']);
    expect(section.commitment.listed.map((s) => [s.resource, s.monthlySaving, s.monthlySavingCommitment])).toEqual([
      ['i-03a0b3ff9fb0e24a0', 0n, 13_245n], ['i-05fa4710bd8270944', 18_547n, 7_594n], ['i-080458c4e7c89c6de', 0n, 6_623n], ['i-053a53266cec1fe4e', 0n, 4_217n],
    ]);
    const bySql = new Map(splits.map((s) => [s.id, [cents(s.cash), cents(s.commitment)]]));
    for (const s of section.commitment.listed) expect([s.monthlySaving, s.monthlySavingCommitment], s.resource).toEqual(bySql.get(s.resource));
    expect([section.commitment.count, section.commitment.total]).toEqual([4, 31_679n]);
    const cash = [...waiting.savings].filter((s) => !(s.monthlySaving === 0n && s.monthlySavingCommitment > 0n));
    expect(section.count).toBe(cash.length);
    expect(section.count).toBe(waiting.savings.length - 3);
    expect([...section.listed, ...cash].some((s) => ['i-03a0b3ff9fb0e24a0', 'i-080458c4e7c89c6de', 'i-053a53266cec1fe4e'].includes(s.resource))).toBe(false);
    expect(section.listed.find((s) => s.resource === 'i-05fa4710bd8270944')?.monthlySaving).toBe(18_547n);
  });

  it('cash and commitment totals are each resource\'s best finding from the CLIs, and the Optimisation page\'s figures, to the cent', async () => {
    const section = savingsSection(waiting, waiting.savings, 10, 'owner');
    const cashTotal = [...best.values()].reduce((s, [cash]) => s + cash, 0n);
    const commitmentTotal = [...best.values()].reduce((s, [, commitment]) => s + commitment, 0n);
    expect([section.total, section.commitment.total]).toEqual([cashTotal, commitmentTotal]);
    expect([...waiting.savings].map((s) => [s.resource, s.monthlySaving, s.monthlySavingCommitment]).sort())
      .toEqual([...best].map(([id, [cash, commitment]]) => [id, cash, commitment]).sort());
    const html = await (await page(app, `/optimisation?as_of=${COVERED_AS_OF}&owner_key=-`)).text();
    expect(figure(html, 'optimisation-saving')).toBe(`${section.total / 100n}.${String(section.total % 100n).padStart(2, '0')}00000000`);
    expect(/<span id="optimisation-commitment" data-value="([^"]*)">/.exec(html)?.[1]).toBe('316.79');
  });

  it('the groups (by owner, by cost centre) add up to the cash total and count; a team\'s section keeps its own apart', () => {
    for (const groupBy of ['owner', 'costCentre'] as const) {
      const section = savingsSection(waiting, waiting.savings, 10, groupBy);
      const groups = groupBy === 'owner' ? section.byOwner : section.byCostCentre;
      expect(groups.reduce((s, g) => s + g.total, 0n), groupBy).toBe(section.total);
      expect(groups.reduce((s, g) => s + g.count, 0), groupBy).toBe(section.count);
    }
    const owner = waiting.savings.find((s) => s.resource === 'i-03a0b3ff9fb0e24a0')!.owner;
    const mine = waiting.savings.filter((s) => s.owner === owner);
    const team = savingsSection(waiting, mine, 10, null);
    expect(team.listed.map((s) => s.resource)).not.toContain('i-03a0b3ff9fb0e24a0');
    expect(team.commitment.listed.map((s) => s.resource)).toContain('i-03a0b3ff9fb0e24a0');
    expect(team.total + team.commitment.total).toBe(mine.reduce((s, x) => s + x.monthlySaving + x.monthlySavingCommitment, 0n));
  });
});
