/**
 * A forecast of a month with no day left is what the month holds, on the real November 2018 CUR:
 * October posted an EC2 RI fee of 149.775379, November one of 147.384000, and a forecast that
 * still expected October's fee added the 2.391379 between them to a month already over.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows } from '../helpers/cli.ts';
import { cachedStore } from '../helpers/cached-stores.ts';

/** The store tests/server/commitments-real-files.test.ts and tests/commitments/invoice.test.ts read too. */
const INGESTS = [[REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]] as const;
const EFFECTIVE = `CASE line_item_line_item_type
    WHEN 'DiscountedUsage' THEN reservation_effective_cost
    WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
    ELSE line_item_unblended_cost END`;

describe('the forecast of November 2018 as of its last day, checked by DuckDB on the file', () => {
  let db: string;
  beforeAll(async () => { db = await cachedStore(INGESTS); });

  it('is the month as billed: 3505.326968 unblended, the effective cost as amortised, nothing expected on top', async () => {
    const [truth] = await duckdbRows(`SELECT CAST(sum(line_item_unblended_cost) AS DECIMAL(18, 6)) AS billed,
        CAST(sum(${EFFECTIVE}) AS DECIMAL(18, 6)) AS effective FROM read_parquet($file)`, { file: REAL_NOV_2018 });
    expect(truth.billed).toBe('3505.326968');
    const run = await costlens(db, 'forecast', '--as-of', '2018-11-30', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [billed, effective] = JSON.parse(run.stdout) as Record<string, string | number>[];
    expect([billed.daysRemaining, billed.expectedOther, billed.forecast, billed.low, billed.high])
      .toEqual([0, '0.000000', truth.billed, truth.billed, truth.billed]);
    expect([effective.expectedOther, effective.forecast]).toEqual(['0.000000', truth.effective]);
  });
});
