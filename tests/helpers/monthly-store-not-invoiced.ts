/**
 * The monthly CUR of tests/helpers/monthly-store-fixture.ts (the real Oct and Nov 2018 bills, every
 * usage line spanning its month) with November's InvoiceId removed: its latest bill not invoiced
 * yet, so its only complete bill is October's. The file is written once per machine and the store
 * of both ingested is a cachedStore (read it only).
 */
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
