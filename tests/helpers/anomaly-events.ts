/**
 * Anomaly events written by hand, as findAnomalyEvents gives them: exact actual, expected and
 * impact, parts.change the impact as shown (actual and expected each rounded once, then their
 * difference: src/analyze/explain/shown-cents.ts), one driver. Two of them straddle a cent the
 * other way from the exact impact rounded alone: actual 2545.114 and expected 2101.996 read
 * $2,545.11 and $2,102.00 (impact $443.11, though the exact 443.118 rounds to $443.12); 100.004
 * and 150.006 read $100.00 and $150.01 (−$50.01, though −50.002 rounds to −$50.00).
 */
import type { AnomalyEvent } from '../../src/analyze/anomalies/index.ts';

const ZERO = { volume: '0.00', rate: '0.00', new: '0.00', gone: '0.00', other: '0.00' };

/** One event of the service `value` over 3–5 Nov 2026, measured against 20 Oct. */
export function anomalyEvent(value: string, actual: string, expected: string, impact: string, impactCents: string, direction: AnomalyEvent['direction']): AnomalyEvent {
  const driver = { chargeClass: 'usage', usageType: 'BoxUsage:m5.large', resource: 'i-0abc', ...ZERO, change: impactCents, volume: impactCents, shareOfImpact: 100 };
  const rest = { drivers: 0, change: '0.00', ...ZERO, shareOfImpact: 0 };
  return {
    id: `service:${value}:2026-11-03`, dimension: 'service', value, name: null, start: '2026-11-03', startsBeforeRange: false, startCut: null, end: '2026-11-05', lastDay: '2026-11-05',
    days: 3, direction, provisional: false, actual, expected, impact, parts: { change: impactCents, ...ZERO, volume: impactCents },
    noiseFloor: '25.0000000000', aboveNoiseFloor: true, baseline: [{ day: '2026-11-03', medianDays: ['2026-10-20'] }],
    drivers: { usageTypes: [driver], resources: [driver], regions: [driver] },
    rest: { usageTypes: rest, resources: rest, regions: rest },
  };
}

export const SPIKE_A_CENT_OFF = anomalyEvent('Amazon Elastic Compute Cloud', '2545.1140000000', '2101.9960000000', '443.1180000000', '443.11', 'spike');
export const DROP_A_CENT_OFF = anomalyEvent('Amazon Simple Storage Service', '100.0040000000', '150.0060000000', '-50.0020000000', '-50.01', 'drop');
