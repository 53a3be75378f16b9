/**
 * The demo plants three movements (src/demo/plants.ts) and writes them into truth.json with the
 * two 7-day spans of each. `costlens explain` over each pair names the planted one as the top
 * driver, with its part: the data-transfer surge as volume, the new Lambda function as new, the
 * NAT gateway's price change as rate; the figures are DuckDB's sums on the demo store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';

interface Parts { volume: string; rate: string; new: string; gone: string; other: string }
interface DriverJson { chargeClass: string; service: string; usageType: string; resource: string; oldCost: string; newCost: string; change: string; parts: Parts; shareOfChange: number }
interface ExplainJson { from: { first: string; last: string; days: number }; to: { first: string; last: string; days: number }; total: { change: string }; drivers: DriverJson[] }
interface Planted { kind: string; part: keyof Parts; day: string; from: string; to: string; accountName: string; resourceIds: string[]; usageType: string }

const units = (decimal: string) => BigInt(decimal.replace('.', ''));
/** The half-open charge-day bounds of `A..B`. */
const bounds = (span: string) => {
  const [first, last] = span.split('..');
  return `ChargePeriodStart >= TIMESTAMP '${first}' AND ChargePeriodStart < CAST(DATE '${last}' + 1 AS TIMESTAMP)`;
};

/** Volume as explain defines it: the quantity change at the old rate, (Q₁ − Q₀) × C₀ / Q₀. */
function volumeOf(before: Record<string, string | null>, after: Record<string, string | null>): number {
  return ((Number(after.quantity) - Number(before.quantity)) * Number(before.cost)) / Number(before.quantity);
}

describe('the demo\'s planted movements, each found by costlens explain as the top driver of its span', () => {
  let db: string;
  let planted: Planted[];
  const explained = new Map<string, ExplainJson>();

  beforeAll(async () => {
    const demo = inject('demoDir');
    db = await cachedDemoStore(demo, ['cur2']);
    planted = JSON.parse(readFileSync(join(demo, 'truth.json'), 'utf8')).plantedMovements;
    for (const p of planted) {
      const run = await costlens(db, 'explain', '--from', p.from, '--to', p.to, '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      explained.set(p.kind, JSON.parse(run.stdout));
    }
  }, 600_000);

  /** The planted resource's lines of the usage type in a span, as DuckDB sums them. */
  async function sums(p: Planted, span: string, resource = p.resourceIds[0]) {
    const [row] = await sqlRows(db, `SELECT count(*) AS lines, coalesce(sum(BilledCost), 0) AS cost, coalesce(sum(ConsumedQuantity), 0) AS quantity,
        min(round(BilledCost / ConsumedQuantity, 6)) AS min_rate, max(round(BilledCost / ConsumedQuantity, 6)) AS max_rate, max(ListUnitPrice) AS list
      FROM line_items WHERE ResourceId = '${resource}' AND x_UsageType = '${p.usageType}' AND x_ChargeClass = 'usage' AND ${bounds(span)}`);
    return row;
  }

  it('truth.json lists the three, in 7-day spans of the test demo (as of 2026-11-15) that hold no 1st of a month', () => {
    expect(planted.map((p) => [p.kind, p.part, p.from, p.to, p.accountName])).toEqual([
      ['data-transfer-surge', 'volume', '2026-10-18..2026-10-24', '2026-10-25..2026-10-31', 'search-prod'],
      ['new-resource', 'new', '2026-10-11..2026-10-17', '2026-10-18..2026-10-24', 'checkout-prod'],
      ['price-change', 'rate', '2026-10-04..2026-10-10', '2026-10-11..2026-10-17', 'payments-prod'],
    ]);
    for (const p of planted) {
      const e = explained.get(p.kind)!;
      expect([e.from.days, e.to.days]).toEqual([7, 7]);
    }
  });

  it('each planted movement is the top driver of its span, with its part the largest of the five', () => {
    for (const p of planted) {
      const [top] = explained.get(p.kind)!.drivers;
      expect([top.chargeClass, top.usageType, top.resource], p.kind).toEqual(['usage', p.usageType, p.resourceIds[0]]);
      const largest = (Object.keys(top.parts) as (keyof Parts)[]).sort((a, b) => {
        const size = (k: keyof Parts) => (units(top.parts[k]) < 0n ? -units(top.parts[k]) : units(top.parts[k]));
        return size(b) > size(a) ? 1 : size(b) < size(a) ? -1 : 0;
      })[0];
      expect(largest, p.kind).toBe(p.part);
    }
  });

  it('the surge: both instances\' egress is volume at an unchanged $0.09 a GB, as DuckDB sums it; the top driver explains three quarters of the week\'s change', async () => {
    const p = planted.find((x) => x.kind === 'data-transfer-surge')!;
    const e = explained.get(p.kind)!;
    expect(p.resourceIds).toEqual(['i-0bc5bec372e2c4079', 'i-022bb4759f65fa974']);
    for (const [i, resource] of p.resourceIds.entries()) {
      const [before, after] = [await sums(p, p.from, resource), await sums(p, p.to, resource)];
      expect([before.min_rate, before.max_rate, after.min_rate, after.max_rate].map(Number)).toEqual([0.09, 0.09, 0.09, 0.09]);
      const d = e.drivers[i];
      expect([d.resource, d.oldCost, d.newCost]).toEqual([resource, before.cost, after.cost]);
      // volume = (Q₁ − Q₀) × C₀ / Q₀ at the old rate; at one unit price that is the whole change.
      expect(Number(d.parts.volume)).toBeCloseTo(volumeOf(before, after), 6);
      expect(Math.abs(Number(d.parts.rate))).toBeLessThan(1e-8);
    }
    expect(e.drivers[0].change).toBe('226.1064960000');
    expect(e.drivers[0].shareOfChange).toBe(75.2);
  });

  it('the new function: no line before its day, all of its first week is new', async () => {
    const p = planted.find((x) => x.kind === 'new-resource')!;
    const [first] = await sqlRows(db, `SELECT CAST(min(CAST(ChargePeriodStart AS DATE)) AS VARCHAR) AS day FROM line_items WHERE ResourceId = '${p.resourceIds[0]}'`);
    expect(first.day).toBe(p.day);
    const after = await sums(p, p.to);
    const [top] = explained.get(p.kind)!.drivers;
    expect([top.oldCost, top.newCost, top.parts.new, top.change]).toEqual(['0.0000000000', after.cost, after.cost, after.cost]);
    expect(after.lines).toBe('7');
    expect(top.newCost).toBe('189.9273198538');
  });

  it('the price change: the same gigabytes billed at $0.0225, then at the list $0.045 a GB; rate = (C₁/Q₁ − C₀/Q₀) × Q₁ as DuckDB computes it (unit prices to 6 decimals: costs are stored to 1e-10)', async () => {
    const p = planted.find((x) => x.kind === 'price-change')!;
    const [before, after] = [await sums(p, p.from), await sums(p, p.to)];
    expect([before.min_rate, before.max_rate, before.list, after.min_rate, after.max_rate, after.list].map(Number)).toEqual([0.0225, 0.0225, 0.045, 0.045, 0.045, 0.045]);
    const [top] = explained.get(p.kind)!.drivers;
    expect([top.oldCost, top.newCost]).toEqual([before.cost, after.cost]);
    expect(Number(top.parts.volume)).toBeCloseTo(volumeOf(before, after), 6);
    expect(units(top.parts.volume) + units(top.parts.rate)).toBe(units(after.cost!) - units(before.cost!));
    expect(Number(top.parts.rate)).toBeCloseTo((Number(after.cost) / Number(after.quantity) - Number(before.cost) / Number(before.quantity)) * Number(after.quantity), 6);
    expect(top.parts.rate.slice(0, 6)).toBe('160.27');
  });
});
