/**
 * The Overview's anomaly events show an event's spend and expected rounded once to the cent and an
 * impact that is the difference of those two cent amounts, not the exact impact rounded on its own
 * (a cent away when both round the other way): actual 2545.114 and expected 2101.996 read 2,545.11
 * and 2,102.00, so the impact reads 443.11, though the exact 443.118 rounds to 443.12. The CLI's
 * CSV keeps the exact decimals (README, "Anomalies, forecast, unit cost"), and its impactCents the
 * exact impact in cents, the total its drivers add up to.
 *
 * The rule's texts write the config's figures as it writes them: k and the MAD scale as decimals
 * (`2.5`, `1.4826`, never `1e-7`), k × MAD rounded once to 6 decimals without trailing zeros (`6`;
 * before `6.000000`), and the dollar minimums as money, exactly (`$10.00`, `$0.005`): the noise
 * floor's `minDollars` in the CLI's and the weekly e-mail's notes was rounded to the cent ($0.01).
 */
import { describe, expect, it } from 'vitest';
import { type AnomalyEvent, type AnomalyEvents, type AnomalyReport, configNumberText, dayRuleText, eventDaysText, eventStartSentence, halfWidthText } from '../../src/analyze/anomalies/index.ts';
import { anomaliesConfigSchema } from '../../src/analyze/trends-config.ts';
import { anomalyNotes, eventDriversTable, eventNotes, eventsCsvTable, eventStartNotes, eventsTable } from '../../src/cli/anomalies-output.ts';
import { shortDay } from '../../src/lib/calendar.ts';
import { renderTable } from '../../src/lib/table.ts';
import { anomaliesLayoutSection } from '../../src/report/anomalies-section.ts';
import { eventRow } from '../../src/server/features/overview/anomalies-section.ts';
import { anomalyEvent, DROP_A_CENT_OFF, SPIKE_A_CENT_OFF } from '../helpers/anomaly-events.ts';

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

describe('the anomaly rule\'s texts: the config\'s figures as it writes them', () => {
  const MAD_2 = 8n * 10n ** 10n; // four times a MAD of $2.00, in store units
  const defaults = anomaliesConfigSchema.parse({});
  const written = anomaliesConfigSchema.parse({ madMultiplier: 2.5, madScale: 1.4826, minDollars: 0.005, noiseFloor: { share: 0.1, minDollars: 0.005 } });

  it('k × MAD is rounded once to 6 decimals, without trailing zeros: 6, 2.5, 0 (before 6.000000, 2.500000, 0.000000)', () => {
    expect(halfWidthText(MAD_2, defaults)).toBe('6');
    expect(halfWidthText(4n * 10n ** 10n, { madMultiplier: 2.5, madScale: 1 })).toBe('2.5');
    expect(halfWidthText(0n, defaults)).toBe('0');
    // The real 2018 CUR's S3 on 6 Nov (4 × MAD 0.00261: 0.0019575) and the demo's S3 on 2 Oct 2026 (4.821586: 3.6161895), half away from zero.
    expect([halfWidthText(26_100_000n, defaults), halfWidthText(48_215_860_000n, defaults)]).toEqual(['0.001958', '3.61619']);
    // MAD $1.00 scaled by 1.4826, k 2.5: 3.7065 exactly.
    expect(halfWidthText(4n * 10n ** 10n, written)).toBe('3.7065');
  });

  it('k, the scale and a share are the decimals the config writes, never an exponent', () => {
    expect([3, 2.5, 1.4826, 0.1, 0, 1e-7, 1234.5].map(configNumberText)).toEqual(['3', '2.5', '1.4826', '0.1', '0', '0.0000001', '1234.5']);
  });

  it('a day row\'s rule: "3 × MAD = 6 and > 10.00" (before "= 6.000000"); k 2.5 with the scale and a minimum of $0.005 as written', () => {
    expect(dayRuleText(defaults, { fourTimesMad: MAD_2 })).toBe('|actual − median| > 3 × MAD = 6 and > 10.00; median and MAD of the trailing 28 days');
    expect(dayRuleText(written, { fourTimesMad: 4n * 10n ** 10n }))
      .toBe('|actual − median| > 2.5 × MAD (raw MAD × 1.4826) = 3.7065 and > 0.005; median and MAD of the trailing 28 days');
    expect(dayRuleText({ ...defaults, madMultiplier: 1e-7 }, { fourTimesMad: MAD_2 }))
      .toBe('|actual − median| > 0.0000001 × MAD = 0 and > 10.00; median and MAD of the trailing 28 days');
  });

  it('the CLI\'s notes: the Rule line, and the noise floor\'s minimum exactly as configured ($0.005; before $0.01), $25.00 by default', () => {
    const report = (rule: typeof defaults) => ({ rule, cost: 'billed', skippedProvisional: [], notJudged: [], notJudgedSeries: [], firstProvisionalDay: null, asOf: '2026-11-11' }) as unknown as AnomalyReport;
    expect(anomalyNotes(report(written))[0])
      .toBe('Rule: |actual − median| > 2.5 × MAD and > $0.005; median and MAD (MAD = raw MAD × 1.4826) of the trailing 28 days; range = median ± 2.5 × MAD.');
    expect(anomalyNotes(report(defaults))[0])
      .toBe('Rule: |actual − median| > 3 × MAD and > $10.00; median and MAD (raw MAD, unscaled) of the trailing 28 days; range = median ± 3 × MAD.');
    const notes = (noiseFloor: typeof defaults.noiseFloor, below: number) => eventNotes({ noiseFloor, belowFloor: Array(below).fill(SPIKE_A_CENT_OFF), baselineRule: 'Baseline.' }, 28);
    expect(notes(written.noiseFloor, 2)).toEqual(['Baseline.',
      'Noise floor: 2 events below it left out (|impact| under max($0.005, 0.1 × the average daily spend of its trailing 28 days × its days); anomalies.noiseFloor in the config).']);
    expect(notes(defaults.noiseFloor, 1)[1])
      .toBe('Noise floor: 1 event below it left out (|impact| under max($25.00, 0.1 × the average daily spend of its trailing 28 days × its days); anomalies.noiseFloor in the config).');
    expect(notes({ share: 0.25, minDollars: 1234.5 }, 0)[1]).toContain('(|impact| under max($1,234.50, 0.25 × the average daily spend');
  });

  it('the weekly e-mail\'s note: the noise floor\'s minimum exactly as configured ($0.005; before $0.01), $25.00 by default', () => {
    const note = (noiseFloor: typeof defaults.noiseFloor) =>
      anomaliesLayoutSection({ events: [], belowFloor: 0, lastJudged: '2026-11-11', noDayExamined: null, notJudged: '', judged: { days: 7, first: '2026-11-02', last: '2026-11-08' }, baselineRule: '', noiseFloor, starts: '' }, '2026-W45').notes.at(-1);
    expect(note(written.noiseFloor)).toBe('Noise floor: an event is listed when its impact reaches max($0.005, 0.1 × its average daily spend × its days) (anomalies.noiseFloor).');
    expect(note(defaults.noiseFloor)).toBe('Noise floor: an event is listed when its impact reaches max($25.00, 0.1 × its average daily spend × its days) (anomalies.noiseFloor).');
  });
});

describe('an event that may have begun before its first day is labelled so on every surface; one followed back says so', () => {
  // All three events run 3–5 Nov 2026; the days examined begin on 4 Nov.
  const history: AnomalyEvent = { ...SPIKE_A_CENT_OFF, startsBeforeRange: true, startCut: 'history' };
  const range: AnomalyEvent = { ...DROP_A_CENT_OFF, startsBeforeRange: true, startCut: 'range' };
  const followed = anomalyEvent('AWS Lambda', '300.0000000000', '200.0000000000', '100.0000000000', '100.00', 'spike');
  const from = '2026-11-04';

  it('the CLI: ≤ before the start in the period, and notes that say why, and which events were followed back', () => {
    const periods = eventsTable({ events: [history, range, followed] } as unknown as AnomalyEvents).rows.map((r) => r[3]);
    expect(periods).toEqual(['≤2026-11-03–11-05', '≤2026-11-03–11-05', '2026-11-03–11-05']);
    const report = { from, rule: { trailingDays: 28 } } as unknown as AnomalyReport;
    expect(eventStartNotes({ events: [history, range, followed], report })).toEqual([
      'Followed back: an event flagged on 2026-11-04, the first day examined, begins on the day it was first flagged, each earlier day judged by the rule against its own trailing 28 days (service AWS Lambda from 2026-11-03).',
      '≤: service Amazon Elastic Compute Cloud (2026-11-03) is flagged on the first day that can be judged: the day before has fewer than 28 trailing days of billing data, so it may have begun earlier.',
      '≤: service Amazon Simple Storage Service (2026-11-03) is flagged on each of the 28 days followed back before 2026-11-04, so it may have begun earlier; its start, impact and id are those of the days read (a range reaching further back finds more).',
    ]);
    expect(eventStartNotes({ events: [SPIKE_A_CENT_OFF], report: { from: '2026-11-03', rule: { trailingDays: 28 } } as unknown as AnomalyReport })).toEqual([]);
  });

  it('the Overview and the weekly e-mail: one span, then "perhaps begun before" (it read "3 Nov 2026 or earlier – 5 Nov 2026"), and the sentence beside the list', () => {
    expect(String(eventRow(history))).toContain('<td>3–5 Nov 2026, perhaps begun before 3 Nov</td>');
    expect(String(eventRow(followed))).toContain('<td>3–5 Nov 2026</td>');
    const starts = eventStartSentence([history, range, followed], from, 28, (d) => shortDay(d));
    expect(starts).toBe('An event already flagged on 4 Nov is shown from the day it began, each earlier day judged against its own trailing 28 days.'
      + ' “Perhaps begun before”: the event was already flagged on the first day that could be judged (the day before has fewer than 28 trailing days of billing data;'
      + ' or it was flagged on each of the 28 days followed back before 4 Nov), so its first day may not be the day it began.');
    expect(eventStartSentence([SPIKE_A_CENT_OFF], '2026-11-03', 28, (d) => shortDay(d))).toBe('');
    const section = anomaliesLayoutSection({ events: [history, followed], belowFloor: 0, lastJudged: '2026-11-08', noDayExamined: null, notJudged: '', judged: { days: 7, first: '2026-11-02', last: '2026-11-08' }, baselineRule: '', noiseFloor: { share: 0.1, minDollars: 25 }, starts }, '2026-W45');
    expect(section.tables[0].rows.map((r) => r[1])).toEqual(['3–5 Nov, perhaps begun before 3 Nov', '3–5 Nov']);
    expect(section.notes[0]).toBe('Runs of days whose usage BilledCost for a service or account departs from the median of the trailing days (the anomalies: rule of the config; costlens anomalies --detail).'
      + ` Spend, expected and impact are the event's days, through 8 Nov ("ongoing": still flagged then). ${starts}`);
  });

  it('eventDaysText, the one wording of an event\'s days for both: daySpan\'s span, "– ongoing", then ", perhaps begun before" its first day', () => {
    const days = (start: string, end: string | null, startsBeforeRange: boolean) => [eventDaysText({ start, end, startsBeforeRange }), eventDaysText({ start, end, startsBeforeRange }, false)];
    expect(days('2026-10-28', '2026-11-03', true)).toEqual(['28 Oct – 3 Nov 2026, perhaps begun before 28 Oct', '28 Oct – 3 Nov, perhaps begun before 28 Oct']);
    expect(days('2026-11-03', '2026-11-03', true)).toEqual(['3 Nov 2026, perhaps begun before 3 Nov', '3 Nov, perhaps begun before 3 Nov']);
    expect(days('2026-11-23', null, true)).toEqual(['23 Nov 2026 – ongoing, perhaps begun before 23 Nov', '23 Nov – ongoing, perhaps begun before 23 Nov']);
    expect(days('2026-11-23', null, false)).toEqual(['23 Nov 2026 – ongoing', '23 Nov – ongoing']);
    expect(days('2025-12-29', '2026-01-04', false)).toEqual(['29 Dec 2025 – 4 Jan 2026', '29 Dec – 4 Jan']);
  });
});

describe('a driver\'s resource is named by the last part of its ARN on every surface that shows it; the whole id stays in title, href, --wide, CSV and JSON', () => {
  const ARN = 'arn:aws:lambda:us-east-1:826243960925:function:checkout-prod-order-events';
  const driver = { ...SPIKE_A_CENT_OFF.drivers.resources[0], usageType: 'Lambda-GB-Second', resource: ARN };
  const lambda: AnomalyEvent = { ...SPIKE_A_CENT_OFF, drivers: { ...SPIKE_A_CENT_OFF.drivers, resources: [driver] } };
  const events = { events: [lambda] } as unknown as AnomalyEvents;

  it('the CLI: the top_driver column and --detail\'s resource rows, whole under --wide; the CSV keeps the ARN', () => {
    // Was the whole ARN: 97 characters in top_driver.
    expect(eventsTable(events).rows[0][8]).toBe('checkout-prod-order-events (Lambda-GB-Second)');
    expect(eventsTable(events, { wholeResources: true }).rows[0][8]).toBe(`${ARN} (Lambda-GB-Second)`);
    expect(eventDriversTable(lambda, 'resources').rows[0][0]).toBe('checkout-prod-order-events (Lambda-GB-Second)');
    expect(eventDriversTable(lambda, 'resources', { wholeResources: true }).rows[0][0]).toBe(`${ARN} (Lambda-GB-Second)`);
    const [header, row] = renderTable(eventsCsvTable(events), 'csv').split('\r\n');
    expect(row.split(',')[header.split(',').indexOf('topResource')]).toBe(ARN);
  });

  it('the Overview: the link reads checkout-prod-order-events, its title and href keep the ARN', () => {
    const html = String(eventRow(lambda));
    expect(html).toContain(`<a href="/resource?id=${encodeURIComponent(ARN)}&amp;start=2026-10-20&amp;end=2026-11-06" title="${ARN}">checkout-prod-order-events</a> (Lambda-GB-Second) <span class="amount">+$443.11</span>`);
  });

  it('the weekly e-mail: the drivers cell reads checkout-prod-order-events', () => {
    const section = anomaliesLayoutSection({ events: [lambda], belowFloor: 0, lastJudged: '2026-11-08', noDayExamined: null, notJudged: '', judged: { days: 7, first: '2026-11-02', last: '2026-11-08' }, baselineRule: '', noiseFloor: { share: 0.1, minDollars: 25 }, starts: '' }, '2026-W45');
    expect(section.tables[0].rows[0][5]).toBe('checkout-prod-order-events (Lambda-GB-Second) +$443.11 (volume +$443.11)');
  });
});
