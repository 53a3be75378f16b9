/**
 * The spans `costlens explain` compares, on a store's days written by hand: equal lengths, defaults
 * from the data horizon (the last complete month, else month to date), every day of both spans in the
 * store, and errors that say what to give. The decomposition rules: decomposition.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { resolveSpans } from '../../src/analyze/explain/spans.ts';
import { storeWideSpans } from '../../src/analyze/source-spans.ts';
import type { BillingDaySpan } from '../../src/analyze/billing-calendar.ts';
import type { StoreDays } from '../../src/lib/store-days.ts';
import { costlensErrorOf as error } from '../helpers/costlens-error.ts';

describe('explain: the spans compared', () => {
  const data: BillingDaySpan = { firstDay: '2026-01-01', lastDay: '2026-11-18', lastChargeDay: '2026-12-01', lastUsagePeriod: '2026-11' };
  /** The store's days: from its first charge day, without gaps. */
  const store: StoreDays = { firstDay: data.firstDay, gaps: [] };

  it('defaults: the last complete month against the month before; month to date against the same days of last month', () => {
    const d = resolveSpans(undefined, undefined, data, store, storeWideSpans(data));
    expect([d.old.label, d.new.label]).toEqual(['Sep 2026 (full bill, 30 days)', 'Oct 2026 (full bill, 31 days)']);
    const mtd = resolveSpans(undefined, 'mtd', data, store, storeWideSpans(data));
    expect([mtd.old.first, mtd.old.last, mtd.new.first, mtd.new.last]).toEqual(['2026-10-01', '2026-10-18', '2026-11-01', '2026-11-18']);
    expect(mtd.covers).toBe('1–18 Oct 2026 (18 days) → 1–18 Nov 2026 (18 days): 18 days each, data through 18 Nov 2026');
  });

  it('weeks and days: the span before with as many days', () => {
    const week = resolveSpans(undefined, '2026-W46', data, store, storeWideSpans(data));
    expect([week.old.first, week.old.last, week.new.first, week.new.last]).toEqual(['2026-11-02', '2026-11-08', '2026-11-09', '2026-11-15']);
    const day = resolveSpans(undefined, '2026-11-18', data, store, storeWideSpans(data));
    expect([day.old.first, day.new.first, day.new.days]).toEqual(['2026-11-17', '2026-11-18', 1]);
    expect(resolveSpans('2026-11-01..2026-11-07', '2026-11-08..2026-11-14', data, store, storeWideSpans(data)).new.range).toEqual({ chargeFrom: '2026-11-08', chargeTo: '2026-11-15' });
  });

  it('rejects unequal day spans, mixed kinds, overlaps, spans past the horizon or before the data, and unknown forms, each with a hint', () => {
    expect(error(() => resolveSpans('2026-11-01..2026-11-06', '2026-11-08..2026-11-14', data, store, storeWideSpans(data)))).toEqual({
      message: '--from 1–6 Nov 2026 covers 6 days and --to 8–14 Nov 2026 covers 7: explain compares spans of equal length',
      hint: 'give --from 2026-11-01..2026-11-07, the 7 days before --to (what --from left out compares)',
    });
    expect(error(() => resolveSpans('2026-09', 'mtd', data, store, storeWideSpans(data))).hint).toBe('give --from 2026-10-01..2026-10-18, the same days of the month before --to');
    expect(error(() => resolveSpans('2026-11-05..2026-11-11', '2026-11-08..2026-11-14', data, store, storeWideSpans(data))).message).toContain('must end before --to');
    expect(error(() => resolveSpans(undefined, '2026-11', data, store, storeWideSpans(data)))).toEqual({
      message: '--to Nov 2026 (full bill, 30 days) runs past the data horizon 18 Nov 2026 (the last complete day in the store)',
      hint: 'compare complete months, or month to date: --to mtd (and --from left out for the same days of the month before)',
    });
    expect(error(() => resolveSpans('2025-12-25..2025-12-31', '2026-01-01..2026-01-07', data, store, storeWideSpans(data))).message).toBe('--from 25–31 Dec 2025 (7 days) starts before the billing data in the store (from 2026-01-01)');
    expect(error(() => resolveSpans(undefined, 'last-week', data, store, storeWideSpans(data)))).toEqual({
      message: '--to must be a period or a range of days; got "last-week"',
      hint: 'write YYYY-MM (a month), YYYY-Www (an ISO week), YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (days, both included) or mtd (month to date)',
    });
    expect(error(() => resolveSpans(undefined, '2027-W53', data, store, storeWideSpans(data))).message).toContain('"2027-W53"');
  });
});

describe('explain: every day of both spans in the store, and defaults that fall back to month to date', () => {
  /** A store whose billing data runs from `firstDay` to the horizon `lastDay`, with the given gaps. */
  const storeOf = (firstDay: string, lastDay: string, gaps: StoreDays['gaps'] = []) => ({
    data: { firstDay, lastDay, lastChargeDay: lastDay, lastUsagePeriod: lastDay.slice(0, 7) } satisfies BillingDaySpan,
    store: { firstDay, gaps } satisfies StoreDays,
  });

  it('a month the store holds from its 15th only is refused as a full bill, naming the 14 days missing', () => {
    const { data, store } = storeOf('2018-10-15', '2018-11-30');
    expect(error(() => resolveSpans('2018-10', '2018-11', data, store, storeWideSpans(data)))).toEqual({
      message: '--from Oct 2018 (full bill, 31 days) starts before the billing data in the store (from 2018-10-15): 1–14 Oct 2018 are not in it',
      // 47 days from 15 Oct to 30 Nov: the last 23 (8–30 Nov) against the 23 before them (16 Oct – 7 Nov).
      hint: 'a month compares its full bill, so all of its days must be in the store: pick days from 2018-10-15 to 2018-11-30 (e.g. the last 23 days against the 23 before them: --from 2018-10-16..2018-11-07 --to 2018-11-08..2018-11-30), or ingest the earlier billing files',
    });
  });

  it('a month partly in a gap between billing periods is refused too, naming its days in the gap', () => {
    const { data, store } = storeOf('2024-06-01', '2024-09-30', [{ first: '2024-07-20', last: '2024-08-04' }]);
    expect(error(() => resolveSpans('2024-08', '2024-09', data, store, storeWideSpans(data)))).toEqual({
      message: '--from Aug 2024 (full bill, 31 days) is not wholly in the store: 1–4 Aug 2024 are missing (the store holds no billing data from 20 Jul to 4 Aug 2024)',
      hint: 'a month compares its full bill, so all of its days must be in the store: compare spans the store holds on both sides (costlens status lists each billing period and its days), or ingest the missing billing files',
    });
    // September and the month before it in the store: compared as before.
    expect(resolveSpans(undefined, '2024-07', storeOf('2024-06-01', '2024-09-30').data, storeOf('2024-06-01', '2024-09-30').store, storeWideSpans(storeOf('2024-06-01', '2024-09-30').data)).covers)
      .toBe('Jun 2024 (full bill, 30 days) → Jul 2024 (full bill, 31 days): the full bills of 30 and 31 days, data through 30 Sep 2024');
  });

  it('defaults: with the month before the last complete month not in the store, month to date against the same days of the month before, said so', () => {
    // October complete, November up to the 19th: October against September fails (September is not in the store).
    const { data, store } = storeOf('2018-10-01', '2018-11-19');
    const spans = resolveSpans(undefined, undefined, data, store, storeWideSpans(data));
    expect([spans.old.first, spans.old.last, spans.new.first, spans.new.last]).toEqual(['2018-10-01', '2018-10-19', '2018-11-01', '2018-11-19']);
    expect(spans.covers).toBe('1–19 Oct 2018 (19 days) → 1–19 Nov 2018 (19 days): 19 days each, data through 19 Nov 2018');
    expect(spans.fallback).toBe('--from and --to left out: Oct 2018 (full bill, 31 days) cannot be compared with the month before, as 1–30 Sep 2018 are not in the store '
      + '(the store\'s billing data begins on 1 Oct 2018); compared instead: 1–19 Nov 2018 (the data ends on 19 Nov 2018, the data horizon) against the same days of the month before');
    // Both months wholly in the store: the months, and no fallback.
    const full = storeOf('2018-09-01', '2018-11-19');
    const months = resolveSpans(undefined, undefined, full.data, full.store, storeWideSpans(full.data));
    expect([months.old.label, months.new.label, months.fallback]).toEqual(['Sep 2018 (full bill, 30 days)', 'Oct 2018 (full bill, 31 days)', undefined]);
  });

  it('defaults: when the month before is shorter, month to date against as many days just before the month', () => {
    // 1–30 Mar 2026 (30 days) against 30 Jan – 28 Feb 2026 (30 days); February against January fails (January from its 25th only).
    const { data, store } = storeOf('2026-01-25', '2026-03-30');
    const spans = resolveSpans(undefined, undefined, data, store, storeWideSpans(data));
    expect([spans.old.first, spans.old.last, spans.new.first, spans.new.last]).toEqual(['2026-01-30', '2026-02-28', '2026-03-01', '2026-03-30']);
    expect(spans.fallback).toBe('--from and --to left out: Feb 2026 (full bill, 28 days) cannot be compared with the month before, as 1–24 Jan 2026 are not in the store '
      + '(the store\'s billing data begins on 25 Jan 2026); compared instead: 1–30 Mar 2026 (the data ends on 30 Mar 2026, the data horizon) against as many days just before them');
  });

  it('defaults: month to date of one day is said as one day, its pronoun and noun from the count (it read "the same days" of 1 Nov 2018 alone)', () => {
    // 1 Nov 2018 is the horizon: October against September fails (September from its 15th only), so 1 Nov against 1 Oct.
    const { data, store } = storeOf('2018-09-15', '2018-11-01');
    const spans = resolveSpans(undefined, undefined, data, store, storeWideSpans(data));
    expect([spans.old.first, spans.old.last, spans.new.first, spans.new.last]).toEqual(['2018-10-01', '2018-10-01', '2018-11-01', '2018-11-01']);
    expect(spans.fallback).toBe('--from and --to left out: Oct 2018 (full bill, 31 days) cannot be compared with the month before, as 1–14 Sep 2018 are not in the store '
      + '(the store\'s billing data begins on 15 Sep 2018); compared instead: 1 Nov 2018 (the data ends on 1 Nov 2018, the data horizon) against the same day of the month before');
    // From 15 Oct: neither default is in the store, each candidate named once.
    const later = storeOf('2018-10-15', '2018-11-01');
    expect(error(() => resolveSpans(undefined, undefined, later.data, later.store, storeWideSpans(later.data))).message)
      .toBe('--from and --to left out: no default comparison can be made, as the store\'s billing data begins on 15 Oct 2018: '
        + 'the last complete month against the month before, Sep 2018 (full bill, 30 days) → Oct 2018 (full bill, 31 days): the earlier month is not in the store; '
        + 'the latest month\'s day (the data ends on 1 Nov 2018, the data horizon) against the same day of the month before, 1 Oct 2018 (1 day) → 1 Nov 2018 (1 day): the earlier span is not in the store');
  });

  it('defaults: refused, saying why each default fails, when the store holds neither; a left-out --from is named as left out', () => {
    const { data, store } = storeOf('2018-10-15', '2018-11-30');
    expect(error(() => resolveSpans(undefined, undefined, data, store, storeWideSpans(data)))).toEqual({
      message: '--from and --to left out: no default comparison can be made, as the store\'s billing data begins on 15 Oct 2018: '
        + 'the last complete month against the month before, Oct 2018 (full bill, 31 days) → Nov 2018 (full bill, 30 days): 1–14 Oct 2018 are not in the store; '
        + 'the latest month\'s days (the data ends on 30 Nov 2018, the data horizon) against the same days of the month before, 1–30 Oct 2018 (30 days) → 1–30 Nov 2018 (30 days): 1–14 Oct 2018 are not in the store',
      hint: 'give --from and --to: days from 2018-10-15 to 2018-11-30 (e.g. the last 23 days against the 23 before them: --from 2018-10-16..2018-11-07 --to 2018-11-08..2018-11-30), or ingest the missing billing files',
    });
    expect(error(() => resolveSpans(undefined, '2018-11', data, store, storeWideSpans(data))).message)
      .toBe('--from left out: the span before --to, Oct 2018 (full bill, 31 days), starts before the billing data in the store (from 2018-10-15): 1–14 Oct 2018 are not in it');
  });
});
