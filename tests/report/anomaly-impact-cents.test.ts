/**
 * The weekly e-mail's "New anomalies" table shows each event's spend and expected rounded once to
 * the cent, and an impact that is the difference of those two cent amounts (report/money.ts: a
 * change is the difference of the rounded amounts shown beside it), not the exact impact rounded on
 * its own, which can be a cent away: spend 2545.114 and expected 2101.996 read $2,545.11 and
 * $2,102.00, so the impact reads +$443.11, though the exact 443.118 rounds to 443.12.
 */
import { describe, expect, it } from 'vitest';
import { anomaliesLayoutSection, type AnomaliesSectionModel } from '../../src/report/anomalies-section.ts';
import { renderHtml } from '../../src/report/html.ts';
import type { LayoutSection, ReportLayout } from '../../src/report/layout.ts';
import { renderText } from '../../src/report/text.ts';
import { DROP_A_CENT_OFF, SPIKE_A_CENT_OFF } from '../helpers/anomaly-events.ts';

const spike = SPIKE_A_CENT_OFF;
const drop = DROP_A_CENT_OFF;

const model: AnomaliesSectionModel = {
  events: [spike, drop], belowFloor: 0, lastJudged: '2026-11-06', noDayExamined: null, notJudged: '', judged: { days: 7, first: '2026-11-02', last: '2026-11-08' }, baselineRule: '', noiseFloor: { share: 0.1, minDollars: 25 }, starts: '',
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
    expect(lines).toContain('Amazon Elastic Compute Cloud   3–5 Nov  $2,545.11  $2,102.00  +$443.11');
    expect(lines).toContain('Amazon Simple Storage Service  3–5 Nov    $100.00    $150.01   −$50.01');
    const html = renderHtml(layoutOf(section), [], () => '');
    for (const figure of ['$2,545.11', '$2,102.00', '+$443.11', '$100.00', '$150.01', '−$50.01']) expect(html).toContain(`>${figure}<`);
    for (const figure of ['+$443.12<', '−$50.00<']) expect(html).not.toContain(`>${figure}`);
  });

  it('the events stay ordered by the size of their exact impact', () => {
    expect(section.tables[0].rows.map((r) => r[0])).toEqual(['Amazon Elastic Compute Cloud', 'Amazon Simple Storage Service']);
  });
});
