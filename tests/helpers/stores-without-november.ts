/**
 * Stores of the real 2018 CURs with November missing between two bills: October, and November's
 * file re-dated a month later as December (every billing-period and usage date + 1 month). The
 * re-dated files are derived once per machine and each store is a cachedStore (read it only).
 */
import { cachedStore } from './cached-stores.ts';
import { REAL_NOV_2018, REAL_OCT_2018 } from './cli.ts';
import { derivedFiles } from './derived-files.ts';
import { monthlyCurFiles } from './monthly-store-fixture.ts';

/** `file` (a CUR for Athena Parquet) with every billing-period and usage date a month later, written once as `name`. */
export async function aMonthLater(file: string, name: string): Promise<string> {
  return (await derivedFiles([{
    name,
    sql: `SELECT * REPLACE (bill_billing_period_start_date + INTERVAL 1 MONTH AS bill_billing_period_start_date,
        bill_billing_period_end_date + INTERVAL 1 MONTH AS bill_billing_period_end_date,
        line_item_usage_start_date + INTERVAL 1 MONTH AS line_item_usage_start_date,
        line_item_usage_end_date + INTERVAL 1 MONTH AS line_item_usage_end_date)
      FROM read_parquet($file)`,
    params: { file },
  }]))[name];
}

/** The monthly October bill and the monthly November bill re-dated to December, in one ingest. */
export async function monthlyStoreWithoutNovember(): Promise<{ db: string; oct: string; december: string }> {
  const { oct, nov } = await monthlyCurFiles();
  const december = await aMonthLater(nov, 'monthly-2018-12-from-november.parquet');
  return { db: await cachedStore([[oct, december]]), oct, december };
}

/** The daily October CUR, then the daily November CUR re-dated to December, in two ingests. */
export async function dailyStoreWithoutNovember(): Promise<{ db: string; oct: string; december: string }> {
  const december = await aMonthLater(REAL_NOV_2018, 'daily-2018-12-from-november.parquet');
  return { db: await cachedStore([[REAL_OCT_2018], [december]]), oct: REAL_OCT_2018, december };
}
