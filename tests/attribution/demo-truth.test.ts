import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unitsOf } from '../../src/lib/money.ts';
import { cachedDemo } from '../helpers/cached-demo.ts';
import { cachedIngestRuns, cachedStore } from '../helpers/cached-stores.ts';
import { duckdbRows } from '../helpers/cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { attributeJson, cents, writeConfig } from './fixtures.ts';

interface Costs {
  billedCost: string;
  effectiveCost: string;
}

interface DemoTruth {
  tagging: { teamTagKeys: string[]; teamAliases: Record<string, string[]> };
  periods: Record<string, { billedCost: string; effectiveCost: string; tags: { byCanonicalTeam: Record<string, Costs>; untagged: Costs } }>;
}

/** The attribution config a user would write from the demo's tagging notes. */
function configFromTruth(truth: DemoTruth): string {
  const aliases = truth.tagging.teamTagKeys.filter((k) => k !== 'team');
  const values = Object.entries(truth.tagging.teamAliases)
    .map(([team, spellings]) => `        ${JSON.stringify(team)}: [${spellings.map((s) => JSON.stringify(s)).join(', ')}]`);
  return `attribution:\n  tags:\n    team:\n      aliases: [${aliases.map((a) => JSON.stringify(a)).join(', ')}]\n      values:\n${values.join('\n')}\n`;
}

describe('the demo organisation: messy team tags, normalised with truth.json\'s aliases, reproduce its canonical team totals', () => {
  const dir = scratchDir();
  /** Each format's store, ingested once per machine (tests/helpers/cached-stores.ts) and only read; set before the tests run. */
  const stores: Record<string, string> = { 'legacy CUR (team, Team and TEAM as separate keys)': '', 'CUR 2.0 (one resource_tags map)': '' };
  let truth: DemoTruth;
  let config: string;

  beforeAll(async () => {
    const demo = await cachedDemo({ asOf: '2026-11-15', months: 2, scale: 0.2 });
    truth = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8'));
    const [legacy, cur2] = Object.keys(stores);
    [stores[legacy], stores[cur2]] = await Promise.all([cachedStore([[join(demo, 'legacy-cur')]]), cachedStore([[join(demo, 'cur2')]])]);
    for (const folder of ['legacy-cur', 'cur2']) {
      const [run] = await cachedIngestRuns([[join(demo, folder)]]);
      expect([run.code, run.stderr]).toEqual([0, '']);
    }
    config = writeConfig(dir, 'costlens.config.yaml', configFromTruth(truth));
  });

  for (const format of Object.keys(stores)) {
    it(`${format}: per billing period, every canonical team and (untagged) match truth.json exactly (BilledCost and EffectiveCost)`, async () => {
      const db = stores[format];
      expect(Object.keys(truth.periods)).toEqual(['2026-10', '2026-11']);
      for (const [period, expected] of Object.entries(truth.periods)) {
        const rows = await attributeJson(db, '--tag', 'team', '--period', period, '--config', config);
        const actual = Object.fromEntries(rows.map((r) => [r.tagValue, [unitsOf(r.billedExact as string), unitsOf(r.effectiveExact as string)]]));
        const wanted = Object.fromEntries([
          ...Object.entries(expected.tags.byCanonicalTeam).map(([team, c]) => [team, [unitsOf(c.billedCost), unitsOf(c.effectiveCost)]]),
          ['(untagged)', [unitsOf(expected.tags.untagged.billedCost), unitsOf(expected.tags.untagged.effectiveCost)]],
        ]);
        expect(actual).toEqual(wanted);
        expect(Object.keys(actual).length).toBeGreaterThan(5);
      }
    });
  }

  it('with tax split proportionally and support evenly, each period\'s cents add up to truth.json\'s period total', async () => {
    const shared = writeConfig(dir, 'shared.yaml', `${configFromTruth(truth)}  sharedCosts:
    - name: tax
      match: { chargeCategory: [Tax] }
    - name: support
      match: { productCode: [AWSSupportBusiness] }
      split: even
`);
    for (const [period, expected] of Object.entries(truth.periods)) {
      const rows = await attributeJson(Object.values(stores)[0], '--tag', 'team', '--period', period, '--config', shared);
      const [total] = await duckdbRows(`SELECT CAST(round(CAST($billed AS DECIMAL(38,10)), 2) AS VARCHAR) AS billed, CAST(round(CAST($effective AS DECIMAL(38,10)), 2) AS VARCHAR) AS effective`,
        { billed: expected.billedCost, effective: expected.effectiveCost });
      const sum = (column: string) => rows.reduce((s, r) => s + cents(r[column] as string), 0n);
      expect([sum('billedCost'), sum('effectiveCost')]).toEqual([cents(total.billed!), cents(total.effective!)]);
      expect(rows.every((r) => (r.attributedBy as string).includes('shared:tax'))).toBe(true);
    }
  });
});
