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
import { DROP_A_CENT_OFF, SPIKE_A_CENT_OFF } from '../helpers/anomaly-events.ts';

const spike = SPIKE_A_CENT_OFF;
const drop = DROP_A_CENT_OFF;
// eventsTable and eventsCsvTable read only the events of what findAnomalyEvents returns.
const found = { events: [spike, drop] } as unknown as AnomalyEvents;

describe('costlens anomalies --format csv', () => {
  it('the CSV keeps the exact actual, expected and impact, and impactCents the impact as shown (actual and expected rounded once, then subtracted)', () => {
    expect(renderTable(eventsCsvTable(found), 'csv').split('\r\n').slice(1, 3).map((l) => l.split(',').slice(9, 13))).toEqual([
      ['2545.1140000000', '2101.9960000000', '443.1180000000', '443.11'],
      ['100.0040000000', '150.0060000000', '-50.0020000000', '-50.01'],
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
