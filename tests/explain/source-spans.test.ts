/**
 * sourceSpansOf (src/analyze/source-spans.ts): each billing period judged against its own delivery's
 * data, the sources that share a file one delivery; and explain judging months on them
 * (judgedOnSources). The rows are those of calendar/data_horizon_by_source on the store of the real
 * 2018 CURs, the legacy CUR and the FOCUS sample (tests/server/data-gaps.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { BillingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { sourceSpansOf, storeWideSpans } from '../../src/analyze/source-spans.ts';
import { judgedOnSources } from '../../src/analyze/explain/source-horizon.ts';
import { resolveSpans } from '../../src/analyze/explain/spans.ts';

describe('sourceSpansOf: each billing period judged against its own delivery, the sources that share a file', () => {
  // The rows of calendar/data_horizon_by_source on the store of the 2018 CURs, the legacy CUR and the FOCUS sample (file names shortened).
  const row = (source: string, period: string, file: string | null, days: [string, string | null, string | null, string, string | null]) => {
    const [first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period] = days;
    return { source, billing_period: period, file, first_day, last_usage_day, last_usage_end, last_charge_day, last_usage_period };
  };
  const aws2018 = ['2018-10-01', '2018-11-30', '2018-12-01 00:00:00', '2018-11-30', '2018-11'] as const;
  const legacy = ['2023-11-01', '2023-11-14', '2023-11-14 04:00:00', '2023-11-14', '2023-11'] as const;
  const rows = [
    row('aws/123412340534', '2023-11', 'legacy.csv', [...legacy]),
    row('aws/1234567890123', '2024-09', 'focus.csv', ['2024-09-01', '2024-09-30', '2024-10-01 00:00:00', '2024-09-30', '2024-09']),
    row('aws/836060457634', '2018-10', 'oct.parquet', [...aws2018]),
    row('aws/836060457634', '2018-11', 'nov.parquet', [...aws2018]),
    row('microsoft/8611537', '2024-09', 'focus.csv', ['2024-09-01', '2024-09-19', '2024-09-20 00:00:00', '2024-09-19', '2024-09']),
    row('oracle/20209880', '2024-09', 'focus.csv', ['2024-09-03', '2024-09-30', '2024-09-30 23:00:00', '2024-09-30', '2024-10']),
    row('oracle/20209880', '2024-10', 'focus.csv', ['2024-09-03', '2024-09-30', '2024-09-30 23:00:00', '2024-09-30', '2024-10']),
  ];
  const store = { firstDay: '2018-10-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-10' };

  it('gives each delivery the span its lines alone give: 2023-11 to 13 Nov 2023 (its usage stops at 04:00 on the 14th), the FOCUS sample\'s three accounts one delivery to 30 Sep 2024', () => {
    const spans = sourceSpansOf(rows, store);
    expect(spans.ofSource('aws/123412340534')).toEqual({ firstDay: '2023-11-01', lastDay: '2023-11-13', lastChargeDay: '2023-11-14', lastUsagePeriod: '2023-11' });
    expect(spans.ofSource('aws/836060457634')).toEqual({ firstDay: '2018-10-01', lastDay: '2018-11-30', lastChargeDay: '2018-11-30', lastUsagePeriod: '2018-11' });
    const focus = { firstDay: '2024-09-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-10' };
    expect(['aws/1234567890123', 'microsoft/8611537', 'oracle/20209880'].map((s) => spans.ofSource(s))).toEqual([focus, focus, focus]);
    expect(['2018-10', '2023-11', '2024-10'].map((p) => spans.ofPeriod(p).lastDay)).toEqual(['2018-11-30', '2023-11-13', '2024-09-30']);
    // Unknown: the store's.
    expect([spans.ofSource('aws/unknown'), spans.ofPeriod('2020-01')]).toEqual([store, store]);
  });

  it('names each delivery\'s sources and the latest delivery, which defaults follow; explain judges two months on their own delivery\'s data, refusing one it does not complete', () => {
    const spans = sourceSpansOf(rows, store);
    const focus = { firstDay: '2024-09-01', lastDay: '2024-09-30', lastChargeDay: '2024-09-30', lastUsagePeriod: '2024-10' };
    expect([spans.sourcesOf(spans.ofPeriod('2023-11')), spans.sourcesOf(store)]).toEqual([['aws/123412340534'], []]);
    expect(spans.latest()).toEqual({ span: focus, sources: ['aws/1234567890123', 'microsoft/8611537', 'oracle/20209880'] });
    expect([storeWideSpans(store).latest(), storeWideSpans(store).sourcesOf(store)]).toEqual([null, []]);
    const noGaps = { firstDay: store.firstDay, gaps: [] };
    const months = judgedOnSources(resolveSpans('2018-10', '2018-11', store, noGaps, storeWideSpans(store)), store, spans, { from: '2018-10', to: '2018-11' });
    expect(months.covers).toBe('Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days): the full bills of 31 and 30 days, data through 30 Nov 2018 (the data of aws/836060457634)');
    // Nov 2023 ends before the store's horizon (30 Sep 2024) but after its own (13 Nov 2023): its bill is not all in the store.
    expect(() => judgedOnSources(resolveSpans('2023-10', '2023-11', store, noGaps, storeWideSpans(store)), store, spans, { from: '2023-10', to: '2023-11' }))
      .toThrow('--to Nov 2023 (full bill, 30 days) runs past the data horizon of its source, 2023-11-13 (the data of aws/123412340534): its full bill is not all in the store');
    const one = storeWideSpans(store);
    expect(judgedOnSources(resolveSpans('2018-10', '2018-11', store, noGaps, storeWideSpans(store)), store, one, {}).covers).toMatch(/, data through 30 Sep 2024$/);
  });

  it('a period two deliveries hold takes the one whose data ends first; one delivery, or a store without daily usage, is judged on the store\'s span itself', () => {
    const stale = row('aws/999999999999', '2024-09', 'other.csv', ['2024-09-01', '2024-09-20', '2024-09-21 00:00:00', '2024-09-20', '2024-09']);
    expect(sourceSpansOf([...rows, stale], store).ofPeriod('2024-09').lastDay).toBe('2024-09-20');
    const one = sourceSpansOf(rows.filter((r) => r.file === 'focus.csv'), store);
    expect([one.ofSource('microsoft/8611537'), one.ofPeriod('2024-09')]).toEqual([store, store]);
    const bills: BillingDaySpan = { ...store, wholeBillsOnly: { kind: 'monthly', holds: 'a monthly CUR', reason: 'its CUR is monthly', periods: ['2018-11'], incomplete: null } };
    expect(sourceSpansOf(rows, bills).ofSource('aws/123412340534')).toBe(bills);
  });
});
