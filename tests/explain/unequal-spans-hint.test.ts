/**
 * Day spans of unequal length are refused with a hint that gives a `--from` that works: as long as
 * `--to` and ending before it starts. Keeping the given `--from`'s first day works only when that
 * still ends before `--to`; otherwise the hint gives the span just before `--to`. Before, it kept
 * the first day regardless: `--from 2018-11-01..2018-11-07 --to 2018-11-08..2018-11-15` was told
 * `give --from 2018-11-01..2018-11-08`, which shares 8 Nov with `--to` and is refused in turn. The
 * message named each span's days twice ("(1–7 Nov 2018 (7 days))").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveSpans } from '../../src/analyze/explain/spans.ts';
import { storeWideSpans } from '../../src/analyze/source-spans.ts';
import type { BillingDaySpan } from '../../src/analyze/billing-calendar.ts';
import { CostlensError } from '../../src/errors.ts';
import type { StoreDays } from '../../src/lib/store-days.ts';
import { cachedStore } from '../helpers/cached-stores.ts';
import { costlens, REAL_NOV_2018, REAL_OCT_2018 } from '../helpers/cli.ts';

/** The real 2018 store's days: 1 Oct to 30 Nov 2018, no gap. */
const data: BillingDaySpan = { firstDay: '2018-10-01', lastDay: '2018-11-30', lastChargeDay: '2018-11-30', lastUsagePeriod: '2018-11' };
const store: StoreDays = { firstDay: data.firstDay, gaps: [] };

function refusal(from: string, to: string): { message: string; hint: string | undefined } {
  try {
    resolveSpans(from, to, data, store, storeWideSpans(data));
  } catch (error) {
    if (error instanceof CostlensError) return { message: error.message, hint: error.hint };
    throw error;
  }
  throw new Error(`--from ${from} --to ${to} was not refused`);
}

describe('explain: unequal day spans', () => {
  it('7 days against 8 that start the day after: the hint is the 8 days before --to, 31 Oct – 7 Nov, which resolves', () => {
    expect(refusal('2018-11-01..2018-11-07', '2018-11-08..2018-11-15')).toEqual({
      message: '--from 1–7 Nov 2018 covers 7 days and --to 8–15 Nov 2018 covers 8: explain compares spans of equal length',
      hint: 'give --from 2018-10-31..2018-11-07, the 8 days before --to (what --from left out compares)',
    });
    const spans = resolveSpans('2018-10-31..2018-11-07', '2018-11-08..2018-11-15', data, store, storeWideSpans(data));
    expect([spans.old.first, spans.old.last, spans.old.days, spans.new.days]).toEqual(['2018-10-31', '2018-11-07', 8, 8]);
    expect(spans).toEqual(resolveSpans(undefined, '2018-11-08..2018-11-15', data, store, storeWideSpans(data)));
  });

  it('a --from that has room before --to keeps its first day: 1–11 Oct against 1–10 Nov gives 1–10 Oct', () => {
    expect(refusal('2018-10-01..2018-10-11', '2018-11-01..2018-11-10').hint).toBe('give --from 2018-10-01..2018-10-10, or leave --from out for the 10 days before --to');
  });

  it('one day against two: the day before --to', () => {
    expect(refusal('2018-11-09', '2018-11-10..2018-11-11')).toEqual({
      message: '--from 9 Nov 2018 covers 1 day and --to 10–11 Nov 2018 covers 2: explain compares spans of equal length',
      hint: 'give --from 2018-11-08..2018-11-09, the 2 days before --to (what --from left out compares)',
    });
  });

  it('overlapping spans: the label once, and a --from that works', () => {
    expect(refusal('2018-11-05..2018-11-11', '2018-11-08..2018-11-14')).toEqual({
      message: '--from 5–11 Nov 2018 (7 days) must end before --to 8–14 Nov 2018 (7 days) starts',
      hint: '--from is the earlier span (the baseline), --to the later one: e.g. --from 2018-11-01..2018-11-07, the 7 days before --to',
    });
  });
});

describe('costlens explain with unequal spans on the real 2018 bills', () => {
  let db: string;
  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018]]);
  }, 300_000);

  it('is refused (exit 2) with the hint, and the --from it gives runs', async () => {
    const run = await costlens(db, 'explain', '--from', '2018-11-01..2018-11-07', '--to', '2018-11-08..2018-11-15');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('costlens: --from 1–7 Nov 2018 covers 7 days and --to 8–15 Nov 2018 covers 8: explain compares spans of equal length\n'
      + '  hint: give --from 2018-10-31..2018-11-07, the 8 days before --to (what --from left out compares)\n');
    const hinted = await costlens(db, 'explain', '--from', '2018-10-31..2018-11-07', '--to', '2018-11-08..2018-11-15', '--format', 'json');
    expect(hinted.code, hinted.stderr).toBe(0);
    const json = JSON.parse(hinted.stdout) as { from: unknown; to: unknown };
    expect([json.from, json.to]).toMatchObject([{ first: '2018-10-31', last: '2018-11-07', days: 8 }, { first: '2018-11-08', last: '2018-11-15', days: 8 }]);
  });
});
