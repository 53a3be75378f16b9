/**
 * On the demo, the unattached gp2 volume vol-0632e338a980e9bdb (planted idle: src/demo/truth.ts)
 * got two contradictory pieces of advice: `costlens idle` "snapshot the volume, then delete it",
 * `costlens modernise` "modify the volume type to gp3 in place" (5.00 a month), and the modernisation
 * total counted that saving. With metrics and inventory, modernise now leaves it out (idle's
 * ebs-unattached), and leaves out the Graviton twins of the instances rightsizing resizes. From the
 * bill alone (cur2 only) idle's bill-only rules flag none of modernise's resources, so the bill-only
 * store's report is the full list: the two reports must partition it, finding for finding and to the cent.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import { cachedDemoStore } from '../helpers/cached-stores.ts';
import { costlens } from '../helpers/cli.ts';

const VOLUME = 'vol-0632e338a980e9bdb';

async function json<T>(db: string, ...args: string[]): Promise<T> {
  const run = await costlens(db, ...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** Cents of a two-decimal money text, parsed here apart from src/lib/money.ts. */
const cents = (text: string | null) => {
  expect(text).toMatch(/^\d+\.\d\d$/);
  return BigInt(text!.replace('.', ''));
};
const twoDecimals = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
const key = (f: { rule: string; resourceId: string }) => `${f.rule} ${f.resourceId}`;

describe('modernise on the demo: one piece of advice per resource', () => {
  let full: ModerniseReport;
  let billOnly: ModerniseReport;
  let idle: { rule: string; resourceId: string | null; action: string }[];
  let rightsize: { rule: string; resourceId: string; recommendedType: string | null; move: string | null }[];

  beforeAll(async () => {
    const demo = inject('demoDir');
    const [fullDb, billDb] = [await cachedDemoStore(demo, ['cur2', 'metrics.csv', 'inventory.csv']), await cachedDemoStore(demo, ['cur2'])];
    [full, billOnly, idle, rightsize] = await Promise.all([
      json<ModerniseReport>(fullDb, 'modernise'), json<ModerniseReport>(billDb, 'modernise'), json<typeof idle>(fullDb, 'idle'), json<typeof rightsize>(fullDb, 'rightsize'),
    ]);
  }, 600_000);

  it('the unattached volume is left out as idle\'s (ebs-unattached, delete it), not listed as gp2 → gp3', () => {
    expect(full.findings.map((f) => f.resourceId)).not.toContain(VOLUME);
    expect(full.supersededByIdle.map((f) => [f.rule, f.resourceId, f.current, f.target, f.monthlySaving, f.supersededBy.command, f.supersededBy.rule]))
      .toEqual([['ebs-gp2-to-gp3', VOLUME, 'gp2', 'gp3', '5.00', 'idle', 'ebs-unattached']]);
    const flagged = idle.find((f) => f.resourceId === VOLUME)!;
    expect([flagged.rule, full.supersededByIdle[0].supersededBy.action]).toEqual(['ebs-unattached', flagged.action]);
    expect(billOnly.findings.find((f) => f.resourceId === VOLUME)?.monthlySaving).toBe('5.00');
    expect([billOnly.supersededByIdle, billOnly.supersededByRightsizing]).toEqual([[], []]);
  });

  it('the left-out sets are exactly idle\'s resources and rightsizing\'s resized instances among the bill-only findings', () => {
    const listed = new Set(billOnly.findings.map((f) => f.resourceId));
    const idleIds = new Set(idle.map((f) => f.resourceId));
    expect(full.supersededByIdle.map((f) => f.resourceId).sort()).toEqual([...listed].filter((id) => idleIds.has(id)).sort());
    const resized = new Set(rightsize.filter((r) => r.move !== null).map((r) => r.resourceId));
    const instances = billOnly.findings.filter((f) => f.kind === 'ec2-instance' && resized.has(f.resourceId) && !idleIds.has(f.resourceId));
    expect(full.supersededByRightsizing.map(key).sort()).toEqual(instances.map(key).sort());
    expect(full.supersededByRightsizing.length).toBe(23);
    expect(new Set(full.supersededByRightsizing.map((f) => f.rule))).toEqual(new Set(['ec2-graviton-twin']));
    for (const f of full.supersededByRightsizing) {
      const r = rightsize.find((x) => x.resourceId === f.resourceId)!;
      expect([f.supersededBy.rule, f.supersededBy.target], f.resourceId).toEqual([r.rule, r.recommendedType]);
    }
  });

  it('kept and left out partition the bill-only list, each with the same figures; the totals reconcile to the cent', () => {
    const byKey = new Map(billOnly.findings.map((f) => [key(f), f]));
    const left = [...full.supersededByIdle, ...full.supersededByRightsizing];
    expect([...full.findings, ...left].map(key).sort()).toEqual([...byKey.keys()].sort());
    for (const f of full.findings) expect(f, key(f)).toEqual(byKey.get(key(f)));
    for (const f of left) {
      const same = byKey.get(key(f))!;
      expect([f.monthlyCost, f.monthlySaving, f.listMonthlySaving], key(f)).toEqual([same.monthlyCost, same.monthlySaving, same.listMonthlySaving]);
    }
    const sum = (values: (string | null)[]) => values.reduce((s, v) => s + cents(v), 0n);
    expect(full.totalMonthlySaving).toBe(twoDecimals(sum(full.findings.map((f) => f.monthlySaving))));
    expect(full.totalMonthlyCost).toBe(twoDecimals(sum(full.findings.map((f) => f.monthlyCost))));
    expect(cents(full.totalMonthlySaving) + sum(left.map((f) => f.monthlySaving))).toBe(cents(billOnly.totalMonthlySaving));
    expect(cents(full.totalMonthlyCost) + sum(left.map((f) => f.monthlyCost))).toBe(cents(billOnly.totalMonthlyCost));
    // 1,854.96 a month from the bill alone; 631.67 of it (5.00 the idle volume's, 626.67 the resized instances' twins) is left out.
    expect([billOnly.totalMonthlySaving, full.totalMonthlySaving, twoDecimals(sum(left.map((f) => f.monthlySaving)))]).toEqual(['1854.96', '1223.29', '631.67']);
    expect(full.countsByRule).toEqual({ 'ec2-graviton-twin': 59, 'ebs-gp2-to-gp3': 20, 'ec2-older-generation': 4, 's3-standard-cold': 1 });
  });
});
