/**
 * With a shared-cost rule over a fee in attribution (AWS Support, split by each team's spend), the
 * report compares teams on usage, as it compares services and accounts: the fee posts on the 1st,
 * so a week holding it would move for no reason. The team rows add up to the week's usage; a team's
 * e-mail lists its share of the fee with the fees, tax and credits, not compared, in its total.
 * The teams' usage and fees are one table rounded as a whole (src/report/team-cents.ts): each team's
 * usage and fees add up to its total, each within a cent of its exact amount.
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
import { USAGE_LINE, centsOf, demoConfigs, demoStore, largestRemainder, readTruth, unitsOf, usd, type DemoTruth } from './helpers.ts';
import { textRow } from './text-tables.ts';

/** W44 holds 1 Nov, when the month's AWS Support fee posts. */
const FROM = '2026-10-26';
const TO = '2026-11-02';
const SUPPORT = 'AWS Support (Business)';
const USAGE = USAGE_LINE;

/** A line's team as attribution reads the demo's tags (value aliases, case and spaces folded). */
/** `units ÷ den` (1e-10 units) rounded once to cents, half away from zero. */
function roundCents(units: bigint, den: bigint): bigint {
  const abs = units < 0n ? -units : units;
  const cents = (2n * abs + 10n ** 8n * den) / (2n * 10n ** 8n * den);
  return units < 0n ? -cents : cents;
}

function teamOf(truth: DemoTruth): string {
  const whens = Object.entries(truth.tagging.teamAliases).flatMap(([team, spellings]) => [...new Set(spellings.map((s) => s.trim().toLowerCase()))].map((s) => `WHEN '${s}' THEN '${team}'`));
  return `CASE WHEN Tags['team'] IS NULL THEN '(untagged)' ELSE CASE lower(trim(Tags['team'])) ${whens.join(' ')} END END`;
}

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

  const range = `ChargePeriodStart >= TIMESTAMP '${FROM}' AND ChargePeriodStart < TIMESTAMP '${TO}'`;

  /**
   * Every charge by team, the pool split by each team's spend of November's days in the week (attribution splits a pool
   * within its billing period): exact amounts in 1e-10 units ÷ `weights`, and each team's cents (the week's total split by largest remainder).
   */
  async function everyCharge(): Promise<{ exact: Map<string, bigint>; weights: bigint; cents: Map<string, bigint> }> {
    const direct = new Map((await sqlRows(store.db, `SELECT ${teamOf(truth)} AS k, CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${range} AND ServiceName IS DISTINCT FROM '${SUPPORT}' GROUP BY 1`)).map((r) => [r.k!, unitsOf(r.v)]));
    const november = new Map((await sqlRows(store.db, `SELECT ${teamOf(truth)} AS k, CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items
      WHERE ${range} AND BillingPeriodStart = TIMESTAMP '2026-11-01' AND ServiceName IS DISTINCT FROM '${SUPPORT}' GROUP BY 1`)).map((r) => [r.k!, unitsOf(r.v)]));
    const [pool] = await sqlRows(store.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${range} AND ServiceName = '${SUPPORT}'`);
    const [total] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS v FROM line_items WHERE ${range}`);
    const weights = [...november.values()].reduce((s, w) => s + w, 0n);
    const exact = new Map([...direct].map(([k, d]) => [k, d * weights + unitsOf(pool.v) * (november.get(k) ?? 0n)]));
    return { exact, weights, cents: largestRemainder(exact, centsOf(total.v), weights) };
  }

  it('compares the teams on usage: the rows are each team\'s usage, adding up to the week\'s usage to the cent; the Support pool, a recurring fee, is none of it', async () => {
    const usage = new Map((await sqlRows(store.db, `SELECT ${teamOf(truth)} AS k, CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${range} AND ${USAGE} GROUP BY 1`)).map((r) => [r.k!, unitsOf(r.v)]));
    const [total] = await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS v FROM line_items WHERE ${range} AND ${USAGE}`);
    const [pool] = await sqlRows(store.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${range} AND ServiceName = '${SUPPORT}'`);
    // November's Business Support fee as the generator's truth records it, posted on 1 Nov, in this week.
    expect(centsOf(pool.v)).toBe(139806n);
    const recorded = (truth as unknown as { periods: Record<string, { byService: Record<string, { billedCost: string }> }> }).periods['2026-11'].byService.AWSSupportBusiness.billedCost;
    expect(centsOf(pool.v)).toBe(centsOf(recorded));
    // Each row is the team's usage as the teams × {usage, fees} table rounds it as a whole: its usage and its fees add up to its
    // total of every charge (the week's total split by largest remainder), each as near its exact amount as that allows. The
    // largest-remainder split of the usage alone gives two teams the other cent: search's $1,113.59 (exact 1,113.5857…, 0.43 cents
    // off) in its total of $1,262.88 would leave fees of $149.29 (exact 149.2975…, 0.76 cents off), where $1,113.58 and $149.30
    // are 0.57 and 0.24 cents off; data-platform's $877.87 (877.8739…) in $969.42 would leave $91.55 (91.5411…, 0.89 cents off),
    // where $877.88 and $91.54 are 0.61 and 0.11 cents off. Every row stays within a cent of its exact usage.
    const all = await everyCharge();
    expect([all.cents.get('search'), all.cents.get('data-platform')]).toEqual([126288n, 96942n]);
    const feesOf = (team: string) => all.exact.get(team)! - usage.get(team)! * all.weights;
    expect([roundCents(feesOf('search'), all.weights), roundCents(feesOf('data-platform'), all.weights)]).toEqual([14930n, 9154n]);
    const alone = largestRemainder(usage, centsOf(total.v));
    expect([alone.get('search'), alone.get('data-platform')]).toEqual([111359n, 87787n]);
    const expected = new Map([...alone, ['search', 126288n - 14930n], ['data-platform', 96942n - 9154n]]);
    expect([expected.get('search'), expected.get('data-platform')]).toEqual([111358n, 87788n]);
    for (const [team, cents] of expected) {
      const diff = cents * 10n ** 8n - usage.get(team)!;
      expect(diff > -(10n ** 8n) && diff < 10n ** 8n, team).toBe(true);
    }
    const rows = built.reports[0].split.rows;
    expect(rows.map((r) => [r.value, r.current])).toEqual([...expected].sort(([a, x], [b, y]) => (a === '(untagged)' ? 1 : b === '(untagged)' ? -1 : x > y ? -1 : x < y ? 1 : a < b ? -1 : 1)));
    expect(rows.reduce((s, r) => s + r.current, 0n)).toBe(centsOf(total.v));
    expect(rows.some((r) => r.value === '(shared costs)')).toBe(false);
  });

  it('the team\'s e-mail compares its usage (its engineering row) and lists its share of the pool with the fees, not compared; its total is both', async () => {
    const engineering = built.reports[0].split.rows.find((r) => r.value === 'payments')!;
    const mine = built.reports[1];
    expect(mine.usage!.billed.current).toBe(engineering.current);
    const { cents: everyChargeCents } = await everyCharge();
    expect(mine.totals.billed.current).toBe(everyChargeCents.get('payments'));
    const fees = mine.classes!.find((c) => c.chargeClass === 'posted')!;
    expect(fees.current.billed).toBe(everyChargeCents.get('payments')! - engineering.current);
    expect(mine.split.rows.reduce((s, r) => s + r.current, 0n)).toBe(engineering.current);
    const text = renderText(layoutReport(mine, '[costlens]'));
    expect(textRow(text, 'Fees, tax and credits (BilledCost)')).toEqual(['Fees, tax and credits (BilledCost)', usd(fees.current.billed), usd(fees.previous.billed), 'not compared']);
    expect(textRow(text, 'Total BilledCost')?.[1]).toBe(usd(everyChargeCents.get('payments')!));
    expect(text).toContain('its share of fees, tax and credits is in the totals above.');
  });
});
