/**
 * How `costlens modernise` splits an EC2 instance's saving when commitments covered it on the day
 * its rate comes from (src/analyze/modernise/commitments.ts): every move changes the instance
 * family, so a Compute Savings Plan's share frees commitment (it had unused hours) or is cash (it
 * was used in full), while a Reserved Instance's or EC2 Instance Savings Plan's share waits until
 * it ends. Figures worked by hand: day cost $10.00, saving $20.00 a month.
 */
import { describe, expect, it } from 'vitest';
import { readModerniseCommitments, settleCommitment } from '../../src/analyze/modernise/commitments.ts';
import type { RuleFinding } from '../../src/analyze/modernise/findings.ts';
import type { QueryRowTypes } from '../../src/engine/query-types.ts';

type Row = QueryRowTypes['modernise/instance_commitments'];
const UNITS = 10n ** 10n;
const dollars = (text: string) => BigInt(Math.round(Number(text) * 1e6)) * 10n ** 4n;

/** A row of modernise/instance_commitments for i-1: hours 24 unless said, money in dollars. */
function row(id: string | null, fields: Partial<Row> & { cost: string; unused?: string }): Row {
  return {
    resource_id: 'i-1', commitment_id: id, commitment_type: 'Savings Plan', line_type: 'SavingsPlanCoveredUsage', offering_type: 'ComputeSavingsPlans',
    offering_class: null, commitment_end: '2027-08-17 00:00:00', covered_hours: 24, negated_hours: 0,
    covered_cost: dollars(fields.cost), commitment_unused: dollars(fields.unused ?? '0'), ...fields,
  };
}

const finding: RuleFinding = {
  rule: 'ec2-graviton-twin', kind: 'ec2-instance', resourceId: 'i-1', accountId: '111111111111', region: 'us-east-1', current: 'm5.xlarge',
  target: 'm6g.xlarge', platformChange: true, evidence: {}, hourlyRate: '0.4166666667', monthlyCost: '304.17', windowCost: '300',
  monthlySaving: '20.00', listMonthlySaving: '27.74', priceSource: 'catalogue', confidence: 'low', thresholds: {}, explanation: 'billed 24 h',
  action: 'move', day: '2026-12-04', costWindow: { start: '2026-11-05', end: '2026-12-05' },
  alternatives: [{ target: 'm6a.xlarge', platformChange: false, monthlySaving: '2.00', listMonthlySaving: '1.92', note: 'AMD' }],
};

/** The finding settled with the day's rows (the window's give each commitment's unused cost). */
function settle(day: Row[], window: Row[], dayCost = '10', saving = finding) {
  const commitment = readModerniseCommitments({ day, window }, '2026-12-04')('i-1', 24);
  return settleCommitment(saving, commitment, dollars(dayCost));
}

const parts = (f: ReturnType<typeof settle>) => [f.monthlySaving, f.monthlySavingCommitment, f.monthlySavingDeferred];

describe('the saving of an instance covered by commitments on the day, split', () => {
  it('a Compute Savings Plan with unused hours covering $4 of the $10 day: 40 % of the saving ($8.00) frees commitment, the rest is cash; alternatives alike', () => {
    const f = settle([row('sp-1', { cost: '4' })], [row('sp-1', { cost: '120', unused: '50' })]);
    expect(parts(f)).toEqual(['12.00', '8.00', '0.00']);
    expect(f.alternatives.map((a) => [a.monthlySaving, a.monthlySavingCommitment, a.monthlySavingDeferred])).toEqual([['1.20', '0.80', '0.00']]);
    expect(f.commitment!.sources.map((s) => s.effect)).toEqual(['frees-commitment']);
    expect(f.commitment!.freesCommitment).toBe(true);
    expect(f.explanation).toBe('billed 24 h; on 2026-12-04 Savings Plan (ComputeSavingsPlans) sp-1 covered 24 h that day and applies to m6g.xlarge too;'
      + ' it had 50.00 unused in the cost window, so its share of the saving frees commitment, not cash: the bill falls only when other usage'
      + ' takes up the freed commitment or the commitment ends');
  });

  it('two plans, one with unused hours and one used in full, each covering $4: only the first one\'s share frees commitment, and the note says which', () => {
    const f = settle([row('sp-1', { cost: '4' }), row('sp-2', { cost: '4' })], [row('sp-1', { cost: '120', unused: '50' }), row('sp-2', { cost: '120' })]);
    expect(parts(f)).toEqual(['12.00', '8.00', '0.00']);
    expect(f.commitment!.sources.map((s) => [s.id, s.effect])).toEqual([['sp-1', 'frees-commitment'], ['sp-2', 'cash']]);
    expect(f.commitment!.note).toContain('sp-2 covered 24 h that day and was used in full in the cost window: the hours it stops covering here cover other usage, so its share of the saving is cash');
  });

  it('a convertible Reserved Instance covering $5: half the saving waits until it ends or is exchanged, the other half is cash', () => {
    const ri = { commitment_type: 'Reserved Instance', line_type: 'DiscountedUsage', offering_type: null, offering_class: 'convertible', commitment_end: '2027-10-01 00:00:00' };
    const f = settle([row('ri-1', { ...ri, cost: '5', covered_hours: 12 })], [row('ri-1', { ...ri, cost: '150', unused: '0' })]);
    expect(parts(f)).toEqual(['10.00', '0.00', '10.00']);
    expect(f.commitment!.coveredShare).toBe(0.5);
    expect(f.commitment!.note).toBe('Reserved Instance (convertible) ri-1 covered 12 h that day and applies to the m5 family only, not to m6g.xlarge:'
      + ' its share of the saving waits until it ends on 2027-10-01 or is exchanged for the new family (a convertible reservation);'
      + ' moved before then, m6g.xlarge runs on-demand while the commitment keeps billing');
  });

  it('an EC2 Instance Savings Plan and a plan whose offering type the bill does not give both wait; a Compute plan with no ARN frees commitment (its unused hours are unknown)', () => {
    const f = settle(
      [row('sp-ec2', { cost: '2', offering_type: 'EC2InstanceSavingsPlans' }), row('sp-x', { cost: '2', offering_type: null }), row(null, { cost: '2' })],
      [row('sp-ec2', { cost: '60' }), row('sp-x', { cost: '60' }), row(null, { cost: '60' })]);
    expect(f.commitment!.sources.map((s) => [s.id, s.effect])).toEqual([['sp-ec2', 'deferred'], ['sp-x', 'deferred'], [null, 'frees-commitment']]);
    expect(parts(f)).toEqual(['8.00', '4.00', '8.00']);
    expect(f.commitment!.note).toContain('the bill does not say whether it is a Compute Savings Plan (which would apply to m6g.xlarge), so its share of the saving is not counted as cash');
  });

  it('parts are rounded once and add up to the saving: $0.03 over three equal thirds, and $0.01 × 0.4999999996 is $0.00', () => {
    const ri = { commitment_type: 'Reserved Instance', line_type: 'DiscountedUsage', offering_type: null };
    const thirds = settle([row('sp-1', { cost: '1' }), row('ri-1', { ...ri, cost: '1' })], [row('sp-1', { cost: '30', unused: '1' }), row('ri-1', { ...ri, cost: '30' })],
      '3', { ...finding, monthlySaving: '0.03' });
    expect(parts(thirds)).toEqual(['0.01', '0.01', '0.01']);
    const edge = readModerniseCommitments({ day: [{ ...row('sp-1', { cost: '0' }), covered_cost: 4_999_999_996n }], window: [row('sp-1', { cost: '30', unused: '1' })] }, '2026-12-04');
    expect(parts(settleCommitment({ ...finding, monthlySaving: '0.01' }, edge('i-1', 24), UNITS))).toEqual(['0.01', '0.00', '0.00']);
  });

  it('an unpriced finding stays unpriced, and an instance no commitment covered keeps its whole saving as cash', () => {
    expect(parts(settle([row('sp-1', { cost: '4' })], [row('sp-1', { cost: '120', unused: '50' })], '10', { ...finding, monthlySaving: null }))).toEqual([null, null, null]);
    const plain = settle([], []);
    expect([...parts(plain), plain.commitment, plain.explanation]).toEqual(['20.00', '0.00', '0.00', null, 'billed 24 h']);
  });
});
