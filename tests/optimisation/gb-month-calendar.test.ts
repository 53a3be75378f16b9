import { beforeAll, describe, expect, it } from 'vitest';
import type { ModerniseReport } from '../../src/analyze/modernise/find.ts';
import type { IdleFinding } from '../../src/analyze/findings.ts';
import { daily, jsonOf, storeWith, type BillLine, type InventoryRow } from './fixtures.ts';

/**
 * A charge priced by the GB-month (EBS storage) is billed pro rata over the hours of its calendar
 * month: a 500 GB gp2 volume at 0.10 a GB-month is 50.00 a month, 50 / 28 = 1.7857142857 a day in
 * February and 50 / 31 = 1.6129032258 a day in March. Its monthly figure is the last day's cost ×
 * the days of that day's month, 50.00 either side of the month end; the day's cost / 24 × 730 read
 * 54.32 from a February day (30.4 days of a 28-day month's price) and 49.06 from a March one.
 * The same for modernise: a 920 GB gp2 volume (92.00 a month at 0.10) lists 92.00 − (920 × 0.08
 * + 125 MiB/s × 0.04 = 78.60) = 13.40 cheaper on gp3, and at its own February rate it saves the
 * same 13.40, where × 730 h gave 99.94 a month and 14.56 saved (more than the list saving).
 */
const A = '111111111111';
const gp2 = (resourceId: string, gb: number): BillLine[] => [
  ...daily('2025-02-01', '2025-03-01', { account: A, region: 'us-east-1', resourceId, usageType: 'EBS:VolumeUsage.gp2',
    quantity: Number((gb / 28).toFixed(10)), cost: (gb * 0.1 / 28).toFixed(10) }),
  ...daily('2025-03-01', '2025-03-15', { account: A, region: 'us-east-1', resourceId, usageType: 'EBS:VolumeUsage.gp2',
    quantity: Number((gb / 31).toFixed(10)), cost: (gb * 0.1 / 31).toFixed(10) }),
];
const unattached = (resourceId: string, observedAt: string): InventoryRow => ({
  resourceId, account: A, region: 'us-east-1', service: 'AmazonEC2', resourceType: 'volume', instanceType: 'gp2', state: 'available', observedAt,
});

describe('a GB-month charge\'s monthly figure is its month\'s price, whatever the length of the last day\'s month', () => {
  let db: string;

  beforeAll(async () => {
    db = await storeWith({
      bill: [...gp2('vol-0500', 500), ...gp2('vol-0920', 920)],
      // vol-0920 is attached (an account with no instances on the bill would make it idle, and modernise leaves idle resources to idle).
      inventory: [unattached('vol-0500', '2025-02-28T12:00:00Z'), unattached('vol-0500', '2025-03-14T12:00:00Z'),
        { ...unattached('vol-0920', '2025-02-28T12:00:00Z'), state: 'in-use', attachedTo: 'i-0920' }],
    });
  });

  it('idle: the 500 GB volume saves 50.00 a month from its February day (1.7857142857 × 28) and from its March day (1.6129032258 × 31)', async () => {
    const feb = (await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2025-03-01')).find((f) => f.resourceId === 'vol-0500')!;
    const mar = (await jsonOf<IdleFinding[]>(db, 'idle', '--as-of', '2025-03-15')).find((f) => f.resourceId === 'vol-0500')!;
    // 49.9999999996 / 730 = 0.0684931507 and 49.9999999998 / 730 = 0.0684931507: rates of a 730-hour month.
    expect([feb.rule, feb.hourlyRate, feb.runRateMonthly, feb.monthlySaving]).toEqual(['ebs-unattached', '0.0684931507', '50.00', '50.00']);
    expect([mar.rule, mar.hourlyRate, mar.runRateMonthly, mar.monthlySaving]).toEqual(['ebs-unattached', '0.0684931507', '50.00', '50.00']);
  });

  it('modernise: the 920 GB gp2 volume costs 92.00 a month on its February day and saves 13.40 in cash, the list saving', async () => {
    const report = await jsonOf<ModerniseReport>(db, 'modernise', '--as-of', '2025-03-01');
    const f = report.findings.find((x) => x.resourceId === 'vol-0920')!;
    // 3.2857142857 / 24 = 0.1369047619 an hour × 672 h of February = 91.9999999968 → 92.00; × 13.40 / 92.00 = 13.40.
    expect([f.rule, f.hourlyRate, f.monthlyCost, f.monthlySaving, f.listMonthlySaving, f.evidence.sizeGb, f.evidence.hoursInMonth])
      .toEqual(['ebs-gp2-to-gp3', '0.1369047619', '92.00', '13.40', '13.40', 920, 672]);
  });
});
