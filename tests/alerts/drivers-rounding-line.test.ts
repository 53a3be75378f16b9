/**
 * An alert lists every driver when there are no more than it shows; each is rounded once to the
 * cent, so their sum can miss the total by the rounding: the table then carries that cent as a
 * "rounding" line, so its rows add up to the Total it prints (as explain's and the Overview's do).
 */
import { describe, expect, it } from 'vitest';
import { driversBy, type Grain } from '../../src/analyze/explain/index.ts';
import { alertDrivers } from '../../src/report/alerts-drivers.ts';

/** A grain gone from the new span: 0.004 dollars (units of 1e-10) in the old one. */
const gone = (resource: string): Grain => ({
  chargeClass: 'usage', service: 'Amazon Elastic Compute Cloud', usageType: 'BoxUsage:t3.nano', resource, account: '111111111111',
  accountName: null, region: 'us-east-1', team: '(untagged)', unit: 'Hrs',
  oldLines: 1, oldCost: 40_000_000n, oldQuantity: 10_000_000_000n, newLines: 0, newCost: 0n, newQuantity: 0n,
});

describe('alert drivers that are all listed', () => {
  it('two drivers of $0.004 gone each read $0.00, the total −$0.01 (0.008 rounded): a rounding line of −$0.01 makes the rows add up', () => {
    const set = driversBy([gone('i-a'), gone('i-b')], ['resource']);
    const shown = alertDrivers(set, 3);
    expect(shown.driversTotal).toBe('-0.01');
    expect(shown.drivers.map((d) => [d.label, d.change])).toEqual([['i-a', '0.00'], ['i-b', '0.00']]);
    expect(shown.rest).toEqual({ drivers: 0, change: '-0.01' });
  });

  it('drivers that add up by themselves get no rest line', () => {
    const set = driversBy([{ ...gone('i-a'), oldCost: 1_000_000_000n }], ['resource']);
    expect(alertDrivers(set, 3)).toEqual({ driversTotal: '-0.10', drivers: [{ label: 'i-a', change: '-0.10', parts: { gone: '-0.10' }, shareOfChange: 100 }], rest: null });
  });
});
