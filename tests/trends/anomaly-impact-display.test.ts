/**
 * The Overview's anomaly events show an event's spend and expected rounded once to the cent and an
 * impact that is the difference of those two cent amounts, not the exact impact rounded on its own
 * (a cent away when both round the other way): actual 2545.114 and expected 2101.996 read 2,545.11
 * and 2,102.00, so the impact reads 443.11, though the exact 443.118 rounds to 443.12. The CLI's
 * CSV keeps the exact decimals (README, "Anomalies, forecast, unit cost"), and its impactCents the
 * exact impact in cents, the total its drivers add up to.
 */
import { describe, expect, it } from 'vitest';
import type { AnomalyEvent, AnomalyEvents } from '../../src/analyze/anomalies/index.ts';
import { eventsCsvTable } from '../../src/cli/anomalies-output.ts';
import { renderTable } from '../../src/lib/table.ts';
import { eventRow } from '../../src/server/features/overview/anomalies-section.ts';

const ZERO = { volume: '0.00', rate: '0.00', new: '0.00', gone: '0.00', other: '0.00' };

/** An event as findAnomalyEvents gives it: exact actual, expected and impact; parts.change the exact impact in cents. */
function event(value: string, actual: string, expected: string, impact: string, impactCents: string, direction: AnomalyEvent['direction']): AnomalyEvent {
  const driver = { chargeClass: 'usage', usageType: 'BoxUsage:m5.large', resource: 'i-0abc', ...ZERO, change: impactCents, volume: impactCents, shareOfImpact: 100 };
  const rest = { drivers: 0, change: '0.00', ...ZERO, shareOfImpact: 0 };
  return {
    id: `service:${value}:2026-11-03`, dimension: 'service', value, name: null, start: '2026-11-03', end: '2026-11-05', lastDay: '2026-11-05',
    days: 3, direction, provisional: false, actual, expected, impact, parts: { change: impactCents, ...ZERO, volume: impactCents },
    noiseFloor: '25.0000000000', aboveNoiseFloor: true, baseline: [{ day: '2026-11-03', medianDays: ['2026-10-20'] }],
    drivers: { usageTypes: [driver], resources: [driver], regions: [driver] },
    rest: { usageTypes: rest, resources: rest, regions: rest },
  };
}

const spike = event('Amazon Elastic Compute Cloud', '2545.1140000000', '2101.9960000000', '443.1180000000', '443.12', 'spike');
const drop = event('Amazon Simple Storage Service', '100.0040000000', '150.0060000000', '-50.0020000000', '-50.00', 'drop');
// eventsTable and eventsCsvTable read only the events of what findAnomalyEvents returns.
const found = { events: [spike, drop] } as unknown as AnomalyEvents;

describe('costlens anomalies --format csv', () => {
  it('the CSV keeps the exact actual, expected and impact, and impactCents the exact impact in cents', () => {
    expect(renderTable(eventsCsvTable(found), 'csv').split('\r\n').slice(1, 3).map((l) => l.split(',').slice(9, 13))).toEqual([
      ['2545.1140000000', '2101.9960000000', '443.1180000000', '443.12'],
      ['100.0040000000', '150.0060000000', '-50.0020000000', '-50.00'],
    ]);
  });
});

describe('the Overview\'s anomaly events: the impact shown is spend − expected as shown', () => {
  const cells = async (e: AnomalyEvent) => [...String(await eventRow(e)).matchAll(/<td data-value="([^"]*)">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);

  it('spend $2,545.11, expected $2,102.00, impact +$443.11; the data-value attributes keep the exact decimals', async () => {
    expect(await cells(spike)).toEqual([['2545.1140000000', '$2,545.11'], ['2101.9960000000', '$2,102.00'], ['443.1180000000', '+$443.11']]);
  });

  it('a drop: spend $100.00, expected $150.01, impact −$50.01', async () => {
    expect(await cells(drop)).toEqual([['100.0040000000', '$100.00'], ['150.0060000000', '$150.01'], ['-50.0020000000', '−$50.01']]);
  });
});
