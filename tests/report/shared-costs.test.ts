/**
 * With a shared-cost rule in attribution, the report's team rows still add up to the week total,
 * and a team's e-mail shows its share of the pool as "(shared costs)" beside its services.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type BuiltReports } from '../../src/report/build.ts';
import { layoutReport } from '../../src/report/layout.ts';
import { renderText } from '../../src/report/text.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { sqlRows } from '../helpers/cli.ts';
import { centsOf, demoConfigs, demoStore, largestRemainder, readTruth, unitsOf, usd, type DemoTruth } from './helpers.ts';

/** W44 holds 1 Nov, when the month's AWS Support fee posts. */
const FROM = '2026-10-26';
const TO = '2026-11-02';
const SUPPORT = 'AWS Support (Business)';

describe('a shared-cost rule (AWS Support split by each team\'s spend) in the weekly report', () => {
  const demoDir = inject('demoDir');
  let truth: DemoTruth;
  let store: { dir: string; db: string };
  let built: BuiltReports;

  beforeAll(async () => {
    truth = readTruth(demoDir);
    store = await demoStore(demoDir);
    const configs = demoConfigs(truth);
    configs.attribution.sharedCosts.push({ name: 'support', match: { serviceName: [SUPPORT] }, split: 'proportional', includeUntagged: true });
    built = await withEngine(store.db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), {
      week: parseIsoWeek('2026-W44'), audiences: [{ kind: 'engineering' }, { kind: 'team', team: 'payments' }],
    }));
  });

  afterAll(() => {
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('splits the pool by each team\'s BilledCost in the pool\'s billing period; the team rows add up to the week total to the cent', async () => {
    const whens = Object.entries(truth.tagging.teamAliases).flatMap(([team, spellings]) => [...new Set(spellings.map((s) => s.trim().toLowerCase()))].map((s) => `WHEN '${s}' THEN '${team}'`));
    const team = `CASE WHEN Tags['team'] IS NULL THEN '(untagged)' ELSE CASE lower(trim(Tags['team'])) ${whens.join(' ')} END END`;
    const range = `ChargePeriodStart >= TIMESTAMP '${FROM}' AND ChargePeriodStart < TIMESTAMP '${TO}'`;
    const direct = new Map((await sqlRows(store.db, `SELECT ${team} AS k, CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${range} AND ServiceName IS DISTINCT FROM '${SUPPORT}' GROUP BY 1`)).map((r) => [r.k!, unitsOf(r.v)]));
    const [pool] = await sqlRows(store.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${range} AND ServiceName = '${SUPPORT}'`);
    const [total] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS v FROM line_items WHERE ${range}`);
    // November's Business Support fee as the generator's truth records it (the demo's planted movements and
    // modernisation plants raise the spend it is priced from).
    expect(centsOf(pool.v)).toBe(139482n);
    const recorded = (truth as unknown as { periods: Record<string, { byService: Record<string, { billedCost: string }> }> }).periods['2026-11'].byService.AWSSupportBusiness.billedCost;
    expect(centsOf(pool.v)).toBe(centsOf(recorded));
    // Attribution splits a pool within its billing period: November's fee by each team's spend of November's days in the week.
    const november = new Map((await sqlRows(store.db, `SELECT ${team} AS k, CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items
      WHERE ${range} AND BillingPeriodStart = TIMESTAMP '2026-11-01' AND ServiceName IS DISTINCT FROM '${SUPPORT}' GROUP BY 1`)).map((r) => [r.k!, unitsOf(r.v)]));
    const [pools] = await sqlRows(store.db, `SELECT count(DISTINCT BillingPeriodStart) AS n, CAST(min(BillingPeriodStart) AS VARCHAR) AS p FROM line_items WHERE ${range} AND ServiceName = '${SUPPORT}'`);
    expect(pools).toEqual({ n: '1', p: '2026-11-01 00:00:00' });
    const weights = [...november.values()].reduce((s, w) => s + w, 0n);
    const exact = new Map([...direct].map(([k, d]) => [k, d * weights + unitsOf(pool.v) * (november.get(k) ?? 0n)]));
    const expected = largestRemainder(exact, centsOf(total.v), weights);
    const rows = built.reports[0].split.rows;
    expect(rows.map((r) => [r.value, r.current])).toEqual([...expected].sort(([a, x], [b, y]) => (a === '(untagged)' ? 1 : b === '(untagged)' ? -1 : x > y ? -1 : x < y ? 1 : a < b ? -1 : 1)));
    expect(rows.reduce((s, r) => s + r.current, 0n)).toBe(centsOf(total.v));
  });

  it('the team\'s e-mail lists its share as "(shared costs)" beside its services, adding up to its total', async () => {
    const engineering = built.reports[0].split.rows.find((r) => r.value === 'payments')!;
    const mine = built.reports[1];
    expect(mine.totals.billed.current).toBe(engineering.current);
    const whens = (truth.tagging.teamAliases.payments).map((s) => `'${s.trim().toLowerCase()}'`).join(', ');
    const range = `ChargePeriodStart >= TIMESTAMP '${FROM}' AND ChargePeriodStart < TIMESTAMP '${TO}'`;
    const services = new Map((await sqlRows(store.db, `SELECT coalesce(ServiceName, x_ProductCode, '(none)') AS k, CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items
      WHERE ${range} AND lower(trim(Tags['team'])) IN (${whens}) AND ServiceName IS DISTINCT FROM '${SUPPORT}' GROUP BY 1`)).map((r) => [r.k!, unitsOf(r.v)]));
    const [w] = await sqlRows(store.db, `SELECT CAST(sum(BilledCost) FILTER (WHERE lower(trim(Tags['team'])) IN (${whens})) AS VARCHAR) AS mine, CAST(sum(BilledCost) AS VARCHAR) AS every
      FROM line_items WHERE ${range} AND BillingPeriodStart = TIMESTAMP '2026-11-01' AND ServiceName IS DISTINCT FROM '${SUPPORT}'`);
    const [pool] = await sqlRows(store.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${range} AND ServiceName = '${SUPPORT}'`);
    const every = unitsOf(w.every);
    const exact = new Map([...[...services].map(([k, v]): [string, bigint] => [k, v * every]), ['(shared costs)', unitsOf(pool.v) * unitsOf(w.mine)]]);
    const expected = largestRemainder(exact, engineering.current, every);
    expect(new Map(mine.split.rows.map((r) => [r.value, r.current]))).toEqual(expected);
    const shared = mine.split.rows.find((r) => r.value === '(shared costs)')!;
    expect(mine.split.rows.reduce((s, r) => s + r.current, 0n)).toBe(engineering.current);
    const text = renderText(layoutReport(mine, '[costlens]'));
    expect(text).toContain(`\n(shared costs)  `);
    expect(text).toContain(`${usd(shared.current)}`);
    expect(text).toContain('(shared costs) is its share of the shared-cost rules.');
  });
});
