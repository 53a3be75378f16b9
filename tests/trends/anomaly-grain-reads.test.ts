/**
 * The read behind every anomaly event's explanation (readDailyGrains): one read of
 * anomalies/event_lines for all the events, split only where the lists of services or accounts
 * would not fit an Athena ExecutionParameters value (1,024 characters), and each event keeps the
 * rows of its own service or account and days.
 */
import { describe, expect, it } from 'vitest';
import { readDailyGrains, type GrainWindow } from '../../src/analyze/anomalies/baseline.ts';
import { athenaLiteral } from '../../src/engine/athena-sql.ts';
import type { Engine } from '../../src/engine/engine.ts';

type Params = Record<string, string | undefined>;

/** An engine that answers event_lines with one row per (service, day) of the span asked, each costing 1, all in account 111111111111. */
function fakeEngine(reads: Params[]): Engine {
  return {
    name: 'athena',
    close: async () => undefined,
    run: async (_name, params) => {
      const p = params as Params;
      reads.push(p);
      const rows = [];
      for (const service of JSON.parse(p.services!) as string[]) {
        for (let t = Date.parse(p.from!); t < Date.parse(p.to!); t += 86_400_000) {
          rows.push({
            day: new Date(t).toISOString().slice(0, 10), charge_class: 'usage', service, usage_type: 'BoxUsage', resource_id: '(none)',
            account_id: '111111111111', account_name: null, region: 'us-east-1', unit: 'Hrs', lines: 1, cost: 10_000_000_000n, quantity: 0n,
          });
        }
      }
      return { rows } as never;
    },
  };
}

describe('readDailyGrains', () => {
  it('reads 60 services of 40 characters in as few reads as keep each list within 900 characters, each window with only its own days', async () => {
    const services = Array.from({ length: 60 }, (_, i) => `Amazon Service Number ${String(i).padStart(2, '0')} With Long Names`);
    expect(services[0].length).toBe(40);
    const windows: GrainWindow[] = services.map((value, i) => ({ dimension: 'service', value, from: '2026-10-01', to: i % 2 ? '2026-10-05' : '2026-10-03' }));
    const reads: Params[] = [];
    const grains = await readDailyGrains(fakeEngine(reads), { windows, cost: 'billed', charges: 'usage' });
    // 44 characters an item (40 + quotes, comma, space): 20 fit in 900, so 60 services take 3 reads.
    expect(reads.length).toBe(3);
    for (const read of reads) {
      expect(athenaLiteral('VARCHAR[]', JSON.parse(read.services!)).length).toBeLessThanOrEqual(1024);
      expect([read.from, read.to, read.accounts]).toEqual(['2026-10-01', '2026-10-05', '[]']);
    }
    expect(reads.flatMap((r) => JSON.parse(r.services!)).sort()).toEqual([...services].sort());
    // Each window holds its own days (2 or 4), one grain of 1.00 a day, though its read spanned 4.
    expect(grains.map((g) => [...g.days.keys()].length)).toEqual(windows.map((_, i) => (i % 2 ? 4 : 2)));
    expect(grains.every((g) => [...g.days.values()].every((d) => d.total === 10_000_000_000n && d.grains.length === 1))).toBe(true);
  });

  it('an account window and a service window share a row that matches both; two windows of one service each keep their own days; no window, no read', async () => {
    const reads: Params[] = [];
    const windows: GrainWindow[] = [
      { dimension: 'service', value: 'EC2', from: '2026-10-01', to: '2026-10-03' },
      { dimension: 'account', value: '111111111111', from: '2026-10-02', to: '2026-10-04' },
      { dimension: 'service', value: 'EC2', from: '2026-10-03', to: '2026-10-04' },
    ];
    const grains = await readDailyGrains(fakeEngine(reads), { windows, cost: 'effective', charges: 'all' });
    expect(reads).toEqual([{ services: '["EC2"]', accounts: '["111111111111"]', from: '2026-10-01', to: '2026-10-04', cost: 'effective', charges: 'all' }]);
    expect(grains.map((g) => [...g.days.keys()])).toEqual([['2026-10-01', '2026-10-02'], ['2026-10-02', '2026-10-03'], ['2026-10-03']]);
    expect(await readDailyGrains(fakeEngine(reads), { windows: [], cost: 'billed', charges: 'usage' })).toEqual([]);
    expect(reads.length).toBe(1);
  });
});
