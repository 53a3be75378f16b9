/**
 * A range of charge days is complete only when every billing period it reaches is (README,
 * "Commitments"): on the store of every real file, `commitments --from 2018-11-01 --to 2024-10-01`
 * reaches the legacy CUR's 2023-11, whose data ends on 13 Nov 2023; the range is judged on the FOCUS
 * sample's data (its latest period, complete to 30 Sep 2024) and named 2023-11 as not complete, yet
 * read `complete: true` and "1 Nov 2018 – 30 Sep 2024" with no "not complete".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';

type Days = { first: string; last: string; complete: boolean; description: string };
const FOCUS_SOURCES = ['aws/1234567890123', 'microsoft//providers/Microsoft.Billing/billingAccounts/8611537', 'oracle/20209880'];
const GAPS = '1 Dec 2018 – 31 Oct 2023 and 15 Nov 2023 – 31 Aug 2024 are not in the store (the store holds no billing data from 1 Dec 2018 to 31 Oct 2023 and from 15 Nov 2023 to 31 Aug 2024)';

describe('commitments --from/--to on the store of every real file: complete only when every billing period of the range is', () => {
  let db: string;
  const json = async (from: string, to: string) => JSON.parse((await costlens(db, 'commitments', '--from', from, '--to', to, '--format', 'json')).stdout) as { days: Days; periodData?: { horizon: string; sources: string[]; notComplete?: string[] } };
  beforeAll(async () => {
    db = await cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]]);
  }, 300_000);

  it('1 Nov 2018 – 30 Sep 2024 is not complete: 2023-11, the legacy CUR\'s, ends on 13 Nov 2023 (by DuckDB on the CSV); it read complete on its latest period, Sept 2024', async () => {
    const [legacy] = await duckdbRows(`SELECT CAST(max(CAST("lineItem/UsageEndDate" AS TIMESTAMP)) AS VARCHAR) AS usage_end FROM read_csv($file, all_varchar = true) WHERE "lineItem/LineItemType" = 'Usage'`, { file: REAL_LEGACY_CSV });
    expect(legacy.usage_end).toBe('2023-11-14 04:00:00');
    const whole = await json('2018-11-01', '2024-10-01');
    expect(whole.days).toMatchObject({ first: '2018-11-01', last: '2024-09-30', complete: false, description: `1 Nov 2018 – 30 Sep 2024, not complete; ${GAPS}` });
    expect(whole.periodData).toEqual({ horizon: '2024-09-30', sources: FOCUS_SOURCES, notComplete: ['2023-11 is not complete: the data of aws/123412340534 ends on 13 Nov 2023'] });
    // The table's first line says it as a period's does: not complete, judged on the FOCUS sample's data, and why.
    expect((await costlens(db, 'commitments', '--from', '2018-11-01', '--to', '2024-10-01')).stdout.split('\n')[0]).toBe(`Commitments 2018-11-01/2024-10-01 (1 Nov 2018 – 30 Sep 2024, not complete; ${GAPS}; `
      + `judged on the data of ${FOCUS_SOURCES.join(', ')}, its sources (the store's latest); 2023-11 is not complete: the data of aws/123412340534 ends on 13 Nov 2023): 9 Reserved Instances, 2 Savings Plans`);
  });

  it('ranges whose every period is complete inside them stay complete: the 2018 CUR\'s 15 Oct – 30 Nov 2018, 1 Nov 2018 – 9 Nov 2023 (up to the legacy CUR\'s horizon), Sept 2024', async () => {
    expect((await json('2018-10-15', '2018-12-01')).days.complete).toBe(true);
    const upToLegacy = await json('2018-11-01', '2023-11-10');
    expect([upToLegacy.days.complete, upToLegacy.periodData]).toEqual([true, { horizon: '2023-11-13', sources: ['aws/123412340534'] }]);
    expect((await json('2024-09-01', '2024-10-01')).days).toMatchObject({ complete: true, description: '1–30 Sep 2024' });
  });
});
