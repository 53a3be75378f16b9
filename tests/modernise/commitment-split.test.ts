/**
 * How `costlens modernise` splits an EC2 instance's saving by the commitments that covered it on
 * the day its rate comes from (src/analyze/modernise/commitments.ts): every move changes the
 * instance family, so a Compute Savings Plan's share frees commitment (its commitment was not all
 * used that day) or is cash (it was), while the hours a Reserved Instance or EC2 Instance Savings
 * Plan covered leave the cash saving and save at list prices once other usage of the family takes
 * the commitment up or it ends. Figures worked by hand: a day of 24 h costing $10.00, a saving of
 * $20.00 a month at the instance's own rate and $27.74 at list prices.
 */
import { describe, expect, it } from 'vitest';
import { readModerniseCommitments, settleCommitment } from '../../src/analyze/modernise/commitments.ts';
import { moderniseTable, type RuleFinding } from '../../src/analyze/modernise/findings.ts';
import type { QueryRowTypes } from '../../src/engine/query-types.ts';

type Row = QueryRowTypes['modernise/instance_commitments'];
const UNITS = 10n ** 10n;
const dollars = (text: string) => BigInt(Math.round(Number(text) * 1e6)) * 10n ** 4n;

/** A row of modernise/instance_commitments for i-1: hours 24 unless said, money in dollars. */
function row(id: string | null, fields: Partial<Row> & { cost: string; unused?: string }): Row {
  return {
    resource_id: 'i-1', commitment_id: id, commitment_type: 'Savings Plan', line_type: 'SavingsPlanCoveredUsage', offering_type: 'ComputeSavingsPlans',
    offering_class: null, commitment_end: '2027-08-17 00:00:00', operation: 'RunInstances', usage_type: 'BoxUsage:m5.xlarge', reservation_zone: null,
    covered_hours: 24, negated_hours: 0,
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

/** The finding settled with the day's commitment rows. */
function settle(day: Row[], dayCost = '10', saving = finding) {
  const commitment = readModerniseCommitments(day, '2026-12-04')('i-1', 24);
  return settleCommitment(saving, commitment, dollars(dayCost), 24);
}

const parts = (f: ReturnType<typeof settle>) => [f.monthlySaving, f.monthlySavingCommitment, f.monthlySavingDeferred];

const RI = { commitment_type: 'Reserved Instance', line_type: 'DiscountedUsage', offering_type: null, offering_class: 'standard', commitment_end: '2027-10-01 00:00:00' };

describe('the saving of an instance covered by commitments on the day, split', () => {
  it('a Compute Savings Plan with commitment unused that day, covering $4 of the $10 day: 40 % of the saving ($8.00) frees commitment, the rest is cash; alternatives alike', () => {
    const f = settle([row('sp-1', { cost: '4', covered_hours: 9.6, unused: '1.5' })]);
    expect(parts(f)).toEqual(['12.00', '8.00', '0.00']);
    expect(f.alternatives.map((a) => [a.monthlySaving, a.monthlySavingCommitment, a.monthlySavingDeferred])).toEqual([['1.20', '0.80', '0.00']]);
    expect(f.commitment!.sources.map((s) => s.effect)).toEqual(['frees-commitment']);
    expect(f.commitment!.freesCommitment).toBe(true);
    expect(f.explanation).toBe('billed 24 h; on 2026-12-04 the Compute Savings Plan sp-1 (9.6 h) applies to m6g.xlarge too but had commitment unused that day,'
      + ' so its share of the saving (8.00) frees commitment, not cash: the bill falls only when other usage takes it up or the plan ends');
  });

  it('two plans, one with commitment unused that day and one used in full, each covering $4: only the first one\'s share frees commitment, and the note says which', () => {
    const f = settle([row('sp-1', { cost: '4', covered_hours: 9.6, unused: '1.5' }), row('sp-2', { cost: '4', covered_hours: 9.6 })]);
    expect(parts(f)).toEqual(['12.00', '8.00', '0.00']);
    expect(f.commitment!.sources.map((s) => [s.id, s.effect])).toEqual([['sp-1', 'frees-commitment'], ['sp-2', 'cash']]);
    expect(f.commitment!.note).toContain('the Compute Savings Plan sp-2 (9.6 h) used all its commitment that day: what the instance stops using covers other usage, so that share of the saving is cash');
  });

  it('a reservation covering 12 of the 24 hours ($5): those hours leave the cash saving (10.00 left) and save half the list saving (13.87) once it is taken up or ends; moving early costs the new type on-demand', () => {
    const f = settle([row('ri-1', { ...RI, offering_class: 'convertible', cost: '5', covered_hours: 12 })], '10',
      { ...finding, evidence: { targetCatalogueRatePerHour: 0.154 } });
    expect(parts(f)).toEqual(['10.00', '0.00', '13.87']);
    expect(f.alternatives.map((a) => [a.monthlySaving, a.monthlySavingDeferred])).toEqual([['1.00', '0.96']]);
    expect(f.commitment!.coveredShare).toBe(0.5);
    expect(f.commitment!.note).toBe('on 2026-12-04 the Reserved Instance ri-1 (convertible, 12 h) applies to the m5 family only, not to m6g.xlarge:'
      + ' on m6g.xlarge those hours run on-demand while it keeps billing, so they save 13.87 a month (at list prices) only once other m5 usage'
      + ' takes up its hours (a regional reservation moves to such usage by itself) or it ends (2027-10-01); moved before then with nothing to'
      + ' take them up, m6g.xlarge costs its on-demand price for them on top (about 56.21 a month)');
  });

  it('the CSV carries each alternative\'s commitment figures, and several commitments apart (`; `)', () => {
    const cells = (f: ReturnType<typeof settle>) => {
      const table = moderniseTable([f]);
      return Object.fromEntries(['alternatives', 'commitment_type', 'commitment_id'].map((c) => [c, table.rows[0][table.columns.indexOf(c)]]));
    };
    // m6a.xlarge saves 2.00: the reservation's $5 of the $10 day leaves 1.00, of which the plan's $4 frees 0.80; 1.92 × 12/24 h = 0.96 later.
    expect(cells(settle([row('sp-1', { cost: '4', covered_hours: 9.6, unused: '1.5' }), row('ri-1', { ...RI, cost: '5', covered_hours: 12 })]))).toEqual({
      alternatives: 'm6a.xlarge:0.20 (frees 0.80 of commitment, 0.96 after commitments)', commitment_type: 'Savings Plan; Reserved Instance', commitment_id: 'sp-1; ri-1',
    });
    expect(cells(settle([]))).toEqual({ alternatives: 'm6a.xlarge:2.00', commitment_type: null, commitment_id: null });
  });

  it('an EC2 Instance Savings Plan and a plan whose offering type the bill does not give both keep their hours out of the cash; a Compute plan with no ARN frees commitment', () => {
    const f = settle([row('sp-ec2', { cost: '2', covered_hours: 4.8, offering_type: 'EC2InstanceSavingsPlans' }), row('sp-x', { cost: '2', covered_hours: 4.8, offering_type: null }),
      row(null, { cost: '2', covered_hours: 4.8 })]);
    expect(f.commitment!.sources.map((s) => [s.id, s.effect])).toEqual([['sp-ec2', 'deferred'], ['sp-x', 'deferred'], [null, 'frees-commitment']]);
    // kept: 20 × 6/10 = 12.00, of which 20 × 2/10 = 4.00 frees commitment; deferred: 27.74 × 9.6/24 = 11.096
    expect(parts(f)).toEqual(['8.00', '4.00', '11.10']);
    expect(f.commitment!.note).toContain('the commitments sp-ec2 (EC2 Instance Savings Plan, 4.8 h), sp-x (Savings Plan, 4.8 h) do not all apply to m6g.xlarge');
    expect(f.commitment!.note).toContain('may have commitment unused that day');
  });

  it('parts are rounded once: $0.01 × 0.4999999996 frees $0.00; covered cost past the day\'s is capped, so no part is negative or more than the saving', () => {
    const edge = readModerniseCommitments([{ ...row('sp-1', { cost: '0', unused: '1' }), covered_cost: 4_999_999_996n }], '2026-12-04');
    expect(parts(settleCommitment({ ...finding, monthlySaving: '0.01' }, edge('i-1', 24), UNITS, 24))).toEqual(['0.01', '0.00', '0.00']);
    const over = settle([row('sp-1', { cost: '7', unused: '1', covered_hours: 12 }), row('ri-1', { ...RI, cost: '7', covered_hours: 12 })]);
    // the reservation's $7 leaves $3 of the day; the plan's share is capped at that: 20 × 3/10 = 6.00, all of it freed commitment
    expect(parts(over)).toEqual(['0.00', '6.00', '13.87']);
  });

  it('an unpriced finding stays unpriced, and an instance no commitment covered keeps its whole saving as cash', () => {
    expect(parts(settle([row('sp-1', { cost: '4', unused: '1.5' })], '10', { ...finding, monthlySaving: null }))).toEqual([null, null, null]);
    const plain = settle([]);
    expect([...parts(plain), plain.commitment, plain.explanation]).toEqual(['20.00', '0.00', '0.00', null, 'billed 24 h']);
  });
});
