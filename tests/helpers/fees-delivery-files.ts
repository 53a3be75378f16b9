/**
 * The real Nov 2018 CUR's RI fees as a delivery of fees only (tests/server/fees-delivery-spans.test.ts
 * builds the same files): its 9 RIFee lines (monthly-dated, no usage) moved `months` months and billed
 * to `payer`, `invoiced` false leaving out their InvoiceId. The statement is the one that file writes,
 * so the derived file is the one cached for it (tests/helpers/derived-files.ts).
 */
import { REAL_NOV_2018 } from './cli.ts';
import type { DerivedFile } from './derived-files.ts';

/** The derived file of the real Nov 2018 CUR's RIFee lines named `name` (see the module's comment). */
export function riFeesFile(name: string, months: number, payer: string, invoiced = true): DerivedFile {
  return {
    name,
    sql: `SELECT * REPLACE ($payer AS bill_payer_account_id, $payer AS line_item_usage_account_id, ${invoiced ? 'bill_invoice_id' : 'CAST(NULL AS VARCHAR)'} AS bill_invoice_id,
        bill_billing_period_start_date + INTERVAL (${months}) MONTH AS bill_billing_period_start_date, bill_billing_period_end_date + INTERVAL (${months}) MONTH AS bill_billing_period_end_date,
        line_item_usage_start_date + INTERVAL (${months}) MONTH AS line_item_usage_start_date, line_item_usage_end_date + INTERVAL (${months}) MONTH AS line_item_usage_end_date)
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'`,
    params: { file: REAL_NOV_2018, payer },
  };
}
