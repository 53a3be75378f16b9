/**
 * A team's weekly e-mail reads the owner tag as attribution does (issue 10): `team:payments`,
 * `team:Payments ` and `team:paymnets` are the same team, and its figures are the spend of every
 * spelling of payments ("payments ", "Payments", "PAYMENTS", "paymnets"), computed here with SQL.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import { buildWeeklyReports, type BuiltReports } from '../../src/report/build.ts';
import { parseIsoWeek } from '../../src/report/week.ts';
import { sqlRows } from '../helpers/cli.ts';
import { centsOf, demoConfigs, demoStore, largestRemainder, readTruth, unitsOf } from './helpers.ts';

const WEEK = parseIsoWeek('2026-W45');
const SPELLINGS = ['payments', 'Payments ', 'paymnets'];

describe('team e-mails name their team as attribution names values', () => {
  const demoDir = inject('demoDir');
  let store: { dir: string; db: string };
  let built: BuiltReports;
  /** SQL: a line's team as truth.json names it, or (untagged). */
  let team: string;

  beforeAll(async () => {
    const truth = readTruth(demoDir);
    const whens = Object.entries(truth.tagging.teamAliases).flatMap(([canonical, spellings]) => spellings.map((s) => `WHEN '${s}' THEN '${canonical}'`));
    team = `CASE WHEN Tags['team'] IS NULL THEN '(untagged)' ELSE CASE Tags['team'] ${whens.join(' ')} END END`;
    store = await demoStore(demoDir);
    built = await withEngine(store.db, (engine) => buildWeeklyReports(engine, demoConfigs(truth), loadInstanceCatalogue(), {
      week: WEEK, audiences: SPELLINGS.map((t) => ({ kind: 'team', team: t })),
    }));
  });

  afterAll(() => {
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  it('team:payments, team:"Payments " and team:paymnets get the same report, scoped to team payments', () => {
    const [first, ...others] = built.reports;
    expect(built.reports.map((r) => r.scope)).toEqual(['team payments', 'team payments', 'team payments']);
    for (const other of others) expect({ ...other, audience: first.audience }).toEqual(first);
    expect(built.warnings).toEqual([]);
  });

  it('its totals are the week\'s cents of every spelling of payments, as the team rows round them (largest remainder)', async () => {
    const range = `ChargePeriodStart >= TIMESTAMP '${WEEK.start}' AND ChargePeriodStart < TIMESTAMP '${WEEK.end}'`;
    const byTeam = await sqlRows(store.db, `SELECT ${team} AS k, CAST(sum(BilledCost) AS VARCHAR) AS billed, CAST(sum(EffectiveCost) AS VARCHAR) AS effective,
        CAST(sum(BilledCost) FILTER (WHERE Tags['team'] = 'payments') AS VARCHAR) AS raw_billed FROM line_items WHERE ${range} GROUP BY 1`);
    const [total] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS billed, CAST(round(sum(EffectiveCost), 2) AS VARCHAR) AS effective FROM line_items WHERE ${range}`);
    const cents = (measure: 'billed' | 'effective') => largestRemainder(new Map(byTeam.map((r) => [r.k!, unitsOf(r[measure])])), centsOf(total[measure])).get('payments')!;
    const payments = byTeam.find((r) => r.k === 'payments')!;
    expect([payments.billed, payments.raw_billed]).toEqual(['1468.2400808288', '731.9450469624']);
    expect([built.reports[0].totals.billed.current, built.reports[0].totals.effective.current]).toEqual([cents('billed'), cents('effective')]);
    expect(centsOf(payments.raw_billed)).toBeLessThan(cents('billed'));
    const services = built.reports[0].split.rows.reduce((s, r) => s + r.current, 0n);
    expect(services).toBe(cents('billed'));
  });

  it('its savings are the findings whose owner tag, any spelling, says payments', () => {
    const savings = built.reports[0].savings;
    expect(savings.listed.length).toBe(8); // payments' findings, as tests/report/weekly-emails-sent.test.ts counts them from the CLIs
    expect(savings.listed.every((s) => s.owner === 'payments')).toBe(true);
  });
});
