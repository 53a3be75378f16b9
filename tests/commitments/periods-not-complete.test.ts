/**
 * The other billing periods a commitments range names as not complete (src/analyze/commitments/horizon.ts,
 * periodsNotComplete) leave out the delivery the range's days are judged on by its sources, not by the
 * span object: its bill of an earlier month is a copy of its span when another delivery holding that
 * month begins earlier (source-spans.ts, ofBill), and was then named again beside the range's own words.
 * Pure tests on the rows of queries/calendar/data_horizon_by_source.sql.
 */
import { describe, expect, it } from 'vitest';
import { ownSpanOf, periodsNotComplete } from '../../src/analyze/commitments/horizon.ts';
import { sourceSpansOf } from '../../src/analyze/source-spans.ts';
import { row, sourceRows, storeSpan } from '../helpers/source-span-rows.ts';

/**
 * The store of tests/helpers/source-span-rows.ts, the legacy CUR's account also billed RI fees of 2023-12
 * (a row of that month, no usage), beside another account whose lines of 2023-11 run to 20 Nov 2023 and
 * begin on `otherFirstDay` (a line of the month charged on 31 Oct, as the FOCUS sample charges one of
 * 2024-10 on 30 Sep 2024, or on 1 Nov).
 */
function calendarWith(otherFirstDay: string) {
  const rows = [
    ...sourceRows,
    row('aws/123412340534', '2023-12', 'fees-2023-12.parquet', ['2023-12-01', null, null, '2023-12-01', null]),
    row('aws/111122223333', '2023-11', 'other.csv', [otherFirstDay, '2023-11-20', '2023-11-21 00:00:00', '2023-11-20', '2023-11']),
  ];
  return { span: storeSpan, spans: sourceSpansOf(rows, storeSpan) };
}

describe('commitments --from 2023-11-01 --to 2024-01-01, its days judged on the legacy CUR\'s data (its 2023-12 fees the latest month it reaches)', () => {
  const range = { chargeFrom: '2023-11-01', chargeTo: '2024-01-01' };

  it('names no other period whichever day the other account\'s lines of 2023-11 begin on (it named 2023-11 again, in the legacy CUR\'s words, when they began on 31 Oct)', () => {
    for (const otherFirstDay of ['2023-11-01', '2023-10-31']) {
      const calendar = calendarWith(otherFirstDay);
      const own = ownSpanOf(calendar, range)!;
      // Judged on the legacy CUR's data, ending on 13 Nov 2023 (its usage ends at 04:00 on the 14th): the range's words say so.
      expect([otherFirstDay, own.lastDay, calendar.spans.sourcesOf(own)]).toEqual([otherFirstDay, '2023-11-13', ['aws/123412340534']]);
      // 2023-11's bill is the legacy CUR's too (the earlier data horizon of the two, both ended), from the earlier first day.
      const november = calendar.spans.ofBill('2023-11');
      expect([november.firstDay, november.lastDay, calendar.spans.sourcesOf(november)]).toEqual([otherFirstDay, '2023-11-13', ['aws/123412340534']]);
      expect([otherFirstDay, periodsNotComplete(calendar, range, own)]).toEqual([otherFirstDay, []]);
    }
  });

  it('still names a month of another delivery that it does not complete: from 1 Sep 2024 back to 1 Nov 2023, 2023-11 (the legacy CUR\'s data ends on 13 Nov 2023)', () => {
    const calendar = calendarWith('2023-10-31');
    const wide = { chargeFrom: '2023-11-01', chargeTo: '2024-10-01' };
    const own = ownSpanOf(calendar, wide)!;
    expect([own.lastDay, calendar.spans.sourcesOf(own)]).toEqual(['2024-09-30', ['aws/1234567890123']]);
    expect(periodsNotComplete(calendar, wide, own)).toEqual(['2023-11 is not complete: the data of aws/123412340534 ends on 13 Nov 2023',
      '2023-12 is not complete: the data of aws/123412340534 ends on 13 Nov 2023']);
  });
});
