import { beforeAll, describe, expect, it } from 'vitest';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { sqlRows } from '../helpers/cli.ts';
import { COVERED_AS_OF, coveredIdleStore } from './idle-commitment-store.ts';
import { jsonOf } from './fixtures.ts';

/**
 * On the README's covered demo (`--scale 0.2 --months 2 --as-of 2025-03-15`, idle.ec2 thresholds
 * raised), every idle EC2 instance's run-rate is its last complete day's EffectiveCost (all its
 * lines of 2025-03-14) × 730 / 24, to the cent, as SQL on the store's line items gives it. Two
 * t3.large instances run 08:00–20:00 (12 × 0.0832 = 0.9984 a day) beside a daily DataTransfer-Out
 * line: only that line reached midnight, the latest moment of their charges, so their run-rates
 * left their hours out (117.16 and 327.43 where the day costs 147.53 and 357.80 a month).
 */
describe('idle run-rates on the demo are the last complete day × 730 / 24', () => {
  let findings: IdleFinding[];
  let byDay: Map<string, string>;

  beforeAll(async () => {
    const { db, configPath } = await coveredIdleStore();
    findings = (await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', COVERED_AS_OF, '--config', configPath)).filter((f) => f.kind === 'ec2-instance');
    const ids = findings.map((f) => `'${f.resourceId!.replaceAll("'", "''")}'`).join(', ');
    const rows = await sqlRows(db, `SELECT ResourceId AS id, CAST(CAST(round(coalesce(sum(EffectiveCost) FILTER (WHERE ChargePeriodStart >= TIMESTAMP '2025-03-14'
        AND ChargePeriodStart < TIMESTAMP '2025-03-15'), 0) * 730 / 24, 2) AS DECIMAL(18, 2)) AS VARCHAR) AS run_rate
      FROM line_items WHERE ResourceId IN (${ids}) GROUP BY 1`);
    byDay = new Map(rows.map((r) => [r.id!, r.run_rate!]));
  }, 240_000);

  it('every EC2 finding (24) has the run-rate SQL gives its 2025-03-14', () => {
    expect(findings).toHaveLength(24);
    expect(Object.fromEntries(findings.map((f) => [f.resourceId, f.runRateMonthly]))).toEqual(Object.fromEntries(findings.map((f) => [f.resourceId, byDay.get(f.resourceId!)])));
  });

  it('the two instances run 08:00–20:00 count their hours: (0.9984 + 3.85176321) × 730 / 24 = 147.53 and (0.9984 + 10.764837) × 730 / 24 = 357.80', () => {
    const rate = (id: string) => findings.find((f) => f.resourceId === id)!;
    expect([rate('i-00ce20a24fdc1ae22').hourlyRate, rate('i-00ce20a24fdc1ae22').runRateMonthly]).toEqual(['0.2020901338', '147.53']);
    expect([rate('i-0f69cbb1f7d030bc4').hourlyRate, rate('i-0f69cbb1f7d030bc4').runRateMonthly]).toEqual(['0.4901348750', '357.80']);
  });
});
