import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsizingRecommendation } from '../../src/analyze/rightsizing/recommend.ts';
import type { CommitmentCoverage } from '../../src/analyze/instance-commitments.ts';
import { costlens, sqlRows } from '../helpers/cli.ts';
import { parseCsvRecords } from '../helpers/csv.ts';
import type { CurLine } from './cur-fixture.ts';
import { days, jsonOf, series, storeWith, type MetricPoint } from './fixtures.ts';

/**
 * Savings a bill would show, on a hand-made legacy CUR with one line a day per charge. As of
 * 2026-03-15 the cost window is 2026-02-13 … 2026-03-14 (30 days, 720 h), taken × 730/720 as a
 * month of 730 h; catalogue prices
 * (us-east-1): m5.2xlarge 0.384, m5.xlarge 0.192, m5.large 0.096, t3.large 0.0832, t3.medium 0.0416.
 *
 * - i-0sp, m5.2xlarge, all its hours on Savings Plan sp-1 at 0.2688 (6.4512 a day); sp-1 commits
 *   0.30 an hour (7.20 a day) and nothing else uses it: 0.7488 a day unused, 22.464 in the window.
 * - i-0ri, m5.xlarge, all its hours on Reserved Instance ri-1 at 0.12 effective (2.88 a day); the
 *   RI reserves two instances, so the RIFee of February (16 of its 28 days in the window) has 672
 *   unused hours (47.04 recurring + 33.60 upfront = 80.64) and March's (14 of 31 days) 1,152
 *   (80.64 + 57.60 = 138.24): 80.64 × 16/28 + 138.24 × 14/31 = 46.08 + 62.4309677419 unused.
 * - i-0part, m5.2xlarge, 12 h a day on Savings Plan sp-2 (3.2256) and 12 h on demand (4.608);
 *   sp-2 is used in full.
 * - i-0short, t3.large on demand 8 h a day (0.6656): 240 h in the window.
 * - i-0win, m5.xlarge Windows (RunInstances:0002), all its hours on ri-2, a Windows reservation
 *   used in full (2.88 a day effective): not size-flexible, so it does not apply to m5.large.
 * - i-0zone, m5.xlarge Linux, all its hours on ri-3, a zonal reservation (us-east-1a, written on
 *   its RIFee lines only, as AWS writes it) of two instances, one unused (2.88 a day effective): not
 *   size-flexible either.
 */
const A = '111111111111';
const SP1 = `arn:aws:savingsplans::${A}:savingsplan/11111111-aaaa-bbbb-cccc-000000000001`;
const SP2 = `arn:aws:savingsplans::${A}:savingsplan/22222222-aaaa-bbbb-cccc-000000000002`;
const RI1 = `arn:aws:ec2:us-east-1:${A}:reserved-instances/33333333-aaaa-bbbb-cccc-000000000003`;
const RI2 = `arn:aws:ec2:us-east-1:${A}:reserved-instances/44444444-aaaa-bbbb-cccc-000000000004`;
const RI3 = `arn:aws:ec2:us-east-1:${A}:reserved-instances/55555555-aaaa-bbbb-cccc-000000000005`;
const BILL = days('2026-02-01', '2026-03-15');
const LOOKBACK = days('2026-03-01', '2026-03-15');

const common = { account: A, region: 'us-east-1' };
const box = (resourceId: string, type: string, listRate: string) => ({ ...common, resourceId, usageType: `BoxUsage:${type}`, instanceType: type, listRate });

const perDay = (day: string): CurLine[] => [
  // i-0sp: covered usage at the on-demand cost, its negation, and sp-1's fee for the day.
  { ...box('i-0sp', 'm5.2xlarge', '0.384'), type: 'SavingsPlanCoveredUsage', start: day, quantity: 24, cost: '9.216', savingsPlanArn: SP1, spEffectiveCost: '6.4512' },
  { ...box('i-0sp', 'm5.2xlarge', '0.384'), type: 'SavingsPlanNegation', start: day, quantity: 24, cost: '-9.216', savingsPlanArn: SP1 },
  { ...common, type: 'SavingsPlanRecurringFee', start: day, usageType: 'ComputeSP:1yrNoUpfront', resourceId: SP1, quantity: 1, cost: '7.2',
    savingsPlanArn: SP1, spTotalCommitment: '7.2', spUsedCommitment: '6.4512' },
  // i-0ri: reserved hours (no unblended cost; the reservation's effective cost).
  { ...box('i-0ri', 'm5.xlarge', '0.192'), type: 'DiscountedUsage', start: day, quantity: 24, cost: '0', reservationArn: RI1, riEffectiveCost: '2.88' },
  // i-0part: half covered by sp-2 (used in full), half on demand.
  { ...box('i-0part', 'm5.2xlarge', '0.384'), type: 'SavingsPlanCoveredUsage', start: day, quantity: 12, cost: '4.608', savingsPlanArn: SP2, spEffectiveCost: '3.2256' },
  { ...box('i-0part', 'm5.2xlarge', '0.384'), type: 'SavingsPlanNegation', start: day, quantity: 12, cost: '-4.608', savingsPlanArn: SP2 },
  { ...box('i-0part', 'm5.2xlarge', '0.384'), type: 'Usage', start: day, quantity: 12, cost: '4.608' },
  { ...common, type: 'SavingsPlanRecurringFee', start: day, usageType: 'ComputeSP:1yrNoUpfront', resourceId: SP2, quantity: 1, cost: '3.2256',
    savingsPlanArn: SP2, spTotalCommitment: '3.2256', spUsedCommitment: '3.2256' },
  // i-0short: 8 hours a day on demand.
  { ...box('i-0short', 't3.large', '0.0832'), type: 'Usage', start: day, quantity: 8, cost: '0.6656' },
  // i-0win and i-0zone: reserved hours under reservations that are not size-flexible.
  { ...box('i-0win', 'm5.xlarge', '0.376'), type: 'DiscountedUsage', start: day, quantity: 24, cost: '0', reservationArn: RI2, riEffectiveCost: '2.88', operation: 'RunInstances:0002' },
  { ...box('i-0zone', 'm5.xlarge', '0.192'), type: 'DiscountedUsage', start: day, quantity: 24, cost: '0', reservationArn: RI3, riEffectiveCost: '2.88' },
];

const riFee = (start: string, end: string, reservedHours: number, unusedHours: number, unusedRecurring: string, unusedUpfront: string, cost: string, reservationArn = RI1): CurLine => ({
  ...common, type: 'RIFee', start, end, usageType: 'HeavyUsage:m5.xlarge', quantity: reservedHours, cost, reservationArn,
  riUnusedQuantity: String(unusedHours), riUnusedRecurringFee: unusedRecurring, riUnusedAmortizedUpfront: unusedUpfront,
});

const cpu = (id: string, p995: number, average: number): MetricPoint[] => [
  ...series(id, 'AWS/EC2', 'CPUUtilization', 'p99.5', LOOKBACK, () => p995),
  ...series(id, 'AWS/EC2', 'CPUUtilization', 'Maximum', LOOKBACK, () => p995 + 1),
  ...series(id, 'AWS/EC2', 'CPUUtilization', 'Average', LOOKBACK, () => average),
];

describe('rightsizing savings a bill would show: commitments, hours run', () => {
  let db: string;
  let recs: RightsizingRecommendation[];
  const rec = (id: string) => recs.find((r) => r.resourceId === id)!;

  beforeAll(async () => {
    db = await storeWith({
      cur: [
        ...BILL.flatMap(perDay),
        // RI fees: two reserved m5.xlarge at 0.07 recurring + 0.05 upfront an hour; one instance uses them.
        riFee('2026-02-01', '2026-03-01', 1344, 672, '47.04', '33.60', '94.08'),
        riFee('2026-03-01', '2026-04-01', 1488, 1152, '80.64', '57.60', '104.16'),
        // ri-2: one Windows m5.xlarge at 0.07 recurring + 0.05 upfront an hour, used in full; ri-3: as ri-1, zonal.
        riFee('2026-02-01', '2026-03-01', 672, 0, '0', '0', '47.04', RI2),
        riFee('2026-03-01', '2026-04-01', 744, 0, '0', '0', '52.08', RI2),
        { ...riFee('2026-02-01', '2026-03-01', 1344, 672, '47.04', '33.60', '94.08', RI3), riAvailabilityZone: 'us-east-1a' },
        { ...riFee('2026-03-01', '2026-04-01', 1488, 1152, '80.64', '57.60', '104.16', RI3), riAvailabilityZone: 'us-east-1a' },
      ],
      metrics: [
        ...cpu('i-0sp', 12, 5), ...cpu('i-0ri', 10, 4), ...cpu('i-0part', 12, 5), ...cpu('i-0short', 30, 15), ...cpu('i-0win', 10, 4), ...cpu('i-0zone', 10, 4),
        ...series('i-0short', 'CWAgent', 'mem_used_percent', 'Average', LOOKBACK, () => 30),
      ],
    });
    recs = await jsonOf<RightsizingRecommendation[]>(db, 'rightsize', '--as-of', '2026-03-15');
  });

  it('the store holds what the fixture says: EffectiveCost of sp-1\'s fees is its unused commitment, 30 × 0.7488 in the window', async () => {
    const [fees] = await sqlRows(db, `SELECT sum(EffectiveCost) AS unused FROM line_items WHERE x_LineItemType = 'SavingsPlanRecurringFee'
      AND CommitmentDiscountId = '${SP1}' AND ChargePeriodStart >= TIMESTAMP '2026-02-13' AND ChargePeriodStart < TIMESTAMP '2026-03-15'`);
    expect(fees.unused).toBe('22.4640000000');
  });

  it('cash first, then what only frees commitment: one recommendation each, with the hours each ran', () => {
    expect(recs.map((r) => [r.resourceId, r.recommendedType, r.hoursRun, r.windowCost, r.monthlySavingBill, r.monthlySavingCommitment])).toEqual([
      ['i-0part', 'm5.large', 720, '235.0080000000', '178.70', '0.00'], // 30 × (3.2256 + 4.608) × 730/720 × (1 − 0.096 / 0.384) = 178.704
      ['i-0short', 't3.medium', 240, '19.9680000000', '10.12', '0.00'], // 30 × 0.6656 × 730/720 × (1 − 0.0416 / 0.0832) = 10.1226…
      ['i-0sp', 'm5.large', 720, '193.5360000000', '0.00', '147.17'], // 30 × 6.4512 × 730/720 × 0.75 = 147.168, all of it commitment
      ['i-0ri', 'm5.large', 720, '86.4000000000', '0.00', '43.80'], // 30 × 2.88 × 730/720 × 0.5
      // Not i-0win and i-0zone: their reservations apply to m5.xlarge only, so on m5.large all 720 h would run on-demand while they keep
      // billing: the move saves 0.00 in cash and frees no commitment, and is not a recommendation (the rule modernise applies).
    ]);
  });

  it('a reservation that is not size-flexible (Windows, zonal) does not follow a resize: its hours are left out, so the resize saves nothing and is left out, saying why and what resizing early costs', async () => {
    expect(rec('i-0ri').commitment?.sources.map((c) => [c.id, c.sizeLock])).toEqual([[RI1, null]]);
    expect(rec('i-0ri').explanation).not.toContain('size-flexible');
    expect(recs.map((r) => r.resourceId)).not.toContain('i-0win');
    const detail = await costlens(db, 'rightsize', '--as-of', '2026-03-15', '--detail');
    const left = detail.stdout.slice(detail.stdout.indexOf('\n2 recommendations left out (not in the figures above): the move saves nothing on the bill\n'));
    // 30 × 2.88 = 86.40 covered of 86.40; m5.large on-demand 0.096 × 720 h = 69.12 on top if resized before other m5.xlarge usage takes the reservation up.
    const why = 'a commitment that does not follow the move to m5.large or m6g.medium covered $86.40 of its $86.40 over 13 Feb – 14 Mar 2026; moved before the'
      + ' commitment is taken up or ends, the 720 h it covered would run on-demand while it keeps billing (m5.large about $69.12 over the window)';
    expect(left).toContain(`\n  i-0win rightsize-downsize: m5.xlarge → m5.large (or m6g.medium) in us-east-1: ${why}\n    evidence: `);
    expect(left).toContain(`\n  i-0zone rightsize-downsize: m5.xlarge → m5.large (or m6g.medium) in us-east-1: ${why}\n    evidence: `);
    expect(left).toContain(`. The Reserved Instance ${RI2} (Windows) covering 720 h of the window is not size-flexible`);
    expect(left).toMatch(/it applies to m5\.xlarge only, not to m5\.large, so on m5\.large those hours would run on-demand while it keeps billing, and the saving leaves them out, in cash and in commitment\. Resized before other m5\.xlarge usage takes it up or it ends, they would cost on top \(m5\.large about 69\.12 over the window\)\n/);
    expect(left).toContain(`. The Reserved Instance ${RI3} (zonal (us-east-1a)) covering 720 h`);
    // The store holds what the fixture wrote: the operation on the covered lines, the zone on the RIFee lines alone.
    const rows = await sqlRows(db, `SELECT ResourceId AS id, any_value(x_Operation) AS operation, any_value(x_ReservationAvailabilityZone) AS zone
      FROM line_items WHERE x_LineItemType = 'DiscountedUsage' AND ResourceId IN ('i-0win', 'i-0zone') GROUP BY ResourceId ORDER BY ResourceId`);
    expect(rows).toEqual([{ id: 'i-0win', operation: 'RunInstances:0002', zone: null }, { id: 'i-0zone', operation: 'RunInstances', zone: null }]);
    const fees = await sqlRows(db, `SELECT CommitmentDiscountId AS arn, any_value(x_ReservationAvailabilityZone) AS zone FROM line_items
      WHERE x_LineItemType = 'RIFee' GROUP BY 1 ORDER BY 1`);
    expect(fees).toEqual([{ arn: RI1, zone: null }, { arn: RI2, zone: null }, { arn: RI3, zone: 'us-east-1a' }]);
  });

  it('a Savings-Plan-covered instance while the plan had unused commitment: the saving frees commitment, not cash', () => {
    expect(rec('i-0sp').commitment).toEqual({
      coveredShare: 1, coveredHours: 720, coveredCost: '193.5360000000', unusedInWindow: '22.4640000000', freesCommitment: true,
      note: `covered by Savings Plan ${SP1} for 720 of its 720 hours (100 %); the commitment had 22.46 unused in the window, so the covered part`
        + ' of the saving frees commitment, not cash: the bill falls only when other usage takes up the freed commitment or the commitment ends',
      sources: [{
        type: 'Savings Plan', id: SP1, lineType: 'SavingsPlanCoveredUsage', offeringType: 'ComputeSavingsPlans', sizeLock: null, coveredHours: 720, coveredCost: '193.5360000000',
        unusedInWindow: '22.4640000000',
      }],
    });
  });

  it('a Reserved Instance with unused hours (RIFee lines prorated into the window) likewise', () => {
    const r = rec('i-0ri');
    expect([r.commitment?.sources, r.commitment?.freesCommitment]).toEqual([
      [{ type: 'Reserved Instance', id: RI1, lineType: 'DiscountedUsage', offeringType: null, sizeLock: null, coveredHours: 720, coveredCost: '86.4000000000', unusedInWindow: '108.5109677419' }],
      true,
    ]);
  });

  it('half covered by a plan that was used in full: share 0.5, the whole saving is cash at the effective rate', () => {
    const c = rec('i-0part').commitment as CommitmentCoverage;
    expect([c.coveredShare, c.coveredHours, c.coveredCost, c.unusedInWindow, c.freesCommitment]).toEqual([0.5, 360, '96.7680000000', '0.0000000000', false]);
    expect(c.note).toBe(`covered by Savings Plan ${SP2} for 360 of its 720 hours (50 %); the commitment was fully used in the window, so the hours`
      + ' it stops covering here can cover other usage: the saving is priced at the effective rate and counted as cash');
  });

  it('an instance that ran 240 of the 720 hours: list saving per 730 h and for its 240 h; the bill saving stays within its 19.97 × 730/720 = 20.25', () => {
    const r = rec('i-0short');
    // (0.0832 − 0.0416) × 730 = 30.368; × 240 = 9.984; the bill's 19.968 × 730/720 × 0.5 = 10.1226….
    expect([r.commitment, r.listSavingPer730h, r.listSavingForHoursRun, r.monthlySavingBill]).toEqual([null, '30.37', '9.98', '10.12']);
  });

  it('list savings of the covered ones are at the on-demand list price: (0.384 − 0.096) × 730 and × 720', () => {
    expect([rec('i-0sp').listSavingPer730h, rec('i-0sp').listSavingForHoursRun, rec('i-0ri').listSavingForHoursRun]).toEqual(['210.24', '207.36', '69.12']);
  });

  it('the table\'s total counts cash only and names the freed commitment apart; CSV carries every figure', async () => {
    const table = await costlens(db, 'rightsize', '--as-of', '2026-03-15');
    expect(table.stdout.split('\n')[0]).toBe('Rightsizing as of 15 Mar 2026 (look-back 1–14 Mar 2026): 4 recommendations,'
      + ' $188.82 a month saved on the bill (EffectiveCost 13 Feb – 14 Mar 2026 × 730/720: a month of 730 h); $190.97 more frees commitment, not cash'
      + ' (2 covered by a commitment with unused hours); 2 recommendations covered by a commitment that does not follow the move left out: the move saves'
      + ' nothing on the bill (listed below, not in these figures)');
    // Cash 178.70 + 10.12, commitment 147.17 + 43.80.
    const csv = await costlens(db, 'rightsize', '--as-of', '2026-03-15', '--format', 'csv');
    expect(csv.stderr).toContain('costlens: 2 recommendations covered by a commitment that does not follow the move left out: the move saves nothing on the bill'
      + ' (run with --format table to see them)\n');
    const [header, ...rows] = parseCsvRecords(csv.stdout);
    const column = (name: string) => header.indexOf(name);
    const sp = rows.find((r) => r[column('resource_id')] === 'i-0sp')!;
    expect(['hours_run', 'monthly_saving_bill', 'monthly_saving_commitment', 'list_saving_per_730h', 'list_saving_for_hours_run', 'commitment_type',
      'commitment_id', 'commitment_covered_share', 'commitment_unused_in_window'].map((c) => sp[column(c)]))
      .toEqual(['720', '0.00', '147.17', '210.24', '207.36', 'Savings Plan', SP1, '1', '22.4640000000']);
  });
});
