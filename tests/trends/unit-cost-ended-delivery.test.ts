/**
 * unit-cost on the store of every real file (the 2018 CURs, the legacy CUR of Nov 2023, the FOCUS
 * sample of Sept 2024) with a business metric of 10–16 Nov 2023: the legacy CUR's usage ends at 04:00
 * on 14 Nov 2023, so 14 Nov is a partial day, as it is after the data horizon in a store of that file
 * alone. It got a unit cost of $0.0000906758 an order (its 4 hours' $0.0090675816 over 100 orders)
 * beside the later data, whose horizon (30 Sep 2024) is far after it. Figures by DuckDB on the CSV.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { derivedFiles } from '../helpers/derived-files.ts';
import { days } from './fixtures.ts';

const LEGACY = 'aws/123412340534';

/** Usage UnblendedCost (the legacy CUR's BilledCost and EffectiveCost alike: no commitment) per charge day from 13 to 14 Nov 2023, by DuckDB on the CSV: lines of at most a day. */
async function legacyUsageByDay(): Promise<Record<string, string>[]> {
  return duckdbRows(`SELECT CAST(CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMP) AS DATE) AS VARCHAR) AS day, CAST(sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) AS VARCHAR) AS cost,
      CAST(max(CAST("lineItem/UsageEndDate" AS TIMESTAMP)) AS VARCHAR) AS usage_end
    FROM read_csv($file, all_varchar = true)
    WHERE "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UsageEndDate" AS TIMESTAMP) <= CAST("lineItem/UsageStartDate" AS TIMESTAMP) + INTERVAL 1 DAY
      AND CAST("lineItem/UsageStartDate" AS TIMESTAMP) >= TIMESTAMP '2023-11-13'
    GROUP BY 1 ORDER BY 1`, { file: REAL_LEGACY_CSV }) as Promise<Record<string, string>[]>;
}

describe('unit-cost of the legacy CUR\'s partial last day, beside later deliveries', () => {
  let every: string;
  let alone: string;
  beforeAll(async () => {
    const files = await derivedFiles([{ name: 'orders-nov-2023.csv', text: ['date,metric,value', ...days('2023-11-10', '2023-11-16').map((d) => `${d},orders,100`)].join('\n') + '\n' }]);
    const orders = files['orders-nov-2023.csv'];
    [every, alone] = await Promise.all([cachedStore([[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS], [orders]]), cachedStore([[REAL_LEGACY_CSV], [orders]])]);
  }, 300_000);

  it('14 Nov 2023 has no unit cost: the legacy CUR\'s data ends on 13 Nov 2023 (its usage to 04:00 on 14 Nov), as in a store of its file alone, where it is after the data horizon', async () => {
    expect(await legacyUsageByDay()).toEqual([
      { day: '2023-11-13', cost: '0.2046081542', usage_end: '2023-11-14 00:00:00' },
      { day: '2023-11-14', cost: '0.0090675816', usage_end: '2023-11-14 04:00:00' },
    ]);
    const args = ['unit-cost', '--metric', 'orders', '--from', '2023-11-13', '--to', '2023-11-16', '--format', 'json'];
    const [together, byItself] = [await costlens(every, ...args), await costlens(alone, ...args)];
    expect([together.code, together.stderr, byItself.code]).toEqual([0, '', 0]);
    // 0.2046081542 / 100 = 0.002046081542, rounded once to 10 decimals.
    const thirteenth = { day: '2023-11-13', days: 1, metricDays: 1, effectiveCost: '0.204608', units: 100, unitCost: '0.0020460815', note: null };
    const partial = { day: '2023-11-14', days: 1, metricDays: 1, effectiveCost: '0.009068', units: 100, unitCost: null };
    const gap = { day: '2023-11-15', days: 1, metricDays: 1, effectiveCost: null, units: 100, unitCost: null, note: 'no billing data' };
    // It read unitCost '0.0000906758' and no note beside the later data.
    expect(JSON.parse(together.stdout)).toEqual([thirteenth, { ...partial, note: `partial day (the data of ${LEGACY} ends on 13 Nov 2023)` }, gap]);
    expect(JSON.parse(byItself.stdout)).toEqual([thirteenth, { ...partial, note: 'partial day (after the data horizon)' }, gap]);
    // A week holding it has no unit cost either, and says why.
    const week = await costlens(every, 'unit-cost', '--metric', 'orders', '--from', '2023-11-13', '--to', '2023-11-16', '--grain', 'week', '--format', 'csv');
    expect(week.stdout.split('\r\n')[1]).toBe(`2023-11-13,3,3,0.213676,300,,no billing data on 1 of 3 days; partial day (the data of ${LEGACY} ends on 13 Nov 2023) on 1 of 3 days`);
  });
});
