/**
 * A team's e-mail shows its usage (its row of the engineering e-mail's spend by team), its share of
 * fees, tax and credits ("Fees, tax and credits") and its total: the two rows add up to the total to
 * the cent, and each is within a cent of its exact amount (the teams × {usage, fees} table rounded
 * as a whole, src/report/team-cents.ts). Once, the share was the total's cents less the usage's
 * cents of another split, so it could read a cent or more from its exact amount: with AWS Support
 * shared by spend, platform's exact $0.00 of 7–13 Sep 2026 read −$0.01 (beside usage $823.76 and a
 * total of $823.75); with the Savings Plans fee shared by spend, marketing's exact $20.6501… of
 * 21–27 Sep read $20.64. Then the total was split on its own, and platform's usage read $823.75,
 * a cent from its engineering row. Every expected figure is computed here with SQL on the line
 * items and the largest-remainder rule.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadInstanceCatalogue } from '../../src/catalogue/ec2.ts';
import { withEngine } from '../../src/engine/duckdb-engine.ts';
import type { SharedCostRule } from '../../src/analyze/attribution/index.ts';
import { buildWeeklyReports } from '../../src/report/build.ts';
import { layoutReport } from '../../src/report/layout.ts';
import type { WeeklyReport } from '../../src/report/model.ts';
import { renderText } from '../../src/report/text.ts';
import { parseIsoWeek, type IsoWeek } from '../../src/report/week.ts';
import { sqlRows } from '../helpers/cli.ts';
import { USAGE_LINE, centsOf, demoConfigs, demoStore, largestRemainder, readTruth, unitsOf, usd, type DemoTruth } from './helpers.ts';
import { textRow as tableRow } from './text-tables.ts';

const SUPPORT: SharedCostRule = { name: 'support', match: { serviceName: ['AWS Support (Business)'] }, split: 'proportional', includeUntagged: true };
const PURCHASES: SharedCostRule = { name: 'purchases', match: { chargeCategory: ['Purchase'] }, split: 'proportional', includeUntagged: true };
const UNITS_PER_CENT = 10n ** 8n;

/** A line's team as attribution reads the demo's tags (value aliases, case and spaces folded). */
function teamOf(truth: DemoTruth): string {
  const whens = Object.entries(truth.tagging.teamAliases).flatMap(([team, spellings]) => [...new Set(spellings.map((s) => s.trim().toLowerCase()))].map((s) => `WHEN '${s}' THEN '${team}'`));
  return `CASE WHEN Tags['team'] IS NULL THEN '(untagged)' ELSE CASE lower(trim(Tags['team'])) ${whens.join(' ')} END END`;
}

/** The cells of the text part's first table row whose first cell is `label` (text-tables.ts). */
function textRow(text: string, label: string): string[] | undefined {
  return tableRow(text, label);
}

/** |shown − exact| < 1 cent, with the exact amount in 1e-10 units ÷ `den`. */
function withinACent(shownCents: bigint, exactUnits: bigint, den = 1n): boolean {
  const diff = shownCents * UNITS_PER_CENT * den - exactUnits;
  return (diff < 0n ? -diff : diff) < UNITS_PER_CENT * den;
}

describe('a team e-mail: usage and fees, tax and credits add up to the total shown, each within a cent', () => {
  const demoDir = inject('demoDir');
  let truth: DemoTruth;
  let store: { dir: string; db: string };

  beforeAll(async () => {
    truth = readTruth(demoDir);
    store = await demoStore(demoDir);
  });

  afterAll(() => {
    if (store) rmSync(store.dir, { recursive: true, force: true });
  });

  /** The team's e-mail, and its row of the engineering e-mail's spend by team (this week's BilledCost). */
  async function teamReport(rule: SharedCostRule, week: IsoWeek, team: string): Promise<WeeklyReport & { engineeringRow: bigint }> {
    const configs = demoConfigs(truth);
    configs.attribution.sharedCosts.push(rule);
    const built = await withEngine(store.db, (engine) => buildWeeklyReports(engine, configs, loadInstanceCatalogue(), { week, audiences: [{ kind: 'engineering' }, { kind: 'team', team }] }));
    const [engineering, report] = built.reports;
    return { ...report, engineeringRow: engineering.split.rows.find((r) => r.value === team)!.current };
  }

  const range = (w: IsoWeek) => `ChargePeriodStart >= TIMESTAMP '${w.start}' AND ChargePeriodStart < TIMESTAMP '${w.end}'`;
  const byTeam = async (where: string) => new Map((await sqlRows(store.db, `SELECT ${teamOf(truth)} AS k, CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${where} GROUP BY 1`)).map((r) => [r.k!, unitsOf(r.v)]));
  const roundedTotal = async (w: IsoWeek) => centsOf((await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS v FROM line_items WHERE ${range(w)}`))[0].v);

  it('AWS Support shared by spend, 2026-W37: platform has no fee that week (exact $0.00), so its usage is its total, $823.76 as in engineering\'s spend by team, and no −$0.01 fee row', async () => {
    const week = parseIsoWeek('2026-W37');
    // The week holds no AWS Support line (it posts on the 1st), so the rule moves nothing: every line is its team's.
    expect((await sqlRows(store.db, `SELECT count(*) AS n FROM line_items WHERE ${range(week)} AND ServiceName = 'AWS Support (Business)'`))[0].n).toBe('0');
    const all = await byTeam(range(week));
    const usage = await byTeam(`${range(week)} AND ${USAGE_LINE}`);
    expect([all.get('platform'), usage.get('platform')]).toEqual([8237539858931n, 8237539858931n]);
    // Its row of the week's usage split over the teams (largest remainder): 823.7539… alone rounds to $823.75, the split gives it a cent more.
    const usageTotal = centsOf((await sqlRows(store.db, `SELECT CAST(round(sum(BilledCost), 2) AS VARCHAR) AS v FROM line_items WHERE ${range(week)} AND ${USAGE_LINE}`))[0].v);
    expect(largestRemainder(usage, usageTotal).get('platform')).toBe(82376n);

    const report = await teamReport(SUPPORT, week, 'platform');
    const fees = report.classes!.find((c) => c.chargeClass === 'posted')!;
    expect([report.engineeringRow, report.totals.billed.current, report.usage!.billed.current, fees.current.billed]).toEqual([82376n, 82376n, 82376n, 0n]);
    expect(report.split.rows.reduce((s, r) => s + r.current, 0n)).toBe(82376n);
    const text = renderText(layoutReport(report, '[costlens]'));
    expect(textRow(text, 'Usage (BilledCost)')?.[1]).toBe(usd(82376n));
    expect(textRow(text, 'Total BilledCost')?.[1]).toBe(usd(82376n));
    // Last week (W36) held 1 Sep and its Support fee, so the row is listed, this week at $0.00.
    expect(textRow(text, 'Fees, tax and credits (BilledCost)')?.[1]).toBe('$0.00');
    expect(text).not.toContain('−$0.01');
  });

  it('the Savings Plans fee shared by spend, 2026-W39: marketing\'s $343.53 is usage $322.88 and its share $20.65 (exact 322.8846… and 20.6501…)', async () => {
    const week = parseIsoWeek('2026-W39');
    // The pool (this week's Purchase lines, all in September) goes to every team by its other spend in the week.
    const pool = unitsOf((await sqlRows(store.db, `SELECT CAST(sum(BilledCost) AS VARCHAR) AS v FROM line_items WHERE ${range(week)} AND ChargeCategory = 'Purchase'`))[0].v);
    const direct = await byTeam(`${range(week)} AND ChargeCategory IS DISTINCT FROM 'Purchase'`);
    const usage = await byTeam(`${range(week)} AND ${USAGE_LINE}`);
    const weights = [...direct.values()].filter((d) => d > 0n).reduce((s, d) => s + d, 0n);
    // Exact amounts in 1e-10 units ÷ weights.
    const everyCharge = new Map([...direct].map(([k, d]) => [k, d * weights + pool * (d > 0n ? d : 0n)]));
    const total = largestRemainder(everyCharge, await roundedTotal(week), weights).get('marketing')!;
    const exactUsage = usage.get('marketing')! * weights;
    const exactFees = everyCharge.get('marketing')! - exactUsage;
    expect([total, usage.get('marketing')]).toEqual([34353n, 3228846698969n]);
    const rows = largestRemainder(new Map([['posted', exactFees], ['usage', exactUsage]]), total, weights);
    expect([rows.get('usage'), rows.get('posted')]).toEqual([32288n, 2065n]);

    const report = await teamReport(PURCHASES, week, 'marketing');
    const fees = report.classes!.find((c) => c.chargeClass === 'posted')!;
    expect([report.totals.billed.current, report.usage!.billed.current, fees.current.billed]).toEqual([34353n, 32288n, 2065n]);
    expect(report.engineeringRow).toBe(32288n);
    expect(report.usage!.billed.current + fees.current.billed).toBe(report.totals.billed.current);
    expect(withinACent(report.usage!.billed.current, exactUsage, weights)).toBe(true);
    expect(withinACent(fees.current.billed, exactFees, weights)).toBe(true);
    // Its services split the usage shown.
    expect(report.split.rows.reduce((s, r) => s + r.current, 0n)).toBe(32288n);
    const text = renderText(layoutReport(report, '[costlens]'));
    expect(textRow(text, 'Usage (BilledCost)')?.[1]).toBe('$322.88');
    expect(textRow(text, 'Fees, tax and credits (BilledCost)')?.[1]).toBe('$20.65');
    expect(textRow(text, 'Total BilledCost')?.[1]).toBe('$343.53');
  });
});
