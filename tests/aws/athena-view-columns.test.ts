/**
 * Every line_items column an `.athena.sql` twin reads is a column of the Athena view
 * (src/engine/athena-view.ts), over a CUR 2.0 table and a legacy "CUR for Athena" table alike.
 * The twins are compared with their portable queries on the DuckDB store (athena-twins.test.ts),
 * where every column exists, so a column the view leaves out only fails on Athena: the budgets
 * twins read x_CostCategories, which the view did not define, and `budgets --engine athena`
 * could not run. Its ChargeCategory is the ingest's: an RI volume discount is a Credit (it was an
 * Adjustment, listed apart from credits).
 */
import { describe, expect, it } from 'vitest';
import { CurTableColumns, focusViewSelect } from '../../src/engine/athena-view.ts';
import { athenaForm } from '../../src/engine/athena.ts';
import { queryRegistry } from '../../src/engine/query-registry.ts';
import { CUR_CREDIT_LINE_ITEM_TYPES } from '../../src/store/charge-class.ts';
import { COMMITMENT_COLUMNS } from '../../src/store/commitment-columns.ts';
import { LINE_ITEM_COLUMNS } from '../../src/store/schema.ts';
import { duckdbRows } from '../helpers/cli.ts';

/** The store's line_items columns: the names a query can read from it. */
const STORE_COLUMNS = [...LINE_ITEM_COLUMNS, ...COMMITMENT_COLUMNS].map((c) => c.name);

/** The store columns a query's SQL names (as a whole word, quoted or not). */
function columnsRead(sql: string): string[] {
  return STORE_COLUMNS.filter((name) => new RegExp(`(?<![\\w.])"?${name}"?(?!\\w)`).test(sql));
}

describe('the Athena view defines every column the twins read', () => {
  const twins = queryRegistry().queries.map((q) => athenaForm(q.name)).filter((q) => q.sql !== undefined);

  for (const format of ['cur2', 'legacy'] as const) {
    it(`over a ${format === 'cur2' ? 'CUR 2.0' : 'legacy CUR for Athena'} table`, () => {
      const view = new Set([...Object.keys(focusViewSelect(new CurTableColumns([], format))), 'x_ChargeClass']);
      const missing = twins.flatMap((q) => columnsRead(q.sql).filter((c) => !view.has(c)).map((c) => `${q.name}: ${c}`));
      expect(missing).toEqual([]);
      expect(twins.filter((q) => columnsRead(q.sql).includes('x_CostCategories')).map((q) => q.name)).toEqual(['budgets/scope_cost_drivers', 'budgets/scope_daily_spend']);
    });
  }

  it('ChargeCategory: Credit for credits, refunds and every discount (RiVolumeDiscount too), Adjustment for a type no other category takes', async () => {
    const view = focusViewSelect(new CurTableColumns([{ name: 'line_item_line_item_type', type: 'string' }], 'cur2'));
    const types = [...CUR_CREDIT_LINE_ITEM_TYPES, 'NewLineItemType', 'Usage', 'RIFee', 'Tax'];
    const rows = await duckdbRows(`SELECT line_item_line_item_type AS type, ${view.ChargeCategory} AS category
      FROM unnest(string_split($types, ',')) AS t (line_item_line_item_type)`, { types: types.join(',') });
    expect(Object.fromEntries(rows.map((r) => [r.type, r.category]))).toEqual({
      Credit: 'Credit', Refund: 'Credit', Discount: 'Credit', EdpDiscount: 'Credit', BundledDiscount: 'Credit', PrivateRateDiscount: 'Credit',
      RiVolumeDiscount: 'Credit', SppDiscount: 'Credit', DistributorDiscount: 'Credit', NewLineItemType: 'Adjustment', Usage: 'Usage', RIFee: 'Purchase', Tax: 'Tax',
    });
  });

  it('x_CostCategories reads CUR 2.0\'s cost_category map, or a legacy table\'s cost_category_<name> columns keyed by <name>, as the ingest does', () => {
    expect(new CurTableColumns([{ name: 'cost_category', type: 'map<string,string>' }], 'cur2').costCategories())
      .toBe(`map_filter("cost_category", (k, v) -> v IS NOT NULL AND v <> '')`);
    expect(new CurTableColumns([{ name: 'cost_category_team', type: 'string' }, { name: 'cost_category_env', type: 'string' }], 'legacy').costCategories())
      .toBe(`map_filter(MAP(ARRAY['env', 'team'], ARRAY[CAST("cost_category_env" AS VARCHAR), CAST("cost_category_team" AS VARCHAR)]), (k, v) -> v IS NOT NULL AND v <> '')`);
    expect(new CurTableColumns([], 'legacy').costCategories()).toBe('CAST(MAP() AS MAP(VARCHAR, VARCHAR))');
  });
});
