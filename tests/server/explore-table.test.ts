/**
 * Explore's compare table rounds what it shows so that it adds up both ways (src/server/features/explore/table.ts):
 * each column's rows add up to its total, each row's change is its two figures' difference, a row
 * whose cost did not change shows one figure in both columns, and no cell, a change neither, shows
 * other than its own value rounded down or up.
 */
import { describe, expect, it } from 'vitest';
import { comparedTable } from '../../src/server/features/explore/compared-rows.ts';
import { exploreTable } from '../../src/server/features/explore/table.ts';

/** The table's body rows as shown: [value, cost, compared, change]. */
function shown(rows: [string, string][], compared: [string, string][]): string[][] {
  const total = (r: [string, string][]) => String(r.reduce((s, [, c]) => s + Math.round(Number(c) * 1000), 0) / 1000);
  const spend = rows.map(([value, cost]) => ({ value, cost, share_pct: '0', lines: '1' }));
  // Every class compared (whole months): the change is the cost's.
  const table = comparedTable({ on: 'bill', rows: spend, compared: compared.map(([value, cost]) => ({ value, cost })) });
  const html = String(exploreTable({ dimension: 'service', groupLabel: 'Service', lines: rows.length, total: total(rows), rows: spend, compare: { table, label: 'before' } }));
  return [...html.matchAll(/<tr><td>([^<]*)<\/td>((?:<td[^>]*>[^<]*<\/td>){3})/g)]
    .map((m) => [m[1], ...[...m[2].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1])]);
}

describe('Explore compare: shown cents add up without moving a cell past its own rounding', () => {
  it('a whole-cent row shows its own figure even when its column needs a cent, and an unchanged row shows no change', () => {
    // before 1.006 + 2.00 + 3.00 = 6.006 → $6.01: only A has a remainder, so A takes the cent ($1.01);
    // B and C show their whole-cent $2.00 and $3.00 (never $2.01).
    // now 1.006 + 2.007 + 3.007 = 6.02: A did not change (an exact change of 0), so it shows $1.01 now too;
    // B and C share the other $5.01, the tie of their remainders (0.7 of a cent each) going to the earlier, B.
    // (Each column rounded on its own showed A at $1.00 now, a change of −$0.01 where there was none.)
    expect(shown([['A', '1.006'], ['B', '2.007'], ['C', '3.007']], [['A', '1.006'], ['B', '2.00'], ['C', '3.00']])).toEqual([
      ['A', '$1.01', '$1.01', '$0.00'],
      ['B', '$2.01', '$2.00', '+$0.01'],
      ['C', '$3.00', '$3.00', '$0.00'],
    ]);
  });

  it('an unchanged row shows its figure in both columns when the others can still add up', () => {
    // now 0.335 + 0.335 + 0.33 = $1.00: A and B tie on the remainder, the earlier (A) takes the cent.
    // before 0.335 + 0.334 + 0.331 = $1.00: A, unchanged, shows $0.34 again; B and C share the rest.
    expect(shown([['A', '0.335'], ['B', '0.335'], ['C', '0.33']], [['A', '0.335'], ['B', '0.334'], ['C', '0.331']])).toEqual([
      ['A', '$0.34', '$0.34', '$0.00'],
      ['B', '$0.33', '$0.33', '$0.00'],
      ['C', '$0.33', '$0.33', '$0.00'],
    ]);
  });
});
