/**
 * `costlens explain --by team` on the shared demo: month to date against the same days of the
 * month before, each team's usage change as DuckDB sums line_items with the tag's values trimmed
 * and case-folded (attribution's default normalisation), and the parts adding up to the cent.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';

interface Cents { change: string; volume: string; rate: string; new: string; gone: string; other: string }
interface ExplainJson {
  from: { first: string; last: string; days: number }; to: { first: string; last: string; days: number }; covers: string;
  teamKey: { name: string; rawKeys: string[] };
  total: { change: string; cents: Cents };
  drivers: { chargeClass: string; team: string; change: string; cents: Cents }[];
  rest: { drivers: number };
}

const units = (decimal: string) => BigInt(decimal.replace('.', ''));

describe('costlens explain --by team on the demo', () => {
  let db: string;
  let e: ExplainJson;

  beforeAll(async () => {
    db = await cachedDemoStore(inject('demoDir'), ['cur2']);
    const run = await costlens(db, 'explain', '--to', 'mtd', '--by', 'team', '--top', '1000', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    e = JSON.parse(run.stdout);
  }, 600_000);

  it('month to date against the same days of the month before, said in the output', () => {
    expect(e.to.first.slice(8)).toBe('01');
    expect(e.from.first.slice(8)).toBe('01');
    expect(e.from.days).toBe(e.to.days);
    expect(e.from.last.slice(8)).toBe(e.to.last.slice(8));
    expect(e.covers).toContain(`${e.to.days} days each`);
    expect(e.teamKey).toEqual({ name: 'team', rawKeys: ['team'] });
  });

  it('each team\'s usage change is what line_items gives for its trimmed, case-folded tag value', async () => {
    const rows = await sqlRows(db, `SELECT coalesce(lower(trim(Tags['team'])), '(untagged)') AS team,
        CAST(coalesce(sum(CASE WHEN ChargePeriodStart >= TIMESTAMP '${e.to.first}' THEN BilledCost END), 0)
           - coalesce(sum(CASE WHEN ChargePeriodStart < TIMESTAMP '${e.from.last}' + INTERVAL 1 DAY THEN BilledCost END), 0) AS VARCHAR) AS change
      FROM line_items
      WHERE x_ChargeClass = 'usage'
        AND ((ChargePeriodStart >= TIMESTAMP '${e.from.first}' AND ChargePeriodStart < TIMESTAMP '${e.from.last}' + INTERVAL 1 DAY)
          OR (ChargePeriodStart >= TIMESTAMP '${e.to.first}' AND ChargePeriodStart < TIMESTAMP '${e.to.last}' + INTERVAL 1 DAY))
      GROUP BY 1 ORDER BY 1`);
    expect(rows.length).toBeGreaterThan(5);
    const usage = e.drivers.filter((d) => d.chargeClass === 'usage').map((d) => ({ team: d.team.toLowerCase(), change: d.change }));
    expect(usage.sort((a, b) => (a.team < b.team ? -1 : a.team > b.team ? 1 : 0))).toEqual(rows);
    // The planted misspelling stays its own team until an alias maps it.
    expect(usage.some((d) => d.team === 'idenitty')).toBe(true);
  });

  it('the drivers\' cents add up to the total change, part by part', () => {
    expect(e.rest.drivers).toBe(0);
    for (const key of ['change', 'volume', 'rate', 'new', 'gone', 'other'] as const) {
      expect(e.drivers.reduce((s, d) => s + units(d.cents[key]), 0n)).toBe(units(e.total.cents[key]));
    }
  });
});
