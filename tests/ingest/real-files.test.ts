import { describe, expect, it, beforeAll } from 'vitest';
import { cachedIngestRuns, cachedStore } from '../helpers/cached-stores.ts';
import { REAL_FOCUS, REAL_LEGACY_CSV, REAL_NOV_2018, REAL_OCT_2018, duckdbRows, sqlRows } from '../helpers/cli.ts';

/** The standard amortisation formula, written out here independently of src/ingest. */
const EFFECTIVE_COST_ON_FILE = `
  sum(CASE line_item_line_item_type
        WHEN 'DiscountedUsage' THEN reservation_effective_cost
        WHEN 'RIFee' THEN reservation_unused_amortized_upfront_fee_for_billing_period + reservation_unused_recurring_fee
        ELSE line_item_unblended_cost END)`;

describe('ingest of the real AWS files in shared/data reproduces their published totals', () => {
  /** The four files, each in its own `costlens ingest … --json`, once per machine (tests/helpers/cached-stores.ts): only read. */
  let db: string;

  beforeAll(async () => {
    const ingests = [[REAL_OCT_2018], [REAL_NOV_2018], [REAL_LEGACY_CSV], [REAL_FOCUS]];
    db = await cachedStore(ingests);
    for (const run of await cachedIngestRuns(ingests)) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
  });

  it('October 2018 Athena Parquet: 119,307 lines, 4064.4831 USD unblended, 2 usage accounts', async () => {
    const [row] = await sqlRows(db, `SELECT count(*) AS n, round(sum(BilledCost), 4) AS billed, count(DISTINCT SubAccountId) AS accounts
      FROM line_items WHERE x_BillingPeriod = '2018-10'`);
    expect(row).toEqual({ n: '119307', billed: '4064.4831', accounts: '2' });
  });

  it('November 2018 Athena Parquet: 124,340 lines, 3505.3270 USD unblended', async () => {
    const [row] = await sqlRows(db, `SELECT count(*) AS n, round(sum(BilledCost), 4) AS billed FROM line_items WHERE x_BillingPeriod = '2018-11'`);
    expect(row).toEqual({ n: '124340', billed: '3505.3270' });
  });

  it('legacy CUR CSV: 1,281 lines (1,269 usage, 12 tax), 1.682309 USD unblended, per charge type as DuckDB reads the file', async () => {
    const expected = await duckdbRows(`SELECT CASE "lineItem/LineItemType" WHEN 'Tax' THEN 'Tax' ELSE 'Usage' END AS ChargeCategory, count(*) AS n,
        CAST(round(sum("lineItem/UnblendedCost"), 8) AS DECIMAL(18,8)) AS billed
      FROM read_csv($file, header = true) GROUP BY 1 ORDER BY 1`, { file: REAL_LEGACY_CSV });
    const rows = await sqlRows(db, `SELECT ChargeCategory, count(*) AS n, CAST(round(sum(BilledCost), 8) AS DECIMAL(18,8)) AS billed FROM line_items
      WHERE x_BillingPeriod = '2023-11' GROUP BY ChargeCategory ORDER BY ChargeCategory`);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => [r.ChargeCategory, r.n])).toEqual([['Tax', '12'], ['Usage', '1269']]);
    const [total] = await sqlRows(db, `SELECT count(*) AS n, round(sum(BilledCost), 6) AS billed FROM line_items WHERE x_BillingPeriod = '2023-11'`);
    expect(total).toEqual({ n: '1281', billed: '1.682309' });
  });

  it('FOCUS sample: 1,000 rows, BilledCost 20.5202, EffectiveCost 14.9765', async () => {
    const [row] = await sqlRows(db, `SELECT count(*) AS n, round(sum(BilledCost), 4) AS billed, round(sum(EffectiveCost), 4) AS effective
      FROM line_items WHERE x_SourceFormat = 'focus'`);
    expect(row).toEqual({ n: '1000', billed: '20.5202', effective: '14.9765' });
  });

  it('October 2018 by Tags[cost_center]: (untagged) 3682.9709, Cost001 174.8049, Cost002 149.3874', async () => {
    const rows = await sqlRows(db, `SELECT coalesce(Tags['cost_center'], '(untagged)') AS cost_center, round(sum(BilledCost), 4) AS billed
      FROM line_items WHERE x_BillingPeriod = '2018-10' GROUP BY 1 ORDER BY 1`);
    const byValue = Object.fromEntries(rows.map((r) => [r.cost_center, r.billed]));
    expect(byValue['(untagged)']).toBe('3682.9709');
    expect(byValue.Cost001).toBe('174.8049');
    expect(byValue.Cost002).toBe('149.3874');
    const [exact] = await sqlRows(db, `SELECT (SELECT sum(b) FROM (SELECT sum(BilledCost) AS b FROM line_items WHERE x_BillingPeriod = '2018-10'
        GROUP BY Tags['cost_center'])) = sum(BilledCost) AS tags_sum_to_total FROM line_items WHERE x_BillingPeriod = '2018-10'`);
    expect(exact.tags_sum_to_total).toBe('true');
  });

  it('EffectiveCost of the real RI lines follows the amortisation formula, computed on the file by DuckDB', async () => {
    for (const [period, file] of [['2018-10', REAL_OCT_2018], ['2018-11', REAL_NOV_2018]] as const) {
      const expected = await duckdbRows(`SELECT line_item_line_item_type AS type, CAST(round(${EFFECTIVE_COST_ON_FILE}, 6) AS DECIMAL(18,6)) AS effective,
          CAST(round(sum(line_item_unblended_cost), 6) AS DECIMAL(18,6)) AS billed
        FROM read_parquet($file) GROUP BY 1 ORDER BY 1`, { file });
      const actual = await sqlRows(db, `SELECT x_LineItemType AS type, CAST(round(sum(EffectiveCost), 6) AS DECIMAL(18,6)) AS effective, CAST(round(sum(BilledCost), 6) AS DECIMAL(18,6)) AS billed
        FROM line_items WHERE x_BillingPeriod = '${period}' GROUP BY 1 ORDER BY 1`);
      expect(actual).toEqual(expected);
      expect(actual.map((r) => r.type)).toEqual(['DiscountedUsage', 'RIFee', 'Usage']);
    }
  });

  it('maps the FOCUS columns a CUR can fill', async () => {
    const [row] = await sqlRows(db, `SELECT ProviderName, BillingAccountId, SubAccountId, ServiceName, RegionId, ChargeCategory,
        x_UsageType, x_Operation, x_InstanceType, ResourceId, PricingCategory, CommitmentDiscountType, ChargeFrequency
      FROM line_items WHERE x_BillingPeriod = '2018-10' AND x_LineItemType = 'DiscountedUsage' ORDER BY x_LineItemId LIMIT 1`);
    expect(row.ProviderName).toBe('AWS');
    expect(row.BillingAccountId).toBe('836060457634');
    expect(row.ServiceName).toBe('Amazon Elastic Compute Cloud');
    expect(row.ChargeCategory).toBe('Usage');
    expect(row.PricingCategory).toBe('Committed');
    expect(row.CommitmentDiscountType).toBe('Reserved Instance');
    expect(row.ChargeFrequency).toBe('Usage-Based');
    expect(row.RegionId).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(row.x_UsageType).toMatch(/BoxUsage|HeavyUsage/);
    expect(row.x_InstanceType).toMatch(/^[a-z0-9]+\.[a-z0-9]+$/);
    const [fee] = await sqlRows(db, `SELECT ChargeCategory, ChargeFrequency FROM line_items WHERE x_LineItemType = 'RIFee' LIMIT 1`);
    expect(fee).toEqual({ ChargeCategory: 'Purchase', ChargeFrequency: 'Recurring' });
  });

  it('records every ingest with its files, rows and BilledCost, and lists unmapped columns', async () => {
    const rows = await sqlRows(db, `SELECT format, billing_period, rows, round(billed_cost, 4) AS billed, len(ignored_columns) > 0 AS has_ignored
      FROM ingests WHERE billing_period IN ('2018-10', '2018-11') ORDER BY billing_period`);
    expect(rows).toEqual([
      { format: 'cur-athena', billing_period: '2018-10', rows: '119307', billed: '4064.4831', has_ignored: 'true' },
      { format: 'cur-athena', billing_period: '2018-11', rows: '124340', billed: '3505.3270', has_ignored: 'true' },
    ]);
  });
});
