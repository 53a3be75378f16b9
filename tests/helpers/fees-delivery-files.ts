/**
 * The real Nov 2018 CUR's RI fees as a delivery of fees only (tests/server/fees-delivery-spans.test.ts
 * and fees-delivery-pages.test.ts build on it): its 9 RIFee lines (monthly-dated, no usage) moved
 * `months` months and billed to `payer`, `invoiced` false leaving out their InvoiceId. The statement is the one that file writes,
 * so the derived file is the one cached for it (tests/helpers/derived-files.ts).
 */
import { REAL_NOV_2018 } from './cli.ts';
import type { DerivedFile } from './derived-files.ts';

/** The derived file of the real Nov 2018 CUR's RIFee lines named `name` (see the module's comment); every value bound as a parameter. */
export function riFeesFile(name: string, months: number, payer: string, invoiced = true): DerivedFile {
  return {
    name,
    sql: `SELECT * REPLACE ($payer AS bill_payer_account_id, $payer AS line_item_usage_account_id,
        CASE WHEN CAST($invoiced AS BOOLEAN) THEN bill_invoice_id END AS bill_invoice_id,
        bill_billing_period_start_date + to_months(CAST($months AS INTEGER)) AS bill_billing_period_start_date,
        bill_billing_period_end_date + to_months(CAST($months AS INTEGER)) AS bill_billing_period_end_date,
        line_item_usage_start_date + to_months(CAST($months AS INTEGER)) AS line_item_usage_start_date,
        line_item_usage_end_date + to_months(CAST($months AS INTEGER)) AS line_item_usage_end_date)
      FROM read_parquet($file) WHERE line_item_line_item_type = 'RIFee'`,
    params: { file: REAL_NOV_2018, payer, months: String(months), invoiced: String(invoiced) },
  };
}
