/**
 * The weekly e-mail's "New anomalies" table shows each event's spend and expected rounded once to
 * the cent, and an impact that is the difference of those two cent amounts (report/money.ts: a
 * change is the difference of the rounded amounts shown beside it), not the exact impact rounded on
 * its own, which can be a cent away: spend 2545.114 and expected 2101.996 read $2,545.11 and
 * $2,102.00, so the impact reads +$443.11, though the exact 443.118 rounds to 443.12.
 */
import { describe, expect, it } from 'vitest';
import type { AnomalyEvent } from '../../src/analyze/anomalies/index.ts';
import { anomaliesLayoutSection, type AnomaliesSectionModel } from '../../src/report/anomalies-section.ts';
import { renderHtml } from '../../src/report/html.ts';
import type { LayoutSection, ReportLayout } from '../../src/report/layout.ts';
import { renderText } from '../../src/report/text.ts';

const ZERO = { volume: '0.00', rate: '0.00', new: '0.00', gone: '0.00', other: '0.00' };

/** An event as findAnomalyEvents gives it: exact actual, expected and impact; parts.change the exact impact in cents. */
function event(value: string, actual: string, expected: string, impact: string, impactCents: string, direction: AnomalyEvent['direction']): AnomalyEvent {
  const driver = { chargeClass: 'usage', usageType: 'BoxUsage:m5.large', resource: 'i-0abc', ...ZERO, change: impactCents, volume: impactCents, shareOfImpact: 100 };
  const rest = { drivers: 0, change: '0.00', ...ZERO, shareOfImpact: 0 };
  return {
    id: `service:${value}:2026-11-03`, dimension: 'service', value, name: null, start: '2026-11-03', end: '2026-11-05', lastDay: '2026-11-05',
    days: 3, direction, provisional: false, actual, expected, impact, parts: { change: impactCents, ...ZERO, volume: impactCents },
    noiseFloor: '25.0000000000', aboveNoiseFloor: true, baseline: [],
    drivers: { usageTypes: [driver], resources: [driver], regions: [driver] },
    rest: { usageTypes: rest, resources: rest, regions: rest },
  };
}

const spike = event('Amazon Elastic Compute Cloud', '2545.1140000000', '2101.9960000000', '443.1180000000', '443.12', 'spike');
const drop = event('Amazon Simple Storage Service', '100.0040000000', '150.0060000000', '-50.0020000000', '-50.00', 'drop');

const model: AnomaliesSectionModel = {
  events: [spike, drop], belowFloor: 0, lastExamined: '2026-11-06', baselineRule: '', noiseFloor: { share: 0.1, minDollars: 25 },
};

function layoutOf(section: LayoutSection): ReportLayout {
  return { subject: 's', heading: 'h', subheading: 'sh', headline: 'hl', alerts: [], sections: [section], footer: [] };
}

describe('the e-mail\'s anomaly impact is the difference of the spend and expected shown', () => {
  const section = anomaliesLayoutSection(model, '2026-W45');

  it('spend, expected and impact read $2,545.11, $2,102.00, +$443.11 (not +$443.12); a drop −$50.01 (not −$50.00)', () => {
    const rows = section.tables[0].rows.map((r) => r.slice(2, 5));
    expect(rows).toEqual([
      ['$2,545.11', '$2,102.00', '+$443.11'],
      ['$100.00', '$150.01', '−$50.01'],
    ]);
  });

  it('the text and HTML e-mails print the same figures', () => {
    const lines = renderText(layoutOf(section)).split('\n');
    expect(lines).toContain('Amazon Elastic Compute Cloud   3 Nov – 5 Nov  $2,545.11  $2,102.00  +$443.11');
    expect(lines).toContain('Amazon Simple Storage Service  3 Nov – 5 Nov    $100.00    $150.01   −$50.01');
    const html = renderHtml(layoutOf(section), [], () => '');
    for (const figure of ['$2,545.11', '$2,102.00', '+$443.11', '$100.00', '$150.01', '−$50.01']) expect(html).toContain(`>${figure}<`);
    for (const figure of ['+$443.12<', '−$50.00<']) expect(html).not.toContain(`>${figure}`);
  });

  it('the events stay ordered by the size of their exact impact', () => {
    expect(section.tables[0].rows.map((r) => r[0])).toEqual(['Amazon Elastic Compute Cloud', 'Amazon Simple Storage Service']);
  });
});
