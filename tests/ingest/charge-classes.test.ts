/**
 * Every line gets its charge class at ingest (x_ChargeClass): on the real 2018 CURs and the
 * anonymous legacy CSV, each line item type lands in the class README "Charge classes" names,
 * with the lines and money DuckDB counts on the files themselves; the FOCUS sample's classes
 * follow ChargeCategory and ChargeFrequency.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, costlens, duckdbRows, sqlRows, tempStore } from '../helpers/cli.ts';

/** The classes of the CUR line item types found in these files, as the README's table states them. */
const CLASS_OF_TYPE: Record<string, string> = { Usage: 'usage', DiscountedUsage: 'usage', RIFee: 'recurring', Tax: 'tax' };

describe('charge classes at ingest, on the real files', () => {
  const { db } = tempStore();

  beforeAll(async () => {
    for (const file of [REAL_OCT_2018, REAL_NOV_2018, REAL_LEGACY_CSV, REAL_FOCUS]) {
      const run = await costlens(db, 'ingest', file);
      expect(run.code, run.stderr).toBe(0);
    }
  });

  it.each([
    ['2018-10', REAL_OCT_2018, `read_parquet($file)`, 'line_item_line_item_type', 'line_item_unblended_cost'],
    ['2018-11', REAL_NOV_2018, `read_parquet($file)`, 'line_item_line_item_type', 'line_item_unblended_cost'],
    ['2023-11', REAL_LEGACY_CSV, `read_csv($file, header = true)`, '"lineItem/LineItemType"', '"lineItem/UnblendedCost"'],
  ])('%s: each line item type in its class, with the lines and unblended cost of the file', async (period, file, reader, type, cost) => {
    const onFile = await duckdbRows(`SELECT ${type} AS type, count(*) AS n, sum(CAST(${cost} AS DECIMAL(38,10))) AS billed
      FROM ${reader} GROUP BY 1 ORDER BY 1`, { file });
    const inStore = await sqlRows(db, `SELECT x_LineItemType AS type, x_ChargeClass AS class, count(*) AS n, sum(BilledCost) AS billed
      FROM line_items WHERE x_BillingPeriod = '${period}' GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(inStore).toEqual(onFile.map((r) => ({ type: r.type, class: CLASS_OF_TYPE[r.type!], n: r.n, billed: r.billed })));
  });

  it('October 2018: usage 119,298 lines (3914.7077525379), recurring 9 RI fees (149.775379); the RI fee lines span the month', async () => {
    const rows = await sqlRows(db, `SELECT x_ChargeClass AS class, count(*) AS n, sum(BilledCost) AS billed,
        bool_and(ChargePeriodEnd > ChargePeriodStart + INTERVAL 1 DAY) AS long FROM line_items WHERE x_BillingPeriod = '2018-10' GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      { class: 'recurring', n: '9', billed: '149.7753790000', long: 'true' },
      { class: 'usage', n: '119298', billed: '3914.7077525379', long: 'false' },
    ]);
  });

  it('FOCUS sample: classes from ChargeCategory and ChargeFrequency, as the file states them', async () => {
    const onFile = await duckdbRows(`SELECT CASE
        WHEN ChargeCategory = 'Tax' THEN 'tax'
        WHEN ChargeCategory IN ('Credit', 'Adjustment') THEN 'credit'
        WHEN ChargeFrequency = 'Recurring' THEN 'recurring'
        WHEN ChargeCategory = 'Purchase' THEN 'one-time'
        WHEN CAST(ChargePeriodEnd AS TIMESTAMP) > CAST(ChargePeriodStart AS TIMESTAMP) + INTERVAL 1 DAY THEN 'recurring'
        ELSE 'usage' END AS class, count(*) AS n
      FROM read_csv($file, header = true, nullstr = 'NULL') GROUP BY 1 ORDER BY 1`, { file: REAL_FOCUS });
    const inStore = await sqlRows(db, `SELECT x_ChargeClass AS class, count(*) AS n FROM line_items WHERE x_SourceFormat = 'focus' GROUP BY 1 ORDER BY 1`);
    expect(inStore).toEqual(onFile);
    expect(inStore.reduce((n, r) => n + Number(r.n), 0)).toBe(1000);
  });
});
