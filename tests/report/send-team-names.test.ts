/**
 * How a `--send` run names teams before it reads the ledger (src/report/team-names.ts): the
 * resolver is the one attribution reads the report week with (readClassifiedSpend's resolveValue,
 * which build.ts names a team's report by). When every spelling the run names a team by is a
 * configured value or alias, the config alone gives it and no query runs; a spelling that case
 * folding merges with the data's takes the data's label, so the week's values are read. On the
 * recent demo store, 2026-W45, with the demo's team aliases (truth.json) and without them.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { readClassifiedSpend } from '../../src/analyze/attribution/index.ts';
import { parseConfig } from '../../src/config.ts';
import { DuckDBEngine, withEngine } from '../../src/engine/duckdb-engine.ts';
import { reportConfigSchema } from '../../src/report/config.ts';
import { ownerTeamName } from '../../src/report/team-names.ts';
import { weekOf } from '../../src/report/week.ts';
import { recentDemoStore } from '../helpers/recent-demo-store.ts';
import { demoAttribution, readTruth, type DemoTruth } from './helpers.ts';

const WEEK = weekOf('2026-11-02');

describe('team names for the ledger, before the build', () => {
  const demoDir = inject('demoDir');
  let truth: DemoTruth;
  let store: { dir: string; db: string };

  beforeAll(async () => {
    truth = readTruth(demoDir);
    store = await recentDemoStore(demoDir);
  }, 300_000);

  afterAll(() => {
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  /** The run's resolver for `spellings` and the queries it ran, against attribution's own resolver of the week. */
  async function names(attribution: object, spellings: string[]) {
    const configs = { ...parseConfig({ attribution }), report: reportConfigSchema.parse({}) };
    return withEngine(store.db, async (engine) => {
      const spy = vi.spyOn(DuckDBEngine.prototype, 'run');
      let teamName;
      let queries;
      try {
        teamName = await ownerTeamName(engine, configs, WEEK, spellings);
        queries = spy.mock.calls.map(([name]) => name);
      } finally {
        spy.mockRestore();
      }
      const week = await readClassifiedSpend(engine, configs.attribution, { tagKey: 'team', range: { chargeFrom: WEEK.start, chargeTo: WEEK.end } });
      return { queries, ours: spellings.map(teamName), attribution: spellings.map(week.resolveValue) };
    });
  }

  it('configured values and aliases: named by the config, no query, as attribution names them', async () => {
    const spellings = ['payments', 'Paymnets', 'machine-learning', ' ML ', 'PAYMENTS'];
    const { queries, ours, attribution } = await names(demoAttribution(truth), spellings);
    expect(queries).toEqual([]);
    expect(ours).toEqual(attribution);
    expect(ours).toEqual(['payments', 'payments', 'ml', 'ml', 'payments']);
  });

  it('no values configured: a spelling case folding merges takes the data\'s label, so the week is read', async () => {
    const spellings = ['PAYMENTS', 'payments'];
    const { queries, ours, attribution } = await names({}, spellings);
    expect(queries).toContain('attribution/spend_by_tag_values');
    expect(ours).toEqual(attribution);
    expect(ours).toEqual(['payments', 'payments']);
  });
});
