import { beforeAll, describe, expect, it } from 'vitest';
import { costlens } from '../helpers/cli.ts';
import { daily, jsonOf, storeWith } from './fixtures.ts';

/**
 * The current rate of an idle finding (queries/optimisation/current_hourly_rates.cte.sql and
 * idle_elastic_ips.sql): a resource whose charges stopped before the end of the window has none;
 * an Elastic IP charge without a
 * resource id is judged per address.
 */
const A = '111111111111';
const R = 'us-east-1';

interface Finding {
  resourceId: string | null; hourlyRate: string; runRateMonthly: string; monthlySaving: string; windowCost: string;
  explanation: string; action: string; confidence: string; evidence: Record<string, unknown>;
}
const idle = (db: string, asOf: string) => jsonOf<Finding[]>(db, 'idle', '--as-of', asOf);

describe('an Elastic IP released before the end of the window has no current rate', () => {
  let findings: Finding[];
  let db: string;
  beforeAll(async () => {
    db = await storeWith({
      bill: [
        // Released on 10 March: its last line is the 10th's; the other address is charged to the data horizon (14 March).
        ...daily('2026-03-01', '2026-03-11', { account: A, region: R, resourceId: 'eipalloc-gone', usageType: 'ElasticIP:IdleAddress', quantity: 24, cost: '0.12' }),
        ...daily('2026-03-01', '2026-03-15', { account: A, region: R, resourceId: 'eipalloc-live', usageType: 'ElasticIP:IdleAddress', quantity: 24, cost: '0.12' }),
      ],
    });
    findings = await idle(db, '2026-03-15');
  });

  it('the released address saves nothing and says when it was last charged; the live one 0.005 × 730 = 3.65', () => {
    const gone = findings.find((f) => f.resourceId === 'eipalloc-gone')!;
    const live = findings.find((f) => f.resourceId === 'eipalloc-live')!;
    expect([live.hourlyRate, live.monthlySaving]).toEqual(['0.0050000000', '3.65']);
    // 3 idle days (8–10 March) × 24 h = 72 h ≥ 24: the rule fires, but the charges end at 11 March 00:00 < 15 March.
    expect([gone.hourlyRate, gone.runRateMonthly, gone.monthlySaving, gone.windowCost]).toEqual(['0.0000000000', '0.00', '0.00', '1.2000000000']);
    expect(gone.evidence.lastChargedOn).toBe('2026-03-10');
    expect(gone.explanation).toContain('last charged on 2026-03-10 (its charges end 2026-03-11 00:00:00, before the window\'s end 2026-03-15)');
    expect(gone.action).toBe('none: the bill stopped charging it; check that it was deleted on purpose');
  });

  it('--detail prints no hourly rate for the released address, only when it was last charged', async () => {
    const run = await costlens(db, 'idle', '--as-of', '2026-03-15', '--detail');
    expect(run.code, run.stderr).toBe(0);
    const money = run.stdout.split('\n').filter((l) => l.trimStart().startsWith('money:'));
    expect(money).toHaveLength(2);
    expect(money.find((l) => l.includes('last charged'))).toMatch(/^ {3}money: {6}no current rate \(last charged on 10 Mar 2026\) = \$0\.00 a month; \$1\.20 over 13 Feb – 14 Mar 2026$/);
    expect(money.find((l) => !l.includes('last charged'))).toMatch(/^ {3}money: {6}\$0\.005 an hour now \(its latest charged day\) × 730 h = \$3\.65 a month; /);
  });
});

describe('Elastic IP charges without a resource id are judged per address', () => {
  let findings: Finding[];
  let db: string;
  beforeAll(async () => {
    // Two addresses idle all day, billed on one line a day without a resource id: 48 address-hours at 0.005.
    db = await storeWith({ bill: daily('2026-03-01', '2026-03-15', { account: A, region: R, usageType: 'ElasticIP:IdleAddress', quantity: 48, cost: '0.24' }) });
    findings = await idle(db, '2026-03-15');
  });

  it('336 address-hours over 168 hours: about 2 addresses, 168 idle hours each of the last 168', () => {
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.evidence).toMatchObject({ idleHours: 336, hoursSpanned: 168, addressCount: 2, idleHoursPerAddress: 168 });
    // One finding for the two: the explanation says why (`costlens idle` printed "1 found" beside "about 2 addresses" unexplained).
    expect(f.explanation).toBe('billed 336 address-hours (ElasticIP:IdleAddress, no resource id in the bill: one finding for every address its lines hold)'
      + ' over 168 hours, about 2 addresses: 168 idle hours each of the last 168 hours');
    expect(f.confidence).toBe('high');
    expect([f.hourlyRate, f.monthlySaving]).toEqual(['0.0100000000', '7.30']);
  });

  it('costlens idle says one finding in the singular, why it is one, and its money in dollars (it read "at their current hourly rates … they cost", "= 7.30 a month; 3.36 over")', async () => {
    // 14 days (1–14 Mar 2026) × 0.24 = 3.36 over the window; 0.24 a day ÷ 24 h = 0.010 an hour × 730 h = 7.30 a month.
    const run = await costlens(db, 'idle', '--as-of', '2026-03-15', '--detail');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Idle resources as of 15 Mar 2026: 1 found, $7.30 a month saved at its current hourly rate × 730 h; it costs $3.36 (EffectiveCost 13 Feb – 14 Mar 2026;'
      + ' the store holds 14 of its 30 days; the store\'s billing data begins on 1 Mar 2026)');
    expect(lines.filter((l) => /^ {3}(evidence|money):/.test(l))).toEqual([
      '   evidence:   billed 336 address-hours (ElasticIP:IdleAddress, no resource id in the bill: one finding for every address its lines hold)'
        + ' over 168 hours, about 2 addresses: 168 idle hours each of the last 168 hours (8–14 Mar 2026)',
      '   money:      $0.010 an hour now (its latest charged day) × 730 h = $7.30 a month; $3.36 over 13 Feb – 14 Mar 2026',
    ]);
  });
});
