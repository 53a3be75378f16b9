/**
 * `commitments --by team` and `kpi --by team` read the team tag as `attribute --tag team` does
 * (README, "Tags the same everywhere"): spellings that differ only in case and surrounding spaces
 * are one team, labelled by the spelling on the most line items of the range (ties: code-point
 * order) unless the config names it. On the shared demo's CUR 2.0 export, whose team tag is spelt
 * Checkout / checkout, Payments / PAYMENTS / payments / "payments ", Marketing / marketing, …
 * Expected teams and money are worked out here with SQL on the store.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { COVERED, ELIGIBLE } from '../helpers/commitment-sql.ts';

const EXAMPLE_CONFIG = resolve(__dirname, '../../costlens.config.example.yaml');
const UNTAGGED = '(untagged)';

/** A DECIMAL's text in units of 1e-10 (NULL is 0). */
function units(text: string | null | undefined): bigint {
  const t = text ?? '0';
  const negative = t.startsWith('-');
  const [whole, fraction = ''] = t.replace(/^[-+]/, '').split('.');
  const v = BigInt(whole || '0') * 10n ** 10n + BigInt(fraction.padEnd(10, '0').slice(0, 10));
  return negative ? -v : v;
}

/** On-demand equivalent: covered usage at its ListCost, the rest at what it was billed. */
const ON_DEMAND_EQUIVALENT = `CASE WHEN CommitmentDiscountStatus = 'Used' THEN coalesce(ListCost, BilledCost) ELSE BilledCost END`;
const FOLDED = `nullif(lower(trim(Tags['team'])), '')`;

/** Each folded team value's label: its trimmed spelling on the most line items of `where` (ties: code-point order). */
async function labels(db: string, where: string): Promise<Map<string, string>> {
  const rows = await sqlRows(db, `SELECT trim(Tags['team']) AS spelling, count(*) AS n FROM line_items
    WHERE ${where} AND trim(coalesce(Tags['team'], '')) <> '' GROUP BY 1`);
  const best = new Map<string, { spelling: string; n: number }>();
  for (const r of rows) {
    const folded = r.spelling!.toLowerCase();
    const n = Number(r.n);
    const current = best.get(folded);
    if (!current || n > current.n || (n === current.n && r.spelling! < current.spelling)) best.set(folded, { spelling: r.spelling!, n });
  }
  return new Map([...best].map(([folded, b]) => [folded, b.spelling]));
}

/** The team values `attribute --tag team` gives over the same range (with the same config). */
async function attributedTeams(db: string, ...args: string[]): Promise<Set<string>> {
  const run = await costlens(db, 'attribute', '--tag', 'team', ...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return new Set((JSON.parse(run.stdout) as { tagValue: string }[]).map((r) => r.tagValue));
}

describe('--by team reads the team tag as attribute does: one row per team, whatever its spellings', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
  }, 600_000);

  it('commitments --period 2026-10 --by team (no config): Checkout and checkout, Payments, PAYMENTS and payments are one row each, with every spelling\'s coverage', async () => {
    const table = await costlens(db, 'commitments', '--period', '2026-10', '--by', 'team');
    expect(table.stdout).toContain('team = tag team (raw keys read: team)');
    const label = await labels(db, `BillingPeriodStart = TIMESTAMP '2026-10-01'`);
    // The demo plants the spellings the reviewer saw split.
    expect(label.get('checkout')).toBe('checkout');
    expect(label.get('payments')).toBe('payments');
    const sums = await sqlRows(db, `SELECT coalesce(${FOLDED}, '') AS folded,
        sum(${ON_DEMAND_EQUIVALENT}) AS eligible, sum(CASE WHEN ${COVERED} THEN ${ON_DEMAND_EQUIVALENT} END) AS covered,
        sum(CASE WHEN ${COVERED} THEN NULL ELSE BilledCost END) AS on_demand
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-10-01' AND ${ELIGIBLE} GROUP BY 1`);
    const expected = sums.map((s) => [s.folded === '' ? UNTAGGED : label.get(s.folded!)!, units(s.eligible), units(s.covered), units(s.on_demand)] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const run = await costlens(db, 'commitments', '--period', '2026-10', '--by', 'team', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const groups = JSON.parse(run.stdout).groups as { key: string; eligibleOnDemandCost: string; coveredOnDemandCost: string; onDemandCost: string }[];
    expect(groups.map((g) => [g.key, units(g.eligibleOnDemandCost), units(g.coveredOnDemandCost), units(g.onDemandCost)])).toEqual(expected);
    expect(groups.map((g) => g.key)).not.toContain('Checkout');
    expect(groups.map((g) => g.key)).not.toContain('PAYMENTS');
    const teams = await attributedTeams(db, '--period', '2026-10');
    for (const g of groups) expect(teams, g.key).toContain(g.key);
  });

  it('kpi --by team --months 1 with the example config: one Marketing row holding marketing\'s commitment coverage too', async () => {
    const days = `ChargePeriodStart >= TIMESTAMP '2026-11-01' AND ChargePeriodStart < TIMESTAMP '2026-11-15'`;
    const label = await labels(db, days);
    const marketing = label.get('marketing')!;
    expect(marketing).toBe('Marketing');
    const [coverage] = await sqlRows(db, `SELECT sum(${ON_DEMAND_EQUIVALENT}) AS eligible, sum(CASE WHEN ${COVERED} THEN ${ON_DEMAND_EQUIVALENT} END) AS covered
      FROM line_items WHERE BillingPeriodStart = TIMESTAMP '2026-11-01' AND ${days} AND ${ELIGIBLE} AND ${FOLDED} = 'marketing'`);
    const run = await costlens(db, 'kpi', '--by', 'team', '--months', '1', '--config', EXAMPLE_CONFIG, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = (JSON.parse(run.stdout) as { rows: { month: string; team: string | null; ec2Cost: string; commitmentCoverage: { eligibleOnDemandCost: string; coveredOnDemandCost: string } }[] }).rows;
    const teams = rows.filter((r) => r.team !== null).map((r) => r.team!);
    expect(teams.filter((t) => t.toLowerCase() === 'marketing')).toEqual([marketing]);
    expect(new Set(teams.map((t) => t.toLowerCase())).size).toBe(teams.length);
    const row = rows.find((r) => r.team === marketing)!;
    expect([units(row.commitmentCoverage.eligibleOnDemandCost), units(row.commitmentCoverage.coveredOnDemandCost)]).toEqual([units(coverage.eligible), units(coverage.covered)]);
    // Marketing's EC2 in 1–14 Nov: 1,680 instance hours at $0.17484 an hour (kpi's ec2Hours).
    expect(row.ec2Cost).toBe('293.7312000000');
    const attributed = await attributedTeams(db, '--from', '2026-11-01', '--to', '2026-11-15', '--config', EXAMPLE_CONFIG);
    for (const t of teams) expect(attributed, t).toContain(t);
  });
});
