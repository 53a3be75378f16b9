/**
 * Stores of whole monthly bills whose latest bill, November 2018's, is not invoiced yet (its
 * InvoiceId removed), so their only complete bill is October's:
 * - the monthly CUR of tests/helpers/monthly-store-fixture.ts (the real Oct and Nov 2018 bills,
 *   every usage line spanning its month);
 * - the real Oct and Nov 2018 CURs' RI fee lines alone (a store of fees with no usage line).
 * The files are written once per machine and each store is a cachedStore (read it only).
 */
import { REAL_NOV_2018, REAL_OCT_2018 } from './cli.ts';
import { cachedIngestRuns, cachedStore } from './cached-stores.ts';
import { derivedFiles } from './derived-files.ts';
import { monthlyCurFiles } from './monthly-store-fixture.ts';

/** The store of the monthly October bill and the monthly November bill without its InvoiceId, with the files' paths. */
export async function monthlyStoreNovNotInvoiced(): Promise<{ db: string; oct: string; nov: string }> {
  const { oct, nov: invoiced } = await monthlyCurFiles();
  const name = 'monthly-2018-11-not-invoiced.parquet';
  const nov = (await derivedFiles([{ name, sql: 'SELECT * REPLACE (CAST(NULL AS VARCHAR) AS bill_invoice_id) FROM read_parquet($file)', params: { file: invoiced } }]))[name];
  const ingests = [[oct, nov]];
  for (const run of await cachedIngestRuns(ingests)) {
    if (run.code !== 0) throw new Error(`costlens ingest ${oct} ${nov} failed: ${run.stderr}`);
  }
  return { db: await cachedStore(ingests), oct, nov };
}

/** The store of the real Oct and Nov 2018 RI fee lines (RIFee) in one file, November's without an InvoiceId, with the file's path. */
export async function riFeeStoreNovNotInvoiced(): Promise<{ db: string; file: string }> {
  const name = 'ri-fees-2018-11-not-invoiced.parquet';
  const file = (await derivedFiles([{
    name,
    sql: `SELECT * REPLACE (CASE WHEN bill_billing_period_start_date >= TIMESTAMP '2018-11-01' THEN NULL ELSE bill_invoice_id END AS bill_invoice_id)
      FROM read_parquet([$oct, $nov], union_by_name = true) WHERE line_item_line_item_type = 'RIFee'`,
    params: { oct: REAL_OCT_2018, nov: REAL_NOV_2018 },
  }]))[name];
  return { db: await cachedStore([[file]]), file };
}
