import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CUR2_COLUMNS, cur2DuckDbType } from '../../src/cur-columns/cur2-columns.ts';
import { costlens, tempStore } from '../helpers/cli.ts';

/**
 * A CUR 2.0 file of a payer with an EDP discount, so the net columns are present. One line of each
 * kind, amounts chosen by hand; the net amortised cost of each, by the CUR net formula:
 *   Usage 10 (net 9) → 9; DiscountedUsage (RI effective 5, net 4.5) → 4.5;
 *   RIFee 8 (unused upfront 1 + recurring 2; net 0.9 + 1.8) → 2.7;
 *   SavingsPlanCoveredUsage 6 (SP effective 4, net 3.6) → 3.6; its negation −6 → 0;
 *   SavingsPlanRecurringFee 5 (commitment 5, used 4; net unblended 4.5, so 90 %) → (5 − 4) × 0.9 = 0.9;
 *   EdpDiscount −1.5 (net 0: already in the other lines' net) → 0; Tax 1 → 1.
 * Billed 22.5, amortised 22.5, net amortised 21.7.
 */
const LINES: Record<string, string | number>[] = [
  { line_item_line_item_type: 'Usage', line_item_unblended_cost: 10, line_item_net_unblended_cost: 9 },
  { line_item_line_item_type: 'DiscountedUsage', line_item_unblended_cost: 0, line_item_net_unblended_cost: 0, reservation_effective_cost: 5, reservation_net_effective_cost: 4.5, reservation_reservation_a_r_n: 'arn:aws:ec2:us-east-1:111122223333:reserved-instances/r-1' },
  { line_item_line_item_type: 'RIFee', line_item_unblended_cost: 8, line_item_net_unblended_cost: 7.2, reservation_unused_amortized_upfront_fee_for_billing_period: 1, reservation_unused_recurring_fee: 2,
    reservation_net_unused_amortized_upfront_fee_for_billing_period: 0.9, reservation_net_unused_recurring_fee: 1.8, reservation_reservation_a_r_n: 'arn:aws:ec2:us-east-1:111122223333:reserved-instances/r-1' },
  { line_item_line_item_type: 'SavingsPlanCoveredUsage', line_item_unblended_cost: 6, line_item_net_unblended_cost: 6, savings_plan_savings_plan_effective_cost: 4, savings_plan_net_savings_plan_effective_cost: 3.6, savings_plan_savings_plan_a_r_n: 'arn:aws:savingsplans::111122223333:savingsplan/sp-1' },
  { line_item_line_item_type: 'SavingsPlanNegation', line_item_unblended_cost: -6, line_item_net_unblended_cost: -6, savings_plan_savings_plan_a_r_n: 'arn:aws:savingsplans::111122223333:savingsplan/sp-1' },
  { line_item_line_item_type: 'SavingsPlanRecurringFee', line_item_unblended_cost: 5, line_item_net_unblended_cost: 4.5, savings_plan_total_commitment_to_date: 5, savings_plan_used_commitment: 4,
    savings_plan_recurring_commitment_for_billing_period: 5, savings_plan_net_recurring_commitment_for_billing_period: 4.5, savings_plan_savings_plan_a_r_n: 'arn:aws:savingsplans::111122223333:savingsplan/sp-1' },
  { line_item_line_item_type: 'EdpDiscount', line_item_unblended_cost: -1.5, line_item_net_unblended_cost: 0 },
  { line_item_line_item_type: 'Tax', line_item_unblended_cost: 1, line_item_net_unblended_cost: 1 },
];

async function writeCur2(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const literal = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v}'`);
  const rows = LINES.map((line, i) => `SELECT ${CUR2_COLUMNS.map((c) => {
    const fixed: Record<string, string | number> = {
      bill_billing_period_start_date: '2025-03-01 00:00:00', bill_billing_period_end_date: '2025-04-01 00:00:00', bill_payer_account_id: '111122223333',
      line_item_usage_start_date: '2025-03-10 00:00:00', line_item_usage_end_date: '2025-03-10 01:00:00', line_item_usage_account_id: '111122223333',
      identity_line_item_id: `line-${i}`, line_item_currency_code: 'USD', line_item_product_code: 'AmazonEC2', line_item_usage_amount: 1,
    };
    const value = line[c.name] ?? fixed[c.name];
    return `CAST(${value === undefined ? 'NULL' : literal(value)} AS ${cur2DuckDbType(c.type)}) AS ${c.name}`;
  }).join(', ')}`);
  await connection.run(`COPY (${rows.join(' UNION ALL ')}) TO '${path}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

describe('the net view: net amortised cost from the CUR net columns of a payer with an EDP discount', () => {
  const { dir, db } = tempStore();
  let invoice: { total: Record<string, string>; classes: { chargeClass: string; billedCost: string; amortisedCost: string; netAmortisedCost: string; netUnblendedCost: string }[] }[];

  beforeAll(async () => {
    const file = join(dir, 'cur2-with-discounts.parquet');
    await writeCur2(file);
    const ingest = await costlens(db, 'ingest', file, '--format', 'cur2');
    expect(ingest.stderr).toBe('');
    const run = await costlens(db, 'invoice', '--period', '2025-03', '--format', 'json');
    expect(run.code).toBe(0);
    invoice = JSON.parse(run.stdout);
  });

  it('billed 22.5 and amortised 22.5 as the standard formulas give; net amortised 21.7 by the net formula', () => {
    expect(invoice[0].total).toMatchObject({ billedCost: '22.5000000000', amortisedCost: '22.5000000000', netAmortisedCost: '21.7000000000', netUnblendedCost: '21.7000000000' });
  });

  it('per class (billed, amortised, net amortised): usage 10, 19, 17.1; commitment fees 13, 4, 3.6; tax 1; discounts −1.5, −1.5, 0', () => {
    expect(invoice[0].classes.map((c) => [c.chargeClass, c.billedCost, c.amortisedCost, c.netAmortisedCost])).toEqual([
      ['usage', '10.0000000000', '19.0000000000', '17.1000000000'],
      ['commitment-fees', '13.0000000000', '4.0000000000', '3.6000000000'],
      ['tax', '1.0000000000', '1.0000000000', '1.0000000000'],
      ['discounts', '-1.5000000000', '-1.5000000000', '0.0000000000'],
    ]);
  });
});
