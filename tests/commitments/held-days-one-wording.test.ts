/**
 * "The days this month holds, and where its data ends" has one wording (billing-calendar.ts,
 * heldDaysOfMonth) for the CLI's default period (`attribute`, `invoice`), `costlens commitments`'
 * default when the last complete month is not in the store, and the weekly e-mail's commitments
 * period. There were three copies, and only the first said that a later billing period holding
 * lines (a fee posted on the 1st of December) is not complete yet: the other two left it out.
 * Spans are written out here; the store's days are those of the span, October left out of one.
 */
import { describe, expect, it } from 'vitest';
import { type BillingDaySpan, heldDaysOfMonth } from '../../src/analyze/billing-calendar.ts';
import { defaultPeriod } from '../../src/analyze/default-period.ts';
import { defaultCommitmentsPeriod } from '../../src/analyze/commitments/index.ts';
import { isoWeek } from '../../src/lib/calendar.ts';
import { heldBackSpan, sourceSpansOf, storeWideSpans } from '../../src/analyze/source-spans.ts';
import { commitmentsPeriod } from '../../src/report/commitments-section.ts';
import { spanForWeek } from '../../src/report/week-data.ts';

/** Usage to 14 Nov 2026 (the data horizon), and a fee dated 1 Dec 2026. */
const span = (firstDay: string): BillingDaySpan => ({ firstDay, lastDay: '2026-11-14', lastChargeDay: '2026-12-01', lastUsagePeriod: '2026-11' });
/** 9–15 Nov 2026: the report week holding the horizon. */
const WEEK = isoWeek('2026-W46')!;
const OCTOBER_GAP = 'the store holds no billing data on 1–31 Oct 2026';

describe('one wording of the days a month holds and where its data ends', () => {
  it('a store from 3 Nov 2026 (no complete month): the default period, commitments\' default and the e-mail\'s period say it alike', () => {
    const s = span('2026-11-03');
    const store = { firstDay: s.firstDay, gaps: [] };
    const held = '3–14 Nov 2026 (the data ends on 14 Nov 2026, the data horizon; 2026-12 is not complete yet)';
    expect(defaultPeriod(s)).toEqual({ period: '2026-11', reason: `2026-11, ${held}: the store holds no complete month yet` });
    expect(defaultCommitmentsPeriod(s, store, storeWideSpans(s))).toEqual({ period: '2026-11', reason: `2026-11, ${held}: the store holds no complete month yet` });
    expect(commitmentsPeriod(s, store, WEEK, storeWideSpans(s))).toEqual({
      period: '2026-11',
      complete: false,
      covers: `${held}: no billing period is complete up to 14 Nov 2026; 1–2 Nov 2026 are not in the store (the store's billing data begins on 3 Nov 2026)`,
    });
  });

  it('a store of one day not complete (2 Mar 2025, its lines ending before midnight; horizon 1 Mar): no complete day, not "2–1 Mar 2025"', () => {
    const s: BillingDaySpan = { firstDay: '2025-03-02', lastDay: '2025-03-01', lastChargeDay: '2025-03-02', lastUsagePeriod: '2025-03' };
    expect(heldDaysOfMonth(s, '2025-03', 'counted')).toBe('no complete day from 2 Mar 2025 (the data ends on 1 Mar 2025, the data horizon; lines dated up to 2 Mar 2025 are counted too)');
  });

  it('a store missing October 2026: commitments\' default and the e-mail give way to November, in the same words, the later period named too', () => {
    const s = span('2026-09-01');
    const store = { firstDay: s.firstDay, gaps: [{ first: '2026-10-01', last: '2026-10-31' }] };
    const held = '1–14 Nov 2026 (the data ends on 14 Nov 2026, the data horizon; 2026-12 is not complete yet)';
    expect(defaultPeriod(s).period).toBe('2026-10');
    expect(defaultCommitmentsPeriod(s, store, storeWideSpans(s))).toEqual({
      period: '2026-11',
      notInStore: { period: '2026-10', why: OCTOBER_GAP },
      reason: `2026-11, ${held}: 2026-10 (Oct 2026), the last complete month, is not in the store (${OCTOBER_GAP})`,
    });
    expect(commitmentsPeriod(s, store, WEEK, storeWideSpans(s))).toEqual({ period: '2026-11', complete: false, covers: `${held}; Oct 2026, the last billing period complete by 14 Nov 2026, is not in the store` });
  });

  it('a span cut short before a gap (the weekly report\'s, of a week in it) says nothing of the later periods whose usage it holds', () => {
    const cut = { firstDay: '2018-10-01', lastDay: '2023-11-14', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-09' };
    expect(heldDaysOfMonth(cut, '2023-11', 'counted')).toBe('1–14 Nov 2023 (the data ends on 14 Nov 2023, the data horizon)');
    expect(heldDaysOfMonth({ ...cut, lastChargeDay: '2023-12-01', lastUsagePeriod: '2023-11' }, '2023-11', 'counted')).toBe('1–14 Nov 2023 (the data ends on 14 Nov 2023, the data horizon; 2023-12 is not complete yet)');
  });

  it('lines of the period after the horizon: "counted too" where a default is chosen, as where the figures count them (the period chosen counts them: it said "in the store too")', () => {
    const s = { ...span('2026-11-03'), lastChargeDay: '2026-11-15' };
    const store = { firstDay: s.firstDay, gaps: [] };
    const ends = 'the data ends on 14 Nov 2026, the data horizon; lines dated up to 15 Nov 2026 are';
    expect(defaultPeriod(s).reason).toBe(`2026-11, 3–14 Nov 2026 (${ends} counted too): the store holds no complete month yet`);
    expect(defaultCommitmentsPeriod(s, store, storeWideSpans(s)).reason).toBe(`2026-11, 3–14 Nov 2026 (${ends} counted too): the store holds no complete month yet`);
    expect(commitmentsPeriod(s, store, WEEK, storeWideSpans(s)).covers.startsWith(`3–14 Nov 2026 (${ends} counted too): `)).toBe(true);
  });

  it('a week in a gap of a store whose horizon a lagging delivery holds back: the period\'s words end where the week\'s data does, not at the held-back horizon it never reached', () => {
    // A CUR to the end of 18 Nov 2024 beside a FOCUS export to 20 Nov (the CUR holds the horizon back to 18 Nov), both from 1 Oct, no line of either on 16–31 Oct.
    const row = (source: string, period: string, file: string, last: string) => ({
      source, billing_period: period, file, first_day: '2024-10-01', last_usage_day: last, last_usage_end: `${last.slice(0, 8)}${Number(last.slice(8)) + 1} 00:00:00`, last_charge_day: last, last_usage_period: '2024-11',
    });
    const rows = ['2024-10', '2024-11'].flatMap((p) => [row('aws/1234567890123', p, 'focus.csv', '2024-11-20'), row('aws/999999999999', p, 'cur.parquet', '2024-11-18')]);
    const held = heldBackSpan(rows, { firstDay: '2024-10-01', lastDay: '2024-11-20', lastChargeDay: '2024-11-20', lastUsagePeriod: '2024-11' });
    expect([held.lastDay, held.heldBack?.sources]).toEqual(['2024-11-18', ['aws/999999999999']]);
    const store = { firstDay: held.firstDay, gaps: [{ first: '2024-10-16', last: '2024-10-31' }] };
    const week = isoWeek('2024-W42')!; // 14–20 Oct 2024: its data ends on 15 Oct, before the gap
    const reported = spanForWeek(held, store, week);
    expect(reported.lastDay).toBe('2024-10-15');
    // It read "1–15 Oct 2024 (the data ends on 15 Oct 2024, the data horizon, held back by aws/999999999999 (its data ends at the end of 18 Nov 2024; other sources run to 20 Nov 2024)): …".
    expect(commitmentsPeriod(reported, store, week, sourceSpansOf(rows, held))).toEqual({
      period: '2024-10', complete: false, covers: '1–15 Oct 2024 (the data ends on 15 Oct 2024, the data horizon): no billing period is complete up to 15 Oct 2024',
    });
  });
});
